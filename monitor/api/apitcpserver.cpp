#include "apitcpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr const char *kIdleTimerName = "lifeline-idle";

void refuse(QTcpSocket *socket, int status, const char *reason, const QString &message)
{
    socket->setProperty(ApiTcpServer::kRefusedProperty, true); // the HTTP server must not act on it
    const QByteArray body = QJsonDocument(QJsonObject {{"error"_L1, message}}).toJson(QJsonDocument::Compact);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket->write(out);
    socket->disconnectFromHost(); // after the answer is written
}

// Content-Length of a complete request head, -1 when none.
qint64 contentLength(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qint64 n = line.mid(colon + 1).trimmed().toLongLong(&ok);
            return ok ? n : -1;
        }
    }
    return -1;
}

} // namespace

ApiTcpServer::ApiTcpServer(QObject *parent)
    : QTcpServer(parent)
{ }

void ApiTcpServer::releaseToWebSocket(QTcpSocket *socket)
{
    if (disconnect(socket, &QObject::destroyed, this, nullptr))
        --m_open;
    if (auto *timer = socket->findChild<QTimer *>(QLatin1StringView(kIdleTimerName))) {
        timer->stop();
        timer->deleteLater();
    }
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
    socket->setReadBufferSize(kMaxHeadBytes + kMaxBodyBytes);

    auto *idle = new QTimer(socket);
    idle->setObjectName(QLatin1StringView(kIdleTimerName));
    idle->setSingleShot(true);
    idle->setInterval(kIdleTimeoutMs);
    connect(idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
    connect(socket, &QTcpSocket::bytesWritten, idle, qOverload<>(&QTimer::start));
    idle->start();

    connect(socket, &QTcpSocket::readyRead, idle, qOverload<>(&QTimer::start));

    // Runs before the HTTP server reads (connected first): looks at the first request's head as
    // it arrives, without consuming it (the HTTP server reads all there is after each of these).
    auto *watch = new QObject(socket);
    connect(
        socket, &QTcpSocket::readyRead, watch, [socket, watch, head = QByteArray(), done = false]() mutable {
            if (done)
                return;
            head.append(socket->peek(socket->bytesAvailable()));
            const qsizetype end = head.indexOf("\r\n\r\n");
            if (end < 0 && head.size() <= kMaxHeadBytes)
                return; // more to come
            done = true;
            watch->deleteLater(); // later reads only restart the idle timer
            if (end < 0 || end > kMaxHeadBytes)
                refuse(socket, 431, "Request Header Fields Too Large", u"request head too large"_s);
            else if (contentLength(head.left(end)) > kMaxBodyBytes)
                refuse(socket, 413, "Payload Too Large", u"request body over %1 bytes"_s.arg(kMaxBodyBytes));
        });
    addPendingConnection(socket);
}

} // namespace lifeline
