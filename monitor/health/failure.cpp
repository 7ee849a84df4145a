#include "failure.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace lifeline {

QString failureTypeName(FailureType type)
{
    switch (type) {
    case FailureType::None:
        return {};
    case FailureType::Timeout:
        return u"timeout"_s;
    case FailureType::ConnectionError:
        return u"connection_error"_s;
    case FailureType::Authentication:
        return u"authentication"_s;
    case FailureType::RateLimit:
        return u"rate_limit"_s;
    case FailureType::ServerError:
        return u"server_error"_s;
    case FailureType::ProtocolError:
        return u"protocol_error"_s;
    case FailureType::ProcessExit:
        return u"process_exit"_s;
    }
    return {};
}

FailureType failureTypeFromName(const QString &name)
{
    for (auto t : {FailureType::Timeout, FailureType::ConnectionError, FailureType::Authentication,
             FailureType::RateLimit, FailureType::ServerError, FailureType::ProtocolError,
             FailureType::ProcessExit}) {
        if (failureTypeName(t) == name)
            return t;
    }
    return FailureType::None;
}

int parseRetryAfterMs(const QByteArray &header)
{
    const QByteArray v = header.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qlonglong seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? -1 : int(qMin<qlonglong>(seconds, 24 * 3600) * 1000);
    // RFC 9110 HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(v), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!when.isValid())
        return -1;
    when.setTimeZone(QTimeZone::utc());
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(when);
    return int(qBound<qint64>(0, ms, 24LL * 3600 * 1000));
}

Failure classifyHttpStatus(int status, const QByteArray &retryAfterHeader, const QString &reason)
{
    Failure f;
    f.httpStatus = status;
    const QString detail
        = reason.isEmpty() ? u"HTTP %1"_s.arg(status) : u"HTTP %1 %2"_s.arg(status).arg(reason);
    f.detail = detail;
    if (status == 401 || status == 403) {
        f.type = FailureType::Authentication;
    } else if (status == 429) {
        f.type = FailureType::RateLimit;
        f.retryAfterMs = parseRetryAfterMs(retryAfterHeader);
    } else if (status >= 500) {
        f.type = FailureType::ServerError;
        if (status == 503)
            f.retryAfterMs = parseRetryAfterMs(retryAfterHeader);
    } else if (status >= 400) {
        f.type = FailureType::ProtocolError;
    } else {
        f.type = FailureType::None;
    }
    return f;
}

Failure classifyJsonRpcError(int code, const QString &message)
{
    Failure f;
    f.jsonRpcCode = code;
    f.detail = u"JSON-RPC error %1: %2"_s.arg(code).arg(message.left(300));
    if (code == -32603 || (code <= -32000 && code >= -32099))
        f.type = FailureType::ServerError;
    else
        f.type = FailureType::ProtocolError;
    return f;
}

} // namespace lifeline
