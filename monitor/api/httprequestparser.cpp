#include "httprequestparser.h"

#include "apitcpserver.h"

#include <array>
#include <cstring>
#include <string_view>

using namespace Qt::StringLiterals;

using namespace std::string_view_literals;

namespace lifeline {

namespace {

constexpr qsizetype kMaxChunkLineBytes = 1024; // size, extensions and all
constexpr qsizetype kCompactAfterBytes = 64 * 1024;

// RFC 9110 5.6.2: token characters, as a table (every header name is checked byte by byte).
constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> t {};
    for (int c = '0'; c <= '9'; ++c)
        t[c] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        t[c] = t[c - 'a' + 'A'] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~"))
        t[uchar(c)] = true;
    return t;
}();

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!kTokenChars[uchar(c)])
            return false;
    }
    return true;
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

// Case-insensitive ASCII equality with `lower` (already lower case), without a locale table.
// `lower` is a string_view: a literal's length is known when compiled, not counted on each call.
bool equalsLower(QByteArrayView s, std::string_view lower)
{
    if (size_t(s.size()) != lower.size())
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (lowerAscii(s[i]) != lower[i])
            return false;
    }
    return true;
}

// The first `c` in s[from, size), or -1 (QByteArrayView::indexOf(char) takes the general search).
qsizetype indexOf(QByteArrayView s, char c, qsizetype from = 0)
{
    if (from >= s.size())
        return -1;
    const auto *p = static_cast<const char *>(std::memchr(s.data() + from, c, size_t(s.size() - from)));
    return p ? p - s.data() : -1;
}

// Whether `value` holds CR, LF or NUL, eight bytes at a time: every header value is checked.
bool hasControlBreak(QByteArrayView value)
{
    const char *p = value.data();
    qsizetype n = value.size();
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    constexpr quint64 kHighs = 0x8080808080808080ULL;
    for (; n >= 8; p += 8, n -= 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        // A byte below 0x0e sets its high bit here (bytes >= 0x80 are masked out by ~word).
        if (((word - kOnes * 0x0e) & ~word & kHighs) == 0)
            continue;
        for (int i = 0; i < 8; ++i) {
            if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0')
                return true;
        }
    }
    for (; n > 0; ++p, --n) {
        if (*p == '\r' || *p == '\n' || *p == '\0')
            return true;
    }
    return false;
}

// The first CRLF in s[from, size) (a lone LF is part of a line): its position, or -1.
qsizetype findCrlf(QByteArrayView s, qsizetype from)
{
    const char *const begin = s.data();
    const char *const end = begin + s.size();
    const char *p = begin + from;
    while (p < end) {
        const auto *lf = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        if (!lf)
            return -1;
        if (lf > begin + from && lf[-1] == '\r')
            return lf - 1 - begin;
        p = lf + 1;
    }
    return -1;
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
        const qsizetype comma = indexOf(value, ',');
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
            // The head ends at the first CRLF CRLF. Only the line ends are looked at, each once:
            // the scan resumes where it stopped, so a head arriving byte by byte stays O(n).
            const char *const data = m_buffer.constData();
            const qsizetype size = m_buffer.size();
            qsizetype end = -1;
            while (m_scanFrom < size) {
                const auto *lf = static_cast<const char *>(
                    std::memchr(data + m_scanFrom, '\n', size_t(size - m_scanFrom)));
                if (!lf) {
                    m_scanFrom = size;
                    break;
                }
                const qsizetype i = lf - data;
                m_scanFrom = i + 1;
                if (i - 3 >= m_pos && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
                    end = i - 3;
                    break;
                }
            }
            if (end < 0) {
                if (size - m_pos > ApiTcpServer::kMaxHeadBytes)
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
            const qsizetype eol = findCrlf(m_buffer, m_pos);
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
            const qsizetype eol = findCrlf(m_buffer, m_pos);
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

qint64 HttpRequestParser::readFrom(QIODevice *device, qint64 max)
{
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + max); // keeps its capacity from request to request: no allocation
    const qint64 n = device->read(m_buffer.data() + old, max);
    m_buffer.resize(old + std::max<qint64>(n, 0));
    return n;
}

HttpRequestParser::Result HttpRequestParser::finish()
{
    m_state = State::Head;
    return Result::Request;
}

HttpRequestParser::Result HttpRequestParser::parseHead(qsizetype end)
{
    // Reused rather than replaced: a fresh ApiRequest would allocate its QHostAddress each time.
    m_request.m_fields.clear();
    m_request.m_body = QByteArray();
    m_request.m_method = ApiRequest::Method::Unknown;
    m_requestStart = m_pos;
    m_expectContinue = false;
    m_upgrade = false;
    const QByteArrayView head(m_buffer.constData() + m_pos, end - m_pos);
    m_pos = end + 4;
    m_scanFrom = m_pos;

    // Request line: method SP request-target SP HTTP-version.
    const qsizetype eol = findCrlf(head, 0);
    const QByteArrayView requestLine = eol < 0 ? head : head.first(eol);
    const qsizetype sp1 = indexOf(requestLine, ' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : indexOf(requestLine, ' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || indexOf(requestLine, ' ', sp2 + 1) >= 0)
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
    qsizetype pathSize = -1;
    for (qsizetype i = 0; i < target.size(); ++i) {
        const char c = target[i];
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f || c == '#')
            return fail(400, u"malformed request target"_s);
        if (c == '?' && pathSize < 0)
            pathSize = i;
    }
    m_request.m_method = methodOf(method);
    // The request keeps one copy of its head; its target and fields are offsets into it.
    m_request.m_head = head.toByteArray();
    m_request.m_targetAt = int(sp1 + 1);
    m_request.m_targetSize = int(target.size());
    m_request.m_pathSize = int(pathSize < 0 ? target.size() : pathSize);

    // Header fields.
    qint64 contentLength = -1;
    bool chunked = false;
    bool transferEncoding = false;
    bool close = false;
    bool keepAliveToken = false;
    for (qsizetype at = eol < 0 ? head.size() : eol + 2; at < head.size();) {
        const qsizetype next = findCrlf(head, at);
        const qsizetype lineEnd = next < 0 ? head.size() : next;
        const QByteArrayView line = head.sliced(at, lineEnd - at);
        const qsizetype lineAt = at;
        at = next < 0 ? head.size() : next + 2;
        if (line.front() == ' ' || line.front() == '\t')
            return fail(400, u"obsolete line folding in a header field"_s);
        const auto *colonAt = static_cast<const char *>(std::memchr(line.data(), ':', size_t(line.size())));
        const qsizetype colon = colonAt ? colonAt - line.data() : -1;
        if (colon <= 0 || !isToken(line.first(colon)))
            return fail(400, u"malformed header field"_s);
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (hasControlBreak(value))
            return fail(400, u"malformed header field value"_s);
        ApiRequest::Field field;
        field.nameAt = int(lineAt);
        field.nameSize = int(colon);
        field.valueAt = int(value.data() - head.data());
        field.valueSize = int(value.size());
        m_request.m_fields.append(field);

        // By length first: most names are none of these.
        switch (name.size()) {
        case 14:
            if (equalsLower(name, "content-length"sv)) {
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
            }
            break;
        case 17:
            if (equalsLower(name, "transfer-encoding"sv)) {
                transferEncoding = true;
                bool other = false;
                forEachListItem(value, [&](QByteArrayView item) {
                    if (chunked)
                        other = true; // chunked must be the last coding (RFC 9112 6.1), and only once
                    if (equalsLower(item, "chunked"sv))
                        chunked = true;
                    else
                        other = true;
                });
                if (other)
                    return fail(501, u"only the chunked transfer coding is supported"_s);
            }
            break;
        case 10:
            if (equalsLower(name, "connection"sv)) {
                forEachListItem(value, [&](QByteArrayView item) {
                    if (equalsLower(item, "close"sv))
                        close = true;
                    else if (equalsLower(item, "keep-alive"sv))
                        keepAliveToken = true;
                });
            }
            break;
        case 6:
            if (equalsLower(name, "expect"sv))
                m_expectContinue = !http10 && equalsLower(value, "100-continue"sv);
            break;
        case 7:
            if (equalsLower(name, "upgrade"sv))
                m_upgrade = equalsLower(value, "websocket"sv);
            break;
        default:
            break;
        }
    }
    m_keepAlive = !close && (!http10 || keepAliveToken);

    if (transferEncoding && contentLength >= 0)
        return fail(400, u"both Content-Length and Transfer-Encoding"_s);
    if (transferEncoding && !chunked)
        return fail(501, u"only the chunked transfer coding is supported"_s);
    if (contentLength > ApiTcpServer::kMaxBodyBytes)
        return fail(413, u"request body over %1 bytes"_s.arg(ApiTcpServer::kMaxBodyBytes));
    // The URL (with its host from Host) is built only when a handler asks: ApiRequest::url().

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
