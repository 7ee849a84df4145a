// /mcp/all's catalog: how servers' names become prefixes, which servers are refused and why, how
// merged names and URIs are routed back to their member, and how pages are collected.
#include "gateway/aggregatecatalog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using List = AggregateCatalog::List;

namespace {

QJsonArray named(const QStringList &names, const QString &key = u"name"_s)
{
    QJsonArray out;
    for (const QString &n : names)
        out.append(QJsonObject {{key, n}, {"description"_L1, u"about "_s + n}});
    return out;
}

QStringList names(const QJsonArray &items, const QString &key = u"name"_s)
{
    QStringList out;
    for (const QJsonValue &v : items)
        out.append(v.toObject().value(key).toString());
    return out;
}

} // namespace

class TestAggregateCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prefixIsAToolNameWithoutTheSeparator_data();
    void prefixIsAToolNameWithoutTheSeparator();
    void toolsArePrefixedAndKeepTheRest();
    void mergedNameRoutesToItsServerAndOriginalName_data();
    void mergedNameRoutesToItsServerAndOriginalName();
    void collidingPrefixesAreAllRefusedWhateverTheOrder();
    void resourcesKeepTheirUrisAndRouteByWhoListedThem();
    void uriListedTwiceIsRefused();
    void removedServerLeavesTheLists();
    void pagesAreCollectedUntilTheLastOrACycle();
    void nameLongerThanMcpAllowsIsLeftOutAndSaidWhy();
};

void TestAggregateCatalog::prefixIsAToolNameWithoutTheSeparator_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("prefix");
    QTest::newRow("plain") << u"memory"_s << u"memory"_s;
    QTest::newRow("dash and digits kept") << u"fs-2"_s << u"fs-2"_s;
    QTest::newRow("dots and spaces") << u"my server.v2"_s << u"my_server_v2"_s;
    QTest::newRow("runs collapse") << u"a..b"_s << u"a_b"_s;
    QTest::newRow("separator inside") << u"a__b"_s << u"a_b"_s;
    QTest::newRow("trailing") << u"web/"_s << u"web"_s;
    QTest::newRow("unicode") << u"kaffée"_s << u"kaff_e"_s;
    QTest::newRow("nothing left") << u"%%%"_s << u"server"_s;
}

void TestAggregateCatalog::prefixIsAToolNameWithoutTheSeparator()
{
    QFETCH(QString, server);
    QFETCH(QString, prefix);
    QCOMPARE(AggregateCatalog::prefixFor(server), prefix);
    QVERIFY(!prefix.contains(u"__"_s));
    QVERIFY(!prefix.endsWith(u'_'));
}

void TestAggregateCatalog::toolsArePrefixedAndKeepTheRest()
{
    AggregateCatalog c;
    c.setServers({u"fs"_s, u"my.mem"_s});
    QJsonArray fsTools = named({u"read"_s, u"write_file"_s});
    QJsonObject annotated = fsTools.at(0).toObject();
    annotated.insert("inputSchema"_L1, QJsonObject {{"type"_L1, "object"_L1}});
    annotated.insert("annotations"_L1, QJsonObject {{"readOnlyHint"_L1, true}});
    fsTools.replace(0, annotated);
    c.setList(u"fs"_s, List::Tools, fsTools);
    c.setList(u"my.mem"_s, List::Tools, named({u"store"_s}));
    const QJsonArray merged = c.merged(List::Tools);
    QCOMPARE(names(merged), (QStringList {u"fs__read"_s, u"fs__write_file"_s, u"my_mem__store"_s}));
    QJsonObject first = merged.at(0).toObject();
    QCOMPARE(first.value("description"_L1).toString(), u"about read"_s);
    QCOMPARE(first.value("inputSchema"_L1).toObject(), annotated.value("inputSchema"_L1).toObject());
    QCOMPARE(first.value("annotations"_L1).toObject(), annotated.value("annotations"_L1).toObject());
    // Prompts alike; lists of one kind never leak into another.
    c.setList(u"fs"_s, List::Prompts, named({u"summarize"_s}));
    QCOMPARE(names(c.merged(List::Prompts)), QStringList {u"fs__summarize"_s});
}

void TestAggregateCatalog::mergedNameRoutesToItsServerAndOriginalName_data()
{
    QTest::addColumn<QString>("merged");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("plain") << u"fs__read"_s << u"fs"_s << u"read"_s << QString();
    QTest::newRow("sanitized server") << u"my_mem__store"_s << u"my.mem"_s << u"store"_s << QString();
    QTest::newRow("tool with the separator") << u"fs__a__b"_s << u"fs"_s << u"a__b"_s << QString();
    QTest::newRow("tool starting with _") << u"fs___x"_s << u"fs"_s << u"_x"_s << QString();
    QTest::newRow("unknown prefix") << u"nosuch__read"_s << QString() << QString()
                                    << u"no server with the prefix nosuch"_s;
    QTest::newRow("no prefix") << u"read"_s << QString() << QString() << u"names there are server__name"_s;
    QTest::newRow("empty prefix") << u"__read"_s << QString() << QString()
                                  << u"names there are server__name"_s;
}

void TestAggregateCatalog::mergedNameRoutesToItsServerAndOriginalName()
{
    QFETCH(QString, merged);
    QFETCH(QString, server);
    QFETCH(QString, name);
    QFETCH(QString, error);
    AggregateCatalog c;
    c.setServers({u"fs"_s, u"my.mem"_s});
    // No list fetched: a name routes on its prefix alone.
    const AggregateCatalog::Route r = c.routeName(merged);
    QCOMPARE(r.server, server);
    QCOMPARE(r.ok(), !server.isEmpty());
    if (r.ok())
        QCOMPARE(r.name, name);
    else
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
}

void TestAggregateCatalog::collidingPrefixesAreAllRefusedWhateverTheOrder()
{
    for (const QStringList &servers :
        {QStringList {u"a.b"_s, u"a_b"_s, u"c"_s}, QStringList {u"c"_s, u"a_b"_s, u"a.b"_s}}) {
        AggregateCatalog c;
        c.setServers(servers);
        for (const QString &s : servers)
            c.setList(s, List::Tools, named({u"t"_s}));
        QCOMPARE(names(c.merged(List::Tools)), QStringList {u"c__t"_s});
        QCOMPARE(c.conflicts().keys(), (QStringList {u"a.b"_s, u"a_b"_s}));
        QVERIFY(c.conflicts().value(u"a.b"_s).contains(u"a.b, a_b"_s));
        const AggregateCatalog::Route r = c.routeName(u"a_b__t"_s);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(u"would all be named a_b"_s), qPrintable(r.error));
    }
}

void TestAggregateCatalog::resourcesKeepTheirUrisAndRouteByWhoListedThem()
{
    AggregateCatalog c;
    c.setServers({u"fs"_s, u"everything"_s});
    c.setList(u"fs"_s, List::Resources, named({u"file:///tmp/a"_s}, u"uri"_s));
    c.setList(u"everything"_s, List::Resources, named({u"test://static/resource/1"_s}, u"uri"_s));
    c.setList(u"everything"_s, List::ResourceTemplates,
        named({u"test://static/resource/{id}"_s}, u"uriTemplate"_s));
    c.setList(u"fs"_s, List::ResourceTemplates, named({u"file:///{+path}"_s}, u"uriTemplate"_s));
    QCOMPARE(names(c.merged(List::Resources), u"uri"_s),
        (QStringList {u"file:///tmp/a"_s, u"test://static/resource/1"_s}));
    QCOMPARE(c.routeUri(u"file:///tmp/a"_s).server, u"fs"_s);
    QCOMPARE(c.routeUri(u"file:///tmp/a"_s).name, u"file:///tmp/a"_s);
    QCOMPARE(c.routeUri(u"test://static/resource/1"_s).server, u"everything"_s);
    // Not listed, but made from one member's template.
    QCOMPARE(c.routeUri(u"test://static/resource/42"_s).server, u"everything"_s);
    QCOMPARE(c.routeUri(u"file:///home/x/y.txt"_s).server, u"fs"_s);
    QVERIFY(!c.routeUri(u"test://static/resource/4/2"_s).ok()); // {id} holds no '/'
    const AggregateCatalog::Route none = c.routeUri(u"nosuch://x"_s);
    QVERIFY(!none.ok());
    QVERIFY2(none.error.contains(u"no server listed the resource nosuch://x"_s), qPrintable(none.error));
    QCOMPARE(c.routeTemplate(u"test://static/resource/{id}"_s).server, u"everything"_s);
}

void TestAggregateCatalog::uriListedTwiceIsRefused()
{
    AggregateCatalog c;
    c.setServers({u"a"_s, u"b"_s});
    c.setList(u"a"_s, List::Resources, named({u"shared://x"_s, u"a://own"_s}, u"uri"_s));
    c.setList(u"b"_s, List::Resources, named({u"shared://x"_s}, u"uri"_s));
    QCOMPARE(names(c.merged(List::Resources), u"uri"_s), QStringList {u"a://own"_s});
    QCOMPARE(c.refusedUris(), QStringList {u"shared://x"_s});
    const AggregateCatalog::Route r = c.routeUri(u"shared://x"_s);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"more than one server"_s), qPrintable(r.error));
}

void TestAggregateCatalog::removedServerLeavesTheLists()
{
    AggregateCatalog c;
    c.setServers({u"a"_s, u"b"_s});
    c.setList(u"a"_s, List::Tools, named({u"t"_s}));
    c.setList(u"b"_s, List::Tools, named({u"t"_s}));
    c.setList(u"b"_s, List::Resources, named({u"b://r"_s}, u"uri"_s));
    c.removeServer(u"b"_s);
    QCOMPARE(names(c.merged(List::Tools)), QStringList {u"a__t"_s});
    QVERIFY(!c.hasList(u"b"_s, List::Tools));
    QVERIFY(!c.routeUri(u"b://r"_s).ok());
    QCOMPARE(c.serversWithLists(), QStringList {u"a"_s});
    // A server gone from the config takes its lists with it.
    c.setServers({u"b"_s});
    QCOMPARE(c.merged(List::Tools), QJsonArray {});
}

void TestAggregateCatalog::pagesAreCollectedUntilTheLastOrACycle()
{
    QJsonArray items;
    QString cursor;
    QVERIFY(AggregateCatalog::collectPage(List::Tools,
        {{"tools"_L1, named({u"a"_s, u"b"_s})}, {"nextCursor"_L1, "p2"_L1}}, 1, &items, &cursor));
    QCOMPARE(cursor, u"p2"_s);
    QVERIFY(AggregateCatalog::collectPage(
        List::Tools, {{"tools"_L1, named({u"c"_s})}, {"nextCursor"_L1, "p3"_L1}}, 2, &items, &cursor));
    QVERIFY(!AggregateCatalog::collectPage(List::Tools, {{"tools"_L1, named({u"d"_s})}}, 3, &items, &cursor));
    QCOMPARE(names(items), (QStringList {u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    // An upstream that hands out the same cursor again, or pages on without end, is cut off.
    QString same = u"again"_s;
    QVERIFY(!AggregateCatalog::collectPage(
        List::Tools, {{"tools"_L1, QJsonArray {}}, {"nextCursor"_L1, "again"_L1}}, 2, &items, &same));
    QString more = u"x"_s;
    QVERIFY(
        !AggregateCatalog::collectPage(List::Tools, {{"tools"_L1, QJsonArray {}}, {"nextCursor"_L1, "y"_L1}},
            AggregateCatalog::kMaxPages, &items, &more));
    // Items that are not objects are dropped; the key follows the list.
    QJsonArray templates;
    QString none;
    QVERIFY(!AggregateCatalog::collectPage(List::ResourceTemplates,
        {{"resourceTemplates"_L1, QJsonArray {QJsonObject {{"uriTemplate"_L1, "x://{y}"_L1}}, 5}}}, 1,
        &templates, &none));
    QCOMPARE(templates.size(), 1);
}

// MCP tool names have at most 128 characters: prefix__name beyond that would make a client refuse
// the whole list, so that one item is left out and named with the reason; 128 exactly stays.
void TestAggregateCatalog::nameLongerThanMcpAllowsIsLeftOutAndSaidWhy()
{
    AggregateCatalog c;
    c.setServers({u"fs"_s});
    const QString fits = QString(124, u'a'); // "fs__" + 124 = 128
    const QString tooLong = QString(125, u'b'); // 129
    c.setList(u"fs"_s, List::Tools, named({fits, tooLong, u"read"_s}));
    c.setList(u"fs"_s, List::Prompts, named({tooLong}));
    QCOMPARE(names(c.merged(List::Tools)), (QStringList {u"fs__"_s + fits, u"fs__read"_s}));
    const QMap<QString, QString> refused = c.refusedNames(List::Tools);
    QCOMPARE(refused.keys(), QStringList {u"fs__"_s + tooLong});
    QVERIFY2(refused.first().contains(u"129 characters"_s), qPrintable(refused.first()));
    QVERIFY(refused.first().contains(u"128"_s));
    QVERIFY(c.merged(List::Prompts).isEmpty());
    QCOMPARE(c.refusedNames(List::Prompts).keys(), QStringList {u"fs__"_s + tooLong});
    QVERIFY(c.refusedNames(List::Resources).isEmpty());
}

QTEST_APPLESS_MAIN(TestAggregateCatalog)
#include "tst_aggregatecatalog.moc"
