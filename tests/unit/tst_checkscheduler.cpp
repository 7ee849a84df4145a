// The shared check timer: entries within their slack of a firing entry share its wakeup, entries
// never fire before due − slack, cancelled or replaced entries never fire.
#include "engine/checkscheduler.h"

#include <QElapsedTimer>
#include <QTest>

using namespace lifeline;

class TestCheckScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void entriesWithinSlackShareAWakeup();
    void entriesWithoutSlackWaitUntilDue();
    void cancelledEntryNeverFires();
    void peerCancelledInTheSameRoundDoesNotFire();
    void rescheduleReplaces();
    void callbackMayScheduleItself();
    void remaining();
};

void TestCheckScheduler::entriesWithinSlackShareAWakeup()
{
    CheckScheduler s;
    QElapsedTimer clock;
    clock.start();
    int a = 0, b = 0;
    qint64 bAt = -1;
    const int x = 0, y = 0;
    s.schedule(&x, 50, 0, [&] { ++a; });
    s.schedule(&y, 80, 40, [&] {
        ++b;
        bAt = clock.elapsed();
    });
    QTRY_COMPARE(b, 1);
    QCOMPARE(a, 1);
    QCOMPARE(s.wakeups(), 1);
    QVERIFY2(bAt >= 40, qPrintable(QString::number(bAt))); // never before due − slack
    QVERIFY(!s.isScheduled(&x));
    QVERIFY(!s.isScheduled(&y));
}

void TestCheckScheduler::entriesWithoutSlackWaitUntilDue()
{
    CheckScheduler s;
    QElapsedTimer clock;
    clock.start();
    qint64 aAt = -1, bAt = -1;
    const int x = 0, y = 0;
    s.schedule(&x, 20, 0, [&] { aAt = clock.elapsed(); });
    s.schedule(&y, 90, 0, [&] { bAt = clock.elapsed(); });
    QTRY_VERIFY(bAt >= 0);
    QVERIFY(aAt >= 20);
    QVERIFY2(bAt >= 90, qPrintable(QString::number(bAt)));
    QCOMPARE(s.wakeups(), 2);
}

void TestCheckScheduler::cancelledEntryNeverFires()
{
    CheckScheduler s;
    bool cancelled = false, sentinel = false;
    const int x = 0, y = 0;
    s.schedule(&x, 10, 0, [&] { cancelled = true; });
    s.schedule(&y, 60, 0, [&] { sentinel = true; });
    s.cancel(&x);
    QTRY_VERIFY(sentinel);
    QVERIFY(!cancelled);
}

void TestCheckScheduler::peerCancelledInTheSameRoundDoesNotFire()
{
    // A failover inside one server's check may stop another server whose check is due now.
    CheckScheduler s;
    int fired = 0;
    bool sentinel = false;
    const int x = 0, y = 0, z = 0;
    s.schedule(&x, 20, 0, [&] {
        ++fired;
        s.cancel(&y);
    });
    s.schedule(&y, 20, 0, [&] {
        ++fired;
        s.cancel(&x);
    });
    s.schedule(&z, 80, 0, [&] { sentinel = true; });
    QTRY_VERIFY(sentinel);
    QCOMPARE(fired, 1); // whichever ran first, the other did not
}

void TestCheckScheduler::rescheduleReplaces()
{
    CheckScheduler s;
    QElapsedTimer clock;
    clock.start();
    int first = 0, second = 0;
    qint64 at = -1;
    const int x = 0;
    s.schedule(&x, 10, 0, [&] { ++first; });
    s.schedule(&x, 70, 0, [&] {
        ++second;
        at = clock.elapsed();
    });
    QTRY_COMPARE(second, 1);
    QCOMPARE(first, 0);
    QVERIFY(at >= 70);
}

void TestCheckScheduler::callbackMayScheduleItself()
{
    // The regular beat: each check schedules the next.
    CheckScheduler s;
    int beats = 0;
    const int x = 0;
    std::function<void()> beat = [&] {
        if (++beats < 5)
            s.schedule(&x, 10, 0, beat);
    };
    s.schedule(&x, 10, 0, beat);
    QTRY_COMPARE(beats, 5);
    QVERIFY(!s.isScheduled(&x));
}

void TestCheckScheduler::remaining()
{
    CheckScheduler s;
    const int x = 0, y = 0;
    QCOMPARE(s.remainingMs(&x), -1);
    s.schedule(&x, 5000, 0, [] {});
    const qint64 r = s.remainingMs(&x);
    QVERIFY(r > 4000 && r <= 5000);
    QCOMPARE(s.remainingMs(&y), -1);
    s.cancel(&x);
    QCOMPARE(s.remainingMs(&x), -1);
}

QTEST_GUILESS_MAIN(TestCheckScheduler)
#include "tst_checkscheduler.moc"
