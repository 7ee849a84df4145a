#include "recovery/recoveryladder.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestRecoveryLadder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheLadderThenGivesUp_data();
    void followsTheLadderThenGivesUp();
    void startLimitStopsACrashLoop();
    void jitterStaysWithinTheStep();
    void healthyStretchResetsTheLadder();
    void manualResetStartsOver();
};

void TestRecoveryLadder::followsTheLadderThenGivesUp_data()
{
    QTest::addColumn<QList<int>>("backoff");
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<QList<qint64>>("delays"); // then give up
    QTest::newRow("seeds' ladder") << QList<int> {1000, 5000, 30000} << 3
                                   << QList<qint64> {1000, 5000, 30000};
    QTest::newRow("last step repeats") << QList<int> {100, 200} << 4 << QList<qint64> {100, 200, 200, 200};
    QTest::newRow("fewer attempts than steps") << QList<int> {1000, 5000, 30000} << 1 << QList<qint64> {1000};
    QTest::newRow("immediate restarts") << QList<int> {0} << 2 << QList<qint64> {0, 0};
}

void TestRecoveryLadder::followsTheLadderThenGivesUp()
{
    QFETCH(QList<int>, backoff);
    QFETCH(int, maxAttempts);
    QFETCH(QList<qint64>, delays);
    RestartSettings s;
    s.backoffMs = backoff;
    s.maxAttempts = maxAttempts;
    s.burst = 100;
    RecoveryLadder ladder(s);
    qint64 now = 0;
    ladder.started(now);
    for (int i = 0; i < delays.size(); ++i) {
        const auto step = ladder.next(now);
        QVERIFY(!step.giveUp);
        QCOMPARE(step.attempt, i + 1);
        QCOMPARE(step.delayMs, delays.at(i));
        now += step.delayMs + 300;
        ladder.started(now);
    }
    const auto last = ladder.next(now);
    QVERIFY(last.giveUp);
    QVERIFY2(last.reason.contains(QString::number(maxAttempts)), qPrintable(last.reason));
}

void TestRecoveryLadder::startLimitStopsACrashLoop()
{
    RestartSettings s;
    s.backoffMs = {0};
    s.maxAttempts = 100;
    s.burst = 5;
    s.burstWindowMs = 60000;
    RecoveryLadder ladder(s);
    qint64 now = 0;
    int starts = 1;
    ladder.started(now);
    while (true) {
        const auto step = ladder.next(now);
        if (step.giveUp) {
            QVERIFY2(step.reason.contains(u"start limit"_s), qPrintable(step.reason));
            break;
        }
        now += 300; // it dies 300 ms after each start
        ladder.started(now);
        ++starts;
    }
    QCOMPARE(starts, 5); // exactly `burst` starts in the window, then no more
    // Outside the window, starts are allowed again (after a person resets, or time passes).
    QCOMPARE(ladder.startsInWindow(now + 60000), 0);
}

void TestRecoveryLadder::jitterStaysWithinTheStep()
{
    RestartSettings s;
    s.backoffMs = {1000};
    s.maxAttempts = 10000;
    s.burst = 100000;
    s.jitter = true;
    double r = 0;
    RecoveryLadder ladder(s, [&r] { return r; });
    for (double value : {0.0, 0.25, 0.5, 0.999999}) {
        r = value;
        const auto step = ladder.next(0);
        QVERIFY(step.delayMs >= 0 && step.delayMs <= 1000);
        QCOMPARE(step.delayMs, qint64(value * 1001));
    }
    RecoveryLadder real(s); // the real generator too
    for (int i = 0; i < 1000; ++i) {
        const qint64 d = real.next(0).delayMs;
        QVERIFY(d >= 0 && d <= 1000);
    }
}

void TestRecoveryLadder::healthyStretchResetsTheLadder()
{
    RestartSettings s;
    s.backoffMs = {100, 200, 300};
    s.resetAfterMs = 10000;
    RecoveryLadder ladder(s);
    QCOMPARE(ladder.next(0).attempt, 1);
    QCOMPARE(ladder.next(0).attempt, 2);
    ladder.healthy(1000);
    ladder.healthy(5000); // not long enough
    QCOMPARE(ladder.attempts(), 2);
    ladder.unhealthy();
    ladder.healthy(6000);
    ladder.healthy(15000); // 9 s since it came back: still not enough
    QCOMPARE(ladder.attempts(), 2);
    ladder.healthy(16000);
    QCOMPARE(ladder.attempts(), 0);
    QCOMPARE(ladder.next(16000).delayMs, 100); // the ladder starts over
}

void TestRecoveryLadder::manualResetStartsOver()
{
    RestartSettings s;
    s.maxAttempts = 1;
    RecoveryLadder ladder(s);
    QVERIFY(!ladder.next(0).giveUp);
    QVERIFY(ladder.next(0).giveUp);
    ladder.reset();
    QCOMPARE(ladder.next(0).attempt, 1);
}

QTEST_APPLESS_MAIN(TestRecoveryLadder)
#include "tst_recoveryladder.moc"
