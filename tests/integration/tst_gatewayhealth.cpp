// Real calls through the gateway as health evidence and as figures: a call the upstream never
// answers is a passive check (counted at most once per interval, the next probe brought forward),
// an upstream JSON-RPC error is a call error but a working server, and the per-server call figures
// and per-minute counts reach snapshots and the history's signal. The engine runs on the test's
// thread; the upstream is the fixture server.
#include "fixturehelpers.h"

#include "engine/monitorengine.h"
#include "engine/serversupervisor.h"
#include "gateway/gateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestGatewayHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void init();
    void cleanup();
    void unansweredCallsCountOncePerIntervalAndBringTheProbeForward();
    void upstreamErrorsAreCallErrorsNotHealthFailures();
    void passiveFailuresReachTheThreshold();
    void callFiguresReachSnapshotsAndMinutesAreHandedOver();
    void breakerOpenedByCrashesLetsCallsThroughOnceACheckPasses();
    void toolErrorsAreCountedApartAndLeaveHealthAlone();

private:
    // circuit: the server's breaker; by default kept shut (see start()).
    void start(
        const MonitorSettings &settings, int callTimeoutMs, std::optional<CircuitSettings> circuit = {});
    QStringList circuitMoves(const QSignalSpy &events, qsizetype from = 0) const;
    QJsonObject call(const QString &tool, const QJsonObject &arguments, bool wait = true);
    QList<CheckResult> checks(bool passive) const;

    std::unique_ptr<MonitorEngine> m_engine;
    std::unique_ptr<QSignalSpy> m_checks;
    QHash<quint64, QJsonObject> m_answers;
    int m_nextId = 1;
};

void TestGatewayHealth::init()
{
    m_engine = std::make_unique<MonitorEngine>();
    m_checks = std::make_unique<QSignalSpy>(m_engine.get(), &MonitorEngine::checkFinished);
    connect(m_engine->gateway(), &Gateway::answered, this,
        [this](quint64 ticket, const GatewayAnswer &answer) { m_answers.insert(ticket, answer.toObject()); });
    m_answers.clear();
}

void TestGatewayHealth::cleanup()
{
    m_checks.reset();
    m_engine->shutdown();
    m_engine.reset();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

void TestGatewayHealth::start(
    const MonitorSettings &settings, int callTimeoutMs, std::optional<CircuitSettings> circuit)
{
    GatewaySettings g;
    g.callTimeoutMs = callTimeoutMs;
    g.waitForMemberMs = 2000;
    Config config;
    config.gateway = g;
    ServerConfig fx = stdioFixture({}, u"fx"_s, settings);
    // The breaker also counts the calls; kept shut here so that only the health tracker is tested.
    fx.settings.restart.circuit.minimumCalls = 1000;
    if (circuit)
        fx.settings.restart.circuit = *circuit;
    config.servers = {fx};
    m_engine->applyConfig(config);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->supervisor(u"fx"_s)->state(), HealthState::Healthy, 10000);
}

QJsonObject TestGatewayHealth::call(const QString &tool, const QJsonObject &arguments, bool wait)
{
    const quint64 ticket = Gateway::newTicket();
    const QJsonObject request {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m_nextId++},
        {"method"_L1, "tools/call"_L1},
        {"params"_L1, QJsonObject {{"name"_L1, tool}, {"arguments"_L1, arguments}}}};
    m_engine->gateway()->forward(ticket, Gateway::TargetKind::Server, u"fx"_s, request);
    if (!wait)
        return {};
    if (!QTest::qWaitFor([&] { return m_answers.contains(ticket); }, 10000))
        return {};
    return m_answers.value(ticket);
}

QList<CheckResult> TestGatewayHealth::checks(bool passive) const
{
    QList<CheckResult> out;
    for (const QList<QVariant> &args : std::as_const(*m_checks)) {
        const CheckResult r = args.at(0).value<CheckResult>();
        if (r.passive == passive)
            out.append(r);
    }
    return out;
}

void TestGatewayHealth::unansweredCallsCountOncePerIntervalAndBringTheProbeForward()
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 4000; // long, so that a probe soon after the timeouts was brought forward
    s.timeoutMs = 1000;
    s.failureThreshold = 3;
    start(s, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!checks(false).isEmpty(), 5000); // the first probe is done
    m_checks->clear();
    // Five calls the upstream takes 1.5 s over: each times out at the gateway after 200 ms.
    for (int i = 0; i < 5; ++i)
        call(u"sleep"_s, {{"ms"_L1, 1500}}, false);
    QTRY_COMPARE_WITH_TIMEOUT(m_answers.size(), 5, 5000);
    for (const QJsonObject &a : std::as_const(m_answers))
        QCOMPARE(a.value("error"_L1)["data"_L1]["lifeline"_L1]["reason"_L1].toString(), u"timeout"_s);

    // One passive failure for the five, marked as such …
    QTRY_COMPARE_WITH_TIMEOUT(checks(true).size(), 1, 2000);
    const CheckResult passive = checks(true).constFirst();
    QVERIFY(!passive.ok);
    QCOMPARE(passive.failure.type, FailureType::Timeout);
    QCOMPARE(passive.passiveMethod, u"tools/call"_s);
    QCOMPARE(passive.server, u"fx"_s);
    // … and a probe at once (well inside the 4 s interval) that finds the server answering.
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(!checks(false).isEmpty(), 2500);
    QVERIFY2(clock.elapsed() < 2500, "the probe was not brought forward");
    QVERIFY(checks(false).constFirst().ok);
    QCOMPARE(m_engine->supervisor(u"fx"_s)->state(), HealthState::Healthy);
    QCOMPARE(m_engine->supervisor(u"fx"_s)->snapshot().failuresTotal, 1);

    // Still inside the interval: more timeouts do not count again.
    call(u"sleep"_s, {{"ms"_L1, 1500}}, true);
    QTest::qWait(100);
    QCOMPARE(checks(true).size(), 1);
}

void TestGatewayHealth::upstreamErrorsAreCallErrorsNotHealthFailures()
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 1000;
    start(s, 2000);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject a = call(u"no-such-tool"_s, {});
        QCOMPARE(a.value("error"_L1)["code"_L1].toInt(), -32602); // the upstream's own error, passed on
    }
    QCOMPARE(
        call(u"echo"_s, {{"text"_L1, "hi"_L1}}).value("result"_L1)["content"_L1][0]["text"_L1].toString(),
        u"hi"_s);
    QTest::qWait(300); // any passive check would be emitted synchronously with the answer
    QVERIFY(checks(true).isEmpty());
    QCOMPARE(m_engine->supervisor(u"fx"_s)->state(), HealthState::Healthy);
    const ServerSnapshot snap = m_engine->snapshots().constFirst();
    QCOMPARE(snap.callsTotal, 4);
    QCOMPARE(snap.callErrorsTotal, 3);
    QCOMPARE(snap.callErrorsInWindow, 3);
    QVERIFY(snap.callsPerSecond > 0);
}

void TestGatewayHealth::passiveFailuresReachTheThreshold()
{
    // failureThreshold 1: a single unanswered call is enough, as a single failed probe would be.
    MonitorSettings s = fastSettings();
    s.intervalMs = 5000;
    s.timeoutMs = 1000;
    s.failureThreshold = 1;
    start(s, 200);
    QSignalSpy events(m_engine.get(), &MonitorEngine::eventOccurred);
    call(u"sleep"_s, {{"ms"_L1, 1500}});
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(),
                                 [](const QList<QVariant> &e) {
                                     const HealthEvent ev = e.at(0).value<HealthEvent>();
                                     return ev.isState() && ev.to == HealthState::Unhealthy
                                         && ev.detail.contains(u"passive check"_s);
                                 }),
        3000);
}

void TestGatewayHealth::callFiguresReachSnapshotsAndMinutesAreHandedOver()
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 1000;
    start(s, 2000);
    qint64 now = QDateTime(QDate(2026, 3, 10), QTime(12, 0, 10), QTimeZone::utc()).toMSecsSinceEpoch();
    m_engine->setCallClock([&now] { return now; });
    QSignalSpy snapshots(m_engine.get(), &MonitorEngine::snapshotChanged);
    QSignalSpy minutes(m_engine.get(), &MonitorEngine::callMinutesFinished);
    for (int i = 0; i < 6; ++i)
        call(u"echo"_s, {{"text"_L1, "x"_L1}});
    call(u"no-such-tool"_s, {});
    // The once-a-second tick publishes the figures in a snapshot.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(snapshots.cbegin(), snapshots.cend(),
                                 [](const QList<QVariant> &a) {
                                     const auto s = a.at(0).value<ServerSnapshot>();
                                     return s.callsTotal == 7 && s.callErrorsInWindow == 1;
                                 }),
        3000);
    QCOMPARE(m_engine->snapshots().constFirst().callsPerSecond, 7.0 / 60);
    QVERIFY(minutes.isEmpty());
    // The minute is over: handed over once, with its counts.
    now += 60'000;
    m_engine->publishCallFigures();
    QCOMPARE(minutes.size(), 1);
    const CallMinutes m = minutes.at(0).at(0).value<CallMinutes>();
    QCOMPARE(m.size(), 1);
    QCOMPARE(m[0].server, u"fx"_s);
    QCOMPARE(m[0].calls, 7);
    QCOMPARE(m[0].errors, 1);
    QCOMPARE(m[0].minuteStartMs, now - 60'000 - 10'000);
    m_engine->publishCallFigures();
    QCOMPARE(minutes.size(), 1);
    // A minute later still the window is empty again and the figures say so.
    now += 60'000;
    m_engine->publishCallFigures();
    QCOMPARE(m_engine->snapshots().constFirst().callsPerSecond, 0.0);
    QCOMPARE(m_engine->snapshots().constFirst().callsTotal, 7);
    // Stopping hands over the minute under way, so that the history keeps it.
    call(u"echo"_s, {{"text"_L1, "x"_L1}});
    m_engine->shutdown();
    QCOMPARE(minutes.size(), 2);
    const CallMinutes last = minutes.at(1).at(0).value<CallMinutes>();
    QCOMPARE(last.size(), 1);
    QCOMPARE(last[0].calls, 1);
}

QStringList TestGatewayHealth::circuitMoves(const QSignalSpy &events, qsizetype from) const
{
    QStringList to;
    for (qsizetype i = from; i < events.size(); ++i) {
        const HealthEvent e = events.at(i).at(0).value<HealthEvent>();
        if (e.kind == HealthEvent::Kind::Circuit && e.server == "fx"_L1)
            to.append(e.extra.value("to"_L1).toString());
    }
    return to;
}

void TestGatewayHealth::breakerOpenedByCrashesLetsCallsThroughOnceACheckPasses()
{
    // openFor is ten minutes: only the passing check after the restart can let calls through.
    MonitorSettings s = fastSettings();
    s.intervalMs = 60000; // one check per session: the breaker's window holds what the test does
    s.restart.backoffMs = {100};
    s.restart.maxAttempts = 100;
    s.restart.burst = 100;
    CircuitSettings c;
    c.minimumCalls = 1;
    c.windowSize = 4;
    c.failureRateThreshold = 0.5;
    c.openForMs = 600000;
    start(s, 300, c);
    ServerSupervisor *fx = m_engine->supervisor(u"fx"_s);
    QSignalSpy events(m_engine.get(), &MonitorEngine::eventOccurred);
    const auto restartedAfterCrash = [&] {
        const qint64 pid = fx->snapshot().pid;
        ::kill(pid_t(pid), SIGKILL); // the check's ok and this crash: half the window failed
        QTRY_COMPARE_WITH_TIMEOUT(fx->snapshot().circuit, CircuitBreaker::State::Open, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(fx->state() == HealthState::Healthy && fx->snapshot().pid != pid, 10000);
    };

    restartedAfterCrash();
    // Healthy again: the passing check half-opened the breaker, which the snapshot (the window,
    // /api) shows, and the next call is the trial — before, it was refused for the whole openFor.
    QCOMPARE(fx->snapshot().circuit, CircuitBreaker::State::HalfOpen);
    const QJsonObject trial = call(u"echo"_s, {{"text"_L1, "back"_L1}});
    QVERIFY2(trial.value("result"_L1)["content"_L1][0]["text"_L1].toString() == "back"_L1,
        QJsonDocument(trial).toJson().constData());
    QCOMPARE(fx->snapshot().circuit, CircuitBreaker::State::Closed); // the trial's success closed it
    QCOMPARE(circuitMoves(events), (QStringList {u"open"_s, u"half-open"_s, u"closed"_s}));
    QCOMPARE(
        call(u"echo"_s, {{"text"_L1, "more"_L1}}).value("result"_L1)["content"_L1][0]["text"_L1], u"more"_s);

    // A trial that fails (the server takes longer than the gateway waits) opens it again at once.
    restartedAfterCrash();
    QCOMPARE(fx->snapshot().circuit, CircuitBreaker::State::HalfOpen);
    const qsizetype before = events.size();
    const QJsonObject timedOut = call(u"sleep"_s, {{"ms"_L1, 1500}});
    QCOMPARE(timedOut.value("error"_L1)["data"_L1]["lifeline"_L1]["reason"_L1].toString(), u"timeout"_s);
    QCOMPARE(circuitMoves(events, before).value(0), u"open"_s);
}

void TestGatewayHealth::toolErrorsAreCountedApartAndLeaveHealthAlone()
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 1000;
    CircuitSettings c; // a breaker that opens at the first failure: a tool error must not be one
    c.minimumCalls = 1;
    c.windowSize = 2;
    start(s, 2000, c);
    m_checks->clear();
    for (int i = 0; i < 3; ++i) {
        const QJsonObject a = call(u"echo"_s, {{"text"_L1, "no such file"_L1}, {"isError"_L1, true}});
        QCOMPARE(a.value("result"_L1)["isError"_L1].toBool(), true); // passed on as the tool's answer
    }
    call(u"echo"_s, {{"text"_L1, "fine"_L1}});
    call(u"no-such-tool"_s, {}); // a JSON-RPC error
    QTest::qWait(300); // a passive check would be emitted synchronously with the answer
    QVERIFY(checks(true).isEmpty());
    ServerSupervisor *fx = m_engine->supervisor(u"fx"_s);
    QCOMPARE(fx->state(), HealthState::Healthy);
    QCOMPARE(fx->snapshot().circuit, CircuitBreaker::State::Closed);
    const ServerSnapshot snap = m_engine->snapshots().constFirst();
    QCOMPARE(snap.callsTotal, 5);
    QCOMPARE(snap.callErrorsTotal, 4); // the column: tool errors and the JSON-RPC error
    QCOMPARE(snap.toolErrorsTotal, 3);
    QCOMPARE(snap.toolErrorsInWindow, 3);
    QCOMPARE(snap.toJson().value("gateway"_L1)["toolErrors"_L1].toInteger(), 3);
}

QTEST_GUILESS_MAIN(TestGatewayHealth)
#include "tst_gatewayhealth.moc"
