#include "serversnapshot.h"

#include "health/healthevent.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lifeline {

static QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(HealthEvent::formatTimestamp(t)) : QJsonValue(QJsonValue::Null);
}

QJsonObject ServerSnapshot::toJson() const
{
    return QJsonObject {
        {"name"_L1, name},
        {"transport"_L1, transportKindName(activeTransport)},
        {"target"_L1, target},
        {"state"_L1, healthStateName(state)},
        {"since"_L1, timeOrNull(stateSince)},
        {"last_check"_L1, timeOrNull(lastCheck)},
        {"latency_ms"_L1, lastLatencyMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(lastLatencyMs)},
        {"handshake_ms"_L1, handshakeMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(handshakeMs)},
        {"failure"_L1,
            lastFailure.isFailure() ? QJsonValue(failureTypeName(lastFailure.type))
                                    : QJsonValue(QJsonValue::Null)},
        {"error"_L1, lastFailure.isFailure() ? QJsonValue(lastFailure.detail) : QJsonValue(QJsonValue::Null)},
        {"last_failure_at"_L1, timeOrNull(lastFailureAt)},
        {"consecutive_failures"_L1, consecutiveFailures},
        {"error_rate"_L1, errorRate},
        {"checks_total"_L1, double(checksTotal)},
        {"failures_total"_L1, double(failuresTotal)},
        {"protocolVersion"_L1,
            protocolVersion.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(protocolVersion)},
        {"serverInfo"_L1, serverInfo.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(serverInfo)},
        {"tool_count"_L1, toolCount < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(toolCount)},
        {"pid"_L1, pid > 0 ? QJsonValue(double(pid)) : QJsonValue(QJsonValue::Null)},
        {"recovery_attempt"_L1, recoveryAttempt},
        {"next_attempt"_L1, timeOrNull(nextAttempt)},
        {"recovery_delay_ms"_L1,
            recoveryDelayMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(double(recoveryDelayMs))},
        {"restarts_total"_L1, double(restartsTotal)},
        {"circuit"_L1, CircuitBreaker::stateName(circuit)},
        {"failover_group"_L1, group.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(group)},
        {"active_member"_L1, groupActive.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(groupActive)},
        {"gateway"_L1,
            QJsonObject {{"callsPerSecond"_L1, callsPerSecond}, {"callErrors"_L1, double(callErrorsTotal)},
                {"callErrorsLastMinute"_L1, double(callErrorsInWindow)},
                {"callsTotal"_L1, double(callsTotal)}, {"toolErrors"_L1, double(toolErrorsTotal)},
                {"toolErrorsLastMinute"_L1, double(toolErrorsInWindow)}}},
    };
}

} // namespace lifeline
