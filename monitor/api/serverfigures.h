#pragma once

#include "engine/serversnapshot.h"
#include "health/failure.h"
#include "health/healthstate.h"
#include "recovery/circuitbreaker.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace lifeline {

class HistoryStore;
class StatusData;

// What a tool reports of one server over a window.
struct ServerFigures
{
    QString name;
    QString transport;
    HealthState state = HealthState::Starting;
    QString group;
    CircuitBreaker::State circuit = CircuitBreaker::State::Closed;
    int latencyWarningMs = 1000;
    int latencyCriticalMs = 5000;
    double lastMs = -1;
    double avgMs = -1;
    double p95Ms = -1;
    double maxMs = -1;
    qint64 checks = 0;
    qint64 failures = 0;
    qint64 upMs = 0;
    qint64 downMs = 0;
    int restarts = 0; // in the window
    QMap<QString, int> failuresByType;
    Failure lastFailure;
    QDateTime lastFailureAt;
    QStringList stderrTail;

    double errorRate() const { return checks > 0 ? double(failures) / double(checks) : -1.0; }
    double uptimePercent() const
    {
        return upMs + downMs > 0 ? 100.0 * double(upMs) / double(upMs + downMs) : -1.0;
    }
    QJsonObject toJson() const; // an entry of structuredContent's "servers"
};

// Figures of `servers` over [from, to): from the history when there is one and it answers within
// `historyWaitMs`, else from the status server's own copy (events and counters since start).
// `source` says which: "history" or "live".
QList<ServerFigures> collectServerFigures(const StatusData &data, HistoryStore *history,
    const QList<ServerSnapshot> &servers, const QDateTime &from, const QDateTime &to, int historyWaitMs,
    QString *source);

} // namespace lifeline
