#include "alert.h"

using namespace Qt::StringLiterals;

namespace lifeline {

QString alertStateName(AlertState state)
{
    return state == AlertState::Firing ? u"firing"_s : u"resolved"_s;
}

static QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(HealthEvent::formatTimestamp(t)) : QJsonValue(QJsonValue::Null);
}

QJsonObject Alert::toJson() const
{
    return QJsonObject {
        {"id"_L1, id},
        {"server"_L1, server.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(server)},
        {"rule"_L1, rule},
        {"severity"_L1, severityName(severity)},
        {"state"_L1, alertStateName(state)},
        {"message"_L1, message},
        {"details"_L1, details},
        {"fired_at"_L1, timeOrNull(firedAt)},
        {"resolved_at"_L1, timeOrNull(resolvedAt)},
        {"acknowledged_at"_L1, timeOrNull(acknowledgedAt)},
        {"silenced"_L1, silenced},
    };
}

HealthEvent Alert::toEvent() const
{
    HealthEvent e;
    e.ts = state == AlertState::Resolved && resolvedAt.isValid() ? resolvedAt : firedAt;
    e.event = u"alert"_s;
    e.server = server;
    e.extra = QJsonObject {
        {"rule"_L1, rule},
        {"severity"_L1, severityName(severity)},
        {"state"_L1, alertStateName(state)},
        {"message"_L1, message},
        {"id"_L1, id},
    };
    return e;
}

} // namespace lifeline
