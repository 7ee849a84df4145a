#pragma once

#include <QJsonValue>
#include <QString>
#include <optional>

namespace lifeline {

// Durations in the config and on the command line: a number of milliseconds, or a string
// "250ms", "30s", "5m", "1h", "14d" (also "1.5s", "1m30s"). Negative, empty and overflowing values are
// refused.
std::optional<qint64> parseDuration(const QJsonValue &value, QString *error = nullptr);
std::optional<qint64> parseDuration(const QString &text, QString *error = nullptr);
QString formatDuration(qint64 ms); // "250ms", "30s", "5m", "1m30s"

} // namespace lifeline
