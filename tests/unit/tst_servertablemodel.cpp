#include "serverfiltermodel.h"
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
    void initTestCase();
    void updatesAreBatched();
    void changedRowsAreSignalledInRanges();
    void removalsAndRawRoles();
    void snapshotColumns();
    void activeMemberOfFailoverGroup();
    void historyStatsChangeOnlyTheirColumns();
    void historyStatsWaitForTheirServer();
    void unknownValuesShowADashAndSortLast();
    void gatewayCallColumnsShowAndSortAsNumbers();
};

// Formatting is the locale's; the C locale keeps the expected strings fixed.
void TestServerTableModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

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

void TestServerTableModel::snapshotColumns()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 13);
    ServerSnapshot s = snap(u"a"_s, HealthState::Healthy, 3.5);
    s.restartsTotal = 7;
    s.errorRate = 0.25;
    s.checksTotal = 3400;
    s.failuresTotal = 12;
    model.updateServer(s);
    model.flush();
    auto cell = [&](int column, int role = Qt::DisplayRole) { return model.index(0, column).data(role); };
    QCOMPARE(cell(ServerTableModel::Restarts).toString(), u"7"_s);
    QCOMPARE(cell(ServerTableModel::Restarts, ServerTableModel::SortRole).toLongLong(), 7);
    QCOMPARE(cell(ServerTableModel::ErrorRate).toString(), u"25 %"_s);
    // The checks column is gone; its numbers are in the error rate's tooltip.
    const QString tip = cell(ServerTableModel::ErrorRate, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"12 of 3400"_s), qPrintable(tip));
    QCOMPARE(cell(ServerTableModel::Latency).toString(), u"3.5 ms"_s);
    QCOMPARE(cell(ServerTableModel::ActiveMember).toString(), QString()); // in no group
    QVERIFY(cell(ServerTableModel::ActiveMember, Qt::ToolTipRole).isNull());
    const QStringList headers {u"Server"_s, u"Transport"_s, u"Status"_s, u"Latency"_s, u"p95 latency"_s,
        u"Errors"_s, u"Uptime 24 h"_s, u"Restarts"_s, u"Active member"_s, u"Last check"_s, u"Last error"_s,
        u"Calls/s"_s, u"Call errors"_s};
    for (int c = 0; c < ServerTableModel::ColumnCount; ++c)
        QCOMPARE(model.headerData(c, Qt::Horizontal).toString(), headers.at(c));

    // Restarts sort as numbers, not as text ("10" < "9").
    ServerFilterModel proxy;
    proxy.setSourceModel(&model);
    s = snap(u"b"_s, HealthState::Healthy);
    s.restartsTotal = 10;
    model.updateServer(s);
    s = snap(u"c"_s, HealthState::Healthy);
    s.restartsTotal = 9;
    model.updateServer(s);
    model.flush();
    proxy.sort(ServerTableModel::Restarts, Qt::AscendingOrder);
    QStringList order;
    for (int r = 0; r < proxy.rowCount(); ++r)
        order << proxy.index(r, ServerTableModel::Name).data().toString();
    QCOMPARE(order, (QStringList {u"a"_s, u"c"_s, u"b"_s}));
}

void TestServerTableModel::activeMemberOfFailoverGroup()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const QString &n : {u"primary"_s, u"backup"_s}) {
        ServerSnapshot s = snap(n, HealthState::Healthy);
        s.group = u"search"_s;
        s.groupActive = u"primary"_s;
        model.updateServer(s);
    }
    model.updateServer(snap(u"alone"_s, HealthState::Healthy));
    model.flush();
    auto cell = [&](const QString &name, int role) {
        return model.index(model.rowOf(name), ServerTableModel::ActiveMember).data(role);
    };
    QCOMPARE(cell(u"backup"_s, Qt::DisplayRole).toString(), u"primary"_s);
    QVERIFY(cell(u"backup"_s, Qt::ToolTipRole).toString().contains(u"search"_s));
    const QString self = cell(u"primary"_s, Qt::DisplayRole).toString();
    QVERIFY2(self != u"primary"_s && self.contains(u"this server"_s), qPrintable(self));
    QVERIFY(cell(u"primary"_s, Qt::ToolTipRole).toString().contains(u"search"_s));
    QCOMPARE(cell(u"alone"_s, Qt::DisplayRole).toString(), QString());

    // Sorted: the group together with its active member first, servers in no group last.
    ServerFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ServerTableModel::ActiveMember, Qt::AscendingOrder);
    QStringList order;
    for (int r = 0; r < proxy.rowCount(); ++r)
        order << proxy.index(r, ServerTableModel::Name).data().toString();
    QCOMPARE(order, (QStringList {u"primary"_s, u"backup"_s, u"alone"_s}));

    // A failover moves the mark with the next snapshots.
    for (const QString &n : {u"primary"_s, u"backup"_s}) {
        ServerSnapshot s = snap(n, HealthState::Healthy);
        s.group = u"search"_s;
        s.groupActive = u"backup"_s;
        model.updateServer(s);
    }
    model.flush();
    QCOMPARE(cell(u"primary"_s, Qt::DisplayRole).toString(), u"backup"_s);
    QCOMPARE(cell(u"backup"_s, Qt::DisplayRole).toString(), self);
}

void TestServerTableModel::historyStatsChangeOnlyTheirColumns()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 6; ++i)
        model.updateServer(snap(u"s%1"_s.arg(i), HealthState::Healthy));
    model.flush();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    ServerHistoryStats stats;
    stats.uptime24hPercent = 99.95;
    stats.p95LatencyMs = 42.5;
    model.setHistoryStats({{u"s1"_s, stats}, {u"s2"_s, stats}, {u"s4"_s, stats}});
    QCOMPARE(reset.size(), 0);
    // Rows 1–2 and row 4, each for the p95 column and the uptime column alone.
    QList<std::tuple<int, int, int, int>> ranges;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const QModelIndex from = args.at(0).toModelIndex();
        const QModelIndex to = args.at(1).toModelIndex();
        ranges.append({from.row(), to.row(), from.column(), to.column()});
    }
    std::sort(ranges.begin(), ranges.end());
    const int p95 = ServerTableModel::P95Latency;
    const int uptime = ServerTableModel::Uptime24h;
    QCOMPARE(ranges,
        (QList<std::tuple<int, int, int, int>> {
            {1, 2, p95, p95}, {1, 2, uptime, uptime}, {4, 4, p95, p95}, {4, 4, uptime, uptime}}));

    const QModelIndex p95Cell = model.index(model.rowOf(u"s4"_s), ServerTableModel::P95Latency);
    const QModelIndex uptimeCell = model.index(model.rowOf(u"s4"_s), ServerTableModel::Uptime24h);
    QCOMPARE(p95Cell.data().toString(), u"42.5 ms"_s);
    QCOMPARE(p95Cell.data(ServerTableModel::SortRole).toDouble(), 42.5);
    QCOMPARE(p95Cell.data(ServerTableModel::P95LatencyMsRole).toDouble(), 42.5);
    QCOMPARE(uptimeCell.data().toString(), u"99.95 %"_s);
    QCOMPARE(uptimeCell.data(ServerTableModel::SortRole).toDouble(), 99.95);
    QCOMPARE(uptimeCell.data(ServerTableModel::Uptime24hRole).toDouble(), 99.95);
    QCOMPARE(model.historyStats(u"s4"_s), stats);

    // The same values again change nothing; a new uptime moves only the uptime column.
    changed.clear();
    model.setHistoryStats({{u"s4"_s, stats}});
    QCOMPARE(changed.size(), 0);
    stats.uptime24hPercent = 50;
    model.setHistoryStats({{u"s4"_s, stats}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), uptimeCell);
    QCOMPARE(changed.at(0).at(1).toModelIndex(), uptimeCell);
    QCOMPARE(uptimeCell.data().toString(), u"50.00 %"_s);
    // Servers left out keep theirs.
    QCOMPARE(model.index(model.rowOf(u"s1"_s), ServerTableModel::Uptime24h).data().toString(), u"99.95 %"_s);

    // Snapshots of the engine do not wipe what the history said.
    model.updateServer(snap(u"s4"_s, HealthState::Degraded));
    model.flush();
    QCOMPARE(p95Cell.data().toString(), u"42.5 ms"_s);
}

void TestServerTableModel::historyStatsWaitForTheirServer()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateServer(snap(u"a"_s, HealthState::Healthy));
    model.flush();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    ServerHistoryStats stats;
    stats.uptime24hPercent = 12.5;
    stats.p95LatencyMs = 900;
    model.setHistoryStats({{u"later"_s, stats}});
    QCOMPARE(changed.size(), 0); // no row to change yet
    QCOMPARE(model.historyStats(u"later"_s), stats);

    model.updateServer(snap(u"later"_s, HealthState::Starting));
    QTRY_COMPARE(model.rowOf(u"later"_s), 1);
    QCOMPARE(model.index(1, ServerTableModel::Uptime24h).data().toString(), u"12.50 %"_s);
    QCOMPARE(model.index(1, ServerTableModel::P95Latency).data().toString(), u"900.0 ms"_s);

    // Removed and back (a config reload): still known.
    model.removeServer(u"later"_s);
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    model.updateServer(snap(u"later"_s, HealthState::Starting));
    model.flush();
    QCOMPARE(model.index(1, ServerTableModel::Uptime24h).data().toString(), u"12.50 %"_s);

    // A default value forgets them.
    model.setHistoryStats({{u"later"_s, ServerHistoryStats {}}});
    QCOMPARE(model.index(1, ServerTableModel::Uptime24h).data().toString(), u"\u2014"_s);
}

void TestServerTableModel::unknownValuesShowADashAndSortLast()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.updateServer(snap(u"fast"_s, HealthState::Healthy, 5));
    model.updateServer(snap(u"new"_s, HealthState::Starting, -1));
    model.updateServer(snap(u"slow"_s, HealthState::Healthy, 50));
    model.flush();
    ServerHistoryStats fast;
    fast.uptime24hPercent = 100;
    fast.p95LatencyMs = 8;
    ServerHistoryStats slow;
    slow.uptime24hPercent = 90;
    slow.p95LatencyMs = 80;
    model.setHistoryStats({{u"fast"_s, fast}, {u"slow"_s, slow}});

    const int fresh = model.rowOf(u"new"_s);
    const QString dash = u"\u2014"_s;
    QCOMPARE(model.index(fresh, ServerTableModel::P95Latency).data().toString(), dash);
    QCOMPARE(model.index(fresh, ServerTableModel::Uptime24h).data().toString(), dash);
    QCOMPARE(model.index(fresh, ServerTableModel::Latency).data().toString(), dash);
    QCOMPARE(model.index(fresh, ServerTableModel::LastCheck).data().toString(), dash);
    QCOMPARE(
        model.index(fresh, ServerTableModel::P95Latency).data(ServerTableModel::P95LatencyMsRole).toDouble(),
        -1.0);

    ServerFilterModel proxy;
    proxy.setSourceModel(&model);
    auto order = [&](int column) {
        proxy.sort(column, Qt::AscendingOrder);
        QStringList names;
        for (int r = 0; r < proxy.rowCount(); ++r)
            names << proxy.index(r, ServerTableModel::Name).data().toString();
        return names;
    };
    QCOMPARE(order(ServerTableModel::P95Latency), (QStringList {u"fast"_s, u"slow"_s, u"new"_s}));
    QCOMPARE(order(ServerTableModel::Latency), (QStringList {u"fast"_s, u"slow"_s, u"new"_s}));
    QCOMPARE(order(ServerTableModel::Uptime24h), (QStringList {u"slow"_s, u"fast"_s, u"new"_s}));
    // Numbers, not text: 100 after 90.
    QCOMPARE(
        model.index(model.rowOf(u"fast"_s), ServerTableModel::Uptime24h).data().toString(), u"100.00 %"_s);
}

void TestServerTableModel::gatewayCallColumnsShowAndSortAsNumbers()
{
    ServerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ServerSnapshot quiet = snap(u"quiet"_s, HealthState::Healthy); // never called through the gateway
    ServerSnapshot busy = snap(u"busy"_s, HealthState::Healthy);
    busy.callsPerSecond = 12.5;
    busy.callsTotal = 9000;
    busy.callErrorsInWindow = 9;
    busy.callErrorsTotal = 40;
    ServerSnapshot slow = snap(u"slow"_s, HealthState::Healthy);
    slow.callsPerSecond = 0.25;
    slow.callsTotal = 15;
    slow.callErrorsInWindow = 10;
    slow.callErrorsTotal = 10;
    for (const ServerSnapshot &s : {quiet, busy, slow})
        model.updateServer(s);
    model.flush();
    auto cell = [&](const QString &name, int column, int role = Qt::DisplayRole) {
        return model.index(model.rowOf(name), column).data(role);
    };
    QCOMPARE(cell(u"busy"_s, ServerTableModel::CallsPerSecond).toString(),
        u"13"_s); // 12.5, no decimals from 10 on
    QCOMPARE(cell(u"slow"_s, ServerTableModel::CallsPerSecond).toString(), u"0.25"_s);
    QCOMPARE(cell(u"busy"_s, ServerTableModel::CallErrors).toString(), u"9"_s);
    QCOMPARE(cell(u"quiet"_s, ServerTableModel::CallsPerSecond).toString(), QString());
    QCOMPARE(cell(u"quiet"_s, ServerTableModel::CallErrors).toString(), QString());
    QCOMPARE(
        cell(u"busy"_s, ServerTableModel::CallsPerSecond, ServerTableModel::CallsPerSecondRole).toDouble(),
        12.5);
    QCOMPARE(
        cell(u"slow"_s, ServerTableModel::CallErrors, ServerTableModel::CallErrorsRole).toLongLong(), 10);
    const QString tip = cell(u"busy"_s, ServerTableModel::CallErrors, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"750 in the last minute, 9000 in total"_s)
            && tip.contains(u"9 in the last minute, 40"_s),
        qPrintable(tip));
    QVERIFY2(!tip.contains(u"tool errors"_s), qPrintable(tip)); // none: no line for them
    busy.toolErrorsInWindow = 5;
    busy.toolErrorsTotal = 6;
    model.updateServer(busy);
    model.flush();
    const QString split = cell(u"busy"_s, ServerTableModel::CallErrors, Qt::ToolTipRole).toString();
    QVERIFY2(split.contains(u"9 in the last minute, 40"_s)
            && split.contains(u"tool errors (result.isError: the tool's own answer, the server is fine): "
                              "5 in the last minute, 6 in total"_s),
        qPrintable(split));
    QCOMPARE(cell(u"busy"_s, ServerTableModel::CallErrors).toString(), u"9"_s); // tool errors included

    ServerFilterModel proxy;
    proxy.setSourceModel(&model);
    auto order = [&](int column) {
        proxy.sort(column, Qt::DescendingOrder);
        QStringList names;
        for (int r = 0; r < proxy.rowCount(); ++r)
            names << proxy.index(r, ServerTableModel::Name).data().toString();
        return names;
    };
    QCOMPARE(order(ServerTableModel::CallsPerSecond), (QStringList {u"busy"_s, u"slow"_s, u"quiet"_s}));
    QCOMPARE(order(ServerTableModel::CallErrors), (QStringList {u"slow"_s, u"busy"_s, u"quiet"_s}));
}

QTEST_GUILESS_MAIN(TestServerTableModel)
#include "tst_servertablemodel.moc"
