#include "jsonrpc.h"

#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace lifeline::jsonrpc {

static bool validId(const QJsonValue &id)
{
    return id.isString() || id.isDouble();
}

Message decode(const QJsonObject &o)
{
    // Every message of every check passes here: each key is looked up once.
    Message m;
    const QJsonValue version = o.value("jsonrpc"_L1);
    if (!version.isString() || version.toString() != "2.0"_L1) {
        m.invalidReason = u"missing \"jsonrpc\": \"2.0\""_s;
        return m;
    }
    const auto idIt = o.constFind("id"_L1);
    const bool hasId = idIt != o.constEnd();
    const QJsonValue method = o.value("method"_L1);
    if (method.isString()) {
        m.method = method.toString();
        m.params = o.value("params"_L1);
        if (!m.params.isUndefined() && !m.params.isObject() && !m.params.isArray()) {
            m.invalidReason = u"\"params\" must be an object or array"_s;
            return m;
        }
        if (hasId) {
            m.id = *idIt;
            if (!validId(m.id)) {
                m.invalidReason = u"request id must be a string or number"_s;
                return m;
            }
            m.kind = Kind::Request;
        } else {
            m.kind = Kind::Notification;
        }
        return m;
    }
    if (!method.isUndefined()) {
        m.invalidReason = u"\"method\" must be a string"_s;
        return m;
    }
    if (hasId)
        m.id = *idIt;
    const auto resultIt = o.constFind("result"_L1);
    if (resultIt != o.constEnd()) {
        m.kind = Kind::Response;
        m.result = *resultIt;
        if (!validId(m.id)) {
            m.kind = Kind::Invalid;
            m.invalidReason = u"response id must be a string or number"_s;
        }
        return m;
    }
    const QJsonValue err = o.value("error"_L1);
    if (err.isObject()) {
        const QJsonObject e = err.toObject();
        const QJsonValue code = e.value("code"_L1);
        if (!code.isDouble()) {
            m.invalidReason = u"error without a numeric code"_s;
            return m;
        }
        m.kind = Kind::Error;
        m.errorCode = code.toInt();
        m.errorMessage = e.value("message"_L1).toString();
        return m;
    }
    m.invalidReason = u"neither request, notification nor response"_s;
    return m;
}

qint64 plainResultId(QByteArrayView text)
{
    // Cheap refusals first: most messages that are not answers say "method" early on.
    if (!text.contains("\"result\"") || !jsontext::isValid(text))
        return -1;
    jsontext::Span found[4];
    if (!jsontext::members(text, {"jsonrpc", "id", "result", "method"}, found) || !found[1].isValid()
        || !found[2].isValid() || found[3].isValid())
        return -1;
    if (!found[0].isValid() || text.sliced(found[0].begin, found[0].size()) != QByteArrayView("\"2.0\""))
        return -1; // absent, or not a plain "2.0"
    // Anything but a plain integer (a string, a fraction): decode() and pendingKey() read it.
    return jsontext::plainInteger(text.sliced(found[1].begin, found[1].size()));
}

Parsed parse(QByteArrayView bytes)
{
    Parsed p;
    QJsonParseError pe;
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromRawData(bytes.data(), bytes.size()), &pe);
    if (pe.error != QJsonParseError::NoError) {
        const QByteArray head = QByteArray(bytes.data(), qMin<qsizetype>(bytes.size(), 80)).simplified();
        p.error = u"not JSON (%1 at offset %2): %3"_s.arg(pe.errorString())
                      .arg(pe.offset)
                      .arg(QString::fromUtf8(head));
        return p;
    }
    if (doc.isObject()) {
        p.objects.append(doc.object());
    } else if (doc.isArray()) {
        p.batch = true;
        const QJsonArray a = doc.array();
        for (const QJsonValue &v : a) {
            if (!v.isObject()) {
                p.objects.clear();
                p.error = u"batch member is not an object"_s;
                return p;
            }
            p.objects.append(v.toObject());
        }
        if (p.objects.isEmpty())
            p.error = u"empty batch"_s;
    } else {
        p.error = u"JSON value is not an object"_s;
    }
    return p;
}

QJsonObject makeRequest(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    QJsonObject o {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, id}, {"method"_L1, method}};
    if (!params.isEmpty())
        o.insert("params"_L1, params);
    return o;
}

QJsonObject makeNotification(const QString &method, const QJsonObject &params)
{
    QJsonObject o {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, method}};
    if (!params.isEmpty())
        o.insert("params"_L1, params);
    return o;
}

QJsonObject makeResult(const QJsonValue &id, const QJsonValue &result)
{
    // Latin-1 keys and a shared "2.0": an initializer list makes a QString of each key and of the
    // version (an allocation each), on every answer the gateway passes on.
    static const QJsonValue version(u"2.0"_s);
    QJsonObject o;
    o.insert("id"_L1, id); // in key order: the object keeps its keys sorted
    o.insert("jsonrpc"_L1, version);
    o.insert("result"_L1, result);
    return o;
}

QJsonObject makeError(const QJsonValue &id, int code, const QString &message)
{
    return {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, id},
        {"error"_L1, QJsonObject {{"code"_L1, code}, {"message"_L1, message}}}};
}

QByteArray encode(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

static bool plainMethod(const QString &method)
{
    for (QChar c : method) {
        if (c == u'"' || c == u'\\' || c.unicode() < 0x20)
            return false;
    }
    return true;
}

static QByteArray requestText(qint64 id, const QString &method, QByteArrayView paramsText)
{
    QByteArray out;
    out.reserve(56 + method.size() + paramsText.size());
    out.append(R"({"jsonrpc":"2.0","id":)").append(QByteArray::number(id)).append(R"(,"method":")");
    out.append(method.toUtf8()).append('"');
    if (!paramsText.isEmpty())
        out.append(R"(,"params":)").append(paramsText);
    out.append('}');
    return out;
}

QByteArray encodeRequest(qint64 id, const QString &method, const QJsonObject &params)
{
    if (!plainMethod(method))
        return encode(makeRequest(double(id), method, params)); // needs escaping: the slow path
    return requestText(
        id, method, params.isEmpty() ? QByteArray() : QJsonDocument(params).toJson(QJsonDocument::Compact));
}

QByteArray encodeRequest(qint64 id, const QString &method, QByteArrayView paramsText)
{
    if (!plainMethod(method)) {
        const QJsonObject params = QJsonDocument::fromJson(paramsText.toByteArray()).object();
        return encode(makeRequest(double(id), method, params));
    }
    return requestText(id, method, paramsText);
}

QString idKey(const QJsonValue &id)
{
    if (id.isString())
        return u"s:"_s + id.toString();
    if (id.isDouble())
        return u"n:"_s + QString::number(id.toDouble(), 'g', 17);
    return {};
}

} // namespace lifeline::jsonrpc
