#include "webhookchannel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSysInfo>

#include "config/duration.h"

using namespace Qt::StringLiterals;

namespace lifeline {

WebhookChannel::WebhookChannel(const ChannelSettings &settings, QObject *parent)
    : AlertChannel(settings, parent)
    , m_network(new QNetworkAccessManager(this))
{ }

WebhookChannel::~WebhookChannel()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QString WebhookChannel::slackText(const Alert &alert)
{
    const QString where = alert.server.isEmpty() ? u"MCP Lifeline"_s : alert.server;
    if (alert.state == AlertState::Resolved)
        return tr(":white_check_mark: *Resolved* [%1] %2: %3")
            .arg(severityName(alert.severity), where, alert.message);
    const QString mark = alert.severity == AlertSeverity::Critical ? u":red_circle:"_s
        : alert.severity == AlertSeverity::Warning                 ? u":warning:"_s
                                                                   : u":information_source:"_s;
    return tr("%1 *%2* %3: %4").arg(mark, severityName(alert.severity).toUpper(), where, alert.message);
}

QByteArray WebhookChannel::payload(const ChannelSettings &settings, const Alert &alert)
{
    QJsonObject body;
    if (settings.format == WebhookFormat::Slack) {
        body.insert(u"text"_s, slackText(alert));
    } else {
        body = alert.toJson();
        body.insert(u"source"_s, u"mcp-lifeline"_s);
        body.insert(u"host"_s, QSysInfo::machineHostName());
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void WebhookChannel::deliver(const Alert &alert)
{
    QNetworkRequest request(settings().url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"mcp-lifeline/" LIFELINE_VERSION ""_s);
    for (const auto &[name, value] : settings().headers)
        request.setRawHeader(name.toLatin1(), value.toUtf8());
    request.setTransferTimeout(settings().timeoutMs);
    QNetworkReply *reply = m_network->post(request, payload(settings(), alert));
    m_reply = reply;
    // The answer's body is not needed: read and dropped as it comes, so memory stays flat.
    connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->skip(reply->bytesAvailable()); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void WebhookChannel::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_reply == reply)
        m_reply.clear();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        attemptSucceeded();
        return;
    }
    const QString host = settings().url.host();
    QString message;
    if (status > 0) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        message = tr("%1 answered HTTP %2").arg(host).arg(status);
        if (!reason.isEmpty())
            message += u' ' + reason.left(80);
    } else {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            message = tr("%1 refused the connection").arg(host);
            break;
        case QNetworkReply::HostNotFoundError:
            message = tr("host %1 not found").arg(host);
            break;
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            message = tr("%1 did not answer within %2").arg(host, formatDuration(settings().timeoutMs));
            break;
        default:
            // Qt's text may quote the whole URL, and with it a token: keep only the host.
            message = tr("%1: %2").arg(host, reply->errorString().replace(settings().url.toString(), host));
            break;
        }
    }
    attemptFailed(message);
}

} // namespace lifeline
