#include "servertablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestServerTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void updatesAreBatched();
    void changedRowsAreSignalledInRanges();
    void removalsAndRawRoles();
};

static ServerSnapshot snap(const QString &name, HealthState state, double latency = 1.0)
{
    ServerSnapshot s;
    s.name = name;
    s.state = state;
    s.lastLatencyMs = latency;
    return s;
}

void TestServerTableModel::updatesAreBatched()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int i = 0; i < 50; ++i) // fifty samples of the same two servers before the batch runs
        for (const QString &n : {u"b"_s, u"a"_s})
            model.updateServer(snap(n, HealthState::Healthy, i));
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 1); // one insertion for the batch
    QCOMPARE(changed.size(), 0);
    QCOMPARE(model.data(model.index(0, ServerTableModel::Name)).toString(), u"a"_s);
    QCOMPARE(
        model.data(model.index(0, ServerTableModel::Latency), ServerTableModel::LatencyMsRole).toDouble(),
        49.0);
}

void TestServerTableModel::changedRowsAreSignalledInRanges()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 10; ++i)
        model.updateServer(snap(u"s%1"_s.arg(i), HealthState::Healthy));
    model.flush();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy counts(&model, &ServerTableModel::countsChanged);
    for (int i : {2, 3, 4, 7})
        model.updateServer(snap(u"s%1"_s.arg(i), i == 7 ? HealthState::Unhealthy : HealthState::Healthy, 5));
    model.flush();
    QCOMPARE(changed.size(), 2); // rows 2–4 and row 7
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 7);
    QCOMPARE(counts.size(), 1); // a state moved
    QCOMPARE(model.stateCounts().value(HealthState::Unhealthy), 1);
    QCOMPARE(model.stateCounts().value(HealthState::Healthy), 9);
}

void TestServerTableModel::removalsAndRawRoles()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateServer(snap(u"a"_s, HealthState::Healthy, 12.5));
    model.updateServer(snap(u"b"_s, HealthState::Degraded));
    model.updateServer(snap(u"c"_s, HealthState::Failed));
    model.flush();
    model.removeServer(u"b"_s);
    model.flush();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(u"c"_s), 1);
    const QModelIndex status = model.index(1, ServerTableModel::Status);
    QCOMPARE(model.data(status).toString(), u"Failed"_s);
    QCOMPARE(model.data(status, ServerTableModel::StateRole).toInt(), int(HealthState::Failed));
    QCOMPARE(model.data(model.index(0, ServerTableModel::Latency)).toString().endsWith(u" ms"_s), true);
    QCOMPARE(
        model.data(model.index(0, ServerTableModel::Latency), ServerTableModel::SortRole).toDouble(), 12.5);
    QVERIFY(model.headerData(ServerTableModel::Status, Qt::Horizontal).toString() == u"Status"_s);
}

QTEST_GUILESS_MAIN(TestServerTableModel)
#include "tst_servertablemodel.moc"
