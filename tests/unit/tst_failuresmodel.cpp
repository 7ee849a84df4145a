// The failures table: resolution texts, the columns, and refreshes that keep what they share
// with the last list (so a selection survives) instead of resetting.
#include "failuresmodel.h"
#include "logfiltermodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

const QDateTime kT0(QDate(2026, 3, 10), QTime(10, 0), QTimeZone::utc());

enum class Outcome { Open, Resolved, Unresolved };

FailureRecord record(
    qint64 id, const QString &server, Outcome outcome = Outcome::Open, qint64 resolutionMs = -1)
{
    FailureRecord r;
    r.id = id;
    r.server = server;
    r.serverType = u"stdio"_s;
    r.failureClass = u"process_exit"_s;
    r.failureType = u"connection_error"_s;
    r.taskContext = u"basic check: ping"_s;
    r.errorDetails = u"exited with code 1"_s;
    r.occurredAt = kT0.addSecs(id * 60);
    if (outcome != Outcome::Open)
        r.endedAt = r.occurredAt.addMSecs(qMax<qint64>(resolutionMs, 1000));
    r.resolved = outcome == Outcome::Resolved;
    r.resolutionMs = r.resolved ? resolutionMs : -1;
    if (r.resolved)
        r.recoveryAction = u"restart"_s;
    return r;
}

QList<qint64> ids(const FailuresModel &model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(FailuresModel::IdRole).toLongLong();
    return out;
}

} // namespace

class TestFailuresModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void resolutionTexts_data();
    void resolutionTexts();
    void columns();
    void sameIdsOnlyChange();
    void newOnTopAndOldestGoneKeepTheSelection();
    void anythingElseResets();
    void emptyingAndFilling();
    void resolutionSortsOpenLast();
};

void TestFailuresModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestFailuresModel::resolutionTexts_data()
{
    QTest::addColumn<FailureRecord>("record");
    QTest::addColumn<QString>("text");
    QTest::newRow("resolved in 1.4 s") << record(1, u"a"_s, Outcome::Resolved, 1400) << u"1.4 s"_s;
    QTest::newRow("resolved in 850 ms") << record(1, u"a"_s, Outcome::Resolved, 850) << u"850 ms"_s;
    QTest::newRow("resolved in minutes") << record(1, u"a"_s, Outcome::Resolved, 125000) << u"2 min 5 s"_s;
    QTest::newRow("resolved, time unknown") << record(1, u"a"_s, Outcome::Resolved, -1) << u"resolved"_s;
    QTest::newRow("open") << record(1, u"a"_s) << u"open"_s;
    QTest::newRow("ended without recovery") << record(1, u"a"_s, Outcome::Unresolved) << u"unresolved"_s;
}

void TestFailuresModel::resolutionTexts()
{
    QFETCH(FailureRecord, record);
    QFETCH(QString, text);
    QCOMPARE(FailuresModel::resolutionText(record), text);
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords({record});
    QCOMPARE(model.index(0, FailuresModel::Resolution).data().toString(), text);
}

void TestFailuresModel::columns()
{
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 7);
    FailureRecord seeds = record(1, u"b"_s, Outcome::Resolved, 7000);
    seeds.failureClass.clear(); // a row the seeds wrote: their type only
    seeds.failureType = u"rate_limit"_s;
    model.setRecords({record(2, u"a"_s, Outcome::Resolved, 3500), seeds});
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role).toString();
    };
    QCOMPARE(cell(0, FailuresModel::Server), u"a"_s);
    QCOMPARE(cell(0, FailuresModel::Type), u"process_exit"_s);
    QVERIFY2(cell(0, FailuresModel::Type, Qt::ToolTipRole).contains(u"connection_error"_s),
        qPrintable(cell(0, FailuresModel::Type, Qt::ToolTipRole)));
    QCOMPARE(cell(0, FailuresModel::TaskContext), u"basic check: ping"_s);
    QCOMPARE(cell(0, FailuresModel::RecoveryAction), u"restart"_s);
    QCOMPARE(cell(0, FailuresModel::Resolution), u"3.5 s"_s);
    QCOMPARE(cell(0, FailuresModel::Error), u"exited with code 1"_s);
    QCOMPARE(cell(1, FailuresModel::Type), u"rate_limit"_s);
    QCOMPARE(model.index(0, 0).data(FailuresModel::ServersRole).toStringList(), QStringList {u"a"_s});
    QCOMPARE(cell(1, 0, FailuresModel::ServerRole), u"b"_s);
    QCOMPARE(model.headerData(FailuresModel::Resolution, Qt::Horizontal).toString(), u"Resolution"_s);
    QCOMPARE(model.index(0, 0).data(FailuresModel::RecordRole).value<FailureRecord>(),
        record(2, u"a"_s, Outcome::Resolved, 3500));
}

void TestFailuresModel::sameIdsOnlyChange()
{
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords({record(5, u"a"_s), record(4, u"b"_s), record(3, u"a"_s), record(2, u"c"_s)});
    QItemSelectionModel selection(&model);
    selection.select(model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // Episodes 4 and 3 recovered since the last refresh; 5 and 2 did not move.
    model.setRecords({record(5, u"a"_s), record(4, u"b"_s, Outcome::Resolved, 1400),
        record(3, u"a"_s, Outcome::Unresolved), record(2, u"c"_s)});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(changed.size(), 1); // rows 1–2, one run
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
    QCOMPARE(changed.at(0).at(1).toModelIndex().column(), FailuresModel::ColumnCount - 1);
    QCOMPARE(model.index(1, FailuresModel::Resolution).data().toString(), u"1.4 s"_s);
    QCOMPARE(model.index(2, FailuresModel::Resolution).data().toString(), u"unresolved"_s);
    QVERIFY(selection.isRowSelected(1, {}));
    // Nothing new: no signal at all.
    model.setRecords(model.records());
    QCOMPARE(changed.size(), 1);
}

void TestFailuresModel::newOnTopAndOldestGoneKeepTheSelection()
{
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords({record(3, u"a"_s), record(2, u"b"_s), record(1, u"c"_s)});
    QItemSelectionModel selection(&model);
    selection.select(model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // Two new episodes; the list's limit pushes the oldest out.
    model.setRecords({record(5, u"a"_s), record(4, u"a"_s), record(3, u"a"_s), record(2, u"b"_s)});
    QCOMPARE(ids(model), (QList<qint64> {5, 4, 3, 2}));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    // The selected episode (id 2) is still selected, now two rows further down.
    QVERIFY(selection.isRowSelected(3, {}));
    QCOMPARE(selection.selectedRows().size(), 1);
}

void TestFailuresModel::anythingElseResets()
{
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecords({record(3, u"a"_s), record(2, u"b"_s), record(1, u"c"_s)});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRecords({record(9, u"a"_s), record(1, u"c"_s)}); // another server's filter, say
    QCOMPARE(reset.size(), 1);
    QCOMPARE(ids(model), (QList<qint64> {9, 1}));
}

void TestFailuresModel::emptyingAndFilling()
{
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setRecords({record(2, u"a"_s), record(1, u"b"_s)});
    QCOMPARE(inserted.size(), 1);
    model.setRecords({});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    model.setRecords({});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
}

void TestFailuresModel::resolutionSortsOpenLast()
{
    FailuresModel model;
    model.setRecords({record(4, u"a"_s), record(3, u"a"_s, Outcome::Resolved, 90000),
        record(2, u"a"_s, Outcome::Unresolved), record(1, u"a"_s, Outcome::Resolved, 500)});
    LogFilterModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(FailuresModel::SortRole);
    sorted.setServersRole(FailuresModel::ServersRole);
    QAbstractItemModelTester tester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
    sorted.sort(FailuresModel::Resolution, Qt::AscendingOrder);
    QStringList order;
    for (int row = 0; row < sorted.rowCount(); ++row)
        order << sorted.index(row, FailuresModel::Resolution).data().toString();
    QCOMPARE(order, (QStringList {u"500 ms"_s, u"1 min 30 s"_s, u"unresolved"_s, u"open"_s}));
    sorted.sort(FailuresModel::Occurred, Qt::DescendingOrder);
    QCOMPARE(sorted.index(0, 0).data(FailuresModel::IdRole).toLongLong(), 4);
    sorted.setServer(u"b"_s);
    QCOMPARE(sorted.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestFailuresModel)
#include "tst_failuresmodel.moc"
