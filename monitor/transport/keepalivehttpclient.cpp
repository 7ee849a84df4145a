#include "keepalivehttpclient.h"

#include "httpconnection.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

KeepAliveHttpClient::KeepAliveHttpClient(QObject *parent)
    : QObject(parent)
{ }

KeepAliveHttpClient::~KeepAliveHttpClient()
{
    for (HttpConnection *c : std::as_const(m_connections))
        c->disconnect(this);
}

QByteArray KeepAliveHttpClient::encode(const HttpRequest &request)
{
    const QUrl &url = request.url;
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray out;
    out.reserve(256 + request.body.size());
    out += request.method + ' ' + target + " HTTP/1.1\r\nHost: " + url.host(QUrl::FullyEncoded).toLatin1();
    if (url.port() > 0)
        out += ':' + QByteArray::number(url.port());
    out += "\r\nUser-Agent: mcp-lifeline/" LIFELINE_VERSION "\r\n";
    for (const auto &[name, value] : request.headers)
        out += name + ": " + value + "\r\n";
    if (!request.body.isEmpty() || request.method == "POST" || request.method == "PUT")
        out += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    out += "\r\n";
    out += request.body;
    return out;
}

HttpExchange *KeepAliveHttpClient::send(const HttpRequest &request, QObject *parent)
{
    auto *exchange = new HttpExchange(request, parent);
    if (request.url.scheme() != "http"_L1 || request.url.host().isEmpty()) {
        QTimer::singleShot(0, exchange, [exchange] {
            exchange->finish(Failure::make(FailureType::ConnectionError, u"not a plain http:// URL"_s));
        });
        return exchange;
    }
    dispatch(Pending {exchange, encode(request), request.url.host(), quint16(request.url.port(80))});
    return exchange;
}

void KeepAliveHttpClient::dispatch(Pending pending)
{
    for (HttpConnection *c : std::as_const(m_connections)) {
        if (c->isIdle() && c->host() == pending.host && c->port() == pending.port) {
            startOn(c, pending);
            return;
        }
    }
    if (m_connections.size() >= kMaxConnections) {
        m_queue.append(std::move(pending));
        return;
    }
    auto *c = new HttpConnection(pending.host, pending.port, this);
    ++m_opened;
    m_connections.append(c);
    connect(c, &HttpConnection::becameIdle, this, &KeepAliveHttpClient::drainQueue);
    connect(c, &HttpConnection::died, this, [this, c] {
        m_connections.removeOne(c);
        c->deleteLater();
        drainQueue();
    });
    connect(c, &HttpConnection::redirected, this, [this](HttpExchange *exchange) {
        const HttpRequest &r = exchange->request();
        dispatch(Pending {exchange, encode(r), r.url.host(), quint16(r.url.port(80))});
    });
    startOn(c, pending);
}

void KeepAliveHttpClient::startOn(HttpConnection *connection, const Pending &pending)
{
    if (!pending.exchange || pending.exchange->isFinished())
        return;
    connection->start(pending.exchange, pending.bytes);
}

void KeepAliveHttpClient::drainQueue()
{
    while (!m_queue.isEmpty()) {
        Pending next = m_queue.takeFirst();
        if (!next.exchange || next.exchange->isFinished())
            continue;
        const qsizetype before = m_queue.size();
        dispatch(std::move(next));
        if (m_queue.size() > before)
            return; // went back to the queue: nothing free
    }
}

} // namespace lifeline
