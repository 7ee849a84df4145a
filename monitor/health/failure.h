#pragma once

#include <QMetaType>
#include <QString>

namespace lifeline {

// The seeds' failure vocabulary, plus the two kinds only a monitor of processes and protocols sees.
enum class FailureType {
    None,
    Timeout,
    ConnectionError,
    Authentication,
    RateLimit,
    ServerError,
    ProtocolError,
    ProcessExit,
};

QString failureTypeName(FailureType type); // "timeout", … ; empty for None
FailureType failureTypeFromName(const QString &name);

struct Failure
{
    FailureType type = FailureType::None;
    QString detail;
    int httpStatus = 0; // 0 when not an HTTP answer
    int retryAfterMs = -1; // from Retry-After, when the server sent one
    int jsonRpcCode = 0; // 0 when not a JSON-RPC error
    int exitCode = -1; // process_exit: the code of a normal exit, -1 for a signal
    // A request's failure that certainly happened before any byte of it reached the server (the
    // TCP connection was never made; a stdio server's stdin had no reader left when we wrote): the
    // server cannot have run it, so sending it again is safe whatever it does. False whenever in
    // doubt (a kept-alive connection that broke, a followed redirect, a partial write).
    bool notDelivered = false;

    bool isFailure() const { return type != FailureType::None; }
    static Failure make(FailureType type, const QString &detail) { return Failure {type, detail}; }
};

// Classification rules in one place so that transports, probes and tests agree.
Failure classifyHttpStatus(int status, const QByteArray &retryAfterHeader, const QString &reason);
Failure classifyJsonRpcError(int code, const QString &message);
int parseRetryAfterMs(const QByteArray &header); // seconds or an HTTP date; -1 when absent or unreadable

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::Failure)
