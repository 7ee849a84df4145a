#include "jsoncreader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

struct Frame
{
    bool object;
};

bool isValueStart(char c)
{
    return c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f'
        || c == 'n';
}

bool isWordChar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.'
        || c == '+' || c == '-';
}

} // namespace

static std::atomic<quint64> s_scans {0};

quint64 JsoncReader::scanCount()
{
    return s_scans.load(std::memory_order_relaxed);
}

JsoncReader::JsoncReader(const QByteArray &text, Handler *handler)
    : m_original(text)
    , m_clean(text)
    , m_handler(handler)
{
    s_scans.fetch_add(1, std::memory_order_relaxed);
    scan();
}

QPair<int, int> JsoncReader::lineColumn(qsizetype offset) const
{
    if (m_lineStarts.empty()) {
        m_lineStarts.push_back(m_bom);
        for (qsizetype i = 0; i < m_original.size(); ++i) {
            if (m_original[i] == '\n')
                m_lineStarts.push_back(i + 1);
        }
    }
    offset = std::clamp<qsizetype>(offset, m_bom, m_original.size());
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const qsizetype line = it - m_lineStarts.begin();
    int column = 1;
    for (qsizetype i = *(it - 1); i < offset; ++i) {
        if ((uchar(m_original[i]) & 0xC0) != 0x80) // count characters, not UTF-8 continuation bytes
            ++column;
    }
    return {int(std::min<qsizetype>(line, std::numeric_limits<int>::max())), column};
}

namespace {

QString qtParseMessage(const QJsonParseError &error)
{
    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        return u"unterminated object"_s;
    case QJsonParseError::MissingNameSeparator:
        return u"missing ':' after a key"_s;
    case QJsonParseError::UnterminatedArray:
        return u"unterminated array"_s;
    case QJsonParseError::MissingValueSeparator:
        return u"missing comma"_s;
    case QJsonParseError::IllegalValue:
        return u"illegal value"_s;
    case QJsonParseError::TerminationByNumber:
        return u"unexpected end of file after a number"_s;
    case QJsonParseError::IllegalNumber:
        return u"invalid number (out of range?)"_s;
    case QJsonParseError::IllegalEscapeSequence:
        return u"invalid escape sequence in a string"_s;
    case QJsonParseError::IllegalUTF8String:
        return u"invalid UTF-8 in a string"_s;
    case QJsonParseError::UnterminatedString:
        return u"unterminated string"_s;
    case QJsonParseError::MissingObject:
        return u"expected an object"_s;
    case QJsonParseError::DeepNesting:
        return u"nesting is too deep"_s;
    case QJsonParseError::DocumentTooLarge:
        return u"the document is too large"_s;
    case QJsonParseError::GarbageAtEnd:
        return u"unexpected text after the end of the JSON document"_s;
    default:
        return error.errorString();
    }
}

} // namespace

std::optional<QJsonObject> JsoncReader::object()
{
    if (failed())
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_clean, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        fail(parseError.offset,
            parseError.error != QJsonParseError::NoError
                ? qtParseMessage(parseError)
                : u"expected a JSON object ({ … }) at the top level"_s);
        return std::nullopt;
    }
    return document.object();
}

QJsonValue JsoncReader::numberValue(QByteArrayView token)
{
    const bool integral = !token.contains('.') && !token.contains('e') && !token.contains('E');
    bool ok = false;
    if (integral) {
        const qlonglong n = token.toLongLong(&ok);
        if (ok)
            return QJsonValue(qint64(n));
    }
    const double d = token.toDouble(&ok);
    return ok ? QJsonValue(d) : QJsonValue();
}

void JsoncReader::fail(qsizetype offset, const QString &message)
{
    if (m_errorOffset < 0) {
        m_errorOffset = offset;
        m_errorMessage = message;
    }
}

// Length of the UTF-8 sequence at i, 0 when it is not valid UTF-8.
int JsoncReader::utf8Length(qsizetype i) const
{
    const qsizetype n = m_clean.size();
    const auto byte = [&](qsizetype k) { return k < n ? uchar(m_clean[k]) : uchar(0); };
    const uchar c = byte(i);
    const auto cont = [&](qsizetype k, uchar lo = 0x80, uchar hi = 0xBF) {
        const uchar b = byte(k);
        return k < n && b >= lo && b <= hi;
    };
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c == 0xE0)
        return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
    if (c == 0xED)
        return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
    if (c >= 0xE1 && c <= 0xEF)
        return cont(i + 1) && cont(i + 2) ? 3 : 0;
    if (c == 0xF0)
        return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
        return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c == 0xF4)
        return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    return 0;
}

QString JsoncReader::unexpected(qsizetype i, const QString &expectation) const
{
    const int len = utf8Length(i);
    if (len == 0)
        return u"unexpected byte 0x%1, %2"_s.arg(uint(uchar(m_clean[i])), 2, 16, QChar(u'0'))
            .arg(expectation);
    const QString ch = QString::fromUtf8(m_clean.constData() + i, len);
    const char32_t cp = ch.toUcs4().value(0);
    if (cp == U'\'')
        return u"unexpected \"'\": JSON strings and keys need double quotes"_s;
    if (cp == U'\u201C' || cp == U'\u201D' || cp == U'\u2018' || cp == U'\u2019')
        return u"unexpected '%1': curly quotes are not JSON quotes, use \""_s.arg(ch);
    if (cp < 0x20 || cp == 0x7f || cp == 0xFEFF)
        return u"unexpected character U+%1, %2"_s.arg(uint(cp), 4, 16, QChar(u'0')).arg(expectation);
    return u"unexpected '%1', %2"_s.arg(ch, expectation);
}

// Skips whitespace and comments (blanking the comments in m_clean). False on an unterminated comment.
bool JsoncReader::skipSpace(qsizetype &i)
{
    char *p = m_clean.data();
    const qsizetype n = m_clean.size();
    while (i < n) {
        const char c = p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '/' && i + 1 < n && p[i + 1] == '/') {
            m_comments = true;
            while (i < n && p[i] != '\n')
                p[i++] = ' ';
        } else if (c == '/' && i + 1 < n && p[i + 1] == '*') {
            m_comments = true;
            const qsizetype start = i;
            p[i] = p[i + 1] = ' ';
            i += 2;
            while (i + 1 < n && !(p[i] == '*' && p[i + 1] == '/')) {
                if (p[i] != '\n')
                    p[i] = ' ';
                ++i;
            }
            if (i + 1 >= n) {
                fail(start, u"unterminated comment"_s);
                return false;
            }
            p[i] = p[i + 1] = ' ';
            i += 2;
        } else {
            break;
        }
    }
    return true;
}

// i is at the opening quote; on success i is past the closing one. Decodes into *out if given.
bool JsoncReader::readString(qsizetype &i, QString *out)
{
    const char *p = m_clean.constData();
    const qsizetype n = m_clean.size();
    const qsizetype start = i++;
    qsizetype run = i;
    const auto flush = [&] {
        if (out && i > run)
            out->append(QString::fromUtf8(p + run, i - run));
    };
    while (true) {
        if (i >= n || p[i] == '\n' || p[i] == '\r') {
            fail(start, u"unterminated string"_s);
            return false;
        }
        const uchar c = uchar(p[i]);
        if (c == '"') {
            flush();
            ++i;
            return true;
        }
        if (c == '\\') {
            flush();
            const char e = i + 1 < n ? p[i + 1] : '\0';
            char16_t decoded = 0;
            switch (e) {
            case '"':
                decoded = u'"';
                break;
            case '\\':
                decoded = u'\\';
                break;
            case '/':
                decoded = u'/';
                break;
            case 'b':
                decoded = u'\b';
                break;
            case 'f':
                decoded = u'\f';
                break;
            case 'n':
                decoded = u'\n';
                break;
            case 'r':
                decoded = u'\r';
                break;
            case 't':
                decoded = u'\t';
                break;
            case 'u': {
                bool ok = i + 6 <= n;
                uint code = 0;
                for (qsizetype k = i + 2; ok && k < i + 6; ++k) {
                    const char h = p[k];
                    code <<= 4;
                    if (h >= '0' && h <= '9')
                        code |= uint(h - '0');
                    else if (h >= 'a' && h <= 'f')
                        code |= uint(h - 'a' + 10);
                    else if (h >= 'A' && h <= 'F')
                        code |= uint(h - 'A' + 10);
                    else
                        ok = false;
                }
                if (!ok) {
                    fail(i, u"invalid \\u escape: expected four hex digits"_s);
                    return false;
                }
                decoded = char16_t(code);
                i += 4;
                break;
            }
            default:
                if (e == '\0' && i + 1 >= n)
                    fail(start, u"unterminated string"_s);
                else
                    fail(i, u"invalid escape sequence in a string"_s);
                return false;
            }
            if (out)
                out->append(QChar(decoded));
            i += 2;
            run = i;
            continue;
        }
        if (c < 0x20) {
            fail(i, u"control character U+%1 in a string must be escaped"_s.arg(uint(c), 4, 16, QChar(u'0')));
            return false;
        }
        const int len = utf8Length(i);
        if (len == 0) {
            fail(i, u"invalid UTF-8 in a string"_s);
            return false;
        }
        i += len;
    }
}

bool JsoncReader::skipNumber(qsizetype &i)
{
    const char *p = m_clean.constData();
    const qsizetype n = m_clean.size();
    const qsizetype start = i;
    const auto digit = [&](qsizetype k) { return k < n && p[k] >= '0' && p[k] <= '9'; };
    const auto bad = [&] {
        fail(start, u"invalid number"_s);
        return false;
    };
    if (p[i] == '-')
        ++i;
    if (!digit(i))
        return bad();
    if (p[i] == '0')
        ++i;
    else
        while (digit(i))
            ++i;
    if (i < n && p[i] == '.') {
        ++i;
        if (!digit(i))
            return bad();
        while (digit(i))
            ++i;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        ++i;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            ++i;
        if (!digit(i))
            return bad();
        while (digit(i))
            ++i;
    }
    if (i < n && isWordChar(p[i]))
        return bad();
    bool ok = false;
    const double value = QByteArray(p + start, i - start).toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
        fail(start, u"number out of range"_s);
        return false;
    }
    return true;
}

void JsoncReader::scan()
{
    const char *p = m_clean.constData();
    const qsizetype n = m_clean.size();
    qsizetype i = 0;
    if (n >= 3 && uchar(p[0]) == 0xEF && uchar(p[1]) == 0xBB && uchar(p[2]) == 0xBF)
        i = m_bom = 3;

    Handler *const h = m_handler;
    const bool values = h && h->wantsValues();
    std::vector<Frame> stack;
    const auto closeContainer = [&](qsizetype &at) {
        stack.pop_back();
        ++at;
        if (h)
            h->endContainer(at);
    };
    Want want = Want::Value;
    while (true) {
        if (!skipSpace(i))
            return;
        p = m_clean.constData();
        if (want == Want::CommaOrClose && stack.empty()) {
            if (i < n)
                fail(i, u"unexpected text after the end of the JSON document"_s);
            return;
        }
        if (i >= n) {
            if (stack.empty()) {
                m_empty = true;
                fail(i, u"the file is empty"_s);
            } else if (want == Want::Value) {
                fail(i, u"unexpected end of file, expected a value"_s);
            } else {
                fail(i,
                    u"unexpected end of file: missing '%1'"_s.arg(QChar(stack.back().object ? u'}' : u']')));
            }
            return;
        }
        const char c = p[i];
        switch (want) {
        case Want::ValueOrClose:
            if (c == ']') {
                closeContainer(i);
                want = Want::CommaOrClose;
                break;
            }
            [[fallthrough]];
        case Want::Value:
            if (stack.empty() && c != '{') {
                fail(i, u"expected a JSON object ({ … }) at the top level"_s);
                return;
            }
            if (c == '{' || c == '[') {
                if (stack.size() >= kMaxNesting) {
                    fail(i, u"nesting is too deep (more than %1 levels)"_s.arg(kMaxNesting));
                    return;
                }
                stack.push_back({c == '{'});
                if (h)
                    h->beginContainer(c == '{', i);
                ++i;
                want = c == '{' ? Want::KeyOrClose : Want::ValueOrClose;
            } else if (c == '"') {
                const qsizetype start = i;
                QString text;
                if (!readString(i, values ? &text : nullptr))
                    return;
                if (h)
                    h->scalar(values ? QJsonValue(text) : QJsonValue(), QByteArrayView(p + start, i - start),
                        start);
                want = Want::CommaOrClose;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                const qsizetype start = i;
                if (!skipNumber(i))
                    return;
                if (h) {
                    const QByteArrayView token(p + start, i - start);
                    h->scalar(values ? numberValue(token) : QJsonValue(), token, start);
                }
                want = Want::CommaOrClose;
            } else if (c == 't' || c == 'f' || c == 'n') {
                const QByteArrayView word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                if (QByteArrayView(p + i, std::min<qsizetype>(word.size(), n - i)) != word
                    || (i + word.size() < n && isWordChar(p[i + word.size()]))) {
                    fail(i, unexpected(i, u"expected a value"_s));
                    return;
                }
                if (h)
                    h->scalar(c == 'n' ? QJsonValue(QJsonValue::Null) : QJsonValue(c == 't'), word, i);
                i += word.size();
                want = Want::CommaOrClose;
            } else {
                fail(i, unexpected(i, u"expected a value"_s));
                return;
            }
            break;
        case Want::KeyOrClose:
            if (c == '}') {
                closeContainer(i);
                want = Want::CommaOrClose;
                break;
            }
            [[fallthrough]];
        case Want::Key: {
            if (c != '"') {
                fail(i, unexpected(i, u"expected a key in double quotes"_s));
                return;
            }
            const qsizetype keyStart = i;
            const bool keep = h && h->wantsKey(int(stack.size()));
            QString key;
            if (!readString(i, keep ? &key : nullptr))
                return;
            if (keep)
                h->key(key, keyStart);
            else if (h)
                h->skippedKey(keyStart);
            if (!skipSpace(i))
                return;
            p = m_clean.constData();
            if (i >= n || p[i] != ':') {
                fail(i, i >= n ? u"unexpected end of file, expected ':'"_s : u"missing ':' after a key"_s);
                return;
            }
            ++i;
            want = Want::Value;
            break;
        }
        case Want::CommaOrClose: {
            const bool object = stack.back().object;
            const char closing = object ? '}' : ']';
            if (c == ',') {
                const qsizetype comma = i++;
                if (!skipSpace(i))
                    return;
                p = m_clean.constData();
                if (i < n && p[i] == closing) {
                    m_clean[comma] = ' '; // a trailing comma, allowed in JSONC
                    p = m_clean.constData();
                } else {
                    want = object ? Want::Key : Want::Value;
                }
            } else if (c == closing) {
                closeContainer(i);
            } else if (c == '}' || c == ']') {
                fail(i,
                    u"expected ',' or '%1' but found '%2'"_s.arg(
                        QChar::fromLatin1(closing), QChar::fromLatin1(c)));
                return;
            } else if (isValueStart(c)) {
                fail(i, u"missing comma"_s);
                return;
            } else {
                fail(i, unexpected(i, u"expected ',' or '%1'"_s.arg(QChar::fromLatin1(closing))));
                return;
            }
            break;
        }
        }
    }
}

} // namespace lifeline
