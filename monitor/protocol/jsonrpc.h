#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace lifeline::jsonrpc {

enum class Kind { Request, Notification, Response, Error, Invalid };

struct Message
{
    Kind kind = Kind::Invalid;
    QJsonValue id; // request/response id (number or string)
    QString method; // requests and notifications
    QJsonValue params;
    QJsonValue result; // Response
    int errorCode = 0; // Error
    QString errorMessage;
    QString invalidReason; // Invalid: why
};

Message decode(const QJsonObject &object);

struct Parsed
{
    QList<QJsonObject> objects; // one, or the members of a batch
    QString error; // not JSON / not an object or array of objects
    bool batch = false; // an array: the text is not any one object's
};
Parsed parse(QByteArrayView bytes);
// When `text` is a success response to one of our own requests, exactly as decode() would read it
// ("jsonrpc": "2.0", an "id" that is a plain non-negative integer, a "result", no "method"), and
// valid JSON (jsontext::isValid()): that id. Otherwise -1, and the caller parses the text. Lets a
// transport hand an answer over without building a document for it: a gateway passes the text on.
qint64 plainResultId(QByteArrayView text);

QJsonObject makeRequest(const QJsonValue &id, const QString &method, const QJsonObject &params = {});
QJsonObject makeNotification(const QString &method, const QJsonObject &params = {});
QJsonObject makeResult(const QJsonValue &id, const QJsonValue &result);
QJsonObject makeError(const QJsonValue &id, int code, const QString &message);
QByteArray encode(const QJsonObject &message); // compact, no newline
// A request with an integer id, written without building a QJsonObject first: this is the hot
// path of every check. Same bytes as encode(makeRequest(...)) up to key order.
QByteArray encodeRequest(qint64 id, const QString &method, const QJsonObject &params = {});
// The same with params that are JSON text already (an object's, as a client sent it): the gateway
// passes a call's arguments on without encoding them again.
QByteArray encodeRequest(qint64 id, const QString &method, QByteArrayView paramsText);

// Standard error codes.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;

QString idKey(const QJsonValue &id); // a stable map key for a number or string id

} // namespace lifeline::jsonrpc
