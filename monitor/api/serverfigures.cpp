#include "serverfigures.h"

#include "health/healthaccounting.h"
#include "jsonvalues.h"
#include "statusdata.h"
#include "store/historystore.h"

#include <QSemaphore>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

// Asks the history on its own thread and waits for the answer, at most `timeoutMs`. This blocks
// the calling thread: callers are on the status server's thread (never the GUI thread), where a
// bounded wait for one request is acceptable because these routes answer synchronously (an
// Outcome::later answer would do without the wait). Nullopt after the timeout; the late answer
// is dropped.
template<typename R, typename Fn>
std::optional<R> askHistory(HistoryStore *history, Fn fn, int timeoutMs)
{
    struct Shared
    {
        QSemaphore done;
        std::optional<R> value;
    };
    auto shared = std::make_shared<Shared>();
    (void)history->query([shared, fn](HistoryQueries &q) {
        shared->value = fn(q);
        shared->done.release();
        return 0;
    });
    if (!shared->done.tryAcquire(1, timeoutMs))
        return std::nullopt;
    return std::move(shared->value);
}

// The history's figures for a window, fetched in one trip to the store thread.
struct HistoryFigures
{
    QList<UptimeRow> uptime;
    QHash<QString, double> p95;
    QHash<QString, QList<LatencyPoint>> series;
    QHash<QString, QList<FailureCount>> failures;
    QString error;
};

// The p95 of check durations since Lifeline started, from the Prometheus histogram: the upper
// bound of the bucket that holds the 95th percentile (an estimate, on the safe side).
double histogramP95Ms(const ServerCounters &c)
{
    if (c.durationCount <= 0)
        return -1;
    const double want = 0.95 * double(c.durationCount);
    for (size_t i = 0; i < kCheckDurationBuckets.size(); ++i) {
        if (double(c.durationBuckets[i]) >= want)
            return kCheckDurationBuckets[i] * 1000.0;
    }
    return kCheckDurationBuckets.back() * 1000.0;
}

} // namespace

QJsonObject ServerFigures::toJson() const
{
    QJsonObject byType;
    for (auto it = failuresByType.cbegin(); it != failuresByType.cend(); ++it)
        byType.insert(it.key(), it.value());
    return QJsonObject {{"name"_L1, name}, {"transport"_L1, transport}, {"state"_L1, healthStateName(state)},
        {"failover_group"_L1, stringOrNull(group)}, {"circuit"_L1, CircuitBreaker::stateName(circuit)},
        {"latency_ms"_L1, numberOrNull(lastMs)}, {"avg_ms"_L1, numberOrNull(avgMs)},
        {"p95_ms"_L1, numberOrNull(p95Ms)}, {"max_ms"_L1, numberOrNull(maxMs)},
        {"latency_warning_ms"_L1, latencyWarningMs}, {"latency_critical_ms"_L1, latencyCriticalMs},
        {"checks"_L1, double(checks)}, {"failures"_L1, double(failures)},
        {"error_rate"_L1, numberOrNull(errorRate())}, {"uptime_percent"_L1, numberOrNull(uptimePercent())},
        {"up_ms"_L1, double(upMs)}, {"down_ms"_L1, double(downMs)}, {"restarts"_L1, restarts},
        {"failures_by_type"_L1, byType},
        {"last_failure"_L1,
            lastFailure.isFailure() ? QJsonValue(failureTypeName(lastFailure.type))
                                    : QJsonValue(QJsonValue::Null)},
        {"last_failure_at"_L1, timeOrNull(lastFailureAt)}};
}

QList<ServerFigures> collectServerFigures(const StatusData &data, HistoryStore *history,
    const QList<ServerSnapshot> &servers, const QDateTime &from, const QDateTime &to, int historyWaitMs,
    QString *source)
{
    QList<ServerFigures> out;
    const QList<HealthEvent> events = data.events(from.addSecs(-1)); // the lookup is (since, …]
    const QList<HealthEvent> allEvents = data.events();
    for (const ServerSnapshot &s : servers) {
        ServerFigures f;
        f.name = s.name;
        f.transport = transportKindName(s.activeTransport);
        f.state = s.state;
        f.group = s.group;
        f.circuit = s.circuit;
        f.latencyWarningMs = s.latencyWarningMs;
        f.latencyCriticalMs = s.latencyCriticalMs;
        f.lastMs = s.lastLatencyMs;
        f.lastFailure = s.lastFailure;
        f.lastFailureAt = s.lastFailureAt;
        f.stderrTail = s.stderrTail;
        for (const HealthEvent &e : events) {
            if (e.server == s.name && e.kind == HealthEvent::Kind::Restart && e.ts >= from && e.ts < to)
                ++f.restarts;
        }
        // Live figures: since Lifeline started (its counters), uptime from the state events.
        const ServerCounters c = data.counters(s.name);
        f.checks = c.checks;
        for (auto it = c.failuresByType.cbegin(); it != c.failuresByType.cend(); ++it) {
            f.failuresByType.insert(it.key(), int(it.value()));
            f.failures += it.value();
        }
        if (c.durationCount > 0)
            f.avgMs = c.durationSumSeconds * 1000.0 / double(c.durationCount);
        f.p95Ms = histogramP95Ms(c);
        QList<HealthEvent> own;
        for (const HealthEvent &e : allEvents) {
            if (e.server == s.name)
                own.append(e);
        }
        const UpDownTime time
            = upDownTime(own, {s.state, s.stateByUser, s.stateSince}, data.startedAt(), from, to);
        f.upMs = time.upMs;
        f.downMs = time.downMs;
        out.append(f);
    }
    *source = u"live"_s;
    if (!history || servers.isEmpty())
        return out;

    QStringList names;
    for (const ServerSnapshot &s : servers)
        names.append(s.name);
    const auto h = askHistory<HistoryFigures>(
        history,
        [names, from, to](HistoryQueries &q) {
            HistoryFigures r;
            r.uptime = q.uptime(from, to, names);
            r.p95 = q.p95Latency(from, to);
            for (const QString &n : names) {
                r.series.insert(n, q.latencySeries(n, from, to, 60));
                r.failures.insert(n, q.failuresByType(from, to, n));
            }
            r.error = q.lastError();
            return r;
        },
        historyWaitMs);
    if (!h || !h->error.isEmpty())
        return out;
    *source = u"history"_s;
    for (ServerFigures &f : out) {
        f.upMs = f.downMs = 0;
        f.checks = f.failures = 0;
        f.avgMs = f.maxMs = -1;
        f.p95Ms = h->p95.value(f.name, -1);
        f.failuresByType.clear();
        for (const UptimeRow &u : h->uptime) {
            if (u.server == f.name) {
                f.upMs = u.upMs;
                f.downMs = u.downMs;
            }
        }
        double weighted = 0;
        qint64 ok = 0;
        for (const LatencyPoint &p : h->series.value(f.name)) {
            f.checks += p.checks;
            f.failures += p.failures;
            if (p.avgMs >= 0) {
                const qint64 good = std::max<qint64>(1, p.checks - p.failures);
                weighted += p.avgMs * double(good);
                ok += good;
            }
            f.maxMs = std::max(f.maxMs, p.maxMs);
        }
        if (ok > 0)
            f.avgMs = weighted / double(ok);
        for (const FailureCount &fc : h->failures.value(f.name))
            f.failuresByType[fc.failureClass] += fc.count;
    }
    return out;
}

} // namespace lifeline
