// McpSession over Streamable HTTP and legacy HTTP+SSE, against the fixture server on loopback.
#include "fixturehelpers.h"

#include "session/mcpsession.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestHttpSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<lifeline::Failure>(); }
    void streamableJsonAnswers();
    void streamableSseAnswers();
    void statusCodesAreClassified_data();
    void statusCodesAreClassified();
    void droppedConnectionIsConnectionError();
    void configuredHeadersAreSent();
    void expiredSessionIsInitializedAgainTransparently();
    void legacySseTransport();
    void urlWithoutTypeFallsBackToSse();
    void stateless2026ServerOverHttp();
    void deadUrlIsConnectionError();
    void httpsUrlGoesOverQnam();
    void oversizedBodyIsProtocolError();
    void closeDeletesTheSession();
    void serverMessagesArriveOnTheGetStream();
};

static std::unique_ptr<McpSession> start(const ServerConfig &cfg, bool *ok, Failure *failure = nullptr)
{
    McpSession::Options o;
    o.timeoutMs = 3000;
    auto s = std::make_unique<McpSession>(cfg, o);
    QSignalSpy ready(s.get(), &McpSession::ready);
    QSignalSpy failed(s.get(), &McpSession::failed);
    s->start();
    (void)QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 8000);
    *ok = !ready.isEmpty();
    if (failure && !failed.isEmpty())
        *failure = failed.first().first().value<Failure>();
    return s;
}

static McpSession::Reply ping(McpSession *s, int timeout = 3000)
{
    bool done = false;
    McpSession::Reply out;
    s->request(u"ping"_s, {}, timeout, [&](const McpSession::Reply &r) {
        done = true;
        out = r;
    });
    if (!QTest::qWaitFor([&] { return done; }, timeout + 2000))
        out.failure = Failure::make(FailureType::Timeout, u"test: no callback"_s);
    return out;
}

void TestHttpSession::streamableJsonAnswers()
{
    HttpFixture fx({});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    QCOMPARE(s->protocolVersion(), u"2025-11-25"_s);
    QCOMPARE(s->activeTransport(), TransportKind::StreamableHttp);
    QVERIFY(ping(s.get()).ok);
    QVERIFY(ping(s.get()).ok); // the session id is carried: a second request is accepted
}

void TestHttpSession::streamableSseAnswers()
{
    HttpFixture fx({u"--sse-answers"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    const auto r = ping(s.get());
    QVERIFY2(r.ok, qPrintable(r.failure.detail));
}

void TestHttpSession::statusCodesAreClassified_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("retryAfterMs");
    QTest::newRow("401") << 401 << u"authentication"_s << -1;
    QTest::newRow("403") << 403 << u"authentication"_s << -1;
    QTest::newRow("429") << 429 << u"rate_limit"_s << 3000;
    QTest::newRow("500") << 500 << u"server_error"_s << -1;
    QTest::newRow("503") << 503 << u"server_error"_s << 3000;
}

void TestHttpSession::statusCodesAreClassified()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(int, retryAfterMs);
    // The handshake goes through (the fixture counts initialize, not the refused discover); the ping gets the
    // status.
    HttpFixture fx({u"--http-status"_s, QString::number(status), u"--http-status-after"_s, u"1"_s,
        u"--retry-after"_s, u"3"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    const auto r = ping(s.get());
    QVERIFY(!r.ok);
    QCOMPARE(failureTypeName(r.failure.type), type);
    QCOMPARE(r.failure.httpStatus, status);
    QCOMPARE(r.failure.retryAfterMs, retryAfterMs);
}

void TestHttpSession::droppedConnectionIsConnectionError()
{
    HttpFixture fx({u"--drop-after"_s, u"1"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    const auto r = ping(s.get());
    QCOMPARE(r.failure.type, FailureType::ConnectionError);
}

void TestHttpSession::configuredHeadersAreSent()
{
    HttpFixture fx({u"--require-header"_s, u"Authorization: Bearer s3cret"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    Failure f;
    auto denied = start(remote(fx.url(), TransportKind::StreamableHttp), &ok, &f);
    QVERIFY(!ok);
    QCOMPARE(f.type, FailureType::Authentication);
    QVERIFY(!f.detail.contains(u"s3cret"_s));
    ServerConfig cfg = remote(fx.url(), TransportKind::StreamableHttp);
    cfg.headers = {{u"Authorization"_s, u"Bearer s3cret"_s}};
    auto allowed = start(cfg, &ok);
    QVERIFY(ok);
    QVERIFY(ping(allowed.get()).ok);
}

void TestHttpSession::expiredSessionIsInitializedAgainTransparently()
{
    HttpFixture fx({u"--expire-session-after"_s, u"3"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    for (int i = 0; i < 4; ++i) {
        const auto r = ping(s.get());
        QVERIFY2(r.ok, qPrintable(u"ping %1: %2"_s.arg(i).arg(r.failure.detail)));
    }
    QTRY_COMPARE(fx.stderrText().count(u"<- initialize"_s) >= 2, true);
}

void TestHttpSession::legacySseTransport()
{
    HttpFixture fx({u"--http-transport"_s, u"sse"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(u"/sse"_s), TransportKind::Sse), &ok);
    QVERIFY(ok);
    QCOMPARE(s->activeTransport(), TransportKind::Sse);
    QVERIFY(ping(s.get()).ok);
}

void TestHttpSession::urlWithoutTypeFallsBackToSse()
{
    HttpFixture fx({u"--http-transport"_s, u"sse"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(u"/sse"_s), TransportKind::AutoHttp), &ok);
    QVERIFY(ok);
    QCOMPARE(s->activeTransport(), TransportKind::Sse);
    QVERIFY(ping(s.get()).ok);

    HttpFixture streamable({});
    auto s2 = start(remote(streamable.url(), TransportKind::AutoHttp), &ok);
    QVERIFY(ok);
    QCOMPARE(s2->activeTransport(), TransportKind::StreamableHttp);
}

void TestHttpSession::stateless2026ServerOverHttp()
{
    HttpFixture fx({u"--protocol"_s, u"2026-07-28"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    QCOMPARE(s->era(), McpSession::Era::Modern);
    bool done = false;
    McpSession::Reply reply;
    s->request(u"server/discover"_s, {}, 3000, [&](const McpSession::Reply &r) {
        done = true;
        reply = r;
    });
    QTRY_VERIFY(done);
    QVERIFY(reply.ok);
}

void TestHttpSession::deadUrlIsConnectionError()
{
    // A port that was free a moment ago: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    bool ok = false;
    Failure f;
    auto s = start(remote(QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(port)), TransportKind::AutoHttp), &ok, &f);
    QVERIFY(!ok);
    QCOMPARE(f.type, FailureType::ConnectionError);
}

void TestHttpSession::httpsUrlGoesOverQnam()
{
    // https:// is not for the keep-alive client (plain http:// only): QNAM speaks TLS to it. A
    // listener that never answers sees a TLS ClientHello (record type 0x16), and the session fails.
    QTcpServer tls;
    QVERIFY(tls.listen(QHostAddress::LocalHost));
    QByteArray firstBytes;
    connect(&tls, &QTcpServer::newConnection, &tls, [&] {
        QTcpSocket *c = tls.nextPendingConnection();
        connect(c, &QTcpSocket::readyRead, c, [&, c] { firstBytes += c->readAll(); });
    });
    bool ok = false;
    Failure f;
    auto s = start(
        remote(QUrl(u"https://127.0.0.1:%1/mcp"_s.arg(tls.serverPort())), TransportKind::StreamableHttp), &ok,
        &f);
    QVERIFY(!ok);
    QVERIFY(f.isFailure());
    QVERIFY(!firstBytes.isEmpty());
    QCOMPARE(firstBytes.at(0), char(0x16));
}

void TestHttpSession::oversizedBodyIsProtocolError()
{
    HttpFixture fx({u"--oversized-after"_s, u"1"_s, u"--oversized-bytes"_s, u"20000000"_s});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    const auto r = ping(s.get(), 10000);
    QCOMPARE(r.failure.type, FailureType::ProtocolError);
}

void TestHttpSession::closeDeletesTheSession()
{
    HttpFixture fx({});
    QVERIFY(fx.ok());
    bool ok = false;
    auto s = start(remote(fx.url(), TransportKind::StreamableHttp), &ok);
    QVERIFY(ok);
    QSignalSpy closed(s.get(), &McpSession::closed);
    s->close();
    QVERIFY(closed.wait(3000));
    QTRY_VERIFY(fx.stderrText().contains(u"ended by the client"_s));
}

void TestHttpSession::serverMessagesArriveOnTheGetStream()
{
    // The fixture sends its log notifications on the standalone GET stream, which the
    // supervisor's sessions keep open: they can only arrive if that stream works.
    HttpFixture fx({u"--log-notifications"_s});
    QVERIFY(fx.ok());
    McpSession::Options o;
    o.openEventStream = true;
    McpSession s(remote(fx.url(), TransportKind::StreamableHttp), o);
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(5000));
    QVERIFY(ping(&s).ok);
    QTRY_VERIFY_WITH_TIMEOUT(!s.logTail().isEmpty(), 5000);
    QVERIFY(s.logTail().last().startsWith(u"[info]"_s));
}

QTEST_GUILESS_MAIN(TestHttpSession)
#include "tst_httpsession.moc"
