#include "recovery/circuitbreaker.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using State = CircuitBreaker::State;

// Steps: "ok", "fail" (results), "wait N" (ms pass), "allow" / "deny" (what allow() must say),
// "check" (a passing check, as the supervisor reports one: an ok result, then checkPassed()),
// "release" (an allowed call that was not sent).
class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transitions_data();
    void transitions();
};

void TestCircuitBreaker::transitions_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("states"); // after each step

    QTest::newRow("needs minimumCalls") << QStringList {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s}
                                        << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s};
    QTest::newRow("opens at the threshold") << QStringList {u"ok"_s, u"fail"_s, u"ok"_s, u"fail"_s,
        u"fail"_s} << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s};
    QTest::newRow("below the threshold stays closed") << QStringList {u"ok"_s, u"ok"_s, u"ok"_s, u"fail"_s,
        u"fail"_s} << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s};
    QTest::newRow("open denies until openFor")
        << QStringList {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"deny"_s, u"wait 29999"_s,
               u"deny"_s, u"wait 1"_s, u"allow"_s, u"deny"_s}
        << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s, u"open"_s, u"open"_s,
               u"open"_s, u"half-open"_s, u"half-open"_s, u"half-open"_s};
    QTest::newRow("half-open success closes")
        << QStringList {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"wait 30000"_s, u"allow"_s,
               u"ok"_s, u"allow"_s}
        << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s, u"half-open"_s,
               u"half-open"_s, u"closed"_s, u"closed"_s};
    QTest::newRow("half-open failure opens again")
        << QStringList {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"wait 30000"_s, u"fail"_s,
               u"deny"_s}
        << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s, u"half-open"_s,
               u"open"_s, u"open"_s};
    QTest::newRow("closing forgets old failures")
        << QStringList {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"wait 30000"_s, u"ok"_s,
               u"fail"_s, u"fail"_s}
        << QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s, u"half-open"_s,
               u"closed"_s, u"closed"_s, u"closed"_s};
    // A passing check half-opens at once, long before openFor: the next call is the trial.
    const QStringList opened {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s};
    const QStringList closed4 {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s};
    QTest::newRow("passing check half-opens before openFor")
        << (opened
               + QStringList {u"wait 100"_s, u"deny"_s, u"check"_s, u"allow"_s, u"deny"_s, u"ok"_s,
                   u"allow"_s})
        << (closed4
               + QStringList {u"open"_s, u"open"_s, u"half-open"_s, u"half-open"_s, u"half-open"_s,
                   u"closed"_s, u"closed"_s});
    QTest::newRow("failing trial after a passing check opens again for openFor")
        << (opened
               + QStringList {u"check"_s, u"allow"_s, u"fail"_s, u"deny"_s, u"wait 29999"_s, u"deny"_s,
                   u"wait 1"_s, u"allow"_s})
        << (closed4
               + QStringList {u"half-open"_s, u"half-open"_s, u"open"_s, u"open"_s, u"open"_s, u"open"_s,
                   u"half-open"_s, u"half-open"_s});
    QTest::newRow("a passing check while half-open is the trial: it closes")
        << (opened + QStringList {u"wait 30000"_s, u"check"_s, u"allow"_s})
        << (closed4 + QStringList {u"half-open"_s, u"closed"_s, u"closed"_s});
    QTest::newRow("a call not sent gives its half-open place back")
        << (opened + QStringList {u"check"_s, u"allow"_s, u"release"_s, u"allow"_s, u"deny"_s})
        << (closed4
               + QStringList {
                   u"half-open"_s, u"half-open"_s, u"half-open"_s, u"half-open"_s, u"half-open"_s});
    QStringList tenOk;
    QStringList tenClosed;
    for (int i = 0; i < 10; ++i) {
        tenOk << u"ok"_s;
        tenClosed << u"closed"_s;
    }
    // Over a window of 10: four failures are 40 %, the fifth (pushing out an ok) is 50 %.
    QTest::newRow("window of ten, threshold reached at 50 %")
        << (tenOk + QStringList {u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s})
        << (tenClosed + QStringList {u"closed"_s, u"closed"_s, u"closed"_s, u"closed"_s, u"open"_s});
}

void TestCircuitBreaker::transitions()
{
    QFETCH(QStringList, steps);
    QFETCH(QStringList, states);
    CircuitSettings s; // defaults: 0.5 over 10, minimum 5, open 30 s, 1 half-open call
    CircuitBreaker b(s);
    qint64 now = 0;
    for (int i = 0; i < steps.size(); ++i) {
        const QString &step = steps[i];
        if (step == "ok"_L1 || step == "fail"_L1) {
            b.record(step == "ok"_L1, now);
        } else if (step.startsWith("wait"_L1)) {
            now += step.mid(5).toLongLong();
            b.poll(now);
        } else if (step == "check"_L1) {
            b.record(true, now);
            b.checkPassed(now);
        } else if (step == "release"_L1) {
            b.release();
        } else if (step == "allow"_L1) {
            QVERIFY2(b.allow(now), qPrintable(u"step %1"_s.arg(i)));
        } else if (step == "deny"_L1) {
            QVERIFY2(!b.allow(now), qPrintable(u"step %1"_s.arg(i)));
        }
        QVERIFY2(CircuitBreaker::stateName(b.state()) == states[i],
            qPrintable(u"after step %1 (%2): %3, expected %4"_s.arg(i).arg(
                step, CircuitBreaker::stateName(b.state()), states[i])));
    }
}

QTEST_APPLESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
