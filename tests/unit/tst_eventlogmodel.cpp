// The events log: live events in batches at the top, the history's events merged in without
// showing an event twice, a cap that drops the oldest, and the texts of each kind of event.
#include "eventlogmodel.h"
#include "health/healthstate.h"
#include "logfiltermodel.h"
#include "logtext.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

// 2026-03-10 10:00:00 UTC
const QDateTime kT0(QDate(2026, 3, 10), QTime(10, 0), QTimeZone::utc());

HealthEvent state(const QString &server, qint64 offsetMs, const QString &from, const QString &to,
    FailureType failure = FailureType::None, const QString &detail = {})
{
    HealthEvent e;
    e.ts = kT0.addMSecs(offsetMs);
    e.kind = HealthEvent::Kind::State;
    e.server = server;
    if (!from.isEmpty())
        e.from = healthStateFromName(from);
    e.to = healthStateFromName(to);
    if (failure != FailureType::None)
        e.failure = Failure::make(failure, detail);
    e.detail = detail;
    return e;
}

HealthEvent other(const QString &kind, const QString &server, qint64 offsetMs, const QJsonObject &extra)
{
    HealthEvent e;
    e.ts = kT0.addMSecs(offsetMs);
    e.kind = *HealthEvent::kindFromName(kind);
    e.server = server;
    e.extra = extra;
    return e;
}

// The same event as the history gives it back.
StoredEvent stored(qint64 id, const HealthEvent &e)
{
    return StoredEvent {id, e.ts, e.server, HealthEvent::kindName(e.kind), e.toJson()};
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

QList<qint64> times(const EventLogModel &model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << kT0.msecsTo(model.index(row, 0).data(EventLogModel::TimestampRole).toDateTime());
    return out;
}

} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void liveEventsAreBatchedAtTheTop();
    void texts_data();
    void texts();
    void manyToolsStayOnOneLine();
    void initialMergesByTimeWithoutDuplicates();
    void liveEventAlreadyInTheHistoryIsShownOnce();
    void capDropsTheOldest();
    void timeShowsTheDateUnlessToday();
    void durations_data();
    void durations();
    void filterByServerAndText();
};

// Formatting is the locale's; the C locale keeps the expected strings fixed.
void TestEventLogModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestEventLogModel::liveEventsAreBatchedAtTheTop()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    for (int i = 0; i < 3; ++i)
        model.appendLive(state(u"a"_s, i * 1000, u"healthy"_s, u"degraded"_s));
    QCOMPARE(model.rowCount(), 0); // waiting for the batch
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 1); // one insertion for the batch
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(times(model), (QList<qint64> {2000, 1000, 0})); // newest first

    model.appendLive(other(u"circuit"_s, u"a"_s, 3000, {{"to"_L1, "open"_L1}}));
    model.appendLive(other(u"circuit"_s, u"a"_s, 4000, {{"to"_L1, "half-open"_L1}}));
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 0); // at the top, in one go
    QCOMPARE(inserted.at(1).at(2).toInt(), 1);
    QCOMPARE(cell(model, 0, EventLogModel::Event), u"circuit half-open"_s);
    QCOMPARE(cell(model, 1, EventLogModel::Event), u"circuit open"_s);
    QCOMPARE(reset.size(), 0);
}

void TestEventLogModel::texts_data()
{
    QTest::addColumn<HealthEvent>("event");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("state"); // -1: none
    QTest::addColumn<QStringList>("servers");
    QTest::addColumn<QString>("activates");

    const QStringList a {u"a"_s};
    QTest::newRow("state change") << state(
        u"a"_s, 0, u"healthy"_s, u"unhealthy"_s, FailureType::Timeout, u"no answer in 5 s"_s)
                                  << u"a"_s << u"healthy → unhealthy"_s << u"timeout: no answer in 5 s"_s
                                  << int(HealthState::Unhealthy) << a << u"a"_s;
    QTest::newRow("first state") << state(u"a"_s, 0, {}, u"starting"_s) << u"a"_s << u"starting"_s
                                 << QString() << int(HealthState::Starting) << a << u"a"_s;
    QTest::newRow("restart") << other(u"restart"_s, u"a"_s, 0,
        {{"attempt"_L1, 2}, {"delay_ms"_L1, 5000.0}, {"reason"_L1, "timeout"_L1},
            {"action"_L1, "restart"_L1}})
                             << u"a"_s << u"restart (attempt 2, in 5 s)"_s << u"timeout"_s << -1 << a
                             << u"a"_s;
    QTest::newRow("reconnect") << other(u"restart"_s, u"a"_s, 0,
        {{"attempt"_L1, 1}, {"delay_ms"_L1, 1500.0}, {"reason"_L1, "protocol_error"_L1},
            {"action"_L1, "reconnect"_L1}})
                               << u"a"_s << u"reconnect (attempt 1, in 1.5 s)"_s << u"protocol_error"_s << -1
                               << a << u"a"_s;
    QTest::newRow("restart by the user")
        << other(u"restart"_s, u"a"_s, 0, {{"attempt"_L1, 0}, {"delay_ms"_L1, 0}, {"reason"_L1, "manual"_L1}})
        << u"a"_s << u"restart (by the user)"_s << QString() << -1 << a << u"a"_s;
    QTest::newRow("alert fired") << other(u"alert"_s, u"a"_s, 0,
        {{"rule"_L1, "error_rate"_L1}, {"severity"_L1, "critical"_L1}, {"state"_L1, "firing"_L1},
            {"message"_L1, "error rate 40 % over 25 %"_L1}, {"id"_L1, "x1"_L1}})
                                 << u"a"_s << u"Critical alert: Error rate"_s
                                 << u"error rate 40 % over 25 %"_s << int(HealthState::Unhealthy) << a
                                 << u"a"_s;
    QTest::newRow("alert resolved") << other(u"alert"_s, u"a"_s, 0,
        {{"rule"_L1, "trend"_L1}, {"severity"_L1, "warning"_L1}, {"state"_L1, "resolved"_L1},
            {"message"_L1, "latency trend flat again"_L1}, {"id"_L1, "x2"_L1}})
                                    << u"a"_s << u"alert resolved: Trend"_s << u"latency trend flat again"_s
                                    << int(HealthState::Healthy) << a << u"a"_s;
    QTest::newRow("failover") << other(u"failover"_s, {}, 0,
        {{"group"_L1, "search"_L1}, {"from"_L1, "brave"_L1}, {"to"_L1, "duckduckgo"_L1},
            {"reason"_L1, "brave is unhealthy"_L1}})
                              << u"search"_s << u"failover search: brave → duckduckgo"_s
                              << u"brave is unhealthy"_s << -1 << QStringList {u"brave"_s, u"duckduckgo"_s}
                              << u"duckduckgo"_s;
    QTest::newRow("circuit") << other(u"circuit"_s, u"a"_s, 0, {{"to"_L1, "open"_L1}}) << u"a"_s
                             << u"circuit open"_s << QString() << -1 << a << u"a"_s;
    QTest::newRow("tools") << other(u"tools_changed"_s, u"a"_s, 0,
        {{"added"_L1, QJsonArray {u"search"_s}}, {"removed"_L1, QJsonArray {u"fetch"_s}},
            {"tool_count"_L1, 4}})
                           << u"a"_s << u"tools: +search −fetch"_s << u"tools now: 4"_s << -1 << a << u"a"_s;
}

void TestEventLogModel::texts()
{
    QFETCH(HealthEvent, event);
    QFETCH(QString, server);
    QFETCH(QString, text);
    QFETCH(QString, detail);
    QFETCH(int, state);
    QFETCH(QStringList, servers);
    QFETCH(QString, activates);
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendLive(event);
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, EventLogModel::Server), server);
    QCOMPARE(cell(model, 0, EventLogModel::Event), text);
    QCOMPARE(cell(model, 0, EventLogModel::Detail), detail);
    const QVariant s = model.index(0, EventLogModel::Event).data(EventLogModel::StateRole);
    QCOMPARE(s.isValid() ? s.toInt() : -1, state);
    QCOMPARE(model.index(0, 0).data(EventLogModel::ServersRole).toStringList(), servers);
    QCOMPARE(cell(model, 0, 0, EventLogModel::ServerRole), activates);
    QCOMPARE(cell(model, 0, 0, EventLogModel::KindRole), HealthEvent::kindName(event.kind));
    // The history gives the same texts for the same event.
    EventLogModel fromHistory;
    fromHistory.setInitial({stored(1, event)});
    QCOMPARE(cell(fromHistory, 0, EventLogModel::Event), text);
    QCOMPARE(cell(fromHistory, 0, EventLogModel::Detail), detail);
}

void TestEventLogModel::manyToolsStayOnOneLine()
{
    QJsonArray added;
    for (int i = 0; i < 9; ++i)
        added.append(u"t%1"_s.arg(i));
    const QString text = EventLogModel::eventText(
        other(u"tools_changed"_s, u"a"_s, 0, {{"added"_L1, added}, {"removed"_L1, QJsonArray()}}).toJson());
    QCOMPARE(text, u"tools: +t0 +t1 +t2 +t3 +t4 (4 more)"_s);
    QCOMPARE(EventLogModel::eventText(other(u"tools_changed"_s, u"a"_s, 0, {}).toJson()), u"tools changed"_s);
}

void TestEventLogModel::initialMergesByTimeWithoutDuplicates()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Two events arrived live before the history answered; one of them is in the history too.
    const HealthEvent live10 = state(u"a"_s, 10000, u"healthy"_s, u"degraded"_s);
    const HealthEvent live20 = state(u"a"_s, 20000, u"degraded"_s, u"healthy"_s);
    model.appendLive(live10);
    model.appendLive(live20);
    model.flush();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // As lastEvents() answers: newest first.
    const QList<StoredEvent> history {stored(7, live20),
        stored(6, other(u"circuit"_s, u"b"_s, 15000, {{"to"_L1, "open"_L1}})),
        stored(5, state(u"b"_s, 5000, u"healthy"_s, u"unhealthy"_s)),
        stored(4, state(u"b"_s, 4000, {}, u"healthy"_s))};
    model.setInitial(history);
    QCOMPARE(times(model), (QList<qint64> {20000, 15000, 10000, 5000, 4000}));
    QCOMPARE(inserted.size(), 2); // between the live ones, and the two older ones in one go
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(1).at(1).toInt(), 3);
    QCOMPARE(inserted.at(1).at(2).toInt(), 4);
    QCOMPARE(reset.size(), 0);
    // The same answer again adds nothing.
    model.setInitial(history);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 2);
}

void TestEventLogModel::liveEventAlreadyInTheHistoryIsShownOnce()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const HealthEvent e = other(u"failover"_s, {}, 3000,
        {{"group"_L1, "g"_L1}, {"from"_L1, "a"_L1}, {"to"_L1, "b"_L1}, {"reason"_L1, "a is down"_L1}});
    const HealthEvent later = state(u"a"_s, 4000, u"unhealthy"_s, u"recovering"_s);
    model.appendLive(e); // queued, not in the table yet, when the history answers with it
    model.setInitial({stored(1, e)});
    QCOMPARE(model.rowCount(), 1);
    model.appendLive(later);
    model.flush();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, EventLogModel::Event), u"unhealthy → recovering"_s);
    QCOMPARE(cell(model, 1, EventLogModel::Event), u"failover g: a → b"_s);
    // An event of the same moment that differs in its target is another event.
    HealthEvent sameMoment = e;
    sameMoment.extra.insert("to"_L1, u"c"_s);
    model.appendLive(sameMoment);
    model.flush();
    QCOMPARE(model.rowCount(), 3);
}

void TestEventLogModel::capDropsTheOldest()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.maxRows(), 5000);
    model.setMaxRows(10);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < 8; ++i)
        model.appendLive(state(u"a"_s, i * 1000, u"healthy"_s, u"degraded"_s));
    model.flush();
    QCOMPARE(removed.size(), 0);
    for (int i = 8; i < 13; ++i)
        model.appendLive(state(u"a"_s, i * 1000, u"healthy"_s, u"degraded"_s));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(removed.size(), 1); // the three oldest in one go
    QCOMPARE(removed.at(0).at(1).toInt(), 10);
    QCOMPARE(removed.at(0).at(2).toInt(), 12);
    QCOMPARE(times(model).first(), 12000);
    QCOMPARE(times(model).last(), 3000);
    // History older than everything kept has no room.
    model.setInitial({stored(1, state(u"a"_s, -5000, {}, u"starting"_s))});
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(times(model).last(), 3000);
    // A batch longer than the cap: only its newest rows are inserted.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 100; i < 125; ++i)
        model.appendLive(state(u"b"_s, i * 1000, u"healthy"_s, u"degraded"_s));
    model.flush();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 9);
    QCOMPARE(times(model).first(), 124000);
    QCOMPARE(times(model).last(), 115000);
    model.setMaxRows(4);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(times(model).last(), 121000);
}

void TestEventLogModel::timeShowsTheDateUnlessToday()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    EventLogModel model;
    HealthEvent today = state(u"a"_s, 0, u"healthy"_s, u"degraded"_s);
    today.ts = now;
    HealthEvent earlier = today;
    earlier.ts = now.addDays(-3);
    model.appendLive(earlier);
    model.appendLive(today);
    model.flush();
    QCOMPARE(cell(model, 0, EventLogModel::Time), now.toLocalTime().time().toString(u"HH:mm:ss"_s));
    const QString old = cell(model, 1, EventLogModel::Time);
    QVERIFY2(old.endsWith(earlier.ts.toLocalTime().time().toString(u"HH:mm:ss"_s)), qPrintable(old));
    QVERIFY2(old.contains(QLocale().toString(earlier.ts.toLocalTime().date(), QLocale::ShortFormat)),
        qPrintable(old));
    // The tooltip has the exact moment.
    QCOMPARE(cell(model, 1, EventLogModel::Time, Qt::ToolTipRole), logtext::exactTimeText(earlier.ts));
    QCOMPARE(logtext::exactTimeText(kT0.addMSecs(123)), u"2026-03-10 10:00:00.123 UTC"_s);
    // Sorting by time uses the moment, not the text.
    QVERIFY(model.index(0, EventLogModel::Time).data(EventLogModel::SortRole).toLongLong()
        > model.index(1, EventLogModel::Time).data(EventLogModel::SortRole).toLongLong());
}

void TestEventLogModel::durations_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("ms") << 850LL << u"850 ms"_s;
    QTest::newRow("tenths") << 1400LL << u"1.4 s"_s;
    QTest::newRow("whole seconds") << 2000LL << u"2 s"_s;
    QTest::newRow("rounds up to 10 s") << 9960LL << u"10 s"_s;
    QTest::newRow("seconds") << 12400LL << u"12 s"_s;
    QTest::newRow("minutes") << 125000LL << u"2 min 5 s"_s;
    QTest::newRow("whole minutes") << 120000LL << u"2 min"_s;
    QTest::newRow("hours") << 3 * 3600000LL + 600000LL << u"3 h 10 min"_s;
    QTest::newRow("days") << 2 * 86400000LL + 4 * 3600000LL << u"2 d 4 h"_s;
    QTest::newRow("unknown") << -1LL << u"\u2014"_s;
}

void TestEventLogModel::durations()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(logtext::durationText(ms), text);
}

void TestEventLogModel::filterByServerAndText()
{
    EventLogModel model;
    model.appendLive(state(u"a"_s, 0, u"healthy"_s, u"unhealthy"_s, FailureType::Timeout, u"slow"_s));
    model.appendLive(state(u"b"_s, 1000, u"healthy"_s, u"degraded"_s));
    model.appendLive(
        other(u"failover"_s, {}, 2000, {{"group"_L1, "g"_L1}, {"from"_L1, "a"_L1}, {"to"_L1, "c"_L1}}));
    model.flush();
    LogFilterModel filter;
    filter.setSourceModel(&model);
    filter.setServersRole(EventLogModel::ServersRole);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(filter.rowCount(), 3);
    filter.setServer(u"a"_s);
    QCOMPARE(filter.rowCount(), 2); // its own event and the failover away from it
    filter.setServer(u"c"_s);
    QCOMPARE(filter.rowCount(), 1);
    filter.setServer({});
    filter.setText(u"TIMEOUT"_s); // any column, any case
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, EventLogModel::Server).data().toString(), u"a"_s);
    filter.setText(u"  "_s);
    QCOMPARE(filter.rowCount(), 3);
}

QTEST_GUILESS_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
