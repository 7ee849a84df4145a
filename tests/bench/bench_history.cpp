// Benchmarks for the history store's targets (figures go in the issue notes, not into assertions):
//  - ingest of check samples, batched as the writer batches them: ≥ 50,000 rows/s;
//  - uptime over 30 days of 100 servers ≤ 50 ms; a 500-point latency series over 30 days ≤ 20 ms;
//  - ≤ 1 MB per server per day on disk.
// Run: build/tests/bench/bench_history. Smaller loads for a quick run:
//   BENCH_HISTORY_ROWS (ingest, 200000), BENCH_HISTORY_SERVERS (100), BENCH_HISTORY_DAYS (30),
//   BENCH_HISTORY_MINUTE_DAYS (14), BENCH_HISTORY_GROWTH_DAYS (3), BENCH_HISTORY_RUNS (9);
//   BENCH_HISTORY_NO_DBSTAT=1 measures tables as the fallback does on an SQLite without dbstat;
//   BENCH_HISTORY_KEEP=1 keeps the databases (and says where) for a look with sqlite3.
#include "engine/monitorengine.h"
#include "store/databasetarget.h"
#include "store/historyqueries.h"
#include "store/historytime.h"
#include "store/historywriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <limits>
#include <memory>

#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace lifeline;
using historytime::kDay;
using historytime::kHour;
using historytime::kMinute;

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

void report(const QString &line)
{
    qInfo().noquote() << line;
}

// The bench's own CPU time: on a busy machine the wall clock also bills other processes.
qint64 cpuUs()
{
    rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return (qint64(u.ru_utime.tv_sec) + u.ru_stime.tv_sec) * 1000000 + u.ru_utime.tv_usec
        + u.ru_stime.tv_usec;
}

bool keep(QTemporaryDir &dir)
{
    if (!dir.isValid())
        return false;
    if (qEnvironmentVariableIntValue("BENCH_HISTORY_KEEP") > 0) {
        dir.setAutoRemove(false);
        report(u"kept: %1"_s.arg(dir.path()));
    }
    return true;
}

// Zero-padded, so names sort as they are numbered and fabricated rows go in key order.
QString serverName(int i)
{
    return u"server-%1"_s.arg(i, 3, 10, QChar(u'0'));
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

CheckResult check(const QString &server, qint64 atMs, QRandomGenerator &rng)
{
    CheckResult r;
    r.server = server;
    r.startedAt = utc(atMs);
    // About one check in 200 fails: the failure path (details as JSON) costs more than a success.
    r.ok = rng.bounded(200) != 0;
    if (r.ok) {
        r.latencyUs = 2000 + rng.bounded(48000);
        r.pingUs = r.latencyUs;
    } else {
        r.failure = Failure::make(FailureType::Timeout, u"no answer to ping within 2000 ms"_s);
    }
    r.durationUs = 50000;
    return r;
}

HealthEvent healthy(const QString &server, qint64 atMs)
{
    HealthEvent e;
    e.ts = utc(atMs);
    e.kind = HealthEvent::Kind::State;
    e.server = server;
    e.from = HealthState::Starting;
    e.to = HealthState::Healthy;
    return e;
}

qint64 pragma(const QSqlDatabase &db, const QString &name)
{
    QSqlQuery q(db);
    return q.exec(u"PRAGMA "_s + name) && q.next() ? q.value(0).toLongLong() : -1;
}

// Pages in use, not the file size: freed pages waiting for reuse are not growth.
qint64 usedBytes(const QSqlDatabase &db)
{
    return (pragma(db, u"page_count"_s) - pragma(db, u"freelist_count"_s)) * pragma(db, u"page_size"_s);
}

qint64 rowCount(const QSqlDatabase &db, const QString &table)
{
    QSqlQuery q(db);
    return q.exec(u"SELECT COUNT(*) FROM "_s + table) && q.next() ? q.value(0).toLongLong() : -1;
}

// Each table with its indices, from dbstat. Empty when this SQLite is built without it.
QHash<QString, qint64> bytesFromDbstat(const QSqlDatabase &db)
{
    QHash<QString, qint64> out;
    if (qEnvironmentVariableIntValue("BENCH_HISTORY_NO_DBSTAT") > 0)
        return out;
    QSqlQuery q(db);
    if (!q.exec(
            u"SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat AS s JOIN sqlite_master AS m ON m.name = s.name "
            "GROUP BY m.tbl_name"_s))
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toLongLong());
    return out;
}

// Without dbstat: the pages a database holding only this table (and its indices) needs, in a
// scratch file attached to the same connection.
qint64 bytesByCopy(const QSqlDatabase &db, const QString &table, const QString &scratchPath)
{
    QFile::remove(scratchPath);
    {
        QSqlQuery q(db);
        q.prepare(u"ATTACH DATABASE ? AS scratch"_s);
        q.addBindValue(scratchPath);
        if (!q.exec())
            return -1;
    }
    qint64 bytes = -1;
    {
        QSqlQuery q(db);
        QStringList ddl;
        q.prepare(u"SELECT type, sql FROM main.sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                  "ORDER BY type = 'index'"_s);
        q.addBindValue(table);
        if (q.exec()) {
            while (q.next()) {
                QString sql = q.value(1).toString();
                const QString create
                    = q.value(0).toString() == "index"_L1 ? u"CREATE INDEX "_s : u"CREATE TABLE "_s;
                if (sql.startsWith(create))
                    sql.insert(create.size(), u"scratch."_s);
                ddl << sql;
            }
        }
        q.finish();
        bool ok = !ddl.isEmpty();
        for (const QString &sql : std::as_const(ddl))
            ok = ok && q.exec(sql);
        // Every page but the first (the schema): root pages count, as they do in dbstat.
        if (ok && q.exec(u"INSERT INTO scratch.%1 SELECT * FROM main.%1"_s.arg(table)))
            bytes = (pragma(db, u"scratch.page_count"_s) - 1) * pragma(db, u"scratch.page_size"_s);
    }
    QSqlQuery(db).exec(u"DETACH DATABASE scratch"_s);
    QFile::remove(scratchPath);
    return bytes;
}

struct Timing
{
    double firstMs = 0, medianMs = 0, minMs = 0;
};

template<typename Fn>
Timing timeRuns(int runs, Fn fn)
{
    QList<qint64> ns;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        fn();
        ns.append(t.nsecsElapsed());
    }
    Timing out;
    out.firstMs = double(ns.first()) / 1e6;
    std::sort(ns.begin(), ns.end());
    out.minMs = double(ns.first()) / 1e6;
    out.medianMs = double(ns.at(ns.size() / 2)) / 1e6;
    return out;
}

// 30 days of rollups for 100 servers, as a Lifeline that has run that long leaves them. Shared
// by the query cases: fabricating two million minute rows takes longer than the queries.
struct RollupFixture
{
    QTemporaryDir dir; // declared before the writer: the connection closes before the file goes
    HistoryWriter writer;
    qint64 nowMs = 0;
    int servers = 0;
    int days = 0;
};

} // namespace

class BenchHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void ingest();
    void uptime30Days100Servers();
    void latencySeries30Days();
    void growthPerServerPerDay();
    void lateCheckFlush();
    void cleanupTestCase() { m_rollups.reset(); }

private:
    void fabricateRollups();
    std::unique_ptr<RollupFixture> m_rollups;
};

void BenchHistory::ingest()
{
    const int servers = envInt("BENCH_HISTORY_SERVERS", 100);
    const int rows = envInt("BENCH_HISTORY_ROWS", 200000);
    QTemporaryDir dir;
    QVERIFY(keep(dir));
    // A fixed start on a whole hour: the default run (2000 fabricated s) closes no hour.
    qint64 clock = QDateTime(QDate(2026, 1, 5), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    HistoryWriter writer;
    writer.setClock([&clock] { return clock; });
    QString error;
    const HistorySettings settings;
    QVERIFY2(writer.open(DatabaseTarget::parse(dir.filePath(u"history.sqlite"_s)), settings, &error),
        qPrintable(error));
    QStringList names;
    for (int i = 0; i < servers; ++i) {
        names << serverName(i);
        writer.recordEvent(healthy(names.last(), clock));
    }
    QVERIFY(writer.flush());
    const qint64 writtenBefore = writer.writtenRows();

    QRandomGenerator rng(42);
    const qint64 cpuBefore = cpuUs();
    QElapsedTimer timer;
    timer.start();
    // Each round is one check of every server a second; the writer flushes itself every batchRows.
    for (int n = 0; n < rows; clock += 1000) {
        for (int i = 0; i < servers && n < rows; ++i, ++n)
            writer.recordCheck(check(names.at(i), clock, rng));
    }
    QVERIFY(writer.flush());
    const qint64 ns = timer.nsecsElapsed();
    const double cpuSeconds = double(cpuUs() - cpuBefore) / 1e6;

    const qint64 written = writer.writtenRows() - writtenBefore;
    QCOMPARE(written, qint64(rows));
    QCOMPARE(rowCount(writer.database(), u"integration_health_metrics"_s), qint64(rows));
    QVERIFY(rowCount(writer.database(), u"health_rollup_minute"_s) > 0);
    const double seconds = double(ns) / 1e9;
    report(
        u"ingest: %1 check rows of %2 servers (%3 fabricated s, batchRows %4) in %5 s: %6 rows/s, %7 µs/row "
        "(target ≥ 50000 rows/s)"_s.arg(rows)
            .arg(servers)
            .arg((rows + servers - 1) / servers)
            .arg(settings.batchRows)
            .arg(seconds, 0, 'f', 3)
            .arg(double(rows) / seconds, 0, 'f', 0)
            .arg(double(ns) / 1e3 / double(rows), 0, 'f', 2));
    report(u"ingest: %1 s of CPU: %2 rows per CPU second; database %3 MB in use"_s.arg(cpuSeconds, 0, 'f', 3)
               .arg(double(rows) / cpuSeconds, 0, 'f', 0)
               .arg(double(usedBytes(writer.database())) / 1e6, 0, 'f', 1));
}

// A check that started before its hour was rolled up and ended after: its flush makes that
// server's hour (and day) again. What that costs against an ordinary flush of one check.
void BenchHistory::lateCheckFlush()
{
    const int servers = envInt("BENCH_HISTORY_SERVERS", 100);
    const int runs = envInt("BENCH_HISTORY_RUNS", 9) * 5;
    QTemporaryDir dir;
    QVERIFY(keep(dir));
    const qint64 hour = QDateTime(QDate(2026, 1, 5), QTime(10, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    qint64 clock = hour;
    HistoryWriter writer;
    writer.setClock([&clock] { return clock; });
    QString error;
    QVERIFY2(
        writer.open(DatabaseTarget::parse(dir.filePath(u"history.sqlite"_s)), {}, &error), qPrintable(error));
    QStringList names;
    for (int i = 0; i < servers; ++i) {
        names << serverName(i);
        writer.recordEvent(healthy(names.last(), clock));
    }
    QRandomGenerator rng(7);
    // An hour of checks, every server every 15 s.
    for (; clock < hour + kHour; clock += 15000) {
        for (const QString &name : std::as_const(names))
            writer.recordCheck(check(name, clock, rng));
        if (clock % kMinute == 0)
            QVERIFY(writer.flush());
    }
    clock = hour + kHour + 1000;
    writer.maintain(); // the hour closes
    QVERIFY(writer.isSaving());
    auto median = [](QList<qint64> v) {
        std::sort(v.begin(), v.end());
        return double(v.at(v.size() / 2)) / 1e3;
    };
    QList<qint64> late, ordinary;
    QElapsedTimer timer;
    for (int r = 0; r < runs; ++r) {
        clock += 100;
        writer.recordCheck(check(names.at(r % servers), hour + kHour - 500, rng)); // late
        timer.start();
        QVERIFY(writer.flush());
        late << timer.nsecsElapsed() / 1000;
        writer.recordCheck(check(names.at(r % servers), clock, rng)); // in the current hour
        timer.start();
        QVERIFY(writer.flush());
        ordinary << timer.nsecsElapsed() / 1000;
    }
    report(
        u"late check: flush of one check whose hour is rolled up (its server's hour of %1 checks made again) "
        "median %2 ms; of one check in the current hour %3 ms (%4 runs, %5 servers)"_s.arg(kHour / 15000)
            .arg(median(late), 0, 'f', 3)
            .arg(median(ordinary), 0, 'f', 3)
            .arg(runs)
            .arg(servers));
}

void BenchHistory::fabricateRollups()
{
    if (m_rollups)
        return;
    auto f = std::make_unique<RollupFixture>();
    QVERIFY(keep(f->dir));
    f->servers = envInt("BENCH_HISTORY_SERVERS", 100);
    f->days = envInt("BENCH_HISTORY_DAYS", 30);
    const int minuteDays = qMin(f->days, envInt("BENCH_HISTORY_MINUTE_DAYS", 14));
    // The queries choose their layer by the wall clock, so the data ends at the real now.
    f->nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 endHour = historytime::floorTo(f->nowMs, kHour);
    const qint64 endMinute = historytime::floorTo(f->nowMs, kMinute);
    QString error;
    QVERIFY2(f->writer.open(
                 DatabaseTarget::parse(f->dir.filePath(u"history.sqlite"_s)), HistorySettings {}, &error),
        qPrintable(error));
    QSqlDatabase db = f->writer.database();
    QStringList names;
    for (int i = 0; i < f->servers; ++i)
        names << serverName(i);

    QElapsedTimer timer;
    timer.start();
    QVERIFY(db.transaction());
    const QString columns
        = u"(server_instance, bucket_start, checks, failures, latency_min, latency_avg, latency_max, "
          "latency_p95, up_ms, down_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
    // One bucket of `unitMs` per server: a check every 10 s, now and then a failed one with 10 s down.
    auto fill = [&](const QString &table, qint64 from, qint64 to, qint64 unitMs) {
        QSqlQuery q(db);
        if (!q.prepare(u"INSERT INTO %1 %2"_s.arg(table, columns)))
            return -1LL;
        qint64 n = 0;
        for (qint64 t = from; t < to; t += unitMs) {
            const QString bucket = historytime::format(t);
            const qint64 index = t / unitMs;
            for (int i = 0; i < f->servers; ++i) {
                const qint64 checks = unitMs / 10000;
                const qint64 failures = (index * 7 + i) % 500 == 0 ? qMax<qint64>(1, checks / 100) : 0;
                const double base = 5.0 + double(i % 20);
                q.bindValue(0, names.at(i));
                q.bindValue(1, bucket);
                q.bindValue(2, checks);
                q.bindValue(3, failures);
                q.bindValue(4, base);
                q.bindValue(5, base * 1.5);
                q.bindValue(6, base * 3.0 + double(index % 10));
                q.bindValue(7, base * 2.5);
                q.bindValue(8, unitMs - failures * 10000);
                q.bindValue(9, failures * 10000);
                if (!q.exec()) {
                    qWarning("%s: %s", qPrintable(table), qPrintable(q.lastError().text()));
                    return -1LL;
                }
                ++n;
            }
        }
        return n;
    };
    const qint64 windowStart = f->nowMs - f->days * kDay;
    const qint64 dayRows = fill(u"health_rollup_day"_s, historytime::floorTo(windowStart, kDay),
        historytime::floorTo(f->nowMs, kDay), kDay);
    const qint64 hourRows
        = fill(u"health_rollup_hour"_s, historytime::floorTo(windowStart, kHour), endHour, kHour);
    const qint64 minuteRows
        = fill(u"health_rollup_minute"_s, endMinute - minuteDays * kDay, endMinute, kMinute);
    QVERIFY(dayRows >= 0 && hourRows >= 0 && minuteRows >= 0);
    // As closeHours and closeDays leave them: all before the current hour and day is rolled up.
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO lifeline_meta (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    for (const auto &[key, value] : {std::pair {u"hours_rolled_until"_s, historytime::format(endHour)},
             std::pair {u"days_rolled_until"_s, historytime::format(historytime::floorTo(f->nowMs, kDay))}}) {
        q.addBindValue(key);
        q.addBindValue(value);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(db.commit());
    // A running Lifeline commits a little every second and SQLite checkpoints as it goes; one
    // huge transaction would otherwise leave the queries reading through a WAL of hundreds of MB.
    QVERIFY(q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
    report(u"fixture: %1 servers, %2 day + %3 hour + %4 minute rollup rows (%5 d of hours, %6 d of minutes) "
           "written in %7 s; database %8 MB"_s.arg(f->servers)
               .arg(dayRows)
               .arg(hourRows)
               .arg(minuteRows)
               .arg(f->days)
               .arg(minuteDays)
               .arg(double(timer.elapsed()) / 1e3, 0, 'f', 1)
               .arg(double(usedBytes(db)) / 1e6, 0, 'f', 1));
    m_rollups = std::move(f);
}

void BenchHistory::uptime30Days100Servers()
{
    fabricateRollups();
    if (QTest::currentTestFailed())
        return;
    const RollupFixture &f = *m_rollups;
    const HistoryQueries queries(f.writer.database(), HistorySettings {});
    const QDateTime to = utc(f.nowMs), from = utc(f.nowMs - f.days * kDay);
    const int runs = envInt("BENCH_HISTORY_RUNS", 9);
    QList<UptimeRow> rows;
    const Timing t = timeRuns(runs, [&] { rows = queries.uptime(from, to); });
    QVERIFY2(queries.lastError().isEmpty(), qPrintable(queries.lastError()));
    QCOMPARE(rows.size(), f.servers);
    qint64 minCovered = std::numeric_limits<qint64>::max();
    for (const UptimeRow &r : std::as_const(rows)) {
        QVERIFY(r.percent() >= 0 && r.percent() <= 100);
        minCovered = qMin(minCovered, r.upMs + r.downMs);
    }
    report(
        u"uptime(%1 d, all %2 servers): median %3 ms, first %4 ms, min %5 ms over %6 runs (target ≤ 50 ms); "
        "%7 rows, %8 of %9 h of the window covered, %10: %11 %"_s.arg(f.days)
            .arg(f.servers)
            .arg(t.medianMs, 0, 'f', 2)
            .arg(t.firstMs, 0, 'f', 2)
            .arg(t.minMs, 0, 'f', 2)
            .arg(runs)
            .arg(rows.size())
            .arg(double(minCovered) / double(kHour), 0, 'f', 2)
            .arg(f.days * 24)
            .arg(rows.first().server)
            .arg(rows.first().percent(), 0, 'f', 3));
}

void BenchHistory::latencySeries30Days()
{
    fabricateRollups();
    if (QTest::currentTestFailed())
        return;
    const RollupFixture &f = *m_rollups;
    const HistoryQueries queries(f.writer.database(), HistorySettings {});
    const int runs = envInt("BENCH_HISTORY_RUNS", 9);
    const QString server = serverName(0);
    // The dashboard's 30-day chart (the target), and the 7-day one, which reads minute rows.
    for (const int days : {f.days, qMin(7, f.days)}) {
        const QDateTime to = utc(f.nowMs), from = utc(f.nowMs - days * kDay);
        QList<LatencyPoint> points;
        const Timing t = timeRuns(runs, [&] { points = queries.latencySeries(server, from, to, 500); });
        QVERIFY2(queries.lastError().isEmpty(), qPrintable(queries.lastError()));
        QVERIFY(!points.isEmpty() && points.size() <= 500);
        qint64 checks = 0;
        for (const LatencyPoint &p : std::as_const(points))
            checks += p.checks;
        report(u"latencySeries(%1, %2 d, 500 points): median %3 ms, first %4 ms, min %5 ms over %6 runs%7; "
               "%8 points, %9 checks"_s.arg(server)
                   .arg(days)
                   .arg(t.medianMs, 0, 'f', 2)
                   .arg(t.firstMs, 0, 'f', 2)
                   .arg(t.minMs, 0, 'f', 2)
                   .arg(runs)
                   .arg(days == f.days ? u" (target ≤ 20 ms)"_s : QString())
                   .arg(points.size())
                   .arg(checks));
    }
}

void BenchHistory::growthPerServerPerDay()
{
    const int days = envInt("BENCH_HISTORY_GROWTH_DAYS", 3);
    constexpr qint64 intervalMs = 30 * 1000;
    QTemporaryDir dir;
    QVERIFY(keep(dir));
    const qint64 start = QDateTime(QDate(2026, 1, 5), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    qint64 clock = start;
    HistoryWriter writer;
    writer.setClock([&clock] { return clock; });
    const HistorySettings settings;
    QString error;
    QVERIFY2(writer.open(DatabaseTarget::parse(dir.filePath(u"history.sqlite"_s)), settings, &error),
        qPrintable(error));
    QSqlDatabase db = writer.database();
    const qint64 before = usedBytes(db);

    const QString server = serverName(0);
    QRandomGenerator rng(7);
    QElapsedTimer timer;
    timer.start();
    writer.recordEvent(healthy(server, clock));
    const qint64 end = start + days * kDay;
    for (; clock < end; clock += intervalMs) {
        // As the maintenance timer would: closes the hour just over, and prunes.
        if (clock > start && clock % kHour == 0)
            writer.maintain();
        writer.recordCheck(check(server, clock, rng));
        // The flush timer writes every second; with one server that is one flush per check.
        QVERIFY(writer.flush());
    }
    writer.maintain();
    QVERIFY(writer.isSaving());
    const qint64 simulatedMs = timer.elapsed();
    QVERIFY(QSqlQuery(db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
    const qint64 after = usedBytes(db);
    const qint64 growth = after - before;
    const double perDay = double(growth) / days;
    report(
        u"growth: 1 server, a check every %1 s for %2 fabricated days (%3 s to run): %4 → %5 bytes in use, "
        "%6 bytes/server/day (target ≤ 1000000); file %7 bytes"_s.arg(intervalMs / 1000)
            .arg(days)
            .arg(double(simulatedMs) / 1e3, 0, 'f', 1)
            .arg(before)
            .arg(after)
            .arg(perDay, 0, 'f', 0)
            .arg(QFileInfo(dir.filePath(u"history.sqlite"_s)).size()));

    const QStringList tables
        = {u"integration_health_metrics"_s, u"health_rollup_minute"_s, u"health_rollup_hour"_s,
            u"health_rollup_day"_s, u"health_events"_s, u"integration_failures"_s, u"lifeline_meta"_s};
    QHash<QString, qint64> bytes = bytesFromDbstat(db);
    if (bytes.isEmpty()) {
        report(u"growth: no dbstat in this SQLite; tables measured as copies in a scratch file"_s);
        for (const QString &t : tables)
            bytes.insert(t, bytesByCopy(db, t, dir.filePath(u"scratch.sqlite"_s)));
    }
    QHash<QString, qint64> rows;
    for (const QString &t : tables) {
        rows.insert(t, rowCount(db, t));
        const qint64 b = bytes.value(t, -1);
        report(u"growth:   %1 %2 rows, %3 bytes with indices%4"_s.arg(t, -27)
                   .arg(rows.value(t), 6)
                   .arg(b, 8)
                   .arg(rows.value(t) > 0 && b > 0
                           ? u", %1 bytes/row"_s.arg(double(b) / double(rows.value(t)), 0, 'f', 1)
                           : QString()));
    }
    QVERIFY(rows.value(u"integration_health_metrics"_s) > 0);
    QVERIFY(rows.value(u"health_rollup_minute"_s) > 0);
    QVERIFY(rows.value(u"health_rollup_hour"_s) > 0);

    // Steady state at the default retention, from bytes per row. The three rollup tables share
    // one layout; the minute table has enough rows for a figure that a half-empty last page does
    // not dominate, so it stands for the hour and day tables too.
    auto perRow = [&](const QString &t) {
        const qint64 b = bytes.value(t, -1), n = rows.value(t);
        return b > 0 && n > 0 ? double(b) / double(n) : -1.0;
    };
    const double rawRow = perRow(u"integration_health_metrics"_s);
    const double rollupRow = perRow(u"health_rollup_minute"_s);
    if (rawRow < 0 || rollupRow < 0) {
        // Neither way of measuring tables worked: share the total out by rows (a rough figure).
        const qint64 n = rows.value(u"integration_health_metrics"_s) + rows.value(u"health_rollup_minute"_s)
            + rows.value(u"health_rollup_hour"_s) + rows.value(u"health_rollup_day"_s);
        report(u"growth: per-table sizes unavailable; %1 bytes/row over all rows"_s.arg(
            double(growth) / double(n), 0, 'f', 1));
        return;
    }
    const double checksPerDay = double(kDay) / double(intervalMs);
    const double rawBytes = checksPerDay * double(settings.samplesMs) / double(kDay) * rawRow;
    const double minuteBytes = 1440.0 * double(settings.minutesMs) / double(kDay) * rollupRow;
    const double hourBytes = 24.0 * double(settings.hoursMs) / double(kDay) * rollupRow;
    const double inflow = checksPerDay * rawRow + (1440.0 + 24.0 + 1.0) * rollupRow;
    report(u"growth: written per server per day, before retention: %1 samples × %2 + %3 rollup rows × %4 "
           "= %5 bytes (target ≤ 1000000)"_s.arg(checksPerDay, 0, 'f', 0)
               .arg(rawRow, 0, 'f', 1)
               .arg(1440 + 24 + 1)
               .arg(rollupRow, 0, 'f', 1)
               .arg(inflow, 0, 'f', 0));
    report(u"growth: steady state per server: samples %1 d %2 + minutes %3 d %4 + hours %5 d %6 = %7 bytes, "
           "then + %8 bytes/day (day rows, kept forever)"_s
               .arg(double(settings.samplesMs) / double(kDay), 0, 'f', 0)
               .arg(rawBytes, 0, 'f', 0)
               .arg(double(settings.minutesMs) / double(kDay), 0, 'f', 0)
               .arg(minuteBytes, 0, 'f', 0)
               .arg(double(settings.hoursMs) / double(kDay), 0, 'f', 0)
               .arg(hourBytes, 0, 'f', 0)
               .arg(rawBytes + minuteBytes + hourBytes, 0, 'f', 0)
               .arg(rollupRow, 0, 'f', 0));
}

QTEST_GUILESS_MAIN(BenchHistory)
#include "bench_history.moc"
