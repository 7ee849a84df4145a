#pragma once

#include "mcptools.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QObject>

class QHttpServerRequest;

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
    static constexpr int kMaxSessions = 256; // beyond: the least recently used session goes
    static constexpr qint64 kSessionIdleMs = 24LL * 3600 * 1000;
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;

    // `engine` and `history` may be null (no actions; live figures only).
    McpEndpoint(StatusData *data, EngineThread *engine, HistoryStore *history, QObject *parent = nullptr);

    // `tokenValid`: the request carried the status server's bearer token (or none is configured and
    // the router decided that local callers may act). Needed only by failover_manager.
    QHttpServerResponse handle(const QHttpServerRequest &request, bool tokenValid);

    static const QStringList &supportedVersions(); // initialize: 2024-11-05 … 2025-11-25
    static constexpr auto kStatelessVersion = "2026-07-28";

    McpTools &tools() { return m_tools; }
    int sessionCount() const { return int(m_sessions.size()); }

private:
    struct Session
    {
        QString protocolVersion;
        QJsonObject clientInfo;
        bool initialized = false; // notifications/initialized arrived
        qint64 lastUsedMs = 0;
    };

    QHttpServerResponse post(const QHttpServerRequest &request, bool tokenValid);
    QHttpServerResponse remove(const QHttpServerRequest &request);
    // The answer to one request: a JSON-RPC result or error object.
    QJsonObject dispatch(const QString &method, const QJsonValue &id, const QJsonObject &params,
        bool stateless, bool tokenValid);
    QJsonObject initializeResult(const QJsonObject &params, QString *version) const;
    QJsonObject discoverResult() const;
    QJsonObject readResource(const QJsonValue &id, const QJsonObject &params);
    QByteArray newSession(const QString &version, const QJsonObject &clientInfo);
    void expireSessions();

    StatusData *m_data;
    McpTools m_tools;
    QHash<QByteArray, Session> m_sessions;
    QElapsedTimer m_clock;
};

} // namespace lifeline
