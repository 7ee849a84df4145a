// /mcp/all: one MCP session for every enabled server of a real engine and status server (two
// fixture servers, and server-everything and server-memory from npm where installed). The lists
// hold every member's tools and prompts as server__name and the resources with their own URIs; a
// call reaches the right member with its own name; a member that dies leaves the lists and comes
// back, and Gateway::broadcast says so each time; a name or URI nobody owns is a clear error.
#include "fixturehelpers.h"
#include "gatewaytestbase.h"

#include "api/statusserver.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "gateway/gateway.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <functional>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

QStringList names(const Answer &a, const QString &list = u"tools"_s, const QString &key = u"name"_s)
{
    QStringList out;
    for (const QJsonValue &v : a.result().value(list).toArray())
        out.append(v.toObject().value(key).toString());
    return out;
}

QJsonObject lifelineMeta(const Answer &a)
{
    return a.result().value("_meta"_L1).toObject().value("lifeline"_L1).toObject();
}

bool hasListChanged(const QSignalSpy &spy, const QString &what)
{
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).value<Gateway::TargetKind>() == Gateway::TargetKind::All
            && args.at(1).toString() == "all"_L1
            && args.at(2).toJsonObject()
                == QJsonObject {
                    {"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, u"notifications/%1/list_changed"_s.arg(what)}})
            return true;
    }
    return false;
}

} // namespace

class TestGatewayAll : public GatewayTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void initializeIsLifelinesOwnWithTheMembersCapabilities();
    void listHoldsEveryServersToolsPrefixedAndUnchanged();
    void callReachesTheRightServerWithItsOwnName();
    void unknownPrefixOrUriIsAClearError();
    void resourcesAndPromptsAreRoutedToTheirOwner();
    void killedMemberLeavesTheListAndComesBack();
    void membersListChangeIsPassedOn();
    void getStreamHearsAMembersResourceUpdates();
    void membersLogMessageNamesTheMember();

private:
    Config m_config;
    bool m_npm = false;
};

void TestGatewayAll::initTestCase()
{
    registerMetaTypes();
    qRegisterMetaType<Gateway::TargetKind>();
    m_config.servers
        = {stdioFixture({}, u"fx"_s, quickRestarts()), stdioFixture({}, u"fx.two"_s, quickRestarts())};
    const QString everything = npmPackageDir(u"@modelcontextprotocol/server-everything"_s);
    const QString memory = npmPackageDir(u"@modelcontextprotocol/server-memory"_s);
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    m_npm = !everything.isEmpty() && !memory.isEmpty() && !node.isEmpty();
    if (!m_npm && qEnvironmentVariable("LIFELINE_REQUIRE_NPM") == "1"_L1)
        QFAIL("server-everything / server-memory not installed, and LIFELINE_REQUIRE_NPM=1");
    if (m_npm) {
        const ServerConfig e = nodeServer(u"everything"_s, node, everything, {u"stdio"_s});
        ServerConfig m = nodeServer(u"memory"_s, node, memory);
        m.env.append({u"MEMORY_FILE_PATH"_s,
            QDir::temp().filePath(u"tst_gatewayall-memory-%1.jsonl"_s.arg(::getpid()))});
        m_config.servers.append({e, m});
    }
    m_config.gateway.waitForMemberMs = 5000;

    QString error;
    QVERIFY2(startGateway(m_config, &error), qPrintable(error));
    for (const ServerConfig &s : std::as_const(m_config.servers))
        QTRY_COMPARE_WITH_TIMEOUT(state(s.name), u"healthy"_s, 20000);
}

void TestGatewayAll::cleanupTestCase()
{
    stopGateway();
    QFile::remove(QDir::temp().filePath(u"tst_gatewayall-memory-%1.jsonl"_s.arg(::getpid())));
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

void TestGatewayAll::initializeIsLifelinesOwnWithTheMembersCapabilities()
{
    Client c(&m_nam, url(u"/mcp/all"_s));
    QVERIFY(c.initialize({}));
    const QJsonObject r = c.initializeResult();
    QCOMPARE(r.value("serverInfo"_L1).toObject().value("name"_L1).toString(), u"mcp-lifeline"_s);
    const QJsonObject caps = r.value("capabilities"_L1).toObject();
    QCOMPARE(caps.value("tools"_L1).toObject().value("listChanged"_L1).toBool(), true);
    QCOMPARE(caps.value("resources"_L1).toObject().value("listChanged"_L1).toBool(), true);
    QVERIFY(caps.contains("logging"_L1)); // the fixture has it
    // Prompts only where a member has them: server-everything.
    QCOMPARE(caps.contains("prompts"_L1), m_npm);
    QCOMPARE(c.call(u"ping"_s).result(), QJsonObject {});
    // The first request that reaches the gateway: every member's four lists are fetched now.
    QElapsedTimer cold;
    cold.start();
    QCOMPARE(c.call(u"tools/list"_s).status, 200);
    qInfo("the first tools/list of /mcp/all (fetching every list of %d servers): %.1f ms",
        int(m_config.servers.size()), double(cold.nsecsElapsed()) / 1e6);
    QCOMPARE(c.call(u"logging/setLevel"_s, {{"level"_L1, "warning"_L1}}).result(), QJsonObject {});
    // Same guard and session rules as the other gateway paths.
    Client stranger(&m_nam, url(u"/mcp/all"_s));
    QCOMPARE(stranger.call(u"tools/list"_s).status, 400);
}

void TestGatewayAll::listHoldsEveryServersToolsPrefixedAndUnchanged()
{
    Client all(&m_nam, url(u"/mcp/all"_s));
    all.initialize();
    const Answer list = all.call(u"tools/list"_s);
    QCOMPARE(list.status, 200);
    const QStringList tools = names(list);
    for (const QString &t : {u"fx__echo"_s, u"fx__add"_s, u"fx_two__echo"_s, u"fx_two__sleep"_s})
        QVERIFY2(tools.contains(t), qPrintable(tools.join(u' ')));
    QVERIFY(!list.result().contains("nextCursor"_L1));
    if (m_npm) {
        QVERIFY2(tools.contains(u"everything__echo"_s), qPrintable(tools.join(u' ')));
        QVERIFY2(tools.contains(u"memory__create_entities"_s), qPrintable(tools.join(u' ')));
    }
    // Each tool as its own server lists it, only the name changed.
    Client one(&m_nam, url(u"/mcp/servers/fx.two"_s));
    one.initialize();
    const QJsonArray own = one.call(u"tools/list"_s).result().value("tools"_L1).toArray();
    int compared = 0;
    for (const QJsonValue &v : list.result().value("tools"_L1).toArray()) {
        QJsonObject t = v.toObject();
        if (!t.value("name"_L1).toString().startsWith(u"fx_two__"_s))
            continue;
        t.insert("name"_L1, t.value("name"_L1).toString().mid(8));
        QVERIFY(own.contains(t));
        ++compared;
    }
    QCOMPARE(compared, own.size());
    QVERIFY(lifelineMeta(list).isEmpty()); // everyone is up, nobody refused

    // A figure for the record: the merged list comes from the cache, beside one server's own list
    // (which goes upstream each time) and a call routed through /mcp/all beside a direct one.
    constexpr int kCalls = 100;
    const auto perCall = [](const std::function<void()> &call) {
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < kCalls; ++i)
            call();
        return double(clock.nsecsElapsed()) / 1e6 / kCalls;
    };
    const QJsonObject echo {{"arguments"_L1, QJsonObject {{"text"_L1, "x"_L1}}}};
    const double allList = perCall([&] { QCOMPARE(all.call(u"tools/list"_s).status, 200); });
    const double oneList = perCall([&] { QCOMPARE(one.call(u"tools/list"_s).status, 200); });
    QJsonObject viaAll = echo;
    viaAll.insert("name"_L1, "fx_two__echo"_L1);
    const double allCall = perCall([&] { QCOMPARE(text(all.call(u"tools/call"_s, viaAll)), u"x"_s); });
    QJsonObject direct = echo;
    direct.insert("name"_L1, "echo"_L1);
    const double oneCall = perCall([&] { QCOMPARE(text(one.call(u"tools/call"_s, direct)), u"x"_s); });
    qInfo("tools/list: /mcp/all (%d servers, %lld tools, cached) %.3f ms, /mcp/servers/fx.two %.3f ms; "
          "tools/call: via /mcp/all %.3f ms, direct %.3f ms (%d each, in a row)",
        int(m_config.servers.size()), qlonglong(tools.size()), allList, oneList, allCall, oneCall, kCalls);
}

void TestGatewayAll::callReachesTheRightServerWithItsOwnName()
{
    Client c(&m_nam, url(u"/mcp/all"_s));
    c.initialize();
    m_sent.clear();
    const Answer echo = c.call(u"tools/call"_s,
        {{"name"_L1, "fx_two__echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "to the second"_L1}}}});
    QCOMPARE(text(echo), u"to the second"_s);
    QCOMPARE(m_sent, QStringList {u"fx.two tools/call"_s});
    // The upstream's own error comes back unchanged: it names the tool by its own name.
    const Answer bad = c.call(
        u"tools/call"_s, {{"name"_L1, "fx__echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, 1}}}});
    QCOMPARE(bad.error().value("code"_L1).toInt(), -32602);
    QCOMPARE(bad.error().value("data"_L1).toObject().value("tool"_L1).toString(), u"echo"_s);
    QCOMPARE(m_sent.last(), u"fx tools/call"_s);
    if (!m_npm)
        QSKIP("server-everything / server-memory not installed (packaging/dev.sh deps)");
    const Answer e = c.call(u"tools/call"_s,
        {{"name"_L1, "everything__echo"_L1}, {"arguments"_L1, QJsonObject {{"message"_L1, "hi"_L1}}}});
    QCOMPARE(text(e), u"Echo: hi"_s);
    const Answer graph
        = c.call(u"tools/call"_s, {{"name"_L1, "memory__read_graph"_L1}, {"arguments"_L1, QJsonObject {}}});
    QVERIFY2(graph.error().isEmpty(), QJsonDocument(graph.body).toJson().constData());
    QCOMPARE(m_sent.last(), u"memory tools/call"_s);
}

void TestGatewayAll::unknownPrefixOrUriIsAClearError()
{
    Client c(&m_nam, url(u"/mcp/all"_s));
    c.initialize();
    const Answer a
        = c.call(u"tools/call"_s, {{"name"_L1, "nosuch__echo"_L1}, {"arguments"_L1, QJsonObject {}}});
    QCOMPARE(a.status, 200);
    QCOMPARE(a.error().value("code"_L1).toInt(), Gateway::kErrorCode);
    QVERIFY2(a.error().value("message"_L1).toString().contains(u"no server with the prefix nosuch"_s),
        qPrintable(a.error().value("message"_L1).toString()));
    QCOMPARE(
        a.error().value("data"_L1).toObject().value("lifeline"_L1).toObject().value("reason"_L1).toString(),
        u"unknown_target"_s);
    const Answer bare = c.call(u"tools/call"_s, {{"name"_L1, "echo"_L1}});
    QVERIFY(bare.error().value("message"_L1).toString().contains(u"server__name"_s));
    const Answer uri = c.call(u"resources/read"_s, {{"uri"_L1, "nosuch://x"_L1}});
    QVERIFY(
        uri.error().value("message"_L1).toString().contains(u"no server listed the resource nosuch://x"_s));
    const Answer method = c.call(u"sampling/createMessage"_s);
    QCOMPARE(method.error().value("code"_L1).toInt(), -32601);
    const Answer cursor = c.call(u"tools/list"_s, {{"cursor"_L1, "x"_L1}});
    QCOMPARE(cursor.error().value("code"_L1).toInt(), -32602);
}

void TestGatewayAll::resourcesAndPromptsAreRoutedToTheirOwner()
{
    Client c(&m_nam, url(u"/mcp/all"_s));
    c.initialize();
    // Both fixtures list fixture://status: it is left out and said so, and reading it is refused.
    const Answer resources = c.call(u"resources/list"_s);
    QVERIFY(!names(resources, u"resources"_s, u"uri"_s).contains(u"fixture://status"_s));
    QCOMPARE(lifelineMeta(resources).value("sharedUris"_L1).toArray(), QJsonArray {u"fixture://status"_s});
    const Answer shared = c.call(u"resources/read"_s, {{"uri"_L1, "fixture://status"_L1}});
    QVERIFY(shared.error().value("message"_L1).toString().contains(u"more than one server"_s));
    if (!m_npm)
        QSKIP("server-everything / server-memory not installed (packaging/dev.sh deps)");
    const QStringList uris = names(resources, u"resources"_s, u"uri"_s);
    QVERIFY2(!uris.isEmpty() && uris.first().startsWith(u"demo://"_s), qPrintable(uris.join(u' ')));
    m_sent.clear();
    const Answer listed = c.call(u"resources/read"_s, {{"uri"_L1, uris.first()}});
    QCOMPARE(listed.result().value("contents"_L1).toArray().first().toObject().value("uri"_L1).toString(),
        uris.first());
    QCOMPARE(m_sent, QStringList {u"everything resources/read"_s});
    // Not listed, made from everything's template.
    const QStringList templates
        = names(c.call(u"resources/templates/list"_s), u"resourceTemplates"_s, u"uriTemplate"_s);
    QVERIFY(templates.contains(u"demo://resource/dynamic/text/{resourceId}"_s));
    const Answer dynamic = c.call(u"resources/read"_s, {{"uri"_L1, "demo://resource/dynamic/text/7"_L1}});
    QVERIFY2(dynamic.error().isEmpty(), QJsonDocument(dynamic.body).toJson().constData());
    const QStringList prompts = names(c.call(u"prompts/list"_s), u"prompts"_s);
    QVERIFY2(prompts.contains(u"everything__simple-prompt"_s), qPrintable(prompts.join(u' ')));
    const Answer prompt = c.call(u"prompts/get"_s, {{"name"_L1, "everything__simple-prompt"_L1}});
    QVERIFY2(!prompt.result().value("messages"_L1).toArray().isEmpty(),
        QJsonDocument(prompt.body).toJson().constData());
    // completion/complete follows its ref: a prompt by its prefix, a template by who listed it.
    const Answer department = c.call(u"completion/complete"_s,
        {{"ref"_L1,
             QJsonObject {{"type"_L1, "ref/prompt"_L1}, {"name"_L1, "everything__completable-prompt"_L1}}},
            {"argument"_L1, QJsonObject {{"name"_L1, "department"_L1}, {"value"_L1, "Eng"_L1}}}});
    QCOMPARE(department.result().value("completion"_L1).toObject().value("values"_L1).toArray(),
        QJsonArray {u"Engineering"_s});
    m_sent.clear();
    const Answer resourceId = c.call(u"completion/complete"_s,
        {{"ref"_L1,
             QJsonObject {
                 {"type"_L1, "ref/resource"_L1}, {"uri"_L1, "demo://resource/dynamic/text/{resourceId}"_L1}}},
            {"argument"_L1, QJsonObject {{"name"_L1, "resourceId"_L1}, {"value"_L1, "1"_L1}}}});
    QVERIFY2(resourceId.error().isEmpty(), QJsonDocument(resourceId.body).toJson().constData());
    QCOMPARE(m_sent, QStringList {u"everything completion/complete"_s});
}

void TestGatewayAll::killedMemberLeavesTheListAndComesBack()
{
    Client c(&m_nam, url(u"/mcp/all"_s));
    c.initialize();
    QVERIFY(names(c.call(u"tools/list"_s)).contains(u"fx_two__echo"_s));
    QSignalSpy broadcasts(m_engine->engine()->gateway(), &Gateway::broadcast);
    const qint64 pid = qint64(server(u"fx.two"_s).value("pid"_L1).toDouble());
    QVERIFY(pid > 0);
    QVERIFY(::kill(pid_t(pid), SIGKILL) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(hasListChanged(broadcasts, u"tools"_s), 10000);
    // Gone while it is down (unless it is back already: then the list is whole again).
    const Answer during = c.call(u"tools/list"_s);
    if (!names(during).contains(u"fx_two__echo"_s))
        QVERIFY(lifelineMeta(during).value("unavailable"_L1).toArray().contains(u"fx.two"_s));
    QVERIFY(names(during).contains(u"fx__echo"_s));
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx.two"_s), u"healthy"_s, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(broadcasts.size() >= 2, 10000); // gone, then back
    const Answer after = c.call(u"tools/list"_s);
    QVERIFY(names(after).contains(u"fx_two__echo"_s));
    QVERIFY(lifelineMeta(after).isEmpty());
    QCOMPARE(text(c.call(u"tools/call"_s,
                 {{"name"_L1, "fx_two__echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "back"_L1}}}})),
        u"back"_s);
}

void TestGatewayAll::membersListChangeIsPassedOn()
{
    Client c(&m_nam, url(u"/mcp/all"_s));
    c.initialize();
    (void)c.call(u"tools/list"_s);
    QSignalSpy broadcasts(m_engine->engine()->gateway(), &Gateway::broadcast);
    // A new member: its tools join the list.
    Config config = m_config;
    config.servers.append(stdioFixture({u"--tools-change-after"_s, u"12"_s}, u"changer"_s));
    m_engine->applyConfig(config);
    QTRY_VERIFY_WITH_TIMEOUT(hasListChanged(broadcasts, u"tools"_s), 10000);
    QVERIFY(names(c.call(u"tools/list"_s)).contains(u"changer__echo"_s));
    // A while later its list changes (echo becomes echo2) on the same session, and it says so with
    // notifications/tools/list_changed: the merged list follows and the clients are told.
    broadcasts.clear();
    QTRY_VERIFY_WITH_TIMEOUT(hasListChanged(broadcasts, u"tools"_s), 15000);
    const QStringList tools = names(c.call(u"tools/list"_s));
    QVERIFY2(tools.contains(u"changer__echo2"_s), qPrintable(tools.join(u' ')));
    QVERIFY(!tools.contains(u"changer__echo"_s));
    QCOMPARE(text(c.call(u"tools/call"_s,
                 {{"name"_L1, "changer__echo2"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "new"_L1}}}})),
        u"new"_s);
    // A member removed from the config leaves the list.
    broadcasts.clear();
    m_engine->applyConfig(m_config);
    QTRY_VERIFY_WITH_TIMEOUT(hasListChanged(broadcasts, u"tools"_s), 10000);
    QVERIFY(!names(c.call(u"tools/list"_s)).join(u' ').contains(u"changer__"_s));
}

// A member's notification not tied to a call reaches the GET stream of /mcp/all: subscribed
// through /mcp/all, server-everything's resources/updated comes with its URI unchanged.
void TestGatewayAll::getStreamHearsAMembersResourceUpdates()
{
    if (!m_npm)
        QSKIP("server-everything / server-memory not installed (packaging/dev.sh deps)");
    Client c(&m_nam, url(u"/mcp/all"_s));
    c.initialize();
    QNetworkRequest r(url(u"/mcp/all"_s));
    r.setRawHeader("Accept", "text/event-stream");
    r.setRawHeader("Mcp-Session-Id", c.sessionId());
    QNetworkReply *stream = m_nam.get(r);
    QByteArray received;
    connect(stream, &QNetworkReply::readyRead, this, [&] { received += stream->readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200, 5000);
    const QString uri = u"demo://resource/static/document/architecture.md"_s;
    QVERIFY(names(c.call(u"resources/list"_s), u"resources"_s, u"uri"_s).contains(uri));
    const Answer subscribed = c.call(u"resources/subscribe"_s, {{"uri"_L1, uri}});
    QVERIFY2(subscribed.error().isEmpty(), QJsonDocument(subscribed.body).toJson().constData());
    // Its updates start at once and come every 5 s with no call out: only the GET stream has them.
    const QJsonObject toggle {
        {"name"_L1, "everything__toggle-subscriber-updates"_L1}, {"arguments"_L1, QJsonObject {}}};
    QVERIFY(c.call(u"tools/call"_s, toggle).error().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("notifications/resources/updated"), 12000);
    QVERIFY2(received.contains(uri.toUtf8()), received.constData());
    // Stopped again: server-everything's session is every client's.
    c.call(u"tools/call"_s, toggle);
    c.call(u"resources/unsubscribe"_s, {{"uri"_L1, uri}});
    stream->abort();
    stream->deleteLater();
}

// A log message with no call out (the fixture sends one after each answer, health checks
// included) reaches /mcp/all too, and says whose it is: logger prefixed, _meta.lifeline.server.
void TestGatewayAll::membersLogMessageNamesTheMember()
{
    QSignalSpy broadcasts(m_engine->engine()->gateway(), &Gateway::broadcast);
    Config config = m_config;
    config.servers.append(stdioFixture({u"--log-notifications"_s}, u"talk.er"_s));
    m_engine->applyConfig(config);
    const auto heard = [&]() -> QJsonObject {
        for (const QList<QVariant> &args : std::as_const(broadcasts)) {
            const QJsonObject n = args.at(2).toJsonObject();
            if (args.at(0).value<Gateway::TargetKind>() == Gateway::TargetKind::All
                && n.value("method"_L1) == "notifications/message"_L1)
                return n.value("params"_L1).toObject();
        }
        return {};
    };
    QTRY_VERIFY_WITH_TIMEOUT(!heard().isEmpty(), 10000);
    const QJsonObject params = heard();
    QCOMPARE(params.value("logger"_L1).toString(), u"talk_er__fixture"_s);
    QCOMPARE(
        params.value("_meta"_L1).toObject().value("lifeline"_L1).toObject().value("server"_L1).toString(),
        u"talk.er"_s);
    QCOMPARE(params.value("level"_L1).toString(), u"info"_s);
    QVERIFY(params.contains("data"_L1));
    m_engine->applyConfig(m_config);
    QTRY_VERIFY_WITH_TIMEOUT(state(u"talk.er"_s).isEmpty(), 10000);
}

QTEST_GUILESS_MAIN(TestGatewayAll)
#include "tst_gatewayall.moc"
