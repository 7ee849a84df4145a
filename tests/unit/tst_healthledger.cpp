// The history's health accounting without a database: up and down time split over minutes by
// the one rule, and failure episodes with the recovery done while they lasted.
#include "store/healthledger.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

HealthEvent state(const QString &to, bool byUser = false, FailureType failure = FailureType::None)
{
    HealthEvent e;
    e.kind = HealthEvent::Kind::State;
    e.server = u"a"_s;
    e.to = healthStateFromName(to);
    if (failure != FailureType::None)
        e.failure = Failure::make(failure, u"it broke"_s);
    if (byUser)
        e.byUser = true;
    return e;
}

HealthEvent other(HealthEvent::Kind kind, const QString &server, const QJsonObject &extra)
{
    HealthEvent e;
    e.kind = kind;
    e.server = server;
    e.extra = extra;
    return e;
}

struct Minutes
{
    QHash<qint64, QPair<qint64, qint64>> byMinute; // minute start → up, down
    HealthLedger::TimeSink sink()
    {
        return [this](const QString &, qint64 minute, UptimeClass time, qint64 ms) {
            auto &m = byMinute[minute];
            (time == UptimeClass::Up ? m.first : m.second) += ms;
        };
    }
};

using Step = std::tuple<qint64, QString, bool>; // ms, state, by the user

} // namespace

Q_DECLARE_METATYPE(QList<Step>)

class TestHealthLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void minutes_data();
    void minutes();
    void episodeResolvedWithItsRecovery();
    void episodeEndedByTheUser();
    void gaveUp();
    void aForgottenServerStopsCounting();
};

void TestHealthLedger::minutes_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<qint64>("until");
    QTest::addColumn<QList<qint64>>("expected"); // up, down of minute 0, then of minute 1

    QTest::newRow("healthy all minute")
        << QList<Step> {{0, u"healthy"_s, false}} << 60000LL << QList<qint64> {60000, 0, 0, 0};
    QTest::newRow("an exit on its own is down") << QList<Step> {{0, u"healthy"_s, false},
        {20000, u"offline"_s, false}} << 60000LL << QList<qint64> {20000, 40000, 0, 0};
    QTest::newRow("stopped by the user is neither") << QList<Step> {{0, u"healthy"_s, false},
        {20000, u"offline"_s, true}} << 60000LL << QList<qint64> {20000, 0, 0, 0};
    QTest::newRow("starting is neither")
        << QList<Step> {{0, u"starting"_s, false}, {2000, u"healthy"_s, false}} << 60000LL
        << QList<qint64> {58000, 0, 0, 0};
    QTest::newRow("down across the boundary") << QList<Step> {{0, u"healthy"_s, false},
        {50000, u"unhealthy"_s, false}, {70000, u"healthy"_s, false}}
                                              << 120000LL << QList<qint64> {50000, 10000, 50000, 10000};
}

void TestHealthLedger::minutes()
{
    QFETCH(QList<Step>, steps);
    QFETCH(qint64, until);
    QFETCH(QList<qint64>, expected);
    Minutes m;
    HealthLedger ledger(m.sink());
    for (const auto &[at, to, byUser] : steps)
        ledger.record(state(to, byUser), at);
    ledger.advance(until);
    for (int minute = 0; minute < 2; ++minute) {
        const auto got = m.byMinute.value(minute * 60000LL);
        QCOMPARE(got.first, expected.at(minute * 2));
        QCOMPARE(got.second, expected.at(minute * 2 + 1));
    }
}

void TestHealthLedger::episodeResolvedWithItsRecovery()
{
    Minutes m;
    HealthLedger ledger(m.sink());
    ledger.record(state(u"healthy"_s), 0);
    ledger.record(state(u"unhealthy"_s, false, FailureType::Timeout), 10000);
    ledger.record(state(u"recovering"_s), 10001);
    ledger.record(other(HealthEvent::Kind::Restart, u"a"_s, {{"action"_L1, "restart"_L1}}), 10001);
    QCOMPARE(ledger.openEpisodes().size(), 1);
    QVERIFY(ledger.hasChangedEpisodes());
    ledger.record(other(HealthEvent::Kind::Restart, u"a"_s, {{"action"_L1, "restart"_L1}}), 11000);
    ledger.record(other(HealthEvent::Kind::Failover, {}, {{"from"_L1, "a"_L1}, {"to"_L1, "b"_L1}}), 12000);
    ledger.record(state(u"healthy"_s), 13500);

    QVERIFY(ledger.openEpisodes().isEmpty());
    QCOMPARE(ledger.endedEpisodes().size(), 1);
    const HealthLedger::Episode &e = ledger.endedEpisodes().first();
    QCOMPARE(e.failure.type, FailureType::Timeout);
    QCOMPARE(e.occurredMs, 10000);
    QCOMPARE(e.endedMs, 13500);
    QVERIFY(e.resolved);
    QCOMPARE(e.recoveryAction(), u"restart ×2, failover to b"_s);
}

void TestHealthLedger::episodeEndedByTheUser()
{
    Minutes m;
    HealthLedger ledger(m.sink());
    ledger.record(state(u"unhealthy"_s, false, FailureType::ProcessExit), 20000);
    ledger.record(state(u"offline"_s, true), 21000);
    QCOMPARE(ledger.endedEpisodes().size(), 1);
    const HealthLedger::Episode &e = ledger.endedEpisodes().first();
    QVERIFY(e.ended);
    QVERIFY(!e.resolved);
    QCOMPARE(e.recoveryAction(), u"offline by the user"_s);
}

void TestHealthLedger::gaveUp()
{
    Minutes m;
    HealthLedger ledger(m.sink());
    ledger.record(state(u"unhealthy"_s), 0);
    ledger.record(state(u"failed"_s), 5000);
    QCOMPARE(ledger.openEpisodes().value(u"a"_s).recoveryAction(), u"gave up"_s);
    QCOMPARE(ledger.state(u"a"_s), HealthState::Failed);
}

void TestHealthLedger::aForgottenServerStopsCounting()
{
    Minutes m;
    HealthLedger ledger(m.sink());
    ledger.record(state(u"healthy"_s), 0);
    ledger.forget(u"a"_s, 10000);
    ledger.advance(60000);
    QCOMPARE(m.byMinute.value(0).first, 10000);
    QVERIFY(ledger.servers().isEmpty());
}

QTEST_APPLESS_MAIN(TestHealthLedger)
#include "tst_healthledger.moc"
