#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>

namespace lifeline {

// What a gateway call is answered with: a JSON-RPC result or error object, with the client's id.
// Either an object Lifeline built, or the upstream's own answer as text with only the id changed:
// a forwarded answer is passed on as it came, without a parse into an object and an encode back
// on every call (its bytes, key order and number spelling included).
class GatewayAnswer
{
public:
    GatewayAnswer() = default;
    GatewayAnswer(QJsonObject object) // NOLINT(google-explicit-constructor): every built answer is one
        : m_object(std::move(object))
    { }
    static GatewayAnswer fromText(QByteArray text);

    bool isText() const { return !m_text.isEmpty(); }
    QJsonObject toObject() const; // the text parsed, when it is text
    QByteArray toJson() const; // JSON on one line

private:
    QJsonObject m_object;
    QByteArray m_text;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::GatewayAnswer)
