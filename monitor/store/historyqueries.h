#pragma once

#include "alerts/alert.h"
#include "config/serverconfig.h"
#include "historytypes.h"

#include <QHash>
#include <QSqlDatabase>
#include <QStringList>

#include <limits>

class QSqlQuery;

namespace lifeline {

// Questions the dashboard, the status server and the command line ask of the history. Runs on
// the thread that owns `db` (the store thread for the running program; the CLI's main thread).
// Windows are [from, to) in UTC; the current minute is as fresh as the last flush.
class HistoryQueries
{
public:
    explicit HistoryQueries(QSqlDatabase db, const HistorySettings &settings = {});

    // Up and down time per server from the rollups: whole hours from the hour table, the edges
    // from the minute table. Servers with no time in the window are left out.
    QList<UptimeRow> uptime(
        const QDateTime &from, const QDateTime &to, const QStringList &servers = {}) const;
    // Failure episodes that began in the window: MTTR over the resolved ones, MTBF = up time / episodes.
    QList<Reliability> reliability(
        const QDateTime &from, const QDateTime &to, const QStringList &servers = {}) const;
    QList<FailureCount> failuresByType(
        const QDateTime &from, const QDateTime &to, const QString &server = {}) const;
    // Failure episodes that began in the window, newest first; at most `limit` of them.
    QList<FailureRecord> failures(
        const QDateTime &from, const QDateTime &to, const QString &server = {}, int limit = 500) const;
    // At most `maxPoints` buckets of equal width (empty buckets left out), from the finest layer
    // that still holds `from` and is not finer than a bucket: raw samples, minutes, hours, days.
    QList<LatencyPoint> latencySeries(
        const QString &server, const QDateTime &from, const QDateTime &to, int maxPoints) const;
    // Per server, the p95 latency of the window from the minute rollups: the minutes' p95s
    // weighted by their successful checks (exact per minute, close enough over an hour).
    QHash<QString, double> p95Latency(const QDateTime &from, const QDateTime &to) const;
    QList<StoredEvent> lastEvents(int count, const QString &server = {}) const;
    QList<StoredEvent> events(
        const QString &server, const QDateTime &from, const QDateTime &to) const; // oldest first
    QList<Sample> samples(const QString &server, const QDateTime &from, const QDateTime &to) const;
    // Gateway calls per minute (throughput rows), oldest first; minutes without calls are absent.
    // With `grainMs` of an hour or more, the hours already rolled up come as one point per hour
    // (from the hour rollup, which outlives the raw rows), the rest as minutes.
    QList<ThroughputPoint> throughput(
        const QString &server, const QDateTime &from, const QDateTime &to, qint64 grainMs = 60'000) const;
    // Alerts active at some time in the window (fired before `to`, not resolved before `from`),
    // newest first; at most `limit`. Rows from before schema v3 have their row number as id.
    QList<Alert> alerts(
        const QDateTime &from, const QDateTime &to, const QString &server = {}, int limit = 1000) const;
    QStringList servers() const; // every server the history knows

    QString lastError() const { return m_error; }

private:
    // Where the rolled-up hours or days end (lifeline_meta); kNeverRolled before the first.
    static constexpr qint64 kNeverRolled = std::numeric_limits<qint64>::min();
    qint64 rolledUntil(const QString &key) const;
    QList<StoredEvent> readEvents(QSqlQuery &query) const; // runs it; one event per row

    QSqlDatabase m_db;
    HistorySettings m_settings;
    mutable QString m_error;
};

} // namespace lifeline
