#pragma once

#include "config/serverconfig.h"
#include "httpexchange.h"
#include "protocol/sseparser.h"
#include "transport.h"

#include <QHash>
#include <QPointer>

class QNetworkAccessManager;
class QTimer;

namespace lifeline {

class KeepAliveHttpClient;

// MCP Streamable HTTP (2025-03-26 and later): every message is a POST to one endpoint; the answer
// comes back as JSON or as an SSE stream; a stream that ends early is resumed with GET +
// Last-Event-ID after the server's `retry:` delay. Plain http:// goes over KeepAliveHttpClient
// (reused connections); https:// stays on QNAM (TLS, proxies).
class StreamableHttpTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamableHttpTransport)
public:
    explicit StreamableHttpTransport(const ServerConfig &config, QObject *parent = nullptr);
    ~StreamableHttpTransport() override;

    void open() override;
    void send(const QByteArray &message, const QJsonValue &requestId = QJsonValue::Undefined) override;
    void abandon(const QJsonValue &requestId) override;
    void close() override;
    void terminate() override;
    bool isOpen() const override { return m_open; }
    void setProtocolVersion(const QString &version) override { m_protocolVersion = version; }
    void resetSession() override { m_sessionId.clear(); }
    void openEventStream() override;
    QString describe() const override;

    QByteArray sessionId() const { return m_sessionId; }
    void setMaxMessageBytes(qsizetype bytes) { m_maxBytes = bytes; }
    static constexpr int kDefaultRetryMs = 1000;

private:
    struct Stream
    {
        QPointer<HttpExchange> reply;
        // The request this POST carries; undefined for a notification's POST and the standalone GET
        // (QJsonValue's default is null, which is an id).
        QJsonValue requestId = QJsonValue::Undefined;
        bool isGet = false; // a GET stream: standalone, or resuming a POST's stream
        bool resumes = false; // a GET that resumes a stream carrying requestId
        bool sse = false;
        bool answered = false; // the answer to requestId arrived on this stream
        bool aborted = false;
        QByteArray body; // JSON answers
        SseParser parser;
    };

    HttpRequest baseRequest(const QByteArray &method) const;
    HttpExchange *start(const HttpRequest &request);
    void track(HttpExchange *reply, Stream stream);
    void onMetaData(HttpExchange *reply);
    void onReadyRead(HttpExchange *reply);
    void onFinished(HttpExchange *reply);
    void deliver(Stream &stream, const QByteArray &json);
    void scheduleGet(const QString &lastEventId, int delayMs, const QJsonValue &resumesRequest);
    void startGet(const QString &lastEventId, const QJsonValue &resumesRequest);

    ServerConfig m_config;
    QNetworkAccessManager *m_nam = nullptr; // https:// only, made when first needed
    KeepAliveHttpClient *m_client = nullptr; // http://
    QHash<HttpExchange *, Stream> m_streams;
    QByteArray m_sessionId;
    QString m_protocolVersion;
    qsizetype m_maxBytes = 16 * 1024 * 1024;
    bool m_open = false;
    bool m_getUnsupported = false;
    int m_getFailures = 0;
};

} // namespace lifeline
