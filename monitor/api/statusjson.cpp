#include "statusjson.h"

#include "statusdata.h"
#include "store/historystore.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QDeadlineTimer>
#include <QFile>
#include <QSemaphore>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(HealthEvent::formatTimestamp(t)) : QJsonValue(QJsonValue::Null);
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

// checks.database and database_status from what the history said of itself and the probe.
// `degrades`: whether it makes Lifeline degraded. The history is Lifeline's memory, not its
// monitoring: trouble there degrades, never more; a run without history is a choice, not trouble.
QJsonObject databaseCheck(
    const HistoryState &history, const DatabaseProbe &probe, QString *status, bool *degrades)
{
    QString check, message;
    *degrades = true;
    if (!history.open) {
        *status = u"disconnected"_s;
        check = u"warn"_s;
        message = history.problem.isEmpty() ? u"history is not saved"_s : history.problem;
        *degrades = false;
    } else if (!history.saving) {
        *status = u"disconnected"_s;
        check = u"fail"_s;
        message = history.problem;
    } else if (probe.asked && !probe.answered) {
        *status = u"degraded"_s;
        check = u"warn"_s;
        message = u"the history did not answer within %1 ms"_s.arg(probe.timeoutMs);
    } else if (probe.asked && !probe.error.isEmpty()) {
        *status = u"disconnected"_s;
        check = u"fail"_s;
        message = u"the history answered with an error: %1"_s.arg(probe.error.left(200));
    } else if (probe.latencyMs > 100) { // the ops guide: slow database response (>100ms)
        *status = u"degraded"_s;
        check = u"warn"_s;
        message = u"the history answers slowly"_s;
    } else {
        *status = u"connected"_s;
        check = u"pass"_s;
        message = u"history is being saved"_s;
        *degrades = false;
    }
    return QJsonObject {
        {"status"_L1, check}, {"latency_ms"_L1, numberOrNull(probe.latencyMs)}, {"message"_L1, message}};
}

} // namespace

DatabaseProbe StatusJson::probeHistory(HistoryStore *history, int timeoutMs)
{
    DatabaseProbe p;
    p.timeoutMs = timeoutMs;
    if (!history)
        return p;
    // One real query every 2 s at most: under a load of /health polls the answer stays a few µs
    // of work, and a hanging database costs one request in 2 s its 250 ms, not every request.
    static QMutex cacheLock;
    static HistoryStore *cachedFor = nullptr;
    static DatabaseProbe cached;
    static QDeadlineTimer fresh;
    {
        QMutexLocker lock(&cacheLock);
        if (cachedFor == history && !fresh.hasExpired() && cached.timeoutMs == timeoutMs)
            return cached;
    }
    p = probeHistoryNow(history, timeoutMs);
    QMutexLocker lock(&cacheLock);
    cachedFor = history;
    cached = p;
    fresh = QDeadlineTimer(2000);
    return p;
}

DatabaseProbe StatusJson::probeHistoryNow(HistoryStore *history, int timeoutMs)
{
    DatabaseProbe p;
    p.timeoutMs = timeoutMs;
    if (!history)
        return p;
    p.asked = true;
    struct Shared
    {
        QSemaphore done;
        QString error;
    };
    auto shared = std::make_shared<Shared>();
    QElapsedTimer t;
    t.start();
    (void)history->query([shared](HistoryQueries &q) {
        q.lastEvents(1);
        shared->error = q.lastError();
        shared->done.release();
        return 0;
    });
    if (!shared->done.tryAcquire(1, timeoutMs))
        return p; // the late answer is dropped with `shared`
    p.answered = true;
    p.latencyMs = double(t.nsecsElapsed()) / 1e6;
    p.error = shared->error;
    return p;
}

QString StatusJson::serverCheck(const StatusData &data, const ServerSnapshot &s)
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

QString StatusJson::ecosystemStatus(const StatusData &data)
{
    bool warn = false;
    for (const ServerSnapshot &s : data.snapshots()) {
        const QString c = serverCheck(data, s);
        if (c == "fail"_L1)
            return u"unhealthy"_s;
        warn = warn || c == "warn"_L1;
    }
    return warn ? u"degraded"_s : u"healthy"_s;
}

QJsonObject StatusJson::health(const StatusData &data, const DatabaseProbe &probe, const QDateTime &now)
{
    QString databaseStatus;
    bool databaseDegrades = false;
    QJsonObject checks {
        {"database"_L1, databaseCheck(data.historyState(), probe, &databaseStatus, &databaseDegrades)}};

    const double rssMb = double(residentBytes()) / (1024.0 * 1024.0);
    const double totalMb = double(totalMemoryBytes()) / (1024.0 * 1024.0);
    const double percentage = totalMb > 0 ? rssMb * 100.0 / totalMb : 0;
    const QString memoryStatus = percentage > 95 ? u"fail"_s : percentage > 80 ? u"warn"_s : u"pass"_s;
    checks.insert("memory"_L1,
        QJsonObject {{"status"_L1, memoryStatus}, {"usage_mb"_L1, qRound(rssMb * 10) / 10.0},
            {"limit_mb"_L1, qRound(totalMb)}, {"percentage"_L1, qRound(percentage * 10) / 10.0}});

    // The sessions to the monitored servers are Lifeline's "pool"; their own checks are in
    // ecosystem() (servers[].check): /health is Lifeline's own health, which a down integration
    // does not change (a supervisor restarting Lifeline would not bring it back).
    int total = 0, active = 0, idle = 0, waiting = 0;
    for (const ServerSnapshot &s : data.snapshots()) {
        ++total;
        if (isUp(s.state))
            ++active;
        else if (!counted(s.state))
            ++idle;
        else if (s.state == HealthState::Starting || s.state == HealthState::Recovering)
            ++waiting;
    }

    // Unhealthy only for Lifeline's own critical trouble; a slow or failing history degrades it:
    // it still monitors and recovers.
    QString status = u"healthy"_s;
    if (memoryStatus == "fail"_L1)
        status = u"unhealthy"_s;
    else if (memoryStatus == "warn"_L1 || databaseDegrades)
        status = u"degraded"_s;

    const int counting = total - idle;
    return QJsonObject {
        {"status"_L1, status},
        {"timestamp"_L1, HealthEvent::formatTimestamp(now)},
        {"database_status"_L1, databaseStatus},
        {"uptime_seconds"_L1, double(data.startedAt().msecsTo(now)) / 1000.0},
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
                {"ecosystem_status"_L1, ecosystemStatus(data)},
                {"started_at"_L1, HealthEvent::formatTimestamp(data.startedAt())}}},
    };
}

QJsonObject StatusJson::ecosystemEntry(const StatusData &data, const ServerSnapshot &s, const QDateTime &now)
{
    const bool up = isUp(s.state);
    QJsonObject o = s.toJson();
    o.insert("status"_L1, serverStatus(s.state));
    o.insert("check"_L1, serverCheck(data, s));
    o.insert(
        "uptime_seconds"_L1, up && s.stateSince.isValid() ? double(s.stateSince.msecsTo(now)) / 1000.0 : 0.0);
    // The last failure only while it matters: an up server has none.
    const bool failing = !up && s.lastFailure.isFailure();
    o.insert("error"_L1, failing ? QJsonValue(s.lastFailure.detail) : QJsonValue(QJsonValue::Null));
    o.insert("failure"_L1,
        failing ? QJsonValue(failureTypeName(s.lastFailure.type)) : QJsonValue(QJsonValue::Null));
    o.insert("restarts_total"_L1, double(data.counters(s.name).restarts));
    return o;
}

QJsonObject StatusJson::ecosystem(const StatusData &data, const QDateTime &now)
{
    QJsonObject byState;
    for (auto s : {HealthState::Starting, HealthState::Healthy, HealthState::Degraded, HealthState::Unhealthy,
             HealthState::Recovering, HealthState::Offline, HealthState::Disabled, HealthState::Failed})
        byState.insert(healthStateName(s), 0);
    QJsonArray servers;
    QJsonObject counts; // by status
    int up = 0, countedServers = 0;
    for (const ServerSnapshot &s : data.snapshots()) {
        const QJsonObject entry = ecosystemEntry(data, s, now);
        servers.append(entry);
        const QString status = entry.value("status"_L1).toString();
        counts.insert(status, counts.value(status).toInt() + 1);
        const QString state = healthStateName(s.state);
        byState.insert(state, byState.value(state).toInt() + 1);
        if (counted(s.state)) {
            ++countedServers;
            if (isUp(s.state))
                ++up;
        }
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
        {"timestamp"_L1, HealthEvent::formatTimestamp(now)},
        {"uptime_seconds"_L1, double(data.startedAt().msecsTo(now)) / 1000.0},
        {"servers_total"_L1, int(servers.size())},
        {"counts"_L1, counts},
        {"summary"_L1, summary},
        {"servers"_L1, servers},
        {"groups"_L1, groups},
        {"alerts"_L1, alerts},
        {"failovers_total"_L1, double(data.failoversTotal())},
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
