// The gateway: an MCP client talks to /mcp/servers/{name} and /mcp/groups/{group} of a real
// status server and engine, with fixture servers (and server-everything) upstream. Calls reach the
// server, its errors come back unchanged, the client's session outlives a SIGKILL of the upstream,
// a call waits for a server that is down, a call lost in flight is replayed only when safe, and a
// failover group's calls follow its active member.
#include "fixturehelpers.h"
#include "gatewaytestbase.h"

#include "api/statusserver.h"
#include "config/configloader.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "engine/serversupervisor.h"
#include "gateway/gateway.h"

#include <algorithm>
#include <functional>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

constexpr int kWaitForMemberMs = 3000;

// A call answered as text/event-stream: every event's message as it comes (`onEvent` may post
// answers), then the answer, the last event.
struct Streamed
{
    QByteArray contentType;
    QList<QJsonObject> events;
    bool finished = false;
    QJsonObject answer() const { return events.isEmpty() ? QJsonObject {} : events.constLast(); }
};

Streamed readStream(
    QNetworkReply *reply, const std::function<void(const QJsonObject &)> &onEvent, int timeoutMs = 20000)
{
    Streamed s;
    QByteArray buffer;
    const auto take = [&] {
        buffer += reply->readAll();
        buffer.replace("\r\n", "\n");
        qsizetype end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
            const QByteArray event = buffer.left(end);
            buffer.remove(0, end + 2);
            for (const QByteArray &line : event.split('\n')) {
                if (line.startsWith("data:")) {
                    const QJsonObject m = QJsonDocument::fromJson(line.mid(5).trimmed()).object();
                    s.events.append(m);
                    if (onEvent)
                        onEvent(m);
                }
            }
        }
    };
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        if (reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().startsWith("text/event-stream"))
            take();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    s.finished = reply->isFinished();
    s.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (s.contentType.startsWith("text/event-stream"))
        take();
    else // plain JSON: the answer is the only message
        s.events.append(QJsonDocument::fromJson(reply->readAll()).object());
    reply->deleteLater();
    return s;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestGateway : public GatewayTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void initializeAnswersWithTheUpstreamsInfo();
    void callsReachTheServerAndPingIsLocal();
    void upstreamErrorKeepsItsData();
    void unknownTargetIs404();
    void badInputIsRefusedClearly();
    void sessionSurvivesAKilledUpstream();
    void callWaitsForAStoppedServer();
    void callForAServerThatStaysDownFails();
    void nonIdempotentCallLostInFlightIsNotRetried();
    void readOnlyCallLostInFlightIsReplayed();
    void callThatNeverReachedAnHttpUpstreamIsSentAgain();
    void groupCallsFollowTheActiveMember();
    void roundRobinTakesEachMemberInTurn();
    void leastLatencyTakesTheFastestMember();
    void cancellationReachesTheServer();
    void thousandConcurrentCallsAreAllAnswered();
    void serverEverythingThroughTheGateway();
    void samplingRequestIsRelayedToTheClientAndBack();
    void elicitationRequestIsRelayedToTheClientAndBack();
    void progressReachesTheClientWithItsOwnToken();
    void requestWithNoClientBehindItIsAnsweredWithAnError();
    void deletingASessionCancelsItsCallsUpstream();
    void getStreamCarriesNotificationsNotTiedToACall();
    void clientThatTakesOnlyJsonGetsNoStream();
    void listChangedReachesTheGetStreamOfEachSessionOfThatServer();
    void rootsListIsRelayedAndAnswered();
    void clientNotificationsReachTheServersBehindTheTarget();
    void rootsListChangedMakesTheServerAskTheClientAgain();
    void upstreamCancellationOfARelayedRequestReachesTheClient();
    void requestFromAStreamableHttpUpstreamIsRelayed();
    void requestOnAPostStreamGoesToTheCallThatPostCarried();
    void clientWithoutTheCapabilityIsNotAsked();
    void metricsCountCallsByOutcome();
    void toolErrorsAreCountedApartInMetricsAndApi();
    void breakerCountsRealCalls();
    void settingsAreReadFromTheConfig();
    void badSettingsAreNamedWhereTheyAre_data();
    void badSettingsAreNamedWhereTheyAre();

private:
    bool m_everything = false;
    Config m_config; // as initTestCase applied it
};

void TestGateway::initTestCase()
{
    registerMetaTypes();
    Config config;
    MonitorSettings slow = quickRestarts();
    slow.timeoutMs = 3000;
    slow.latencyWarningMs = 5000;
    config.servers = {stdioFixture({}, u"fx"_s, quickRestarts()),
        stdioFixture({u"--latency"_s, u"600"_s}, u"slow"_s, slow),
        stdioFixture({}, u"primary"_s, quickRestarts()), stdioFixture({}, u"backup"_s, quickRestarts()),
        stdioFixture({}, u"r1"_s), stdioFixture({}, u"r2"_s), stdioFixture({}, u"near"_s),
        stdioFixture({u"--latency"_s, u"100"_s}, u"far"_s)};
    const QString everything = npmPackageDir(u"@modelcontextprotocol/server-everything"_s);
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    m_everything = !everything.isEmpty() && !node.isEmpty();
    if (m_everything) {
        config.servers.append(nodeServer(u"everything"_s, node, everything, {u"stdio"_s}));
    }
    FailoverGroup g;
    g.name = u"pair"_s;
    g.primary = u"primary"_s;
    g.fallbacks = {u"backup"_s};
    FailoverGroup spread {u"spread"_s, u"r1"_s, {u"r2"_s}};
    FailoverGroup nearest {u"nearest"_s, u"far"_s, {u"near"_s}};
    config.failover = {g, spread, nearest};
    config.gateway.groupStrategies
        = {{u"spread"_s, GatewayStrategy::RoundRobin}, {u"nearest"_s, GatewayStrategy::LeastLatency}};
    config.gateway.waitForMemberMs = kWaitForMemberMs;

    QString error;
    m_config = config;
    QVERIFY2(startGateway(config, &error), qPrintable(error));
    for (const QString &name :
        {u"fx"_s, u"slow"_s, u"primary"_s, u"backup"_s, u"r1"_s, u"r2"_s, u"near"_s, u"far"_s})
        QTRY_COMPARE_WITH_TIMEOUT(state(name), u"healthy"_s, 10000);
}

void TestGateway::cleanupTestCase()
{
    stopGateway();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

void TestGateway::initializeAnswersWithTheUpstreamsInfo()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    const QJsonObject r = c.initializeResult();
    QCOMPARE(r.value("protocolVersion"_L1).toString(), u"2025-06-18"_s);
    QCOMPARE(r.value("serverInfo"_L1).toObject().value("name"_L1).toString(), u"lifeline-fixture"_s);
    QVERIFY(r.value("capabilities"_L1).toObject().contains("tools"_L1));
    // A request without the session is refused; one with an unknown session is told to start over.
    Client stranger(&m_nam, url(u"/mcp/servers/fx"_s));
    QCOMPARE(stranger.call(u"tools/list"_s).status, 400);
}

void TestGateway::callsReachTheServerAndPingIsLocal()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    const Answer list = c.call(u"tools/list"_s);
    QCOMPARE(list.status, 200);
    const QJsonArray tools = list.result().value("tools"_L1).toArray();
    QCOMPARE(tools.size(), 3);
    QCOMPARE(tools.first().toObject().value("name"_L1).toString(), u"echo"_s);
    const Answer echo = c.call(u"tools/call"_s,
        {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "through lifeline"_L1}}}});
    QCOMPARE(echo.status, 200);
    QCOMPARE(text(echo), u"through lifeline"_s);
    QCOMPARE(echo.body.value("id"_L1).toInt(), 3); // the client's own id, not the upstream's
    const Answer read = c.call(u"resources/read"_s, {{"uri"_L1, "fixture://status"_L1}});
    const QJsonObject status = read.result().value("contents"_L1).toArray().first().toObject();
    QVERIFY(status.value("text"_L1).toString().startsWith(u"requests "_s));
    const int sends = int(m_sent.size());
    QCOMPARE(c.call(u"ping"_s).result(), QJsonObject {});
    QCOMPARE(m_sent.size(), sends); // answered by Lifeline, not sent upstream

    // A figure for the record: a call's round trip through the gateway (HTTP, api thread, engine
    // thread, stdio) beside the engine's own ping over stdio.
    constexpr int kCalls = 200;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kCalls; ++i)
        QCOMPARE(c.call(u"tools/call"_s,
                      {{"name"_L1, "add"_L1}, {"arguments"_L1, QJsonObject {{"a"_L1, i}, {"b"_L1, 1}}}})
                     .status,
            200);
    const double perCall = double(clock.nsecsElapsed()) / 1e6 / kCalls;
    clock.start();
    for (int i = 0; i < kCalls; ++i)
        QCOMPARE(c.call(u"ping"_s).status, 200);
    qInfo(
        "through the gateway: %.3f ms per tools/call (%d in a row); a ping Lifeline answers itself: %.3f ms; "
        "the engine's own ping over stdio: %.3f ms",
        perCall, kCalls, double(clock.nsecsElapsed()) / 1e6 / kCalls,
        server(u"fx"_s).value("latency_ms"_L1).toDouble());
}

void TestGateway::upstreamErrorKeepsItsData()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    const Answer a
        = c.call(u"tools/call"_s, {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, 5}}}});
    QCOMPARE(a.status, 200);
    QCOMPARE(a.error().value("code"_L1).toInt(), -32602);
    QVERIFY(a.error().value("message"_L1).toString().contains(u"text must be a string"_s));
    const QJsonObject data = a.error().value("data"_L1).toObject();
    QCOMPARE(data.value("tool"_L1).toString(), u"echo"_s);
    QCOMPARE(data.value("problem"_L1).toString(), u"text must be a string"_s);
}

void TestGateway::unknownTargetIs404()
{
    Client s(&m_nam, url(u"/mcp/servers/nosuch"_s));
    const Answer a = s.call(u"initialize"_s);
    QCOMPARE(a.status, 404);
    QVERIFY(a.error().value("message"_L1).toString().contains(u"no server named nosuch"_s));
    Client g(&m_nam, url(u"/mcp/groups/nosuch"_s));
    const Answer b = g.call(u"tools/list"_s);
    QCOMPARE(b.status, 404);
    QVERIFY(b.error().value("message"_L1).toString().contains(u"no failover group named nosuch"_s));
}

void TestGateway::badInputIsRefusedClearly()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    Answer a = Client::wait(c.post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": tools/list"));
    QCOMPARE(a.status, 400);
    QCOMPARE(a.error().value("code"_L1).toInt(), -32700);
    // A 64 MiB message is refused from its Content-Length, before it is read.
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_status->port());
    QVERIFY(s.waitForConnected(3000));
    s.write("POST /mcp/servers/fx HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Mcp-Session-Id: "
        + c.sessionId() + "\r\nContent-Length: " + QByteArray::number(64 * 1024 * 1024) + "\r\n\r\n{");
    QByteArray head;
    QVERIFY(QTest::qWaitFor(
        [&] {
            s.waitForReadyRead(50);
            head += s.readAll();
            return head.contains("\r\n");
        },
        5000));
    QVERIFY2(head.startsWith("HTTP/1.1 413"), head.constData());
    a = Client::wait(c.post("{}", "text/plain"));
    QCOMPARE(a.status, 415);
    // Nothing else was disturbed: the session still works.
    QCOMPARE(c.call(u"tools/list"_s).result().value("tools"_L1).toArray().size(), 3);
}

void TestGateway::sessionSurvivesAKilledUpstream()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200); // the gateway learns that echo is read-only
    const qint64 before = pid(u"fx"_s);
    QVERIFY(before > 0);
    QCOMPARE(::kill(pid_t(before), SIGKILL), 0);
    // At once, before Lifeline has brought it back: the call waits (or is replayed) and then works.
    QElapsedTimer clock;
    clock.start();
    const Answer a = c.call(u"tools/call"_s,
        {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "still here"_L1}}}});
    QCOMPARE(a.status, 200);
    QCOMPARE(text(a), u"still here"_s);
    QTRY_VERIFY_WITH_TIMEOUT(pid(u"fx"_s) > 0 && pid(u"fx"_s) != before, 5000);
    qInfo("a call sent right after the SIGKILL was answered in %lld ms", clock.elapsed());
    // The same Mcp-Session-Id keeps working.
    QCOMPARE(c.call(u"tools/list"_s).result().value("tools"_L1).toArray().size(), 3);
}

void TestGateway::callWaitsForAStoppedServer()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    m_engine->stopServer(u"fx"_s);
    QTRY_COMPARE(state(u"fx"_s), u"offline"_s);
    QNetworkReply *pending = c.send(
        u"tools/call"_s, {{"name"_L1, "add"_L1}, {"arguments"_L1, QJsonObject {{"a"_L1, 2}, {"b"_L1, 3}}}});
    // Still waiting while the server is offline.
    QVERIFY(!QTest::qWaitFor([pending] { return pending->isFinished(); }, 300));
    m_engine->startServer(u"fx"_s);
    const Answer a = Client::wait(pending);
    QCOMPARE(a.status, 200);
    QCOMPARE(text(a), u"5"_s);
}

void TestGateway::callForAServerThatStaysDownFails()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    m_engine->stopServer(u"fx"_s);
    QTRY_COMPARE(state(u"fx"_s), u"offline"_s);
    QElapsedTimer clock;
    clock.start();
    const Answer a = c.call(u"tools/list"_s);
    QVERIFY(clock.elapsed() >= kWaitForMemberMs - 100);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.error().value("code"_L1).toInt(), Gateway::kErrorCode);
    QVERIFY2(a.error().value("message"_L1).toString().contains(u"fx is offline; waited 3 s"_s),
        qPrintable(a.error().value("message"_L1).toString()));
    QCOMPARE(
        a.error().value("data"_L1).toObject().value("lifeline"_L1).toObject().value("reason"_L1).toString(),
        u"unavailable"_s);
    m_engine->startServer(u"fx"_s);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx"_s), u"healthy"_s, 5000);
}

void TestGateway::nonIdempotentCallLostInFlightIsNotRetried()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200); // sleep is not annotated: not idempotent
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx"_s), u"healthy"_s, 5000);
    const int before = int(m_sent.count(u"fx tools/call"_s));
    QNetworkReply *pending
        = c.send(u"tools/call"_s, {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 5000}}}});
    QVERIFY(sentUpstream(u"fx"_s, u"tools/call"_s, before + 1));
    QCOMPARE(::kill(pid_t(pid(u"fx"_s)), SIGKILL), 0);
    const Answer a = Client::wait(pending);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.error().value("code"_L1).toInt(), Gateway::kErrorCode);
    QCOMPARE(a.error().value("message"_L1).toString(),
        u"fx restarted during tools/call; not retried: not idempotent"_s);
    const QJsonObject data = a.error().value("data"_L1).toObject().value("lifeline"_L1).toObject();
    QCOMPARE(data.value("tool"_L1).toString(), u"sleep"_s);
    QCOMPARE(data.value("failure"_L1).toString(), u"process_exit"_s);
    QCOMPARE(m_sent.count(u"fx tools/call"_s), before + 1); // sent once, never again
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx"_s), u"healthy"_s, 5000);
}

void TestGateway::readOnlyCallLostInFlightIsReplayed()
{
    // slow answers everything after 600 ms: time to kill it while tools/list and echo are out.
    Client c(&m_nam, url(u"/mcp/servers/slow"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200);
    const int lists = int(m_sent.count(u"slow tools/list"_s));
    const int calls = int(m_sent.count(u"slow tools/call"_s));
    QNetworkReply *list = c.send(u"tools/list"_s);
    QNetworkReply *echo = c.send(
        u"tools/call"_s, {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "again"_L1}}}});
    QVERIFY(sentUpstream(u"slow"_s, u"tools/list"_s, lists + 1));
    QVERIFY(sentUpstream(u"slow"_s, u"tools/call"_s, calls + 1));
    QCOMPARE(::kill(pid_t(pid(u"slow"_s)), SIGKILL), 0);
    const Answer l = Client::wait(list);
    const Answer e = Client::wait(echo);
    QCOMPARE(l.result().value("tools"_L1).toArray().size(), 3);
    QCOMPARE(text(e), u"again"_s);
    // Each went upstream a second time, to the restarted server.
    QCOMPARE(m_sent.count(u"slow tools/list"_s), lists + 2);
    QCOMPARE(m_sent.count(u"slow tools/call"_s), calls + 2);
}

// An HTTP upstream that is gone refuses the connection: not a byte of the call reached it, so even
// a call that is not idempotent (sleep) waits and goes again once the server is back — and the
// server runs it exactly once. Between the kill and the call no check notices (2 s interval), so
// the gateway really sends it into the refused connection first.
void TestGateway::callThatNeverReachedAnHttpUpstreamIsSentAgain()
{
    int port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QStringList onPort {u"--port"_s, QString::number(port)}; // the fixture takes the last --port
    auto fx = std::make_unique<HttpFixture>(onPort);
    QVERIFY(fx->ok());
    MonitorSettings s = fastSettings();
    s.intervalMs = 2000;
    s.restart.circuit.minimumCalls = 1000; // the outage's failed checks must not open the breaker
    Config config = m_config;
    config.servers.append(remote(fx->url(), TransportKind::StreamableHttp, u"httpdown"_s, s));
    m_engine->applyConfig(config);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"httpdown"_s), u"healthy"_s, 10000);
    Client c(&m_nam, url(u"/mcp/servers/httpdown"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200); // sleep is not annotated: not idempotent
    const int before = int(m_sent.count(u"httpdown tools/call"_s));

    const qint64 oldPid = fx->pid();
    QCOMPARE(::kill(pid_t(oldPid), SIGKILL), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(oldPid), 5000);
    QVERIFY(!fx->stderrText().contains(u"(sleep)"_s));
    fx.reset();
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *pending
        = c.send(u"tools/call"_s, {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 1}}}});
    QVERIFY(sentUpstream(u"httpdown"_s, u"tools/call"_s, before + 1)); // into the refused connection
    QVERIFY2(
        !QTest::qWaitFor([pending] { return pending->isFinished(); }, 300), pending->readAll().constData());
    fx = std::make_unique<HttpFixture>(onPort);
    QVERIFY(fx->ok());
    const Answer a = Client::wait(pending, kWaitForMemberMs + 2000);
    QCOMPARE(a.status, 200);
    QVERIFY2(a.error().isEmpty(), QJsonDocument(a.body).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(text(a), u"slept"_s);
    qInfo("a call refused by a stopped HTTP upstream was answered %lld ms after it was made (server "
          "started again meanwhile)",
        clock.elapsed());
    QCOMPARE(m_sent.count(u"httpdown tools/call"_s), before + 2); // refused once, then delivered
    QCOMPARE(fx->stderrText().count(u"<- tools/call"_s), 1); // the server ran it exactly once
    m_engine->applyConfig(m_config);
    QTRY_VERIFY_WITH_TIMEOUT(state(u"httpdown"_s).isEmpty(), 10000);
}

void TestGateway::groupCallsFollowTheActiveMember()
{
    Client c(&m_nam, url(u"/mcp/groups/pair"_s));
    QVERIFY(c.initialize());
    const QJsonObject echo {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "group"_L1}}}};
    QCOMPARE(text(c.call(u"tools/call"_s, echo)), u"group"_s);
    QCOMPARE(m_sent.last(), u"primary tools/call"_s);
    m_engine->stopServer(u"primary"_s);
    QTRY_COMPARE(server(u"backup"_s).value("active_member"_L1).toString(), u"backup"_s);
    QCOMPARE(text(c.call(u"tools/call"_s, echo)), u"group"_s);
    QCOMPARE(m_sent.last(), u"backup tools/call"_s);
    m_engine->startServer(u"primary"_s);
}

void TestGateway::roundRobinTakesEachMemberInTurn()
{
    Client c(&m_nam, url(u"/mcp/groups/spread"_s));
    QVERIFY(c.initialize());
    QStringList served;
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(c.call(u"tools/list"_s).status, 200);
        served.append(m_sent.last());
    }
    QCOMPARE(served.count(u"r1 tools/list"_s), 2);
    QCOMPARE(served.count(u"r2 tools/list"_s), 2);
    for (int i = 1; i < served.size(); ++i)
        QVERIFY2(served[i] != served[i - 1], qPrintable(served.join(u", "_s)));
}

void TestGateway::leastLatencyTakesTheFastestMember()
{
    // far is the primary and active, but answers 100 ms later than near.
    QCOMPARE(server(u"far"_s).value("active_member"_L1).toString(), u"far"_s);
    Client c(&m_nam, url(u"/mcp/groups/nearest"_s));
    QVERIFY(c.initialize());
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(c.call(u"tools/list"_s).status, 200);
        QCOMPARE(m_sent.last(), u"near tools/list"_s);
    }
}

void TestGateway::cancellationReachesTheServer()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    const int before = int(m_sent.count(u"fx tools/call"_s));
    QNetworkReply *pending = c.send(
        u"tools/call"_s, {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 10000}}}});
    QVERIFY(sentUpstream(u"fx"_s, u"tools/call"_s, before + 1));
    const int id = 2; // initialize was 1
    Client::wait(c.post(
        QJsonDocument(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/cancelled"_L1},
                          {"params"_L1, QJsonObject {{"requestId"_L1, id}, {"reason"_L1, "user"_L1}}}})
            .toJson(QJsonDocument::Compact)));
    const Answer a = Client::wait(pending, 5000);
    QVERIFY(a.finished);
    QCOMPARE(a.error().value("code"_L1).toInt(), -32800);
    // The server heard of it: its log says the sleep was cancelled.
    QTRY_VERIFY_WITH_TIMEOUT(server(u"fx"_s)
                                 .value("stderr_tail"_L1)
                                 .toVariant()
                                 .toStringList()
                                 .join(u'\n')
                                 .contains(u"cancelled tools/call"_s),
        5000);
}

void TestGateway::thousandConcurrentCallsAreAllAnswered()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    // Each on its own connection, all out at once, each waiting 300 ms at the server.
    constexpr int kCalls = 1000;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    std::vector<QByteArray> received(kCalls);
    for (int i = 0; i < kCalls; ++i) {
        const QByteArray body = QJsonDocument(
            QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, i}, {"method"_L1, "tools/call"_L1},
                {"params"_L1,
                    QJsonObject {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 300}}}}}})
                                    .toJson(QJsonDocument::Compact);
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(QHostAddress::LocalHost, m_status->port());
        s->write("POST /mcp/servers/fx HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Mcp-Session-Id: "
            + c.sessionId() + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        sockets.push_back(std::move(s));
    }
    // Meanwhile another client of another server is served as usual.
    Client other(&m_nam, url(u"/mcp/servers/primary"_s));
    QVERIFY(other.initialize());
    QCOMPARE(other.call(u"tools/list"_s).result().value("tools"_L1).toArray().size(), 3);
    int answered = 0;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     answered = 0;
                     for (int i = 0; i < kCalls; ++i) {
                         received[i] += sockets[i]->readAll();
                         answered += received[i].contains("\"slept\"") ? 1 : 0;
                     }
                     return answered == kCalls;
                 },
                 30000),
        qPrintable(u"%1 of %2 answered"_s.arg(answered).arg(kCalls)));
    for (int i = 0; i < kCalls; ++i) {
        QVERIFY(received[i].startsWith("HTTP/1.1 200"));
        QVERIFY(received[i].contains("\"id\":" + QByteArray::number(i) + ','));
    }
}

void TestGateway::serverEverythingThroughTheGateway()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QTRY_COMPARE_WITH_TIMEOUT(state(u"everything"_s), u"healthy"_s, 30000);
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    QVERIFY(c.initializeResult()
                .value("serverInfo"_L1)
                .toObject()
                .value("name"_L1)
                .toString()
                .contains(u"everything"_s));
    const Answer list = c.call(u"tools/list"_s);
    bool hasEcho = false;
    for (const QJsonValue &t : list.result().value("tools"_L1).toArray())
        hasEcho |= t.toObject().value("name"_L1).toString() == "echo"_L1;
    QVERIFY(hasEcho);
    const Answer a = c.call(u"tools/call"_s,
        {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"message"_L1, "hello"_L1}}}});
    QCOMPARE(a.status, 200);
    QVERIFY2(text(a).contains(u"hello"_s), qPrintable(text(a)));
}

void TestGateway::samplingRequestIsRelayedToTheClientAndBack()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QTRY_COMPARE_WITH_TIMEOUT(state(u"everything"_s), u"healthy"_s, 30000);
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    QJsonValue relayedId;
    QElapsedTimer clock;
    qint64 askedAtUs = 0;
    clock.start();
    const Streamed s
        = readStream(c.send(u"tools/call"_s,
                         {{"name"_L1, "trigger-sampling-request"_L1},
                             {"arguments"_L1, QJsonObject {{"prompt"_L1, "ping"_L1}, {"maxTokens"_L1, 5}}}}),
            [&](const QJsonObject &m) {
                if (m.value("method"_L1).toString() != "sampling/createMessage"_L1)
                    return;
                relayedId = m.value("id"_L1);
                askedAtUs = clock.nsecsElapsed() / 1000;
                c.post(compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, relayedId},
                    {"result"_L1,
                        QJsonObject {{"role"_L1, "assistant"_L1}, {"model"_L1, "tst-model"_L1},
                            {"stopReason"_L1, "endTurn"_L1},
                            {"content"_L1,
                                QJsonObject {
                                    {"type"_L1, "text"_L1}, {"text"_L1, "pong from the client"_L1}}}}}}));
            });
    const qint64 totalUs = clock.nsecsElapsed() / 1000;
    QVERIFY(s.finished);
    qInfo("sampling through the gateway: the server's request reached the client %.1f ms after the call; "
          "the answer came %.1f ms after the client's reply was sent",
        askedAtUs / 1000.0, (totalUs - askedAtUs) / 1000.0);
    QVERIFY2(s.contentType.startsWith("text/event-stream"), s.contentType.constData());
    QVERIFY2(relayedId.toString().startsWith(u"lifeline-relay-"_s), qPrintable(relayedId.toString()));
    const QString answer = s.answer()
                               .value("result"_L1)
                               .toObject()
                               .value("content"_L1)
                               .toArray()
                               .first()
                               .toObject()
                               .value("text"_L1)
                               .toString();
    QVERIFY2(answer.contains(u"pong from the client"_s), qPrintable(answer));
    // The session still answers plain JSON where nothing is relayed.
    QCOMPARE(c.call(u"tools/list"_s).status, 200);
}

void TestGateway::elicitationRequestIsRelayedToTheClientAndBack()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QTRY_COMPARE_WITH_TIMEOUT(state(u"everything"_s), u"healthy"_s, 30000);
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    bool asked = false;
    const Streamed s
        = readStream(c.send(u"tools/call"_s,
                         {{"name"_L1, "trigger-elicitation-request"_L1}, {"arguments"_L1, QJsonObject {}}}),
            [&](const QJsonObject &m) {
                if (m.value("method"_L1).toString() != "elicitation/create"_L1)
                    return;
                asked = true;
                c.post(compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m.value("id"_L1)},
                    {"result"_L1, QJsonObject {{"action"_L1, "decline"_L1}}}}));
            });
    QVERIFY(s.finished);
    QVERIFY(asked);
    const QByteArray answer = compact(s.answer());
    QVERIFY2(s.answer().contains("result"_L1) && answer.contains("decline"), answer.constData());
}

void TestGateway::progressReachesTheClientWithItsOwnToken()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QTRY_COMPARE_WITH_TIMEOUT(state(u"everything"_s), u"healthy"_s, 30000);
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    const Streamed s
        = readStream(c.send(u"tools/call"_s,
                         {{"name"_L1, "trigger-long-running-operation"_L1},
                             {"arguments"_L1, QJsonObject {{"duration"_L1, 0.4}, {"steps"_L1, 2}}},
                             {"_meta"_L1, QJsonObject {{"progressToken"_L1, "tok-7"_L1}}}}),
            {});
    QVERIFY(s.finished);
    QList<double> progress;
    for (const QJsonObject &m : s.events) {
        if (m.value("method"_L1).toString() == "notifications/progress"_L1) {
            QCOMPARE(m.value("params"_L1).toObject().value("progressToken"_L1).toString(), u"tok-7"_s);
            progress.append(m.value("params"_L1).toObject().value("progress"_L1).toDouble());
        }
    }
    QCOMPARE(progress, (QList<double> {1, 2}));
    QVERIFY2(
        compact(s.answer()).contains("Long running operation completed"), compact(s.answer()).constData());
}

void TestGateway::requestWithNoClientBehindItIsAnsweredWithAnError()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    // server-everything asks for roots/list right after initialize, when no call is out: our
    // answer is the error it logs.
    QTRY_VERIFY_WITH_TIMEOUT(server(u"everything"_s)
                                 .value("stderr_tail"_L1)
                                 .toVariant()
                                 .toStringList()
                                 .join(u'\n')
                                 .contains(u"no client is waiting on a call"_s),
        10000);
}

void TestGateway::deletingASessionCancelsItsCallsUpstream()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    const int before = int(m_sent.count(u"fx tools/call"_s));
    QNetworkReply *pending = c.send(
        u"tools/call"_s, {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 10000}}}});
    QVERIFY(sentUpstream(u"fx"_s, u"tools/call"_s, before + 1));
    const auto cancelledLines = [this] {
        return server(u"fx"_s)
            .value("stderr_tail"_L1)
            .toVariant()
            .toStringList()
            .filter(u"cancelled tools/call"_s);
    };
    const QStringList cancelledBefore = cancelledLines(); // upstream ids differ: a new line is new
    QNetworkRequest r(url(u"/mcp/servers/fx"_s));
    r.setRawHeader("Mcp-Session-Id", c.sessionId());
    QNetworkReply *del = m_nam.deleteResource(r);
    QTRY_VERIFY_WITH_TIMEOUT(del->isFinished(), 5000);
    QCOMPARE(del->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
    del->deleteLater();
    const Answer a = Client::wait(pending, 5000);
    QVERIFY(a.finished);
    QCOMPARE(a.error().value("code"_L1).toInt(), -32800);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::ranges::any_of(cancelledLines(), [&](const QString &l) { return !cancelledBefore.contains(l); }),
        5000);
}

void TestGateway::getStreamCarriesNotificationsNotTiedToACall()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QTRY_COMPARE_WITH_TIMEOUT(state(u"everything"_s), u"healthy"_s, 30000);
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    QNetworkRequest r(url(u"/mcp/servers/everything"_s));
    r.setRawHeader("Accept", "text/event-stream");
    // Without a session, or without text/event-stream in Accept: refused.
    QNetworkReply *bad = m_nam.get(r);
    QTRY_VERIFY_WITH_TIMEOUT(bad->isFinished(), 5000);
    QCOMPARE(bad->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    bad->deleteLater();
    r.setRawHeader("Mcp-Session-Id", c.sessionId());
    QNetworkRequest json = r;
    json.setRawHeader("Accept", "application/json");
    bad = m_nam.get(json);
    QTRY_VERIFY_WITH_TIMEOUT(bad->isFinished(), 5000);
    QCOMPARE(bad->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 406);
    bad->deleteLater();

    QNetworkReply *stream = m_nam.get(r);
    QByteArray received;
    connect(stream, &QNetworkReply::readyRead, this, [&] { received += stream->readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200, 5000);
    QVERIFY(stream->header(QNetworkRequest::ContentTypeHeader).toByteArray().startsWith("text/event-stream"));
    const QString uri = u"demo://resource/static/document/architecture.md"_s;
    const auto call = [&](const QString &method, const QJsonObject &params) {
        return readStream(c.send(method, params), {}).answer();
    };
    QVERIFY(call(u"resources/subscribe"_s, {{"uri"_L1, uri}}).contains("result"_L1));
    // Its updates start at once and come every 5 s, with no call out: the GET stream gets them.
    QVERIFY(
        call(u"tools/call"_s, {{"name"_L1, "toggle-subscriber-updates"_L1}, {"arguments"_L1, QJsonObject {}}})
            .contains("result"_L1));
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("notifications/resources/updated"), 12000);
    QVERIFY2(received.contains(uri.toUtf8()), received.constData());
    // Stopped again: server-everything's session is every client's (and the next test's).
    call(u"tools/call"_s, {{"name"_L1, "toggle-subscriber-updates"_L1}, {"arguments"_L1, QJsonObject {}}});
    call(u"resources/unsubscribe"_s, {{"uri"_L1, uri}});
    stream->abort();
    stream->deleteLater();
}

void TestGateway::clientThatTakesOnlyJsonGetsNoStream()
{
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    QNetworkRequest r(url(u"/mcp/servers/everything"_s));
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    r.setRawHeader("Accept", "application/json");
    r.setRawHeader("Mcp-Session-Id", c.sessionId());
    // The server's sampling request cannot reach this client: the server hears an error, which
    // its tool reports, and the answer is plain JSON.
    const Streamed s
        = readStream(m_nam.post(r,
                         compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 9}, {"method"_L1, "tools/call"_L1},
                             {"params"_L1,
                                 QJsonObject {{"name"_L1, "trigger-sampling-request"_L1},
                                     {"arguments"_L1, QJsonObject {{"prompt"_L1, "x"_L1}}}}}})),
            {});
    QVERIFY(s.finished);
    QVERIFY2(s.contentType.startsWith("application/json"), s.contentType.constData());
    QCOMPARE(s.events.size(), 1);
    QVERIFY2(
        compact(s.answer()).contains("does not accept text/event-stream"), compact(s.answer()).constData());
}

void TestGateway::listChangedReachesTheGetStreamOfEachSessionOfThatServer()
{
    // A server of its own: after 15 requests its tools change and it says so, unasked.
    Config config = m_config;
    MonitorSettings slow = fastSettings();
    slow.intervalMs = 5000; // few probes: our calls are what counts the requests
    config.servers.append(stdioFixture({u"--tools-change-after"_s, u"15"_s}, u"changing"_s, slow));
    m_engine->applyConfig(config);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"changing"_s), u"healthy"_s, 10000);
    const auto openStream = [this](const QString &path, const QByteArray &sessionId) {
        QNetworkRequest r(url(path));
        r.setRawHeader("Accept", "text/event-stream");
        r.setRawHeader("Mcp-Session-Id", sessionId);
        return m_nam.get(r);
    };
    Client a(&m_nam, url(u"/mcp/servers/changing"_s));
    Client b(&m_nam, url(u"/mcp/servers/changing"_s));
    Client other(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(a.initialize() && b.initialize() && other.initialize());
    QNetworkReply *streams[] = {openStream(u"/mcp/servers/changing"_s, a.sessionId()),
        openStream(u"/mcp/servers/changing"_s, b.sessionId()),
        openStream(u"/mcp/servers/fx"_s, other.sessionId())};
    QByteArray received[3];
    for (int i = 0; i < 3; ++i) {
        connect(
            streams[i], &QNetworkReply::readyRead, this, [&, i] { received[i] += streams[i]->readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(
            streams[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200, 5000);
    }
    const auto told = [&](int i) { return received[i].contains("notifications/tools/list_changed"); };
    for (int call = 0; call < 30 && !(told(0) && told(1)); ++call)
        QCOMPARE(a.call(u"tools/list"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(told(0) && told(1), 5000);
    QVERIFY(!told(2)); // fx's clients hear nothing of it
    // A DELETE ends the session's stream too.
    QNetworkRequest del(url(u"/mcp/servers/changing"_s));
    del.setRawHeader("Mcp-Session-Id", a.sessionId());
    m_nam.deleteResource(del)->deleteLater();
    QTRY_VERIFY_WITH_TIMEOUT(streams[0]->isFinished(), 5000);
    for (QNetworkReply *s : streams) {
        s->abort();
        s->deleteLater();
    }
    m_engine->applyConfig(m_config);
    QTRY_VERIFY_WITH_TIMEOUT(state(u"changing"_s).isEmpty(), 10000);
}

void TestGateway::rootsListIsRelayedAndAnswered()
{
    // The fixture's "ask" tool sends the client a request and answers with the client's answer.
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    const Streamed s = readStream(
        c.send(u"tools/call"_s,
            {{"name"_L1, "ask"_L1}, {"arguments"_L1, QJsonObject {{"method"_L1, "roots/list"_L1}}}}),
        [&](const QJsonObject &m) {
            if (m.value("method"_L1).toString() == "roots/list"_L1)
                c.post(compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m.value("id"_L1)},
                    {"result"_L1,
                        QJsonObject {{"roots"_L1,
                            QJsonArray {
                                QJsonObject {{"uri"_L1, "file:///srv/tst"_L1}, {"name"_L1, "tst"_L1}}}}}}}));
        });
    QVERIFY(s.finished);
    QCOMPARE(s.events.size(), 2); // the request, then the answer
    QVERIFY2(compact(s.answer()).contains("file:///srv/tst"), compact(s.answer()).constData());
}

void TestGateway::clientNotificationsReachTheServersBehindTheTarget()
{
    // The fixture logs every notification it gets ("<- method (notification)") on stderr.
    const auto heard = [this](const QString &name, const QString &method) {
        return int(server(name)
                       .value("stderr_tail"_L1)
                       .toVariant()
                       .toStringList()
                       .join(u'\n')
                       .count(u"<- %1 (notification)"_s.arg(method)));
    };
    const QString changed = u"notifications/roots/list_changed"_s;
    const QJsonObject roots {{"roots"_L1, QJsonObject {{"listChanged"_L1, true}}}};

    // A server: initialized stays Lifeline's (the upstream heard its own, once); an unknown
    // notification is accepted and dropped; roots/list_changed goes upstream.
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    const int initializedBefore = heard(u"fx"_s, u"notifications/initialized"_s);
    const int changedBefore = heard(u"fx"_s, changed);
    QVERIFY(c.initialize(roots));
    QCOMPARE(Client::wait(c.notify(u"notifications/made_up"_s)).status, 202);
    QCOMPARE(Client::wait(c.notify(changed)).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(heard(u"fx"_s, changed), changedBefore + 1, 5000);
    const QString tail = server(u"fx"_s).value("stderr_tail"_L1).toVariant().toStringList().join(u'\n');
    QVERIFY2(!tail.contains(u"notifications/made_up"_s), qPrintable(tail)); // it came first: not sent
    QVERIFY(heard(u"fx"_s, u"notifications/initialized"_s) <= initializedBefore);

    // A client that did not declare roots has none to change: nothing goes upstream.
    Client rootless(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(rootless.initialize({{"sampling"_L1, QJsonObject {}}}));
    QCOMPARE(Client::wait(rootless.notify(changed)).status, 202);

    // A failover group: its active member hears it, the other does not.
    const QString active = server(u"primary"_s).value("active_member"_L1).toString();
    QVERIFY(active == "primary"_L1 || active == "backup"_L1);
    const QString other = active == "primary"_L1 ? u"backup"_s : u"primary"_s;
    const int activeBefore = heard(active, changed);
    const int otherBefore = heard(other, changed);
    Client g(&m_nam, url(u"/mcp/groups/pair"_s));
    QVERIFY(g.initialize(roots));
    QCOMPARE(Client::wait(g.notify(changed)).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(heard(active, changed), activeBefore + 1, 5000);
    // By now the rootless client's notification would have reached fx too.
    QCOMPARE(heard(u"fx"_s, changed), changedBefore + 1);
    QCOMPARE(heard(other, changed), otherBefore);

    // A group that spreads its calls: every member up may serve the client, so each hears it.
    const int r1Before = heard(u"r1"_s, changed);
    const int r2Before = heard(u"r2"_s, changed);
    Client spread(&m_nam, url(u"/mcp/groups/spread"_s));
    QVERIFY(spread.initialize(roots));
    QCOMPARE(Client::wait(spread.notify(changed)).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(heard(u"r1"_s, changed), r1Before + 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(heard(u"r2"_s, changed), r2Before + 1, 5000);
}

void TestGateway::rootsListChangedMakesTheServerAskTheClientAgain()
{
    // server-everything asks roots/list again when told the roots changed, then logs how many it
    // got. No call is out: the request reaches the client on its GET stream, the log too.
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QTRY_COMPARE_WITH_TIMEOUT(state(u"everything"_s), u"healthy"_s, 30000);
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize({{"roots"_L1, QJsonObject {{"listChanged"_L1, true}}}}));
    QNetworkRequest r(url(u"/mcp/servers/everything"_s));
    r.setRawHeader("Accept", "text/event-stream");
    r.setRawHeader("Mcp-Session-Id", c.sessionId());
    QNetworkReply *stream = m_nam.get(r);
    QByteArray received;
    QList<QJsonObject> events;
    connect(stream, &QNetworkReply::readyRead, this, [&] {
        received += stream->readAll();
        qsizetype end;
        while ((end = received.indexOf("\n\n")) >= 0) {
            for (const QByteArray &l : received.left(end).split('\n')) {
                if (l.startsWith("data:"))
                    events.append(QJsonDocument::fromJson(l.mid(5).trimmed()).object());
            }
            received.remove(0, end + 2);
        }
    });
    QTRY_COMPARE_WITH_TIMEOUT(stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200, 5000);
    QCOMPARE(Client::wait(c.notify(u"notifications/roots/list_changed"_s)).status, 202);
    const auto find = [&](const std::function<bool(const QJsonObject &)> &what) {
        const auto it = std::find_if(events.cbegin(), events.cend(), what);
        return it == events.cend() ? QJsonObject {} : *it;
    };
    const auto asked
        = [](const QJsonObject &e) { return e.value("method"_L1).toString() == "roots/list"_L1; };
    QTRY_VERIFY_WITH_TIMEOUT(!find(asked).isEmpty(), 10000);
    const QJsonObject ask = find(asked);
    QVERIFY2(ask.value("id"_L1).toString().startsWith(u"lifeline-relay-"_s), compact(ask).constData());
    QCOMPARE(Client::wait(c.post(compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, ask.value("id"_L1)},
                              {"result"_L1,
                                  QJsonObject {{"roots"_L1,
                                      QJsonArray {QJsonObject {{"uri"_L1, "file:///srv/a"_L1}},
                                          QJsonObject {{"uri"_L1, "file:///srv/b"_L1}}}}}}})))
                 .status,
        202);
    // Its log message says it got both: the answer went upstream under its own id.
    QTRY_VERIFY_WITH_TIMEOUT(!find([](const QJsonObject &e) {
        return e.value("method"_L1).toString() == "notifications/message"_L1
            && compact(e).contains("Roots updated: 2 root(s)");
    }).isEmpty(),
        10000);
    stream->abort();
    stream->deleteLater();
}

void TestGateway::upstreamCancellationOfARelayedRequestReachesTheClient()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    // The fixture gives up on its request after 300 ms: the client hears it under the relayed id.
    const Streamed s = readStream(c.send(u"tools/call"_s,
                                      {{"name"_L1, "ask"_L1},
                                          {"arguments"_L1,
                                              QJsonObject {{"method"_L1, "elicitation/create"_L1},
                                                  {"params"_L1, QJsonObject {{"message"_L1, "name?"_L1}}},
                                                  {"cancelAfterMs"_L1, 300}}}}),
        {});
    QVERIFY(s.finished);
    QCOMPARE(s.events.size(), 3);
    const QJsonObject asked = s.events.at(0);
    const QJsonObject cancelled = s.events.at(1);
    QCOMPARE(asked.value("method"_L1).toString(), u"elicitation/create"_s);
    QCOMPARE(cancelled.value("method"_L1).toString(), u"notifications/cancelled"_s);
    QCOMPARE(cancelled.value("params"_L1).toObject().value("requestId"_L1), asked.value("id"_L1));
    QVERIFY2(compact(s.answer()).contains("gave up"), compact(s.answer()).constData());
    // An answer after the cancellation is accepted and goes nowhere.
    const Answer late = Client::wait(c.post(compact({{"jsonrpc"_L1, "2.0"_L1},
        {"id"_L1, asked.value("id"_L1)}, {"result"_L1, QJsonObject {{"action"_L1, "decline"_L1}}}})));
    QCOMPARE(late.status, 202);
}

void TestGateway::requestFromAStreamableHttpUpstreamIsRelayed()
{
    HttpFixture fx({});
    QVERIFY(fx.ok());
    Config config = m_config;
    config.servers.append(remote(fx.url(), TransportKind::StreamableHttp, u"httpfx"_s));
    m_engine->applyConfig(config);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"httpfx"_s), u"healthy"_s, 10000);
    Client c(&m_nam, url(u"/mcp/servers/httpfx"_s));
    QVERIFY(c.initialize());
    const Streamed s = readStream(
        c.send(u"tools/call"_s,
            {{"name"_L1, "ask"_L1}, {"arguments"_L1, QJsonObject {{"method"_L1, "roots/list"_L1}}}}),
        [&](const QJsonObject &m) {
            if (m.value("method"_L1).toString() == "roots/list"_L1)
                c.post(compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m.value("id"_L1)},
                    {"result"_L1, QJsonObject {{"roots"_L1, QJsonArray {}}}}}));
        },
        10000);
    m_engine->applyConfig(m_config);
    QVERIFY(s.finished);
    QVERIFY2(compact(s.answer()).contains("roots"), compact(s.answer()).constData());
    QTRY_VERIFY_WITH_TIMEOUT(state(u"httpfx"_s).isEmpty(), 10000);
}

void TestGateway::requestOnAPostStreamGoesToTheCallThatPostCarried()
{
    // Two calls from two clients in flight on one HTTP upstream session; the server asks on the
    // OLDER call's POST stream. The rule for stdio (the newest call in flight) would pick the
    // newer call's client: the POST stream names the right one.
    HttpFixture fx({});
    QVERIFY(fx.ok());
    Config config = m_config;
    config.servers.append(remote(fx.url(), TransportKind::StreamableHttp, u"httppost"_s));
    m_engine->applyConfig(config);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"httppost"_s), u"healthy"_s, 10000);
    Client older(&m_nam, url(u"/mcp/servers/httppost"_s));
    Client newer(&m_nam, url(u"/mcp/servers/httppost"_s));
    QVERIFY(older.initialize());
    QVERIFY(newer.initialize());

    constexpr int kAskAfterMs = 1500;
    QElapsedTimer sinceAsk;
    sinceAsk.start();
    QNetworkReply *olderReply = older.send(u"tools/call"_s,
        {{"name"_L1, "ask"_L1},
            {"arguments"_L1,
                QJsonObject {{"method"_L1, "roots/list"_L1}, {"afterMs"_L1, kAskAfterMs},
                    {"onPostStream"_L1, true}, {"log"_L1, "asking for the older call"_L1}}}});
    QVERIFY(sentUpstream(u"httppost"_s, u"tools/call"_s, 1));
    QNetworkReply *newerReply = newer.send(
        u"tools/call"_s, {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 4000}}}});
    QVERIFY(sentUpstream(u"httppost"_s, u"tools/call"_s, 2));
    if (sinceAsk.elapsed() > kAskAfterMs - 300)
        QSKIP("the second call went out too late to overlap the first one's request");

    const auto answerRoots = [](Client &c, const char *uri) {
        return [&c, uri](const QJsonObject &m) {
            if (m.value("method"_L1).toString() == "roots/list"_L1)
                c.post(compact({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m.value("id"_L1)},
                    {"result"_L1,
                        QJsonObject {{"roots"_L1,
                            QJsonArray {QJsonObject {{"uri"_L1, QString::fromLatin1(uri)}}}}}}}));
        };
    };
    const Streamed a = readStream(olderReply, answerRoots(older, "file:///older"), 10000);
    const Streamed b = readStream(newerReply, answerRoots(newer, "file:///newer"), 10000);
    m_engine->applyConfig(m_config);
    const auto count = [](const Streamed &s, QLatin1StringView method) {
        return int(std::count_if(s.events.cbegin(), s.events.cend(),
            [method](const QJsonObject &m) { return m.value("method"_L1).toString() == method; }));
    };
    QVERIFY(a.finished);
    QVERIFY(b.finished);
    // The log message on that stream too (the newer call's client would get it by the stdio rule).
    QCOMPARE(count(a, "notifications/message"_L1), 1);
    QCOMPARE(count(b, "notifications/message"_L1), 0);
    QCOMPARE(count(a, "roots/list"_L1), 1);
    QCOMPARE(count(b, "roots/list"_L1), 0);
    QVERIFY2(compact(a.answer()).contains("file:///older"), compact(a.answer()).constData());
    QVERIFY2(compact(b.answer()).contains("slept"), compact(b.answer()).constData());
    QTRY_VERIFY_WITH_TIMEOUT(state(u"httppost"_s).isEmpty(), 10000);
}

void TestGateway::clientWithoutTheCapabilityIsNotAsked()
{
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize({{"roots"_L1, QJsonObject {}}})); // roots only
    const Streamed s
        = readStream(c.send(u"tools/call"_s,
                         {{"name"_L1, "ask"_L1},
                             {"arguments"_L1, QJsonObject {{"method"_L1, "sampling/createMessage"_L1}}}}),
            {});
    QVERIFY(s.finished);
    QCOMPARE(s.events.size(), 1); // the answer alone: nothing was relayed
    QVERIFY2(compact(s.answer()).contains("did not declare the sampling capability"),
        compact(s.answer()).constData());
}

void TestGateway::metricsCountCallsByOutcome()
{
    // What the tests before did to fx and slow, as /metrics tells it.
    QNetworkReply *r = m_nam.get(QNetworkRequest(url(u"/metrics"_s)));
    QVERIFY(QTest::qWaitFor([r] { return r->isFinished(); }, 5000));
    const QByteArray text = r->readAll();
    r->deleteLater();
    auto value = [&text](const QByteArray &series) {
        for (const QByteArray &line : text.split('\n')) {
            if (line.startsWith(series + ' '))
                return line.mid(series.size() + 1).toDouble();
        }
        return -1.0;
    };
    QVERIFY(value(R"(lifeline_gateway_requests_total{server="fx",method="tools/call",outcome="ok"})") >= 3);
    QCOMPARE(
        value(R"(lifeline_gateway_requests_total{server="fx",method="tools/call",outcome="lost"})"), 1.0);
    QCOMPARE(
        value(R"(lifeline_gateway_requests_total{server="fx",method="tools/list",outcome="unavailable"})"),
        1.0);
    QVERIFY(
        value(R"(lifeline_gateway_requests_total{server="fx",method="tools/call",outcome="error"})") >= 1);
    QVERIFY(
        value(R"(lifeline_gateway_requests_total{server="backup",method="tools/call",outcome="ok"})") >= 1);
    // The replayed calls took at least slow's 600 ms, twice over in part.
    QVERIFY(value(R"(lifeline_gateway_request_duration_seconds_count{server="slow"})") >= 3);
    QVERIFY(value(R"(lifeline_gateway_request_duration_seconds_bucket{server="slow",le="0.5"})")
        < value(R"(lifeline_gateway_request_duration_seconds_count{server="slow"})"));
    QVERIFY(text.contains("# TYPE lifeline_gateway_request_duration_seconds histogram"));
}

void TestGateway::toolErrorsAreCountedApartInMetricsAndApi()
{
    const auto figures = [this] { return server(u"fx"_s).value("gateway"_L1).toObject(); };
    const QJsonObject before = figures();
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    for (int i = 0; i < 2; ++i) {
        const Answer a = c.call(u"tools/call"_s,
            {{"name"_L1, "echo"_L1},
                {"arguments"_L1, QJsonObject {{"text"_L1, "nope"_L1}, {"isError"_L1, true}}}});
        QCOMPARE(a.result().value("isError"_L1).toBool(), true); // the tool's answer, passed on as it came
    }
    QNetworkReply *r = m_nam.get(QNetworkRequest(url(u"/metrics"_s)));
    QVERIFY(QTest::qWaitFor([r] { return r->isFinished(); }, 5000));
    const QByteArray text = r->readAll();
    r->deleteLater();
    QVERIFY2(
        text.contains(
            R"(lifeline_gateway_requests_total{server="fx",method="tools/call",outcome="tool_error"} 2)"),
        text.constData());
    // /api: among the call errors, and counted apart (figures are published once a second).
    QTRY_COMPARE_WITH_TIMEOUT(
        figures().value("toolErrors"_L1).toInteger(), before.value("toolErrors"_L1).toInteger() + 2, 5000);
    QCOMPARE(figures().value("toolErrorsLastMinute"_L1).toInteger(), 2);
    QCOMPARE(figures().value("callErrors"_L1).toInteger(), before.value("callErrors"_L1).toInteger() + 2);
    QCOMPARE(state(u"fx"_s), u"healthy"_s);
    QCOMPARE(server(u"fx"_s).value("circuit"_L1).toString(), u"closed"_s);
}

void TestGateway::breakerCountsRealCalls()
{
    // The gateway's gate on its own supervisor: failed calls open the breaker like failed checks.
    MonitorSettings s = fastSettings();
    s.intervalMs = 60000; // one check only: the window holds that success and the calls
    s.restart.circuit.minimumCalls = 3;
    s.restart.circuit.windowSize = 4;
    s.restart.circuit.openForMs = 60000;
    ServerSupervisor sup(stdioFixture({}, u"solo"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE(sup.state(), HealthState::Healthy);
    QVERIFY(sup.allowCall());
    sup.recordCall(true);
    sup.recordCall(false);
    QCOMPARE(sup.snapshot().circuit, CircuitBreaker::State::Closed);
    QVERIFY(sup.allowCall());
    sup.recordCall(false);
    sup.recordCall(false); // half the window failed, or more
    QCOMPARE(sup.snapshot().circuit, CircuitBreaker::State::Open);
    QVERIFY(!sup.allowCall());
    bool announced = false;
    for (const QList<QVariant> &e : std::as_const(events)) {
        const HealthEvent ev = e.first().value<HealthEvent>();
        announced |= ev.kind == HealthEvent::Kind::Circuit && ev.extra.value("to"_L1).toString() == "open"_L1;
    }
    QVERIFY(announced);
    sup.shutdown();
}

void TestGateway::settingsAreReadFromTheConfig()
{
    const QByteArray json = R"({"mcpServers": {}, "lifeline": {"gateway": {"enabled": false,
        "waitForMember": "30s", "callTimeout": "5m", "retry": "never", "maxReplays": 1,
        "strategy": {"search": "round_robin", "docs": "least_latency"}}}})";
    const ConfigLoader::Result r = ConfigLoader::parse(json, u"servers.json"_s);
    QVERIFY(r.ok());
    const GatewaySettings &g = r.config->gateway;
    QCOMPARE(g.enabled, false);
    QCOMPARE(g.waitForMemberMs, 30000);
    QCOMPARE(g.callTimeoutMs, 300000);
    QCOMPARE(g.replaySafeCalls, false);
    QCOMPARE(g.maxReplays, 1);
    QCOMPARE(g.strategyFor(u"search"_s), GatewayStrategy::RoundRobin);
    QCOMPARE(g.strategyFor(u"docs"_s), GatewayStrategy::LeastLatency);
    QCOMPARE(g.strategyFor(u"other"_s), GatewayStrategy::Failover);
    // Without the key: the defaults.
    const ConfigLoader::Result d = ConfigLoader::parse(R"({"mcpServers": {}})", u"servers.json"_s);
    QVERIFY(d.ok());
    QCOMPARE(d.config->gateway, GatewaySettings {});
}

void TestGateway::badSettingsAreNamedWhereTheyAre_data()
{
    QTest::addColumn<QByteArray>("gateway");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not an object") << QByteArray("true") << u"lifeline.gateway"_s;
    QTest::newRow("enabled") << QByteArray(R"({"enabled": "yes"})") << u"lifeline.gateway.enabled"_s;
    QTest::newRow("waitForMember") << QByteArray(R"({"waitForMember": "soon"})")
                                   << u"lifeline.gateway.waitForMember"_s;
    QTest::newRow("callTimeout") << QByteArray(R"({"callTimeout": "2d"})")
                                 << u"lifeline.gateway.callTimeout"_s;
    QTest::newRow("retry") << QByteArray(R"({"retry": "always"})") << u"lifeline.gateway.retry"_s;
    QTest::newRow("maxReplays") << QByteArray(R"({"maxReplays": 99})") << u"lifeline.gateway.maxReplays"_s;
    QTest::newRow("strategy") << QByteArray(R"({"strategy": "random"})") << u"lifeline.gateway.strategy"_s;
    QTest::newRow("a group's strategy")
        << QByteArray(R"({"strategy": {"search": 3}})") << u"lifeline.gateway.strategy.search"_s;
}

void TestGateway::badSettingsAreNamedWhereTheyAre()
{
    QFETCH(QByteArray, gateway);
    QFETCH(QString, expected);
    const ConfigLoader::Result r = ConfigLoader::parse(
        R"({"mcpServers": {}, "lifeline": {"gateway": )" + gateway + "}}", u"servers.json"_s);
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1);
    QVERIFY2(r.errors.first().toString().contains(expected), qPrintable(r.errors.first().toString()));
}

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
