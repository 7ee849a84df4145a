// Failure detection by the supervisor: a SIGKILLed server within 100 ms, a hung one within
// interval + timeout × failureThreshold, and its return after SIGCONT. With the fixture and with a
// real server from npm.
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

class TestDetection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killedServerIsUnhealthyAtOnce_data();
    void killedServerIsUnhealthyAtOnce();
    void hungServerIsUnhealthyWithinBoundAndComesBack_data();
    void hungServerIsUnhealthyWithinBoundAndComesBack();
    void stateEventsCarryFailureAndDetail();

private:
    void addServers();
};

static ServerConfig memoryServer()
{
    const QString dir = npmPackageDir(u"@modelcontextprotocol/server-memory"_s);
    ServerConfig c = stdioFixture({}, u"server-memory"_s);
    c.command = QStandardPaths::findExecutable(u"node"_s);
    c.args = {dir + u"/dist/index.js"_s};
    // Its own file per test process: parallel runs must not share the graph.
    c.env = {{u"MEMORY_FILE_PATH"_s,
        QDir::tempPath() + u"/lifeline-test-memory-%1.jsonl"_s.arg(QCoreApplication::applicationPid())}};
    return c;
}

void TestDetection::initTestCase()
{
    registerMetaTypes();
}

void TestDetection::addServers()
{
    QTest::addColumn<ServerConfig>("config");
    QTest::newRow("fixture") << stdioFixture({});
    if (!npmPackageDir(u"@modelcontextprotocol/server-memory"_s).isEmpty())
        QTest::newRow("server-memory") << memoryServer();
    else if (qEnvironmentVariableIsSet("LIFELINE_REQUIRE_NPM"))
        QFAIL("@modelcontextprotocol/server-memory is not installed in the test cache");
}

static HealthState waitForState(ServerSupervisor &sup, HealthState want, int timeoutMs)
{
    (void)QTest::qWaitFor([&] { return sup.state() == want; }, timeoutMs);
    return sup.state();
}

void TestDetection::killedServerIsUnhealthyAtOnce_data()
{
    addServers();
}

void TestDetection::killedServerIsUnhealthyAtOnce()
{
    QFETCH(ServerConfig, config);
    config.settings.restart.policy = RestartPolicy::Never; // detection alone: no recovery
    config.settings.intervalMs = 10000; // the next tick is far away: only the exit can tell
    ServerSupervisor sup(config);
    sup.start();
    QCOMPARE(waitForState(sup, HealthState::Healthy, 15000), HealthState::Healthy);
    const qint64 pid = sup.snapshot().pid;
    QVERIFY(pid > 0);

    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(pid), SIGKILL);
    // Wait on the signal itself (not a polling loop) so that the time measured is the engine's.
    while (sup.state() != HealthState::Unhealthy && clock.elapsed() < 2000)
        events.wait(2000 - int(clock.elapsed()));
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    QCOMPARE(sup.state(), HealthState::Unhealthy);
    qInfo("%s: SIGKILL seen as unhealthy after %.2f ms", QTest::currentDataTag(), ms);
    QVERIFY2(ms < 100, qPrintable(u"took %1 ms"_s.arg(ms)));
    const HealthEvent ev = events.last().first().value<HealthEvent>();
    QCOMPARE(ev.to, HealthState::Unhealthy);
    QCOMPARE(ev.failure.type, FailureType::ProcessExit);
    QVERIFY2(ev.detail.startsWith(u"killed by SIGKILL"_s), qPrintable(ev.detail));
    sup.shutdown();
}

void TestDetection::hungServerIsUnhealthyWithinBoundAndComesBack_data()
{
    addServers();
}

void TestDetection::hungServerIsUnhealthyWithinBoundAndComesBack()
{
    QFETCH(ServerConfig, config);
    config.settings.restart.policy = RestartPolicy::Never; // detection alone: no restart of the hung process
    config.settings.intervalMs = 1000;
    config.settings.timeoutMs = 300;
    config.settings.failureThreshold = 3;
    ServerSupervisor sup(config);
    sup.start();
    QCOMPARE(waitForState(sup, HealthState::Healthy, 15000), HealthState::Healthy);
    const qint64 pid = sup.snapshot().pid;

    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(pid), SIGSTOP);
    const int bound
        = config.settings.intervalMs + config.settings.timeoutMs * config.settings.failureThreshold;
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    while (sup.state() != HealthState::Unhealthy && clock.elapsed() < bound * 3)
        events.wait(bound * 3 - int(clock.elapsed()));
    const qint64 ms = clock.elapsed();
    QCOMPARE(sup.state(), HealthState::Unhealthy);
    qInfo("%s: SIGSTOP seen as unhealthy after %lld ms (bound %d ms)", QTest::currentDataTag(), ms, bound);
    // Timers fire a few ms late on a loaded machine; the bound holds to within that slack.
    QVERIFY2(ms <= bound + 100, qPrintable(u"took %1 ms, bound %2 ms"_s.arg(ms).arg(bound)));
    QCOMPARE(sup.snapshot().lastFailure.type, FailureType::Timeout);

    ::kill(pid_t(pid), SIGCONT);
    QTRY_VERIFY_WITH_TIMEOUT(sup.state() == HealthState::Healthy, 5000);
    QCOMPARE(sup.snapshot().pid, pid); // the same process came back: nothing was restarted
    sup.shutdown();
}

void TestDetection::stateEventsCarryFailureAndDetail()
{
    ServerSupervisor sup(stdioFixture({u"--crash-after"_s, u"3"_s, u"--exit-code"_s, u"7"_s}));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    auto states = [&] {
        QStringList seen;
        for (const auto &args : events) {
            const HealthEvent e = args.first().value<HealthEvent>();
            seen.append(e.isState() ? healthStateName(e.to) : QString());
        }
        return seen;
    };
    QTRY_VERIFY_WITH_TIMEOUT(states().contains(u"unhealthy"_s), 5000);
    // Recovery follows at once (the default policy restarts it); state events come first in order.
    QCOMPARE(
        states().mid(0, 4), (QStringList {u"starting"_s, u"healthy"_s, u"unhealthy"_s, u"recovering"_s}));
    const QJsonObject first = events.first().first().value<HealthEvent>().toJson();
    QVERIFY(first.value("from"_L1).isNull());
    const QJsonObject last = events.at(2).first().value<HealthEvent>().toJson();
    QCOMPARE(last.value("event"_L1).toString(), u"state"_s);
    QCOMPARE(last.value("server"_L1).toString(), u"fixture"_s);
    QCOMPARE(last.value("from"_L1).toString(), u"healthy"_s);
    QCOMPARE(last.value("failure"_L1).toString(), u"process_exit"_s);
    QVERIFY(last.value("detail"_L1).toString().startsWith(u"exited with code 7"_s));
    QVERIFY(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s)
                .match(last.value("ts"_L1).toString())
                .hasMatch());
    sup.shutdown();
}

QTEST_GUILESS_MAIN(TestDetection)
#include "tst_detection.moc"
