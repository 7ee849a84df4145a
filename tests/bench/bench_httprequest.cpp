// The status server's per-request reading work, what every gateway call pays before it is relayed:
// HttpRequestParser on a realistic keep-alive POST (the headers a real MCP client sends), then the
// gateway routing (ApiHttpServer::gatewayPath) and the guard (ApiHttpServer::gate) on the result.
// Figures go in the issue notes; instructions per request are the stable ones:
//   valgrind --tool=callgrind build/tests/bench/bench_httprequest -callgrind
// (or plain build/tests/bench/bench_httprequest for wall time, -tickcounter for CPU ticks).
#include "api/apihttpserver.h"
#include "api/httprequestparser.h"
#include "api/requestguard.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

// ~300 bytes of JSON-RPC tools/call, as a Streamable HTTP client posts it.
const QByteArray kBody
    = R"({"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello from the bench, a line of text that an agent might send to a tool, long enough to be typical"},"_meta":{"progressToken":42}}})"_ba;

QByteArray gatewayPost(const QByteArray &path)
{
    return "POST " + path
        + " HTTP/1.1\r\n"
          "Host: 127.0.0.1:8765\r\n"
          "User-Agent: node\r\n"
          "Accept: application/json, text/event-stream\r\n"
          "Content-Type: application/json\r\n"
          "Mcp-Session-Id: 4c1e7f3a-2b9d-4e51-a0c7-9f3d2e1b8a64\r\n"
          "Mcp-Protocol-Version: 2025-06-18\r\n"
          "Accept-Language: *\r\n"
          "Sec-Fetch-Mode: cors\r\n"
          "Accept-Encoding: gzip, deflate\r\n"
          "Connection: keep-alive\r\n"
          "Content-Length: "
        + QByteArray::number(kBody.size()) + "\r\n\r\n" + kBody;
}

} // namespace

class BenchHttpRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // One keep-alive connection: the same parser reads one request after another.
    void parseGatewayPost()
    {
        const QByteArray bytes = gatewayPost("/mcp/servers/everything"_ba);
        HttpRequestParser parser;
        // Warmed up: the steady state of a keep-alive connection (-callgrind counts one iteration).
        parser.append(bytes);
        QCOMPARE(parser.parse(), HttpRequestParser::Result::Request);
        QCOMPARE(parser.takeRequest().body(), kBody);
        QBENCHMARK
        {
            parser.append(bytes);
            if (parser.parse() != HttpRequestParser::Result::Request)
                QFAIL("not read");
            const ApiRequest request = parser.takeRequest();
            if (request.body().size() != kBody.size())
                QFAIL("wrong body");
        }
    }

    void routeAndGuardGatewayPost_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("name");
        QTest::newRow("server") << "/mcp/servers/everything"_ba << u"everything"_s;
        QTest::newRow("percent-encoded") << "/mcp/servers/my%20server%C3%A9"_ba << u"my server\u00e9"_s;
    }
    // What the status server and the gateway front do with a request before the gateway sees it.
    void routeAndGuardGatewayPost()
    {
        QFETCH(QByteArray, path);
        QFETCH(QString, name);
        HttpRequestParser parser;
        parser.append(gatewayPost(path));
        QCOMPARE(parser.parse(), HttpRequestParser::Result::Request);
        const ApiRequest request = parser.takeRequest();
        RequestGuard guard;
        guard.setBoundAddress(QHostAddress(QHostAddress::LocalHost));
        const QHostAddress local(QHostAddress::LocalHost);
        QCOMPARE(ApiHttpServer::gatewayPath(request).name, name); // warmed up
        QVERIFY(!ApiHttpServer::gate(guard, request, local));
        QBENCHMARK
        {
            const ApiHttpServer::GatewayPath p = ApiHttpServer::gatewayPath(request);
            if (p.kind != ApiHttpServer::GatewayPath::Kind::Server || p.name != name)
                QFAIL("not routed");
            if (ApiHttpServer::gate(guard, request, local))
                QFAIL("refused");
        }
    }
};

QTEST_GUILESS_MAIN(BenchHttpRequest) // -callgrind needs an application object
#include "bench_httprequest.moc"
