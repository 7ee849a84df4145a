#pragma once

#include "failure.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace lifeline {

// Something that happened to a server: a state transition now; restarts, failovers and alerts
// arrive with later issues in the same shape. toJson() is the headless log line and the
// WebSocket message, so its keys are a machine interface: extend, never rename.
struct HealthEvent
{
    QDateTime ts; // UTC
    QString event; // "state"
    QString server;
    QString from; // empty → null (the first state of a server)
    QString to;
    Failure failure; // type None → null
    QString detail;
    QJsonObject extra; // further keys for other kinds of event

    QJsonObject toJson() const;
    QByteArray toJsonLine() const; // compact JSON + "\n"
    static QString formatTimestamp(const QDateTime &utc); // 2026-11-21T10:00:00.123Z
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::HealthEvent)
