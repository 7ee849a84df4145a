#include "mcphealthresources.h"

#include "statusdata.h"

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

QJsonValue numberOrNull(double v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
}

bool counted(HealthState s)
{
    return s != HealthState::Offline && s != HealthState::Disabled;
}

// A down server whose group serves from another member that is up: the integration still works.
bool coveredByFailover(const StatusData &data, const ServerSnapshot &s)
{
    if (s.group.isEmpty())
        return false;
    const auto group = data.group(s.group);
    const QString active = group ? group->active : s.groupActive;
    if (active.isEmpty() || active == s.name)
        return false;
    const auto member = data.snapshot(active);
    return member && isUp(member->state);
}

QString serverMessage(const StatusData &data, const ServerSnapshot &s)
{
    const QString state = healthStateName(s.state);
    QString msg;
    switch (s.state) {
    case HealthState::Healthy:
        msg = s.lastLatencyMs >= 0 ? u"healthy, answered in %1 ms"_s.arg(s.lastLatencyMs, 0, 'f', 1)
                                   : u"healthy"_s;
        break;
    case HealthState::Degraded:
        msg = u"degraded: latency %1 ms (warning at %2 ms), error rate %3 %"_s.arg(s.lastLatencyMs, 0, 'f', 1)
                  .arg(s.latencyWarningMs)
                  .arg(s.errorRate * 100.0, 0, 'f', 1);
        break;
    case HealthState::Offline:
    case HealthState::Disabled:
        msg = u"%1 by the user: not monitored"_s.arg(state);
        break;
    default:
        msg = state;
        if (s.lastFailure.isFailure())
            msg += u": %1 (%2)"_s.arg(failureTypeName(s.lastFailure.type), s.lastFailure.detail.left(200));
        if (coveredByFailover(data, s))
            msg += u"; failover group %1 serves from %2"_s.arg(s.group, s.groupActive);
        break;
    }
    return msg;
}

} // namespace

QString serverCheckStatus(const StatusData &data, const ServerSnapshot &s)
{
    switch (s.state) {
    case HealthState::Healthy:
        return u"pass"_s;
    case HealthState::Degraded:
    case HealthState::Starting:
        return u"warn"_s;
    case HealthState::Offline:
    case HealthState::Disabled:
        return u"skip"_s;
    case HealthState::Unhealthy:
    case HealthState::Recovering:
    case HealthState::Failed:
        return coveredByFailover(data, s) ? u"warn"_s : u"fail"_s;
    }
    return u"fail"_s;
}

QString ecosystemStatus(const StatusData &data)
{
    bool warn = false;
    for (const ServerSnapshot &s : data.snapshots()) {
        const QString c = serverCheckStatus(data, s);
        if (c == "fail"_L1)
            return u"unhealthy"_s;
        warn = warn || c == "warn"_L1;
    }
    return warn ? u"degraded"_s : u"healthy"_s;
}

QJsonObject healthStatusJson(const StatusData &data, const DatabaseProbe &database, const QDateTime &nowUtc)
{
    int total = 0, active = 0, idle = 0, waiting = 0;
    QJsonObject checks;
    const QList<ServerSnapshot> snapshots = data.snapshots();
    for (const ServerSnapshot &s : snapshots) {
        ++total;
        if (isUp(s.state))
            ++active;
        else if (!counted(s.state))
            ++idle;
        else if (s.state == HealthState::Starting || s.state == HealthState::Recovering)
            ++waiting;
        // "server:" keeps a server called "database" from hiding the history's own check.
        checks.insert(u"server:"_s + s.name,
            QJsonObject {{"status"_L1, serverCheckStatus(data, s)}, {"state"_L1, healthStateName(s.state)},
                {"latency_ms"_L1, numberOrNull(s.lastLatencyMs)}, {"message"_L1, serverMessage(data, s)}});
    }
    checks.insert(u"database"_s,
        QJsonObject {{"status"_L1,
                         database.status == "connected"_L1      ? u"pass"_s
                             : database.status == "degraded"_L1 ? u"warn"_s
                                                                : u"fail"_s},
            {"latency_ms"_L1, numberOrNull(database.latencyMs)}, {"message"_L1, database.message}});

    QString status = ecosystemStatus(data);
    // The history is Lifeline's memory, not the integrations: trouble there degrades, never more.
    if (status == "healthy"_L1 && database.status == "degraded"_L1)
        status = u"degraded"_s;

    const int counting = total - idle;
    return QJsonObject {
        {"status"_L1, status},
        {"timestamp"_L1, HealthEvent::formatTimestamp(nowUtc)},
        {"database_status"_L1, database.status},
        {"uptime_seconds"_L1, double(data.startedAt().msecsTo(nowUtc)) / 1000.0},
        // Lifeline's "pool" is its sessions to the monitored servers: active = up, idle = stopped
        // or disabled by the user, waiting = starting or being recovered.
        {"connection_pool"_L1,
            QJsonObject {{"total_connections"_L1, total}, {"active_connections"_L1, active},
                {"idle_connections"_L1, idle}, {"waiting_requests"_L1, waiting},
                {"pool_utilization"_L1, counting > 0 ? double(active) / double(counting) : 0.0}}},
        {"checks"_L1, checks},
        {"metadata"_L1,
            QJsonObject {{"service"_L1, "mcp-lifeline"_L1}, {"version"_L1, QStringLiteral(LIFELINE_VERSION)},
                {"environment"_L1, "local"_L1}, {"servers"_L1, total},
                {"failover_groups"_L1, int(data.groups().size())},
                {"active_alerts"_L1, int(data.alerts(true).size())},
                {"started_at"_L1, HealthEvent::formatTimestamp(data.startedAt())}}},
    };
}

QJsonObject ecosystemJson(const StatusData &data, const QDateTime &nowUtc)
{
    QJsonObject byState;
    for (auto s : {HealthState::Starting, HealthState::Healthy, HealthState::Degraded, HealthState::Unhealthy,
             HealthState::Recovering, HealthState::Offline, HealthState::Disabled, HealthState::Failed})
        byState.insert(healthStateName(s), 0);
    QJsonArray servers;
    int up = 0, countedServers = 0;
    for (const ServerSnapshot &s : data.snapshots()) {
        const QString state = healthStateName(s.state);
        byState.insert(state, byState.value(state).toInt() + 1);
        if (counted(s.state)) {
            ++countedServers;
            if (isUp(s.state))
                ++up;
        }
        QJsonObject o = s.toJson();
        o.insert("check"_L1, serverCheckStatus(data, s));
        o.insert("restarts_total"_L1, double(data.counters(s.name).restarts));
        servers.append(o);
    }
    QJsonArray groups;
    for (const FailoverGroupSnapshot &g : data.groups())
        groups.append(g.toJson());
    QJsonArray alerts;
    for (const Alert &a : data.alerts(true))
        alerts.append(a.toJson());
    QJsonObject summary = byState;
    summary.insert("total"_L1, int(servers.size()));
    summary.insert("up"_L1, up);
    summary.insert("availability"_L1, countedServers > 0 ? double(up) / double(countedServers) : 1.0);
    return QJsonObject {
        {"status"_L1, ecosystemStatus(data)},
        {"timestamp"_L1, HealthEvent::formatTimestamp(nowUtc)},
        {"uptime_seconds"_L1, double(data.startedAt().msecsTo(nowUtc)) / 1000.0},
        {"summary"_L1, summary},
        {"servers"_L1, servers},
        {"failover_groups"_L1, groups},
        {"alerts"_L1, alerts},
        {"failovers_total"_L1, double(data.failoversTotal())},
    };
}

QJsonArray healthResourceList()
{
    return QJsonArray {
        QJsonObject {{"uri"_L1, QLatin1StringView(kHealthStatusUri)}, {"name"_L1, "health-status"_L1},
            {"title"_L1, "Lifeline health status"_L1},
            {"description"_L1,
                "Lifeline's HealthCheckResponse: overall status (healthy, degraded, unhealthy), history "
                "database status, uptime, sessions to the monitored servers and one check per server."_L1},
            {"mimeType"_L1, "application/json"_L1}},
        QJsonObject {{"uri"_L1, QLatin1StringView(kHealthEcosystemUri)}, {"name"_L1, "health-ecosystem"_L1},
            {"title"_L1, "MCP ecosystem health"_L1},
            {"description"_L1,
                "Every monitored MCP server with its state, latency, error rate and recovery, the failover "
                "groups with their active member, and the active alerts."_L1},
            {"mimeType"_L1, "application/json"_L1}},
    };
}

} // namespace lifeline
