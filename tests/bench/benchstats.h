#pragma once

// Shared by the benchmarks: knobs from the environment and latency percentiles.
#include <QtGlobal>

#include <algorithm>
#include <vector>

namespace lifeline::bench {

// A positive integer from the environment, or `fallback`.
inline int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

// The p-th percentile (0..1, nearest rank) of nanosecond samples, in milliseconds; 0 when empty.
inline double percentileMs(std::vector<qint64> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return double(v[i]) / 1e6;
}

} // namespace lifeline::bench
