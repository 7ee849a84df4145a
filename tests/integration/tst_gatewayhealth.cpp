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

private:
    void start(const MonitorSettings &settings, int callTimeoutMs);
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
        [this](quint64 ticket, const QJsonObject &answer) { m_answers.insert(ticket, answer); });
    m_answers.clear();
}

void TestGatewayHealth::cleanup()
{
    m_checks.reset();
    m_engine->shutdown();
    m_engine.reset();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

void TestGatewayHealth::start(const MonitorSettings &settings, int callTimeoutMs)
{
    GatewaySettings g;
    g.callTimeoutMs = callTimeoutMs;
    g.waitForMemberMs = 2000;
    Config config;
    config.gateway = g;
    ServerConfig fx = stdioFixture({}, u"fx"_s, settings);
    // The breaker also counts the calls; kept shut here so that only the health tracker is tested.
    fx.settings.restart.circuit.minimumCalls = 1000;
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

QTEST_GUILESS_MAIN(TestGatewayHealth)
#include "tst_gatewayhealth.moc"
