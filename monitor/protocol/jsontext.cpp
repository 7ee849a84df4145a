#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <cstring>

namespace lifeline::jsontext {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'; // RFC 8259's four
}

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

// s[i] is the opening quote: the index after the closing one, or -1.
qsizetype skipString(QByteArrayView s, qsizetype i)
{
    const char *data = s.data();
    ++i;
    while (i < s.size()) {
        // A string's bytes are mostly plain: jump to the next quote, then look at what escapes it.
        const void *q = std::memchr(data + i, '"', size_t(s.size() - i));
        if (!q)
            return -1;
        const qsizetype quote = static_cast<const char *>(q) - data;
        qsizetype backslashes = 0;
        while (quote - 1 - backslashes >= i && data[quote - 1 - backslashes] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return quote + 1;
        i = quote + 1; // an escaped quote: part of the string
    }
    return -1;
}

// A value starts at s[i] (no space before it): the index after it, or -1.
qsizetype skipValue(QByteArrayView s, qsizetype i)
{
    if (i >= s.size())
        return -1;
    const char c = s[i];
    if (c == '"')
        return skipString(s, i);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char d = s[i];
            if (d == '"') {
                i = skipString(s, i);
                if (i < 0)
                    return -1;
                continue;
            }
            if (d == '{' || d == '[') {
                ++depth;
            } else if (d == '}' || d == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            ++i;
        }
        return -1;
    }
    // A number, true, false or null: up to the next delimiter.
    const qsizetype start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i]))
        ++i;
    return i > start ? i : -1;
}

bool hex4(const unsigned char *p, qsizetype n, qsizetype i, unsigned *out)
{
    if (i + 4 > n)
        return false;
    unsigned v = 0;
    for (qsizetype k = i; k < i + 4; ++k) {
        const unsigned char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= unsigned(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= unsigned(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= unsigned(c - 'A' + 10);
        else
            return false;
    }
    *out = v;
    return true;
}

// s[i] is the opening quote: the index after the closing one, or -1 for anything isValid() refuses.
qsizetype validString(QByteArrayView s, qsizetype i)
{
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const qsizetype n = s.size();
    ++i;
    while (i < n) {
        const unsigned char c = p[i];
        if (c == '"')
            return i + 1;
        if (c < 0x20)
            return -1;
        if (c < 0x80 && c != '\\') {
            ++i;
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= n)
                return -1;
            const unsigned char e = p[i + 1];
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                || e == 't') {
                i += 2;
                continue;
            }
            unsigned u = 0;
            if (e != 'u' || !hex4(p, n, i + 2, &u))
                return -1;
            i += 6;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return -1; // a low surrogate alone
            if (u >= 0xD800 && u <= 0xDBFF) { // a high one: its low half must follow
                unsigned low = 0;
                if (i + 6 > n || p[i] != '\\' || p[i + 1] != 'u' || !hex4(p, n, i + 2, &low) || low < 0xDC00
                    || low > 0xDFFF)
                    return -1;
                i += 6;
            }
            continue;
        }
        int length = 0;
        unsigned code = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code = c & 0x07u;
        } else {
            return -1; // a continuation byte first, an overlong lead (C0, C1), or beyond F4
        }
        if (i + length > n)
            return -1;
        for (int k = 1; k < length; ++k) {
            if ((p[i + k] & 0xC0u) != 0x80u)
                return -1;
            code = (code << 6) | (p[i + k] & 0x3Fu);
        }
        if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)))
            || (length == 4 && (code < 0x10000 || code > 0x10FFFF)))
            return -1;
        i += length;
    }
    return -1;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A number, true, false or null at s[i]: the index after it, or -1.
qsizetype validScalar(QByteArrayView s, qsizetype i)
{
    const qsizetype n = s.size();
    for (const QByteArrayView word :
        {QByteArrayView("true"), QByteArrayView("false"), QByteArrayView("null")}) {
        if (s[i] == word[0])
            return s.sliced(i).startsWith(word) ? i + word.size() : -1;
    }
    if (s[i] == '-')
        ++i;
    qsizetype digits = 0;
    if (i < n && s[i] == '0') {
        ++i;
        ++digits;
    } else {
        while (i < n && isDigit(s[i])) {
            ++i;
            ++digits;
        }
        if (digits == 0)
            return -1;
    }
    if (i < n && s[i] == '.') {
        ++i;
        qsizetype fraction = 0;
        while (i < n && isDigit(s[i])) {
            ++i;
            ++fraction;
        }
        if (fraction == 0)
            return -1;
        digits += fraction;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            ++i;
        qsizetype exponent = 0;
        while (i < n && isDigit(s[i])) {
            ++i;
            ++exponent;
        }
        if (exponent == 0 || exponent > 2)
            return -1;
    }
    return digits <= 40 ? i : -1;
}

} // namespace

bool isValid(QByteArrayView s)
{
    constexpr int kMaxDepth = 256;
    char open[kMaxDepth]; // '{' or '[' of each container we are in
    int depth = 0;
    const qsizetype n = s.size();
    enum class Want { Value, Key, Next } want = Want::Value;
    qsizetype i = skipSpace(s, 0);
    if (i >= n || (s[i] != '{' && s[i] != '['))
        return false; // a message is an object, a batch an array; parsers differ on bare scalars
    for (;;) {
        i = skipSpace(s, i);
        if (want == Want::Next) {
            // After a value: the end of the text, a comma, or the end of its container.
            if (depth == 0)
                return i == n;
            if (i >= n)
                return false;
            const char top = open[depth - 1];
            if (s[i] == ',') {
                ++i;
                want = top == '{' ? Want::Key : Want::Value;
            } else if (s[i] == (top == '{' ? '}' : ']')) {
                ++i;
                --depth;
            } else {
                return false;
            }
            continue;
        }
        if (i >= n)
            return false;
        if (want == Want::Key) {
            if (s[i] != '"' || (i = validString(s, i)) < 0)
                return false;
            i = skipSpace(s, i);
            if (i >= n || s[i] != ':')
                return false;
            ++i;
            want = Want::Value;
            continue;
        }
        const char c = s[i];
        if (c == '{' || c == '[') {
            if (depth == kMaxDepth)
                return false;
            open[depth++] = c;
            i = skipSpace(s, i + 1);
            if (i < n && s[i] == (c == '{' ? '}' : ']')) { // empty
                ++i;
                --depth;
                want = Want::Next;
            } else {
                want = c == '{' ? Want::Key : Want::Value;
            }
            continue;
        }
        i = c == '"' ? validString(s, i) : validScalar(s, i);
        if (i < 0)
            return false;
        want = Want::Next;
    }
}

bool members(QByteArrayView text, std::initializer_list<QByteArrayView> keys, Span *found)
{
    for (qsizetype k = 0; k < qsizetype(keys.size()); ++k)
        found[k] = {};
    qsizetype i = skipSpace(text, 0);
    if (i >= text.size() || text[i] != '{')
        return false;
    i = skipSpace(text, i + 1);
    if (i < text.size() && text[i] == '}')
        return true;
    while (i < text.size()) {
        if (text[i] != '"')
            return false;
        const qsizetype keyEnd = skipString(text, i);
        if (keyEnd < 0)
            return false;
        const QByteArrayView key(text.data() + i + 1, keyEnd - i - 2);
        if (key.contains('\\'))
            return false;
        i = skipSpace(text, keyEnd);
        if (i >= text.size() || text[i] != ':')
            return false;
        i = skipSpace(text, i + 1);
        const qsizetype valueEnd = skipValue(text, i);
        if (valueEnd < 0)
            return false;
        qsizetype k = 0;
        for (const QByteArrayView wanted : keys) {
            if (key == wanted) {
                if (found[k].isValid())
                    return false;
                found[k] = {i, valueEnd};
                break;
            }
            ++k;
        }
        i = skipSpace(text, valueEnd);
        if (i >= text.size())
            return false;
        if (text[i] == '}')
            return true;
        if (text[i] != ',')
            return false;
        i = skipSpace(text, i + 1);
    }
    return false;
}

Span member(QByteArrayView text, QByteArrayView key)
{
    qsizetype i = skipSpace(text, 0);
    if (i >= text.size() || text[i] != '{')
        return {};
    i = skipSpace(text, i + 1);
    if (i < text.size() && text[i] == '}')
        return {};
    Span found;
    while (i < text.size()) {
        if (text[i] != '"')
            return {};
        const qsizetype keyEnd = skipString(text, i);
        if (keyEnd < 0)
            return {};
        // Compared as written: a key spelled with escapes ("\u0069d") is not found, and the caller
        // takes its slow path, which reads it right.
        const bool match = QByteArrayView(text.data() + i + 1, keyEnd - i - 2) == key;
        i = skipSpace(text, keyEnd);
        if (i >= text.size() || text[i] != ':')
            return {};
        i = skipSpace(text, i + 1);
        const qsizetype valueEnd = skipValue(text, i);
        if (valueEnd < 0)
            return {};
        if (match) {
            if (found.isValid())
                return {}; // twice: which one counts is the parser's business
            found = {i, valueEnd};
        }
        i = skipSpace(text, valueEnd);
        if (i >= text.size())
            return {};
        if (text[i] == '}')
            return found;
        if (text[i] != ',')
            return {};
        i = skipSpace(text, i + 1);
    }
    return {};
}

qint64 plainInteger(QByteArrayView number)
{
    if (number.isEmpty() || number.size() > 15 || (number.size() > 1 && number.front() == '0'))
        return -1;
    qint64 value = 0;
    for (const char c : number) {
        if (!isDigit(c))
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

QByteArray replaced(QByteArrayView text, Span span, QByteArrayView value)
{
    qsizetype first = 0;
    qsizetype last = text.size();
    while (first < span.begin && isSpace(text[first]))
        ++first;
    while (last > span.end && isSpace(text[last - 1]))
        --last;
    QByteArray out;
    out.reserve(last - first - span.size() + value.size());
    out.append(text.data() + first, span.begin - first)
        .append(value)
        .append(text.data() + span.end, last - span.end);
    // On one line: an event stream's data field ends at a line break, and a stdio peer's message
    // too. In JSON text a raw CR or LF can only be whitespace between tokens (never inside a
    // string), so a space says the same.
    if (out.contains('\n') || out.contains('\r'))
        out.replace('\n', ' ').replace('\r', ' ');
    return out;
}

QByteArray encodeId(const QJsonValue &id)
{
    if (id.isDouble()) {
        const double d = id.toDouble();
        constexpr double kExact = 9007199254740992.0; // 2^53: every integer up to here is exact
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= kExact)
            return QByteArray::number(qint64(d));
    } else if (id.isString()) {
        const QByteArray utf8 = id.toString().toUtf8();
        bool plain = true;
        for (const char c : utf8) {
            if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
                plain = false;
                break;
            }
        }
        if (plain)
            return '"' + utf8 + '"';
    } else {
        return {};
    }
    // Escapes or a fraction: the encoder's own spelling.
    const QByteArray array = QJsonDocument(QJsonArray {id}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace lifeline::jsontext
