// McpSession over the stdio transport, against the fixture server.
#include "fixturehelpers.h"

#include "session/mcpsession.h"
#include "transport/stdiotransport.h"
#include "transport/transport.h"

#include <QFile>
#include <QThread>

#include <csignal>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestStdioSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<lifeline::Failure>();
        std::signal(SIGPIPE, SIG_IGN); // as mcp-lifeline's main() does: a write to a dead pipe is EPIPE
    }
    void handshakeRecordsServerFacts();
    void stateless2026ServerIsDiscovered();
    void timeoutCancelsAndLateAnswerIsIgnored();
    void initializeTimeoutIsNotCancelled();
    void serverPingIsAnsweredOtherRequestsRefused();
    void garbageIsProtocolError();
    void oversizedLineIsProtocolErrorAndMemoryStaysBounded();
    void crashNamesTheSignal();
    void requestWrittenAfterTheProcessDiedIsNotDelivered();
    void exitCodeIsReported();
    void missingCommandIsConnectionError();
    void stopEscalatesToSigkill();
    void wholeProcessGroupIsEnded();
    void stderrKeepsOnlyTheLastLines();
};

struct Ready
{
    std::unique_ptr<McpSession> session;
    bool ok = false;
};

static Ready startSession(const ServerConfig &cfg, int timeoutMs = 3000)
{
    McpSession::Options o;
    o.timeoutMs = timeoutMs;
    Ready r;
    r.session = std::make_unique<McpSession>(cfg, o);
    QSignalSpy ready(r.session.get(), &McpSession::ready);
    r.session->start();
    r.ok = ready.wait(5000);
    return r;
}

struct Answer
{
    bool done = false;
    McpSession::Reply reply;
};

static std::shared_ptr<Answer> ask(
    McpSession *s, const QString &method, const QJsonObject &params = {}, int timeout = 2000)
{
    auto a = std::make_shared<Answer>();
    s->request(method, params, timeout, [a](const McpSession::Reply &r) {
        a->done = true;
        a->reply = r;
    });
    return a;
}

void TestStdioSession::handshakeRecordsServerFacts()
{
    Ready r = startSession(stdioFixture({}));
    QVERIFY(r.ok);
    QCOMPARE(r.session->era(), McpSession::Era::Legacy);
    QCOMPARE(r.session->protocolVersion(), u"2025-11-25"_s);
    QCOMPARE(r.session->serverInfo().value("name"_L1).toString(), u"lifeline-fixture"_s);
    QVERIFY(r.session->capabilities().contains("tools"_L1));
    QVERIFY(r.session->handshakeUs() > 0);
    auto a = ask(r.session.get(), u"ping"_s);
    QTRY_VERIFY(a->done);
    QVERIFY(a->reply.ok);
    // The server saw initialize and then notifications/initialized, in that order.
    const QStringList log = r.session->transport()->stderrTail();
    const qsizetype init = log.indexOf(QRegularExpression(u".*<- initialize.*"_s));
    const qsizetype initialized = log.indexOf(QRegularExpression(u".*notifications/initialized.*"_s));
    QVERIFY2(init >= 0 && initialized > init, qPrintable(log.join(u'\n')));
}

void TestStdioSession::stateless2026ServerIsDiscovered()
{
    Ready r = startSession(stdioFixture({u"--protocol"_s, u"2026-07-28"_s}));
    QVERIFY(r.ok);
    QCOMPARE(r.session->era(), McpSession::Era::Modern);
    QCOMPARE(r.session->protocolVersion(), u"2026-07-28"_s);
    QCOMPARE(r.session->serverInfo().value("name"_L1).toString(), u"lifeline-fixture"_s);
    // Requests of the stateless revision carry _meta; tools/list works without a handshake.
    auto a = ask(r.session.get(), u"tools/list"_s);
    QTRY_VERIFY(a->done);
    QVERIFY(a->reply.ok);
    QVERIFY(!r.session->transport()->stderrTail().join(u'\n').contains(u"<- initialize"_s));
}

void TestStdioSession::timeoutCancelsAndLateAnswerIsIgnored()
{
    Ready r = startSession(stdioFixture({u"--latency"_s, u"300"_s, u"--ignore-cancel"_s}));
    QVERIFY(r.ok);
    auto late = ask(r.session.get(), u"ping"_s, {}, 100);
    QTRY_VERIFY(late->done);
    QCOMPARE(late->reply.failure.type, FailureType::Timeout);
    QVERIFY(late->reply.failure.detail.contains(u"ping"_s));
    // The server was told, and its late answer is counted, not delivered.
    QTRY_VERIFY(r.session->transport()->stderrTail().join(u'\n').contains(u"notifications/cancelled"_s));
    QTRY_COMPARE(r.session->lateAnswers(), 1);
    auto next = ask(r.session.get(), u"ping"_s, {}, 2000);
    QTRY_VERIFY(next->done);
    QVERIFY(next->reply.ok);
}

void TestStdioSession::initializeTimeoutIsNotCancelled()
{
    // discover is answered (-32601), then nothing: initialize times out.
    McpSession::Options o;
    o.timeoutMs = 300;
    McpSession s(stdioFixture({u"--hang-after"_s, u"1"_s}), o);
    QSignalSpy failed(&s, &McpSession::failed);
    s.start();
    QVERIFY(failed.wait(3000));
    QCOMPARE(failed.first().first().value<Failure>().type, FailureType::Timeout);
    QVERIFY(failed.first().first().value<Failure>().detail.contains(u"initialize"_s));
    // The spec forbids cancelling initialize. Absence cannot be waited for: give the server's
    // log a moment to show anything we might have sent after the timeout.
    QTest::qWait(200);
    const QString log = s.transport()->stderrTail().join(u'\n');
    QVERIFY2(log.contains(u"<- initialize"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"notifications/cancelled"_s), qPrintable(log));
}

void TestStdioSession::serverPingIsAnsweredOtherRequestsRefused()
{
    Ready r = startSession(stdioFixture({u"--server-ping-every"_s, u"50"_s}));
    QVERIFY(r.ok);
    QTRY_VERIFY_WITH_TIMEOUT(
        r.session->transport()->stderrTail().join(u'\n').contains(u"client answered ping"_s), 3000);
    const QString log = r.session->transport()->stderrTail().join(u'\n');
    QVERIFY2(
        log.contains(QRegularExpression(u"client answered ping \\(id \\S+\\): \\{\\}"_s)), qPrintable(log));
    QTRY_VERIFY(r.session->transport()->stderrTail().join(u'\n').contains(u"client answered roots/list"_s));
    QVERIFY(r.session->transport()->stderrTail().join(u'\n').contains(u"with error -32601"_s));
}

void TestStdioSession::garbageIsProtocolError()
{
    Ready r = startSession(stdioFixture({u"--garbage-after"_s, u"2"_s}));
    QVERIFY(r.ok);
    auto a = ask(r.session.get(), u"ping"_s);
    QTRY_VERIFY(a->done);
    QCOMPARE(a->reply.failure.type, FailureType::ProtocolError);
    QVERIFY2(a->reply.failure.detail.contains(u"not JSON"_s), qPrintable(a->reply.failure.detail));
}

static qint64 residentKb()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const auto m = QRegularExpression(u"VmRSS:\\s+(\\d+)"_s).match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

void TestStdioSession::oversizedLineIsProtocolErrorAndMemoryStaysBounded()
{
    McpSession::Options o;
    o.timeoutMs = 10000;
    o.maxMessageBytes = 1024 * 1024;
    McpSession s(stdioFixture({u"--oversized-after"_s, u"2"_s, u"--oversized-bytes"_s, u"67108864"_s}), o);
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(5000));
    const qint64 before = residentKb();
    auto a = ask(&s, u"ping"_s, {}, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(a->done, 15000);
    QCOMPARE(a->reply.failure.type, FailureType::ProtocolError);
    QVERIFY2(a->reply.failure.detail.contains(u"longer than"_s), qPrintable(a->reply.failure.detail));
    const qint64 grown = residentKb() - before;
    QVERIFY2(grown < 32 * 1024, qPrintable(u"resident memory grew by %1 KiB for a 64 MiB line"_s.arg(grown)));
}

void TestStdioSession::crashNamesTheSignal()
{
    Ready r = startSession(stdioFixture({u"--crash-after"_s, u"2"_s, u"--crash-signal"_s, u"SEGV"_s}));
    QVERIFY(r.ok);
    QSignalSpy failed(r.session.get(), &McpSession::failed);
    auto a = ask(r.session.get(), u"ping"_s);
    QVERIFY(failed.wait(3000));
    const Failure f = failed.first().first().value<Failure>();
    QCOMPARE(f.type, FailureType::ProcessExit);
    QVERIFY2(f.detail.startsWith(u"killed by SIGSEGV"_s), qPrintable(f.detail));
    QVERIFY(a->done);
    QCOMPARE(a->reply.failure.type, FailureType::ProcessExit);
    QVERIFY(!a->reply.failure.notDelivered); // the server read it (and crashed on it)
}

// The process is gone but Qt has not told us yet (no event processed): the request is written to
// a stdin with no reader, EPIPE, nothing went out. Its failure says so (a gateway may send it again
// whatever it is); the process exit that follows fails the rest as usual.
void TestStdioSession::requestWrittenAfterTheProcessDiedIsNotDelivered()
{
    Ready r = startSession(stdioFixture({}));
    QVERIFY(r.ok);
    const qint64 pid = r.session->transport()->processId();
    QVERIFY(pid > 0);
    QSignalSpy failed(r.session.get(), &McpSession::failed);
    QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
    // Waiting without the event loop on purpose: Qt must not have reaped the process when we write.
    QElapsedTimer clock;
    clock.start();
    while (processExists(pid) && clock.elapsed() < 5000)
        QThread::usleep(1000);
    QVERIFY(!processExists(pid));
    QVERIFY(r.session->isReady());
    auto a = ask(r.session.get(), u"tools/call"_s,
        {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 1}}}});
    QVERIFY(!a->done); // never synchronously: the caller has not stored the request's key yet
    QTRY_VERIFY_WITH_TIMEOUT(a->done, 3000);
    QCOMPARE(a->reply.failure.type, FailureType::ProcessExit);
    QVERIFY2(a->reply.failure.notDelivered, qPrintable(a->reply.failure.detail));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 3000);
}

void TestStdioSession::exitCodeIsReported()
{
    Ready r = startSession(stdioFixture({u"--crash-after"_s, u"2"_s, u"--exit-code"_s, u"3"_s}));
    QVERIFY(r.ok);
    QSignalSpy failed(r.session.get(), &McpSession::failed);
    ask(r.session.get(), u"ping"_s);
    QVERIFY(failed.wait(3000));
    const Failure f = failed.first().first().value<Failure>();
    QCOMPARE(f.type, FailureType::ProcessExit);
    QVERIFY2(f.detail.startsWith(u"exited with code 3"_s), qPrintable(f.detail));
}

void TestStdioSession::missingCommandIsConnectionError()
{
    ServerConfig c = stdioFixture({});
    c.command = u"/nonexistent/mcp-server"_s;
    McpSession s(c, {});
    QSignalSpy failed(&s, &McpSession::failed);
    s.start();
    QVERIFY(failed.wait(3000));
    const Failure f = failed.first().first().value<Failure>();
    QCOMPARE(f.type, FailureType::ConnectionError);
    QVERIFY2(f.detail.contains(u"/nonexistent/mcp-server"_s), qPrintable(f.detail));
}

void TestStdioSession::stopEscalatesToSigkill()
{
    StdioTransport t(stdioFixture({u"--ignore-sigterm"_s, u"--ignore-stdin-eof"_s}));
    t.setStopGraceMs(150);
    QSignalSpy opened(&t, &Transport::opened);
    t.open();
    QVERIFY(opened.wait(3000));
    const qint64 pid = t.processId();
    QVERIFY(processExists(pid));
    QSignalSpy closed(&t, &Transport::closed);
    t.close();
    QVERIFY(closed.wait(3000)); // EOF ignored, SIGTERM ignored: only SIGKILL ends it
    QTRY_VERIFY(!processExists(pid));
}

void TestStdioSession::wholeProcessGroupIsEnded()
{
    Ready r = startSession(stdioFixture({u"--spawn-child"_s}));
    QVERIFY(r.ok);
    qint64 child = 0;
    QTRY_VERIFY([&] {
        const auto m = QRegularExpression(u"child pid (\\d+)"_s)
                           .match(r.session->transport()->stderrTail().join(u'\n'));
        child = m.hasMatch() ? m.captured(1).toLongLong() : 0;
        return child > 0;
    }());
    QVERIFY(processExists(child));
    r.session->terminate();
    // `sleep` was the fixture's child, not ours: it can only have ended through the group signal.
    QTRY_VERIFY(!processExists(child));
}

void TestStdioSession::stderrKeepsOnlyTheLastLines()
{
    Ready r = startSession(stdioFixture({u"--stderr-lines"_s, u"1000"_s, u"--big-stderr"_s}));
    QVERIFY(r.ok);
    auto a = ask(r.session.get(), u"ping"_s);
    QTRY_VERIFY(a->done);
    const QStringList tail = r.session->transport()->stderrTail();
    QCOMPARE(tail.size(), StdioTransport::kStderrLines);
    for (const QString &line : tail)
        QVERIFY(line.size() <= StdioTransport::kStderrLineBytes + 1);
    QVERIFY(tail.last().contains(u"ping"_s));
}

QTEST_GUILESS_MAIN(TestStdioSession)
#include "tst_stdiosession.moc"
