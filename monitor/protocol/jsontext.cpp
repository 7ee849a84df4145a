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

} // namespace

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
