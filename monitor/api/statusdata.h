#pragma once

#include "alerts/alert.h"
#include "engine/engineupdate.h"
#include "engine/serversnapshot.h"
#include "gateway/gatewaymetrics.h"
#include "health/checkresult.h"
#include "health/healthevent.h"
#include "recovery/failovercoordinator.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>

#include <array>
#include <deque>
#include <memory>
#include <optional>

namespace lifeline {

// Check durations in seconds, Prometheus histogram upper bounds (+Inf implied).
inline constexpr std::array<double, 12> kCheckDurationBuckets {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

// Running totals of one server since Lifeline started (Prometheus counters never go down).
struct ServerCounters
{
    qint64 checks = 0;
    QMap<QString, qint64> failuresByType; // failure type name → count
    qint64 restarts = 0;
    std::array<qint64, kCheckDurationBuckets.size()> durationBuckets {}; // cumulative counts per bound
    qint64 durationCount = 0;
    double durationSumSeconds = 0;
};

// What the status server knows of the history database (pushed by StatusServer on changes).
struct HistoryState
{
    bool open = false; // a database is in use
    bool saving = true; // its last write worked
    QString problem; // why not, when not
};

// What the status server (HTTP, /metrics, WebSocket, /mcp) knows of the engine and the alerts:
// a copy kept current by queued signals of values, read on the status server's own thread, so
// no request ever waits for the engine. Lives on that thread; feed it through queued connections.
class StatusData final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusData)
public:
    static constexpr int kEventCapacity = 2000;

    explicit StatusData(QObject *parent = nullptr);

    QDateTime startedAt() const { return m_startedAt; } // UTC
    QList<ServerSnapshot> snapshots() const { return m_snapshots.values(); } // by name
    std::optional<ServerSnapshot> snapshot(const QString &name) const;
    QList<FailoverGroupSnapshot> groups() const { return m_groups.values(); }
    std::optional<FailoverGroupSnapshot> group(const QString &name) const;
    // Events (state, restart, failover, circuit, tools_changed, alert …) newer than `since`
    // (all when invalid), of one server when given; oldest first, the last kEventCapacity.
    QList<HealthEvent> events(const QDateTime &since = {}, const QString &server = {}) const;
    // Where the in-memory events begin: older ones (dropped, or from before this start) are
    // only in the history. startedAt() while nothing was dropped.
    QDateTime eventsCoverFrom() const { return m_dropped ? m_events.front().ts : m_startedAt; }
    QList<Alert> alerts(bool activeOnly = false) const; // newest first
    std::optional<Alert> alert(const QString &id) const;
    ServerCounters counters(const QString &server) const { return m_counters.value(server); }
    // The gateway's counters by server, read when asked (none before setGatewayMetrics()).
    QMap<QString, GatewayCounters> gatewayCounters() const;
    void setGatewayMetrics(std::shared_ptr<const GatewayMetrics> metrics) { m_gateway = std::move(metrics); }
    qint64 failoversTotal() const { return m_failovers; }
    HistoryState historyState() const { return m_historyState; }
    void setHistoryState(const HistoryState &state) { m_historyState = state; }

public Q_SLOTS:
    void updateSnapshot(const lifeline::ServerSnapshot &snapshot);
    void applyUpdates(const lifeline::EngineUpdates &updates); // updateSnapshot() and addCheck() in order
    void removeServer(const QString &name);
    void addEvent(const lifeline::HealthEvent &event);
    void addCheck(const lifeline::CheckResult &result);
    void updateGroup(const lifeline::FailoverGroupSnapshot &group);
    void updateAlert(const lifeline::Alert &alert);

Q_SIGNALS:
    void eventAdded(const lifeline::HealthEvent &event); // for the WebSocket push

private:
    QDateTime m_startedAt;
    QMap<QString, ServerSnapshot> m_snapshots;
    QMap<QString, FailoverGroupSnapshot> m_groups;
    std::deque<HealthEvent> m_events;
    QHash<QString, ServerCounters> m_counters;
    std::shared_ptr<const GatewayMetrics> m_gateway;
    QList<Alert> m_alerts; // active ones and the last resolved, oldest first
    qint64 m_failovers = 0;
    bool m_dropped = false; // the ring has dropped its oldest events
    HistoryState m_historyState;
};

} // namespace lifeline
