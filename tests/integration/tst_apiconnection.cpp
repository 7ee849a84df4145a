// The status server's own HTTP/1.1 connections (ApiConnection), through a raw socket: what curl,
// browsers and scripts send beyond one request per connection.
#include "api/apihttpserver.h"
#include "api/apiresponse.h"
#include "api/apiconnection.h"
#include "api/apiresponder.h"

#include <QCoreApplication>
#include <QMutex>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QThread>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using lifeline::ApiConnection;
using lifeline::ApiHttpServer;
using lifeline::ApiRequest;
using lifeline::ApiResponder;

namespace {

// A raw client: everything the server sent, read as it arrives (the server runs on this thread).
struct Client
{
    QTcpSocket socket;
    QByteArray in;
    bool closed = false;

    explicit Client(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { in += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    // The status codes of the complete answers so far, in order (heads and Content-Length bodies).
    QList<int> statuses() const
    {
        QList<int> out;
        qsizetype from = 0;
        for (;;) {
            const qsizetype end = in.indexOf("\r\n\r\n", from);
            if (end < 0 || !in.sliced(from).startsWith("HTTP/1.1 "))
                return out;
            const QByteArray head = in.mid(from, end - from);
            const qsizetype cl = head.indexOf("Content-Length: ");
            const qint64 length
                = cl < 0 ? 0 : head.mid(cl + 16, head.indexOf('\r', cl) - cl - 16).toLongLong();
            if (in.size() < end + 4 + length)
                return out;
            out.append(head.mid(9, 3).toInt());
            from = end + 4 + length;
        }
    }
};

} // namespace

class TestApiConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ApiHttpServer>();
        // /mcp echoes the body it read: what a chunked or 100-continue request delivered.
        m_server->setMcpHandler([](const ApiRequest &request, bool) {
            return lifeline::ApiResponse("text/plain"_ba, "got:"_ba + request.body());
        });
        m_server->setIdleTimeoutMs(400);
        QString error;
        m_port = m_server->listenOn(QHostAddress::LocalHost, 0, &error);
        QVERIFY2(m_port != 0, qPrintable(error));
    }
    void cleanup() { m_server.reset(); }

    void pipelinedRequestsAreAnsweredInOrderOnOneConnection()
    {
        Client c(m_port);
        const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
        c.socket.write("GET /nope HTTP/1.1\r\n" + host + "\r\nPOST /mcp HTTP/1.1\r\n" + host
            + "Content-Length: 3\r\n\r\nabcGET /api/servers HTTP/1.1\r\n" + host + "\r\n");
        QTRY_COMPARE(c.statuses(), (QList<int> {404, 200, 200}));
        QVERIFY(c.in.contains("got:abc"));
        QVERIFY(c.in.indexOf("no such route") < c.in.indexOf("got:abc"));
        QVERIFY(c.in.indexOf("got:abc") < c.in.indexOf("\"servers\""));
        QVERIFY(!c.closed); // keep-alive
    }

    void expectContinueGetsOneInterimAnswerBeforeTheBody()
    {
        Client c(m_port);
        c.socket.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
            + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        QTRY_COMPARE(c.in, "HTTP/1.1 100 Continue\r\n\r\n"_ba); // as curl waits for it
        c.socket.write("he");
        QTest::qWait(50); // the interim answer is not repeated for the body's pieces
        c.socket.write("llo");
        QTRY_VERIFY(c.in.endsWith("got:hello"));
        QCOMPARE(c.statuses(), (QList<int> {100, 200}));
    }

    void chunkedRequestBodyIsDecoded()
    {
        Client c(m_port);
        c.socket.write("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
            + "\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n");
        QTRY_VERIFY(c.in.endsWith("got:abcde"));
        QVERIFY(c.in.contains("Content-Length: 9\r\n"));
    }

    void everyHeaderFieldIsWrittenWhateverItsName()
    {
        // The old writer knew a fixed list of names (Qt 6.4's response could not list its own):
        // a field by any other name was dropped without a word.
        lifeline::ApiResponse r("text/plain"_ba, "x"_ba);
        r.addHeader("X-Never-Seen-Before"_ba, "1"_ba);
        r.addHeader("Link"_ba, "<a>"_ba);
        r.addHeader("Link"_ba, "<b>"_ba);
        r.setHeader("Retry-After"_ba, "5"_ba);
        r.setHeader("retry-after"_ba, "7"_ba); // names compare without case: replaced
        r.addHeader("content-type"_ba, "text/csv"_ba); // the media type, not a second field
        QCOMPARE(r.headers("Link"), (QList<QByteArray> {"<a>"_ba, "<b>"_ba}));
        QVERIFY(!r.hasHeader("Allow"));
        QCOMPARE(lifeline::ApiResponder::serialize(r),
            "HTTP/1.1 200 OK\r\nretry-after: 7\r\nLink: <b>\r\nLink: <a>\r\nX-Never-Seen-Before: 1\r\n"
            "Content-Type: text/csv\r\nContent-Length: 1\r\n\r\nx"_ba);
        QCOMPARE(lifeline::ApiResponder::serialize(
                     lifeline::ApiResponse(lifeline::ApiResponse::StatusCode::Accepted)),
            "HTTP/1.1 202 Accepted\r\nContent-Type: application/x-empty\r\nContent-Length: 0\r\n\r\n"_ba);
    }

    void answersAreWrittenAsQHttpServerResponderWroteThem()
    {
        lifeline::ApiResponse r(
            "application/json"_ba, "{}"_ba, lifeline::ApiResponse::StatusCode::MethodNotAllowed);
        r.addHeader("Allow"_ba, "GET"_ba);
        r.addHeader("Cache-Control"_ba, "no-store"_ba);
        r.addHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
        QCOMPARE(ApiResponder::serialize(r),
            "HTTP/1.1 405 Method Not Allowed\r\nX-Content-Type-Options: nosniff\r\nCache-Control: "
            "no-store\r\n"
            "Allow: GET\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"_ba);
        Client c(m_port);
        c.socket.write("POST /health HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n\r\n");
        QTRY_VERIFY(c.in.endsWith("{\"error\":\"method not allowed\"}"));
        QVERIFY(c.in.startsWith("HTTP/1.1 405 Method Not Allowed\r\nX-Content-Type-Options: nosniff\r\n"
                                "Cache-Control: no-store\r\nAllow: GET\r\nContent-Type: application/json\r\n"
                                "Content-Length: 30\r\n\r\n"));
    }

    void http10IsAnsweredThenClosed()
    {
        Client c(m_port);
        c.socket.write("GET /nope HTTP/1.0\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n\r\n");
        QTRY_VERIFY(c.closed);
        QCOMPARE(c.statuses(), QList<int> {404});
    }

    void badRequestsAreRefusedAndClosed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("version") << "GET / HTTP/2.0\r\n\r\n"_ba << 505;
        QTest::newRow("smuggling")
            << "POST /mcp HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"_ba << 400;
        QTest::newRow("coding") << "POST /mcp HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"_ba << 501;
        QTest::newRow("obs-fold") << "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n"_ba << 400;
    }
    void badRequestsAreRefusedAndClosed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        Client c(m_port);
        c.socket.write(bytes);
        QTRY_VERIFY(c.closed);
        QCOMPARE(c.statuses(), QList<int> {status});
        QVERIFY(c.in.contains("\r\nConnection: close\r\n"));
        QVERIFY(c.in.contains("{\"error\":"));
    }

    void slowHeadIsClosedByTheIdleTimeout()
    {
        Client c(m_port);
        c.socket.write("GET /health HTTP/1.1\r\n");
        QTimer drip; // a byte every 100 ms: never idle, never done
        connect(&drip, &QTimer::timeout, this, [&c] { c.socket.write("X"); });
        drip.start(100);
        QElapsedTimer t;
        t.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 5000);
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(c.in.isEmpty());
    }

    void idleKeepAliveConnectionIsClosed()
    {
        Client c(m_port);
        c.socket.write("GET /nope HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n\r\n");
        QTRY_COMPARE(c.statuses(), QList<int> {404});
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 3000);
    }

    void webSocketUpgradeIsHandedOverAndNotTimedOut()
    {
        QWebSocket ws;
        QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
        ws.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(m_port)));
        QVERIFY(messages.wait(3000));
        QVERIFY(messages.first().first().toString().contains("snapshot"_L1));
        QCOMPARE(m_server->webSocketClients(), 1);
        QTest::qWait(600); // past the idle timeout: a WebSocket is not an idle HTTP connection
        QCOMPARE(ws.state(), QAbstractSocket::ConnectedState);
    }

    // What GatewayFront relies on: handOver() moves a connection to another thread at a request
    // boundary, its handler answers there (the request that caused the move, then the next ones),
    // a handOver() back returns it, and its idle timer went along (an idle connection still ends).
    void handOverMovesTheConnectionAndItsTimerToAnotherThread()
    {
        QThread worker;
        worker.setObjectName(u"worker"_s);
        worker.start();
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost));
        QMutex lock; // servedOn is written on both threads
        QStringList servedOn; // "path@thread", in order
        const auto served = [&](const ApiRequest &r) {
            const QMutexLocker locked(&lock);
            servedOn.append(r.url().path() + u'@' + QThread::currentThread()->objectName());
        };
        const auto seen = [&] {
            const QMutexLocker locked(&lock);
            return servedOn;
        };
        ApiConnection::Handler here; // answers on this thread
        ApiConnection::Handler there = [&](ApiConnection *c, const ApiRequest &r,
                                           std::shared_ptr<ApiResponder> responder, bool upgrade) {
            served(r);
            if (r.url().path() == "/back"_L1) {
                c->handOver(QCoreApplication::instance()->thread(), here, r, std::move(responder), upgrade);
                return;
            }
            responder->write(lifeline::ApiResponse("text/plain"_ba, "worker"_ba));
        };
        here = [&](ApiConnection *c, const ApiRequest &r, std::shared_ptr<ApiResponder> responder,
                   bool upgrade) {
            served(r);
            if (r.url().path().startsWith("/move"_L1)) {
                c->handOver(&worker, there, r, std::move(responder), upgrade);
                return;
            }
            responder->write(lifeline::ApiResponse("text/plain"_ba, "main"_ba));
        };
        QThread::currentThread()->setObjectName(u"main"_s);
        QPointer<QTcpSocket> accepted;
        connect(&listener, &QTcpServer::newConnection, this, [&] {
            accepted = listener.nextPendingConnection();
            accepted->setParent(nullptr);
            new ApiConnection(accepted, 400, here);
        });
        Client c(listener.serverPort());
        const QByteArray host = "Host: 127.0.0.1\r\n";
        // Pipelined: the move happens in the middle; the answers keep their order.
        c.socket.write("GET /first HTTP/1.1\r\n" + host + "\r\nGET /move HTTP/1.1\r\n" + host
            + "\r\nGET /stay HTTP/1.1\r\n" + host + "\r\nGET /back HTTP/1.1\r\n" + host
            + "\r\nGET /home HTTP/1.1\r\n" + host + "\r\n");
        QTRY_COMPARE(c.statuses().size(), 5);
        QCOMPARE(seen(),
            (QStringList {u"/first@main"_s, u"/move@main"_s, u"/move@worker"_s, u"/stay@worker"_s,
                u"/back@worker"_s, u"/back@main"_s, u"/home@main"_s}));
        QVERIFY(c.in.contains("main"));
        QVERIFY(c.in.contains("worker"));
        // Over there for good now, then idle: the timer that moved with it closes it.
        c.socket.write("GET /move2 HTTP/1.1\r\n" + host + "\r\n");
        QTRY_COMPARE(c.statuses().size(), 6);
        QCOMPARE(seen().last(), u"/move2@worker"_s);
        QTRY_VERIFY_WITH_TIMEOUT(c.closed, 3000);
        worker.quit();
        worker.wait();
    }

private:
    std::unique_ptr<ApiHttpServer> m_server;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(TestApiConnection)
#include "tst_apiconnection.moc"
