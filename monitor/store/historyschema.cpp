#include "historyschema.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include "historytime.h"

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

// One dialect for both databases; the few differences are filled in here.
QString dialect(QString sql, bool pg)
{
    sql.replace("{ID}"_L1, pg ? "BIGSERIAL PRIMARY KEY"_L1 : "INTEGER PRIMARY KEY"_L1);
    sql.replace("{REAL}"_L1, pg ? "DOUBLE PRECISION"_L1 : "REAL"_L1);
    // UTC text that SQLite's date functions read, like the seeds' CURRENT_TIMESTAMP.
    sql.replace("{TS}"_L1,
        pg ? "TEXT DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"_L1
           : "DATETIME DEFAULT CURRENT_TIMESTAMP"_L1);
    sql.replace("{WITHOUT_ROWID}"_L1, pg ? ""_L1 : " WITHOUT ROWID"_L1);
    return sql;
}

// Version 1: the seeds' tables, column for column.
const char *const kSeedTables[] = {
    R"(CREATE TABLE integration_health_metrics (
    id {ID},
    server_type TEXT NOT NULL,
    server_instance TEXT,
    metric_type TEXT CHECK (metric_type IN ('response_time', 'error_rate', 'availability', 'throughput')),
    metric_value {REAL},
    status TEXT CHECK (status IN ('healthy', 'warning', 'critical', 'offline')),
    details TEXT,
    measured_at {TS}
))",
    R"(CREATE TABLE integration_failures (
    id {ID},
    server_type TEXT NOT NULL,
    failure_type TEXT CHECK (failure_type IN ('timeout', 'connection_error', 'authentication', 'rate_limit', 'server_error')),
    task_context TEXT,
    error_details TEXT,
    recovery_action TEXT,
    resolution_time_seconds INTEGER,
    resolved BOOLEAN DEFAULT FALSE,
    occurred_at {TS}
))",
    R"(CREATE TABLE failover_configurations (
    id {ID},
    primary_server_type TEXT NOT NULL,
    fallback_strategy TEXT,
    fallback_server_type TEXT,
    auto_recovery_enabled BOOLEAN DEFAULT TRUE,
    max_retry_attempts INTEGER DEFAULT 3,
    retry_delay_seconds INTEGER DEFAULT 30,
    health_check_interval_seconds INTEGER DEFAULT 60,
    created_at {TS}
))",
};

QString rollupTable(const QString &name)
{
    return uR"(CREATE TABLE %1 (
    server_instance TEXT NOT NULL,
    bucket_start TEXT NOT NULL,
    checks INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    latency_min {REAL},
    latency_avg {REAL},
    latency_max {REAL},
    latency_p95 {REAL},
    up_ms BIGINT NOT NULL DEFAULT 0,
    down_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (server_instance, bucket_start)
){WITHOUT_ROWID})"_s.arg(name);
}

// Version 2: what Lifeline adds. Extra columns on the seeds' tables keep their names and meaning.
QStringList version2()
{
    QStringList s = {
        // The check's own outcome, so queries need not parse `details`.
        u"ALTER TABLE integration_health_metrics ADD COLUMN ok BOOLEAN"_s,
        u"ALTER TABLE integration_health_metrics ADD COLUMN failure_type TEXT"_s,
        u"CREATE INDEX metrics_server_time ON integration_health_metrics (server_instance, measured_at)"_s,
        u"CREATE INDEX metrics_time ON integration_health_metrics (measured_at)"_s,
        // Which server, Lifeline's own failure class (process_exit, protocol_error are not in the
        // seeds' list), the resolution time to the millisecond, when the episode ended.
        u"ALTER TABLE integration_failures ADD COLUMN server_instance TEXT"_s,
        u"ALTER TABLE integration_failures ADD COLUMN failure_class TEXT"_s,
        u"ALTER TABLE integration_failures ADD COLUMN resolution_time_ms BIGINT"_s,
        u"ALTER TABLE integration_failures ADD COLUMN ended_at TEXT"_s,
        u"CREATE INDEX failures_server_time ON integration_failures (server_instance, occurred_at)"_s,
        u"CREATE INDEX failures_time ON integration_failures (occurred_at)"_s,
        u"ALTER TABLE failover_configurations ADD COLUMN group_name TEXT"_s,
        u"ALTER TABLE failover_configurations ADD COLUMN fallback_servers TEXT"_s,
        u"ALTER TABLE failover_configurations ADD COLUMN restore_after_seconds INTEGER"_s,
        uR"(CREATE TABLE health_events (
    id {ID},
    occurred_at TEXT NOT NULL,
    server_instance TEXT,
    event TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    failure_type TEXT,
    detail TEXT,
    payload TEXT
))"_s,
        u"CREATE INDEX events_server_time ON health_events (server_instance, occurred_at)"_s,
        u"CREATE INDEX events_time ON health_events (occurred_at)"_s,
        uR"(CREATE TABLE alerts (
    id {ID},
    server_instance TEXT,
    rule TEXT NOT NULL,
    severity TEXT CHECK (severity IN ('info', 'warning', 'critical')),
    state TEXT CHECK (state IN ('firing', 'resolved')),
    message TEXT,
    details TEXT,
    fired_at TEXT NOT NULL,
    resolved_at TEXT,
    acknowledged_at TEXT
))"_s,
        u"CREATE INDEX alerts_time ON alerts (fired_at)"_s,
        u"CREATE TABLE lifeline_meta (key TEXT PRIMARY KEY, value TEXT)"_s,
    };
    for (const char *name : {"health_rollup_minute", "health_rollup_hour", "health_rollup_day"}) {
        const QString n = QString::fromLatin1(name);
        // The key serves one server's series; this index the windows over every server.
        s << rollupTable(n) << u"CREATE INDEX %1_time ON %1 (bucket_start)"_s.arg(n);
    }
    return s;
}

// Version 3: the alert's own id (the one /api/alerts and the headless events show), so a resolve
// or an acknowledgement updates the row the fire inserted, across restarts too.
QStringList version3()
{
    return {
        u"ALTER TABLE alerts ADD COLUMN alert_uid TEXT"_s,
        u"CREATE INDEX alerts_uid ON alerts (alert_uid)"_s,
        u"CREATE INDEX alerts_server_time ON alerts (server_instance, fired_at)"_s,
    };
}

// Version 4: checks that were real calls through the gateway (passive checks), told apart from
// probes without parsing `details`. Gateway calls per minute use the seeds' `throughput` metric
// type, which version 1 already allows.
QStringList version4()
{
    return {
        u"ALTER TABLE integration_health_metrics ADD COLUMN passive BOOLEAN"_s,
    };
}

// Version 5: the gateway's call counts in the hour and day rollups, so that they outlive the raw
// `throughput` rows (48 h by default) like the checks' figures do.
QStringList version5()
{
    QStringList s;
    for (const char *name : {"health_rollup_hour", "health_rollup_day"}) {
        s << u"ALTER TABLE %1 ADD COLUMN calls BIGINT NOT NULL DEFAULT 0"_s.arg(QLatin1StringView(name))
          << u"ALTER TABLE %1 ADD COLUMN call_errors BIGINT NOT NULL DEFAULT 0"_s.arg(
                 QLatin1StringView(name));
    }
    return s;
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(dialect(sql, HistorySchema::isPostgres(db))))
        return true;
    if (error)
        *error = u"%1: %2 (in: %3)"_s.arg(db.databaseName(), q.lastError().text(), sql.section(u'\n', 0, 0));
    return false;
}

bool tableExists(QSqlDatabase &db, const QString &name)
{
    return db.tables().contains(name);
}

} // namespace

bool HistorySchema::isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == "QPSQL"_L1;
}

int HistorySchema::version(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!isPostgres(db) && q.exec(u"PRAGMA user_version"_s) && q.next() && q.value(0).toInt() > 0)
        return q.value(0).toInt();
    if (isPostgres(db) && tableExists(db, u"lifeline_meta"_s)
        && q.exec(u"SELECT value FROM lifeline_meta WHERE key = 'schema_version'"_s) && q.next())
        return q.value(0).toInt();
    // A database made from the seeds' SQL by hand has their tables and no version: version 1.
    return tableExists(db, u"integration_health_metrics"_s) ? 1 : 0;
}

bool HistorySchema::setVersion(QSqlDatabase &db, int version, QString *error)
{
    if (!isPostgres(db))
        return exec(db, u"PRAGMA user_version = %1"_s.arg(version), error);
    if (version < 2)
        return true; // lifeline_meta arrives with version 2
    return exec(db,
        u"INSERT INTO lifeline_meta (key, value) VALUES ('schema_version', '%1') "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s.arg(version),
        error);
}

bool HistorySchema::migrate(QSqlDatabase &db, int from, int to, QString *error)
{
    // Each step in one transaction (both databases have transactional DDL): a crash or a full
    // disk in the middle leaves the previous version intact.
    for (int v = from + 1; v <= to; ++v) {
        if (!db.transaction()) {
            if (error)
                *error = u"%1: %2"_s.arg(db.databaseName(), db.lastError().text());
            return false;
        }
        QStringList steps;
        if (v == 1) {
            for (const char *t : kSeedTables)
                steps << QString::fromUtf8(t);
        } else if (v == 2) {
            steps = version2();
        } else if (v == 3) {
            steps = version3();
        } else if (v == 4) {
            steps = version4();
        } else if (v == 5) {
            steps = version5();
        }
        for (const QString &sql : std::as_const(steps)) {
            if (!exec(db, sql, error)) {
                db.rollback();
                if (error)
                    *error = u"migrating the history to version %1: %2"_s.arg(v).arg(*error);
                return false;
            }
        }
        if (v == 5 && !backfillCalls(db, error)) {
            db.rollback();
            if (error)
                *error = u"migrating the history to version 5: %1"_s.arg(*error);
            return false;
        }
        if (!setVersion(db, v, error) || !db.commit()) {
            db.rollback();
            return false;
        }
    }
    return true;
}

bool HistorySchema::rollUpCallHours(
    QSqlDatabase &db, const QString &from, const QString &until, QString *error)
{
    // Errors live in `details` (JSON): summed here rather than in SQL, which would need each
    // database's own JSON functions.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT server_instance, substr(measured_at, 1, 13), metric_value, details "
              "FROM integration_health_metrics WHERE metric_type = 'throughput' AND measured_at >= ? "
              "AND measured_at < ?"_s);
    q.addBindValue(from);
    q.addBindValue(until);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    QHash<QString, std::pair<qint64, qint64>> hours; // server + '\n' + hour → calls, errors
    while (q.next()) {
        auto &h = hours[q.value(0).toString() + u'\n' + q.value(1).toString()];
        h.first += qint64(q.value(2).toDouble());
        h.second += qint64(
            QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object().value("errors"_L1).toDouble());
    }
    QSqlQuery up(db);
    up.prepare(u"INSERT INTO health_rollup_hour (server_instance, bucket_start, calls, call_errors) "
               "VALUES (?, ?, ?, ?) ON CONFLICT (server_instance, bucket_start) DO UPDATE SET "
               "calls = excluded.calls, call_errors = excluded.call_errors"_s);
    for (auto it = hours.cbegin(); it != hours.cend(); ++it) {
        up.addBindValue(it.key().section(u'\n', 0, 0));
        up.addBindValue(it.key().section(u'\n', 1, 1) + u":00:00.000"_s);
        up.addBindValue(it->first);
        up.addBindValue(it->second);
        if (!up.exec()) {
            if (error)
                *error = up.lastError().text();
            return false;
        }
    }
    return true;
}

bool HistorySchema::backfillCalls(QSqlDatabase &db, QString *error)
{
    // The hours and days an older Lifeline already rolled up get the calls whose raw rows are
    // still there; later ones are rolled up with their calls when they close.
    const auto rolled = [&db](const char *key) {
        QSqlQuery q(db);
        q.prepare(u"SELECT value FROM lifeline_meta WHERE key = ?"_s);
        q.addBindValue(QString::fromLatin1(key));
        return q.exec() && q.next() ? q.value(0).toString() : QString();
    };
    const QString hours = rolled("hours_rolled_until"), days = rolled("days_rolled_until");
    if (hours.isEmpty())
        return true;
    if (!rollUpCallHours(db, historytime::beforeAnyRow(), hours, error))
        return false;
    if (days.isEmpty())
        return true;
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO health_rollup_day (server_instance, bucket_start, calls, call_errors) "
              "SELECT server_instance, substr(bucket_start, 1, 10) || ' 00:00:00.000', SUM(calls), "
              "SUM(call_errors) FROM health_rollup_hour WHERE bucket_start < ? AND calls > 0 "
              "GROUP BY server_instance, substr(bucket_start, 1, 10) "
              "ON CONFLICT (server_instance, bucket_start) DO UPDATE SET calls = excluded.calls, "
              "call_errors = excluded.call_errors"_s);
    q.addBindValue(days);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

bool HistorySchema::createAt(QSqlDatabase &db, int upTo, QString *error)
{
    return migrate(db, version(db), upTo, error);
}

bool HistorySchema::ensure(QSqlDatabase &db, QString *error)
{
    const int current = version(db);
    if (current > kVersion) {
        if (error)
            *error = u"%1 has history schema version %2, newer than this Lifeline knows (%3); "
                     "use a newer Lifeline or another --db"_s.arg(db.databaseName())
                         .arg(current)
                         .arg(kVersion);
        return false;
    }
    if (!isPostgres(db) && current == 0) {
        // Must precede the first table: lets retention give pages back (incremental_vacuum).
        exec(db, u"PRAGMA auto_vacuum = INCREMENTAL"_s, nullptr);
    }
    return migrate(db, current, kVersion, error);
}

} // namespace lifeline
