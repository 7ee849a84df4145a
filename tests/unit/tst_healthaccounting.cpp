// The up/down rule, written once for the history, /mcp and the alerts: which states count as up,
// down or neither, and the live up/down time /mcp computes from the events it holds.
#include "health/healthaccounting.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

const QDateTime kT0(QDate(2026, 3, 10), QTime(0, 0), QTimeZone::utc());

HealthEvent state(qint64 offsetMs, const QString &from, const QString &to, bool byUser = false)
{
    HealthEvent e;
    e.ts = kT0.addMSecs(offsetMs);
    e.kind = HealthEvent::Kind::State;
    e.server = u"a"_s;
    if (!from.isEmpty())
        e.from = healthStateFromName(from);
    e.to = healthStateFromName(to);
    if (byUser)
        e.byUser = true;
    return e;
}

} // namespace

Q_DECLARE_METATYPE(lifeline::UptimeClass)
Q_DECLARE_METATYPE(lifeline::CurrentState)

class TestHealthAccounting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rule_data();
    void rule();
    void otherEventsAreNotCounted();
    void theCauseTravelsInTheJsonLine();
    void liveTime_data();
    void liveTime();
};

void TestHealthAccounting::rule_data()
{
    QTest::addColumn<HealthState>("state");
    QTest::addColumn<bool>("byUser");
    QTest::addColumn<UptimeClass>("expected");

    QTest::newRow("healthy is up") << HealthState::Healthy << false << UptimeClass::Up;
    QTest::newRow("degraded is up") << HealthState::Degraded << false << UptimeClass::Up;
    QTest::newRow("unhealthy is down") << HealthState::Unhealthy << false << UptimeClass::Down;
    QTest::newRow("recovering is down") << HealthState::Recovering << false << UptimeClass::Down;
    QTest::newRow("failed is down") << HealthState::Failed << false << UptimeClass::Down;
    QTest::newRow("an exit on its own is down") << HealthState::Offline << false << UptimeClass::Down;
    QTest::newRow("stopped by the user is neither") << HealthState::Offline << true << UptimeClass::Neither;
    QTest::newRow("disabled by the user is neither") << HealthState::Disabled << true << UptimeClass::Neither;
    QTest::newRow("disabled in the config is neither")
        << HealthState::Disabled << false << UptimeClass::Neither;
    QTest::newRow("starting is neither") << HealthState::Starting << false << UptimeClass::Neither;
    QTest::newRow("restarted by the user is neither")
        << HealthState::Starting << true << UptimeClass::Neither;
    // The user's hand does not make a down state up, nor an up state down.
    QTest::newRow("unhealthy after a user action is down")
        << HealthState::Unhealthy << true << UptimeClass::Down;
    QTest::newRow("healthy after a user action is up") << HealthState::Healthy << true << UptimeClass::Up;
}

void TestHealthAccounting::rule()
{
    QFETCH(HealthState, state);
    QFETCH(bool, byUser);
    QFETCH(UptimeClass, expected);
    QCOMPARE(uptimeClass(state, byUser), expected);
    // The same rule read from a state event as the engine sends it.
    const std::optional<UptimeClass> fromEvent = uptimeClass(::state(0, {}, healthStateName(state), byUser));
    QVERIFY(fromEvent.has_value());
    QCOMPARE(*fromEvent, expected);
    // isDown() is the part of the rule that does not depend on the cause.
    QCOMPARE(isDown(state), expected == UptimeClass::Down && state != HealthState::Offline);
}

void TestHealthAccounting::otherEventsAreNotCounted()
{
    HealthEvent restart = state(0, {}, {});
    restart.kind = HealthEvent::Kind::Restart;
    QVERIFY(!uptimeClass(restart));
}

void TestHealthAccounting::theCauseTravelsInTheJsonLine()
{
    // Typed inside, the same line outside: the headless log, the WebSocket and the history's payload.
    HealthEvent e = state(0, u"healthy"_s, u"offline"_s, true);
    e.detail = u"stopped by the user"_s;
    QCOMPARE(e.toJsonLine(),
        QByteArray(R"({"cause":"user","detail":"stopped by the user","event":"state","failure":null,)"
                   R"("from":"healthy","server":"a","to":"offline","ts":"2026-03-10T00:00:00.000Z"})"
                   "\n"));
    e.byUser = false;
    QVERIFY(!e.toJson().contains("cause"_L1));
}

using Events = QList<HealthEvent>;

void TestHealthAccounting::liveTime_data()
{
    QTest::addColumn<Events>("events");
    QTest::addColumn<CurrentState>("current");
    QTest::addColumn<qint64>("startedOffset"); // Lifeline started at kT0 + this
    QTest::addColumn<qint64>("fromOffset");
    QTest::addColumn<qint64>("toOffset");
    QTest::addColumn<qint64>("up");
    QTest::addColumn<qint64>("down");

    QTest::newRow("healthy throughout")
        << Events {state(0, {}, u"healthy"_s)} << CurrentState {HealthState::Healthy, false, kT0} << 0LL
        << 0LL << 60000LL << 60000LL << 0LL;
    QTest::newRow("an exit on its own is down until now")
        << Events {state(0, {}, u"healthy"_s), state(20000, u"healthy"_s, u"offline"_s)}
        << CurrentState {HealthState::Offline, false, kT0.addMSecs(20000)} << 0LL << 0LL << 60000LL << 20000LL
        << 40000LL;
    QTest::newRow("stopped by the user is neither")
        << Events {state(0, {}, u"healthy"_s), state(20000, u"healthy"_s, u"offline"_s, true)}
        << CurrentState {HealthState::Offline, true, kT0.addMSecs(20000)} << 0LL << 0LL << 60000LL << 20000LL
        << 0LL;
    QTest::newRow("window begins inside a span")
        << Events {state(0, {}, u"healthy"_s), state(30000, u"healthy"_s, u"unhealthy"_s)}
        << CurrentState {HealthState::Unhealthy, false, kT0.addMSecs(30000)} << 0LL << 10000LL << 60000LL
        << 20000LL << 30000LL;
    QTest::newRow("before Lifeline started is neither")
        << Events {state(30000, {}, u"healthy"_s)} << CurrentState {HealthState::Healthy, false, kT0}
        << 30000LL << 0LL << 60000LL << 30000LL << 0LL;
    // The first event's own span is gone from memory: its `from` tells the state, not the cause.
    QTest::newRow("dropped span: down state counts")
        << Events {state(30000, u"unhealthy"_s, u"healthy"_s)}
        << CurrentState {HealthState::Healthy, false, kT0.addMSecs(30000)} << 0LL << 0LL << 60000LL << 30000LL
        << 30000LL;
    QTest::newRow("dropped span: offline of unknown cause is neither")
        << Events {state(30000, u"offline"_s, u"starting"_s, true), state(32000, u"starting"_s, u"healthy"_s)}
        << CurrentState {HealthState::Healthy, false, kT0.addMSecs(32000)} << 0LL << 0LL << 60000LL << 28000LL
        << 0LL;
    QTest::newRow("no events: the current state")
        << Events {} << CurrentState {HealthState::Failed, false, kT0.addMSecs(-5000)} << 0LL << 0LL
        << 60000LL << 0LL << 60000LL;
    QTest::newRow("no events: an exit on its own")
        << Events {} << CurrentState {HealthState::Offline, false, kT0.addMSecs(-5000)} << 0LL << 0LL
        << 60000LL << 0LL << 60000LL;
    QTest::newRow("no events: stopped by the user")
        << Events {} << CurrentState {HealthState::Offline, true, kT0.addMSecs(-5000)} << 0LL << 0LL
        << 60000LL << 0LL << 0LL;
}

void TestHealthAccounting::liveTime()
{
    QFETCH(Events, events);
    QFETCH(CurrentState, current);
    QFETCH(qint64, startedOffset);
    QFETCH(qint64, fromOffset);
    QFETCH(qint64, toOffset);
    QFETCH(qint64, up);
    QFETCH(qint64, down);
    const UpDownTime t = upDownTime(
        events, current, kT0.addMSecs(startedOffset), kT0.addMSecs(fromOffset), kT0.addMSecs(toOffset));
    QCOMPARE(t.upMs, up);
    QCOMPARE(t.downMs, down);
}

QTEST_APPLESS_MAIN(TestHealthAccounting)
#include "tst_healthaccounting.moc"
