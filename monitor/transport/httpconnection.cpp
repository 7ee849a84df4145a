#include "httpconnection.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

HttpConnection::HttpConnection(const QString &host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_exchange)
            fail(FailureType::Timeout,
                u"no answer from the server for %1 ms"_s.arg(m_exchange->request().timeoutMs));
        else
            kill(); // idle too long: the server would close it soon anyway
    });
}

HttpConnection::~HttpConnection()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void HttpConnection::openSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QTcpSocket(this);
    m_connected = false;
    connect(m_socket, &QTcpSocket::connected, this, [this] { m_connected = true; });
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return; // disconnected() decides
        if (retryStale())
            return;
        // Never connected: the request's bytes are still in our buffer, the server saw none of
        // them. Not so after a stale retry: the first copy went out on the old connection.
        if (m_exchange)
            fail(FailureType::ConnectionError, m_socket->errorString(), !m_connected && !m_retried);
        else
            kill();
    });
    m_socket->connectToHost(m_host, m_port);
}

void HttpConnection::start(HttpExchange *exchange, const QByteArray &bytes)
{
    Q_ASSERT(isIdle());
    m_exchange = exchange;
    m_request = bytes;
    m_buffer.clear();
    m_body = Body::None;
    m_remaining = 0;
    m_received = 0;
    m_headDone = false;
    m_answerStarted = false;
    m_retried = false;
    exchange->setAbortHandler([this] {
        m_exchange = nullptr;
        kill(); // the rest of the answer would arrive on this connection: it is unusable
    });
    if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
        m_reused = false;
        openSocket();
    }
    m_socket->write(bytes); // buffered until connected
    // On a connected socket, now: QTcpSocket would write it only when the event loop next asks
    // whether the socket is writable, one more turn of the loop on every call.
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush();
    restartTimer();
}

void HttpConnection::restartTimer()
{
    if (m_exchange) {
        const int ms = m_exchange->request().timeoutMs;
        if (ms > 0)
            m_timer->start(ms);
        else
            m_timer->stop();
    } else {
        m_timer->start(kIdleTimeoutMs);
    }
}

void HttpConnection::onReadyRead()
{
    m_buffer.append(m_socket->readAll());
    if (!m_exchange) {
        if (!m_buffer.isEmpty())
            kill(); // bytes nobody asked for: the connection is out of step
        return;
    }
    m_answerStarted = true;
    m_request.clear();
    restartTimer();
    parse();
}

void HttpConnection::onDisconnected()
{
    if (m_dead)
        return;
    if (!m_exchange) {
        kill();
        return;
    }
    if (retryStale())
        return;
    if (m_headDone && m_body == Body::UntilClose) {
        complete();
        return;
    }
    fail(FailureType::ConnectionError,
        m_answerStarted ? u"connection closed before the answer was complete"_s
                        : u"connection closed by the server without an answer"_s);
}

// The server closed the kept-alive connection before answering this request: send it again on a
// fresh one, once (what browsers and QNAM do; nothing of the answer was seen).
bool HttpConnection::retryStale()
{
    if (!m_exchange || m_answerStarted || !m_reused || m_retried)
        return false;
    m_retried = true;
    m_reused = false;
    m_socket->disconnect(this); // its disconnected() or error that follows is not this request's end
    const QByteArray bytes = m_request;
    QTimer::singleShot(0, this, [this, bytes] { // not from inside the old socket's signal
        if (!m_exchange || m_dead)
            return;
        openSocket();
        m_socket->write(bytes);
    });
    return true;
}

void HttpConnection::parse()
{
    while (m_exchange) {
        if (!m_headDone) {
            if (!parseHead())
                return;
            continue;
        }
        switch (m_body) {
        case Body::None:
            complete();
            return;
        case Body::UntilClose:
            deliver(std::exchange(m_buffer, {}));
            return;
        case Body::Length: {
            const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
            if (n > 0) {
                m_remaining -= n;
                deliver(n == m_buffer.size() ? std::exchange(m_buffer, {}) : m_buffer.left(n));
                if (!m_buffer.isEmpty())
                    m_buffer.remove(0, n);
            }
            if (m_remaining == 0 && m_exchange)
                complete();
            return;
        }
        case Body::ChunkSize: {
            const qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0) {
                if (m_buffer.size() > 1024)
                    fail(FailureType::ProtocolError, u"malformed chunked body"_s);
                return;
            }
            QByteArray line = m_buffer.left(eol);
            if (const qsizetype semi = line.indexOf(';'); semi >= 0)
                line.truncate(semi); // chunk extensions
            bool ok = false;
            m_remaining = line.trimmed().toLongLong(&ok, 16);
            m_buffer.remove(0, eol + 2);
            if (!ok || m_remaining < 0) {
                fail(FailureType::ProtocolError, u"malformed chunk size"_s);
                return;
            }
            m_body = m_remaining == 0 ? Body::Trailers : Body::ChunkData;
            continue;
        }
        case Body::ChunkData: {
            const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
            if (n == 0)
                return;
            m_remaining -= n;
            deliver(m_buffer.left(n));
            m_buffer.remove(0, n);
            if (m_remaining == 0)
                m_body = Body::ChunkEnd;
            continue;
        }
        case Body::ChunkEnd:
            if (m_buffer.size() < 2)
                return;
            if (!m_buffer.startsWith("\r\n")) {
                fail(FailureType::ProtocolError, u"malformed chunked body"_s);
                return;
            }
            m_buffer.remove(0, 2);
            m_body = Body::ChunkSize;
            continue;
        case Body::Trailers: {
            const qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0) {
                if (m_buffer.size() > kMaxHeadBytes)
                    fail(FailureType::ProtocolError, u"chunked trailers too long"_s);
                return;
            }
            m_buffer.remove(0, eol + 2);
            if (eol == 0) {
                complete();
                return;
            }
            continue;
        }
        }
    }
}

// The status line and headers; false when more bytes are needed (or the exchange failed).
bool HttpConnection::parseHead()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_buffer.size() > kMaxHeadBytes)
            fail(FailureType::ProtocolError, u"answer head longer than %1 bytes"_s.arg(kMaxHeadBytes));
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    const QByteArray statusLine = lines.first().trimmed();
    // "HTTP/1.1 200 OK"
    const QList<QByteArray> parts = statusLine.split(' ');
    bool ok = false;
    const int status = parts.size() >= 2 ? parts.at(1).toInt(&ok) : 0;
    if (!statusLine.startsWith("HTTP/1.") || !ok || status < 100 || status > 999) {
        fail(FailureType::ProtocolError, u"not an HTTP/1.1 answer"_s);
        return false;
    }
    if (status >= 100 && status < 200)
        return true; // 100 Continue and friends: the real head follows
    const bool http10 = statusLine.startsWith("HTTP/1.0");
    const QByteArray reason = statusLine.mid(parts.at(0).size() + parts.at(1).size() + 2);
    HttpHeaders headers;
    headers.reserve(lines.size() - 1);
    qint64 length = -1;
    bool chunked = false;
    m_keepAlive = !http10;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        QByteArray name = line.left(colon).trimmed();
        QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            length = value.toLongLong(&ok);
            if (!ok || length < 0) {
                fail(FailureType::ProtocolError, u"malformed Content-Length"_s);
                return false;
            }
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            chunked = value.toLower().contains("chunked");
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            const QByteArray v = value.toLower();
            if (v.contains("close"))
                m_keepAlive = false;
            else if (v.contains("keep-alive"))
                m_keepAlive = true;
        }
        headers.append({std::move(name), std::move(value)});
    }
    m_headDone = true;
    if (m_exchange->request().method == "HEAD" || status == 204 || status == 304)
        m_body = Body::None;
    else if (chunked)
        m_body = Body::ChunkSize;
    else if (length >= 0)
        m_body = length == 0 ? Body::None : Body::Length;
    else
        m_body = Body::UntilClose;
    if (m_body == Body::UntilClose)
        m_keepAlive = false;
    m_remaining = length;

    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        // A same-origin redirect is followed (QNAM's NoLessSafeRedirectPolicy did it for us before).
        QByteArray location;
        for (const auto &[n, v] : std::as_const(headers)) {
            if (n.compare("location", Qt::CaseInsensitive) == 0)
                location = v;
        }
        const QUrl from = m_exchange->request().url;
        const QUrl to = from.resolved(QUrl::fromEncoded(location));
        if (!location.isEmpty() && m_exchange->redirects() < 5 && to.scheme() == from.scheme()
            && to.host() == from.host() && to.port(80) == from.port(80)) {
            const QByteArray method
                = (status == 303
                      || ((status == 301 || status == 302) && m_exchange->request().method == "POST"))
                ? QByteArrayLiteral("GET")
                : m_exchange->request().method;
            m_exchange->redirectTo(to, method);
            m_redirectPending = true;
            return true;
        }
    }
    if (length > m_exchange->request().maxBodyBytes) {
        // Refused before any of it is read.
        m_exchange->receiveHead(status, reason, headers);
        if (m_exchange)
            fail(FailureType::ProtocolError,
                u"answer longer than %1 bytes dropped"_s.arg(m_exchange->request().maxBodyBytes));
        return false;
    }
    m_exchange->receiveHead(status, reason, headers);
    m_eventStream = m_exchange && m_exchange->isEventStream();
    return m_exchange != nullptr;
}

void HttpConnection::deliver(const QByteArray &chunk)
{
    if (chunk.isEmpty() || !m_exchange || m_redirectPending)
        return;
    m_received += chunk.size();
    if (!m_eventStream && m_received > m_exchange->request().maxBodyBytes) {
        fail(FailureType::ProtocolError,
            u"answer longer than %1 bytes dropped"_s.arg(m_exchange->request().maxBodyBytes));
        return;
    }
    m_exchange->receiveBody(chunk);
}

void HttpConnection::complete()
{
    HttpExchange *exchange = m_exchange;
    m_exchange = nullptr;
    m_request.clear();
    m_headDone = false;
    if (exchange)
        exchange->setAbortHandler({});
    const bool redirect = std::exchange(m_redirectPending, false);
    if (m_keepAlive && m_buffer.isEmpty()) {
        m_reused = true;
        restartTimer();
    } else {
        kill();
    }
    if (exchange) {
        if (redirect)
            Q_EMIT redirected(exchange);
        else
            exchange->finish();
    }
    if (!m_dead)
        Q_EMIT becameIdle();
}

void HttpConnection::fail(FailureType type, const QString &detail, bool notDelivered)
{
    HttpExchange *exchange = m_exchange;
    m_exchange = nullptr;
    kill();
    if (!exchange)
        return;
    Failure failure = Failure::make(type, detail);
    // A followed redirect: an earlier server had the request (it answered 30x, but who knows).
    failure.notDelivered = notDelivered && exchange->redirects() == 0;
    exchange->finish(failure);
}

void HttpConnection::kill()
{
    if (m_dead)
        return;
    m_dead = true;
    m_timer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    Q_EMIT died();
}

} // namespace lifeline
