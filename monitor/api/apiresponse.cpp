#include "apiresponse.h"

#include <QJsonDocument>

namespace lifeline {

namespace {

bool isContentType(QByteArrayView name)
{
    return name.compare("Content-Type", Qt::CaseInsensitive) == 0;
}

} // namespace

ApiResponse::ApiResponse(StatusCode status)
    : m_status(status)
    , m_mimeType(QByteArrayLiteral("application/x-empty")) // static: no allocation
{ }

ApiResponse::ApiResponse(QByteArray mimeType, QByteArray data, StatusCode status)
    : m_status(status)
    , m_mimeType(std::move(mimeType))
    , m_data(std::move(data))
{ }

ApiResponse::ApiResponse(const QJsonObject &json, StatusCode status)
    : m_status(status)
    , m_mimeType(QByteArrayLiteral("application/json"))
    , m_data(QJsonDocument(json).toJson(QJsonDocument::Compact))
{ }

void ApiResponse::addHeader(QByteArray name, QByteArray value)
{
    if (isContentType(name))
        m_mimeType = std::move(value);
    else
        m_fields.append({std::move(name), std::move(value)});
}

void ApiResponse::setHeader(QByteArray name, QByteArray value)
{
    m_fields.removeIf([&](const auto &field) {
        return QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0;
    });
    addHeader(std::move(name), std::move(value));
}

bool ApiResponse::hasHeader(QByteArrayView name) const
{
    if (isContentType(name))
        return true;
    return std::any_of(m_fields.cbegin(), m_fields.cend(), [&](const auto &field) {
        return QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

QList<QByteArray> ApiResponse::headers(QByteArrayView name) const
{
    if (isContentType(name))
        return {m_mimeType};
    QList<QByteArray> values;
    for (const auto &field : m_fields) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            values.append(field.second);
    }
    return values;
}

} // namespace lifeline
