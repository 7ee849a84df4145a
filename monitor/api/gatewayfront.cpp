#include "gatewayfront.h"

#include "apiresponder.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "gatewayendpoint.h"
#include "statusdata.h"

#include <QTcpSocket>
#include <QThread>

using namespace Qt::StringLiterals;

namespace lifeline {

GatewayFront::GatewayFront(EngineThread *engine, QThread *statusThread, ApiConnection::Handler statusHandler)
    : m_data(new StatusData(this))
    , m_endpoint(new GatewayEndpoint(m_data, engine, this))
    , m_statusThread(statusThread)
    , m_statusHandler(std::move(statusHandler))
{
    // Direct on the engine thread: the copy is current before the next request is read.
    MonitorEngine *e = engine->engine();
    connect(e, &MonitorEngine::snapshotChanged, m_data, &StatusData::updateSnapshot);
    connect(e, &MonitorEngine::serverRemoved, m_data, &StatusData::removeServer);
    connect(e, &MonitorEngine::groupChanged, m_data, &StatusData::updateGroup);
    // No request passes before the status server's guard arrives with the first hand-over.
    m_guard.setTokenRequiredForReads(true);
    m_guard.setBoundAddress(QHostAddress());
}

GatewayFront::~GatewayFront()
{
    // The endpoint first (it cancels its calls and lets go of its streams), then the connections:
    // this thread's loop may not run again to delete them later.
    delete m_endpoint;
    m_endpoint = nullptr;
    const QList<QPointer<QTcpSocket>> sockets = std::exchange(m_sockets, {});
    for (const QPointer<QTcpSocket> &s : sockets)
        delete s.data();
}

ApiConnection::Handler GatewayFront::handler()
{
    return [this](ApiConnection *c, const ApiRequest &r, std::shared_ptr<ApiResponder> responder,
               bool upgrade) { serve(c, r, std::move(responder), upgrade); };
}

void GatewayFront::arrive(ApiConnection *connection, const RequestGuard &guard)
{
    m_guard = guard;
    m_sockets.removeAll(nullptr);
    m_sockets.append(connection->socket());
}

void GatewayFront::serve(ApiConnection *connection, const ApiRequest &request,
    std::shared_ptr<ApiResponder> responder, bool upgrade)
{
    QTcpSocket *socket = connection->socket();
    using Kind = ApiHttpServer::GatewayPath::Kind;
    const ApiHttpServer::GatewayPath path = ApiHttpServer::gatewayPath(request);
    if (path.kind == Kind::None || upgrade) {
        m_sockets.removeAll(socket);
        connection->handOver(m_statusThread, m_statusHandler, request, std::move(responder), upgrade);
        return;
    }
    ApiHttpServer::Outcome outcome;
    if (auto refusal = ApiHttpServer::gate(m_guard, request, socket->localAddress())) {
        outcome.response = std::move(*refusal);
    } else if (path.kind == Kind::All) {
        outcome = m_endpoint->handleAll(request);
    } else {
        outcome = m_endpoint->handle(request, path.kind == Kind::Group, path.name);
    }
    if (outcome.later) {
        outcome.later(std::move(responder), QPointer<QTcpSocket>(socket));
        return;
    }
    ApiHttpServer::send(std::move(outcome.response), *responder);
}

void GatewayFront::closeAll()
{
    const QList<QPointer<QTcpSocket>> sockets = std::exchange(m_sockets, {});
    for (const QPointer<QTcpSocket> &s : sockets) {
        if (s)
            s->abort(); // disconnected → deleteLater (ApiConnection)
    }
}

} // namespace lifeline
