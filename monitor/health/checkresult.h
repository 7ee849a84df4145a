#pragma once

#include "failure.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace lifeline {

// The outcome of one health check of one server. A value type: it crosses threads.
struct CheckResult
{
    QString server;
    QDateTime startedAt; // UTC
    bool ok = false;
    Failure failure;
    qint64 latencyUs = -1; // the slowest step's round trip (liveness, list, call)
    qint64 pingUs = -1; // the liveness step alone (ping, or server/discover)
    qint64 durationUs = 0; // the whole check, handshake included when there was one
    qint64 handshakeUs = -1; // set when this check opened a new session
    int toolCount = -1; // comprehensive checks
    int resourceCount = -1;
    bool toolsChanged = false;
    QStringList toolsAdded;
    QStringList toolsRemoved;
    qint64 callUs = -1; // the synthetic tool call, when configured
    QString protocolVersion;
    QJsonObject serverInfo;
    // Not a probe: a real call through the gateway that timed out or was lost (ServerSupervisor::
    // recordPassiveFailure). The history's details and the events say so; latencyUs stays -1.
    bool passive = false;
    QString passiveMethod; // the MCP method of that call

    double latencyMs() const { return latencyUs < 0 ? -1.0 : double(latencyUs) / 1000.0; }
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::CheckResult)
