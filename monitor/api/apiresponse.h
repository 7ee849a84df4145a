#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>

#include <utility>

namespace lifeline {

// One HTTP answer of the status server: a status, header fields in the order they were added,
// and a body of a media type. Ours rather than QHttpServerResponse: Qt 6.4's cannot list its
// header fields (a writer had to know every name in advance), and building one — even a
// placeholder that is never sent — costs a header table and a MIME type lookup on every request.
class ApiResponse
{
public:
    using StatusCode = QHttpServerResponder::StatusCode; // the status names callers already use

    // No body: "application/x-empty", as QHttpServerResponse wrote it.
    ApiResponse(StatusCode status = StatusCode::Ok); // NOLINT(google-explicit-constructor)
    ApiResponse(QByteArray mimeType, QByteArray data, StatusCode status = StatusCode::Ok);
    explicit ApiResponse(const QJsonObject &json, StatusCode status = StatusCode::Ok); // compact

    StatusCode statusCode() const { return m_status; }
    const QByteArray &data() const { return m_data; }
    const QByteArray &mimeType() const { return m_mimeType; } // written as Content-Type

    // Content-Type sets the media type; any other name is kept as a field (names compare without
    // regard to case, as HTTP's do).
    void addHeader(QByteArray name, QByteArray value);
    void setHeader(QByteArray name, QByteArray value); // instead of every field of that name
    bool hasHeader(QByteArrayView name) const;
    QList<QByteArray> headers(QByteArrayView name) const;
    // Every field but Content-Type, in the order added.
    const QList<std::pair<QByteArray, QByteArray>> &fields() const { return m_fields; }

private:
    StatusCode m_status;
    QByteArray m_mimeType;
    QByteArray m_data;
    QList<std::pair<QByteArray, QByteArray>> m_fields;
};

} // namespace lifeline
