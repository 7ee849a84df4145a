#include "apiconnection.h"

#include "apiresponder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace lifeline {

ApiConnection::ApiConnection(QTcpSocket *socket, int idleTimeoutMs, Handler handler)
    : QObject(socket)
    , m_socket(socket)
    , m_handler(std::move(handler))
{
    // Restarted by answers and by complete requests, not by any byte read: a client that sends
    // its request a byte now and then (slowloris) is closed like an idle one.
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] { m_socket->abort(); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
    connect(socket, &QTcpSocket::readyRead, this, &ApiConnection::pump);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_idle.start();
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ApiConnection::pump, Qt::QueuedConnection);
}

void ApiConnection::refuse(QTcpSocket *socket, int status, QByteArrayView reason, const QString &message)
{
    const QByteArray body = QJsonDocument(QJsonObject {{"error"_L1, message}}).toJson(QJsonDocument::Compact);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray()
        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket->write(out);
    socket->disconnectFromHost(); // after the answer is written
}

void ApiConnection::pump()
{
    if (m_pumping)
        return;
    m_pumping = true;
    while (!m_busy && !m_released) {
        const HttpRequestParser::Result result = m_parser.parse();
        if (result == HttpRequestParser::Result::NeedMore) {
            if (m_parser.inBody() && m_parser.expectsContinue() && !m_continueSent) {
                m_continueSent = true;
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            const qint64 available = m_socket->bytesAvailable();
            if (available <= 0)
                break;
            if (m_parser.readFrom(m_socket, available) <= 0)
                break;
            continue;
        }
        if (result == HttpRequestParser::Result::Error) {
            m_released = true; // nothing more is read from it
            refuse(m_socket, m_parser.errorStatus(), m_parser.errorReason(), m_parser.errorMessage());
            break;
        }
        m_busy = true;
        m_continueSent = false;
        m_keepAlive = m_parser.keepAlive();
        m_http10 = m_parser.http10();
        m_idle.start();
        ApiRequest request = m_parser.takeRequest();
        request.setRemoteAddress(m_socket->peerAddress());
        m_handler(this, request, std::make_shared<ApiResponder>(this), m_parser.webSocketUpgrade());
    }
    m_pumping = false;
}

void ApiConnection::writeAnswer(QByteArrayView bytes)
{
    if (!m_released) {
        m_socket->write(bytes.data(), bytes.size());
        m_socket->flush(); // now, not when the event loop next finds the socket writable
    }
}

void ApiConnection::answerFinished()
{
    if (!m_busy)
        return;
    m_busy = false;
    if (m_released)
        return;
    if (!m_keepAlive) {
        m_released = true;
        m_socket->disconnectFromHost(); // after the answer is written
        return;
    }
    // Pipelined requests already here: read them (later: the caller may be in the middle of its
    // own bookkeeping). Otherwise the next readyRead does.
    if (!m_pumping && (m_parser.pendingBytes() > 0 || m_socket->bytesAvailable() > 0))
        QMetaObject::invokeMethod(this, &ApiConnection::pump, Qt::QueuedConnection);
}

void ApiConnection::handOver(QThread *thread, Handler handler, const ApiRequest &request,
    std::shared_ptr<ApiResponder> responder, bool upgrade, std::function<void(ApiConnection *)> before)
{
    QMetaObject::invokeMethod(
        this,
        [this, thread, handler = std::move(handler), request, responder = std::move(responder), upgrade,
            before = std::move(before)]() mutable {
            if (m_released)
                return; // closed meanwhile: the responder goes with this lambda
            m_handler = std::move(handler);
            m_socket->setParent(nullptr); // a QObject moves only without a parent
            m_socket->moveToThread(thread); // with this (its child) and the timer
            QMetaObject::invokeMethod(
                this,
                [this, request, responder = std::move(responder), upgrade,
                    before = std::move(before)]() mutable {
                    if (before)
                        before(this);
                    m_handler(this, request, std::move(responder), upgrade);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ApiConnection::releaseSocket()
{
    m_released = true;
    m_idle.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    disconnect(m_socket, &QTcpSocket::disconnected, m_socket, &QObject::deleteLater);
    // The WebSocket server reads the handshake itself: the request goes back in front of the rest.
    const QByteArray raw = m_parser.requestBytesAndRest();
    for (qsizetype i = raw.size() - 1; i >= 0; --i)
        m_socket->ungetChar(raw[i]);
    setParent(nullptr);
    deleteLater();
}

} // namespace lifeline
