#include "httpcommon.h"

using namespace Qt::StringLiterals;

namespace lifeline::http {

QNetworkRequest makeRequest(const QUrl &url, const KeyValueList &headers)
{
    QNetworkRequest req(url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // HTTP/2 over cleartext is not negotiated by most MCP servers; keep the connection plain.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setRawHeader("User-Agent", "mcp-lifeline/" LIFELINE_VERSION);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name.toUtf8(), value.toUtf8());
    return req;
}

int statusOf(const QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool isEventStream(const QNetworkReply *reply)
{
    return reply->header(QNetworkRequest::ContentTypeHeader)
        .toString()
        .startsWith("text/event-stream"_L1, Qt::CaseInsensitive);
}

Failure failureOf(QNetworkReply *reply, bool abortedByUs)
{
    const int status = statusOf(reply);
    if (status >= 400) {
        return classifyHttpStatus(status, reply->rawHeader("Retry-After"),
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    }
    if (reply->error() == QNetworkReply::NoError)
        return {};
    if (abortedByUs)
        return Failure::make(FailureType::Timeout, u"request abandoned"_s);
    switch (reply->error()) {
    case QNetworkReply::TimeoutError:
        return Failure::make(FailureType::Timeout, reply->errorString());
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolInvalidOperationError:
        return Failure::make(FailureType::ProtocolError, reply->errorString());
    default:
        return Failure::make(FailureType::ConnectionError, reply->errorString());
    }
}

QString describeUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

} // namespace lifeline::http
