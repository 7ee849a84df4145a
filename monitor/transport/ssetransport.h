#pragma once

#include "config/serverconfig.h"
#include "protocol/sseparser.h"
#include "transport.h"

#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace lifeline {

// The legacy HTTP+SSE transport (2024-11-05): a GET opens an event stream whose `endpoint` event
// names where to POST; answers arrive on the stream.
class SseTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SseTransport)
public:
    explicit SseTransport(const ServerConfig &config, QObject *parent = nullptr);
    ~SseTransport() override;

    void open() override;
    void send(const QByteArray &message, const QJsonValue &requestId = QJsonValue::Undefined) override;
    void close() override;
    void terminate() override;
    bool isOpen() const override { return m_open; }
    QString describe() const override;

    QUrl endpoint() const { return m_endpoint; }
    void setMaxMessageBytes(qsizetype bytes) { m_maxBytes = bytes; }

private:
    void onStreamData();
    void onStreamFinished();
    void fail(const Failure &failure);

    ServerConfig m_config;
    QNetworkAccessManager *m_nam = nullptr;
    QPointer<QNetworkReply> m_stream;
    SseParser m_parser;
    QUrl m_endpoint;
    qsizetype m_maxBytes = 16 * 1024 * 1024;
    bool m_open = false;
    bool m_closing = false;
    bool m_failed = false;
};

} // namespace lifeline
