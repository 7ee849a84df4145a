#pragma once

#include "engine/serversnapshot.h"

#include <QJsonArray>
#include <QJsonObject>

namespace lifeline {

class StatusData;

// The JSON bodies of the status server's read routes, built from StatusData on the server's thread.
// Keys are a machine interface: extend, never rename.
class StatusJson
{
public:
    // What /health knows of the history database.
    struct HistoryState
    {
        bool open = false; // a database is in use
        bool saving = true; // its last write worked
        QString problem; // why not, when not
    };

    // GET /health: Lifeline's own health in the shape of the seeds' HealthCheckResponse.
    static QJsonObject health(const StatusData &data, const HistoryState &history);
    // GET /health/ecosystem: every server's status, the overall one and the failover groups.
    static QJsonObject ecosystem(const StatusData &data);
    static QJsonObject ecosystemEntry(const ServerSnapshot &snapshot, const QDateTime &now);
    // GET /api/servers and /api/servers/{name}.
    static QJsonObject servers(const StatusData &data);
    static QJsonObject serverDetails(const StatusData &data, const ServerSnapshot &snapshot);
    // The first WebSocket message: {"event":"snapshot","ts",servers,groups,alerts}.
    static QJsonObject snapshotMessage(const StatusData &data);

    // ok | degraded | down | recovering | starting | stopped | disabled
    static QString serverStatus(HealthState state);
    static QJsonObject error(const QString &message); // {"error": message}
};

} // namespace lifeline
