// The alerts table: one row per alert id (fire, acknowledge, resolve update it in place), newest
// on top, the active count as a signal, resolved rows bounded.
#include "alertsmodel.h"
#include "health/healthstate.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

Alert makeAlert(
    const QString &id, const QString &server, AlertSeverity severity, const QString &rule = u"latency"_s)
{
    Alert a;
    a.id = id;
    a.server = server;
    a.rule = rule;
    a.severity = severity;
    a.message = u"p95 over the threshold"_s;
    a.firedAt = QDateTime(QDate(2026, 11, 22), QTime(10, 0), QTimeZone::utc());
    return a;
}

} // namespace

class TestAlertsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void upsertKeepsOneRowPerAlert();
    void severityAndStateReadWithoutColour();
    void resolvedRowsAreBounded();
};

void TestAlertsModel::upsertKeepsOneRowPerAlert()
{
    AlertsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy active(&model, &AlertsModel::activeCountChanged);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.upsert(makeAlert(u"a1"_s, u"x"_s, AlertSeverity::Warning));
    model.upsert(makeAlert(u"a2"_s, u"y"_s, AlertSeverity::Critical));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0, AlertsModel::Server)).toString(), u"y"_s); // newest on top
    QCOMPARE(model.activeCount(), 2);
    QCOMPARE(model.unacknowledgedCount(), 2);
    QCOMPARE(active.size(), 2);

    Alert acked = makeAlert(u"a1"_s, u"x"_s, AlertSeverity::Warning);
    acked.acknowledgedAt = acked.firedAt.addSecs(60);
    model.upsert(acked);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(model.data(model.index(1, AlertsModel::State)).toString(), u"Acknowledged"_s);
    QCOMPARE(model.unacknowledgedCount(), 1);
    QCOMPARE(model.activeCount(), 2);

    Alert resolved = acked;
    resolved.state = AlertState::Resolved;
    resolved.resolvedAt = acked.firedAt.addSecs(120);
    model.upsert(resolved);
    QCOMPARE(model.activeCount(), 1);
    QCOMPARE(active.last().first().toInt(), 1);
    QCOMPARE(model.data(model.index(1, AlertsModel::State)).toString(), u"Resolved"_s);
    QVERIFY(!model.data(model.index(1, AlertsModel::Resolved)).toString().isEmpty());
    QCOMPARE(model.data(model.index(1, 0), AlertsModel::ActiveRole).toBool(), false);
    QCOMPARE(model.rowOf(u"a2"_s), 0);
}

void TestAlertsModel::severityAndStateReadWithoutColour()
{
    AlertsModel model;
    model.upsert(makeAlert(u"c"_s, u"x"_s, AlertSeverity::Critical, u"error_rate"_s));
    model.upsert(makeAlert(u"w"_s, QString(), AlertSeverity::Warning, u"trend"_s));
    // Text and an icon shape (through the state icon) for each severity.
    QCOMPARE(model.data(model.index(1, AlertsModel::Severity)).toString(), u"Critical"_s);
    QCOMPARE(model.data(model.index(1, AlertsModel::Severity), AlertsModel::StateRole).toInt(),
        int(HealthState::Unhealthy));
    QCOMPARE(model.data(model.index(0, AlertsModel::Severity), AlertsModel::StateRole).toInt(),
        int(HealthState::Degraded));
    QCOMPARE(model.data(model.index(1, AlertsModel::Rule)).toString(), u"Error rate"_s);
    QCOMPARE(model.data(model.index(0, AlertsModel::Server)).toString(), u"(Lifeline)"_s);
    QVERIFY(model.data(model.index(0, 0), AlertsModel::ServersRole).toStringList().isEmpty());
    QCOMPARE(model.data(model.index(1, 0), AlertsModel::ServersRole).toStringList(), QStringList {u"x"_s});
}

void TestAlertsModel::resolvedRowsAreBounded()
{
    AlertsModel model;
    QList<Alert> history;
    for (int i = 0; i < AlertsModel::kResolvedKept + 10; ++i) {
        Alert a = makeAlert(u"r%1"_s.arg(i), u"x"_s, AlertSeverity::Info);
        a.state = AlertState::Resolved;
        a.resolvedAt = a.firedAt.addSecs(1);
        history.append(a);
    }
    history.insert(AlertsModel::kResolvedKept + 5, makeAlert(u"active"_s, u"x"_s, AlertSeverity::Critical));
    model.setAlerts(history);
    QCOMPARE(model.rowCount(), AlertsModel::kResolvedKept + 1);
    QVERIFY(model.rowOf(u"active"_s) >= 0); // active ones always stay
    QCOMPARE(model.rowOf(u"r%1"_s.arg(AlertsModel::kResolvedKept + 9)), -1); // the oldest went
    QCOMPARE(model.activeCount(), 1);
}

QTEST_MAIN(TestAlertsModel)
#include "tst_alertsmodel.moc"
