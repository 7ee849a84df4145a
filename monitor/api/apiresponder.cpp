#include "apiresponder.h"
#include "apiresponse.h"

#include "apiconnection.h"

#include <QTcpSocket>

namespace lifeline {

namespace {

// QHttpServerResponder 6.4's reason phrases, so that the status lines stay as they were.
QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 102:
        return "Processing";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 203:
        return "Non-Authoritative Information";
    case 204:
        return "No Content";
    case 205:
        return "Reset Content";
    case 206:
        return "Partial Content";
    case 207:
        return "Multi-Status";
    case 208:
        return "Already Reported";
    case 226:
        return "I'm Used";
    case 300:
        return "Multiple Choices";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 305:
        return "Use Proxy";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 407:
        return "Proxy Authentication Required";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Request Entity Too Large";
    case 414:
        return "Request-URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Requested Range Not Satisfiable";
    case 417:
        return "Expectation Failed";
    case 418:
        return "I'm a teapot";
    case 421:
        return "Misdirected Request";
    case 422:
        return "Unprocessable Entity";
    case 423:
        return "Locked";
    case 424:
        return "Failed Dependency";
    case 426:
        return "Upgrade Required";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 451:
        return "Unavailable For Legal Reasons";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    case 506:
        return "Variant Also Negotiates";
    case 507:
        return "Insufficient Storage";
    case 508:
        return "Loop Detected";
    case 510:
        return "Not Extended";
    case 511:
        return "Network Authentication Required";
    case 599:
        return "Network Connect Timeout Error";
    default:
        return "";
    }
}

} // namespace

ApiResponder::ApiResponder(ApiConnection *connection)
    : m_connection(connection)
{ }

ApiResponder::~ApiResponder()
{
    end();
}

QTcpSocket *ApiResponder::socket() const
{
    return m_connection ? m_connection->socket() : nullptr;
}

QByteArray ApiResponder::serialize(const ApiResponse &response, bool keepAliveHeader)
{
    const int status = int(response.statusCode());
    const QByteArray &body = response.data();
    QByteArray out;
    out.reserve(160 + body.size());
    out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ').append(reasonPhrase(status));
    out.append("\r\n");
    // The last added first and Content-Type last: the order Qt 6.4's responder wrote them in, so
    // that no answer's bytes changed when the status server began writing its own.
    const auto &fields = response.fields();
    for (auto it = fields.crbegin(); it != fields.crend(); ++it)
        out.append(it->first).append(": ").append(it->second).append("\r\n");
    out.append("Content-Type: ").append(response.mimeType()).append("\r\n");
    if (keepAliveHeader)
        out.append("Connection: keep-alive\r\n");
    out.append("Content-Length: ").append(QByteArray::number(body.size())).append("\r\n\r\n");
    out.append(body);
    return out;
}

void ApiResponder::write(const ApiResponse &response)
{
    if (m_ended || !m_connection)
        return;
    m_connection->writeAnswer(serialize(response, m_connection->wantsKeepAliveHeader()));
    end();
}

void ApiResponder::writeBytes(QByteArrayView bytes)
{
    if (!m_ended && m_connection)
        m_connection->writeAnswer(bytes);
}

void ApiResponder::end()
{
    if (m_ended)
        return;
    m_ended = true;
    if (m_connection)
        m_connection->answerFinished();
}

} // namespace lifeline
