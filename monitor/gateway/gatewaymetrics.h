#pragma once

#include <QMap>
#include <QMutex>
#include <QPair>
#include <QString>

#include <array>

namespace lifeline {

// Gateway call durations in seconds, Prometheus histogram upper bounds (+Inf implied): tool calls
// run far longer than checks.
inline constexpr std::array<double, 14> kGatewayDurationBuckets {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

// The gateway's calls to one server since Lifeline started.
struct GatewayCounters
{
    QMap<QPair<QString, QString>, qint64> requests; // (method, outcome) → count
    std::array<qint64, kGatewayDurationBuckets.size()> durationBuckets {}; // cumulative counts per bound
    qint64 durationCount = 0;
    double durationSumSeconds = 0;
};

// The gateway's counters for /metrics, by server: written by the gateway on the engine thread as
// each call ends, read by the status server on its own thread when it is scraped. Shared under a
// lock rather than sent as a queued signal per call, because that signal woke the status server's
// thread on every call — a third thread contending for the cores with the client and the upstream
// on the path a call takes. A scrape copies the table; a call holds the lock for one increment.
class GatewayMetrics final
{
    Q_DISABLE_COPY_MOVE(GatewayMetrics)
public:
    GatewayMetrics() = default;

    void record(const QString &server, const QString &method, const QString &outcome, double seconds);
    QMap<QString, GatewayCounters> counters() const; // a copy, by server

private:
    mutable QMutex m_mutex;
    QMap<QString, GatewayCounters> m_counters;
};

} // namespace lifeline
