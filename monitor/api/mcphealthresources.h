#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace lifeline {

class StatusData;
struct ServerSnapshot;

// The two resources Lifeline's MCP endpoint offers to agents (JSON, machine interface: extend,
// never rename):
//   health://status     the seeds' HealthCheckResponse (ops guide) for Lifeline as a whole
//   health://ecosystem  every monitored server, the failover groups and the active alerts
inline constexpr auto kHealthStatusUri = "health://status";
inline constexpr auto kHealthEcosystemUri = "health://ecosystem";

// How the history database answered a small query just now.
struct DatabaseProbe
{
    QString status = QStringLiteral("disconnected"); // connected | degraded | disconnected
    double latencyMs = -1;
    QString message;
};

// What one server means for the whole: pass (up), warn (degraded, starting, or down while its
// failover group serves from another member), fail (down and nothing covers it), skip (offline or
// disabled by the user: not counted).
QString serverCheckStatus(const StatusData &data, const ServerSnapshot &snapshot);
// healthy when every counted server passes, unhealthy when one fails, else degraded.
QString ecosystemStatus(const StatusData &data);

QJsonObject healthStatusJson(const StatusData &data, const DatabaseProbe &database, const QDateTime &nowUtc);
QJsonObject ecosystemJson(const StatusData &data, const QDateTime &nowUtc);

// resources/list entries for both.
QJsonArray healthResourceList();

} // namespace lifeline
