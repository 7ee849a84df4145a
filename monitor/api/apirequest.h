#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

namespace lifeline {

// One HTTP request as the status server's handlers read it: a value (copyable, can cross threads),
// with QHttpServerRequest's accessors so that a handler does not care who read the bytes. Built
// from QHttpServerRequest (from()) or by the status server's own request reader (the setters).
class ApiRequest
{
public:
    using Method = QHttpServerRequest::Method;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    ApiRequest() = default;
    static ApiRequest from(const QHttpServerRequest &request);

    Method method() const { return m_method; }
    QUrl url() const { return m_url; }
    QUrlQuery query() const { return QUrlQuery(m_url); }
    // The first header of that name (case-insensitive), empty when none.
    QByteArray value(QByteArrayView name) const;
    const Headers &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }
    QHostAddress remoteAddress() const { return m_remote; }

    void setMethod(Method method) { m_method = method; }
    void setUrl(const QUrl &url) { m_url = url; }
    void setHeaders(Headers headers) { m_headers = std::move(headers); }
    void addHeader(const QByteArray &name, const QByteArray &value) { m_headers.append({name, value}); }
    void setBody(QByteArray body) { m_body = std::move(body); }
    void setRemoteAddress(const QHostAddress &address) { m_remote = address; }

private:
    Method m_method = Method::Unknown;
    QUrl m_url;
    Headers m_headers;
    QByteArray m_body;
    QHostAddress m_remote;
};

} // namespace lifeline
