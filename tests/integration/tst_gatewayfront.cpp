// Gateway connections are served on the engine thread (GatewayFront): a connection whose request
// names /mcp/servers/…, /mcp/groups/… or /mcp/all moves there, and back for any other path. What a
// client sees does not change: one keep-alive connection may mix both kinds of paths, pipelined
// requests are answered in order across the move, the guard applies on both threads. And the
// move is real: a gateway connection is answered while the status server's thread is blocked,
// while a new connection for /health is still answered while the engine's thread is blocked.
#include "fixturehelpers.h"
#include "gatewayclient.h"
#include "gatewaytestbase.h"
#include "rawhttp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

// One keep-alive connection, written and read by hand: the test decides what goes on it.
class RawClient
{
public:
    explicit RawClient(quint16 port)
        : m_port(port)
    {
        m_socket.connectToHost(u"127.0.0.1"_s, port);
        m_socket.waitForConnected(5000);
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] { m_disconnects++; });
    }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    int disconnects() const { return m_disconnects; }

    static QByteArray request(const QByteArray &method, const QByteArray &path, quint16 port,
        const QByteArray &body = {}, const QByteArray &sessionId = {}, const QByteArray &extra = {})
    {
        QByteArray r
            = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
        if (method == "POST")
            r += "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                 "MCP-Protocol-Version: 2025-06-18\r\n";
        if (!sessionId.isEmpty())
            r += "Mcp-Session-Id: " + sessionId + "\r\n";
        return r + extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }
    void write(const QByteArray &bytes) { m_socket.write(bytes); }
    RawReply send(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
        const QByteArray &sessionId = {}, const QByteArray &extra = {})
    {
        write(request(method, path, m_port, body, sessionId, extra));
        return next();
    }
    // The next whole answer on the connection; status 0 on time-out.
    RawReply next(int timeoutMs = 10000)
    {
        RawReply a;
        const bool done = QTest::qWaitFor(
            [&] {
                m_buffer += m_socket.readAll();
                return RawReply::take(m_buffer, &a);
            },
            timeoutMs);
        return done ? a : RawReply {};
    }

private:
    QTcpSocket m_socket;
    quint16 m_port;
    QByteArray m_buffer;
    int m_disconnects = 0;
};

QByteArray initialize()
{
    return R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
           R"("capabilities":{},"clientInfo":{"name":"tst_gatewayfront","version":"1"}}})";
}

QByteArray echo(int id, const QByteArray &text)
{
    return R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id)
        + R"(,"method":"tools/call","params":{"name":"echo","arguments":{"text":")" + text + R"("}}})";
}

QString echoed(const RawReply &a)
{
    return resultText(a.json());
}

} // namespace

class TestGatewayFront : public GatewayTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void oneConnectionMixesGatewayAndStatusRequests();
    void pipelinedRequestsAcrossTheMoveAreAnsweredInOrder();
    void theGuardAppliesOnTheEngineThreadToo();
    void aGatewayConnectionIsAnsweredWhileTheApiThreadIsBusy();
    void statusRequestsDoNotWaitForABusyEngine();

private:
    QByteArray openSession(RawClient &client);
};

void TestGatewayFront::initTestCase()
{
    Config config;
    config.servers = {stdioFixture({}, u"fx"_s)};
    QString error;
    QVERIFY2(startGateway(config, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx"_s), u"healthy"_s, 15000);
}

void TestGatewayFront::cleanupTestCase()
{
    stopGateway();
}

QByteArray TestGatewayFront::openSession(RawClient &client)
{
    const RawReply init = client.send("POST", "/mcp/servers/fx", initialize());
    if (init.status != 200)
        return {};
    const QByteArray session = init.header("Mcp-Session-Id");
    if (client
            .send("POST", "/mcp/servers/fx", R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                session)
            .status
        != 202)
        return {};
    return session;
}

void TestGatewayFront::oneConnectionMixesGatewayAndStatusRequests()
{
    RawClient client(m_status->port());
    QVERIFY(client.connected());

    const RawReply servers = client.send("GET", "/api/servers");
    QCOMPARE(servers.status, 200);
    QVERIFY2(servers.body.contains("\"fx\""), servers.body.constData());

    const QByteArray session = openSession(client); // moves the connection to the engine thread
    QVERIFY(!session.isEmpty());

    const RawReply health = client.send("GET", "/health"); // and back
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value("status"_L1).toString(), u"healthy"_s);

    const RawReply call = client.send("POST", "/mcp/servers/fx", echo(7, "first"), session);
    QCOMPARE(call.status, 200);
    QCOMPARE(call.json().value("id"_L1).toInt(), 7);
    QCOMPARE(echoed(call), u"first"_s);

    const RawReply metrics = client.send("GET", "/metrics");
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains("lifeline_gateway_requests_total{server=\"fx\",method=\"tools/call\""));

    const RawReply again = client.send("POST", "/mcp/servers/fx", echo(8, "second"), session);
    QCOMPARE(echoed(again), u"second"_s);
    const RawReply unknown = client.send("GET", "/no/such/path");
    QCOMPARE(unknown.status, 404);

    QVERIFY(client.connected());
    QCOMPARE(client.disconnects(), 0); // all of it on the one connection
}

void TestGatewayFront::pipelinedRequestsAcrossTheMoveAreAnsweredInOrder()
{
    RawClient client(m_status->port());
    const QByteArray session = openSession(client);
    QVERIFY(!session.isEmpty());
    const quint16 port = m_status->port();
    // One write: a call (engine thread), /health (api thread), a call, a status route, a call.
    client.write(RawClient::request("POST", "/mcp/servers/fx", port, echo(21, "a"), session)
        + RawClient::request("GET", "/health", port)
        + RawClient::request("POST", "/mcp/servers/fx", port, echo(22, "b"), session)
        + RawClient::request("GET", "/api/servers/fx", port)
        + RawClient::request("POST", "/mcp/servers/fx", port, echo(23, "c"), session));
    const RawReply a = client.next();
    const RawReply health = client.next();
    const RawReply b = client.next();
    const RawReply server = client.next();
    const RawReply c = client.next();
    QCOMPARE(echoed(a), u"a"_s);
    QCOMPARE(health.json().value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(echoed(b), u"b"_s);
    QCOMPARE(server.json().value("name"_L1).toString(), u"fx"_s);
    QCOMPARE(echoed(c), u"c"_s);
    QCOMPARE(client.disconnects(), 0);
}

void TestGatewayFront::theGuardAppliesOnTheEngineThreadToo()
{
    RawClient client(m_status->port());
    const QByteArray session = openSession(client); // the connection is on the engine thread now
    QVERIFY(!session.isEmpty());
    const quint16 port = m_status->port();
    client.write("POST /mcp/servers/fx HTTP/1.1\r\nHost: rebind.example:" + QByteArray::number(port)
        + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
          "Mcp-Session-Id: "
        + session + "\r\nContent-Length: " + QByteArray::number(echo(31, "x").size()) + "\r\n\r\n"
        + echo(31, "x"));
    const RawReply host = client.next();
    QCOMPARE(host.status, 403);
    QCOMPARE(host.json().value("error"_L1).toString(), u"Host or Origin not allowed"_s);
    const RawReply origin
        = client.send("POST", "/mcp/servers/fx", echo(32, "x"), session, "Origin: http://evil.example\r\n");
    QCOMPARE(origin.status, 403);
    QVERIFY(!sentUpstream(u"fx"_s, u"tools/call"_s, m_sent.count(u"fx tools/call"_s) + 1, 300));
    // The same connection still serves a good request.
    QCOMPARE(echoed(client.send("POST", "/mcp/servers/fx", echo(33, "ok"), session)), u"ok"_s);
}

void TestGatewayFront::aGatewayConnectionIsAnsweredWhileTheApiThreadIsBusy()
{
    RawClient client(m_status->port());
    const QByteArray session = openSession(client); // on the engine thread from now on
    QVERIFY(!session.isEmpty());

    QSemaphore blocked;
    QSemaphore release;
    QMetaObject::invokeMethod(m_status->data(), [&] {
        blocked.release();
        release.acquire(); // the status server's thread sleeps here
    });
    QVERIFY(blocked.tryAcquire(1, 5000));
    const RawReply call = client.send("POST", "/mcp/servers/fx", echo(41, "while busy"), session);
    // A connection that has to start on the api thread waits (the block is real).
    RawClient other(m_status->port());
    other.write(RawClient::request("GET", "/health", m_status->port()));
    const RawReply waiting = other.next(300);
    release.release();
    QCOMPARE(call.status, 200);
    QCOMPARE(echoed(call), u"while busy"_s);
    QCOMPARE(waiting.status, 0);
    QCOMPARE(other.next().status, 200); // answered once the thread is free
}

void TestGatewayFront::statusRequestsDoNotWaitForABusyEngine()
{
    RawClient gateway(m_status->port());
    const QByteArray session = openSession(gateway);
    QVERIFY(!session.isEmpty());

    QSemaphore blocked;
    QSemaphore release;
    QMetaObject::invokeMethod(m_engine->engine(), [&] {
        blocked.release();
        release.acquire(); // the engine's thread sleeps here
    });
    QVERIFY(blocked.tryAcquire(1, 5000));
    RawClient status(m_status->port());
    const RawReply health = status.send("GET", "/health");
    const RawReply servers = status.send("GET", "/api/servers/fx");
    // The gateway's connection waits for the engine (the block is real).
    gateway.write(
        RawClient::request("POST", "/mcp/servers/fx", m_status->port(), echo(51, "later"), session));
    const RawReply waiting = gateway.next(300);
    release.release();
    QCOMPARE(health.status, 200);
    QCOMPARE(servers.status, 200);
    QCOMPARE(waiting.status, 0);
    QCOMPARE(echoed(gateway.next()), u"later"_s);
}

QTEST_GUILESS_MAIN(TestGatewayFront)
#include "tst_gatewayfront.moc"
