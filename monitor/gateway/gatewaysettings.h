#pragma once

namespace lifeline {

// `lifeline.gateway`: how agents' calls through Lifeline (/mcp/servers/…, /mcp/groups/…) are served.
struct GatewaySettings
{
    bool enabled = true;
    int waitForMemberMs = 10000; // a call for a server that is not up waits this long for it
    int callTimeoutMs = 120000; // an upstream call unanswered this long is cancelled
    bool replaySafeCalls = true; // a safe call in flight when the upstream restarts is sent again
    int maxReplays = 2; // a call that keeps killing its server is not sent forever
    bool operator==(const GatewaySettings &) const = default;
};

} // namespace lifeline
