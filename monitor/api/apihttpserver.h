#pragma once

#include "apiconnection.h"
#include "apiresponse.h"
#include "apirequest.h"
#include "requestguard.h"
#include "statusdata.h"
#include "statusjson.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace lifeline {

class ApiResponder;
class GatewayFront;
class ApiTcpServer;
class EngineThread;
class HistoryStore;
class StatusData;
struct HealthEvent;

// The status server's HTTP side, on the "lifeline-api" thread: one router behind one guard.
// Every request passes RequestGuard first (Host/Origin → 403, token → 401), then the route table;
// unknown paths are 404, known paths with the wrong method 405 (with Allow). WebSocket upgrades
// to /ws pass the same guard and get the snapshot, then every event. See StatusServer.
// HTTP/1.1 is read and written here (ApiConnection, HttpRequestParser, ApiResponder), not by
// QAbstractHttpServer: fewer instructions per request, and connections we own.
class ApiHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiHttpServer)
public:
    // The MCP endpoint (/mcp): gets every request that passed the Host/Origin guard (and the token
    // check when reads need one), and whether it carried the right token.
    using McpHandler = std::function<ApiResponse(const ApiRequest &request, bool tokenValid)>;

    struct Outcome
    {
        ApiResponse response = ApiResponse(ApiResponse::StatusCode::NotFound);
        bool upgrade = false; // accept the WebSocket upgrade instead of answering
        // Answers later (a history query, a forwarded MCP call): gets the responder; the socket may
        // be gone by then.
        std::function<void(std::shared_ptr<ApiResponder>, QPointer<QTcpSocket>)> later;
    };

    explicit ApiHttpServer(QObject *parent = nullptr);
    ~ApiHttpServer() override;

    StatusData *data() const { return m_data; }
    RequestGuard &guard() { return m_guard; }
    void setEngine(EngineThread *engine) { m_engine = engine; }
    void setHistory(HistoryStore *history) { m_history = history; }
    void setHistoryState(const HistoryState &state) { m_data->setHistoryState(state); }
    void setSecrets(const QList<QByteArray> &secrets) { m_secrets = secrets; }
    void setMcpHandler(McpHandler handler) { m_mcp = std::move(handler); }

    // /mcp/servers/{name}, /mcp/groups/{group}, /mcp/all: the gateway's paths (None: another).
    struct GatewayPath
    {
        enum class Kind { None, Server, Group, All };
        Kind kind = Kind::None;
        QString name;
    };
    static GatewayPath gatewayPath(const ApiRequest &request);
    // The guard's answer to a request before any route (403 Host/Origin, 401 token needed for
    // reads, 413 body); nothing when it may pass. `tokenValid`: whether it carried the token.
    static std::optional<ApiResponse> gate(const RequestGuard &guard, const ApiRequest &request,
        const QHostAddress &localAddress, bool *tokenValid = nullptr);
    static void send(ApiResponse &&response, ApiResponder &responder); // + the common headers
    // Connections whose request names a gateway path move to `front`'s thread (the engine's) and
    // are served there; it sends them back for any other path. Set once, before listening.
    void setGatewayFront(GatewayFront *front, QThread *frontThread);
    // After a change to guard(): the gateway front gets a copy (in order with the hand-overs).
    void syncGuard();
    ApiConnection::Handler connectionHandler(); // what a connection served here calls

    // On this object's thread. Returns the port, 0 on failure (with `error`).
    quint16 listenOn(const QHostAddress &address, quint16 port, QString *error);
    void shutdown(); // closes the listener and every connection
    int webSocketClients() const { return int(m_clients.size()); }
    // For connections accepted from now on (tests shorten it).
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }

    QByteArray redact(QByteArray text) const; // every configured secret value replaced

Q_SIGNALS:
    void acknowledgeRequested(const QString &id);

private:
    void acceptConnections();
    void handle(ApiConnection *connection, const ApiRequest &request, std::shared_ptr<ApiResponder> responder,
        bool webSocketUpgrade);
    Outcome route(const ApiRequest &request, QTcpSocket *socket, bool webSocketUpgrade);
    ApiResponse json(
        const QJsonObject &body, ApiResponse::StatusCode status = ApiResponse::StatusCode::Ok) const;
    ApiResponse failure(ApiResponse::StatusCode status, const QString &message) const;
    Outcome events(const ApiRequest &request);
    ApiResponse serverAction(const QString &name, const QString &action);
    ApiResponse groupAction(const QString &group, const QString &action, const ApiRequest &request);
    void acceptWebSockets();
    void broadcast(const HealthEvent &event);

    StatusData *m_data;
    RequestGuard m_guard;
    QPointer<ApiTcpServer> m_tcp;
    EngineThread *m_engine = nullptr;
    HistoryStore *m_history = nullptr;
    QList<QByteArray> m_secrets;
    McpHandler m_mcp;
    QPointer<GatewayFront> m_front; // lives on m_frontThread
    QThread *m_frontThread = nullptr;
    QWebSocketServer *m_webSockets;
    QList<QWebSocket *> m_clients;
    int m_idleTimeoutMs;
};

} // namespace lifeline
