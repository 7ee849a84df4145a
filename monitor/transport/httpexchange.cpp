#include "httpexchange.h"

#include "httpcommon.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace lifeline {

bool HttpRequest::hasHeader(const QByteArray &name) const
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HttpExchange::HttpExchange(const HttpRequest &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
{ }

HttpExchange::~HttpExchange() = default;

void HttpExchange::redirectTo(const QUrl &url, const QByteArray &method)
{
    ++m_redirects;
    m_request.url = url;
    if (method != m_request.method) { // 303 (and 301/302 after a POST): GET without the body
        m_request.method = method;
        m_request.body.clear();
    }
}

QByteArray HttpExchange::rawHeader(const QByteArray &name) const
{
    for (const auto &[n, v] : m_headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

bool HttpExchange::isEventStream() const
{
    return rawHeader("Content-Type").trimmed().toLower().startsWith("text/event-stream");
}

QByteArray HttpExchange::readAll()
{
    return std::exchange(m_body, {});
}

Failure HttpExchange::failure() const
{
    if (m_status >= 400)
        return classifyHttpStatus(m_status, rawHeader("Retry-After"), QString::fromLatin1(m_reason));
    return m_transportFailure;
}

void HttpExchange::abort()
{
    if (m_finished)
        return;
    if (m_abortHandler)
        std::exchange(m_abortHandler, {})();
    finish(Failure::make(FailureType::ConnectionError, u"Operation canceled"_s));
}

void HttpExchange::receiveHead(int status, const QByteArray &reason, const HttpHeaders &headers)
{
    m_status = status;
    m_reason = reason;
    m_headers = headers;
    Q_EMIT headersReceived();
}

void HttpExchange::receiveBody(const QByteArray &chunk)
{
    if (m_finished || chunk.isEmpty())
        return;
    m_body.append(chunk);
    Q_EMIT readyRead();
}

void HttpExchange::finish(const Failure &transportFailure)
{
    if (m_finished)
        return;
    m_finished = true;
    m_abortHandler = {};
    m_transportFailure = transportFailure;
    Q_EMIT finished();
}

HttpExchange *HttpExchange::sendWithNam(
    QNetworkAccessManager *nam, const HttpRequest &request, QObject *parent)
{
    QNetworkRequest req = http::makeRequest(request.url, {});
    for (const auto &[name, value] : request.headers)
        req.setRawHeader(name, value);
    if (request.timeoutMs > 0)
        req.setTransferTimeout(request.timeoutMs);
    QNetworkReply *reply = nam->sendCustomRequest(req, request.method, request.body);
    auto *exchange = new HttpExchange(request, parent);
    reply->setParent(exchange);
    const QPointer<QNetworkReply> guard(reply);
    exchange->setAbortHandler([guard] {
        if (guard) {
            guard->disconnect();
            guard->abort();
        }
    });
    connect(reply, &QNetworkReply::metaDataChanged, exchange, [exchange, reply] {
        HttpHeaders headers;
        for (const auto &[name, value] : reply->rawHeaderPairs())
            headers.append({name, value});
        exchange->receiveHead(http::statusOf(reply),
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toLatin1(), headers);
    });
    connect(reply, &QNetworkReply::readyRead, exchange, [exchange, reply] {
        if (reply->isOpen())
            exchange->receiveBody(reply->readAll());
    });
    // QNAM says when the request's bytes were written (requestSent, once per attempt); a failure before
    // that (refused, host lookup, TLS handshake) reached no server, so even a non-idempotent call may go
    // again. The same rule the keep-alive client applies to plain http://.
    auto sent = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::requestSent, exchange, [sent] { *sent = true; });
    connect(reply, &QNetworkReply::finished, exchange, [exchange, reply, sent] {
        if (reply->isOpen())
            exchange->receiveBody(reply->readAll());
        // An HTTP error status is classified by failure() from the status; only transport errors here.
        const bool httpError = http::statusOf(reply) >= 400;
        Failure failure = httpError ? Failure {} : http::failureOf(reply, false);
        failure.notDelivered = failure.isFailure() && !*sent;
        exchange->finish(failure);
    });
    return exchange;
}

} // namespace lifeline
