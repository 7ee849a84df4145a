#include "health/healthtracker.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

// A sequence step: "ok" (fast success), "slow" (success over latencyWarning), "fail" (timeout),
// "exit" (process exit), "stop" / "disable" / "start" (forced states).
class TestHealthTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsThresholds_data();
    void followsThresholds();
    void reportsFailureInTransition();
    void errorRateWindowIsBounded();
};

static CheckResult step(const QString &kind)
{
    CheckResult r;
    r.ok = kind == "ok"_L1 || kind == "slow"_L1;
    r.latencyUs = kind == "slow"_L1 ? 1500000 : 2000;
    if (kind == "fail"_L1)
        r.failure = Failure::make(FailureType::Timeout, u"no answer to ping within 500 ms"_s);
    return r;
}

void TestHealthTracker::followsThresholds_data()
{
    QTest::addColumn<int>("failureThreshold");
    QTest::addColumn<int>("successThreshold");
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("states"); // the state after each step

    const QStringList fail3 {u"fail"_s, u"fail"_s, u"fail"_s};
    QTest::newRow("first success makes healthy")
        << 3 << 1 << QStringList {u"ok"_s} << QStringList {u"healthy"_s};
    QTest::newRow("starting stays until threshold")
        << 3 << 1 << fail3 << QStringList {u"starting"_s, u"starting"_s, u"unhealthy"_s};
    QTest::newRow("threshold 1 is immediate")
        << 1 << 1 << QStringList {u"ok"_s, u"fail"_s} << QStringList {u"healthy"_s, u"unhealthy"_s};
    QTest::newRow("one failure is tolerated") << 3 << 1 << QStringList {u"ok"_s, u"fail"_s, u"ok"_s}
                                              << QStringList {u"healthy"_s, u"healthy"_s, u"healthy"_s};
    QTest::newRow("success resets the count")
        << 3 << 1 << QStringList {u"ok"_s, u"fail"_s, u"fail"_s, u"ok"_s, u"fail"_s, u"fail"_s}
        << QStringList {u"healthy"_s, u"healthy"_s, u"healthy"_s, u"healthy"_s, u"healthy"_s, u"healthy"_s};
    QStringList tenOk;
    QStringList tenHealthy;
    for (int i = 0; i < 10; ++i) {
        tenOk << u"ok"_s;
        tenHealthy << u"healthy"_s;
    }
    QTest::newRow("error rate over warning degrades")
        << 5 << 1 << (tenOk + QStringList {u"fail"_s, u"ok"_s})
        << (tenHealthy + QStringList {u"degraded"_s, u"degraded"_s});
    QTest::newRow("recovery needs successThreshold")
        << 2 << 3 << QStringList {u"fail"_s, u"fail"_s, u"ok"_s, u"ok"_s, u"ok"_s}
        << QStringList {u"starting"_s, u"unhealthy"_s, u"unhealthy"_s, u"unhealthy"_s, u"healthy"_s};
    QTest::newRow("a failure breaks the success streak")
        << 1 << 2 << QStringList {u"fail"_s, u"ok"_s, u"fail"_s, u"ok"_s, u"ok"_s}
        << QStringList {u"unhealthy"_s, u"unhealthy"_s, u"unhealthy"_s, u"unhealthy"_s, u"healthy"_s};
    QTest::newRow("slow is degraded") << 3 << 1 << QStringList {u"ok"_s, u"slow"_s, u"ok"_s}
                                      << QStringList {u"healthy"_s, u"degraded"_s, u"healthy"_s};
    QTest::newRow("process exit is at once")
        << 5 << 1 << QStringList {u"ok"_s, u"exit"_s} << QStringList {u"healthy"_s, u"unhealthy"_s};
    QTest::newRow("stopped ignores checks")
        << 1 << 1 << QStringList {u"ok"_s, u"stop"_s, u"fail"_s, u"ok"_s}
        << QStringList {u"healthy"_s, u"offline"_s, u"offline"_s, u"offline"_s};
    QTest::newRow("disabled ignores exits")
        << 1 << 1 << QStringList {u"disable"_s, u"exit"_s} << QStringList {u"disabled"_s, u"disabled"_s};
    QTest::newRow("started again") << 1 << 1 << QStringList {u"stop"_s, u"start"_s, u"ok"_s}
                                   << QStringList {u"offline"_s, u"starting"_s, u"healthy"_s};
}

void TestHealthTracker::followsThresholds()
{
    QFETCH(int, failureThreshold);
    QFETCH(int, successThreshold);
    QFETCH(QStringList, steps);
    QFETCH(QStringList, states);
    MonitorSettings s;
    s.failureThreshold = failureThreshold;
    s.successThreshold = successThreshold;
    s.latencyWarningMs = 1000;
    s.errorRateWarning = 0.05;
    HealthTracker t(s);
    QCOMPARE(t.state(), HealthState::Starting);
    for (int i = 0; i < steps.size(); ++i) {
        const QString &k = steps[i];
        if (k == "exit"_L1)
            t.recordProcessExit(Failure::make(FailureType::ProcessExit, u"killed by SIGKILL"_s));
        else if (k == "stop"_L1)
            t.force(HealthState::Offline);
        else if (k == "disable"_L1)
            t.force(HealthState::Disabled);
        else if (k == "start"_L1)
            t.force(HealthState::Starting);
        else
            t.record(step(k));
        QVERIFY2(healthStateName(t.state()) == states[i],
            qPrintable(u"after step %1 (%2): %3, expected %4"_s.arg(i).arg(
                k, healthStateName(t.state()), states[i])));
    }
}

void TestHealthTracker::reportsFailureInTransition()
{
    MonitorSettings s;
    s.failureThreshold = 2;
    HealthTracker t(s);
    QVERIFY(t.record(step(u"ok"_s)));
    t.record(step(u"fail"_s));
    const auto tr = t.record(step(u"fail"_s));
    QVERIFY(tr);
    QCOMPARE(tr->to, HealthState::Unhealthy);
    QCOMPARE(tr->failure.type, FailureType::Timeout);
    QVERIFY(tr->detail.contains(u"2 consecutive failures"_s));
    QVERIFY(!t.record(step(u"fail"_s))); // no transition: already unhealthy
    const auto exitTr = t.recordProcessExit(Failure::make(FailureType::ProcessExit, u"exited with code 3"_s));
    QVERIFY(!exitTr); // still unhealthy
    QCOMPARE(t.lastFailure().type, FailureType::ProcessExit);
}

void TestHealthTracker::errorRateWindowIsBounded()
{
    MonitorSettings s;
    s.failureThreshold = 100;
    HealthTracker t(s);
    for (int i = 0; i < 5; ++i)
        t.record(step(u"fail"_s));
    for (int i = 0; i < 100; ++i)
        t.record(step(u"ok"_s));
    QCOMPARE(t.windowCount(), HealthTracker::kWindow);
    QCOMPARE(t.errorRate(), 0.0);
    QCOMPARE(t.state(), HealthState::Healthy);
}

QTEST_APPLESS_MAIN(TestHealthTracker)
#include "tst_healthtracker.moc"
