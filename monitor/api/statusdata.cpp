#include "statusdata.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {
constexpr qsizetype kResolvedAlertsKept = 500;
}

StatusData::StatusData(QObject *parent)
    : QObject(parent)
    , m_startedAt(QDateTime::currentDateTimeUtc())
{ }

std::optional<ServerSnapshot> StatusData::snapshot(const QString &name) const
{
    const auto it = m_snapshots.constFind(name);
    return it == m_snapshots.cend() ? std::nullopt : std::optional(*it);
}

std::optional<FailoverGroupSnapshot> StatusData::group(const QString &name) const
{
    const auto it = m_groups.constFind(name);
    return it == m_groups.cend() ? std::nullopt : std::optional(*it);
}

QList<HealthEvent> StatusData::events(const QDateTime &since, const QString &server) const
{
    QList<HealthEvent> out;
    // Events arrive in time order: skip the older part from the back.
    auto first = m_events.cbegin();
    if (since.isValid()) {
        first = std::partition_point(
            m_events.cbegin(), m_events.cend(), [&](const HealthEvent &e) { return e.ts <= since; });
    }
    for (auto it = first; it != m_events.cend(); ++it) {
        if (server.isEmpty() || it->server == server)
            out.append(*it);
    }
    return out;
}

QList<Alert> StatusData::alerts(bool activeOnly) const
{
    QList<Alert> out;
    for (auto it = m_alerts.crbegin(); it != m_alerts.crend(); ++it) {
        if (!activeOnly || it->isActive())
            out.append(*it);
    }
    return out;
}

std::optional<Alert> StatusData::alert(const QString &id) const
{
    for (const Alert &a : m_alerts) {
        if (a.id == id)
            return a;
    }
    return std::nullopt;
}

void StatusData::updateSnapshot(const ServerSnapshot &snapshot)
{
    m_snapshots.insert(snapshot.name, snapshot);
    // The engine's own total survives our restarts of the status server, and counts manual ones.
    ServerCounters &c = m_counters[snapshot.name];
    c.restarts = std::max(c.restarts, snapshot.restartsTotal);
}

void StatusData::applyUpdates(const EngineUpdates &updates)
{
    for (const EngineUpdate &u : updates) {
        if (const auto *snapshot = std::get_if<ServerSnapshot>(&u))
            updateSnapshot(*snapshot);
        else
            addCheck(std::get<CheckResult>(u));
    }
}

void StatusData::removeServer(const QString &name)
{
    m_snapshots.remove(name);
}

void StatusData::addEvent(const HealthEvent &event)
{
    if (event.kind == HealthEvent::Kind::Failover)
        ++m_failovers;
    if (!m_events.empty() && event.ts < m_events.back().ts) {
        // Rare (two threads' clocks read a moment apart): keep the order the range lookup needs.
        m_events.insert(std::upper_bound(m_events.begin(), m_events.end(), event,
                            [](const HealthEvent &a, const HealthEvent &b) { return a.ts < b.ts; }),
            event);
    } else {
        m_events.push_back(event);
    }
    while (m_events.size() > size_t(kEventCapacity)) {
        m_events.pop_front();
        m_dropped = true;
    }
    Q_EMIT eventAdded(event);
}

void StatusData::addCheck(const CheckResult &result)
{
    ServerCounters &c = m_counters[result.server];
    ++c.checks;
    if (!result.ok)
        ++c.failuresByType[failureTypeName(result.failure.type)];
    if (result.passive)
        return; // a gateway call's time is not a probe's: the check-duration histogram stays the probes'
    const double seconds = double(result.durationUs) / 1e6;
    for (size_t i = 0; i < kCheckDurationBuckets.size(); ++i) {
        if (seconds <= kCheckDurationBuckets[i])
            ++c.durationBuckets[i];
    }
    ++c.durationCount;
    c.durationSumSeconds += seconds;
}

void StatusData::updateGroup(const FailoverGroupSnapshot &group)
{
    m_groups.insert(group.name, group);
}

void StatusData::updateAlert(const Alert &alert)
{
    for (Alert &a : m_alerts) {
        if (a.id == alert.id) {
            a = alert;
            return;
        }
    }
    m_alerts.append(alert);
    // Bounded: drop the oldest resolved alerts beyond the limit (active ones always stay).
    qsizetype resolved
        = std::count_if(m_alerts.cbegin(), m_alerts.cend(), [](const Alert &a) { return !a.isActive(); });
    for (auto it = m_alerts.begin(); resolved > kResolvedAlertsKept && it != m_alerts.end();) {
        if (!it->isActive()) {
            it = m_alerts.erase(it);
            --resolved;
        } else {
            ++it;
        }
    }
}

QMap<QString, GatewayCounters> StatusData::gatewayCounters() const
{
    return m_gateway ? m_gateway->counters() : QMap<QString, GatewayCounters> {};
}

} // namespace lifeline
