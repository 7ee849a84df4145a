// The history's questions on hand-made rows: uptime from hour and minute rollups (the window's
// edges from minutes), MTTR/MTBF, failures by type, a downsampled latency series, last events.
#include "historytestdb.h"
#include "store/historyqueries.h"
#include "store/historytime.h"
#include "store/historywriter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {
constexpr qint64 kMin = 60 * 1000LL, kHour = 60 * kMin, kDay = 24 * kHour;
// 2026-03-10 00:00:00 UTC
const qint64 kT0 = QDateTime(QDate(2026, 3, 10), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}
} // namespace

// A rollup row: table, server, offset of its bucket from kT0, up ms, down ms, checks, failures.
struct RollupRow
{
    QString table;
    QString server;
    qint64 offset;
    qint64 up, down;
    int checks = 0, failures = 0;
};
Q_DECLARE_METATYPE(QList<RollupRow>)

class TestHistoryQueries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void uptime_data();
    void uptime();
    void uptimeFiltersServers();
    void uptimeTakesWholeDaysFromTheDayTable();
    void reliability_data();
    void reliability();
    void failuresByType();
    void failuresNewestFirst();
    void p95LatencyWeighsMinutes();
    void latencySeriesDownsamples();
    void latencySeriesFromRawSamples();
    void latencySeriesFillsTheCurrentHourFromMinutes();
    void latencySeriesCarriesUpAndDownTime();
    void lastEvents();

private:
    void exec(const QString &sql);
    void setRolled(const QString &key, qint64 until);
    void insertRollups(const QList<RollupRow> &rows);
    void failure(
        const QString &server, qint64 offset, const QString &cls, const QString &type, qint64 resolutionMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryWriter> m_w;
    qint64 m_now = kT0;
};

void TestHistoryQueries::init()
{
    if (const QString why = testdb::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_dir = std::make_unique<QTemporaryDir>();
    const DatabaseTarget t = testdb::target(*m_dir);
    QVERIFY(testdb::wipe(t));
    m_w = std::make_unique<HistoryWriter>();
    m_now = kT0;
    m_w->setClock([this] { return m_now; });
    QString error;
    QVERIFY2(m_w->open(t, {}, &error), qPrintable(error));
}

void TestHistoryQueries::cleanup()
{
    m_w.reset();
}

void TestHistoryQueries::exec(const QString &sql)
{
    QSqlQuery q(m_w->database());
    QVERIFY2(q.exec(sql), qPrintable(q.lastError().text() + u" in "_s + sql));
}

void TestHistoryQueries::setRolled(const QString &key, qint64 until)
{
    exec(
        u"INSERT INTO lifeline_meta (key, value) VALUES ('%1', '%2') ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value"_s.arg(key, historytime::format(until)));
}

void TestHistoryQueries::insertRollups(const QList<RollupRow> &rows)
{
    for (const RollupRow &r : rows) {
        exec(u"INSERT INTO %1 (server_instance, bucket_start, up_ms, down_ms, checks, failures) "
             "VALUES ('%2', '%3', %4, %5, %6, %7)"_s
                 .arg(r.table, r.server, historytime::format(kT0 + r.offset))
                 .arg(r.up)
                 .arg(r.down)
                 .arg(r.checks)
                 .arg(r.failures));
    }
}

void TestHistoryQueries::failure(
    const QString &server, qint64 offset, const QString &cls, const QString &type, qint64 resolutionMs)
{
    exec(u"INSERT INTO integration_failures (server_type, server_instance, failure_type, failure_class, "
         u"resolved, "
         "resolution_time_ms, occurred_at) VALUES ('stdio', '%1', '%2', '%3', %4, %5, '%6')"_s.arg(server,
             type, cls, resolutionMs >= 0 ? u"TRUE"_s : u"FALSE"_s,
             resolutionMs >= 0 ? QString::number(resolutionMs) : u"NULL"_s,
             historytime::format(kT0 + offset)));
}

void TestHistoryQueries::uptime_data()
{
    QTest::addColumn<QList<RollupRow>>("rows");
    QTest::addColumn<qint64>("rolledUntil"); // offset; -1: no hour rolled up yet
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<qint64>("up");
    QTest::addColumn<qint64>("down");
    QTest::addColumn<double>("percent");

    const QString H = u"health_rollup_hour"_s, M = u"health_rollup_minute"_s;
    // Hours 0-2 rolled up; their minutes are there too (the minute table holds 14 days).
    QList<RollupRow> base;
    for (int h = 0; h < 3; ++h) {
        base << RollupRow {H, u"a"_s, h * kHour, 3000000, 600000, 60, 6};
        for (int m = 0; m < 60; ++m)
            base << RollupRow {M, u"a"_s, h * kHour + m * kMin, 50000, 10000, 1, 0};
    }
    // The current hour, not rolled up yet: 10 minutes, fully up.
    for (int m = 0; m < 10; ++m)
        base << RollupRow {M, u"a"_s, 3 * kHour + m * kMin, 60000, 0, 1, 0};

    QTest::newRow("whole hours only")
        << base << 3 * kHour << 0LL << 3 * kHour << 9000000LL << 1800000LL << 100.0 * 9000000 / 10800000;
    QTest::newRow("hours plus the current hour's minutes")
        << base << 3 * kHour << 0LL << 3 * kHour + 10 * kMin << 9600000LL << 1800000LL
        << 100.0 * 9600000 / 11400000;
    QTest::newRow("edge minutes at the start") // from 02:30: 30 minutes of hour 2, then hour 3's minutes
        << base << 3 * kHour << 2 * kHour + 30 * kMin << 4 * kHour << 30 * 50000LL + 600000LL << 30 * 10000LL
        << 100.0 * 2100000 / 2400000;
    QTest::newRow("nothing rolled up: minutes alone")
        << base << -1LL << 0LL << 4 * kHour << 180 * 50000LL + 600000LL << 180 * 10000LL
        << 100.0 * 9600000 / 11400000;
    QTest::newRow("window with no data") << base << 3 * kHour << 10 * kDay << 11 * kDay << 0LL << 0LL << -1.0;
    QTest::newRow("all down") << QList<RollupRow> {{H, u"a"_s, 0, 0, 3600000, 60, 60}} << kHour << 0LL
                              << kHour << 0LL << 3600000LL << 0.0;
}

void TestHistoryQueries::uptime()
{
    QFETCH(QList<RollupRow>, rows);
    QFETCH(qint64, rolledUntil);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(qint64, up);
    QFETCH(qint64, down);
    QFETCH(double, percent);
    insertRollups(rows);
    if (rolledUntil >= 0)
        setRolled(u"hours_rolled_until"_s, kT0 + rolledUntil);
    else
        exec(u"DELETE FROM lifeline_meta WHERE key = 'hours_rolled_until'"_s);
    const HistoryQueries q(m_w->database());
    const QList<UptimeRow> result = q.uptime(at(kT0 + from), at(kT0 + to));
    QVERIFY2(q.lastError().isEmpty(), qPrintable(q.lastError()));
    if (up == 0 && down == 0) {
        QVERIFY(result.isEmpty());
        return;
    }
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.first().server, u"a"_s);
    QCOMPARE(result.first().upMs, up);
    QCOMPARE(result.first().downMs, down);
    QVERIFY(qAbs(result.first().percent() - percent) < 1e-9);
}

void TestHistoryQueries::uptimeFiltersServers()
{
    insertRollups(
        {{u"health_rollup_minute"_s, u"a"_s, 0, 60000, 0}, {u"health_rollup_minute"_s, u"b"_s, 0, 0, 60000},
            {u"health_rollup_minute"_s, u"c"_s, 0, 30000, 30000}});
    const HistoryQueries q(m_w->database());
    const QList<UptimeRow> all = q.uptime(at(kT0), at(kT0 + kHour));
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(1).percent(), 0.0);
    QCOMPARE(all.at(2).percent(), 50.0);
    const QList<UptimeRow> some = q.uptime(at(kT0), at(kT0 + kHour), {u"a"_s, u"c"_s});
    QCOMPARE(some.size(), 2);
    QCOMPARE(some.at(0).server, u"a"_s);
    QCOMPARE(some.at(1).server, u"c"_s);
}

void TestHistoryQueries::uptimeTakesWholeDaysFromTheDayTable()
{
    // Day 0 rolled up; day 1: hours 0-1 rolled up, hour 2 under way (minutes). Hour rows of day 0
    // are there too, with other numbers: were they read, the sum would be off.
    const QString D = u"health_rollup_day"_s, H = u"health_rollup_hour"_s, M = u"health_rollup_minute"_s;
    QList<RollupRow> rows {{D, u"a"_s, 0, 80000000, 6400000}};
    for (int h = 0; h < 24; ++h)
        rows << RollupRow {H, u"a"_s, h * kHour, 1, 1};
    rows << RollupRow {H, u"a"_s, kDay, 3600000, 0} << RollupRow {H, u"a"_s, kDay + kHour, 3000000, 600000};
    for (int m = 0; m < 30; ++m)
        rows << RollupRow {M, u"a"_s, kDay + 2 * kHour + m * kMin, 60000, 0};
    insertRollups(rows);
    setRolled(u"hours_rolled_until"_s, kT0 + kDay + 2 * kHour);
    setRolled(u"days_rolled_until"_s, kT0 + kDay);
    const HistoryQueries q(m_w->database());
    const QList<UptimeRow> r = q.uptime(at(kT0), at(kT0 + kDay + 3 * kHour));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().upMs, 80000000 + 6600000 + 1800000);
    QCOMPARE(r.first().downMs, 6400000 + 600000);
}

using Episode = std::pair<qint64, qint64>; // offset, resolution ms (-1: not resolved)
Q_DECLARE_METATYPE(QList<Episode>)

void TestHistoryQueries::reliability_data()
{
    QTest::addColumn<QList<Episode>>("episodes");
    QTest::addColumn<qint64>("upMs");
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("resolved");
    QTest::addColumn<double>("mttr");
    QTest::addColumn<double>("mtbf");

    QTest::newRow("no failures") << QList<Episode> {} << 3600000LL << 0 << 0 << -1.0 << -1.0;
    QTest::newRow("two resolved") << QList<Episode> {{10 * kMin, 1000}, {20 * kMin, 3000}} << 3600000LL << 2
                                  << 2 << 2000.0 << 1800000.0;
    QTest::newRow("one open") << QList<Episode> {{10 * kMin, 4000}, {50 * kMin, -1}} << 3000000LL << 2 << 1
                              << 4000.0 << 1500000.0;
    QTest::newRow("outside the window is not counted")
        << QList<Episode> {{10 * kMin, 1000}, {2 * kHour, 9000}} << 3600000LL << 1 << 1 << 1000.0
        << 3600000.0;
}

void TestHistoryQueries::reliability()
{
    QFETCH(QList<Episode>, episodes);
    QFETCH(qint64, upMs);
    QFETCH(int, failures);
    QFETCH(int, resolved);
    QFETCH(double, mttr);
    QFETCH(double, mtbf);
    insertRollups({{u"health_rollup_minute"_s, u"a"_s, 0, upMs, 3600000 - upMs}});
    for (const auto &[offset, resolution] : episodes)
        failure(u"a"_s, offset, u"timeout"_s, u"timeout"_s, resolution);
    const HistoryQueries q(m_w->database());
    const QList<Reliability> r = q.reliability(at(kT0), at(kT0 + kHour));
    QVERIFY2(q.lastError().isEmpty(), qPrintable(q.lastError()));
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.first().failures, failures);
    QCOMPARE(r.first().resolved, resolved);
    QCOMPARE(r.first().mttrMs, mttr);
    QCOMPARE(r.first().mtbfMs, mtbf);
}

void TestHistoryQueries::failuresByType()
{
    failure(u"a"_s, 0, u"timeout"_s, u"timeout"_s, 10);
    failure(u"a"_s, 1000, u"process_exit"_s, u"connection_error"_s, 10);
    failure(u"a"_s, 2000, u"process_exit"_s, u"connection_error"_s, 10);
    failure(u"b"_s, 3000, u"authentication"_s, u"authentication"_s, -1);
    const HistoryQueries q(m_w->database());
    const QList<FailureCount> all = q.failuresByType(at(kT0), at(kT0 + kHour));
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.first().failureClass, u"process_exit"_s);
    QCOMPARE(all.first().failureType, u"connection_error"_s);
    QCOMPARE(all.first().count, 2);
    const QList<FailureCount> b = q.failuresByType(at(kT0), at(kT0 + kHour), u"b"_s);
    QCOMPARE(b.size(), 1);
    QCOMPARE(b.first().failureClass, u"authentication"_s);
}

void TestHistoryQueries::failuresNewestFirst()
{
    Config c;
    ServerConfig a;
    a.name = u"a"_s;
    c.servers = {a};
    m_w->applyConfig(c);
    auto state = [](qint64 offset, const QString &to, FailureType type = FailureType::None) {
        HealthEvent e;
        e.ts = at(kT0 + offset);
        e.kind = HealthEvent::Kind::State;
        e.server = u"a"_s;
        e.to = healthStateFromName(to);
        if (type != FailureType::None)
            e.failure = Failure::make(type, u"it broke"_s);
        return e;
    };
    // a: one episode resolved after a restart, then one still open; written the way Lifeline does.
    m_w->recordEvent(state(0, u"healthy"_s));
    m_w->recordEvent(state(10000, u"unhealthy"_s, FailureType::Timeout));
    HealthEvent restart;
    restart.ts = at(kT0 + 10001);
    restart.kind = HealthEvent::Kind::Restart;
    restart.server = u"a"_s;
    restart.extra = {{"action"_L1, "restart"_L1}};
    m_w->recordEvent(restart);
    m_w->recordEvent(state(13500, u"healthy"_s));
    m_w->recordEvent(state(20000, u"unhealthy"_s, FailureType::ProcessExit));
    QVERIFY(m_w->flush());
    // b: a row as the seeds wrote them, in whole seconds and without Lifeline's columns.
    exec(u"INSERT INTO integration_failures (server_type, server_instance, failure_type, resolved, "
         "resolution_time_seconds, occurred_at) VALUES ('http', 'b', 'rate_limit', TRUE, 7, '%1')"_s.arg(
             historytime::format(kT0 + 15000)));
    failure(u"a"_s, -kMin, u"timeout"_s, u"timeout"_s, 10); // before the window
    failure(u"a"_s, kHour, u"timeout"_s, u"timeout"_s, 10); // at its end: [from, to)

    const HistoryQueries q(m_w->database());
    const QList<FailureRecord> all = q.failures(at(kT0), at(kT0 + kHour));
    QVERIFY2(q.lastError().isEmpty(), qPrintable(q.lastError()));
    QCOMPARE(all.size(), 3);

    const FailureRecord &open = all.at(0);
    QCOMPARE(open.server, u"a"_s);
    QCOMPARE(open.serverType, u"stdio"_s);
    QCOMPARE(open.occurredAt, at(kT0 + 20000));
    QCOMPARE(open.failureClass, u"process_exit"_s);
    QCOMPARE(open.failureType, u"connection_error"_s);
    QCOMPARE(open.resolved, false);
    QCOMPARE(open.resolutionMs, -1);
    QVERIFY(!open.endedAt.isValid());
    QVERIFY(open.isOpen());

    const FailureRecord &seed = all.at(1);
    QCOMPARE(seed.server, u"b"_s);
    QCOMPARE(seed.failureType, u"rate_limit"_s);
    QVERIFY(seed.failureClass.isEmpty());
    QCOMPARE(seed.resolved, true);
    QCOMPARE(seed.resolutionMs, 7000); // from the seconds

    const FailureRecord &resolved = all.at(2);
    QCOMPARE(resolved.occurredAt, at(kT0 + 10000));
    QCOMPARE(resolved.failureClass, u"timeout"_s);
    QCOMPARE(resolved.resolved, true);
    QCOMPARE(resolved.resolutionMs, 3500);
    QCOMPARE(resolved.endedAt, at(kT0 + 13500));
    QCOMPARE(resolved.recoveryAction, u"restart"_s);
    QCOMPARE(resolved.taskContext, u"basic check: ping"_s);
    QVERIFY2(resolved.errorDetails.contains(u"it broke"_s), qPrintable(resolved.errorDetails));
    QVERIFY(resolved.id > 0 && resolved.id != open.id);
    QVERIFY(!resolved.isOpen());

    const QList<FailureRecord> onlyA = q.failures(at(kT0), at(kT0 + kHour), u"a"_s);
    QCOMPARE(onlyA.size(), 2);
    QCOMPARE(onlyA.at(0).id, open.id);
    QCOMPARE(onlyA.at(1).id, resolved.id);
    const QList<FailureRecord> newest = q.failures(at(kT0), at(kT0 + kHour), {}, 1);
    QCOMPARE(newest.size(), 1);
    QCOMPARE(newest.first().id, open.id);
}

void TestHistoryQueries::p95LatencyWeighsMinutes()
{
    // 10 good checks at p95 2 ms, 30 at p95 6 ms (10 of those failed: 20 good) → (20 + 120) / 30.
    exec(u"INSERT INTO health_rollup_minute (server_instance, bucket_start, checks, failures, latency_p95) "
         u"VALUES "
         "('a', '%1', 10, 0, 2), ('a', '%2', 30, 10, 6), ('b', '%1', 5, 5, NULL)"_s.arg(
             historytime::format(kT0), historytime::format(kT0 + kMin)));
    const HistoryQueries q(m_w->database());
    const QHash<QString, double> p95 = q.p95Latency(at(kT0), at(kT0 + kHour));
    QCOMPARE(p95.size(), 1); // b had no successful check
    QVERIFY(qAbs(p95.value(u"a"_s) - 140.0 / 30.0) < 1e-9);
}

void TestHistoryQueries::latencySeriesDownsamples()
{
    // 30 days of hour rollups; latency of hour h is h ms. 10 points → 72 hours per point.
    m_now = kT0 + 30 * kDay;
    for (int h = 0; h < 30 * 24; ++h) {
        exec(u"INSERT INTO health_rollup_hour (server_instance, bucket_start, checks, failures, latency_min, "
             "latency_avg, latency_max, latency_p95) VALUES ('a', '%1', 10, %2, %3, %3, %3, %3)"_s
                 .arg(historytime::format(kT0 + h * kHour))
                 .arg(h % 72 == 0 ? 1 : 0)
                 .arg(h));
    }
    setRolled(u"hours_rolled_until"_s, kT0 + 30 * kDay);
    HistorySettings s;
    s.hoursMs = -1; // the fabricated days lie in the past: keep them in reach
    const HistoryQueries q(m_w->database(), s);
    const QList<LatencyPoint> points = q.latencySeries(u"a"_s, at(kT0), at(kT0 + 30 * kDay), 10);
    QVERIFY2(q.lastError().isEmpty(), qPrintable(q.lastError()));
    QCOMPARE(points.size(), 10);
    for (int i = 0; i < 10; ++i) {
        const LatencyPoint &p = points.at(i);
        QCOMPARE(p.start, at(kT0 + i * 72 * kHour));
        QCOMPARE(p.minMs, double(i * 72));
        QCOMPARE(p.maxMs, double(i * 72 + 71));
        QCOMPARE(p.checks, 720);
        QCOMPARE(p.failures, 1);
        // Weighted by the successful checks: hour 0 of each bucket has one failure fewer.
        double sum = 0, n = 0;
        for (int h = i * 72; h < i * 72 + 72; ++h) {
            const double ok = h % 72 == 0 ? 9 : 10;
            sum += ok * h;
            n += ok;
        }
        QVERIFY(qAbs(p.avgMs - sum / n) < 1e-9);
        QCOMPARE(p.p95Ms, double(i * 72 + 71)); // the worst hour's p95
    }
    // Never more points than asked for.
    QVERIFY(q.latencySeries(u"a"_s, at(kT0), at(kT0 + 30 * kDay), 7).size() <= 7);
}

void TestHistoryQueries::latencySeriesFromRawSamples()
{
    // A 10-minute window at 60 points: 10 s buckets, so raw samples are read (minutes are too coarse).
    m_now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = historytime::floorTo(m_now - 20 * kMin, kMin);
    for (int i = 0; i < 600; ++i) {
        const QString value = i % 100 == 99 ? u"NULL"_s : QString::number(1 + i % 10);
        exec(u"INSERT INTO integration_health_metrics (server_type, server_instance, metric_type, "
             u"metric_value, ok, "
             "measured_at) VALUES ('stdio', 'a', 'response_time', %1, %2, '%3')"_s.arg(
                 value, i % 100 == 99 ? u"FALSE"_s : u"TRUE"_s, historytime::format(start + i * 1000)));
    }
    const HistoryQueries q(m_w->database());
    const QList<LatencyPoint> points = q.latencySeries(u"a"_s, at(start), at(start + 10 * kMin), 60);
    QCOMPARE(points.size(), 60);
    QCOMPARE(points.first().checks, 10);
    QCOMPARE(points.first().minMs, 1.0);
    QCOMPARE(points.first().maxMs, 10.0);
    QCOMPARE(points.first().avgMs, 5.5);
    QCOMPARE(points.first().p95Ms, 10.0);
    QCOMPARE(points.at(9).failures, 1); // sample 99
    QCOMPARE(points.at(9).maxMs, 9.0);
}

void TestHistoryQueries::latencySeriesFillsTheCurrentHourFromMinutes()
{
    // Hours 0 and 1 are rolled up; hour 2 is under way, only its minutes exist.
    for (int h = 0; h < 2; ++h) {
        exec(u"INSERT INTO health_rollup_hour (server_instance, bucket_start, checks, failures, latency_min, "
             "latency_avg, latency_max, latency_p95) VALUES ('a', '%1', 60, 0, 5, 5, 5, 5)"_s.arg(
                 historytime::format(kT0 + h * kHour)));
    }
    for (int m = 0; m < 30; ++m) {
        exec(u"INSERT INTO health_rollup_minute (server_instance, bucket_start, checks, failures, "
             u"latency_min, "
             "latency_avg, latency_max, latency_p95) VALUES ('a', '%1', 1, 0, 9, 9, 9, 9)"_s.arg(
                 historytime::format(kT0 + 2 * kHour + m * kMin)));
    }
    setRolled(u"hours_rolled_until"_s, kT0 + 2 * kHour);
    HistorySettings s;
    s.hoursMs = s.minutesMs = -1;
    const HistoryQueries q(m_w->database(), s);
    const QList<LatencyPoint> points = q.latencySeries(u"a"_s, at(kT0), at(kT0 + 3 * kHour), 3);
    QCOMPARE(points.size(), 3);
    QCOMPARE(points.at(1).avgMs, 5.0);
    QCOMPARE(points.at(2).avgMs, 9.0);
    QCOMPARE(points.at(2).checks, 30);
    QCOMPARE(points.at(0).upMs, 0); // no up/down time in these rows
}

void TestHistoryQueries::latencySeriesCarriesUpAndDownTime()
{
    exec(u"INSERT INTO health_rollup_minute (server_instance, bucket_start, checks, failures, up_ms, "
         u"down_ms) VALUES "
         "('a', '%1', 2, 1, 45000, 15000)"_s.arg(historytime::format(kT0)));
    HistorySettings s;
    s.minutesMs = -1;
    const HistoryQueries q(m_w->database(), s);
    const QList<LatencyPoint> points = q.latencySeries(u"a"_s, at(kT0), at(kT0 + kHour), 60);
    QCOMPARE(points.size(), 1);
    QCOMPARE(points.first().upMs, 45000);
    QCOMPARE(points.first().downMs, 15000);
    QCOMPARE(points.first().availability(), 0.75);
}

void TestHistoryQueries::lastEvents()
{
    for (int i = 0; i < 5; ++i) {
        HealthEvent e;
        e.ts = at(kT0 + i * 1000);
        e.kind = HealthEvent::Kind::State;
        e.server = i % 2 ? u"b"_s : u"a"_s;
        e.to = HealthState::Healthy;
        m_w->recordEvent(e);
    }
    QVERIFY(m_w->flush());
    const HistoryQueries q(m_w->database());
    const QList<StoredEvent> last = q.lastEvents(3);
    QCOMPARE(last.size(), 3);
    QCOMPARE(last.first().at, at(kT0 + 4000)); // newest first
    QCOMPARE(last.first().payload.value("server"_L1).toString(), u"a"_s);
    QCOMPARE(last.first().payload.value("to"_L1).toString(), u"healthy"_s);
    const QList<StoredEvent> b = q.lastEvents(10, u"b"_s);
    QCOMPARE(b.size(), 2);
    QCOMPARE(b.at(0).server, u"b"_s);
}

QTEST_GUILESS_MAIN(TestHistoryQueries)
#include "tst_historyqueries.moc"
