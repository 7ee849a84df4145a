#include "serversnapshot.h"

#include "health/healthevent.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace lifeline {

bool looksSecret(const QString &name)
{
    static const QRegularExpression re(
        u"(key|token|secret|password|passwd|auth|credential|bearer|cookie|session)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

QString maskSecrets(const QString &program, const QStringList &args)
{
    QStringList out {program};
    bool maskNext = false;
    for (const QString &a : args) {
        if (maskNext) {
            out.append(u"••••"_s);
            maskNext = false;
            continue;
        }
        const qsizetype eq = a.indexOf(u'=');
        if (eq > 0 && looksSecret(a.left(eq))) {
            out.append(a.left(eq + 1) + u"••••"_s);
            continue;
        }
        if (a.startsWith(u'-') && looksSecret(a))
            maskNext = true;
        else if (a.compare("bearer"_L1, Qt::CaseInsensitive) == 0)
            maskNext = true;
        out.append(a.contains(u' ') ? u'"' + a + u'"' : a);
    }
    return out.join(u' ');
}

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
    };
}

} // namespace lifeline
