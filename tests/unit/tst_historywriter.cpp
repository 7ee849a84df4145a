// The history writer on a fabricated clock: batching and the flush timer, minute rollups,
// up/down time (what the user chose is not downtime), failure episodes with their recovery,
// hour and day rollups, retention, a full disk that loses nothing, the failover mirror; the roll-ups'
// edges: a database's first roll-up, days never rolled up, days without rows, a restart within
// an hour, a check that ends after its hour was rolled up.
#include "historytestdb.h"
#include "store/historyqueries.h"
#include "store/historyschema.h"
#include "store/historytime.h"
#include "store/historywriter.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

// 2026-03-10 00:00:00 UTC: a day, hour and minute boundary.
const qint64 kT0 = QDateTime(QDate(2026, 3, 10), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

CheckResult check(const QString &server, qint64 ms, bool ok, double latencyMs = 1.0,
    FailureType failure = FailureType::Timeout)
{
    CheckResult r;
    r.server = server;
    r.startedAt = at(ms);
    r.ok = ok;
    r.latencyUs = ok ? qint64(latencyMs * 1000) : -1;
    if (!ok)
        r.failure = Failure::make(failure, u"no answer"_s);
    return r;
}

HealthEvent state(const QString &server, qint64 ms, const QString &to, bool byUser = false,
    FailureType failure = FailureType::None)
{
    HealthEvent e;
    e.ts = at(ms);
    e.kind = HealthEvent::Kind::State;
    e.server = server;
    e.to = healthStateFromName(to);
    if (failure != FailureType::None)
        e.failure = Failure::make(failure, u"it broke"_s);
    if (byUser)
        e.byUser = true;
    return e;
}

HealthEvent other(const QString &kind, qint64 ms, const QString &server, const QJsonObject &extra)
{
    HealthEvent e;
    e.ts = at(ms);
    e.kind = *HealthEvent::kindFromName(kind);
    e.server = server;
    e.extra = extra;
    return e;
}

// A minute rollup row of server `a` (latency -1: none).
QString minuteRow(qint64 ms, int checks, int failures, double latency, qint64 upMs, qint64 downMs)
{
    const QString lat = latency < 0 ? u"NULL"_s : QString::number(latency);
    return u"INSERT INTO health_rollup_minute (server_instance, bucket_start, checks, failures, latency_min, "
           "latency_avg, latency_max, latency_p95, up_ms, down_ms) VALUES ('a', '%1', %2, %3, %4, %4, %4, "
           "%4, "
           "%5, %6)"_s.arg(historytime::format(ms))
               .arg(checks)
               .arg(failures)
               .arg(lat)
               .arg(upMs)
               .arg(downMs);
}

// Gateway calls of server `a` in the minute at `ms`: a raw `throughput` row, no minute rollup.
QString callsRow(qint64 ms, int calls, int errors)
{
    return u"INSERT INTO integration_health_metrics (server_type, server_instance, metric_type, "
           u"metric_value, "
           "status, details, measured_at) VALUES ('stdio', 'a', 'throughput', %1, 'healthy', "
           "'{\"calls\":%1,\"errors\":%2}', '%3')"_s.arg(calls)
               .arg(errors)
               .arg(historytime::format(ms));
}

} // namespace

class TestHistoryWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void batchesUntilFlush();
    void flushTimerWritesWithinTheInterval();
    void minuteRollup();
    void upAndDownTime_data();
    void upAndDownTime();
    void failureEpisodes();
    void hourAndDayRollups();
    void retentionPrunes();
    void fullDiskLosesNothing();
    void failoverMirror();
    void minuteGoesOnAfterARestart();
    void alertsInsertedThenUpdated();
    void firstRollUpCoversTheHoursWithRows();
    void daysNeverRolledUpStartAtTheOldestHour();
    void daysWithoutRowsLeaveNoRollup();
    void hourCutByARestartIsRolledUpOnceComplete();
    void lateCheckCountsOnceInItsRolledUpHourAndDay();

private:
    bool newDatabaseWith(const QStringList &sql);
    bool openWriter(HistoryWriter &w, HistorySettings settings = {});
    bool restartAt(qint64 nowMs); // Lifeline stops (the writer closes, flushing) and starts at nowMs
    qint64 count(const QString &sql);
    QVariantList row(const QString &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseTarget m_target;
    std::unique_ptr<HistoryWriter> m_w;
    qint64 m_now = kT0;
};

void TestHistoryWriter::init()
{
    if (const QString why = testdb::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_dir = std::make_unique<QTemporaryDir>();
    m_target = testdb::target(*m_dir);
    QVERIFY(testdb::wipe(m_target));
    m_now = kT0;
    m_w = std::make_unique<HistoryWriter>();
    QVERIFY(openWriter(*m_w));
}

void TestHistoryWriter::cleanup()
{
    m_w.reset();
}

bool TestHistoryWriter::restartAt(qint64 nowMs)
{
    m_w.reset();
    m_now = nowMs;
    m_w = std::make_unique<HistoryWriter>();
    return openWriter(*m_w);
}

bool TestHistoryWriter::openWriter(HistoryWriter &w, HistorySettings settings)
{
    w.setClock([this] { return m_now; });
    QString error;
    if (!w.open(m_target, settings, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

qint64 TestHistoryWriter::count(const QString &sql)
{
    QSqlQuery q(m_w->database());
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toLongLong();
}

QVariantList TestHistoryWriter::row(const QString &sql)
{
    QSqlQuery q(m_w->database());
    QVariantList out;
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return out;
    }
    for (int i = 0; i < q.record().count(); ++i)
        out << q.value(i);
    return out;
}

void TestHistoryWriter::batchesUntilFlush()
{
    for (int i = 0; i < 10; ++i)
        m_w->recordCheck(check(u"a"_s, kT0 + i * 1000, true));
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 0); // waiting in memory
    QVERIFY(m_w->flush());
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 10);

    Config c;
    c.history.batchRows = 5;
    m_w->applyConfig(c);
    for (int i = 0; i < 4; ++i)
        m_w->recordCheck(check(u"a"_s, kT0 + 20000 + i, true));
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 10);
    m_w->recordCheck(check(u"a"_s, kT0 + 30000, true)); // the fifth: a batch is full
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 15);
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics WHERE metric_type = 'response_time' "
                   "AND server_instance = 'a' AND server_type = 'stdio' AND status = 'healthy'"_s),
        15);
}

void TestHistoryWriter::flushTimerWritesWithinTheInterval()
{
    HistorySettings s;
    s.flushIntervalMs = 100;
    m_w = std::make_unique<HistoryWriter>();
    QVERIFY(openWriter(*m_w, s));
    m_w->recordCheck(check(u"a"_s, kT0, true));
    QTRY_COMPARE_WITH_TIMEOUT(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 1, 2000);
}

void TestHistoryWriter::minuteRollup()
{
    for (double ms : {10.0, 20.0, 30.0, 40.0})
        m_w->recordCheck(check(u"a"_s, kT0 + qint64(ms) * 100, true, ms));
    m_w->recordCheck(check(u"a"_s, kT0 + 50000, false));
    m_w->recordCheck(check(u"a"_s, kT0 + 61000, true, 7.5)); // the next minute
    QVERIFY(m_w->flush());
    const QVariantList m0
        = row(u"SELECT checks, failures, latency_min, latency_avg, latency_max, latency_p95 "
              "FROM health_rollup_minute WHERE server_instance = 'a' AND bucket_start = '%1'"_s.arg(
                  historytime::format(kT0)));
    QCOMPARE(m0, (QVariantList {5, 1, 10.0, 25.0, 40.0, 40.0}));
    const QVariantList m1
        = row(u"SELECT checks, failures, latency_min, latency_max FROM health_rollup_minute "
              "WHERE bucket_start = '%1'"_s.arg(historytime::format(kT0 + 60000)));
    QCOMPARE(m1, (QVariantList {1, 0, 7.5, 7.5}));
    // The failed check's sample: no latency, its class, its error.
    const QVariantList failed
        = row(u"SELECT metric_value, ok, failure_type, details FROM integration_health_metrics "
              "WHERE measured_at = '%1'"_s.arg(historytime::format(kT0 + 50000)));
    QVERIFY(failed.value(0).isNull());
    QCOMPARE(failed.value(1).toBool(), false);
    QCOMPARE(failed.value(2).toString(), u"timeout"_s);
    QVERIFY(failed.value(3).toString().contains(u"no answer"_s));
}

using Step = std::tuple<qint64, QString, bool>; // offset ms, state, by the user
Q_DECLARE_METATYPE(QList<Step>)

void TestHistoryWriter::upAndDownTime_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<qint64>("nowOffset");
    QTest::addColumn<QList<qint64>>("expected"); // up, down of minute 0, then of minute 1

    QTest::newRow("healthy all minute")
        << QList<Step> {{0, u"healthy"_s, false}} << 60000LL << QList<qint64> {60000, 0, 0, 0};
    QTest::newRow("down 15 s") << QList<Step> {{0, u"healthy"_s, false}, {30000, u"unhealthy"_s, false},
        {40000, u"recovering"_s, false}, {45000, u"healthy"_s, false}}
                               << 60000LL << QList<qint64> {45000, 15000, 0, 0};
    QTest::newRow("degraded is up") << QList<Step> {{0, u"degraded"_s, false}} << 60000LL
                                    << QList<qint64> {60000, 0, 0, 0};
    QTest::newRow("stopped by the user is not downtime") << QList<Step> {{0, u"healthy"_s, false},
        {20000, u"offline"_s, true}} << 60000LL << QList<qint64> {20000, 0, 0, 0};
    QTest::newRow("disabled is not downtime")
        << QList<Step> {{0, u"healthy"_s, false}, {20000, u"disabled"_s, true}} << 60000LL
        << QList<qint64> {20000, 0, 0, 0};
    QTest::newRow("exit on its own is downtime") << QList<Step> {{0, u"healthy"_s, false},
        {20000, u"offline"_s, false}} << 60000LL << QList<qint64> {20000, 40000, 0, 0};
    QTest::newRow("failed is downtime")
        << QList<Step> {{0, u"unhealthy"_s, false}, {5000, u"failed"_s, false}} << 60000LL
        << QList<qint64> {0, 60000, 0, 0};
    QTest::newRow("starting is neither")
        << QList<Step> {{0, u"starting"_s, false}, {2000, u"healthy"_s, false}} << 60000LL
        << QList<qint64> {58000, 0, 0, 0};
    QTest::newRow("across a minute boundary")
        << QList<Step> {{30000, u"healthy"_s, false}} << 90000LL << QList<qint64> {30000, 0, 30000, 0};
    QTest::newRow("down across the boundary") << QList<Step> {{0, u"healthy"_s, false},
        {50000, u"unhealthy"_s, false}, {70000, u"healthy"_s, false}}
                                              << 120000LL << QList<qint64> {50000, 10000, 50000, 10000};
}

void TestHistoryWriter::upAndDownTime()
{
    QFETCH(QList<Step>, steps);
    QFETCH(qint64, nowOffset);
    QFETCH(QList<qint64>, expected);
    for (const auto &[offset, to, byUser] : steps) {
        m_now = kT0 + offset;
        m_w->recordEvent(state(u"a"_s, kT0 + offset, to, byUser));
    }
    m_now = kT0 + nowOffset;
    QVERIFY(m_w->flush());
    for (int minute = 0; minute < 2; ++minute) {
        const QVariantList r = row(
            u"SELECT up_ms, down_ms FROM health_rollup_minute WHERE server_instance = 'a' "
            "AND bucket_start = '%1' UNION ALL SELECT 0, 0"_s.arg(historytime::format(kT0 + minute * 60000)));
        QCOMPARE(r.value(0).toLongLong(), expected.at(minute * 2));
        QCOMPARE(r.value(1).toLongLong(), expected.at(minute * 2 + 1));
    }
}

void TestHistoryWriter::failureEpisodes()
{
    Config c;
    ServerConfig a;
    a.name = u"a"_s;
    c.servers = {a};
    m_w->applyConfig(c);
    m_w->recordEvent(state(u"a"_s, kT0, u"healthy"_s));
    m_w->recordEvent(state(u"a"_s, kT0 + 10000, u"unhealthy"_s, false, FailureType::Timeout));
    m_w->recordEvent(state(u"a"_s, kT0 + 10001, u"recovering"_s));
    m_w->recordEvent(other(u"restart"_s, kT0 + 10001, u"a"_s, {{"action"_L1, "restart"_L1}}));
    QVERIFY(m_w->flush()); // the open episode is in the table already
    QCOMPARE(
        count(u"SELECT COUNT(*) FROM integration_failures WHERE resolved = FALSE AND ended_at IS NULL"_s), 1);
    m_w->recordEvent(other(u"restart"_s, kT0 + 11000, u"a"_s, {{"action"_L1, "restart"_L1}}));
    m_w->recordEvent(other(
        u"failover"_s, kT0 + 12000, {}, {{"group"_L1, "g"_L1}, {"from"_L1, "a"_L1}, {"to"_L1, "b"_L1}}));
    m_w->recordEvent(state(u"a"_s, kT0 + 13500, u"healthy"_s));
    // A second one, ended by the user rather than resolved.
    m_w->recordEvent(state(u"a"_s, kT0 + 20000, u"unhealthy"_s, false, FailureType::ProcessExit));
    m_w->recordEvent(state(u"a"_s, kT0 + 21000, u"offline"_s, true));
    QVERIFY(m_w->flush());

    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_failures"_s), 2);
    const QVariantList first
        = row(u"SELECT server_instance, server_type, failure_type, failure_class, recovery_action, resolved, "
              "resolution_time_ms, resolution_time_seconds, occurred_at, ended_at, task_context FROM "
              "integration_failures "
              "ORDER BY occurred_at LIMIT 1"_s);
    QCOMPARE(first.value(0).toString(), u"a"_s);
    QCOMPARE(first.value(1).toString(), u"stdio"_s);
    QCOMPARE(first.value(2).toString(), u"timeout"_s);
    QCOMPARE(first.value(3).toString(), u"timeout"_s);
    QCOMPARE(first.value(4).toString(), u"restart ×2, failover to b"_s);
    QCOMPARE(first.value(5).toBool(), true);
    QCOMPARE(first.value(6).toLongLong(), 3500);
    QCOMPARE(first.value(7).toLongLong(), 4); // rounded
    QCOMPARE(first.value(8).toString(), historytime::format(kT0 + 10000));
    QCOMPARE(first.value(9).toString(), historytime::format(kT0 + 13500));
    QCOMPARE(first.value(10).toString(), u"basic check: ping"_s);
    const QVariantList second
        = row(u"SELECT failure_type, failure_class, recovery_action, resolved, ended_at, "
              "resolution_time_ms FROM integration_failures ORDER BY occurred_at DESC LIMIT 1"_s);
    QCOMPARE(second.value(0).toString(), u"connection_error"_s); // the seeds' word for it
    QCOMPARE(second.value(1).toString(), u"process_exit"_s);
    QCOMPARE(second.value(2).toString(), u"offline by the user"_s);
    QCOMPARE(second.value(3).toBool(), false);
    QCOMPARE(second.value(4).toString(), historytime::format(kT0 + 21000));
    QVERIFY(second.value(5).isNull());
    // Every event is kept too.
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_events"_s), 9);
    QCOMPARE(
        count(u"SELECT COUNT(*) FROM health_events WHERE event = 'failover' AND server_instance IS NULL"_s),
        1);
}

void TestHistoryWriter::hourAndDayRollups()
{
    // One check a minute for two hours; latency = 1 + minute number (1 … 120 ms).
    m_w->recordEvent(state(u"a"_s, kT0, u"healthy"_s));
    for (int i = 0; i < 120; ++i) {
        m_now = kT0 + i * 60000LL + 30000;
        m_w->recordCheck(check(u"a"_s, m_now, true, 1.0 + i));
        m_w->flush();
    }
    m_w->recordEvent(state(u"a"_s, kT0 + 120 * 60000LL, u"offline"_s, true)); // the user stopped it
    m_now = kT0 + 25 * 3600 * 1000LL; // the next day
    m_w->maintain();
    const QVariantList h0
        = row(u"SELECT checks, failures, latency_min, latency_avg, latency_max, latency_p95, up_ms, "
              "down_ms FROM health_rollup_hour WHERE bucket_start = '%1'"_s.arg(historytime::format(kT0)));
    QCOMPARE(h0, (QVariantList {60, 0, 1.0, 30.5, 60.0, 57.0, 3600000, 0}));
    const QVariantList h1
        = row(u"SELECT checks, latency_p95 FROM health_rollup_hour WHERE bucket_start = '%1'"_s.arg(
            historytime::format(kT0 + 3600000)));
    QCOMPARE(h1, (QVariantList {60, 117.0}));
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 2); // empty hours have no row
    const QVariantList d
        = row(u"SELECT checks, latency_min, latency_avg, latency_max, latency_p95, up_ms FROM "
              "health_rollup_day WHERE bucket_start = '%1'"_s.arg(historytime::format(kT0)));
    QCOMPARE(d, (QVariantList {120, 1.0, 60.5, 120.0, 87.0, 7200000}));
    // Done once: a second run changes nothing.
    m_w->maintain();
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_day"_s), 1);
}

void TestHistoryWriter::retentionPrunes()
{
    const qint64 h = 3600 * 1000LL, d = 24 * h;
    m_now = kT0 + 400 * d;
    auto insert = [&](const QString &sql, qint64 ago) {
        QSqlQuery q(m_w->database());
        QVERIFY2(q.exec(sql.arg(historytime::format(m_now - ago))), qPrintable(q.lastError().text()));
    };
    const QString sample
        = u"INSERT INTO integration_health_metrics (server_type, server_instance, metric_type, "
          "measured_at) VALUES ('stdio', 'a', 'response_time', '%1')"_s;
    const QString rollup = u"INSERT INTO %1 (server_instance, bucket_start) VALUES ('a', '%2')"_s;
    const QString event = u"INSERT INTO health_events (occurred_at, event) VALUES ('%1', 'state')"_s;
    insert(sample, 49 * h);
    insert(sample, 47 * h);
    insert(rollup.arg(u"health_rollup_minute"_s, u"%1"_s), 15 * d);
    insert(rollup.arg(u"health_rollup_minute"_s, u"%1"_s), 13 * d);
    insert(rollup.arg(u"health_rollup_hour"_s, u"%1"_s), 181 * d);
    insert(rollup.arg(u"health_rollup_hour"_s, u"%1"_s), 179 * d);
    insert(rollup.arg(u"health_rollup_day"_s, u"%1"_s), 399 * d);
    insert(event, 181 * d);
    insert(event, 179 * d);
    m_w->maintain();
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_minute"_s), 1);
    // (the minute rows made hour rows of their own when maintain() rolled them up)
    const QString hourAt = u"SELECT COUNT(*) FROM health_rollup_hour WHERE bucket_start = '%1'"_s;
    QCOMPARE(count(hourAt.arg(historytime::format(m_now - 181 * d))), 0);
    QCOMPARE(count(hourAt.arg(historytime::format(m_now - 179 * d))), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_day WHERE bucket_start = '%1'"_s.arg(
                 historytime::format(m_now - 399 * d))),
        1); // days are kept forever
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_events"_s), 1);

    // Retention from the config.
    Config c;
    c.history.samplesMs = 24 * h;
    m_w->applyConfig(c);
    m_w->maintain();
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 0);
}

void TestHistoryWriter::fullDiskLosesNothing()
{
    if (m_target.isPostgres())
        QSKIP("SQLite's max_page_count stands in for a full disk; PostgreSQL has no equivalent to set from "
              "here");
    QSignalSpy saving(m_w.get(), &HistoryWriter::savingChanged);
    QVERIFY(m_w->flush());
    QVERIFY(m_w->setMaxPageCount(int(count(u"PRAGMA page_count"_s))));
    for (int i = 0; i < 2000; ++i)
        m_w->recordCheck(check(u"a"_s, kT0 + i, i % 2 == 0));
    QVERIFY(!m_w->flush());
    QVERIFY(!m_w->isSaving());
    QCOMPARE(saving.size(), 1);
    QCOMPARE(saving.at(0).at(0).toBool(), false);
    QVERIFY2(saving.at(0).at(1).toString().contains(u"full"_s), qPrintable(saving.at(0).at(1).toString()));
    QCOMPARE(m_w->pendingRows(), 2000);
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 0);

    QVERIFY(m_w->setMaxPageCount(1 << 30)); // room again
    QVERIFY(m_w->flush());
    QVERIFY(m_w->isSaving());
    QCOMPARE(saving.size(), 2);
    QCOMPARE(saving.at(1).at(0).toBool(), true);
    QCOMPARE(count(u"SELECT COUNT(*) FROM integration_health_metrics"_s), 2000);
    QCOMPARE(count(u"SELECT checks FROM health_rollup_minute"_s), 2000);
}

void TestHistoryWriter::failoverMirror()
{
    Config c;
    ServerConfig a, b, x;
    a.name = u"a"_s;
    a.settings.intervalMs = 15000;
    b.name = u"b"_s;
    x.name = u"x"_s;
    c.servers = {a, b, x};
    FailoverGroup g;
    g.name = u"g"_s;
    g.primary = u"a"_s;
    g.fallbacks = {u"b"_s, u"x"_s};
    g.strategy = FailoverStrategy::GracefulDegradation;
    g.automatic = false;
    c.failover = {g};
    m_w->applyConfig(c);
    QVERIFY(m_w->flush());
    const QVariantList r
        = row(u"SELECT primary_server_type, fallback_strategy, fallback_server_type, "
              "auto_recovery_enabled, max_retry_attempts, retry_delay_seconds, "
              "health_check_interval_seconds, group_name, fallback_servers FROM failover_configurations"_s);
    QCOMPARE(r.value(0).toString(), u"a"_s);
    QCOMPARE(r.value(1).toString(), u"graceful_degradation"_s);
    QCOMPARE(r.value(2).toString(), u"b"_s);
    QCOMPARE(r.value(3).toBool(), false);
    QCOMPARE(r.value(4).toInt(), 3);
    QCOMPARE(r.value(5).toInt(), 1);
    QCOMPARE(r.value(6).toInt(), 15);
    QCOMPARE(r.value(7).toString(), u"g"_s);
    QCOMPARE(r.value(8).toString(), u"[\"b\",\"x\"]"_s);
    c.failover.clear();
    m_w->applyConfig(c);
    QVERIFY(m_w->flush());
    QCOMPARE(count(u"SELECT COUNT(*) FROM failover_configurations"_s), 0);
}

void TestHistoryWriter::minuteGoesOnAfterARestart()
{
    m_now = kT0 + 10000;
    m_w->recordCheck(check(u"a"_s, kT0 + 1000, true, 5));
    m_w->recordCheck(check(u"a"_s, kT0 + 2000, true, 9));
    QVERIFY(restartAt(kT0 + 20000));
    m_w->recordCheck(check(u"a"_s, kT0 + 21000, true, 1));
    QVERIFY(m_w->flush());
    QCOMPARE(row(u"SELECT checks, latency_min, latency_max FROM health_rollup_minute"_s),
        (QVariantList {3, 1.0, 9.0}));
}

// One row per alert, found again by its id: the fire inserts it, the acknowledgement and the
// resolve update it (also when both arrive before a flush); the query reads it back.
void TestHistoryWriter::alertsInsertedThenUpdated()
{
    Alert a;
    a.id = u"0b9d7f6e-1f5c-4c2e-9a55-5b7c0f6b1d2a"_s;
    a.server = u"a"_s;
    a.rule = u"trend"_s;
    a.severity = AlertSeverity::Warning;
    a.message = u"a's latency is rising"_s;
    a.details = QJsonObject {{"slope_per_s"_L1, 2.5}};
    a.firedAt = at(kT0 + 1000);
    m_w->recordAlert(a);
    QCOMPARE(count(u"SELECT COUNT(*) FROM alerts"_s), 0); // batched like the rest
    QVERIFY(m_w->flush());
    QCOMPARE(count(u"SELECT COUNT(*) FROM alerts"_s), 1);
    const QVariantList first = row(
        u"SELECT alert_uid, server_instance, rule, severity, state, fired_at, resolved_at FROM alerts"_s);
    QCOMPARE(first.mid(0, 6),
        (QVariantList {
            a.id, u"a"_s, u"trend"_s, u"warning"_s, u"firing"_s, historytime::format(kT0 + 1000)}));
    QVERIFY(first.value(6).isNull());

    a.acknowledgedAt = at(kT0 + 2000);
    m_w->recordAlert(a);
    a.state = AlertState::Resolved;
    a.resolvedAt = at(kT0 + 3000);
    m_w->recordAlert(a);
    Alert b = a;
    b.id = u"second"_s;
    b.server = u"b"_s;
    b.rule = u"flapping"_s;
    b.state = AlertState::Firing;
    b.resolvedAt = {};
    b.acknowledgedAt = {};
    b.firedAt = at(kT0 + 4000);
    m_w->recordAlert(b);
    QVERIFY(m_w->flush());
    QCOMPARE(count(u"SELECT COUNT(*) FROM alerts"_s), 2);
    QCOMPARE(
        row(u"SELECT state, resolved_at, acknowledged_at FROM alerts WHERE alert_uid = '%1'"_s.arg(a.id)),
        (QVariantList {u"resolved"_s, historytime::format(kT0 + 3000), historytime::format(kT0 + 2000)}));

    const QList<Alert> stored = HistoryQueries(m_w->database()).alerts(at(kT0), at(kT0 + 60000));
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0].id, u"second"_s); // newest first
    QCOMPARE(stored[1].id, a.id);
    QCOMPARE(stored[1].state, AlertState::Resolved);
    QCOMPARE(stored[1].resolvedAt, a.resolvedAt);
    QCOMPARE(stored[1].details, a.details);
    // Resolved before the window: not in it; the firing one still is.
    QCOMPARE(HistoryQueries(m_w->database()).alerts(at(kT0 + 5000), at(kT0 + 60000)).size(), 1);
    QCOMPARE(HistoryQueries(m_w->database()).alerts(at(kT0), at(kT0 + 60000), u"b"_s).size(), 1);

    // Closing ends what still fires: no alert stays "firing" in the table after Lifeline stops.
    m_now = kT0 + 9000;
    m_w->close();
    HistoryWriter again;
    QVERIFY(openWriter(again));
    const QList<Alert> closed = HistoryQueries(again.database()).alerts(at(kT0), at(kT0 + 60000), u"b"_s);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed[0].state, AlertState::Resolved);
    QCOMPARE(closed[0].resolvedAt, at(kT0 + 9000));
    QVERIFY(closed[0].details.value("lifeline_stopped"_L1).toBool());
}

// A new database holding `sql`'s rows and nothing rolled up yet (no lifeline_meta marks): what
// a first run leaves when its first roll-up did not commit (a full disk, a kill, a lock).
bool TestHistoryWriter::newDatabaseWith(const QStringList &sql)
{
    m_w.reset();
    m_target = testdb::target(*m_dir, u"new.sqlite"_s);
    if (!testdb::wipe(m_target))
        return false;
    QString error;
    bool ok = false;
    {
        QSqlDatabase db = m_target.open(u"seed"_s, &error);
        ok = db.isOpen() && HistorySchema::ensure(db, &error);
        {
            QSqlQuery q(db);
            for (const QString &statement : sql) {
                if (ok && !q.exec(statement)) {
                    error = q.lastError().text() + u" in: "_s + statement;
                    ok = false;
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"seed"_s);
    if (!ok)
        qWarning("%s", qPrintable(error));
    m_w = std::make_unique<HistoryWriter>();
    return ok;
}

// The first roll-up of a database reads from its oldest row (not from a null bound that matches
// no row on either database): every hour with rows gets its row, minutes' or calls', and only
// those; the day follows from them once it is over.
void TestHistoryWriter::firstRollUpCoversTheHoursWithRows()
{
    const qint64 h = historytime::kHour;
    QVERIFY(newDatabaseWith({minuteRow(kT0 + h + 5 * 60000, 2, 0, 4.0, 60000, 0),
        minuteRow(kT0 + h + 6 * 60000, 1, 1, -1, 0, 60000), callsRow(kT0 + 2 * h + 10 * 60000, 7, 1),
        minuteRow(kT0 + 3 * h, 3, 0, 2.0, 60000, 0)}));
    m_now = kT0 + 5 * h + 30 * 60000;
    QVERIFY(openWriter(*m_w)); // opening rolls up what is over
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 3);
    const QString hourRow = u"SELECT checks, failures, latency_max, up_ms, down_ms, calls, call_errors FROM "
                            "health_rollup_hour WHERE bucket_start = '%1'"_s;
    QCOMPARE(row(hourRow.arg(historytime::format(kT0 + h))), (QVariantList {3, 1, 4.0, 60000, 60000, 0, 0}));
    QCOMPARE(row(hourRow.arg(historytime::format(kT0 + 2 * h))).mid(5), (QVariantList {7, 1}));
    QCOMPARE(row(hourRow.arg(historytime::format(kT0 + 3 * h))).mid(0, 3), (QVariantList {3, 0, 2.0}));
    QCOMPARE(row(u"SELECT value FROM lifeline_meta WHERE key = 'hours_rolled_until'"_s).value(0).toString(),
        historytime::format(kT0 + 5 * h));
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_day"_s), 0); // the day is not over
    m_now = kT0 + historytime::kDay + 60000;
    m_w->maintain();
    QCOMPARE(row(u"SELECT checks, failures, calls FROM health_rollup_day"_s), (QVariantList {6, 1, 7}));
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 3); // nothing rolled up twice
}

// Hours rolled up but no day yet (a stop between the hours' commit and the days'): the days are
// made from the oldest hour, not skipped.
void TestHistoryWriter::daysNeverRolledUpStartAtTheOldestHour()
{
    const qint64 h = historytime::kHour, d = historytime::kDay;
    const QString hourRow
        = u"INSERT INTO health_rollup_hour (server_instance, bucket_start, checks, failures) "
          "VALUES ('a', '%1', %2, 0)"_s;
    QVERIFY(newDatabaseWith({hourRow.arg(historytime::format(kT0 + 3 * h)).arg(10),
        hourRow.arg(historytime::format(kT0 + 4 * h)).arg(20),
        hourRow.arg(historytime::format(kT0 + d)).arg(5),
        u"INSERT INTO lifeline_meta (key, value) VALUES ('hours_rolled_until', '%1')"_s.arg(
            historytime::format(kT0 + 2 * d))}));
    m_now = kT0 + 2 * d + 30 * 60000;
    QVERIFY(openWriter(*m_w));
    QCOMPARE(row(u"SELECT checks FROM health_rollup_day WHERE bucket_start = '%1'"_s.arg(
                 historytime::format(kT0))),
        (QVariantList {30}));
    QCOMPARE(row(u"SELECT checks FROM health_rollup_day WHERE bucket_start = '%1'"_s.arg(
                 historytime::format(kT0 + d))),
        (QVariantList {5}));
    QCOMPARE(row(u"SELECT value FROM lifeline_meta WHERE key = 'days_rolled_until'"_s).value(0).toString(),
        historytime::format(kT0 + 2 * d));
}

// Lifeline stopped for days: the first maintenance after the start rolls up, in one go, the
// hour and the day it stopped in; the days without rows get none; the marks reach the present.
void TestHistoryWriter::daysWithoutRowsLeaveNoRollup()
{
    const qint64 d = historytime::kDay;
    m_now = kT0 + 50 * 60000;
    m_w->recordCheck(check(u"a"_s, kT0 + 10 * 60000, true, 3));
    m_w->recordCheck(check(u"a"_s, kT0 + 50 * 60000, true, 5));
    m_now = kT0 + 55 * 60000;
    QVERIFY(restartAt(kT0 + 4 * d + 20 * 60000));
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 1);
    QCOMPARE(row(u"SELECT bucket_start, checks, latency_max FROM health_rollup_day"_s),
        (QVariantList {historytime::format(kT0), 2, 5.0}));
    QCOMPARE(row(u"SELECT value FROM lifeline_meta WHERE key = 'hours_rolled_until'"_s).value(0).toString(),
        historytime::format(kT0 + 4 * d));
    QCOMPARE(row(u"SELECT value FROM lifeline_meta WHERE key = 'days_rolled_until'"_s).value(0).toString(),
        historytime::format(kT0 + 4 * d));
    m_w->recordCheck(check(u"a"_s, kT0 + 4 * d + 30 * 60000, true, 1));
    m_now = kT0 + 5 * d + 60000;
    m_w->maintain();
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 2);
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_day"_s), 2);
    QCOMPARE(count(u"SELECT SUM(checks) FROM health_rollup_day"_s), 3);
}

// A stop and a start within an hour: the hour is not rolled up while it goes on, then once from
// the minutes of both runs.
void TestHistoryWriter::hourCutByARestartIsRolledUpOnceComplete()
{
    const qint64 h = historytime::kHour;
    m_now = kT0 + 20 * 60000;
    m_w->recordCheck(check(u"a"_s, kT0 + 10 * 60000, true, 3));
    m_w->recordCheck(check(u"a"_s, kT0 + 20 * 60000, true, 4));
    m_now = kT0 + 30 * 60000;
    QVERIFY(restartAt(kT0 + 45 * 60000));
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 0); // still under way
    m_w->recordCheck(check(u"a"_s, kT0 + 50 * 60000, true, 9));
    m_now = kT0 + h + 60000;
    m_w->maintain();
    const QString hourRow = u"SELECT checks, latency_min, latency_max FROM health_rollup_hour"_s;
    QCOMPARE(row(hourRow), (QVariantList {3, 3.0, 9.0}));
    m_now = kT0 + 2 * h + 60000;
    m_w->maintain();
    QCOMPARE(count(u"SELECT COUNT(*) FROM health_rollup_hour"_s), 1);
    QCOMPARE(row(hourRow), (QVariantList {3, 3.0, 9.0}));
    m_now = kT0 + historytime::kDay + 60000;
    m_w->maintain();
    QCOMPARE(row(u"SELECT checks FROM health_rollup_day"_s), (QVariantList {3}));
}

// A check that started in the last minute of a day and ended after the hour and the day were
// rolled up: both are made again with it, and it counts once (also after the next roll-ups).
void TestHistoryWriter::lateCheckCountsOnceInItsRolledUpHourAndDay()
{
    const qint64 h = historytime::kHour, lastHour = kT0 + 23 * h;
    m_now = lastHour + 59 * 60000 + 30000;
    m_w->recordCheck(check(u"a"_s, lastHour + 59 * 60000 + 10000, true, 10));
    m_w->recordCheck(check(u"b"_s, lastHour + 30 * 60000, true, 50));
    QVERIFY(m_w->flush());
    m_now = kT0 + historytime::kDay + 1000;
    m_w->maintain();
    const QString hourRow = u"SELECT checks, latency_max FROM health_rollup_hour WHERE server_instance = 'a' "
                            "AND bucket_start = '%1'"_s.arg(historytime::format(lastHour));
    const QString dayRow = u"SELECT checks, latency_max FROM health_rollup_day WHERE server_instance = 'a' "
                           "AND bucket_start = '%1'"_s.arg(historytime::format(kT0));
    QCOMPARE(row(hourRow), (QVariantList {1, 10.0}));
    QCOMPARE(row(dayRow), (QVariantList {1, 10.0}));
    m_w->recordCheck(check(u"a"_s, lastHour + 59 * 60000 + 58000, true, 30)); // it took 3 s
    m_w->recordCallMinutes({{u"a"_s, lastHour + 59 * 60000, 4, 1}}); // the minute's calls, late too
    QVERIFY(m_w->flush());
    QCOMPARE(row(hourRow), (QVariantList {2, 30.0}));
    QCOMPARE(row(dayRow), (QVariantList {2, 30.0}));
    m_now += h;
    m_w->maintain();
    QCOMPARE(row(hourRow), (QVariantList {2, 30.0}));
    QCOMPARE(row(dayRow), (QVariantList {2, 30.0}));
    const QString calls = u"SELECT calls, call_errors FROM %1 WHERE server_instance = 'a'"_s;
    QCOMPARE(row(calls.arg(u"health_rollup_hour"_s)), (QVariantList {4, 1}));
    QCOMPARE(row(calls.arg(u"health_rollup_day"_s)), (QVariantList {4, 1}));
    // The long ranges and the short ones agree; the other server's rows are as they were.
    QCOMPARE(count(u"SELECT SUM(checks) FROM health_rollup_minute WHERE server_instance = 'a'"_s), 2);
    QCOMPARE(row(u"SELECT checks, latency_max FROM health_rollup_day WHERE server_instance = 'b'"_s),
        (QVariantList {1, 50.0}));
}

QTEST_GUILESS_MAIN(TestHistoryWriter)
#include "tst_historywriter.moc"
