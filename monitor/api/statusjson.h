#pragma once

#include "engine/serversnapshot.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace lifeline {

class HistoryStore;
class StatusData;
struct HistoryState;

// How the history database answered a small query just now (health's database check).
struct DatabaseProbe
{
    bool asked = false; // a history was there to ask
    bool answered = false; // within the timeout
    double latencyMs = -1;
    QString error; // the history's own error, when it answered with one
    int timeoutMs = 0;
};

// The JSON bodies of the status server, built from StatusData on the server's thread. One builder
// per document: GET /health and the MCP resource health://status return health(), GET
// /health/ecosystem and health://ecosystem return ecosystem(). Keys are a machine interface:
// extend, never rename.
class StatusJson
{
public:
    using HistoryState = lifeline::HistoryState;
    // How long health() may wait for the history's answer (the seeds want /health under 50 ms p95;
    // a slower answer is reported, not waited for).
    static constexpr int kDatabaseProbeMs = 250;

    // Asks the history a tiny query and waits at most `timeoutMs`. Blocks the calling thread (the
    // status server's, never the GUI's): /health's route answers synchronously.
    // Not asked when `history` is null.
    // Cached for 2 s (a load of /health polls asks the database once in that time).
    static DatabaseProbe probeHistory(HistoryStore *history, int timeoutMs = kDatabaseProbeMs);
    static DatabaseProbe probeHistoryNow(HistoryStore *history, int timeoutMs = kDatabaseProbeMs);

    // GET /health, health://status: Lifeline's own health in the shape of the seeds'
    // HealthCheckResponse (status, timestamp, database_status, uptime_seconds, connection_pool,
    // checks {database, memory}, metadata). Lifeline's own health: a down server does not change
    // it (see metadata.ecosystem_status and ecosystem()).
    static QJsonObject health(const StatusData &data, const DatabaseProbe &database, const QDateTime &nowUtc);
    // GET /health/ecosystem, health://ecosystem: every server's status, the overall one, the
    // failover groups and the active alerts.
    static QJsonObject ecosystem(const StatusData &data, const QDateTime &nowUtc);
    static QJsonObject ecosystemEntry(
        const StatusData &data, const ServerSnapshot &snapshot, const QDateTime &nowUtc);
    // GET /api/servers and /api/servers/{name}.
    static QJsonObject servers(const StatusData &data);
    static QJsonObject serverDetails(const StatusData &data, const ServerSnapshot &snapshot);
    // The first WebSocket message: {"event":"snapshot","ts",servers,groups,alerts}.
    static QJsonObject snapshotMessage(const StatusData &data);

    // ok | degraded | down | recovering | starting | stopped | disabled
    static QString serverStatus(HealthState state);
    // What one server means for the whole: pass (up), warn (degraded, starting, or down while its
    // failover group serves from another member that is up), fail (down and nothing covers it),
    // skip (stopped or disabled by the user: not counted).
    static QString serverCheck(const StatusData &data, const ServerSnapshot &snapshot);
    // The overall rule of both documents: unhealthy when one counted server fails, degraded when
    // one warns, else healthy.
    static QString ecosystemStatus(const StatusData &data);
    static QJsonObject error(const QString &message); // {"error": message}
};

} // namespace lifeline
