#pragma once

#include <QMap>
#include <QString>

namespace lifeline {

// How a group's calls pick a member: the failover group's active member (failover), each up
// member in turn (round_robin), or the up member whose last check was fastest (least_latency).
enum class GatewayStrategy { Failover, RoundRobin, LeastLatency };
QString gatewayStrategyName(GatewayStrategy strategy); // "failover", "round_robin", "least_latency"

// `lifeline.gateway`: how agents' calls through Lifeline (/mcp/servers/…, /mcp/groups/…) are served.
struct GatewaySettings
{
    bool enabled = true;
    int waitForMemberMs = 10000; // a call for a server that is not up waits this long for it
    int callTimeoutMs = 120000; // an upstream call unanswered this long is cancelled
    bool replaySafeCalls = true; // a safe call in flight when the upstream restarts is sent again
    int maxReplays = 2; // a call that keeps killing its server is not sent forever
    GatewayStrategy strategy = GatewayStrategy::Failover; // every group's, unless named below
    QMap<QString, GatewayStrategy> groupStrategies;
    GatewayStrategy strategyFor(const QString &group) const { return groupStrategies.value(group, strategy); }
    bool operator==(const GatewaySettings &) const = default;
};

} // namespace lifeline
