#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace lifeline {

// Values the history queries answer with. They cross from the store thread to their callers.

// Time a server was up or down in a window. Time the user chose to have it stopped or disabled,
// time while it was starting, and time Lifeline did not run count as neither.
struct UptimeRow
{
    QString server;
    qint64 upMs = 0;
    qint64 downMs = 0;
    qint64 checks = 0;
    qint64 failures = 0;
    double percent() const { return upMs + downMs > 0 ? 100.0 * double(upMs) / double(upMs + downMs) : -1.0; }
};

// Failure episodes (unhealthy until up again) in a window.
struct Reliability
{
    QString server;
    int failures = 0; // episodes that began in the window
    int resolved = 0;
    double mttrMs = -1; // mean time to recover over the resolved ones; -1 without any
    double mtbfMs = -1; // up time in the window / failures; -1 without failures
    qint64 upMs = 0;
};

struct FailureCount
{
    QString failureClass; // Lifeline's class: timeout, process_exit, …
    QString failureType; // the seeds' type it is filed under
    int count = 0;
};

// One point of a downsampled latency series: the bucket [start, start + width).
struct LatencyPoint
{
    QDateTime start; // UTC
    double minMs = -1; // -1: no successful check in the bucket
    double avgMs = -1;
    double maxMs = -1;
    double p95Ms = -1;
    qint64 checks = 0;
    qint64 failures = 0;
    qint64 upMs = 0; // from the rollups; raw samples have no times (0 and 0)
    qint64 downMs = 0;
    // Share of the bucket up: from up/down time when known, else from the checks; -1 without data.
    double availability() const
    {
        if (upMs + downMs > 0)
            return double(upMs) / double(upMs + downMs);
        return checks > 0 ? 1.0 - double(failures) / double(checks) : -1.0;
    }
};

struct StoredEvent
{
    qint64 id = 0;
    QDateTime at; // UTC
    QString server;
    QString event;
    QJsonObject payload; // the event's JSON line, as the headless log printed it
};

// One failure episode (integration_failures): unhealthy until up again, or until it ended
// another way (stopped by the user, given up).
struct FailureRecord
{
    qint64 id = 0;
    QString server;
    QString serverType;
    QString failureType; // the seeds' type it is filed under; empty for classes they have no word for
    QString failureClass; // Lifeline's class: timeout, process_exit, …
    QString taskContext;
    QString errorDetails;
    QString recoveryAction;
    bool resolved = false;
    qint64 resolutionMs = -1; // -1 while not resolved
    QDateTime occurredAt; // UTC
    QDateTime endedAt; // UTC; invalid while the episode is open

    bool isOpen() const { return !resolved && !endedAt.isValid(); }
    friend bool operator==(const FailureRecord &, const FailureRecord &) = default;
};

// One raw check sample, as exported.
struct Sample
{
    QDateTime at; // UTC
    QString server;
    QString serverType;
    bool ok = false;
    double latencyMs = -1;
    QString status;
    QString failureType;
    QString details;
    bool passive = false; // a gateway call that timed out or was lost, not a probe
};

// Gateway calls to one server in one minute (the seeds' `throughput` metric type).
struct ThroughputPoint
{
    QDateTime minute; // UTC, the minute's start
    qint64 calls = 0;
    qint64 errors = 0;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::UptimeRow)
Q_DECLARE_METATYPE(lifeline::LatencyPoint)
Q_DECLARE_METATYPE(lifeline::StoredEvent)
Q_DECLARE_METATYPE(lifeline::FailureRecord)
Q_DECLARE_METATYPE(lifeline::ThroughputPoint)
