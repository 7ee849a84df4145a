#include "mcphealthresources.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lifeline {

QJsonArray healthResourceList()
{
    return QJsonArray {
        QJsonObject {{"uri"_L1, QLatin1StringView(kHealthStatusUri)}, {"name"_L1, "health-status"_L1},
            {"title"_L1, "Lifeline health status"_L1},
            {"description"_L1,
                "Lifeline's HealthCheckResponse, the same document as GET /health: overall status (healthy, "
                "degraded, unhealthy), history database and memory checks, uptime, sessions to the monitored "
                "servers and one check per server."_L1},
            {"mimeType"_L1, "application/json"_L1}},
        QJsonObject {{"uri"_L1, QLatin1StringView(kHealthEcosystemUri)}, {"name"_L1, "health-ecosystem"_L1},
            {"title"_L1, "MCP ecosystem health"_L1},
            {"description"_L1,
                "The same document as GET /health/ecosystem: every monitored MCP server with its status, "
                "state, "
                "latency, error rate and recovery, the failover groups with their active member, and the "
                "active alerts."_L1},
            {"mimeType"_L1, "application/json"_L1}},
    };
}

} // namespace lifeline
