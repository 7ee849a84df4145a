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
    void uptimeCountsOnlyWhileUp();
    void healthReportsTheHistory();
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
    QTest::newRow("one down") << QList<int> {ok, down} << u"degraded"_s;
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
    const QJsonObject e = StatusJson::ecosystem(data);
    QCOMPARE(e.value("status"_L1).toString(), overall);
    QCOMPARE(e.value("servers"_L1).toArray().size(), states.size());
    QCOMPARE(e.value("servers_total"_L1).toInt(), int(states.size()));
}

void TestStatusJson::uptimeCountsOnlyWhileUp()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject up = StatusJson::ecosystemEntry(server(u"a"_s, HealthState::Healthy), now);
    QVERIFY(qAbs(up.value("uptime_seconds"_L1).toDouble() - 60) < 1);
    QCOMPARE(up.value("error"_L1), QJsonValue(QJsonValue::Null));
    const QJsonObject down = StatusJson::ecosystemEntry(server(u"b"_s, HealthState::Unhealthy), now);
    QCOMPARE(down.value("uptime_seconds"_L1).toDouble(), 0.0);
    QCOMPARE(down.value("error"_L1).toString(), u"killed by SIGKILL"_s);
    QCOMPARE(down.value("failure"_L1).toString(), u"process_exit"_s);
}

void TestStatusJson::healthReportsTheHistory()
{
    StatusData data;
    QJsonObject h = StatusJson::health(data, {true, true, {}});
    QCOMPARE(h.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(h.value("database_status"_L1).toString(), u"connected"_s);
    QCOMPARE(h.value("checks"_L1).toObject().value("database"_L1).toObject().value("status"_L1).toString(),
        u"pass"_s);

    h = StatusJson::health(data, {true, false, u"disk full"_s});
    QCOMPARE(h.value("status"_L1).toString(), u"degraded"_s); // monitoring goes on, history does not
    QCOMPARE(h.value("database_status"_L1).toString(), u"disconnected"_s);
    QCOMPARE(h.value("checks"_L1).toObject().value("database"_L1).toObject().value("message"_L1).toString(),
        u"disk full"_s);

    h = StatusJson::health(data, {false, true, {}});
    QCOMPARE(h.value("checks"_L1).toObject().value("database"_L1).toObject().value("status"_L1).toString(),
        u"warn"_s);
    QVERIFY(h.value("uptime_seconds"_L1).toDouble() >= 0);
}

QTEST_APPLESS_MAIN(TestStatusJson)
#include "tst_statusjson.moc"
