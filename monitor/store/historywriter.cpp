#include "historywriter.h"

#include "historyschema.h"
#include "historytime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

using namespace historytime;

// The seeds' failure_type vocabulary; Lifeline's finer class goes in failure_class.
QString seedFailureType(FailureType t)
{
    switch (t) {
    case FailureType::Timeout:
        return u"timeout"_s;
    case FailureType::Authentication:
        return u"authentication"_s;
    case FailureType::RateLimit:
        return u"rate_limit"_s;
    case FailureType::ConnectionError:
    case FailureType::ProcessExit:
        return u"connection_error"_s;
    case FailureType::ServerError:
    case FailureType::ProtocolError:
        return u"server_error"_s;
    case FailureType::None:
        break;
    }
    return {};
}

// The seeds' status vocabulary for a sample taken in `state`.
QString seedStatus(HealthState state, bool ok)
{
    switch (state) {
    case HealthState::Healthy:
        return u"healthy"_s;
    case HealthState::Degraded:
        return u"warning"_s;
    case HealthState::Unhealthy:
    case HealthState::Recovering:
    case HealthState::Failed:
        return u"critical"_s;
    case HealthState::Offline:
    case HealthState::Disabled:
        return u"offline"_s;
    case HealthState::Starting:
        break;
    }
    return ok ? u"healthy"_s : u"warning"_s; // not yet confirmed either way
}

double p95(QList<float> &v)
{
    if (v.isEmpty())
        return -1;
    const qsizetype k = qsizetype(std::ceil(0.95 * double(v.size()))) - 1;
    std::nth_element(v.begin(), v.begin() + k, v.end());
    return double(v.at(k));
}

// Latencies are kept to the microsecond: enough for any chart, and short in the file.
QVariant orNull(double v)
{
    return v < 0 ? QVariant(QMetaType::fromType<double>()) : QVariant(std::round(v * 1000.0) / 1000.0);
}

QString sqlError(const QSqlQuery &q)
{
    return q.lastError().text();
}

QString checkContext(const ServerConfig &c)
{
    QString out = c.settings.depth == ProbeDepth::Comprehensive
        ? u"comprehensive check: ping, tools/list, resources/list"_s
        : u"basic check: ping"_s;
    if (c.settings.probe)
        out += u", tools/call "_s + c.settings.probe->tool;
    return out;
}

} // namespace

HistoryWriter::HistoryWriter(QObject *parent)
    : QObject(parent)
    , m_flushTimer(new QTimer(this))
    , m_maintainTimer(new QTimer(this))
    , m_ledger([this](const QString &server, qint64 minuteStartMs, UptimeClass time, qint64 ms) {
        MinuteAcc &acc = minute(server, minuteStartMs);
        (time == UptimeClass::Up ? acc.upMs : acc.downMs) += ms;
        acc.dirty = true;
    })
{
    m_connection = u"lifeline-history-%1"_s.arg(quintptr(this), 0, 16);
    connect(m_flushTimer, &QTimer::timeout, this, &HistoryWriter::flush);
    connect(m_maintainTimer, &QTimer::timeout, this, &HistoryWriter::maintain);
}

HistoryWriter::~HistoryWriter()
{
    close();
}

qint64 HistoryWriter::now() const
{
    return m_now ? m_now() : QDateTime::currentMSecsSinceEpoch();
}

QSqlQuery *HistoryWriter::prepared(std::optional<QSqlQuery> &slot, const QString &sql, QString *error)
{
    // Kept for the connection's life: preparing (parsing the SQL, in Qt and in SQLite) cost more
    // than the rows of a flush.
    if (!slot) {
        QSqlQuery q(m_db);
        if (!q.prepare(sql)) {
            *error = sqlError(q);
            return nullptr;
        }
        slot.emplace(std::move(q));
    }
    return &*slot;
}

qint64 HistoryWriter::pendingRows() const
{
    return m_metrics.size() + m_events.size() + m_alerts.size();
}

bool HistoryWriter::open(const DatabaseTarget &target, const HistorySettings &settings, QString *error)
{
    m_settings = settings;
    m_db = target.open(m_connection, error);
    if (!m_db.isOpen())
        return false;
    m_postgres = target.isPostgres();
    if (!m_postgres) {
        QSqlQuery q(m_db);
        // WAL: readers (the CLI, queries) never block the writer; NORMAL: a commit survives a
        // crash of Lifeline (not necessarily of the machine), at a fraction of FULL's cost.
        if (!q.exec(u"PRAGMA journal_mode = WAL"_s) || !q.next() || q.value(0).toString() != "wal"_L1) {
            if (error)
                *error = u"%1: cannot switch to WAL journaling: %2"_s.arg(target.display(), sqlError(q));
            close();
            return false;
        }
        q.exec(u"PRAGMA synchronous = NORMAL"_s);
        // The seeds' CHECK (x IN (...)) lists cost SQLite two temporary b-trees per inserted sample
        // (built anew for every row: a third of the store thread's work). What this connection
        // writes comes from fixed vocabularies; other connections still have the checks.
        q.exec(u"PRAGMA ignore_check_constraints = ON"_s);
    }
    if (!HistorySchema::ensure(m_db, error)) {
        close();
        return false;
    }
    m_openedMs = now();
    m_flushTimer->start(m_settings.flushIntervalMs);
    m_maintainTimer->start(60 * 1000);
    maintain();
    return true;
}

void HistoryWriter::close()
{
    if (!m_db.isValid())
        return;
    if (m_db.isOpen()) {
        const QList<Alert> firing = m_firing.values();
        for (Alert a : firing) {
            a.state = AlertState::Resolved;
            a.resolvedAt = QDateTime::fromMSecsSinceEpoch(now(), Qt::UTC);
            a.details.insert("lifeline_stopped"_L1, true);
            recordAlert(a);
        }
        flush(); // time up to now included
    }
    m_flushTimer->stop();
    m_maintainTimer->stop();
    m_insertMetric.reset(); // statements go before their connection
    m_upsertMinute.reset();
    m_insertEvent.reset();
    m_db.close();
    m_db = {};
    QSqlDatabase::removeDatabase(m_connection);
}

bool HistoryWriter::setMaxPageCount(int pages)
{
    QSqlQuery q(m_db);
    return !m_postgres && q.exec(u"PRAGMA max_page_count = %1"_s.arg(pages));
}

QString HistoryWriter::serverType(const QString &server) const
{
    return m_serverTypes.value(server, u"stdio"_s);
}

void HistoryWriter::applyConfig(const Config &config)
{
    m_settings = config.history;
    m_flushTimer->setInterval(m_settings.flushIntervalMs);
    QSet<QString> names;
    for (const ServerConfig &s : config.servers) {
        names.insert(s.name);
        m_serverTypes.insert(s.name, transportKindName(s.transport));
        m_contexts.insert(s.name, checkContext(s));
        m_serverSettings.insert(s.name, s.settings);
    }
    // A server that left the config: its time ends now.
    const qint64 t = now();
    for (const QString &server : m_ledger.servers()) {
        if (!names.contains(server))
            m_ledger.forget(server, t);
    }
    if (m_groups != config.failover || !m_groupsWritten) {
        m_groupsWritten = true;
        m_groups = config.failover;
        m_groupsDirty = true;
    }
}

HistoryWriter::MinuteAcc &HistoryWriter::minute(const QString &server, qint64 minuteStartMs)
{
    const QString key = server + u'\n' + QString::number(minuteStartMs);
    auto it = m_minutes.find(key);
    if (it != m_minutes.end())
        return *it;
    MinuteAcc acc;
    if (minuteStartMs < m_openedMs && m_db.isOpen()) {
        // A minute an earlier run (or a crash) began: go on from its row rather than overwrite it.
        QSqlQuery q(m_db);
        q.prepare(
            u"SELECT checks, failures, latency_min, latency_avg, latency_max, latency_p95, up_ms, down_ms "
            "FROM health_rollup_minute WHERE bucket_start = ? AND server_instance = ?"_s);
        q.addBindValue(format(minuteStartMs));
        q.addBindValue(server);
        if (q.exec() && q.next()) {
            acc.checks = q.value(0).toLongLong();
            acc.failures = q.value(1).toLongLong();
            acc.latCount = acc.checks - acc.failures;
            if (!q.value(2).isNull()) {
                acc.latMin = q.value(2).toDouble();
                acc.latSum = q.value(3).toDouble() * double(acc.latCount);
                acc.latMax = q.value(4).toDouble();
                acc.seededP95 = q.value(5).isNull() ? -1 : q.value(5).toDouble();
            }
            acc.upMs = q.value(6).toLongLong();
            acc.downMs = q.value(7).toLongLong();
        }
    }
    return *m_minutes.insert(key, acc);
}

void HistoryWriter::recordCheck(const CheckResult &r)
{
    const qint64 t = r.startedAt.isValid() ? r.startedAt.toMSecsSinceEpoch() : now();
    MetricRow row;
    row.serverType = serverType(r.server);
    row.server = r.server;
    row.ok = r.ok;
    row.passive = r.passive;
    row.value = r.ok && r.latencyUs >= 0 ? QVariant(r.latencyMs()) : QVariant(QMetaType::fromType<double>());
    row.status = seedStatus(m_ledger.state(r.server), r.ok);
    row.at = format(t);
    if (!r.ok) {
        row.failureType = failureTypeName(r.failure.type);
        QJsonObject d {{"error"_L1, r.failure.detail}};
        if (r.passive) {
            d.insert("passive"_L1, true);
            d.insert("method"_L1, r.passiveMethod);
        }
        if (r.failure.httpStatus)
            d.insert("http_status"_L1, r.failure.httpStatus);
        if (r.failure.jsonRpcCode)
            d.insert("jsonrpc_code"_L1, r.failure.jsonRpcCode);
        if (r.failure.exitCode >= 0)
            d.insert("exit_code"_L1, r.failure.exitCode);
        row.details = QString::fromUtf8(QJsonDocument(d).toJson(QJsonDocument::Compact));
    } else if (r.toolCount >= 0) {
        row.details = QString::fromUtf8(
            QJsonDocument(QJsonObject {{"tool_count"_L1, r.toolCount}}).toJson(QJsonDocument::Compact));
    }
    if (m_metrics.size() >= kMaxPendingRows) {
        // The database has refused writes for a long while: keep the newest.
        m_metrics.removeFirst();
        ++m_dropped;
    }
    m_metrics.append(row);

    MinuteAcc &acc = minute(r.server, floorTo(t, kMinute));
    ++acc.checks;
    if (!r.ok) {
        ++acc.failures;
    } else if (r.latencyUs >= 0) {
        const double ms = r.latencyMs();
        acc.latMin = acc.latMin < 0 ? ms : qMin(acc.latMin, ms);
        acc.latMax = qMax(acc.latMax, ms);
        acc.latSum += ms;
        ++acc.latCount;
        acc.latencies.append(float(ms));
    }
    acc.dirty = true;
    if (pendingRows() >= m_settings.batchRows)
        flush();
}

void HistoryWriter::recordUpdates(const EngineUpdates &updates)
{
    for (const EngineUpdate &u : updates) {
        if (const auto *check = std::get_if<CheckResult>(&u))
            recordCheck(*check);
    }
}

void HistoryWriter::recordCallMinutes(const CallMinutes &minutes)
{
    for (const CallMinute &m : minutes) {
        MetricRow row;
        row.metricType = u"throughput"_s;
        row.serverType = serverType(m.server);
        row.server = m.server;
        row.value = double(m.calls);
        row.calls = m.calls;
        row.callErrors = m.errors;
        row.ok = m.errors == 0;
        row.status = m.errors == 0 ? u"healthy"_s : u"warning"_s;
        row.details = QString::fromUtf8(QJsonDocument(
            QJsonObject {{"calls"_L1, double(m.calls)}, {"errors"_L1, double(m.errors)},
                {"unit"_L1,
                    "calls/min"_L1}}).toJson(QJsonDocument::Compact));
        row.at = format(m.minuteStartMs);
        if (m_metrics.size() >= kMaxPendingRows) {
            m_metrics.removeFirst();
            ++m_dropped;
        }
        m_metrics.append(row);
    }
    if (pendingRows() >= m_settings.batchRows)
        flush();
}

void HistoryWriter::recordAlert(const Alert &alert)
{
    if (alert.id.isEmpty())
        return;
    const auto same
        = std::find_if(m_alerts.begin(), m_alerts.end(), [&](const Alert &a) { return a.id == alert.id; });
    if (same != m_alerts.end())
        *same = alert;
    else
        m_alerts.append(alert);
    if (alert.isActive())
        m_firing.insert(alert.id, alert);
    else
        m_firing.remove(alert.id);
    if (pendingRows() >= m_settings.batchRows)
        flush();
}

void HistoryWriter::recordEvent(const HealthEvent &e)
{
    const qint64 t = e.ts.isValid() ? e.ts.toMSecsSinceEpoch() : now();
    EventRow row;
    row.at = format(t);
    row.server = e.server;
    row.event = HealthEvent::kindName(e.kind);
    if (e.isState()) {
        row.from = e.from ? healthStateName(*e.from) : QString();
        row.to = healthStateName(e.to);
    }
    row.failureType = failureTypeName(e.failure.type);
    row.detail = e.detail;
    row.payload = QString::fromUtf8(QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact));
    m_events.append(row);

    m_ledger.record(e, t);
}

bool HistoryWriter::flush()
{
    if (!m_db.isOpen())
        return false;
    const qint64 t = now();
    m_ledger.advance(t);
    QString error;
    if (!writePending(&error)) {
        setSaving(false, error);
        return false;
    }
    setSaving(true, {});
    return true;
}

bool HistoryWriter::writePending(QString *error)
{
    const bool anyEpisode = m_ledger.hasChangedEpisodes();
    bool anyMinute = false;
    for (const MinuteAcc &m : std::as_const(m_minutes))
        anyMinute = anyMinute || m.dirty;
    if (m_metrics.isEmpty() && m_events.isEmpty() && m_alerts.isEmpty() && !anyEpisode && !anyMinute
        && !m_groupsDirty)
        return true;

    auto fail = [&](const QSqlQuery &q) {
        *error = u"history not saved (%1): %2"_s.arg(m_db.databaseName(), sqlError(q));
        m_db.rollback();
        return false;
    };
    if (!m_db.transaction()) {
        *error = u"history not saved (%1): %2"_s.arg(m_db.databaseName(), m_db.lastError().text());
        return false;
    }
    const auto notPrepared = [&](const QString &why) {
        *error = u"history not saved (%1): %2"_s.arg(m_db.databaseName(), why);
        m_db.rollback();
        return false;
    };
    if (!m_metrics.isEmpty()) {
        // Named placeholders: Qt binds a number by formatting ":<n>" first (a third of a flush).
        QSqlQuery *insert = prepared(m_insertMetric,
            u"INSERT INTO integration_health_metrics (server_type, server_instance, metric_type, "
            "metric_value, status, details, measured_at, ok, failure_type, passive) "
            "VALUES (:type, :server, :metric, :value, :status, :details, :at, :ok, :failure, :passive)"_s,
            error);
        if (!insert)
            return notPrepared(*error);
        for (const MetricRow &r : std::as_const(m_metrics)) {
            insert->bindValue(u":type"_s, r.serverType);
            insert->bindValue(u":server"_s, r.server);
            insert->bindValue(u":metric"_s, r.metricType);
            insert->bindValue(u":passive"_s, r.passive);
            insert->bindValue(u":value"_s, r.value);
            insert->bindValue(u":status"_s, r.status);
            insert->bindValue(u":details"_s,
                r.details.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(r.details));
            insert->bindValue(u":at"_s, r.at);
            insert->bindValue(u":ok"_s, r.ok);
            insert->bindValue(u":failure"_s,
                r.failureType.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(r.failureType));
            if (!insert->exec())
                return fail(*insert);
        }
    }
    if (!addLateCalls(error)) {
        m_db.rollback();
        return false;
    }
    if (!m_events.isEmpty()) {
        QSqlQuery *insert = prepared(m_insertEvent,
            u"INSERT INTO health_events (occurred_at, server_instance, event, from_state, to_state, "
            "failure_type, detail, payload) VALUES (:at, :server, :event, :from, :to, :failure, :detail, "
            ":payload)"_s,
            error);
        if (!insert)
            return notPrepared(*error);
        static const QString kNames[] = {u":at"_s, u":server"_s, u":event"_s, u":from"_s, u":to"_s,
            u":failure"_s, u":detail"_s, u":payload"_s};
        for (const EventRow &r : std::as_const(m_events)) {
            const QString fields[]
                = {r.at, r.server, r.event, r.from, r.to, r.failureType, r.detail, r.payload};
            for (int i = 0; i < 8; ++i)
                insert->bindValue(kNames[i],
                    fields[i].isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(fields[i]));
            if (!insert->exec())
                return fail(*insert);
        }
    }
    QSqlQuery q(m_db);
    for (const Alert &a : std::as_const(m_alerts)) {
        const auto orNullText = [](const QDateTime &t) {
            return t.isValid() ? QVariant(format(t)) : QVariant(QMetaType::fromType<QString>());
        };
        const QString details = QString::fromUtf8(QJsonDocument(a.details).toJson(QJsonDocument::Compact));
        q.prepare(u"UPDATE alerts SET severity = ?, state = ?, message = ?, details = ?, resolved_at = ?, "
                  "acknowledged_at = ? WHERE alert_uid = ?"_s);
        q.addBindValue(severityName(a.severity));
        q.addBindValue(alertStateName(a.state));
        q.addBindValue(a.message);
        q.addBindValue(details);
        q.addBindValue(orNullText(a.resolvedAt));
        q.addBindValue(orNullText(a.acknowledgedAt));
        q.addBindValue(a.id);
        if (!q.exec())
            return fail(q);
        if (q.numRowsAffected() > 0)
            continue;
        q.prepare(u"INSERT INTO alerts (alert_uid, server_instance, rule, severity, state, message, details, "
                  "fired_at, resolved_at, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        q.addBindValue(a.id);
        q.addBindValue(a.server.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(a.server));
        q.addBindValue(a.rule);
        q.addBindValue(severityName(a.severity));
        q.addBindValue(alertStateName(a.state));
        q.addBindValue(a.message);
        q.addBindValue(details);
        q.addBindValue(a.firedAt.isValid() ? format(a.firedAt) : format(now()));
        q.addBindValue(orNullText(a.resolvedAt));
        q.addBindValue(orNullText(a.acknowledgedAt));
        if (!q.exec())
            return fail(q);
    }
    // Episodes: inserted once, then updated as recovery goes on and when they end.
    using Episode = HealthLedger::Episode;
    QList<Episode *> episodes;
    for (Episode &e : m_ledger.openEpisodes())
        episodes.append(&e);
    for (Episode &e : m_ledger.endedEpisodes())
        episodes.append(&e);
    QHash<Episode *, qint64> newIds;
    for (Episode *e : std::as_const(episodes)) {
        if (!e->dirty)
            continue;
        const QVariant resolutionMs = e->resolved ? QVariant(e->endedMs - e->occurredMs) : QVariant();
        const QVariant resolutionS
            = e->resolved ? QVariant(qint64((e->endedMs - e->occurredMs + 500) / 1000)) : QVariant();
        const QVariant ended = e->ended ? QVariant(format(e->endedMs)) : QVariant();
        const QString action = e->recoveryAction();
        if (e->rowId < 0) {
            q.prepare(
                u"INSERT INTO integration_failures (server_type, failure_type, task_context, error_details, "
                "recovery_action, resolution_time_seconds, resolved, occurred_at, server_instance, "
                "failure_class, resolution_time_ms, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id"_s);
            const QString failureType = seedFailureType(e->failure.type);
            q.addBindValue(serverType(e->server));
            q.addBindValue(failureType.isEmpty() ? QVariant() : QVariant(failureType));
            q.addBindValue(e->failure.type == FailureType::ProcessExit ? u"server process"_s
                                                                       : m_contexts.value(e->server));
            q.addBindValue(e->failure.detail.isEmpty() ? e->detail : e->failure.detail);
            q.addBindValue(action.isEmpty() ? QVariant() : QVariant(action));
            q.addBindValue(resolutionS);
            q.addBindValue(e->resolved);
            q.addBindValue(format(e->occurredMs));
            q.addBindValue(e->server);
            q.addBindValue(failureTypeName(e->failure.type));
            q.addBindValue(resolutionMs);
            q.addBindValue(ended);
            if (!q.exec() || !q.next())
                return fail(q);
            newIds.insert(e, q.value(0).toLongLong());
            q.finish();
        } else {
            q.prepare(u"UPDATE integration_failures SET recovery_action = ?, resolution_time_seconds = ?, "
                      u"resolved = ?, "
                      "resolution_time_ms = ?, ended_at = ? WHERE id = ?"_s);
            q.addBindValue(action.isEmpty() ? QVariant() : QVariant(action));
            q.addBindValue(resolutionS);
            q.addBindValue(e->resolved);
            q.addBindValue(resolutionMs);
            q.addBindValue(ended);
            q.addBindValue(e->rowId);
            if (!q.exec())
                return fail(q);
        }
    }
    // Minute rollups: the whole minute so far, written over the row.
    QStringList written;
    if (anyMinute) {
        QSqlQuery *upsert = prepared(m_upsertMinute,
            u"INSERT INTO health_rollup_minute (server_instance, bucket_start, checks, failures, "
            u"latency_min, "
            "latency_avg, latency_max, latency_p95, up_ms, down_ms) VALUES (:server, :bucket, :checks, "
            ":failures, "
            ":min, :avg, :max, :p95, :up, :down) "
            "ON CONFLICT (server_instance, bucket_start) DO UPDATE SET checks = excluded.checks, "
            "failures = excluded.failures, latency_min = excluded.latency_min, latency_avg = "
            "excluded.latency_avg, "
            "latency_max = excluded.latency_max, latency_p95 = excluded.latency_p95, up_ms = excluded.up_ms, "
            "down_ms = excluded.down_ms"_s,
            error);
        if (!upsert)
            return notPrepared(*error);
        for (auto it = m_minutes.begin(); it != m_minutes.end(); ++it) {
            MinuteAcc &m = it.value();
            if (!m.dirty)
                continue;
            double p = p95(m.latencies);
            if (m.seededP95 >= 0)
                p = qMax(p, m.seededP95); // part of the minute's samples are gone from memory
            upsert->bindValue(u":server"_s, it.key().section(u'\n', 0, 0));
            upsert->bindValue(u":bucket"_s, format(it.key().section(u'\n', 1, 1).toLongLong()));
            upsert->bindValue(u":checks"_s, m.checks);
            upsert->bindValue(u":failures"_s, m.failures);
            upsert->bindValue(u":min"_s, orNull(m.latMin));
            upsert->bindValue(u":avg"_s, orNull(m.latCount > 0 ? m.latSum / double(m.latCount) : -1.0));
            upsert->bindValue(u":max"_s, orNull(m.latMax));
            upsert->bindValue(u":p95"_s, orNull(p));
            upsert->bindValue(u":up"_s, m.upMs);
            upsert->bindValue(u":down"_s, m.downMs);
            if (!upsert->exec())
                return fail(*upsert);
            written << it.key();
        }
    }
    if (!rollUpLateMinutes(written, error)) {
        *error = u"history not saved (%1): %2"_s.arg(m_db.databaseName(), *error);
        m_db.rollback();
        return false;
    }
    if (m_groupsDirty && !writeFailoverGroups(error)) {
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        *error = u"history not saved (%1): %2"_s.arg(m_db.databaseName(), m_db.lastError().text());
        m_db.rollback();
        return false;
    }
    // Committed: forget what is stored.
    m_written += m_metrics.size() + m_events.size() + m_alerts.size();
    m_metrics.clear();
    m_events.clear();
    m_alerts.clear();
    m_groupsDirty = false;
    for (auto it = newIds.cbegin(); it != newIds.cend(); ++it)
        it.key()->rowId = it.value();
    for (Episode &e : m_ledger.openEpisodes())
        e.dirty = false;
    m_ledger.endedEpisodes().clear();
    const qint64 current = floorTo(now(), kMinute);
    for (const QString &key : std::as_const(written)) {
        auto it = m_minutes.find(key);
        it->dirty = false;
        if (key.section(u'\n', 1, 1).toLongLong() < current - kMinute)
            m_minutes.erase(it); // over (a late check of the minute before may still come)
    }
    return true;
}

bool HistoryWriter::rollUpLateMinutes(const QStringList &minuteKeys, QString *error)
{
    // A minute of an hour that is already rolled up: a check that started before the hour closed
    // and ended after, or a minute an earlier run left. Its hour, and its day when that is rolled
    // up too, are made again from their rows (written over, not added to), so it counts there once.
    const qint64 currentHour = floorTo(now(), kHour);
    QSet<std::pair<QString, qint64>> hours; // server, hour start
    for (const QString &key : minuteKeys) {
        const qint64 minuteStart = key.section(u'\n', 1, 1).toLongLong();
        if (minuteStart < currentHour)
            hours.insert({key.section(u'\n', 0, 0), floorTo(minuteStart, kHour)});
    }
    if (hours.isEmpty())
        return true; // the usual case: no lifeline_meta read per flush
    const QDateTime hoursUntil = parse(meta(u"hours_rolled_until"_s));
    const QDateTime daysUntil = parse(meta(u"days_rolled_until"_s));
    QSet<std::pair<QString, qint64>> days;
    for (const auto &[server, hour] : std::as_const(hours)) {
        if (!hoursUntil.isValid() || hour >= hoursUntil.toMSecsSinceEpoch())
            continue; // rolled up with its minutes when it closes
        if (!rollUpHours(format(hour), format(hour + kHour), server, error))
            return false;
        const qint64 day = floorTo(hour, kDay);
        // A day is made from its hours: again only while retention keeps all of them.
        if (daysUntil.isValid() && day < daysUntil.toMSecsSinceEpoch()
            && (m_settings.hoursMs < 0 || day >= now() - m_settings.hoursMs))
            days.insert({server, day});
    }
    for (const auto &[server, day] : std::as_const(days)) {
        if (!rollUpDays(format(day), format(day + kDay), server, error))
            return false;
    }
    return true;
}

bool HistoryWriter::addLateCalls(QString *error)
{
    // A minute's calls arrive once it is over, so the last minutes of an hour can come after the
    // hour was rolled up (or Lifeline wrote them at its stop after a crash's restart): added to
    // the hour and day rows already made rather than lost from the long ranges.
    bool any = false;
    for (const MetricRow &r : std::as_const(m_metrics))
        any = any || r.calls > 0;
    if (!any)
        return true;
    const QString hours = meta(u"hours_rolled_until"_s), days = meta(u"days_rolled_until"_s);
    QSqlQuery q(m_db);
    for (const MetricRow &r : std::as_const(m_metrics)) {
        if (r.calls <= 0)
            continue;
        const std::pair<const QString &, QString> layers[]
            = {{hours, r.at.left(13) + u":00:00.000"_s}, {days, r.at.left(10) + u" 00:00:00.000"_s}};
        const QLatin1StringView tables[] = {"health_rollup_hour"_L1, "health_rollup_day"_L1};
        for (int i = 0; i < 2; ++i) {
            if (layers[i].first.isEmpty() || r.at >= layers[i].first)
                continue;
            q.prepare(
                u"INSERT INTO %1 (server_instance, bucket_start, calls, call_errors) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (server_instance, bucket_start) DO UPDATE SET calls = %1.calls + "
                "excluded.calls, call_errors = %1.call_errors + excluded.call_errors"_s.arg(tables[i]));
            q.addBindValue(r.server);
            q.addBindValue(layers[i].second);
            q.addBindValue(r.calls);
            q.addBindValue(r.callErrors);
            if (!q.exec()) {
                *error = u"history not saved (%1): %2"_s.arg(m_db.databaseName(), sqlError(q));
                return false;
            }
        }
    }
    return true;
}

bool HistoryWriter::writeFailoverGroups(QString *error)
{
    // failover_configurations mirrors the config's groups (the seeds' columns, plus the group).
    QSqlQuery q(m_db);
    if (!q.exec(u"DELETE FROM failover_configurations"_s)) {
        *error = sqlError(q);
        return false;
    }
    q.prepare(
        u"INSERT INTO failover_configurations (primary_server_type, fallback_strategy, fallback_server_type, "
        "auto_recovery_enabled, max_retry_attempts, retry_delay_seconds, health_check_interval_seconds, "
        "created_at, group_name, fallback_servers, restore_after_seconds) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const FailoverGroup &g : std::as_const(m_groups)) {
        QJsonArray fallbacks;
        for (const QString &f : g.fallbacks)
            fallbacks.append(f);
        q.addBindValue(g.primary);
        q.addBindValue(failoverStrategyName(g.strategy));
        q.addBindValue(g.fallbacks.value(0));
        q.addBindValue(g.automatic);
        const MonitorSettings s = m_serverSettings.value(g.primary);
        q.addBindValue(s.restart.maxAttempts);
        q.addBindValue(s.restart.backoffMs.value(0) / 1000);
        q.addBindValue(s.intervalMs / 1000);
        q.addBindValue(format(now()));
        q.addBindValue(g.name);
        q.addBindValue(QString::fromUtf8(QJsonDocument(fallbacks).toJson(QJsonDocument::Compact)));
        q.addBindValue(g.restoreAfterMs / 1000);
        if (!q.exec()) {
            *error = sqlError(q);
            return false;
        }
    }
    return true;
}

void HistoryWriter::setSaving(bool saving, const QString &why)
{
    if (saving == m_saving && why == m_lastError)
        return;
    const bool changed = saving != m_saving;
    m_saving = saving;
    m_lastError = why;
    if (changed)
        Q_EMIT savingChanged(saving, why);
}

QString HistoryWriter::meta(const QString &key) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT value FROM lifeline_meta WHERE key = ?"_s);
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool HistoryWriter::setMeta(const QString &key, const QString &value, QString *error)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO lifeline_meta (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    if (q.exec())
        return true;
    *error = sqlError(q);
    return false;
}

void HistoryWriter::maintain()
{
    if (!m_db.isOpen())
        return;
    QString error;
    if (!flush() || !closeHours(&error) || !closeDays(&error) || !prune(&error)) {
        if (!error.isEmpty())
            setSaving(false, u"history maintenance failed (%1): %2"_s.arg(m_db.databaseName(), error));
    }
}

bool HistoryWriter::closeHours(QString *error)
{
    // Hours before the current one, from where the last roll-up ended. Never rolled up (a new
    // database, or a first roll-up that did not commit: a full disk, a kill) means from the oldest
    // row, so that the first roll-up covers every hour that has rows.
    const qint64 end = floorTo(now(), kHour);
    const QString mark = meta(u"hours_rolled_until"_s);
    const QString from = mark.isEmpty() ? beforeAnyRow() : mark;
    const QString until = format(end);
    if (from >= until)
        return true;
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    if (!rollUpHours(from, until, {}, error) || !HistorySchema::rollUpCallHours(m_db, from, until, error)
        || !setMeta(u"hours_rolled_until"_s, until, error)) {
        m_db.rollback();
        return false;
    }
    return commit(error);
}

bool HistoryWriter::rollUpHours(
    const QString &from, const QString &until, const QString &server, QString *error)
{
    // The hours in [from, until) from their minutes (of one server, or of all when `server` is
    // empty), written over their rows (calls apart: see rollUpCallHours); p95 from the raw samples
    // (still there: samples are kept longer than an hour), else the largest minute p95.
    const QString oneServer = server.isEmpty() ? QString() : u" AND server_instance = ?"_s;
    QSqlQuery q(m_db);
    q.prepare(
        u"SELECT server_instance, substr(bucket_start, 1, 13), SUM(checks), SUM(failures), MIN(latency_min), "
        "SUM(latency_avg * (checks - failures)) / NULLIF(SUM(CASE WHEN latency_avg IS NULL THEN 0 ELSE "
        "checks - failures END), 0), "
        "MAX(latency_max), MAX(latency_p95), SUM(up_ms), SUM(down_ms) FROM health_rollup_minute "
        "WHERE bucket_start >= ? AND bucket_start < ?%1 GROUP BY server_instance, substr(bucket_start, 1, 13)"_s
            .arg(oneServer));
    q.addBindValue(from);
    q.addBindValue(until);
    if (!server.isEmpty())
        q.addBindValue(server);
    if (!q.exec()) {
        *error = sqlError(q);
        return false;
    }
    struct Row
    {
        QString server, hour;
        QVariantList values;
    };
    QList<Row> rows;
    while (q.next()) {
        Row r {q.value(0).toString(), q.value(1).toString() + u":00:00.000"_s, {}};
        for (int i = 2; i < 10; ++i)
            r.values << q.value(i);
        rows << r;
    }
    QHash<QString, QList<float>> raw; // server + hour → latencies
    q.prepare(
        u"SELECT server_instance, substr(measured_at, 1, 13), metric_value FROM integration_health_metrics "
        "WHERE measured_at >= ? AND measured_at < ? AND metric_type = 'response_time' AND metric_value IS NOT NULL%1"_s
            .arg(oneServer));
    q.addBindValue(from);
    q.addBindValue(until);
    if (!server.isEmpty())
        q.addBindValue(server);
    q.setForwardOnly(true);
    if (q.exec()) {
        while (q.next())
            raw[q.value(0).toString() + u'\n' + q.value(1).toString()].append(q.value(2).toFloat());
    }
    QSqlQuery up(m_db);
    up.prepare(u"INSERT INTO health_rollup_hour (server_instance, bucket_start, checks, failures, "
               u"latency_min, latency_avg, "
               "latency_max, latency_p95, up_ms, down_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (server_instance, bucket_start) DO UPDATE SET checks = excluded.checks, failures "
               "= excluded.failures, "
               "latency_min = excluded.latency_min, latency_avg = excluded.latency_avg, latency_max = "
               "excluded.latency_max, "
               "latency_p95 = excluded.latency_p95, up_ms = excluded.up_ms, down_ms = excluded.down_ms"_s);
    for (Row &r : rows) {
        QList<float> &lat = raw[r.server + u'\n' + r.hour.left(13)];
        if (!lat.isEmpty())
            r.values[5] = orNull(p95(lat));
        up.addBindValue(r.server);
        up.addBindValue(r.hour);
        for (const QVariant &v : std::as_const(r.values))
            up.addBindValue(v);
        if (!up.exec()) {
            *error = sqlError(up);
            return false;
        }
    }
    return true;
}

bool HistoryWriter::closeDays(QString *error)
{
    // Days whose hours are all rolled up, from where the last roll-up ended; never rolled up
    // (a new database, or a stop between the hours' commit and the days'), from the oldest hour.
    const QString hoursUntil = meta(u"hours_rolled_until"_s);
    const QDateTime h = parse(hoursUntil);
    if (!h.isValid())
        return true; // no hour is rolled up yet, so no day is complete
    const QString until = format(floorTo(h.toMSecsSinceEpoch(), kDay));
    const QString mark = meta(u"days_rolled_until"_s);
    const QString from = mark.isEmpty() ? beforeAnyRow() : mark;
    if (from >= until)
        return true;
    if (!m_db.transaction()) {
        *error = m_db.lastError().text();
        return false;
    }
    if (!rollUpDays(from, until, {}, error) || !setMeta(u"days_rolled_until"_s, until, error)) {
        m_db.rollback();
        return false;
    }
    return commit(error);
}

bool HistoryWriter::commit(QString *error)
{
    if (m_db.commit())
        return true;
    *error = m_db.lastError().text();
    m_db.rollback();
    return false;
}

bool HistoryWriter::rollUpDays(
    const QString &from, const QString &until, const QString &server, QString *error)
{
    // The days in [from, until) from their hours (of one server, or of all when `server` is empty),
    // written over their rows; p95 is the hours' p95
    // weighted by their checks (an approximation: the raw samples of a whole day are too many to
    // sort each midnight).
    QSqlQuery q(m_db);
    q.prepare(
        u"INSERT INTO health_rollup_day (server_instance, bucket_start, checks, failures, latency_min, "
        u"latency_avg, "
        "latency_max, latency_p95, up_ms, down_ms, calls, call_errors) "
        "SELECT server_instance, substr(bucket_start, 1, 10) || ' 00:00:00.000', SUM(checks), SUM(failures), "
        "MIN(latency_min), "
        "SUM(latency_avg * (checks - failures)) / NULLIF(SUM(CASE WHEN latency_avg IS NULL THEN 0 ELSE "
        "checks - failures END), 0), "
        "MAX(latency_max), "
        "SUM(latency_p95 * (checks - failures)) / NULLIF(SUM(CASE WHEN latency_p95 IS NULL THEN 0 ELSE "
        "checks - failures END), 0), "
        "SUM(up_ms), SUM(down_ms), SUM(calls), SUM(call_errors) FROM health_rollup_hour "
        "WHERE bucket_start >= ? AND bucket_start < ?%1 "
        "GROUP BY server_instance, substr(bucket_start, 1, 10) "
        "ON CONFLICT (server_instance, bucket_start) DO UPDATE SET checks = excluded.checks, failures = "
        "excluded.failures, "
        "latency_min = excluded.latency_min, latency_avg = excluded.latency_avg, latency_max = "
        "excluded.latency_max, "
        "latency_p95 = excluded.latency_p95, up_ms = excluded.up_ms, down_ms = excluded.down_ms, "
        "calls = excluded.calls, call_errors = excluded.call_errors"_s.arg(
            server.isEmpty() ? QString() : u" AND server_instance = ?"_s));
    q.addBindValue(from);
    q.addBindValue(until);
    if (!server.isEmpty())
        q.addBindValue(server);
    if (!q.exec()) {
        *error = sqlError(q);
        return false;
    }
    return true;
}

bool HistoryWriter::prune(QString *error)
{
    const qint64 t = now();
    const std::pair<const char *, qint64> layers[] = {
        {"DELETE FROM integration_health_metrics WHERE measured_at < ?", m_settings.samplesMs},
        {"DELETE FROM health_rollup_minute WHERE bucket_start < ?", m_settings.minutesMs},
        {"DELETE FROM health_rollup_hour WHERE bucket_start < ?", m_settings.hoursMs},
        {"DELETE FROM health_rollup_day WHERE bucket_start < ?", m_settings.daysMs},
        {"DELETE FROM health_events WHERE occurred_at < ?", m_settings.eventsMs},
    };
    QSqlQuery q(m_db);
    int deleted = 0;
    for (const auto &[sql, keepMs] : layers) {
        if (keepMs < 0)
            continue;
        q.prepare(QString::fromLatin1(sql));
        q.addBindValue(format(t - keepMs));
        if (!q.exec()) {
            *error = sqlError(q);
            return false;
        }
        deleted += q.numRowsAffected();
    }
    if (deleted > 0 && !m_postgres)
        q.exec(u"PRAGMA incremental_vacuum"_s); // give freed pages back to the file system
    return true;
}

} // namespace lifeline
