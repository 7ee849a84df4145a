#pragma once

#include "failure.h"
#include "healthstate.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace lifeline {

// Something that happened to a server (or a failover group). toJson() is the headless log line,
// the WebSocket message and the history's payload, so its keys and the kinds' names are a machine
// interface: extend, never rename. Inside the process the kind and the states are typed.
struct HealthEvent
{
    enum class Kind {
        State, // a health state transition: from, to, failure, detail
        Restart,
        Failover, // of a group: extra says group, from, to, reason
        Circuit, // the circuit breaker moved: extra's "to"
        ToolsChanged,
        Alert,
    };

    QDateTime ts; // UTC
    Kind kind = Kind::State;
    QString server;
    std::optional<HealthState> from; // state events; none → null (the first state of a server)
    HealthState to = HealthState::Starting; // state events
    bool byUser = false; // state events: the user's doing ("cause": "user"), so not downtime
    Failure failure; // type None → null
    QString detail;
    QJsonObject extra; // further keys for other kinds of event

    bool isState() const { return kind == Kind::State; }
    QJsonObject toJson() const;
    QByteArray toJsonLine() const; // compact JSON + "\n"
    static QString formatTimestamp(const QDateTime &utc); // 2026-11-21T10:00:00.123Z
    static QString kindName(Kind kind); // "state", "restart", "failover", "circuit", "tools_changed", "alert"
    static std::optional<Kind> kindFromName(const QString &name);
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::HealthEvent)
