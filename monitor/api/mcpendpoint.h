#pragma once

#include "mcphttpsessions.h"
#include "apiresponse.h"
#include "mcptools.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>

namespace lifeline {

class EngineThread;
class HistoryStore;
class StatusData;

// Lifeline's own MCP server, for agents that want to ask about their integrations: Streamable
// HTTP on one path (the status server routes /mcp here after its Host/Origin check).
//   POST    one JSON-RPC message (batches are refused, as since 2025-06-18); answers
//           application/json (no SSE: nothing here streams); notifications and responses → 202
//   GET     405 (no server-initiated stream)
//   DELETE  ends the session (204)
// Sessions: Mcp-Session-Id issued by initialize (2024-11-05 … 2025-11-25), required afterwards
// (400 without, 404 when unknown so that the client initializes again). The stateless revision
// 2026-07-28 works too: server/discover, then requests with MCP-Protocol-Version: 2026-07-28 and
// no session. An unsupported MCP-Protocol-Version header → 400.
// Lives on the status server's thread (with `data`); not thread-safe.
class McpEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpEndpoint)
public:
    static constexpr int kMaxSessions = McpHttpSessions::kMaxSessions;

    // `engine` and `history` may be null (no actions; live figures only).
    McpEndpoint(StatusData *data, EngineThread *engine, HistoryStore *history, QObject *parent = nullptr);

    // `tokenValid`: the request carried the status server's bearer token (or none is configured and
    // the router decided that local callers may act). Needed only by failover_manager.
    ApiResponse handle(const ApiRequest &request, bool tokenValid);

    static const QStringList &supportedVersions(); // initialize: 2024-11-05 … 2025-11-25
    static constexpr auto kStatelessVersion = McpHttpSessions::kStatelessVersion;

    McpTools &tools() { return m_tools; }
    int sessionCount() const { return m_sessions.count(); }

private:
    ApiResponse post(const ApiRequest &request, bool tokenValid);
    // The answer to one request: a JSON-RPC result or error object.
    QJsonObject dispatch(const QString &method, const QJsonValue &id, const QJsonObject &params,
        bool stateless, bool tokenValid);
    QJsonObject initializeResult(const QJsonObject &params, QString *version) const;
    QJsonObject discoverResult() const;
    QJsonObject readResource(const QJsonValue &id, const QJsonObject &params);

    StatusData *m_data;
    McpTools m_tools;
    McpHttpSessions m_sessions;
};

} // namespace lifeline
