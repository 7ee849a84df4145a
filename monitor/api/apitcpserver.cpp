#include "apitcpserver.h"

#include <QTcpSocket>

namespace lifeline {

ApiTcpServer::ApiTcpServer(QObject *parent)
    : QTcpServer(parent)
{ }

void ApiTcpServer::releaseToWebSocket(QTcpSocket *socket)
{
    if (disconnect(socket, &QObject::destroyed, this, nullptr))
        --m_open;
}

void ApiTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (m_open >= kMaxConnections) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    // Backpressure: a client's bytes wait in the kernel while its request is being answered.
    socket->setReadBufferSize(kMaxHeadBytes + kMaxBodyBytes);
    addPendingConnection(socket);
}

} // namespace lifeline
