#pragma once

#include <QJsonArray>

namespace lifeline {

// The two resources Lifeline's MCP endpoint offers to agents. Each is the same document as its
// HTTP route, built by StatusJson (JSON, machine interface: extend, never rename):
//   health://status     = GET /health: the seeds' HealthCheckResponse (ops guide) for Lifeline
//   health://ecosystem  = GET /health/ecosystem: every server, the failover groups, active alerts
inline constexpr auto kHealthStatusUri = "health://status";
inline constexpr auto kHealthEcosystemUri = "health://ecosystem";

// resources/list entries for both.
QJsonArray healthResourceList();

} // namespace lifeline
