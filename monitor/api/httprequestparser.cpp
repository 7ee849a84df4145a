#include "httprequestparser.h"

#include "apitcpserver.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr qsizetype kMaxChunkLineBytes = 1024; // size, extensions and all
constexpr qsizetype kCompactAfterBytes = 64 * 1024;

// RFC 9110 5.6.2: token characters.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// A header name is `known` (lower case), checked by length first: most names are none we read.
bool isName(QByteArrayView name, QByteArrayView known)
{
    return name.size() == known.size() && name.compare(known, Qt::CaseInsensitive) == 0;
}

QByteArrayView trimmedOws(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

ApiRequest::Method methodOf(QByteArrayView m)
{
    using M = ApiRequest::Method;
    if (m == "GET")
        return M::Get;
    if (m == "POST")
        return M::Post;
    if (m == "DELETE")
        return M::Delete;
    if (m == "PUT")
        return M::Put;
    if (m == "HEAD")
        return M::Head;
    if (m == "OPTIONS")
        return M::Options;
    if (m == "PATCH")
        return M::Patch;
    if (m == "CONNECT")
        return M::Connect;
    if (m == "TRACE")
        return M::Trace;
    return M::Unknown; // a token, just not one we know: the router answers 405/404
}

// Calls f(item) for each item of a comma-separated header value, OWS trimmed, empty ones skipped.
template<typename F>
void forEachListItem(QByteArrayView value, F &&f)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = trimmedOws(comma < 0 ? value : value.first(comma));
        if (!item.isEmpty())
            f(item);
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
}

const char *reasonOf(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

} // namespace

HttpRequestParser::Result HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorReason = reasonOf(status);
    m_errorMessage = message;
    m_keepAlive = false;
    return Result::Error;
}

HttpRequestParser::Result HttpRequestParser::parse()
{
    for (;;) {
        switch (m_state) {
        case State::Failed:
            return Result::Error;
        case State::Head: {
            // Forget what earlier requests used: at once when all is used, else now and then.
            if (m_pos > 0 && (m_pos == m_buffer.size() || m_pos > kCompactAfterBytes)) {
                m_buffer.remove(0, m_pos);
                m_scanFrom = std::max<qsizetype>(0, m_scanFrom - m_pos);
                m_pos = 0;
            }
            // RFC 9112 2.2: empty lines before a request line are ignored.
            while (m_buffer.size() - m_pos >= 2 && m_buffer[m_pos] == '\r' && m_buffer[m_pos + 1] == '\n')
                m_pos += 2;
            m_scanFrom = std::max(m_scanFrom, m_pos);
            const qsizetype end = m_buffer.indexOf("\r\n\r\n", m_scanFrom);
            if (end < 0) {
                m_scanFrom = std::max(m_pos, m_buffer.size() - 3);
                if (m_buffer.size() - m_pos > ApiTcpServer::kMaxHeadBytes)
                    return fail(431, u"request head too large"_s);
                return Result::NeedMore;
            }
            if (end - m_pos > ApiTcpServer::kMaxHeadBytes)
                return fail(431, u"request head too large"_s);
            const Result r = parseHead(end);
            if (r != Result::NeedMore)
                return r;
            break;
        }
        case State::Body: {
            if (m_buffer.size() - m_pos < m_remaining)
                return Result::NeedMore;
            m_request.setBody(m_buffer.mid(m_pos, m_remaining));
            m_pos += m_remaining;
            return finish();
        }
        case State::ChunkSize: {
            const qsizetype eol = m_buffer.indexOf("\r\n", m_pos);
            if (eol < 0) {
                if (m_buffer.size() - m_pos > kMaxChunkLineBytes)
                    return fail(400, u"chunk size line too long"_s);
                return Result::NeedMore;
            }
            if (eol - m_pos > kMaxChunkLineBytes)
                return fail(400, u"chunk size line too long"_s);
            QByteArrayView line(m_buffer.constData() + m_pos, eol - m_pos);
            const qsizetype ext = line.indexOf(';'); // chunk extensions: skipped
            if (ext >= 0)
                line = line.first(ext);
            line = trimmedOws(line);
            if (line.isEmpty())
                return fail(400, u"bad chunk size"_s);
            qint64 size = 0;
            for (char c : line) {
                int digit = -1;
                if (c >= '0' && c <= '9')
                    digit = c - '0';
                else if (c >= 'a' && c <= 'f')
                    digit = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F')
                    digit = c - 'A' + 10;
                if (digit < 0)
                    return fail(400, u"bad chunk size"_s);
                size = size * 16 + digit;
                if (size > ApiTcpServer::kMaxBodyBytes)
                    return fail(413, u"request body over %1 bytes"_s.arg(ApiTcpServer::kMaxBodyBytes));
            }
            if (m_request.body().size() + size > ApiTcpServer::kMaxBodyBytes)
                return fail(413, u"request body over %1 bytes"_s.arg(ApiTcpServer::kMaxBodyBytes));
            m_pos = eol + 2;
            m_remaining = size;
            m_state = size == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkData: {
            const qint64 n = std::min<qint64>(m_remaining, m_buffer.size() - m_pos);
            if (n > 0) {
                QByteArray body = m_request.body();
                m_request.setBody({}); // one owner while appending
                body.append(m_buffer.constData() + m_pos, n);
                m_request.setBody(std::move(body));
                m_pos += n;
                m_remaining -= n;
            }
            if (m_remaining > 0)
                return Result::NeedMore;
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd:
            if (m_buffer.size() - m_pos < 2)
                return Result::NeedMore;
            if (m_buffer[m_pos] != '\r' || m_buffer[m_pos + 1] != '\n')
                return fail(400, u"chunk not followed by CRLF"_s);
            m_pos += 2;
            m_state = State::ChunkSize;
            break;
        case State::Trailers: {
            // Trailer fields are read and dropped, up to the empty line.
            const qsizetype eol = m_buffer.indexOf("\r\n", m_pos);
            if (eol < 0) {
                if (m_buffer.size() - m_pos > ApiTcpServer::kMaxHeadBytes)
                    return fail(431, u"request trailers too large"_s);
                return Result::NeedMore;
            }
            if (eol - m_pos > ApiTcpServer::kMaxHeadBytes)
                return fail(431, u"request trailers too large"_s);
            const bool last = eol == m_pos;
            m_pos = eol + 2;
            if (last)
                return finish();
            break;
        }
        }
    }
}

HttpRequestParser::Result HttpRequestParser::finish()
{
    m_state = State::Head;
    return Result::Request;
}

HttpRequestParser::Result HttpRequestParser::parseHead(qsizetype end)
{
    m_request = ApiRequest();
    m_requestStart = m_pos;
    m_expectContinue = false;
    m_upgrade = false;
    const QByteArrayView head(m_buffer.constData() + m_pos, end - m_pos);
    m_pos = end + 4;
    m_scanFrom = m_pos;

    // Request line: method SP request-target SP HTTP-version.
    qsizetype eol = head.indexOf("\r\n");
    const QByteArrayView requestLine = eol < 0 ? head : head.first(eol);
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0)
        return fail(400, u"malformed request line"_s);
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method))
        return fail(400, u"malformed request method"_s);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0'
        || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return fail(400, u"malformed HTTP version"_s);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return fail(505, u"only HTTP/1.0 and HTTP/1.1 are served"_s);
    const bool http10 = version == "HTTP/1.0";
    m_http10 = http10;
    if (target.isEmpty() || target.front() != '/')
        return fail(400, u"the request target must be a path (origin-form)"_s);
    for (char c : target) {
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f || c == '#')
            return fail(400, u"malformed request target"_s);
    }
    m_request.setMethod(methodOf(method));

    // Header fields.
    ApiRequest::Headers headers;
    qint64 contentLength = -1;
    bool chunked = false;
    bool transferEncoding = false;
    bool close = false;
    bool keepAliveToken = false;
    QByteArrayView host;
    QByteArrayView rest = eol < 0 ? QByteArrayView() : head.sliced(eol + 2);
    while (!rest.isEmpty()) {
        eol = rest.indexOf("\r\n");
        const QByteArrayView line = eol < 0 ? rest : rest.first(eol);
        rest = eol < 0 ? QByteArrayView() : rest.sliced(eol + 2);
        if (line.front() == ' ' || line.front() == '\t')
            return fail(400, u"obsolete line folding in a header field"_s);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return fail(400, u"malformed header field"_s);
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        for (char c : value) {
            if (c == '\r' || c == '\n' || c == '\0')
                return fail(400, u"malformed header field value"_s);
        }
        headers.append({name.toByteArray(), value.toByteArray()});

        if (isName(name, "content-length")) {
            bool bad = false;
            forEachListItem(value, [&](QByteArrayView item) {
                qint64 n = 0;
                for (char c : item) {
                    if (c < '0' || c > '9') {
                        bad = true;
                        return;
                    }
                    n = std::min<qint64>(n * 10 + (c - '0'), ApiTcpServer::kMaxBodyBytes + 1);
                }
                if (contentLength >= 0 && contentLength != n)
                    bad = true;
                contentLength = n;
            });
            if (bad || contentLength < 0)
                return fail(400, u"invalid Content-Length"_s);
        } else if (isName(name, "transfer-encoding")) {
            transferEncoding = true;
            bool other = false;
            forEachListItem(value, [&](QByteArrayView item) {
                if (chunked)
                    other = true; // chunked must be the last coding (RFC 9112 6.1), and only once
                if (item.compare("chunked", Qt::CaseInsensitive) == 0)
                    chunked = true;
                else
                    other = true;
            });
            if (other)
                return fail(501, u"only the chunked transfer coding is supported"_s);
        } else if (isName(name, "connection")) {
            forEachListItem(value, [&](QByteArrayView item) {
                if (item.compare("close", Qt::CaseInsensitive) == 0)
                    close = true;
                else if (item.compare("keep-alive", Qt::CaseInsensitive) == 0)
                    keepAliveToken = true;
            });
        } else if (isName(name, "expect")) {
            m_expectContinue = !http10 && value.compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (isName(name, "upgrade")) {
            m_upgrade = value.compare("websocket", Qt::CaseInsensitive) == 0;
        } else if (isName(name, "host") && host.isEmpty()) {
            host = value;
        }
    }
    m_request.setHeaders(std::move(headers));
    m_keepAlive = !close && (!http10 || keepAliveToken);

    if (transferEncoding && contentLength >= 0)
        return fail(400, u"both Content-Length and Transfer-Encoding"_s);
    if (transferEncoding && !chunked)
        return fail(501, u"only the chunked transfer coding is supported"_s);
    if (contentLength > ApiTcpServer::kMaxBodyBytes)
        return fail(413, u"request body over %1 bytes"_s.arg(ApiTcpServer::kMaxBodyBytes));

    // The handlers read path segments and query items: the path and query as sent.
    QUrl url;
    url.setScheme(u"http"_s);
    if (!host.isEmpty()) {
        const qsizetype colon = host.lastIndexOf(':');
        url.setHost(QString::fromLatin1(colon > host.lastIndexOf(']') ? host.first(colon) : host));
    }
    if (url.host().isEmpty())
        url.setHost(u"localhost"_s); // no Host, or not a name: the guard answers for it
    const qsizetype question = target.indexOf('?');
    url.setPath(QString::fromUtf8(question < 0 ? target : target.first(question)), QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(QString::fromUtf8(target.sliced(question + 1)), QUrl::TolerantMode);
    m_request.setUrl(url);

    if (chunked) {
        m_state = State::ChunkSize;
    } else if (contentLength > 0) {
        m_state = State::Body;
        m_remaining = contentLength;
    } else {
        return finish();
    }
    return Result::NeedMore; // the loop reads the body
}

} // namespace lifeline
