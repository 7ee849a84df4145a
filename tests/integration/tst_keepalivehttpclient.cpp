// KeepAliveHttpClient (plain http:// upstreams) against a scripted server on loopback: body
// framings, connection reuse, a server that closes between requests, limits, dead ports, timeouts.
// Also QNAM's carrier (https://): which of its failures certainly reached no server (notDelivered).
#include "transport/keepalivehttpclient.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

// Calls `answer` with each complete request (head + Content-Length body) and its connection.
class ScriptedServer
{
public:
    using Answer = std::function<void(QTcpSocket *socket, const QByteArray &request)>;
    explicit ScriptedServer(Answer answer)
        : m_answer(std::move(answer))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer = QByteArray()]() mutable {
                    buffer += s->readAll();
                    for (;;) {
                        const qsizetype end = buffer.indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        const QByteArray lower = buffer.left(end).toLower();
                        const qsizetype cl = lower.indexOf("content-length:");
                        const qint64 length = cl < 0
                            ? 0
                            : lower.mid(cl + 15, lower.indexOf('\r', cl) - cl - 15).trimmed().toLongLong();
                        if (buffer.size() < end + 4 + length)
                            return;
                        const QByteArray request = buffer.left(end + 4 + length);
                        buffer.remove(0, end + 4 + length);
                        ++requests;
                        m_answer(s, request);
                    }
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_server.serverPort())); }
    int connections = 0;
    int requests = 0;

private:
    QTcpServer m_server;
    Answer m_answer;
};

QByteArray okJson(const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

struct Outcome
{
    bool finished = false;
    int status = 0;
    QByteArray body;
    Failure failure;
    int chunksBeforeEnd = 0;
};

Outcome run(KeepAliveHttpClient &client, const QUrl &url, int timeoutMs = 0, qsizetype maxBody = 1024 * 1024)
{
    HttpRequest request;
    request.method = "POST"_ba;
    request.url = url;
    request.body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})"_ba;
    request.timeoutMs = timeoutMs;
    request.maxBodyBytes = maxBody;
    QObject owner;
    HttpExchange *exchange = client.send(request, &owner);
    Outcome out;
    QObject::connect(exchange, &HttpExchange::readyRead, [&] {
        out.body += exchange->readAll();
        ++out.chunksBeforeEnd;
    });
    QObject::connect(exchange, &HttpExchange::finished, [&] {
        out.finished = true;
        out.status = exchange->status();
        out.body += exchange->readAll();
        out.failure = exchange->failure();
    });
    (void)QTest::qWaitFor([&] { return out.finished; }, 10000);
    return out;
}

// The same request over QNAM (HttpExchange::sendWithNam), the carrier of https:// upstreams.
Outcome runNam(const QUrl &url)
{
    HttpRequest request;
    request.method = "POST"_ba;
    request.url = url;
    request.body = R"({"jsonrpc":"2.0","id":1,"method":"tools/call"})"_ba;
    request.timeoutMs = 5000;
    QNetworkAccessManager nam;
    QObject owner;
    HttpExchange *exchange = HttpExchange::sendWithNam(&nam, request, &owner);
    Outcome out;
    QObject::connect(exchange, &HttpExchange::finished, [&] {
        out.finished = true;
        out.status = exchange->status();
        out.failure = exchange->failure();
    });
    (void)QTest::qWaitFor([&] { return out.finished; }, 10000);
    return out;
}

quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return 0;
    return probe.serverPort(); // closed again on return: nothing listens there now
}

} // namespace

class TestKeepAliveHttpClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contentLengthAnswersReuseOneConnection();
    void chunkedBodyIsReassembled();
    void closeDelimitedBodyEndsWithTheConnection();
    void eventStreamArrivesBeforeTheEnd();
    void serverClosingBetweenRequestsIsRetriedOnANewConnection();
    void requestOnAConnectionTheServerJustDroppedIsSentAgain();
    void hugeAnnouncedBodyIsRefusedUnread();
    void hugeChunkedBodyIsRefused();
    void deadPortIsConnectionError();
    void silentServerTimesOut();
    void httpStatusIsClassified();
    void sameOriginRedirectIsFollowed();
    void garbageAnswerIsProtocolError();
    void namRefusedHttpsIsNotDelivered();
    void namFailedTlsHandshakeIsNotDelivered();
    void namDropAfterTheRequestWasSentIsNotMarkedNotDelivered();
    void namHttpErrorStatusIsNotMarkedNotDelivered();
};

void TestKeepAliveHttpClient::contentLengthAnswersReuseOneConnection()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) { s->write(okJson(R"({"ok":1})")); });
    KeepAliveHttpClient client;
    for (int i = 0; i < 5; ++i) {
        const Outcome o = run(client, server.url());
        QVERIFY(o.finished);
        QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
        QCOMPARE(o.status, 200);
        QCOMPARE(o.body, R"({"ok":1})"_ba);
    }
    QCOMPARE(server.requests, 5);
    QCOMPARE(server.connections, 1);
    QCOMPARE(client.connectionsOpened(), 1);
}

void TestKeepAliveHttpClient::chunkedBodyIsReassembled()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        s->write("4;ext=1\r\n{\"ok\r\n");
        s->flush();
        QTimer::singleShot(20, s, [s] { s->write("4\r\n\":1}\r\n0\r\nX-Trailer: y\r\n\r\n"); });
    });
    KeepAliveHttpClient client;
    for (int i = 0; i < 2; ++i) {
        const Outcome o = run(client, server.url());
        QVERIFY(o.finished);
        QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
        QCOMPARE(o.body, R"({"ok":1})"_ba);
    }
    QCOMPARE(server.connections, 1); // the chunked answer ended cleanly: the connection was kept
}

void TestKeepAliveHttpClient::closeDelimitedBodyEndsWithTheConnection()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":2}");
        s->disconnectFromHost();
    });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url());
    QVERIFY(o.finished);
    QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
    QCOMPARE(o.body, R"({"ok":2})"_ba);
}

void TestKeepAliveHttpClient::eventStreamArrivesBeforeTheEnd()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        s->write("b\r\ndata: one\n\n\r\n");
        s->flush();
        QTimer::singleShot(100, s, [s] { s->write("b\r\ndata: two\n\n\r\n0\r\n\r\n"); });
    });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url());
    QVERIFY(o.finished);
    QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
    QCOMPARE(o.body, "data: one\n\ndata: two\n\n"_ba);
    QVERIFY(o.chunksBeforeEnd >= 2); // streamed as it came, not held until the end
}

void TestKeepAliveHttpClient::serverClosingBetweenRequestsIsRetriedOnANewConnection()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write(okJson(R"({"ok":3})"));
        // Keep-alive announced, then the server drops the idle connection (its idle timeout).
        QTimer::singleShot(20, s, [s] { s->disconnectFromHost(); });
    });
    KeepAliveHttpClient client;
    QCOMPARE(run(client, server.url()).body, R"({"ok":3})"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(client.connectionCount(), 0, 5000); // the client saw the close
    const Outcome o = run(client, server.url());
    QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
    QCOMPARE(o.body, R"({"ok":3})"_ba);
    QCOMPARE(server.connections, 2);
}

void TestKeepAliveHttpClient::requestOnAConnectionTheServerJustDroppedIsSentAgain()
{
    // The race a keep-alive client must survive: the server drops the idle connection just as the
    // next request goes out on it. Nothing of an answer came, so it is sent again on a new one.
    int served = 0;
    ScriptedServer server([&](QTcpSocket *s, const QByteArray &) {
        if (s->property("used").toBool()) {
            s->abort();
            return;
        }
        s->setProperty("used", true);
        ++served;
        s->write(okJson(R"({"ok":4})"));
    });
    KeepAliveHttpClient client;
    QCOMPARE(run(client, server.url()).body, R"({"ok":4})"_ba);
    const Outcome o = run(client, server.url());
    QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
    QCOMPARE(o.body, R"({"ok":4})"_ba);
    QCOMPARE(served, 2);
    QCOMPARE(server.connections, 2);
}

void TestKeepAliveHttpClient::hugeAnnouncedBodyIsRefusedUnread()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n{");
    });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url(), 0, 16 * 1024 * 1024);
    QVERIFY(o.finished);
    QCOMPARE(o.failure.type, FailureType::ProtocolError);
    QVERIFY2(o.failure.detail.contains(u"longer than"_s), qPrintable(o.failure.detail));
    QCOMPARE(client.connectionCount(), 0); // the rest would come on it: closed
}

void TestKeepAliveHttpClient::hugeChunkedBodyIsRefused()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray block(64 * 1024, 'x');
        for (int i = 0; i < 40; ++i) // 2.5 MiB against a 1 MiB limit
            s->write(QByteArray::number(block.size(), 16) + "\r\n" + block + "\r\n");
    });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url(), 0, 1024 * 1024);
    QVERIFY(o.finished);
    QCOMPARE(o.failure.type, FailureType::ProtocolError);
    QVERIFY(o.body.size() <= 1024 * 1024);
}

void TestKeepAliveHttpClient::deadPortIsConnectionError()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    } // closed again: nothing listens there now
    KeepAliveHttpClient client;
    const Outcome o = run(client, QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(port)));
    QVERIFY(o.finished);
    QCOMPARE(o.failure.type, FailureType::ConnectionError);
    QVERIFY2(o.failure.detail.contains(u"refused"_s, Qt::CaseInsensitive), qPrintable(o.failure.detail));
}

void TestKeepAliveHttpClient::silentServerTimesOut()
{
    ScriptedServer server([](QTcpSocket *, const QByteArray &) {});
    KeepAliveHttpClient client;
    QElapsedTimer t;
    t.start();
    const Outcome o = run(client, server.url(), 200);
    QVERIFY(o.finished);
    QCOMPARE(o.failure.type, FailureType::Timeout);
    QVERIFY(t.elapsed() < 5000);
}

void TestKeepAliveHttpClient::httpStatusIsClassified()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 0\r\n\r\n");
    });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url());
    QCOMPARE(o.status, 429);
    QCOMPARE(o.failure.type, FailureType::RateLimit);
    QCOMPARE(o.failure.retryAfterMs, 3000);
}

void TestKeepAliveHttpClient::sameOriginRedirectIsFollowed()
{
    QList<QByteArray> lines;
    ScriptedServer server([&](QTcpSocket *s, const QByteArray &request) {
        lines.append(request.left(request.indexOf('\r')));
        if (request.startsWith("POST /mcp HTTP"))
            s->write("HTTP/1.1 307 Temporary Redirect\r\nLocation: /mcp/\r\nContent-Length: 5\r\n\r\nmoved");
        else
            s->write(okJson(request.mid(request.indexOf("\r\n\r\n") + 4)));
    });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url());
    QVERIFY2(!o.failure.isFailure(), qPrintable(o.failure.detail));
    QCOMPARE(o.status, 200);
    QCOMPARE(o.body, R"({"jsonrpc":"2.0","id":1,"method":"ping"})"_ba); // 307 keeps the method and body
    QCOMPARE(lines, (QList<QByteArray> {"POST /mcp HTTP/1.1", "POST /mcp/ HTTP/1.1"}));
}

void TestKeepAliveHttpClient::garbageAnswerIsProtocolError()
{
    ScriptedServer server([](QTcpSocket *s, const QByteArray &) { s->write("SSH-2.0-OpenSSH\r\n\r\n"); });
    KeepAliveHttpClient client;
    const Outcome o = run(client, server.url());
    QVERIFY(o.finished);
    QCOMPARE(o.failure.type, FailureType::ProtocolError);
}

void TestKeepAliveHttpClient::namRefusedHttpsIsNotDelivered()
{
    // Nothing listens: no byte of the call reached a server, so the gateway may send it again.
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    const Outcome o = runNam(QUrl(u"https://127.0.0.1:%1/mcp"_s.arg(port)));
    QVERIFY(o.finished);
    QCOMPARE(o.failure.type, FailureType::ConnectionError);
    QVERIFY2(o.failure.notDelivered, qPrintable(o.failure.detail));
}

void TestKeepAliveHttpClient::namFailedTlsHandshakeIsNotDelivered()
{
    // A listener that is no TLS server reads the ClientHello and hangs up: the handshake never
    // finished, so the request itself was never written.
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost));
    QByteArray firstBytes;
    QObject::connect(&plain, &QTcpServer::newConnection, &plain, [&] {
        QTcpSocket *c = plain.nextPendingConnection();
        QObject::connect(c, &QTcpSocket::readyRead, c, [&, c] {
            firstBytes += c->readAll();
            c->abort();
        });
    });
    const Outcome o = runNam(QUrl(u"https://127.0.0.1:%1/mcp"_s.arg(plain.serverPort())));
    QVERIFY(o.finished);
    QVERIFY(o.failure.isFailure());
    QVERIFY(!firstBytes.isEmpty());
    QCOMPARE(firstBytes.at(0), char(0x16)); // it was a TLS ClientHello, not our request
    QVERIFY2(o.failure.notDelivered, qPrintable(o.failure.detail));
}

void TestKeepAliveHttpClient::namDropAfterTheRequestWasSentIsNotMarkedNotDelivered()
{
    // The server read the whole request, then the connection broke: it may have run the call, so
    // it must not be resent unless it is safe (QNAM carries plain http:// here the same way).
    ScriptedServer server([](QTcpSocket *socket, const QByteArray &) { socket->abort(); });
    const Outcome o = runNam(server.url());
    QVERIFY(o.finished);
    // QNAM itself writes the request once more on a new connection after such a drop (its own
    // reconnect attempt), so the server saw it at least once.
    QVERIFY(server.requests >= 1);
    QVERIFY(o.failure.isFailure());
    QVERIFY2(!o.failure.notDelivered, qPrintable(o.failure.detail));
}

void TestKeepAliveHttpClient::namHttpErrorStatusIsNotMarkedNotDelivered()
{
    ScriptedServer server([](QTcpSocket *socket, const QByteArray &) {
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
    });
    const Outcome o = runNam(server.url());
    QVERIFY(o.finished);
    QCOMPARE(o.status, 503);
    QCOMPARE(o.failure.type, FailureType::ServerError);
    QVERIFY(!o.failure.notDelivered);
}

QTEST_GUILESS_MAIN(TestKeepAliveHttpClient)
#include "tst_keepalivehttpclient.moc"
