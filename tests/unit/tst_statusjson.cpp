#include <QTest>

#include "api/statusdata.h"
#include "api/statusjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestStatusJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverStatusNames_data();
    void serverStatusNames();
    void overallStatus_data();
    void overallStatus();
    void failoverCoverageIsAWarning();
    void ecosystemEntryHasBothKeySets();
    void healthReportsTheHistory();
    void healthIsLifelinesOwn();
};

void TestStatusJson::serverStatusNames_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("status");
    QTest::newRow("healthy") << int(HealthState::Healthy) << u"ok"_s;
    QTest::newRow("degraded") << int(HealthState::Degraded) << u"degraded"_s;
    QTest::newRow("unhealthy") << int(HealthState::Unhealthy) << u"down"_s;
    QTest::newRow("failed") << int(HealthState::Failed) << u"down"_s;
    QTest::newRow("recovering") << int(HealthState::Recovering) << u"recovering"_s;
    QTest::newRow("starting") << int(HealthState::Starting) << u"starting"_s;
    QTest::newRow("offline") << int(HealthState::Offline) << u"stopped"_s;
    QTest::newRow("disabled") << int(HealthState::Disabled) << u"disabled"_s;
}

void TestStatusJson::serverStatusNames()
{
    QFETCH(int, state);
    QFETCH(QString, status);
    QCOMPARE(StatusJson::serverStatus(HealthState(state)), status);
}

static ServerSnapshot server(const QString &name, HealthState state)
{
    ServerSnapshot s;
    s.name = name;
    s.state = state;
    s.stateSince = QDateTime::currentDateTimeUtc().addSecs(-60);
    if (!isUp(state)) {
        s.lastFailure = Failure::make(FailureType::ProcessExit, u"killed by SIGKILL"_s);
        s.lastFailureAt = s.stateSince;
    }
    return s;
}

void TestStatusJson::overallStatus_data()
{
    QTest::addColumn<QList<int>>("states");
    QTest::addColumn<QString>("overall");
    const int ok = int(HealthState::Healthy), down = int(HealthState::Unhealthy),
              off = int(HealthState::Offline);
    QTest::newRow("no servers") << QList<int>() << u"healthy"_s;
    QTest::newRow("all ok") << QList<int> {ok, ok} << u"healthy"_s;
    QTest::newRow("stopped ones do not count")
        << QList<int> {ok, off, int(HealthState::Disabled)} << u"healthy"_s;
    // A down server that nothing covers: an integration agents need is gone.
    QTest::newRow("one down") << QList<int> {ok, down} << u"unhealthy"_s;
    QTest::newRow("one recovering") << QList<int> {ok, int(HealthState::Recovering)} << u"unhealthy"_s;
    QTest::newRow("one degraded") << QList<int> {ok, int(HealthState::Degraded)} << u"degraded"_s;
    QTest::newRow("starting") << QList<int> {ok, int(HealthState::Starting)} << u"degraded"_s;
    QTest::newRow("all down") << QList<int> {down, int(HealthState::Failed), off} << u"unhealthy"_s;
}

void TestStatusJson::overallStatus()
{
    QFETCH(QList<int>, states);
    QFETCH(QString, overall);
    StatusData data;
    for (qsizetype i = 0; i < states.size(); ++i)
        data.updateSnapshot(server(u"s%1"_s.arg(i), HealthState(states[i])));
    const QJsonObject e = StatusJson::ecosystem(data, QDateTime::currentDateTimeUtc());
    QCOMPARE(e.value("status"_L1).toString(), overall);
    QCOMPARE(StatusJson::ecosystemStatus(data), overall);
    QCOMPARE(e.value("servers"_L1).toArray().size(), states.size());
    QCOMPARE(e.value("servers_total"_L1).toInt(), int(states.size()));
    QCOMPARE(e.value("summary"_L1).toObject().value("total"_L1).toInt(), int(states.size()));
    // A down server never makes Lifeline's own health worse.
    QCOMPARE(StatusJson::health(data, {}, QDateTime::currentDateTimeUtc())
                 .value("metadata"_L1)
                 .toObject()
                 .value("ecosystem_status"_L1)
                 .toString(),
        overall);
}

void TestStatusJson::failoverCoverageIsAWarning()
{
    StatusData data;
    ServerSnapshot primary = server(u"primary"_s, HealthState::Unhealthy);
    primary.group = u"pair"_s;
    primary.groupActive = u"fallback"_s;
    ServerSnapshot fallback = server(u"fallback"_s, HealthState::Healthy);
    fallback.group = u"pair"_s;
    fallback.groupActive = u"fallback"_s;
    data.updateSnapshot(primary);
    data.updateSnapshot(fallback);
    FailoverGroupSnapshot g;
    g.name = u"pair"_s;
    g.primary = u"primary"_s;
    g.fallbacks = {u"fallback"_s};
    g.active = u"fallback"_s;
    data.updateGroup(g);
    QCOMPARE(StatusJson::serverCheck(data, primary), u"warn"_s);
    const QJsonObject e = StatusJson::ecosystem(data, QDateTime::currentDateTimeUtc());
    QCOMPARE(e.value("status"_L1).toString(), u"degraded"_s);
    QCOMPARE(e.value("groups"_L1).toArray().first().toObject().value("active"_L1).toString(), u"fallback"_s);

    // The fallback goes down too: nothing serves the group any more.
    fallback.state = HealthState::Failed;
    data.updateSnapshot(fallback);
    QCOMPARE(StatusJson::serverCheck(data, primary), u"fail"_s);
    QCOMPARE(StatusJson::ecosystemStatus(data), u"unhealthy"_s);
}

void TestStatusJson::ecosystemEntryHasBothKeySets()
{
    StatusData data;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject up = StatusJson::ecosystemEntry(data, server(u"a"_s, HealthState::Healthy), now);
    QVERIFY(qAbs(up.value("uptime_seconds"_L1).toDouble() - 60) < 1);
    QCOMPARE(up.value("error"_L1), QJsonValue(QJsonValue::Null));
    QCOMPARE(up.value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(up.value("check"_L1).toString(), u"pass"_s);
    const QJsonObject down = StatusJson::ecosystemEntry(data, server(u"b"_s, HealthState::Unhealthy), now);
    QCOMPARE(down.value("uptime_seconds"_L1).toDouble(), 0.0);
    QCOMPARE(down.value("error"_L1).toString(), u"killed by SIGKILL"_s);
    QCOMPARE(down.value("failure"_L1).toString(), u"process_exit"_s);
    QCOMPARE(down.value("check"_L1).toString(), u"fail"_s);
    // The HTTP route's keys (a machine interface) and the snapshot's details, in one entry.
    for (const char *key : {"name", "status", "state", "since", "uptime_seconds", "last_check", "latency_ms",
             "error", "failure", "transport", "failover_group", "active_member", "check", "restarts_total",
             "error_rate", "consecutive_failures", "circuit"})
        QVERIFY2(down.contains(QLatin1StringView(key)), key);
}

void TestStatusJson::healthReportsTheHistory()
{
    StatusData data;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto check = [](const QJsonObject &h) {
        return h.value("checks"_L1).toObject().value("database"_L1).toObject();
    };
    data.setHistoryState({true, true, {}});
    DatabaseProbe fast;
    fast.asked = fast.answered = true;
    fast.latencyMs = 3;
    QJsonObject h = StatusJson::health(data, fast, now);
    QCOMPARE(h.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(h.value("database_status"_L1).toString(), u"connected"_s);
    QCOMPARE(check(h).value("status"_L1).toString(), u"pass"_s);
    QCOMPARE(check(h).value("latency_ms"_L1).toDouble(), 3.0);
    // The seed's HealthCheckResponse keys.
    for (const char *key :
        {"status", "timestamp", "database_status", "uptime_seconds", "connection_pool", "checks", "metadata"})
        QVERIFY2(h.contains(QLatin1StringView(key)), key);
    QVERIFY(h.value("checks"_L1).toObject().contains("memory"_L1));

    DatabaseProbe slow = fast;
    slow.latencyMs = 180; // the ops guide: slow database response (>100ms) is degraded
    h = StatusJson::health(data, slow, now);
    QCOMPARE(h.value("status"_L1).toString(), u"degraded"_s);
    QCOMPARE(h.value("database_status"_L1).toString(), u"degraded"_s);
    QCOMPARE(check(h).value("status"_L1).toString(), u"warn"_s);

    DatabaseProbe silent;
    silent.asked = true;
    silent.timeoutMs = 250;
    h = StatusJson::health(data, silent, now);
    QCOMPARE(h.value("status"_L1).toString(), u"degraded"_s);
    QVERIFY(check(h).value("message"_L1).toString().contains("250 ms"_L1));
    QCOMPARE(check(h).value("latency_ms"_L1), QJsonValue(QJsonValue::Null));

    DatabaseProbe broken = fast;
    broken.error = u"database disk image is malformed"_s;
    h = StatusJson::health(data, broken, now);
    QCOMPARE(h.value("status"_L1).toString(), u"degraded"_s); // never worse: monitoring goes on
    QCOMPARE(h.value("database_status"_L1).toString(), u"disconnected"_s);
    QCOMPARE(check(h).value("status"_L1).toString(), u"fail"_s);

    data.setHistoryState({true, false, u"disk full"_s});
    h = StatusJson::health(data, fast, now);
    QCOMPARE(h.value("status"_L1).toString(), u"degraded"_s); // monitoring goes on, history does not
    QCOMPARE(h.value("database_status"_L1).toString(), u"disconnected"_s);
    QCOMPARE(check(h).value("message"_L1).toString(), u"disk full"_s);

    data.setHistoryState({false, true, {}}); // a run without history: a choice, not trouble
    h = StatusJson::health(data, {}, now);
    QCOMPARE(check(h).value("status"_L1).toString(), u"warn"_s);
    QCOMPARE(h.value("status"_L1).toString(), u"healthy"_s);
    QVERIFY(h.value("uptime_seconds"_L1).toDouble() >= 0);
}

void TestStatusJson::healthIsLifelinesOwn()
{
    StatusData data;
    data.setHistoryState({true, true, {}});
    data.updateSnapshot(server(u"up"_s, HealthState::Healthy));
    data.updateSnapshot(server(u"gone"_s, HealthState::Failed));
    data.updateSnapshot(server(u"off"_s, HealthState::Offline));
    const QJsonObject h = StatusJson::health(data, {}, QDateTime::currentDateTimeUtc());
    QCOMPARE(h.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(h.value("metadata"_L1).toObject().value("ecosystem_status"_L1).toString(), u"unhealthy"_s);
    const QJsonObject pool = h.value("connection_pool"_L1).toObject();
    QCOMPARE(pool.value("total_connections"_L1).toInt(), 3);
    QCOMPARE(pool.value("active_connections"_L1).toInt(), 1);
    QCOMPARE(pool.value("idle_connections"_L1).toInt(), 1);
    QCOMPARE(pool.value("pool_utilization"_L1).toDouble(), 0.5);
}

QTEST_APPLESS_MAIN(TestStatusJson)
#include "tst_statusjson.moc"
