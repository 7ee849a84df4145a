#include "historyqueries.h"

#include "historytime.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

using namespace historytime;

// "server_instance IN (?, ?, …)" for a list of names; empty when the list is.
QString inClause(const QStringList &servers, const char *column = "server_instance")
{
    if (servers.isEmpty())
        return {};
    QStringList marks(servers.size(), u"?"_s);
    return u" AND %1 IN (%2)"_s.arg(QLatin1StringView(column), marks.join(u", "_s));
}

void bindAll(QSqlQuery &q, const QStringList &values)
{
    for (const QString &v : values)
        q.addBindValue(v);
}

qint64 ms(const QDateTime &t)
{
    return t.toMSecsSinceEpoch();
}

} // namespace

HistoryQueries::HistoryQueries(QSqlDatabase db, const HistorySettings &settings)
    : m_db(std::move(db))
    , m_settings(settings)
{ }

QList<UptimeRow> HistoryQueries::uptime(
    const QDateTime &from, const QDateTime &to, const QStringList &servers) const
{
    QHash<QString, UptimeRow> rows;
    auto add = [&](QSqlQuery &q) {
        while (q.next()) {
            UptimeRow &r = rows[q.value(0).toString()];
            r.server = q.value(0).toString();
            r.upMs += q.value(1).toLongLong();
            r.downMs += q.value(2).toLongLong();
            r.checks += q.value(3).toLongLong();
            r.failures += q.value(4).toLongLong();
        }
    };
    // Whole days that are rolled up come from the day table, whole hours around them from the
    // hour table, the edges from minutes: a 30-day window reads a few thousand rows.
    const qint64 h0 = floorTo(ms(from) + kHour - 1, kHour);
    const qint64 h1 = qMax(h0, qMin(floorTo(ms(to), kHour), rolledUntil(u"hours_rolled_until"_s)));
    const qint64 d0 = qMin(h1, floorTo(ms(from) + kDay - 1, kDay));
    const qint64 d1 = qMax(d0, qMin(floorTo(ms(to), kDay), qMin(h1, rolledUntil(u"days_rolled_until"_s))));
    // Sums of one rollup table over some [from, to) ranges.
    auto sum = [&](const QString &table, const QList<std::pair<qint64, qint64>> &ranges) {
        QStringList where;
        for (qsizetype i = 0; i < ranges.size(); ++i)
            where << u"(bucket_start >= ? AND bucket_start < ?)"_s;
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(
            u"SELECT server_instance, SUM(up_ms), SUM(down_ms), SUM(checks), SUM(failures) FROM %1 "
            "WHERE (%2)%3 GROUP BY server_instance"_s.arg(table, where.join(u" OR "_s), inClause(servers)));
        for (const auto &[a, b] : ranges) {
            q.addBindValue(format(a));
            q.addBindValue(format(b));
        }
        bindAll(q, servers);
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        add(q);
        return true;
    };
    // Empty ranges drop out; a table with no range left is not asked.
    auto ranges = [](std::initializer_list<std::pair<qint64, qint64>> all) {
        QList<std::pair<qint64, qint64>> out;
        for (const auto &r : all) {
            if (r.second > r.first)
                out.append(r);
        }
        return out;
    };
    const auto days = ranges({{d0, d1}});
    const auto hours = ranges({{h0, d0}, {d1, h1}});
    const auto minutes = ranges({{ms(from), h0}, {h1, ms(to)}});
    if ((!days.isEmpty() && !sum(u"health_rollup_day"_s, days))
        || (!hours.isEmpty() && !sum(u"health_rollup_hour"_s, hours))
        || (!minutes.isEmpty() && !sum(u"health_rollup_minute"_s, minutes)))
        return {};
    QList<UptimeRow> out = rows.values();
    std::sort(
        out.begin(), out.end(), [](const UptimeRow &a, const UptimeRow &b) { return a.server < b.server; });
    return out;
}

QList<Reliability> HistoryQueries::reliability(
    const QDateTime &from, const QDateTime &to, const QStringList &servers) const
{
    QHash<QString, Reliability> rows;
    for (const UptimeRow &u : uptime(from, to, servers)) {
        rows[u.server].server = u.server;
        rows[u.server].upMs = u.upMs;
    }
    QSqlQuery q(m_db);
    q.prepare(
        u"SELECT server_instance, COUNT(*), SUM(CASE WHEN resolved THEN 1 ELSE 0 END), "
        "AVG(CASE WHEN resolved THEN resolution_time_ms END) FROM integration_failures "
        "WHERE occurred_at >= ? AND occurred_at < ?%1 GROUP BY server_instance"_s.arg(inClause(servers)));
    q.addBindValue(format(from));
    q.addBindValue(format(to));
    bindAll(q, servers);
    if (!q.exec()) {
        m_error = q.lastError().text();
        return {};
    }
    while (q.next()) {
        Reliability &r = rows[q.value(0).toString()];
        r.server = q.value(0).toString();
        r.failures = q.value(1).toInt();
        r.resolved = q.value(2).toInt();
        r.mttrMs = q.value(3).isNull() ? -1.0 : q.value(3).toDouble();
    }
    QList<Reliability> out;
    for (Reliability r : std::as_const(rows)) {
        r.mtbfMs = r.failures > 0 ? double(r.upMs) / double(r.failures) : -1.0;
        out.append(r);
    }
    std::sort(out.begin(), out.end(),
        [](const Reliability &a, const Reliability &b) { return a.server < b.server; });
    return out;
}

QHash<QString, double> HistoryQueries::p95Latency(const QDateTime &from, const QDateTime &to) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT server_instance, SUM(latency_p95 * (checks - failures)) / "
        "NULLIF(SUM(CASE WHEN latency_p95 IS NULL THEN 0 ELSE checks - failures END), 0) "
        "FROM health_rollup_minute WHERE bucket_start >= ? AND bucket_start < ? GROUP BY server_instance"_s);
    q.addBindValue(format(from));
    q.addBindValue(format(to));
    QHash<QString, double> out;
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        if (!q.value(1).isNull())
            out.insert(q.value(0).toString(), q.value(1).toDouble());
    }
    return out;
}

QList<FailureCount> HistoryQueries::failuresByType(
    const QDateTime &from, const QDateTime &to, const QString &server) const
{
    const QStringList servers = server.isEmpty() ? QStringList() : QStringList {server};
    QSqlQuery q(m_db);
    q.prepare(
        u"SELECT failure_class, failure_type, COUNT(*) FROM integration_failures WHERE occurred_at >= ? "
        "AND occurred_at < ?%1 GROUP BY failure_class, failure_type ORDER BY COUNT(*) DESC, failure_class"_s
            .arg(inClause(servers)));
    q.addBindValue(format(from));
    q.addBindValue(format(to));
    bindAll(q, servers);
    QList<FailureCount> out;
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toInt()});
    return out;
}

QList<FailureRecord> HistoryQueries::failures(
    const QDateTime &from, const QDateTime &to, const QString &server, int limit) const
{
    const QStringList servers = server.isEmpty() ? QStringList() : QStringList {server};
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Rows from before Lifeline (the seeds' own) have whole seconds only; BIGINT before the
    // multiplication keeps PostgreSQL's INTEGER from overflowing on long outages.
    q.prepare(u"SELECT id, server_instance, server_type, failure_type, failure_class, task_context, "
              "error_details, recovery_action, resolved, "
              "COALESCE(resolution_time_ms, CAST(resolution_time_seconds AS BIGINT) * 1000), occurred_at, "
              "ended_at FROM integration_failures WHERE occurred_at >= ? AND occurred_at < ?%1 "
              "ORDER BY occurred_at DESC, id DESC LIMIT ?"_s.arg(inClause(servers)));
    q.addBindValue(format(from));
    q.addBindValue(format(to));
    bindAll(q, servers);
    q.addBindValue(qMax(0, limit));
    QList<FailureRecord> out;
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        FailureRecord r;
        r.id = q.value(0).toLongLong();
        r.server = q.value(1).toString();
        r.serverType = q.value(2).toString();
        r.failureType = q.value(3).toString();
        r.failureClass = q.value(4).toString();
        r.taskContext = q.value(5).toString();
        r.errorDetails = q.value(6).toString();
        r.recoveryAction = q.value(7).toString();
        r.resolved = q.value(8).toBool();
        r.resolutionMs = q.value(9).isNull() ? -1 : q.value(9).toLongLong();
        r.occurredAt = parse(q.value(10).toString());
        if (!q.value(11).isNull())
            r.endedAt = parse(q.value(11).toString());
        out.append(r);
    }
    return out;
}

QList<LatencyPoint> HistoryQueries::latencySeries(
    const QString &server, const QDateTime &from, const QDateTime &to, int maxPoints) const
{
    const qint64 f = ms(from), t = ms(to);
    if (t <= f || maxPoints < 1)
        return {};
    const qint64 width = qMax<qint64>(1, (t - f + maxPoints - 1) / maxPoints);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    struct Layer
    {
        const char *table; // nullptr: raw samples
        qint64 granularity;
        qint64 keepMs;
        const char *rolledKey; // lifeline_meta key: rows exist up to there (hours and days lag)
    };
    const Layer layers[] = {{nullptr, 0, m_settings.samplesMs, nullptr},
        {"health_rollup_minute", kMinute, m_settings.minutesMs, nullptr},
        {"health_rollup_hour", kHour, m_settings.hoursMs, "hours_rolled_until"},
        {"health_rollup_day", kDay, m_settings.daysMs, "days_rolled_until"}};
    // The coarsest layer still holding `from` whose grain fits a bucket: fewest rows to read.
    int chosen = -1;
    for (int i = 0; i < 4; ++i) {
        const bool holdsFrom = layers[i].keepMs < 0 || f >= now - layers[i].keepMs;
        if (holdsFrom && (chosen < 0 || layers[i].granularity <= width))
            chosen = i;
    }
    if (chosen < 0)
        chosen = 3;

    struct Bucket
    {
        qint64 checks = 0, failures = 0, okCount = 0, upMs = 0, downMs = 0;
        double min = -1, max = -1, sum = 0, p95 = -1;
        QList<float> values;
    };
    QList<Bucket> buckets(maxPoints);
    auto indexOf = [&](const QString &at) {
        const qint64 i = (ms(parse(at)) - f) / width;
        return i < 0 || i >= maxPoints ? -1 : int(i);
    };
    // Hours and days are rolled up when they are over: the time after the layer's last rolled
    // bucket comes from the next finer layer, down to minutes (always current).
    struct Segment
    {
        const Layer *layer;
        qint64 from, to;
    };
    QList<Segment> segments;
    qint64 cursor = f;
    for (int i = chosen; i >= 1; --i) {
        qint64 until = t;
        if (layers[i].rolledKey) {
            const qint64 rolled = rolledUntil(QString::fromLatin1(layers[i].rolledKey));
            until = rolled == kNeverRolled ? cursor : qMin(t, rolled);
        }
        if (until > cursor) {
            segments.append({&layers[i], cursor, until});
            cursor = until;
        }
        if (cursor >= t)
            break;
    }
    if (chosen == 0)
        segments.append({&layers[0], f, t});

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    for (const Segment &seg : std::as_const(segments)) {
        const Layer *layer = seg.layer;
        if (!layer->table) {
            q.prepare(u"SELECT measured_at, metric_value, ok FROM integration_health_metrics WHERE "
                      u"server_instance = ? "
                      "AND measured_at >= ? AND measured_at < ? AND metric_type = 'response_time'"_s);
        } else {
            q.prepare(u"SELECT bucket_start, latency_min, latency_avg, latency_max, latency_p95, checks, "
                      u"failures, up_ms, down_ms FROM %1 "
                      "WHERE server_instance = ? AND bucket_start >= ? AND bucket_start < ?"_s.arg(
                          QLatin1StringView(layer->table)));
        }
        q.addBindValue(server);
        q.addBindValue(format(layer->table ? floorTo(seg.from, layer->granularity) : seg.from));
        q.addBindValue(format(seg.to));
        if (!q.exec()) {
            m_error = q.lastError().text();
            return {};
        }
        while (q.next()) {
            const int i = indexOf(q.value(0).toString());
            if (i < 0)
                continue;
            Bucket &b = buckets[i];
            if (!layer->table) {
                ++b.checks;
                if (!q.value(2).toBool() || q.value(1).isNull()) {
                    b.failures += q.value(2).toBool() ? 0 : 1;
                    continue;
                }
                const double v = q.value(1).toDouble();
                b.min = b.min < 0 ? v : qMin(b.min, v);
                b.max = qMax(b.max, v);
                b.sum += v;
                ++b.okCount;
                b.values.append(float(v));
            } else {
                const qint64 checks = q.value(5).toLongLong(), failures = q.value(6).toLongLong();
                b.checks += checks;
                b.failures += failures;
                b.upMs += q.value(7).toLongLong();
                b.downMs += q.value(8).toLongLong();
                if (q.value(1).isNull())
                    continue;
                const double mn = q.value(1).toDouble(), mx = q.value(3).toDouble();
                b.min = b.min < 0 ? mn : qMin(b.min, mn);
                b.max = qMax(b.max, mx);
                b.sum += q.value(2).toDouble() * double(checks - failures);
                b.okCount += checks - failures;
                if (!q.value(4).isNull())
                    b.p95 = qMax(b.p95, q.value(4).toDouble()); // the worst part of the bucket
            }
        }
    }
    QList<LatencyPoint> out;
    for (int i = 0; i < maxPoints; ++i) {
        Bucket &b = buckets[i];
        if (b.checks == 0)
            continue;
        LatencyPoint p;
        p.start = QDateTime::fromMSecsSinceEpoch(f + qint64(i) * width, QTimeZone::utc());
        p.checks = b.checks;
        p.failures = b.failures;
        p.upMs = b.upMs;
        p.downMs = b.downMs;
        if (b.okCount > 0) {
            p.minMs = b.min;
            p.maxMs = b.max;
            p.avgMs = b.sum / double(b.okCount);
            if (!b.values.isEmpty()) {
                const qsizetype k = qsizetype(std::ceil(0.95 * double(b.values.size()))) - 1;
                std::nth_element(b.values.begin(), b.values.begin() + k, b.values.end());
                p.p95Ms = b.values.at(k);
            } else {
                p.p95Ms = b.p95;
            }
        }
        out.append(p);
    }
    return out;
}

qint64 HistoryQueries::rolledUntil(const QString &key) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT value FROM lifeline_meta WHERE key = ?"_s);
    q.addBindValue(key);
    const QDateTime t = q.exec() && q.next() ? parse(q.value(0).toString()) : QDateTime();
    return t.isValid() ? ms(t) : kNeverRolled;
}

static StoredEvent storedEvent(const QSqlQuery &q)
{
    StoredEvent e;
    e.id = q.value(0).toLongLong();
    e.at = parse(q.value(1).toString());
    e.server = q.value(2).toString();
    e.event = q.value(3).toString();
    e.payload = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
    return e;
}

QList<StoredEvent> HistoryQueries::lastEvents(int count, const QString &server) const
{
    QSqlQuery q(m_db);
    q.prepare(
        u"SELECT id, occurred_at, server_instance, event, payload FROM health_events%1 ORDER BY id DESC LIMIT ?"_s
            .arg(server.isEmpty() ? QString() : u" WHERE server_instance = ?"_s));
    if (!server.isEmpty())
        q.addBindValue(server);
    q.addBindValue(count);
    return readEvents(q);
}

QList<StoredEvent> HistoryQueries::readEvents(QSqlQuery &q) const
{
    QList<StoredEvent> out;
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(storedEvent(q));
    return out;
}

QList<StoredEvent> HistoryQueries::events(
    const QString &server, const QDateTime &from, const QDateTime &to) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT id, occurred_at, server_instance, event, payload FROM health_events WHERE "
              u"server_instance = ? "
              "AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, id"_s);
    q.addBindValue(server);
    q.addBindValue(format(from));
    q.addBindValue(format(to));
    return readEvents(q);
}

QList<Sample> HistoryQueries::samples(const QString &server, const QDateTime &from, const QDateTime &to) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT measured_at, server_type, ok, metric_value, status, failure_type, details, passive "
        "FROM integration_health_metrics WHERE server_instance = ? AND measured_at >= ? AND measured_at < ? "
        "AND metric_type = 'response_time' ORDER BY measured_at"_s);
    q.addBindValue(server);
    q.addBindValue(format(from));
    q.addBindValue(format(to));
    QList<Sample> out;
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Sample s;
        s.at = parse(q.value(0).toString());
        s.server = server;
        s.serverType = q.value(1).toString();
        s.ok = q.value(2).toBool();
        s.latencyMs = q.value(3).isNull() ? -1.0 : q.value(3).toDouble();
        s.status = q.value(4).toString();
        s.failureType = q.value(5).toString();
        s.details = q.value(6).toString();
        s.passive = q.value(7).toBool();
        out.append(s);
    }
    return out;
}

QList<ThroughputPoint> HistoryQueries::throughput(
    const QString &server, const QDateTime &from, const QDateTime &to, qint64 grainMs) const
{
    QList<ThroughputPoint> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QDateTime rawFrom = from;
    if (grainMs >= kHour) {
        // Whole hours from the hour rollup (kept far longer than the raw rows), the time after
        // the last rolled-up hour from the raw rows.
        const qint64 rolled = rolledUntil(u"hours_rolled_until"_s);
        if (rolled != kNeverRolled && rolled > ms(from)) {
            const qint64 until = qMin(rolled, ms(to));
            q.prepare(u"SELECT bucket_start, calls, call_errors FROM health_rollup_hour "
                      "WHERE server_instance = ? AND bucket_start >= ? AND bucket_start < ? AND calls > 0 "
                      "ORDER BY bucket_start"_s);
            q.addBindValue(server);
            q.addBindValue(format(floorTo(ms(from), kHour)));
            q.addBindValue(format(until));
            if (!q.exec()) {
                m_error = q.lastError().text();
                return out;
            }
            while (q.next()) {
                ThroughputPoint p;
                p.minute = parse(q.value(0).toString());
                p.calls = q.value(1).toLongLong();
                p.errors = q.value(2).toLongLong();
                out.append(p);
            }
            rawFrom = QDateTime::fromMSecsSinceEpoch(qMax(until, ms(from)), Qt::UTC);
        }
    }
    if (rawFrom >= to)
        return out;
    q.prepare(u"SELECT measured_at, metric_value, details FROM integration_health_metrics "
              "WHERE server_instance = ? AND measured_at >= ? AND measured_at < ? "
              "AND metric_type = 'throughput' ORDER BY measured_at"_s);
    q.addBindValue(server);
    q.addBindValue(format(rawFrom));
    q.addBindValue(format(to));
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        ThroughputPoint p;
        p.minute = parse(q.value(0).toString());
        p.calls = qint64(q.value(1).toDouble());
        p.errors = qint64(
            QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object().value("errors"_L1).toDouble());
        // Lifeline stopped and started within a minute: that minute has two rows, one point.
        if (!out.isEmpty() && out.last().minute == p.minute) {
            out.last().calls += p.calls;
            out.last().errors += p.errors;
            continue;
        }
        out.append(p);
    }
    return out;
}

QList<Alert> HistoryQueries::alerts(
    const QDateTime &from, const QDateTime &to, const QString &server, int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, alert_uid, server_instance, rule, severity, state, message, details, fired_at, "
              "resolved_at, acknowledged_at FROM alerts WHERE fired_at < ? AND (resolved_at IS NULL OR "
              "resolved_at >= ?)"_s
        + (server.isEmpty() ? QString() : u" AND server_instance = ?"_s)
        + u" ORDER BY fired_at DESC, id DESC LIMIT ?"_s);
    q.addBindValue(format(to));
    q.addBindValue(format(from));
    if (!server.isEmpty())
        q.addBindValue(server);
    q.addBindValue(qMax(0, limit));
    QList<Alert> out;
    if (!q.exec()) {
        m_error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Alert a;
        a.id = q.value(1).isNull() ? q.value(0).toString() : q.value(1).toString();
        a.server = q.value(2).toString();
        a.rule = q.value(3).toString();
        a.severity = severityFromName(q.value(4).toString()).value_or(AlertSeverity::Warning);
        a.state = q.value(5).toString() == u"resolved" ? AlertState::Resolved : AlertState::Firing;
        a.message = q.value(6).toString();
        a.details = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
        a.firedAt = parse(q.value(8).toString());
        a.resolvedAt = q.value(9).isNull() ? QDateTime() : parse(q.value(9).toString());
        a.acknowledgedAt = q.value(10).isNull() ? QDateTime() : parse(q.value(10).toString());
        out.append(a);
    }
    return out;
}

QStringList HistoryQueries::servers() const
{
    QSqlQuery q(m_db);
    QStringList out;
    if (q.exec(u"SELECT DISTINCT server_instance FROM health_rollup_minute UNION "
               "SELECT DISTINCT server_instance FROM integration_health_metrics ORDER BY 1"_s)) {
        while (q.next())
            if (!q.value(0).isNull())
                out << q.value(0).toString();
    }
    return out;
}

} // namespace lifeline
