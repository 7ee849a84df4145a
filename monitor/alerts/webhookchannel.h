#pragma once

#include "alertchannel.h"

#include <QByteArray>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace lifeline {

// POSTs each alert as JSON: the alert's toJson() with "source": "mcp-lifeline" and "host", or for
// "format": "slack" an incoming-webhook body {"text": "…"}. A 2xx answer is a delivery; anything
// else (another status, a network error, no answer within the timeout) is retried. The URL and the
// header values may hold secrets: messages name the host only, and headers never appear.
class WebhookChannel final : public AlertChannel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookChannel)

public:
    explicit WebhookChannel(const ChannelSettings &settings, QObject *parent = nullptr);
    ~WebhookChannel() override;

    static QByteArray payload(const ChannelSettings &settings, const Alert &alert);
    static QString slackText(const Alert &alert);

protected:
    void deliver(const Alert &alert) override;

private:
    void onFinished(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
};

} // namespace lifeline
