#pragma once

#include <QMetaType>

namespace lifeline {

// What the servers table shows from the history store rather than from the live snapshot. The
// store answers slower than the engine samples, so these arrive on their own and separately.
struct ServerHistoryStats
{
    double uptime24hPercent = -1; // 0..100 over the last 24 h; -1: unknown (no history yet)
    double p95LatencyMs = -1; // of successful checks; -1: unknown

    friend bool operator==(const ServerHistoryStats &, const ServerHistoryStats &) = default;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::ServerHistoryStats)
