#pragma once

#include <QDateTime>
#include <QString>

namespace lifeline {

// Timestamps in the history are UTC text SQLite's date functions read and that sort as text:
// "2026-11-21 10:00:00.123". Buckets start on whole minutes, hours and days.
namespace historytime {

QString format(const QDateTime &utc);
QString format(qint64 msSinceEpoch);
QDateTime parse(const QString &text); // invalid when unreadable

// A lower bound below every stored timestamp: "from the oldest row". A range that has not begun
// yet must start here, not at a null string: Qt binds that as NULL, and `x >= NULL` matches no
// row at all (on SQLite and PostgreSQL alike).
inline QString beforeAnyRow()
{
    return QStringLiteral("0000");
}

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
inline qint64 floorTo(qint64 ms, qint64 unit)
{
    return ms - ((ms % unit) + unit) % unit;
}

} // namespace historytime
} // namespace lifeline
