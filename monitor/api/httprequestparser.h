#pragma once

#include "apirequest.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

namespace lifeline {

// Reads HTTP/1.1 requests (RFC 9112) out of a byte stream, incrementally: append() what the socket
// gave, then parse() until it says NeedMore. No sockets here, so that every rule can be tested
// byte by byte. Bounds (ApiTcpServer's): a head over kMaxHeadBytes is 431, a body over
// kMaxBodyBytes is 413 before any of it is buffered; a request that could be read two ways
// (Content-Length and Transfer-Encoding, two different lengths) is 400 (request smuggling).
// After an error the parser stays failed: the connection answers and closes.
class HttpRequestParser
{
public:
    enum class Result { NeedMore, Request, Error };

    void append(QByteArrayView bytes) { m_buffer.append(bytes); }
    // Up to `max` bytes from `device`, read straight into the buffer (no QByteArray in between).
    qint64 readFrom(QIODevice *device, qint64 max);
    Result parse();
    // The request parse() has just completed (remote/local address are the connection's to set).
    ApiRequest takeRequest() { return std::move(m_request); }

    // The current request's head is read and its body is not complete yet.
    bool inBody() const { return m_state != State::Head && m_state != State::Failed; }
    // The current (or just completed) request asked for "100 Continue" before sending its body.
    bool expectsContinue() const { return m_expectContinue; }
    // Of the current or just completed request: the connection stays open after the answer.
    bool keepAlive() const { return m_keepAlive; }
    bool http10() const { return m_http10; }
    // Of the current or just completed request: "Upgrade: websocket".
    bool webSocketUpgrade() const { return m_upgrade; }
    // The just completed request's bytes and all that follows it, as they came (a WebSocket
    // hand-over puts them back on the socket).
    QByteArray requestBytesAndRest() const { return m_buffer.mid(m_requestStart); }
    // Bytes received and not yet part of a completed request.
    qsizetype pendingBytes() const { return m_buffer.size() - m_pos; }

    int errorStatus() const { return m_errorStatus; }
    QByteArray errorReason() const { return m_errorReason; }
    QString errorMessage() const { return m_errorMessage; }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Failed };

    Result fail(int status, const QString &message);
    Result parseHead(qsizetype end);
    Result finish();

    State m_state = State::Head;
    QByteArray m_buffer;
    qsizetype m_pos = 0; // first byte not yet consumed
    qsizetype m_requestStart = 0;
    qsizetype m_scanFrom = 0; // where the search for the head's end resumes
    qint64 m_remaining = 0; // body bytes (Content-Length) or bytes of the current chunk still to come
    ApiRequest m_request;
    bool m_expectContinue = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_upgrade = false;
    int m_errorStatus = 0;
    QByteArray m_errorReason;
    QString m_errorMessage;
};

} // namespace lifeline
