#include "gatewayanswer.h"

#include "protocol/jsonrpc.h"

#include <QJsonDocument>

namespace lifeline {

GatewayAnswer GatewayAnswer::fromText(QByteArray text)
{
    GatewayAnswer a;
    a.m_text = std::move(text);
    return a;
}

QJsonObject GatewayAnswer::toObject() const
{
    return isText() ? QJsonDocument::fromJson(m_text).object() : m_object;
}

QByteArray GatewayAnswer::toJson() const
{
    return isText() ? m_text : jsonrpc::encode(m_object);
}

} // namespace lifeline
