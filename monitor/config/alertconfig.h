#pragma once

#include "alertseverity.h"

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace lifeline {

// The nine rule names (`rule` in the config, in the alerts table and in the JSON events).
namespace AlertRuleName {
inline constexpr QStringView State = u"state";
inline constexpr QStringView Latency = u"latency";
inline constexpr QStringView ErrorRate = u"error_rate";
inline constexpr QStringView Availability = u"availability";
inline constexpr QStringView ConsecutiveFailures = u"consecutive_failures";
inline constexpr QStringView Trend = u"trend";
inline constexpr QStringView ErrorSpike = u"error_spike";
inline constexpr QStringView Flapping = u"flapping";
inline constexpr QStringView RestartLoop = u"restart_loop";
} // namespace AlertRuleName
QStringList alertRuleNames(); // the nine, in the order above

// One rule entry of `lifeline.alerts.rules`. Entries with the same `rule` share one alert per
// server (dedupe per server + rule); the alert's severity is the worst entry that holds.
struct AlertRule
{
    QString rule;
    AlertSeverity severity = AlertSeverity::Warning;
    // Unset: the server's own value for the severity (latencyWarningMs/latencyCriticalMs,
    // errorRateWarning/errorRateCritical), so per-server overrides apply. Units: ms for latency
    // and trend, a 0..1 rate for error_rate, a 0..1 ratio for availability, a count for
    // consecutive_failures.
    std::optional<double> threshold;
    qint64 forMs = 0; // the condition must hold this long (0: at the first check that shows it)
    QString state; // rule "state": "down" (unhealthy, recovering, failed) or "degraded"
    qint64 windowMs = 0; // availability, error_spike: the window looked at
    QStringList servers; // empty: every server
    bool operator==(const AlertRule &) const = default;
};

struct AlertSilence
{
    QString server; // empty: every server
    QString rule; // empty: every rule
    QDateTime until; // UTC
    bool operator==(const AlertSilence &) const = default;
};

// A one-off window (start/end, absolute) or a weekly one (days, local wall-clock times).
struct MaintenanceWindow
{
    QDateTime start, end; // one-off, UTC
    bool weekly = false;
    QList<int> days; // weekly: Qt's dayOfWeek, 1 = Monday … 7 = Sunday
    int startMinute = 0; // weekly: minutes after local midnight
    int endMinute = 0; // end <= start: the window runs past midnight into the next day
    QStringList servers; // empty: every server
    bool contains(const QDateTime &utc, const QString &server) const;
    bool operator==(const MaintenanceWindow &) const = default;
};

// `lifeline.alerts`, all keys optional (no key at all: the defaults below):
// {
//   "enabled": true,
//   "defaultRules": true,           // false: only the rules listed under "rules"
//   "rules": [                        // each entry replaces the default entry with the same
//     {"rule": "latency", "severity": "critical", "threshold": 2000, "for": "1m",
//      "servers": ["x"]},             // rule + severity; "enabled": false removes it
//     {"rule": "state", "state": "degraded", "severity": "warning", "for": "5m"},
//     {"rule": "availability", "threshold": 0.99, "window": "1h"},
//     {"rule": "consecutive_failures", "threshold": 2}
//   ],
//   "renotify": "1h",                 // repeat an unacknowledged alert; "0s": never
//   "notifyResolved": true,
//   "silences": [{"server": "x", "rule": "latency", "until": "2026-12-01T00:00:00Z"}],
//   "maintenance": [{"start": "2026-12-01T02:00:00Z", "end": "2026-12-01T04:00:00Z"},
//                   {"weekly": {"days": ["sat", "sun"], "start": "02:00", "end": "04:00"},
//                    "servers": ["x"]}],
//   "trend": {"checks": 20, "horizon": "10m", "minR2": 0.5},
//   "flapping": {"changes": 6, "window": "10m"},
//   "errorSpike": {"window": "5m", "baseline": "1h", "factor": 5, "minFailures": 3},
//   "channels": …                     // notification channels: ChannelSettings
// }
// Defaults (the operations guide's table, with each server's own thresholds):
//   state down for 1 check → critical; state degraded for 5m → warning;
//   latency > latencyCritical for 1m → critical; > latencyWarning for 5m → warning;
//   error_rate > errorRateCritical → critical; > errorRateWarning for 5m → warning;
//   availability < 0.99 over 1h → warning; consecutive_failures ≥ 2 → warning;
//   trend → warning; error_spike → warning; flapping → warning; restart_loop → critical.
struct AlertConfig
{
    bool enabled = true;
    QList<AlertRule> rules = defaultRules();
    qint64 renotifyMs = 3600000;
    bool notifyResolved = true;
    QList<AlertSilence> silences;
    QList<MaintenanceWindow> maintenance;
    int trendChecks = 20;
    qint64 trendHorizonMs = 600000;
    double trendMinR2 = 0.5;
    int flappingChanges = 6;
    qint64 flappingWindowMs = 600000;
    qint64 spikeWindowMs = 300000;
    qint64 spikeBaselineMs = 3600000;
    double spikeFactor = 5;
    int spikeMinFailures = 3;
    bool operator==(const AlertConfig &) const = default;

    static QList<AlertRule> defaultRules();

    // Problems go to `error`/`warning` with the key path below `lifeline.alerts` ("rules", "[0]",
    // "for") — the config loader prefixes it and adds the line and column.
    using Report = std::function<void(const QStringList &path, const QString &message)>;
    static AlertConfig parse(const QJsonValue &value, const Report &error, const Report &warning);
};

} // namespace lifeline
