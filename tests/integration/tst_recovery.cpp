// Recovery: the restart ladder with the fixture and a real npm server, start limits, exit codes,
// manual actions and the circuit breaker. After every test, no child process of ours is left.
#include "fixturehelpers.h"

#include "engine/monitorengine.h"
#include "engine/serversupervisor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestRecovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void cleanup();
    void crashIsRestartedAndHealthyAgain();
    void hungProcessIsKilledAndRestarted();
    void brokenSessionIsReconnectedBeforeRestart();
    void crashLoopStopsAtTheStartLimit();
    void crashLoopStopsWhenTheLadderIsUsedUp();
    void delaysFollowTheLadder();
    void cleanExitWithOnFailureIsOffline();
    void cleanExitWithAlwaysIsRestarted();
    void neverPolicyLeavesItDown();
    void manualActions();
    void restartNowAfterFailedResetsTheLadder();
    void circuitOpensAndHalfOpens();
    void realServerComesBackAfterSigkill();
};

void TestRecovery::cleanup()
{
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived its test");
}

static MonitorSettings quick(const QList<int> &backoff = {100}, int maxAttempts = 3, int burst = 100)
{
    MonitorSettings s = fastSettings();
    s.restart.backoffMs = backoff;
    s.restart.maxAttempts = maxAttempts;
    s.restart.burst = burst;
    return s;
}

// Events of one kind, as JSON (the headless shape).
static QList<QJsonObject> eventsOf(const QSignalSpy &spy, const QString &kind)
{
    QList<QJsonObject> out;
    for (const auto &args : spy) {
        const HealthEvent e = args.first().value<HealthEvent>();
        if (HealthEvent::kindName(e.kind) == kind)
            out.append(e.toJson());
    }
    return out;
}

static QStringList statesOf(const QSignalSpy &spy)
{
    QStringList out;
    for (const QJsonObject &e : eventsOf(spy, u"state"_s))
        out.append(e.value("to"_L1).toString());
    return out;
}

void TestRecovery::crashIsRestartedAndHealthyAgain()
{
    ServerSupervisor sup(stdioFixture({}, u"fx"_s, quick()));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    const qint64 pid = sup.snapshot().pid;
    ::kill(pid_t(pid), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(sup.state() != HealthState::Healthy, 2000); // the exit is seen first
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    QVERIFY(sup.snapshot().pid != pid);
    QVERIFY(!processExists(pid));
    QCOMPARE(statesOf(events),
        (QStringList {u"starting"_s, u"healthy"_s, u"unhealthy"_s, u"recovering"_s, u"healthy"_s}));
    const QList<QJsonObject> restarts = eventsOf(events, u"restart"_s);
    QCOMPARE(restarts.size(), 1);
    QCOMPARE(restarts.first().value("attempt"_L1).toInt(), 1);
    QCOMPARE(restarts.first().value("delay_ms"_L1).toInt(), 100);
    QCOMPARE(restarts.first().value("reason"_L1).toString(), u"process_exit"_s);
    QCOMPARE(sup.snapshot().restartsTotal, 1);
    QCOMPARE(sup.snapshot().recoveryAttempt, 0);
    sup.shutdown();
}

void TestRecovery::hungProcessIsKilledAndRestarted()
{
    ServerSupervisor sup(stdioFixture({}, u"fx"_s, quick()));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    const qint64 pid = sup.snapshot().pid;
    ::kill(pid_t(pid), SIGSTOP);
    QTRY_VERIFY_WITH_TIMEOUT(!eventsOf(events, u"restart"_s).isEmpty(), 5000);
    QCOMPARE(eventsOf(events, u"restart"_s).first().value("reason"_L1).toString(), u"timeout"_s);
    QTRY_VERIFY(!processExists(pid)); // a stopped process is killed, not left behind
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    QVERIFY(sup.snapshot().pid != pid);
    sup.shutdown();
}

void TestRecovery::brokenSessionIsReconnectedBeforeRestart()
{
    // Every ping answers -32603: the process lives, its session is useless. The ladder tries a new
    // session on the same process first, then restarts the process.
    MonitorSettings s = quick({50}, 3, 100);
    s.failureThreshold = 2;
    ServerSupervisor sup(stdioFixture({u"--error-rate"_s, u"1"_s}, u"broken"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    QSignalSpy snapshots(&sup, &ServerSupervisor::snapshotChanged);
    sup.start();
    QTRY_VERIFY_WITH_TIMEOUT(eventsOf(events, u"restart"_s).size() >= 2, 10000);
    const QList<QJsonObject> restarts = eventsOf(events, u"restart"_s);
    QCOMPARE(restarts.at(0).value("action"_L1).toString(), u"reconnect"_s);
    QCOMPARE(restarts.at(0).value("reason"_L1).toString(), u"server_error"_s);
    QCOMPARE(restarts.at(1).value("action"_L1).toString(), u"restart"_s);
    // During the reconnect the process was the same: its log shows a second initialize.
    qint64 firstPid = 0;
    bool sawReinitialize = false;
    for (const auto &args : snapshots) {
        const ServerSnapshot snap = args.first().value<ServerSnapshot>();
        if (!firstPid && snap.pid)
            firstPid = snap.pid;
        if (snap.pid == firstPid && snap.stderrTail.join(u'\n').count(u"<- initialize"_s) >= 2)
            sawReinitialize = true;
    }
    QVERIFY(sawReinitialize);
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Failed, 10000);
    sup.shutdown();
}

void TestRecovery::crashLoopStopsAtTheStartLimit()
{
    // The server exits 300 ms after each start; at most 3 starts a minute are allowed.
    MonitorSettings s = quick({50}, 100, 3);
    ServerSupervisor sup(stdioFixture({u"--crash-after-ms"_s, u"300"_s}, u"loop"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Failed, 10000);
    QCOMPARE(eventsOf(events, u"restart"_s).size(), 2); // 1 start + 2 restarts = 3
    const QJsonObject failed = eventsOf(events, u"state"_s).last();
    QVERIFY2(failed.value("detail"_L1).toString().contains(u"start limit"_s),
        qPrintable(failed.value("detail"_L1).toString()));
    QCOMPARE(failed.value("failure"_L1).toString(), u"process_exit"_s);
    // No more starts for the rest of the test. (Absence cannot be waited for: look for a while.)
    const qsizetype seen = events.size();
    QTest::qWait(1200);
    QCOMPARE(events.size(), seen);
    QCOMPARE(sup.snapshot().pid, 0);
    sup.shutdown();
}

void TestRecovery::crashLoopStopsWhenTheLadderIsUsedUp()
{
    MonitorSettings s = quick({50}, 2, 100);
    ServerSupervisor sup(stdioFixture({u"--crash-after-ms"_s, u"300"_s}, u"loop"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Failed, 10000);
    QCOMPARE(eventsOf(events, u"restart"_s).size(), 2);
    QVERIFY(eventsOf(events, u"state"_s)
                .last()
                .value("detail"_L1)
                .toString()
                .contains(u"gave up after 2 restart attempts"_s));
}

void TestRecovery::delaysFollowTheLadder()
{
    MonitorSettings s = quick({100, 200, 400}, 3, 100);
    ServerSupervisor sup(stdioFixture({u"--crash-after-ms"_s, u"200"_s}, u"loop"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Failed, 10000);
    QList<int> delays;
    QList<int> attempts;
    for (const QJsonObject &e : eventsOf(events, u"restart"_s)) {
        delays.append(e.value("delay_ms"_L1).toInt());
        attempts.append(e.value("attempt"_L1).toInt());
    }
    QCOMPARE(delays, (QList<int> {100, 200, 400}));
    QCOMPARE(attempts, (QList<int> {1, 2, 3}));

    // With jitter every scheduled delay lies in [0, step].
    s.restart.jitter = true;
    ServerSupervisor jittered(stdioFixture({u"--crash-after-ms"_s, u"200"_s}, u"jitter"_s, s));
    QSignalSpy jevents(&jittered, &ServerSupervisor::eventOccurred);
    jittered.start();
    QTRY_COMPARE_WITH_TIMEOUT(jittered.state(), HealthState::Failed, 10000);
    const QList<int> steps {100, 200, 400};
    const QList<QJsonObject> jr = eventsOf(jevents, u"restart"_s);
    QCOMPARE(jr.size(), 3);
    for (int i = 0; i < jr.size(); ++i) {
        const int d = jr.at(i).value("delay_ms"_L1).toInt();
        QVERIFY2(d >= 0 && d <= steps.at(i), qPrintable(QString::number(d)));
    }
}

void TestRecovery::cleanExitWithOnFailureIsOffline()
{
    ServerSupervisor sup(
        stdioFixture({u"--crash-after-ms"_s, u"300"_s, u"--exit-code"_s, u"0"_s}, u"done"_s, quick()));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Offline, 5000);
    QVERIFY(eventsOf(events, u"restart"_s).isEmpty());
    const QJsonObject last = eventsOf(events, u"state"_s).last();
    QCOMPARE(last.value("failure"_L1).toString(), u"process_exit"_s);
    QVERIFY(last.value("detail"_L1).toString().contains(u"code 0"_s));
}

void TestRecovery::cleanExitWithAlwaysIsRestarted()
{
    MonitorSettings s = quick();
    s.restart.policy = RestartPolicy::Always;
    ServerSupervisor sup(
        stdioFixture({u"--crash-after-ms"_s, u"300"_s, u"--exit-code"_s, u"0"_s}, u"again"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_VERIFY_WITH_TIMEOUT(!eventsOf(events, u"restart"_s).isEmpty(), 5000);
    QCOMPARE(eventsOf(events, u"restart"_s).first().value("reason"_L1).toString(), u"process_exit"_s);
    sup.shutdown();
}

void TestRecovery::neverPolicyLeavesItDown()
{
    MonitorSettings s = quick();
    s.restart.policy = RestartPolicy::Never;
    ServerSupervisor sup(stdioFixture({}, u"fx"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    ::kill(pid_t(sup.snapshot().pid), SIGKILL);
    QTRY_COMPARE(sup.state(), HealthState::Unhealthy);
    QTest::qWait(600); // two intervals: nothing restarts it
    QCOMPARE(sup.state(), HealthState::Unhealthy);
    QVERIFY(eventsOf(events, u"restart"_s).isEmpty());
    QCOMPARE(sup.snapshot().pid, 0);
}

void TestRecovery::manualActions()
{
    ServerSupervisor sup(stdioFixture({}, u"fx"_s, quick()));
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    const qint64 pid = sup.snapshot().pid;

    sup.stop();
    QCOMPARE(sup.state(), HealthState::Offline);
    QTRY_VERIFY(!processExists(pid));
    QTest::qWait(400);
    QCOMPARE(sup.state(), HealthState::Offline); // no auto-restart of a stopped server

    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    const qint64 pid2 = sup.snapshot().pid;
    QVERIFY(pid2 != pid);

    sup.restart();
    QTRY_VERIFY_WITH_TIMEOUT(sup.state() == HealthState::Healthy && sup.snapshot().pid != pid2, 5000);
    QVERIFY(!processExists(pid2));

    sup.disable();
    QCOMPARE(sup.state(), HealthState::Disabled);
    sup.checkNow(); // ignored while disabled
    QCOMPARE(sup.state(), HealthState::Disabled);
    sup.enable();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    sup.shutdown();
}

void TestRecovery::restartNowAfterFailedResetsTheLadder()
{
    MonitorSettings s = quick({50}, 1, 100);
    ServerSupervisor sup(stdioFixture({}, u"fx"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    ::kill(pid_t(sup.snapshot().pid), SIGKILL); // attempt 1 of 1: comes back
    QTRY_VERIFY_WITH_TIMEOUT(sup.state() != HealthState::Healthy, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    ::kill(pid_t(sup.snapshot().pid), SIGKILL); // ladder used up (no healthy stretch of resetAfter)
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Failed, 5000);
    sup.restart(); // a person acts: "restart now"
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    ::kill(pid_t(sup.snapshot().pid), SIGKILL); // the ladder starts over: recovered again
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Recovering, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 5000);
    const QList<QJsonObject> restarts = eventsOf(events, u"restart"_s);
    QCOMPARE(restarts.at(1).value("reason"_L1).toString(), u"manual"_s);
    QCOMPARE(restarts.last().value("attempt"_L1).toInt(), 1);
    sup.shutdown();
}

void TestRecovery::circuitOpensAndHalfOpens()
{
    MonitorSettings s = quick();
    s.restart.policy = RestartPolicy::Never; // the breaker alone
    s.failureThreshold = 1000;
    s.restart.circuit.openForMs = 400;
    ServerSupervisor sup(stdioFixture({u"--error-rate"_s, u"1"_s}, u"broken"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    auto circuit = [&] {
        QStringList to;
        for (const QJsonObject &e : eventsOf(events, u"circuit"_s))
            to.append(e.value("to"_L1).toString());
        return to;
    };
    QTRY_VERIFY_WITH_TIMEOUT(circuit().size() >= 3, 10000);
    QCOMPARE(circuit().mid(0, 3), (QStringList {u"open"_s, u"half-open"_s, u"open"_s}));
    QCOMPARE(eventsOf(events, u"circuit"_s).first().value("server"_L1).toString(), u"broken"_s);
    sup.shutdown();
}

void TestRecovery::realServerComesBackAfterSigkill()
{
    const QString dir = npmPackageDir(u"@modelcontextprotocol/server-everything"_s);
    if (dir.isEmpty()) {
        if (qEnvironmentVariableIsSet("LIFELINE_REQUIRE_NPM"))
            QFAIL("server-everything is not in the test cache");
        QSKIP("server-everything is not installed (packaging/dev.sh test installs it)");
    }
    MonitorSettings s = fastSettings();
    s.timeoutMs = 5000;
    s.restart.backoffMs = {1000}; // the seeds' first step
    ServerConfig c = stdioFixture({}, u"everything"_s, s);
    c.command = QStandardPaths::findExecutable(u"node"_s);
    c.args = {dir + u"/dist/index.js"_s, u"stdio"_s};
    ServerSupervisor sup(c);
    sup.start();
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 20000);
    QElapsedTimer mttr;
    mttr.start();
    ::kill(pid_t(sup.snapshot().pid), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(sup.state() != HealthState::Healthy, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(sup.state(), HealthState::Healthy, 20000);
    qInfo(
        "server-everything: SIGKILL → healthy again in %lld ms (first backoff step 1000 ms)", mttr.elapsed());
    sup.shutdown();
}

QTEST_GUILESS_MAIN(TestRecovery)
#include "tst_recovery.moc"
