#pragma once

#include "apiconnection.h"
#include "apihttpserver.h"
#include "requestguard.h"

#include <QList>
#include <QObject>
#include <QPointer>

class QTcpSocket;
class QThread;

namespace lifeline {

class EngineThread;
class GatewayEndpoint;
class StatusData;

// The gateway's HTTP side on the engine thread. A connection whose request names
// /mcp/servers/{name}, /mcp/groups/{group} or /mcp/all is handed here by the status server's
// thread (ApiConnection::handOver) and answered where the gateway's upstream sessions live, so a
// forwarded call crosses no thread on its way out or back: on a stdio upstream that is two
// thread wake-ups less per call (issue 13's "≤ 10 % on a stdio tools/call"). A request on the
// same connection for any other path, or a WebSocket upgrade, sends the connection back: the
// status thread answers everything else, so /health, /api, /metrics never wait for the engine.
// The guard is the status server's, carried along with every hand-over (and setGuard()).
// Its own StatusData copy (fed by the engine's signals, here without a thread hop) tells the
// endpoint which servers and groups exist and what the upstream said in its initialize.
// Lives on the engine thread (EngineThread::adopt); not thread-safe.
class GatewayFront final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayFront)
public:
    // Requests for other paths go to `statusThread`'s `statusHandler` (ApiHttpServer's).
    GatewayFront(EngineThread *engine, QThread *statusThread, ApiConnection::Handler statusHandler);
    ~GatewayFront() override; // closes the connections it holds
    void setGuard(const RequestGuard &guard) { m_guard = guard; }
    // A connection moved here, with the status server's guard as it is now: held till it goes back.
    void arrive(ApiConnection *connection, const RequestGuard &guard);
    // A request on a connection now on this thread (ApiConnection::handOver's handler).
    void serve(ApiConnection *connection, const ApiRequest &request, std::shared_ptr<ApiResponder> responder,
        bool upgrade);
    ApiConnection::Handler handler();
    void closeAll(); // StatusServer::stop(): every connection held here ends
    GatewayEndpoint *endpoint() const { return m_endpoint; }

private:
    StatusData *m_data;
    GatewayEndpoint *m_endpoint;
    RequestGuard m_guard;
    QThread *m_statusThread = nullptr;
    ApiConnection::Handler m_statusHandler;
    QList<QPointer<QTcpSocket>> m_sockets; // the connections that came here (parentless)
};

} // namespace lifeline
