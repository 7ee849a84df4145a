#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>
#include <QVarLengthArray>

namespace lifeline {

// One HTTP request as the status server's handlers read it: a value (copyable, can cross threads),
// with QHttpServerRequest's accessors so that a handler does not care who read the bytes. Built
// from QHttpServerRequest (from()) or by the status server's own request reader (the setters).
// The target and the header fields live in one byte array, the fields as offsets into it: reading
// a request costs one allocation for its head, not two per header (every gateway call pays it).
class ApiRequest
{
public:
    using Method = QHttpServerRequest::Method;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    ApiRequest() = default;
    static ApiRequest from(const QHttpServerRequest &request);

    Method method() const { return m_method; }
    // http://{Host}{target}, built on each call: the routes read path() and field() instead.
    QUrl url() const;
    QUrlQuery query() const;
    // The request target's path as sent (percent-encoded), without the query.
    QByteArrayView path() const { return QByteArrayView(m_head).sliced(m_targetAt, m_pathSize); }
    // The first header of that name (case-insensitive), empty when none.
    QByteArray value(QByteArrayView name) const { return field(name).toByteArray(); }
    // The same as a view into this request (valid while it lives, unchanged).
    QByteArrayView field(QByteArrayView name) const;
    // Every header field in order, names as sent; fieldName()/fieldValue() read them without copies.
    Headers headers() const;
    qsizetype fieldCount() const { return m_fields.size(); }
    QByteArrayView fieldName(qsizetype i) const { return slice(m_fields[i].nameAt, m_fields[i].nameSize); }
    QByteArrayView fieldValue(qsizetype i) const { return slice(m_fields[i].valueAt, m_fields[i].valueSize); }
    const QByteArray &body() const { return m_body; }
    QHostAddress remoteAddress() const { return m_remote; }

    void setMethod(Method method) { m_method = method; }
    // The origin-form target (path and query) as sent.
    void setTarget(QByteArrayView target);
    void addHeader(QByteArrayView name, QByteArrayView value);
    void setBody(QByteArray body) { m_body = std::move(body); }
    void setRemoteAddress(const QHostAddress &address) { m_remote = address; }

private:
    friend class HttpRequestParser; // fills m_head and the offsets in one go

    struct Field
    {
        int nameAt = 0;
        int nameSize = 0;
        int valueAt = 0;
        int valueSize = 0;
    };
    static constexpr qsizetype kInlineFields = 16; // a browser sends ~15, an MCP client ~10

    QByteArrayView slice(int at, int size) const { return QByteArrayView(m_head).sliced(at, size); }

    Method m_method = Method::Unknown;
    QByteArray m_head; // the bytes the target and the fields point into
    int m_targetAt = 0;
    int m_targetSize = 0;
    int m_pathSize = 0;
    QVarLengthArray<Field, kInlineFields> m_fields;
    QByteArray m_body;
    QHostAddress m_remote;
};

} // namespace lifeline
