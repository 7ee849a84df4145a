#include "streamablehttptransport.h"

#include "httpcommon.h"
#include "keepalivehttpclient.h"
#include "protocol/jsonrpc.h"

#include <QNetworkAccessManager>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

static constexpr int kMaxResumes = 3;
static constexpr int kMaxGetFailures = 5;

StreamableHttpTransport::StreamableHttpTransport(const ServerConfig &config, QObject *parent)
    : Transport(parent)
    , m_config(config)
{ }

StreamableHttpTransport::~StreamableHttpTransport()
{
    terminate();
}

QString StreamableHttpTransport::describe() const
{
    return http::describeUrl(m_config.url);
}

void StreamableHttpTransport::open()
{
    m_open = true;
    QTimer::singleShot(0, this, [this] {
        if (m_open)
            Q_EMIT opened();
    });
}

HttpRequest StreamableHttpTransport::baseRequest(const QByteArray &method) const
{
    HttpRequest req;
    req.method = method;
    req.url = m_config.url;
    req.maxBodyBytes = m_maxBytes;
    for (const auto &[name, value] : m_config.headers)
        req.headers.append({name.toUtf8(), value.toUtf8()});
    if (!m_sessionId.isEmpty())
        req.headers.append({"Mcp-Session-Id"_ba, m_sessionId});
    if (!m_protocolVersion.isEmpty())
        req.headers.append({"MCP-Protocol-Version"_ba, m_protocolVersion.toLatin1()});
    return req;
}

HttpExchange *StreamableHttpTransport::start(const HttpRequest &request)
{
    if (request.url.scheme() == "http"_L1) {
        if (!m_client)
            m_client = new KeepAliveHttpClient(this);
        return m_client->send(request, this);
    }
    if (!m_nam) {
        m_nam = new QNetworkAccessManager(this);
        m_nam->setAutoDeleteReplies(false);
    }
    return HttpExchange::sendWithNam(m_nam, request, this);
}

void StreamableHttpTransport::track(HttpExchange *reply, Stream stream)
{
    stream.reply = reply;
    stream.parser = SseParser(m_maxBytes);
    m_streams.insert(reply, std::move(stream));
    connect(reply, &HttpExchange::headersReceived, this, [this, reply] { onMetaData(reply); });
    connect(reply, &HttpExchange::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &HttpExchange::finished, this, [this, reply] { onFinished(reply); });
}

void StreamableHttpTransport::send(const QByteArray &message, const QJsonValue &requestId)
{
    if (!m_open)
        return;
    HttpRequest req = baseRequest("POST"_ba);
    req.headers.append({"Content-Type"_ba, "application/json"_ba});
    req.headers.append({"Accept"_ba, "application/json, text/event-stream"_ba});
    req.body = message;
    Stream stream;
    stream.requestId = requestId;
    track(start(req), std::move(stream));
}

void StreamableHttpTransport::onMetaData(HttpExchange *reply)
{
    auto it = m_streams.find(reply);
    if (it == m_streams.end())
        return;
    it->sse = reply->isEventStream();
    const QByteArray sid = reply->rawHeader("Mcp-Session-Id");
    if (!sid.isEmpty() && m_sessionId.isEmpty() && reply->status() < 300)
        m_sessionId = sid;
}

void StreamableHttpTransport::onReadyRead(HttpExchange *reply)
{
    auto it = m_streams.find(reply);
    if (it == m_streams.end())
        return;
    Stream &s = *it;
    const QByteArray chunk = reply->readAll();
    if (reply->status() >= 300 || s.aborted)
        return;
    if (s.sse) {
        const SseParser::Output out = s.parser.feed(chunk);
        for (const SseEvent &ev : out.events) {
            if (ev.type == "message"_L1 && !ev.data.trimmed().isEmpty())
                deliver(s, ev.data);
        }
        if (out.oversized) {
            const Failure f = Failure::make(
                FailureType::ProtocolError, u"SSE event longer than %1 bytes dropped"_s.arg(m_maxBytes));
            if (!s.requestId.isUndefined() && !s.answered)
                Q_EMIT requestFailed(s.requestId, f);
            else
                Q_EMIT protocolViolation(f);
            s.answered = true;
        }
        return;
    }
    if (s.body.size() + chunk.size() > m_maxBytes) {
        s.aborted = true;
        s.body.clear();
        const Failure f = Failure::make(
            FailureType::ProtocolError, u"answer longer than %1 bytes dropped"_s.arg(m_maxBytes));
        const QJsonValue id = s.requestId;
        reply->abort();
        if (!id.isUndefined())
            Q_EMIT requestFailed(id, f);
        else
            Q_EMIT protocolViolation(f);
        return;
    }
    s.body.append(chunk);
}

void StreamableHttpTransport::deliver(Stream &stream, const QByteArray &json)
{
    if (const qint64 id = jsonrpc::plainResultId(json); id >= 0) {
        if (!stream.requestId.isUndefined() && stream.requestId == QJsonValue(double(id)))
            stream.answered = true;
        Q_EMIT resultReceived(id, stream.requestId, json);
        return;
    }
    const jsonrpc::Parsed parsed = jsonrpc::parse(json);
    if (!parsed.error.isEmpty()) {
        const Failure f = Failure::make(FailureType::ProtocolError, parsed.error);
        if (!stream.requestId.isUndefined() && !stream.answered) {
            stream.answered = true;
            Q_EMIT requestFailed(stream.requestId, f);
        } else {
            Q_EMIT protocolViolation(f);
        }
        return;
    }
    for (const QJsonObject &o : parsed.objects) {
        if (!stream.requestId.isUndefined() && !o.contains("method"_L1)
            && o.value("id"_L1) == stream.requestId)
            stream.answered = true;
        Q_EMIT messageReceived(o, stream.requestId, parsed.batch ? QByteArray() : json);
    }
}

void StreamableHttpTransport::onFinished(HttpExchange *reply)
{
    if (!m_streams.contains(reply))
        return;
    onReadyRead(reply); // whatever arrived with the end of the stream
    auto it = m_streams.find(reply);
    if (it == m_streams.end())
        return;
    Stream s = std::move(*it);
    m_streams.erase(it);
    reply->deleteLater();
    if (s.aborted || !m_open)
        return;

    const int status = reply->status();
    const Failure failure = reply->failure();

    if (s.isGet) {
        if (status >= 400 && status < 500) { // 405: no GET stream here; other 4xx: refused
            if (!s.resumes)
                m_getUnsupported = true;
            if (s.resumes && !s.answered)
                Q_EMIT requestFailed(s.requestId,
                    status == 405 ? Failure::make(FailureType::ConnectionError,
                        u"stream lost and the server cannot resume it (HTTP 405)"_s)
                                  : failure);
            return;
        }
        if (s.resumes) {
            if (s.answered)
                return;
            if (failure.isFailure() && ++m_getFailures > kMaxResumes) {
                Q_EMIT requestFailed(s.requestId, failure);
                return;
            }
            const QString last = s.parser.lastEventId();
            scheduleGet(last, s.parser.retryMs() >= 0 ? s.parser.retryMs() : kDefaultRetryMs, s.requestId);
            return;
        }
        // The standalone stream ended: reconnect as the server asked, unless it keeps failing.
        if (failure.isFailure() && ++m_getFailures > kMaxGetFailures)
            return;
        scheduleGet(s.parser.lastEventId(), s.parser.retryMs() >= 0 ? s.parser.retryMs() : kDefaultRetryMs,
            QJsonValue::Undefined);
        return;
    }

    if (status == 404 && reply->request().hasHeader("Mcp-Session-Id")) {
        m_sessionId.clear();
        Q_EMIT sessionExpired();
        if (!s.requestId.isUndefined()) {
            Failure f = Failure::make(FailureType::ConnectionError, u"session expired (HTTP 404)"_s);
            f.httpStatus = 404;
            Q_EMIT requestFailed(s.requestId, f);
        }
        return;
    }
    if (failure.isFailure()) {
        if (!s.requestId.isUndefined())
            Q_EMIT requestFailed(s.requestId, failure);
        return;
    }
    if (!s.sse) {
        if (!s.body.trimmed().isEmpty())
            deliver(s, s.body);
        if (!s.requestId.isUndefined() && !s.answered) {
            Q_EMIT requestFailed(s.requestId,
                Failure::make(
                    FailureType::ProtocolError, u"HTTP %1 without a JSON-RPC answer"_s.arg(status)));
        }
        return;
    }
    if (!s.requestId.isUndefined() && !s.answered) {
        const QString last = s.parser.lastEventId();
        if (last.isEmpty()) {
            Q_EMIT requestFailed(s.requestId,
                Failure::make(FailureType::ConnectionError, u"SSE stream ended before the answer"_s));
            return;
        }
        // SEP-1699: the server closed the stream on purpose; resume it after `retry` ms.
        m_getFailures = 0;
        scheduleGet(last, s.parser.retryMs() >= 0 ? s.parser.retryMs() : kDefaultRetryMs, s.requestId);
    }
}

void StreamableHttpTransport::scheduleGet(
    const QString &lastEventId, int delayMs, const QJsonValue &resumesRequest)
{
    QTimer::singleShot(delayMs, this, [this, lastEventId, resumesRequest] {
        if (m_open)
            startGet(lastEventId, resumesRequest);
    });
}

void StreamableHttpTransport::startGet(const QString &lastEventId, const QJsonValue &resumesRequest)
{
    HttpRequest req = baseRequest("GET"_ba);
    req.headers.append({"Accept"_ba, "text/event-stream"_ba});
    if (!lastEventId.isEmpty())
        req.headers.append({"Last-Event-ID"_ba, lastEventId.toUtf8()});
    Stream stream;
    stream.isGet = true;
    stream.resumes = !resumesRequest.isUndefined();
    stream.requestId = resumesRequest;
    stream.sse = true;
    track(start(req), std::move(stream));
}

void StreamableHttpTransport::openEventStream()
{
    if (!m_open || m_getUnsupported)
        return;
    for (const Stream &s : std::as_const(m_streams)) {
        if (s.isGet && !s.resumes)
            return;
    }
    m_getFailures = 0;
    startGet({}, QJsonValue::Undefined);
}

void StreamableHttpTransport::abandon(const QJsonValue &requestId)
{
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        if (it->requestId == requestId && !it->aborted) {
            it->aborted = true;
            if (it->reply)
                it->reply->abort();
            return; // abort() may have changed the hash
        }
    }
}

void StreamableHttpTransport::close()
{
    if (!m_open) {
        QTimer::singleShot(0, this, &Transport::closed);
        return;
    }
    m_open = false;
    const QList<HttpExchange *> replies = m_streams.keys();
    for (HttpExchange *r : replies) {
        if (m_streams.contains(r)) {
            m_streams[r].aborted = true;
            r->abort();
        }
    }
    if (m_sessionId.isEmpty()) {
        QTimer::singleShot(0, this, &Transport::closed);
        return;
    }
    // End the session politely; a server that does not answer within 2 s is not waited for.
    HttpRequest req = baseRequest("DELETE"_ba);
    req.timeoutMs = 2000;
    HttpExchange *reply = start(req);
    m_sessionId.clear();
    connect(reply, &HttpExchange::finished, this, [this, reply] {
        reply->deleteLater();
        Q_EMIT closed();
    });
}

void StreamableHttpTransport::terminate()
{
    m_open = false;
    const QList<HttpExchange *> replies = m_streams.keys();
    for (HttpExchange *r : replies) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    m_streams.clear();
}

} // namespace lifeline
