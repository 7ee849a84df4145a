#include "ssetransport.h"

#include "httpcommon.h"
#include "protocol/jsonrpc.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

SseTransport::SseTransport(const ServerConfig &config, QObject *parent)
    : Transport(parent)
    , m_config(config)
    , m_nam(new QNetworkAccessManager(this))
{
    m_nam->setAutoDeleteReplies(false);
}

SseTransport::~SseTransport()
{
    terminate();
}

QString SseTransport::describe() const
{
    return http::describeUrl(m_config.url) + u" (SSE)"_s;
}

void SseTransport::open()
{
    m_parser = SseParser(m_maxBytes);
    QNetworkRequest req = http::makeRequest(m_config.url, m_config.headers);
    req.setRawHeader("Accept", "text/event-stream");
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_stream = m_nam->get(req);
    connect(m_stream, &QNetworkReply::readyRead, this, &SseTransport::onStreamData);
    connect(m_stream, &QNetworkReply::finished, this, &SseTransport::onStreamFinished);
}

void SseTransport::onStreamData()
{
    if (!m_stream)
        return;
    const QByteArray chunk = m_stream->readAll();
    const int status = http::statusOf(m_stream);
    if (status >= 300)
        return;
    if (!http::isEventStream(m_stream)) {
        fail(Failure::make(FailureType::ProtocolError,
            u"expected text/event-stream, got '%1'"_s.arg(
                m_stream->header(QNetworkRequest::ContentTypeHeader).toString())));
        return;
    }
    const SseParser::Output out = m_parser.feed(chunk);
    for (const SseEvent &ev : out.events) {
        if (ev.type == "endpoint"_L1) {
            const QUrl target = m_config.url.resolved(QUrl(QString::fromUtf8(ev.data.trimmed())));
            // The endpoint must stay on the server we were given: never POST elsewhere.
            if (!target.isValid() || target.host() != m_config.url.host()
                || target.port() != m_config.url.port() || target.scheme() != m_config.url.scheme()) {
                fail(Failure::make(FailureType::ProtocolError, u"endpoint event names another origin"_s));
                return;
            }
            const bool first = m_endpoint.isEmpty();
            m_endpoint = target;
            if (first) {
                m_open = true;
                Q_EMIT opened();
            }
        } else if (ev.type == "message"_L1 && !ev.data.trimmed().isEmpty()) {
            const qint64 id = jsonrpc::plainResultId(ev.data);
            const jsonrpc::Parsed parsed = id >= 0 ? jsonrpc::Parsed {} : jsonrpc::parse(ev.data);
            if (id >= 0) {
                Q_EMIT resultReceived(id, QJsonValue(QJsonValue::Undefined), ev.data);
            } else if (!parsed.error.isEmpty()) {
                Q_EMIT protocolViolation(Failure::make(FailureType::ProtocolError, parsed.error));
                continue;
            }
            for (const QJsonObject &o : parsed.objects)
                Q_EMIT messageReceived(
                    o, QJsonValue(QJsonValue::Undefined), parsed.batch ? QByteArray() : ev.data);
        }
        if (!m_stream)
            return;
    }
    if (out.oversized)
        Q_EMIT protocolViolation(Failure::make(FailureType::ProtocolError, u"SSE event too long, dropped"_s));
}

void SseTransport::onStreamFinished()
{
    if (!m_stream)
        return;
    onStreamData();
    if (!m_stream)
        return;
    QNetworkReply *reply = m_stream;
    m_stream = nullptr;
    reply->deleteLater();
    if (m_closing) {
        m_open = false;
        Q_EMIT closed();
        return;
    }
    Failure f = http::failureOf(reply, false);
    if (!f.isFailure())
        f = Failure::make(FailureType::ConnectionError, u"SSE stream closed by the server"_s);
    fail(f);
}

void SseTransport::fail(const Failure &failure)
{
    if (m_failed)
        return;
    m_failed = true;
    m_open = false;
    if (m_stream) {
        QNetworkReply *reply = m_stream;
        m_stream = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    Q_EMIT transportFailed(failure);
}

void SseTransport::send(const QByteArray &message, const QJsonValue &requestId)
{
    if (!m_open)
        return;
    QNetworkRequest req = http::makeRequest(m_endpoint, m_config.headers);
    req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    QNetworkReply *reply = m_nam->post(req, message);
    const QJsonValue id = requestId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
        reply->deleteLater();
        const Failure f = http::failureOf(reply, false);
        if (f.isFailure() && !id.isUndefined() && m_open)
            Q_EMIT requestFailed(id, f);
    });
}

void SseTransport::close()
{
    m_closing = true;
    m_open = false;
    if (m_stream)
        m_stream->abort(); // finished() follows, which emits closed()
    else
        QTimer::singleShot(0, this, &Transport::closed);
}

void SseTransport::terminate()
{
    m_open = false;
    if (m_stream) {
        QNetworkReply *reply = m_stream;
        m_stream = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

} // namespace lifeline
