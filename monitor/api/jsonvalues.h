#pragma once

#include "health/healthevent.h"

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace lifeline {

// The status server's JSON writes "not known" as null, never as -1 or "".
inline QJsonValue numberOrNull(double v)
{
    return v < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
}

inline QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(HealthEvent::formatTimestamp(t)) : QJsonValue(QJsonValue::Null);
}

inline QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace lifeline
