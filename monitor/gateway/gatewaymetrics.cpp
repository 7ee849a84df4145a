#include "gatewaymetrics.h"

#include <QMutexLocker>

namespace lifeline {

void GatewayMetrics::record(
    const QString &server, const QString &method, const QString &outcome, double seconds)
{
    const QMutexLocker lock(&m_mutex);
    GatewayCounters &c = m_counters[server];
    ++c.requests[qMakePair(method, outcome)];
    for (size_t i = 0; i < kGatewayDurationBuckets.size(); ++i) {
        if (seconds <= kGatewayDurationBuckets[i])
            ++c.durationBuckets[i];
    }
    ++c.durationCount;
    c.durationSumSeconds += seconds;
}

QMap<QString, GatewayCounters> GatewayMetrics::counters() const
{
    const QMutexLocker lock(&m_mutex);
    return m_counters;
}

} // namespace lifeline
