#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "protocol/jsonrpc.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>

#include <optional>

namespace lifeline {

// The server side of Streamable HTTP that Lifeline's own /mcp and the gateway's /mcp/servers/…,
// /mcp/groups/… share: reading one POSTed JSON-RPC message (size, media types, JSON, one object of
// the right shape: anything else is refused with the status and JSON-RPC error the spec asks for),
// the MCP-Protocol-Version header, and the sessions (Mcp-Session-Id issued by initialize, 400
// without, 404 when unknown so that the client initializes again; idle or surplus ones expire).
// Not thread-safe: lives with its endpoint (/mcp on the status server's thread, the gateway's on
// the engine thread).
class McpHttpSessions
{
public:
    static constexpr int kMaxSessions = 256; // beyond: the least recently used session goes
    static constexpr qint64 kSessionIdleMs = 24LL * 3600 * 1000;
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;
    static constexpr auto kStatelessVersion = "2026-07-28";
    static constexpr int kSessionNotFound = -32001; // what the SDKs answer with a 404

    struct Session
    {
        QString protocolVersion;
        QJsonObject clientInfo;
        QJsonObject capabilities; // the client's, from initialize: what it may be asked
        bool initialized = false; // notifications/initialized arrived
        qint64 lastUsedMs = 0;
    };

    // One POSTed message, read and checked; `refusal` set: answer that and stop.
    struct Incoming
    {
        std::optional<ApiResponse> refusal;
        QJsonObject object;
        QByteArray text; // `object` as the client sent it (the body)
        jsonrpc::Message message;
        QJsonObject params;
        QByteArray sessionId; // the Mcp-Session-Id header
        QByteArray versionHeader; // the MCP-Protocol-Version header
        QByteArray accept; // the Accept header: may the answer be an event stream
    };

    McpHttpSessions();

    static Incoming read(const ApiRequest &request);
    // One message's text, checked as read() checks a POST's body (JSON, not a batch, an object,
    // JSON-RPC's shape, params an object), also for clients that are not on HTTP (line clients).
    struct Checked
    {
        QJsonObject object;
        jsonrpc::Message message;
        QJsonObject params;
        std::optional<QJsonObject> error; // what to answer instead: a JSON-RPC error object
        bool malformed = false; // that error is HTTP 400's (else it answers a well-formed request)
    };
    static Checked check(const QByteArray &text);
    // An MCP-Protocol-Version header we do not speak (the stateless revision only when allowed).
    static std::optional<ApiResponse> refuseVersion(const QByteArray &versionHeader, bool statelessToo);
    static const QStringList &supportedVersions(); // initialize: 2024-11-05 … 2025-11-25
    // A request of the stateless revision: the header says so (or, without it and without a
    // session, the request's _meta); server/discover is sessionless in any case.
    static bool isStateless(const Incoming &in);
    // A stateless request's answer: a result says it is complete (no more to come for it).
    static QJsonObject markComplete(QJsonObject answer);
    static QString negotiate(
        const QString &requested); // the client's version when we speak it, else our latest

    QByteArray open(const QString &version, const QJsonObject &clientInfo); // a new session's id
    // The session a request names, marked used; null with `refusal` (400 none named, 404 unknown).
    Session *use(const QByteArray &sessionId, std::optional<ApiResponse> *refusal);
    ApiResponse remove(const ApiRequest &request); // DELETE: 204, 400, 404
    int count() const { return int(m_sessions.size()); }
    bool contains(const QByteArray &sessionId) const { return m_sessions.contains(sessionId); }

    static QByteArray header(const ApiRequest &request, QByteArrayView name);
    static ApiResponse jsonResponse(
        const QJsonObject &body, ApiResponse::StatusCode status = ApiResponse::StatusCode::Ok);
    static ApiResponse httpError(ApiResponse::StatusCode status, int code, const QString &message,
        const QJsonValue &id = QJsonValue::Null);
    // Anything but POST and DELETE: 405 with Allow (GET included: no server-initiated stream).
    static ApiResponse methodNotAllowed(const QString &path);

private:
    void expire();

    QHash<QByteArray, Session> m_sessions;
    QElapsedTimer m_clock;
};

} // namespace lifeline
