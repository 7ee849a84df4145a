// How the status server reads a request's target and fields without QUrl: the gateway's paths
// (/mcp/servers/{name}, /mcp/groups/{g}, /mcp/all) with names percent-decoded per segment, the
// same answer QUrl gave for paths it would rewrite, and the URL (host from Host) built on demand.
#include "api/apihttpserver.h"
#include "api/httprequestparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lifeline::ApiHttpServer;
using lifeline::ApiRequest;
using lifeline::HttpRequestParser;
using Kind = ApiHttpServer::GatewayPath::Kind;

namespace {

ApiRequest parsed(const QByteArray &target, const QByteArray &headers = "Host: 127.0.0.1:7733\r\n"_ba)
{
    HttpRequestParser parser;
    parser.append("POST " + target + " HTTP/1.1\r\n" + headers + "Content-Length: 2\r\n\r\n{}");
    if (parser.parse() != HttpRequestParser::Result::Request)
        qFatal("not a request: %s", target.constData());
    return parser.takeRequest();
}

} // namespace

class TestGatewayPath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsGatewayPaths_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        const int none = int(Kind::None);
        QTest::newRow("server") << "/mcp/servers/everything"_ba << int(Kind::Server) << u"everything"_s;
        QTest::newRow("group") << "/mcp/groups/search"_ba << int(Kind::Group) << u"search"_s;
        QTest::newRow("all") << "/mcp/all"_ba << int(Kind::All) << u"all"_s;
        QTest::newRow("query ignored") << "/mcp/servers/x?session=1"_ba << int(Kind::Server) << u"x"_s;
        QTest::newRow("trailing slash") << "/mcp/servers/x/"_ba << int(Kind::Server) << u"x"_s;
        QTest::newRow("double slash") << "/mcp//servers/x"_ba << int(Kind::Server) << u"x"_s;
        QTest::newRow("space") << "/mcp/servers/my%20server"_ba << int(Kind::Server) << u"my server"_s;
        QTest::newRow("utf-8") << "/mcp/servers/caf%C3%A9%20%E2%9C%93"_ba << int(Kind::Server)
                               << u"caf\u00e9 \u2713"_s;
        QTest::newRow("lower-case escapes")
            << "/mcp/groups/caf%c3%a9"_ba << int(Kind::Group) << u"caf\u00e9"_s;
        QTest::newRow("encoded slash stays") << "/mcp/servers/a%2Fb"_ba << int(Kind::Server) << u"a/b"_s;
        QTest::newRow("encoded percent") << "/mcp/servers/100%25"_ba << int(Kind::Server) << u"100%"_s;
        QTest::newRow("escaped kind") << "/mcp/%73ervers/x"_ba << int(Kind::Server) << u"x"_s;
        QTest::newRow("raw utf-8") << "/mcp/servers/caf\xc3\xa9"_ba << int(Kind::Server) << u"caf\u00e9"_s;
        QTest::newRow("stray percent") << "/mcp/servers/50%off"_ba << int(Kind::Server) << u"50%off"_s;
        QTest::newRow("quote and braces") << "/mcp/servers/a\"{b}"_ba << int(Kind::Server) << u"a\"{b}"_s;
        QTest::newRow("sub-delims") << "/mcp/servers/a!$&'()*+,;=:@~b"_ba << int(Kind::Server)
                                    << u"a!$&'()*+,;=:@~b"_s;
        QTest::newRow("too deep") << "/mcp/servers/a/b"_ba << none << QString();
        QTest::newRow("no name") << "/mcp/servers"_ba << none << QString();
        QTest::newRow("all with more") << "/mcp/all/x"_ba << none << QString();
        QTest::newRow("unknown kind") << "/mcp/tools/x"_ba << none << QString();
        QTest::newRow("the MCP endpoint") << "/mcp"_ba << none << QString();
        QTest::newRow("other route") << "/api/servers/x"_ba << none << QString();
        QTest::newRow("case matters") << "/MCP/servers/x"_ba << none << QString();
        QTest::newRow("prefix") << "/mcpx/servers/x"_ba << none << QString();
        QTest::newRow("leading double slash") << "//mcp/servers/x"_ba << none << QString();
    }
    void readsGatewayPaths()
    {
        QFETCH(QByteArray, target);
        QFETCH(int, kind);
        QFETCH(QString, name);
        const ApiHttpServer::GatewayPath p = ApiHttpServer::gatewayPath(parsed(target));
        QCOMPARE(int(p.kind), kind);
        QCOMPARE(p.name, name);
    }

    void buildsTheUrlOnlyFromTheTargetAndHost_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QString>("host");
        QTest::newRow("name and port") << "Host: Example.org:80\r\n"_ba << u"example.org"_s;
        QTest::newRow("ipv6") << "Host: [::1]:7733\r\n"_ba << u"::1"_s;
        QTest::newRow("none") << QByteArray() << u"localhost"_s;
        QTest::newRow("not a name") << "Host: a b\r\n"_ba << u"localhost"_s;
    }
    void buildsTheUrlOnlyFromTheTargetAndHost()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QString, host);
        const ApiRequest r = parsed("/api/events?since=15m&server=a%20b"_ba, headers);
        QCOMPARE(r.url().host(), host);
        QCOMPARE(r.url().scheme(), u"http"_s);
        QCOMPARE(r.path(), "/api/events");
        QCOMPARE(r.query().queryItemValue(u"server"_s, QUrl::FullyDecoded), u"a b"_s);
    }

    void readsFieldsByNameWithoutCopies()
    {
        const ApiRequest r
            = parsed("/mcp"_ba, "Host: h\r\nMcp-Session-Id:  abc \r\nX-Empty:\r\nmcp-session-id: 2\r\n"_ba);
        QCOMPARE(r.field("MCP-SESSION-ID"), "abc"); // the first, OWS trimmed
        QCOMPARE(r.value("mcp-session-id"), "abc"_ba);
        QVERIFY(r.field("x-empty").isEmpty());
        QVERIFY(r.field("missing").isNull());
        QCOMPARE(r.fieldCount(), 5);
        QCOMPARE(r.fieldName(1), "Mcp-Session-Id"); // as sent
        QCOMPARE(r.headers().size(), 5);
        QCOMPARE(r.headers()[3], qMakePair("mcp-session-id"_ba, "2"_ba));
        const ApiRequest copy = r; // a value: the copy reads the same fields
        QCOMPARE(copy.field("host"), "h");
    }
};

QTEST_APPLESS_MAIN(TestGatewayPath)
#include "tst_gatewaypath.moc"
