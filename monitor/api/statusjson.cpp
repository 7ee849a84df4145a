#include "statusjson.h"

#include "statusdata.h"

#include <QFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(HealthEvent::formatTimestamp(t)) : QJsonValue(QJsonValue::Null);
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// Resident memory of this process and the machine's total, in bytes (0 when unknown).
qint64 residentBytes()
{
    QFile f(u"/proc/self/statm"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readLine().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : 0;
}

qint64 totalMemoryBytes()
{
    static const qint64 total = [] {
        QFile f(u"/proc/meminfo"_s);
        if (!f.open(QIODevice::ReadOnly))
            return qint64(0);
        const QByteArray first = f.readLine(); // "MemTotal:  24522380 kB"
        const QList<QByteArray> parts = first.simplified().split(' ');
        return parts.size() >= 2 ? parts[1].toLongLong() * 1024 : qint64(0);
    }();
    return total;
}

} // namespace

QJsonObject StatusJson::error(const QString &message)
{
    return QJsonObject {{"error"_L1, message}};
}

QString StatusJson::serverStatus(HealthState state)
{
    switch (state) {
    case HealthState::Healthy:
        return u"ok"_s;
    case HealthState::Degraded:
        return u"degraded"_s;
    case HealthState::Unhealthy:
    case HealthState::Failed:
        return u"down"_s;
    case HealthState::Recovering:
        return u"recovering"_s;
    case HealthState::Starting:
        return u"starting"_s;
    case HealthState::Offline:
        return u"stopped"_s;
    case HealthState::Disabled:
        return u"disabled"_s;
    }
    return u"down"_s;
}

QJsonObject StatusJson::health(const StatusData &data, const HistoryState &history)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject database;
    QString databaseStatus;
    if (!history.open) {
        databaseStatus = u"disconnected"_s;
        database = {{"status"_L1, "warn"_L1},
            {"message"_L1, history.problem.isEmpty() ? u"history is not saved"_s : history.problem}};
    } else if (!history.saving) {
        databaseStatus = u"disconnected"_s;
        database = {{"status"_L1, "fail"_L1}, {"message"_L1, history.problem}};
    } else {
        databaseStatus = u"connected"_s;
        database = {{"status"_L1, "pass"_L1}, {"message"_L1, "history is being saved"_L1}};
    }
    const double rssMb = double(residentBytes()) / (1024.0 * 1024.0);
    const double totalMb = double(totalMemoryBytes()) / (1024.0 * 1024.0);
    const double percentage = totalMb > 0 ? rssMb * 100.0 / totalMb : 0;
    const QString memoryStatus = percentage > 95 ? u"fail"_s : percentage > 80 ? u"warn"_s : u"pass"_s;
    const QJsonObject memory {{"status"_L1, memoryStatus}, {"usage_mb"_L1, qRound(rssMb * 10) / 10.0},
        {"limit_mb"_L1, qRound(totalMb)}, {"percentage"_L1, qRound(percentage * 10) / 10.0}};

    QString status = u"healthy"_s;
    if (memoryStatus == "fail"_L1)
        status = u"unhealthy"_s;
    else if (memoryStatus == "warn"_L1 || database.value("status"_L1).toString() == "fail"_L1)
        status = u"degraded"_s;

    return QJsonObject {
        {"status"_L1, status},
        {"timestamp"_L1, HealthEvent::formatTimestamp(now)},
        {"database_status"_L1, databaseStatus},
        {"uptime_seconds"_L1, double(data.startedAt().msecsTo(now)) / 1000.0},
        {"checks"_L1, QJsonObject {{"database"_L1, database}, {"memory"_L1, memory}}},
        {"metadata"_L1,
            QJsonObject {{"version"_L1, QStringLiteral(LIFELINE_VERSION)},
                {"servers"_L1, int(data.snapshots().size())},
                {"started_at"_L1, HealthEvent::formatTimestamp(data.startedAt())}}},
    };
}

QJsonObject StatusJson::ecosystemEntry(const ServerSnapshot &s, const QDateTime &now)
{
    const bool up = isUp(s.state);
    return QJsonObject {
        {"name"_L1, s.name},
        {"status"_L1, serverStatus(s.state)},
        {"state"_L1, healthStateName(s.state)},
        {"since"_L1, timeOrNull(s.stateSince)},
        {"uptime_seconds"_L1,
            up && s.stateSince.isValid() ? double(s.stateSince.msecsTo(now)) / 1000.0 : 0.0},
        {"last_check"_L1, timeOrNull(s.lastCheck)},
        {"latency_ms"_L1, s.lastLatencyMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(s.lastLatencyMs)},
        {"error"_L1,
            !up && s.lastFailure.isFailure() ? QJsonValue(s.lastFailure.detail)
                                             : QJsonValue(QJsonValue::Null)},
        {"failure"_L1,
            !up && s.lastFailure.isFailure() ? QJsonValue(failureTypeName(s.lastFailure.type))
                                             : QJsonValue(QJsonValue::Null)},
        {"transport"_L1, transportKindName(s.activeTransport)},
        {"failover_group"_L1, stringOrNull(s.group)},
        {"active_member"_L1, stringOrNull(s.groupActive)},
    };
}

QJsonObject StatusJson::ecosystem(const StatusData &data)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray servers;
    QJsonObject counts;
    int monitored = 0;
    int ok = 0;
    int down = 0;
    for (const ServerSnapshot &s : data.snapshots()) {
        const QJsonObject entry = ecosystemEntry(s, now);
        servers.append(entry);
        const QString status = entry.value("status"_L1).toString();
        counts.insert(status, counts.value(status).toInt() + 1);
        if (s.state == HealthState::Offline || s.state == HealthState::Disabled)
            continue; // stopped on purpose: neither up nor down
        ++monitored;
        if (status == "ok"_L1)
            ++ok;
        else if (status == "down"_L1)
            ++down;
    }
    QJsonArray groups;
    for (const FailoverGroupSnapshot &g : data.groups())
        groups.append(g.toJson());
    // healthy: every monitored server is ok; unhealthy: every one is down; else degraded.
    const QString overall = ok == monitored ? u"healthy"_s
        : (down == monitored)               ? u"unhealthy"_s
                                            : u"degraded"_s;
    return QJsonObject {
        {"status"_L1, overall},
        {"timestamp"_L1, HealthEvent::formatTimestamp(now)},
        {"servers_total"_L1, int(servers.size())},
        {"counts"_L1, counts},
        {"servers"_L1, servers},
        {"groups"_L1, groups},
    };
}

static QJsonObject serverJson(const ServerSnapshot &s)
{
    QJsonObject o = s.toJson();
    o.insert("status"_L1, StatusJson::serverStatus(s.state));
    return o;
}

QJsonObject StatusJson::servers(const StatusData &data)
{
    QJsonArray list;
    for (const ServerSnapshot &s : data.snapshots())
        list.append(serverJson(s));
    return QJsonObject {{"timestamp"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {"servers"_L1, list}};
}

QJsonObject StatusJson::serverDetails(const StatusData &data, const ServerSnapshot &s)
{
    constexpr qsizetype kRecentEvents = 50;
    QJsonObject o = serverJson(s);
    o.insert("capabilities"_L1,
        s.capabilities.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.capabilities));
    o.insert("next_check"_L1, timeOrNull(s.nextCheck));
    o.insert("stderr_tail"_L1, QJsonArray::fromStringList(s.stderrTail));
    o.insert("log_tail"_L1, QJsonArray::fromStringList(s.logTail));
    o.insert("latency_warning_ms"_L1, s.latencyWarningMs);
    o.insert("latency_critical_ms"_L1, s.latencyCriticalMs);
    const ServerCounters c = data.counters(s.name);
    QJsonObject failures;
    for (auto it = c.failuresByType.cbegin(); it != c.failuresByType.cend(); ++it)
        failures.insert(it.key(), double(it.value()));
    o.insert("counters"_L1,
        QJsonObject {{"checks"_L1, double(c.checks)}, {"failures"_L1, failures},
            {"restarts"_L1, double(c.restarts)},
            {"check_duration_avg_seconds"_L1,
                c.durationCount > 0 ? QJsonValue(c.durationSumSeconds / double(c.durationCount))
                                    : QJsonValue(QJsonValue::Null)}});
    const QList<HealthEvent> events = data.events({}, s.name);
    QJsonArray recent;
    for (qsizetype i = std::max<qsizetype>(0, events.size() - kRecentEvents); i < events.size(); ++i)
        recent.append(events[i].toJson());
    o.insert("events"_L1, recent);
    return o;
}

QJsonObject StatusJson::snapshotMessage(const StatusData &data)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray servers;
    for (const ServerSnapshot &s : data.snapshots())
        servers.append(serverJson(s));
    QJsonArray groups;
    for (const FailoverGroupSnapshot &g : data.groups())
        groups.append(g.toJson());
    QJsonArray alerts;
    for (const Alert &a : data.alerts(true))
        alerts.append(a.toJson());
    return QJsonObject {{"ts"_L1, HealthEvent::formatTimestamp(now)}, {"event"_L1, "snapshot"_L1},
        {"servers"_L1, servers}, {"groups"_L1, groups}, {"alerts"_L1, alerts}};
}

} // namespace lifeline
