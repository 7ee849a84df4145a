#pragma once

#include "config/serverconfig.h"
#include "health/failure.h"
#include "health/healthstate.h"
#include "recovery/circuitbreaker.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

namespace lifeline {

// Everything the UI, the status server and `check` show about one server, at one moment.
// A value type: it crosses threads.
struct ServerSnapshot
{
    QString name;
    TransportKind transport = TransportKind::Stdio; // as configured
    TransportKind activeTransport = TransportKind::Stdio; // what auto-detection chose
    QString target; // command line (secrets masked) or URL (no user info or query)
    HealthState state = HealthState::Starting;
    QDateTime stateSince; // UTC
    bool stateByUser = false; // the user stopped or disabled it: not downtime (uptimeClass())
    QDateTime lastCheck; // UTC, invalid before the first check
    double lastLatencyMs = -1;
    double handshakeMs = -1;
    Failure lastFailure; // the most recent failed check (kept after recovery)
    QDateTime lastFailureAt;
    int consecutiveFailures = 0;
    double errorRate = 0; // last HealthTracker::kWindow checks
    qint64 checksTotal = 0;
    qint64 failuresTotal = 0;
    QString protocolVersion;
    QJsonObject serverInfo;
    QJsonObject capabilities;
    int toolCount = -1;
    qint64 pid = 0;
    QStringList stderrTail; // the last lines, newest last
    QStringList logTail; // the MCP log (notifications/message), newest last
    QDateTime nextCheck; // UTC
    // Recovery: the attempt in progress (0 when none), when it runs and after what delay.
    int recoveryAttempt = 0;
    qint64 recoveryDelayMs = -1;
    QDateTime nextAttempt; // UTC; invalid when nothing is scheduled
    qint64 restartsTotal = 0;
    CircuitBreaker::State circuit = CircuitBreaker::State::Closed; // its name only in JSON
    QString group; // the failover group this server belongs to, if any
    QString groupActive; // that group's active member
    // Calls through the gateway (MonitorEngine's CallMeter): the last CallMeter::kWindowSeconds
    // and since Lifeline started. Errors are every outcome but ok, tool errors (a tools/call answered
    // with result.isError) among them; those are also counted apart.
    double callsPerSecond = 0;
    qint64 callErrorsInWindow = 0;
    qint64 callsTotal = 0;
    qint64 callErrorsTotal = 0;
    qint64 toolErrorsInWindow = 0;
    qint64 toolErrorsTotal = 0;
    // The configured latency thresholds (charts draw them).
    int latencyWarningMs = 1000;
    int latencyCriticalMs = 5000;

    QJsonObject toJson() const;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::ServerSnapshot)
