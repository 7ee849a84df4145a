#pragma once

#include <QDateTime>
#include <QString>

namespace lifeline {

// How the event and failure tables write times and durations, so both read the same.
namespace logtext {

// Local time with seconds; the date is added when it is not `today` (local). Invalid: a dash.
QString timeText(const QDateTime &utc, const QDate &today = QDate::currentDate());
// The whole timestamp in UTC with milliseconds, for tooltips: 2026-03-10 10:00:00.123 UTC.
QString exactTimeText(const QDateTime &utc);
// 850 ms, 1.4 s, 12 s, 2 min 5 s, 3 h 10 min, 2 d 4 h: two units at most, the locale's decimals.
QString durationText(qint64 ms);
// The glyph of a cell with nothing known.
QString unknownText();

} // namespace logtext
} // namespace lifeline
