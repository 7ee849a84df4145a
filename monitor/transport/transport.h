#pragma once

#include "health/failure.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QStringList>

namespace lifeline {

// One way of carrying JSON-RPC messages to a server. Everything is asynchronous: open() answers
// with opened() or transportFailed(); a transport that failed is dead and is thrown away.
class Transport : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Transport)
public:
    using QObject::QObject;
    ~Transport() override = default;

    virtual void open() = 0;
    // One encoded JSON-RPC message (no newline). `requestId` is set when it is a request, so that a
    // transport can tie an HTTP status or a lost stream to it.
    virtual void send(const QByteArray &message, const QJsonValue &requestId = QJsonValue::Undefined) = 0;
    // The session stopped waiting for this request (timeout): drop whatever carries it.
    virtual void abandon(const QJsonValue &requestId) { Q_UNUSED(requestId) }
    // Graceful end (stdio: close stdin, SIGTERM, SIGKILL; HTTP: DELETE the session); closed() follows.
    virtual void close() = 0;
    // Ends at once and synchronously; used at shutdown. No signal follows.
    virtual void terminate() = 0;
    virtual bool isOpen() const = 0;

    // Protocol facts the session learns during the handshake.
    virtual void setProtocolVersion(const QString &version) { Q_UNUSED(version) }
    virtual void resetSession() { } // forget an HTTP session id before a new initialize
    virtual void openEventStream() { } // Streamable HTTP's optional GET stream
    virtual QString describe() const = 0; // for details and logs; never holds secrets
    virtual qint64 processId() const { return 0; }
    virtual QStringList stderrTail() const { return {}; }

Q_SIGNALS:
    void opened();
    // `relatedRequestId`: the id of our request whose own channel carried the message (a Streamable
    // HTTP POST's SSE stream, or the GET that resumes it); undefined when the transport cannot tell
    // (stdio, legacy SSE, the standalone GET stream).
    // `text`: the message's own JSON text, when it came alone (not in a batch); empty otherwise.
    void messageReceived(const QJsonObject &message,
        const QJsonValue &relatedRequestId = QJsonValue(QJsonValue::Undefined), const QByteArray &text = {});
    // A success response that came alone and reads plainly (jsonrpc::plainResultId()): its id and
    // its text, not parsed — a gateway passes the text on, and a reader that wants the result parses
    // it. Every other message comes as messageReceived().
    void resultReceived(qint64 id, const QJsonValue &relatedRequestId, const QByteArray &text);
    // This request got no JSON-RPC answer because of the transport (HTTP status, reset stream).
    void requestFailed(const QJsonValue &requestId, const lifeline::Failure &failure);
    // Bytes that are not a message (garbage, an oversized line) and belong to no request we know.
    void protocolViolation(const lifeline::Failure &failure);
    // The transport is dead: process exit, connection lost.
    void transportFailed(const lifeline::Failure &failure);
    // HTTP 404 for a request that carried a session id: the server forgot the session.
    void sessionExpired();
    void closed();
};

} // namespace lifeline
