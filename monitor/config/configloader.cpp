#include "configloader.h"

#include <atomic>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QUrl>

#include "config/channelsettings.h"
#include "config/alertconfig.h"
#include "config/listenaddress.h"
#include "duration.h"
#include "settingvalue.h"

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;
constexpr int kMaxIssues = 100; // per list; a broken 16 MiB file must not bury the user
constexpr int kMaxNameLength = 128;
constexpr int kMaxNesting = 1024; // QJsonDocument's own limit
constexpr int kIndexDepth = 6; // key positions are kept this deep (lifeline.servers.x.probe.arguments)
constexpr int kMaxIndexEntries = 200000; // past this, positions are best effort
constexpr int kMaxThreshold = 10000;
constexpr qint64 kMaxSettingMs = 24LL * 3600 * 1000;

using Path = QStringList; // object keys, and "[i]" for array elements

Path operator/(const Path &path, const QString &key)
{
    Path out = path;
    out.append(key);
    return out;
}

QString indexComponent(qsizetype i)
{
    return u'[' + QString::number(i) + u']';
}

QString displayPath(const Path &path)
{
    QString out;
    for (const QString &component : path) {
        const bool index = component.startsWith(u'[') && component.endsWith(u']');
        if (!out.isEmpty() && !index)
            out += u'.';
        out += component.isEmpty() ? u"\"\""_s : printableText(component);
    }
    return out;
}

QString encodePath(const Path &path, qsizetype count = -1)
{
    if (count < 0 || count > path.size())
        count = path.size();
    QString out;
    for (qsizetype i = 0; i < count; ++i)
        out += QString::number(path[i].size()) + u':' + path[i];
    return out;
}

// ---------------------------------------------------------------------------------------------
// RawText: one pass over the bytes, before QJsonDocument sees them. It
//  - blanks JSONC comments and trailing commas (VS Code's mcp.json allows both), keeping offsets,
//  - finds the first syntax error with a message a person can act on,
//  - remembers where each key starts and the order keys were written in (QJsonObject sorts them).
class RawText
{
public:
    explicit RawText(const QByteArray &text)
        : m_original(text)
        , m_clean(text)
    {
        scan();
    }

    const QByteArray &cleaned() const { return m_clean; }
    bool failed() const { return m_errorOffset >= 0; }
    bool empty() const { return m_empty; }
    qsizetype errorOffset() const { return m_errorOffset; }
    const QString &errorMessage() const { return m_errorMessage; }
    const QList<QPair<Path, qsizetype>> &duplicates() const { return m_duplicates; }

    qsizetype offsetOf(const Path &path) const { return m_offsets.value(encodePath(path), -1); }
    QStringList keysOf(const Path &path) const { return m_keys.value(encodePath(path)); }

    // 1-based line and column (in characters) of a byte offset.
    QPair<int, int> lineColumn(qsizetype offset) const
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

private:
    struct Frame
    {
        bool object;
        qsizetype index;
    };
    enum class Want { Value, KeyOrClose, Key, ValueOrClose, CommaOrClose };

    void fail(qsizetype offset, const QString &message)
    {
        if (m_errorOffset < 0) {
            m_errorOffset = offset;
            m_errorMessage = message;
        }
    }

    static bool isValueStart(char c)
    {
        return c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f'
            || c == 'n';
    }

    static bool isWordChar(char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
            || c == '.' || c == '+' || c == '-';
    }

    // Length of the UTF-8 sequence at i, 0 when it is not valid UTF-8.
    int utf8Length(qsizetype i) const
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

    QString unexpected(qsizetype i, const QString &expectation) const
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
    bool skipSpace(qsizetype &i)
    {
        char *p = m_clean.data();
        const qsizetype n = m_clean.size();
        while (i < n) {
            const char c = p[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i;
            } else if (c == '/' && i + 1 < n && p[i + 1] == '/') {
                while (i < n && p[i] != '\n')
                    p[i++] = ' ';
            } else if (c == '/' && i + 1 < n && p[i + 1] == '*') {
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
    bool readString(qsizetype &i, QString *out)
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
                fail(i,
                    u"control character U+%1 in a string must be escaped"_s.arg(uint(c), 4, 16, QChar(u'0')));
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

    bool skipNumber(qsizetype &i)
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

    void record(const Path &path, qsizetype offset, bool isKey)
    {
        if (path.size() > kIndexDepth || m_offsets.size() >= kMaxIndexEntries)
            return;
        const QString encoded = encodePath(path);
        if (isKey) {
            if (m_offsets.contains(encoded))
                m_duplicates.append({path, offset});
            else
                m_keys[encodePath(path, path.size() - 1)].append(path.constLast());
        }
        m_offsets.insert(encoded, offset); // the last duplicate wins, as in QJsonDocument
    }

    void scan()
    {
        const char *p = m_clean.constData();
        const qsizetype n = m_clean.size();
        qsizetype i = 0;
        if (n >= 3 && uchar(p[0]) == 0xEF && uchar(p[1]) == 0xBB && uchar(p[2]) == 0xBF)
            i = m_bom = 3;

        std::vector<Frame> stack;
        Path path;
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
                        u"unexpected end of file: missing '%1'"_s.arg(
                            QChar(stack.back().object ? u'}' : u']')));
                }
                return;
            }
            const char c = p[i];
            switch (want) {
            case Want::ValueOrClose:
                if (c == ']') {
                    stack.pop_back();
                    path.removeLast();
                    ++i;
                    want = Want::CommaOrClose;
                    break;
                }
                [[fallthrough]];
            case Want::Value:
                if (stack.empty()) {
                    record(path, i, false);
                    if (c != '{') {
                        fail(i, u"expected a JSON object ({ … }) at the top level"_s);
                        return;
                    }
                } else if (!stack.back().object) {
                    record(path, i, false);
                }
                if (c == '{' || c == '[') {
                    if (stack.size() >= kMaxNesting) {
                        fail(i, u"nesting is too deep (more than %1 levels)"_s.arg(kMaxNesting));
                        return;
                    }
                    stack.push_back({c == '{', 0});
                    path.append(c == '{' ? QString() : indexComponent(0));
                    ++i;
                    want = c == '{' ? Want::KeyOrClose : Want::ValueOrClose;
                } else if (c == '"') {
                    if (!readString(i, nullptr))
                        return;
                    want = Want::CommaOrClose;
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    if (!skipNumber(i))
                        return;
                    want = Want::CommaOrClose;
                } else if (c == 't' || c == 'f' || c == 'n') {
                    const QByteArrayView word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                    if (QByteArrayView(p + i, std::min<qsizetype>(word.size(), n - i)) != word
                        || (i + word.size() < n && isWordChar(p[i + word.size()]))) {
                        fail(i, unexpected(i, u"expected a value"_s));
                        return;
                    }
                    i += word.size();
                    want = Want::CommaOrClose;
                } else {
                    fail(i, unexpected(i, u"expected a value"_s));
                    return;
                }
                break;
            case Want::KeyOrClose:
                if (c == '}') {
                    stack.pop_back();
                    path.removeLast();
                    ++i;
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
                const bool keep = path.size() <= kIndexDepth;
                QString key;
                if (!readString(i, keep ? &key : nullptr))
                    return;
                if (keep) {
                    path.last() = key;
                    record(path, keyStart, true);
                }
                if (!skipSpace(i))
                    return;
                p = m_clean.constData();
                if (i >= n || p[i] != ':') {
                    fail(
                        i, i >= n ? u"unexpected end of file, expected ':'"_s : u"missing ':' after a key"_s);
                    return;
                }
                ++i;
                want = Want::Value;
                break;
            }
            case Want::CommaOrClose: {
                Frame &frame = stack.back();
                const char close = frame.object ? '}' : ']';
                if (c == ',') {
                    const qsizetype comma = i++;
                    if (!skipSpace(i))
                        return;
                    p = m_clean.constData();
                    if (i < n && p[i] == close) {
                        m_clean[comma] = ' '; // a trailing comma, allowed in JSONC
                        p = m_clean.constData();
                    } else if (frame.object) {
                        want = Want::Key;
                    } else {
                        ++frame.index;
                        if (path.size() <= kIndexDepth)
                            path.last() = indexComponent(frame.index);
                        want = Want::Value;
                    }
                } else if (c == close) {
                    stack.pop_back();
                    path.removeLast();
                    ++i;
                } else if (c == '}' || c == ']') {
                    fail(i,
                        u"expected ',' or '%1' but found '%2'"_s.arg(
                            QChar::fromLatin1(close), QChar::fromLatin1(c)));
                    return;
                } else if (isValueStart(c)) {
                    fail(i, u"missing comma"_s);
                    return;
                } else {
                    fail(i, unexpected(i, u"expected ',' or '%1'"_s.arg(QChar::fromLatin1(close))));
                    return;
                }
                break;
            }
            }
        }
    }

    const QByteArray m_original;
    QByteArray m_clean;
    qsizetype m_bom = 0;
    qsizetype m_errorOffset = -1;
    QString m_errorMessage;
    bool m_empty = false;
    QHash<QString, qsizetype> m_offsets;
    QHash<QString, QStringList> m_keys;
    QList<QPair<Path, qsizetype>> m_duplicates;
    mutable std::vector<qsizetype> m_lineStarts;
};

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

// ---------------------------------------------------------------------------------------------
// Where issues go, and how they learn their line and column.
class Context
{
public:
    Context(
        const QString &fileName, const RawText *raw, QList<ConfigIssue> &errors, QList<ConfigIssue> &warnings)
        : m_fileName(fileName)
        , m_raw(raw)
        , m_errors(errors)
        , m_warnings(warnings)
    { }

    void error(const Path &path, const QString &message) { add(m_errors, m_errorsCut, path, message); }
    void warning(const Path &path, const QString &message) { add(m_warnings, m_warningsCut, path, message); }

    // Issues in reading order (the checks run in their own order), then a note if some were dropped.
    void finish()
    {
        finish(m_errors, m_errorsStart, m_errorsCut, u"errors"_s);
        finish(m_warnings, m_warningsStart, m_warningsCut, u"warnings"_s);
    }
    int errorCount() const { return int(m_errors.size()); }
    const RawText *raw() const { return m_raw; }

    // Keys in the order the file has them (QJsonObject sorts); any the scan missed come last.
    QStringList orderedKeys(const QJsonObject &object, const Path &path) const
    {
        if (!m_raw)
            return object.keys();
        QStringList out;
        QSet<QString> seen;
        for (const QString &key : m_raw->keysOf(path)) {
            if (object.contains(key) && !seen.contains(key)) {
                out.append(key);
                seen.insert(key);
            }
        }
        if (out.size() != object.size()) {
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (!seen.contains(it.key()))
                    out.append(it.key());
            }
        }
        return out;
    }

private:
    void finish(QList<ConfigIssue> &list, qsizetype start, bool cut, const QString &what)
    {
        std::stable_sort(list.begin() + start, list.end(), [](const ConfigIssue &a, const ConfigIssue &b) {
            return std::pair(a.line, a.column) < std::pair(b.line, b.column);
        });
        if (cut)
            list.append({m_fileName, 0, 0, {},
                u"too many %1; only the first %2 are shown"_s.arg(what).arg(kMaxIssues)});
    }

    void add(QList<ConfigIssue> &list, bool &cut, const Path &path, const QString &message)
    {
        if (list.size() >= kMaxIssues) {
            cut = true;
            return;
        }
        ConfigIssue issue {m_fileName, 0, 0, displayPath(path), message};
        if (m_raw) {
            // The key itself, or failing that the nearest enclosing key the scan remembered.
            for (qsizetype depth = path.size(); depth > 0; --depth) {
                const qsizetype offset = m_raw->offsetOf(path.first(depth));
                if (offset >= 0) {
                    std::tie(issue.line, issue.column) = m_raw->lineColumn(offset);
                    break;
                }
            }
        }
        list.append(issue);
    }

    QString m_fileName;
    const RawText *m_raw;
    QList<ConfigIssue> &m_errors;
    QList<ConfigIssue> &m_warnings;
    qsizetype m_errorsStart = m_errors.size();
    qsizetype m_warningsStart = m_warnings.size();
    bool m_errorsCut = false;
    bool m_warningsCut = false;
};

// Numbers in args, env and headers are accepted as their text ("PORT": 3000).
std::optional<QString> scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    return std::nullopt;
}

void warnUnknownKeys(
    Context &ctx, const QJsonObject &object, const Path &path, std::initializer_list<QStringView> known)
{
    for (const QString &key : ctx.orderedKeys(object, path)) {
        if (std::find(known.begin(), known.end(), QStringView(key)) == known.end())
            ctx.warning(path / key, u"unknown key (ignored)"_s);
    }
}

constexpr qint64 kMinLogBytes = 64 * 1024;
constexpr qint64 kMaxLogBytes = 1024LL * 1024 * 1024;

// A size in bytes: a whole number, or a string with a binary unit ("512KiB", "5MiB", "1GiB";
// K, M, G and KB, MB, GB mean the same powers of two: nobody sizes a log in powers of ten).
std::optional<qint64> parseByteSize(const QJsonValue &value, QString *why)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d >= 0 && d == std::floor(d) && d < 9007199254740992.0)
            return qint64(d);
        *why = u"expected a whole number of bytes or a size like \"5MiB\", got %1"_s.arg(writtenValue(value));
        return std::nullopt;
    }
    static const QRegularExpression re(u"^\\s*(\\d{1,7})\\s*(B|K|KB|KiB|M|MB|MiB|G|GB|GiB)?\\s*$"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m
        = value.isString() ? re.match(value.toString()) : QRegularExpressionMatch();
    if (!m.hasMatch()) {
        *why = u"expected a whole number of bytes or a size like \"5MiB\", got %1"_s.arg(writtenValue(value));
        return std::nullopt;
    }
    const QChar unit = m.captured(2).isEmpty() ? u'B' : m.captured(2).at(0).toUpper();
    int shift = 0;
    if (unit == u'K')
        shift = 10;
    else if (unit == u'M')
        shift = 20;
    else if (unit == u'G')
        shift = 30;
    return m.captured(1).toLongLong() << shift;
}

// ---------------------------------------------------------------------------------------------
// Settings (lifeline.defaults and lifeline.servers.<name>).

std::optional<int> durationSetting(Context &ctx, const QJsonValue &value, const Path &path, qint64 minMs)
{
    QString why;
    const std::optional<qint64> ms = durationInRange(value, minMs, kMaxSettingMs, &why);
    if (!ms) {
        ctx.error(path, why);
        return std::nullopt;
    }
    return int(*ms);
}

std::optional<int> thresholdSetting(Context &ctx, const QJsonValue &value, const Path &path)
{
    QString why;
    const std::optional<int> n = wholeNumberInRange(value, 1, kMaxThreshold, &why);
    if (!n)
        ctx.error(path, why);
    return n;
}

std::optional<double> rateSetting(Context &ctx, const QJsonValue &value, const Path &path)
{
    const double d = value.toDouble(-1);
    if (!value.isDouble() || !(d >= 0 && d <= 1)) {
        ctx.error(path, u"expected a number from 0 to 1, got %1"_s.arg(writtenValue(value)));
        return std::nullopt;
    }
    return d;
}

std::optional<ProbeCall> probeSetting(Context &ctx, const QJsonValue &value, const Path &path)
{
    if (!value.isObject()) {
        ctx.error(
            path, u"expected an object like {\"tool\": \"…\", \"arguments\": {…}, \"expect\": \"…\"}"_s);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    warnUnknownKeys(ctx, object, path, {u"tool", u"arguments", u"expect"});
    const int before = ctx.errorCount();
    ProbeCall probe;
    if (!object.contains(u"tool"_s)) {
        ctx.error(path, u"a probe needs \"tool\": the name of the tool to call"_s);
    } else if (!object.value(u"tool"_s).isString() || object.value(u"tool"_s).toString().isEmpty()) {
        ctx.error(path / u"tool"_s, u"expected the name of a tool (a non-empty string)"_s);
    } else {
        probe.tool = object.value(u"tool"_s).toString();
    }
    if (object.contains(u"arguments"_s)) {
        if (object.value(u"arguments"_s).isObject())
            probe.arguments = object.value(u"arguments"_s).toObject();
        else
            ctx.error(path / u"arguments"_s, u"expected an object"_s);
    }
    if (object.contains(u"expect"_s)) {
        if (object.value(u"expect"_s).isString())
            probe.expect = object.value(u"expect"_s).toString();
        else
            ctx.error(path / u"expect"_s, u"expected a string"_s);
    }
    if (ctx.errorCount() != before)
        return std::nullopt;
    return probe;
}

// `restart`, merged key by key over `base` (a server's restart keys override the defaults' ones).
RestartSettings restartSetting(
    Context &ctx, const QJsonValue &value, const RestartSettings &base, const Path &path)
{
    RestartSettings r = base;
    if (!value.isObject()) {
        ctx.error(path,
            u"expected an object like {\"policy\": \"on-failure\", \"backoff\": [\"1s\", \"5s\", \"30s\"]}"_s);
        return r;
    }
    const QJsonObject o = value.toObject();
    warnUnknownKeys(ctx, o, path,
        {u"policy", u"backoff", u"jitter", u"maxAttempts", u"burst", u"burstWindow", u"resetAfter",
            u"circuit"});
    if (o.contains(u"policy"_s)) {
        const QString p = o.value(u"policy"_s).toString();
        if (p == u"on-failure")
            r.policy = RestartPolicy::OnFailure;
        else if (p == u"always")
            r.policy = RestartPolicy::Always;
        else if (p == u"never")
            r.policy = RestartPolicy::Never;
        else
            ctx.error(path / u"policy"_s,
                u"expected \"on-failure\", \"always\" or \"never\", got %1"_s.arg(
                    writtenValue(o.value(u"policy"_s))));
    }
    if (o.contains(u"backoff"_s)) {
        const QJsonValue b = o.value(u"backoff"_s);
        if (!b.isArray() || b.toArray().isEmpty()) {
            ctx.error(path / u"backoff"_s, u"expected a list of durations, e.g. [\"1s\", \"5s\", \"30s\"]"_s);
        } else {
            QList<int> steps;
            const QJsonArray a = b.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (const auto ms = durationSetting(ctx, a.at(i), path / u"backoff"_s / indexComponent(i), 0))
                    steps.append(*ms);
            }
            if (steps.size() == a.size())
                r.backoffMs = steps;
        }
    }
    if (o.contains(u"jitter"_s)) {
        if (o.value(u"jitter"_s).isBool())
            r.jitter = o.value(u"jitter"_s).toBool();
        else
            ctx.error(path / u"jitter"_s, u"expected true or false"_s);
    }
    if (o.contains(u"maxAttempts"_s)) {
        if (const auto n = thresholdSetting(ctx, o.value(u"maxAttempts"_s), path / u"maxAttempts"_s))
            r.maxAttempts = *n;
    }
    if (o.contains(u"burst"_s)) {
        if (const auto n = thresholdSetting(ctx, o.value(u"burst"_s), path / u"burst"_s))
            r.burst = *n;
    }
    if (o.contains(u"burstWindow"_s)) {
        if (const auto ms = durationSetting(ctx, o.value(u"burstWindow"_s), path / u"burstWindow"_s, 1))
            r.burstWindowMs = *ms;
    }
    if (o.contains(u"resetAfter"_s)) {
        if (const auto ms = durationSetting(ctx, o.value(u"resetAfter"_s), path / u"resetAfter"_s, 0))
            r.resetAfterMs = *ms;
    }
    if (o.contains(u"circuit"_s)) {
        const Path cp = path / u"circuit"_s;
        const QJsonValue cv = o.value(u"circuit"_s);
        if (!cv.isObject()) {
            ctx.error(cp, u"expected an object"_s);
        } else {
            const QJsonObject c = cv.toObject();
            warnUnknownKeys(ctx, c, cp,
                {u"failureRateThreshold", u"minimumCalls", u"windowSize", u"openFor", u"halfOpenCalls"});
            if (c.contains(u"failureRateThreshold"_s)) {
                if (const auto v
                    = rateSetting(ctx, c.value(u"failureRateThreshold"_s), cp / u"failureRateThreshold"_s))
                    r.circuit.failureRateThreshold = *v;
            }
            if (c.contains(u"minimumCalls"_s)) {
                if (const auto n = thresholdSetting(ctx, c.value(u"minimumCalls"_s), cp / u"minimumCalls"_s))
                    r.circuit.minimumCalls = *n;
            }
            if (c.contains(u"windowSize"_s)) {
                if (const auto n = thresholdSetting(ctx, c.value(u"windowSize"_s), cp / u"windowSize"_s))
                    r.circuit.windowSize = *n;
            }
            if (c.contains(u"openFor"_s)) {
                if (const auto ms = durationSetting(ctx, c.value(u"openFor"_s), cp / u"openFor"_s, 1))
                    r.circuit.openForMs = *ms;
            }
            if (c.contains(u"halfOpenCalls"_s)) {
                if (const auto n
                    = thresholdSetting(ctx, c.value(u"halfOpenCalls"_s), cp / u"halfOpenCalls"_s))
                    r.circuit.halfOpenCalls = *n;
            }
            if (r.circuit.minimumCalls > r.circuit.windowSize)
                ctx.error(cp / u"minimumCalls"_s,
                    u"minimumCalls (%1) cannot be above windowSize (%2)"_s.arg(r.circuit.minimumCalls)
                        .arg(r.circuit.windowSize));
        }
    }
    return r;
}

MonitorSettings parseSettingsIn(
    Context &ctx, const QJsonObject &object, const MonitorSettings &base, const Path &path)
{
    MonitorSettings s = base;
    warnUnknownKeys(ctx, object, path,
        {u"interval", u"timeout", u"failureThreshold", u"successThreshold", u"latencyWarning",
            u"latencyCritical", u"errorRateWarning", u"errorRateCritical", u"depth", u"probe", u"restart"});

    const auto has = [&](const char16_t *key) { return object.contains(QStringView(key)); };
    const auto value = [&](const char16_t *key) { return object.value(QStringView(key)); };
    const auto at = [&](const char16_t *key) { return path / QString::fromUtf16(key); };
    bool latencyOk = true;
    bool rateOk = true;

    if (has(u"interval")) {
        if (const auto ms = durationSetting(ctx, value(u"interval"), at(u"interval"), 100))
            s.intervalMs = *ms;
    }
    if (has(u"timeout")) {
        if (const auto ms = durationSetting(ctx, value(u"timeout"), at(u"timeout"), 10))
            s.timeoutMs = *ms;
    }
    if (has(u"failureThreshold")) {
        if (const auto n = thresholdSetting(ctx, value(u"failureThreshold"), at(u"failureThreshold")))
            s.failureThreshold = *n;
    }
    if (has(u"successThreshold")) {
        if (const auto n = thresholdSetting(ctx, value(u"successThreshold"), at(u"successThreshold")))
            s.successThreshold = *n;
    }
    if (has(u"latencyWarning")) {
        const auto ms = durationSetting(ctx, value(u"latencyWarning"), at(u"latencyWarning"), 0);
        latencyOk = latencyOk && ms;
        s.latencyWarningMs = ms.value_or(s.latencyWarningMs);
    }
    if (has(u"latencyCritical")) {
        const auto ms = durationSetting(ctx, value(u"latencyCritical"), at(u"latencyCritical"), 0);
        latencyOk = latencyOk && ms;
        s.latencyCriticalMs = ms.value_or(s.latencyCriticalMs);
    }
    if (has(u"errorRateWarning")) {
        const auto r = rateSetting(ctx, value(u"errorRateWarning"), at(u"errorRateWarning"));
        rateOk = rateOk && r;
        s.errorRateWarning = r.value_or(s.errorRateWarning);
    }
    if (has(u"errorRateCritical")) {
        const auto r = rateSetting(ctx, value(u"errorRateCritical"), at(u"errorRateCritical"));
        rateOk = rateOk && r;
        s.errorRateCritical = r.value_or(s.errorRateCritical);
    }
    if (has(u"depth")) {
        const QJsonValue v = value(u"depth");
        if (v.toString() == u"basic")
            s.depth = ProbeDepth::Basic;
        else if (v.toString() == u"comprehensive")
            s.depth = ProbeDepth::Comprehensive;
        else if (v.isString())
            ctx.error(at(u"depth"),
                u"unknown depth %1 (use \"basic\" or \"comprehensive\")"_s.arg(quotedValue(v.toString())));
        else
            ctx.error(at(u"depth"), u"expected \"basic\" or \"comprehensive\""_s);
    }
    if (has(u"probe")) {
        if (value(u"probe").isNull()) // lets a server drop the probe its defaults set
            s.probe.reset();
        else if (const auto probe = probeSetting(ctx, value(u"probe"), at(u"probe")))
            s.probe = probe;
    }
    if (has(u"restart"))
        s.restart = restartSetting(ctx, value(u"restart"), s.restart, at(u"restart"));

    // Checked only where this object touches one of the pair, so a bad default is reported once.
    if (latencyOk && (has(u"latencyWarning") || has(u"latencyCritical"))
        && s.latencyWarningMs > s.latencyCriticalMs) {
        ctx.error(at(has(u"latencyWarning") ? u"latencyWarning" : u"latencyCritical"),
            u"latencyWarning (%1) must not be above latencyCritical (%2)"_s.arg(
                formatDuration(s.latencyWarningMs), formatDuration(s.latencyCriticalMs)));
    }
    if (rateOk && (has(u"errorRateWarning") || has(u"errorRateCritical"))
        && s.errorRateWarning > s.errorRateCritical) {
        ctx.error(at(has(u"errorRateWarning") ? u"errorRateWarning" : u"errorRateCritical"),
            u"errorRateWarning (%1) must not be above errorRateCritical (%2)"_s.arg(
                QString::number(s.errorRateWarning), QString::number(s.errorRateCritical)));
    }
    return s;
}

// ---------------------------------------------------------------------------------------------
// Servers.

bool isEnvName(QStringView name)
{
    if (name.isEmpty() || (name.front() >= u'0' && name.front() <= u'9'))
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

class Loader
{
public:
    Loader(Context &ctx, const QProcessEnvironment &env)
        : m_ctx(ctx)
        , m_env(env)
    { }

    QString expand(const QString &text, const Path &path)
    {
        QStringList warnings;
        const QString out = ConfigLoader::expandVariables(text, m_env, &warnings);
        for (const QString &w : warnings)
            m_ctx.warning(path, w);
        return out;
    }

    std::optional<QString> stringField(const QJsonObject &object, const QString &key, const Path &path)
    {
        const QJsonValue v = object.value(key);
        if (!v.isString()) {
            m_ctx.error(path / key, u"expected a string"_s);
            return std::nullopt;
        }
        return expand(v.toString(), path / key);
    }

    // env and headers: an object of strings, in file order.
    std::optional<KeyValueList> keyValues(
        const QJsonObject &object, const QString &key, const Path &path, bool headers)
    {
        const QJsonValue v = object.value(key);
        const Path here = path / key;
        if (!v.isObject()) {
            m_ctx.error(here, u"expected an object of strings"_s);
            return std::nullopt;
        }
        const QJsonObject map = v.toObject();
        const int before = m_ctx.errorCount();
        KeyValueList out;
        for (const QString &name : m_ctx.orderedKeys(map, here)) {
            const Path at = here / name;
            if (headers && !isHttpHeaderName(name)) {
                m_ctx.error(at, u"%1 is not a valid HTTP header name"_s.arg(quotedValue(name)));
                continue;
            }
            if (!headers && (name.isEmpty() || name.contains(u'=') || name.contains(QChar(0)))) {
                m_ctx.error(at, u"%1 is not a valid environment variable name"_s.arg(quotedValue(name)));
                continue;
            }
            const std::optional<QString> text = scalarText(map.value(name));
            if (!text) {
                m_ctx.error(at, u"expected a string"_s);
                continue;
            }
            const QString value = expand(*text, at);
            if (headers && (value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0)))) {
                m_ctx.error(at, u"a header value must not contain line breaks or NUL"_s);
                continue;
            }
            out.append({name, value});
        }
        if (m_ctx.errorCount() != before)
            return std::nullopt;
        return out;
    }

    std::optional<ServerConfig> parseServer(const QString &name, const QJsonValue &value, const Path &path)
    {
        if (!value.isObject()) {
            m_ctx.error(path, u"expected an object describing the server"_s);
            return std::nullopt;
        }
        const QJsonObject o = value.toObject();
        warnUnknownKeys(
            m_ctx, o, path, {u"command", u"args", u"env", u"cwd", u"url", u"headers", u"type", u"disabled"});
        const int before = m_ctx.errorCount();
        ServerConfig server;
        server.name = name;

        const bool hasCommand = o.contains(u"command"_s);
        const bool hasUrl = o.contains(u"url"_s);
        std::optional<TransportKind> declared;
        QString typeText;
        if (o.contains(u"type"_s)) {
            typeText = o.value(u"type"_s).toString();
            const QString t = typeText.toLower();
            if (!o.value(u"type"_s).isString())
                m_ctx.error(path / u"type"_s, u"expected a string: \"stdio\", \"http\" or \"sse\""_s);
            else if (t == u"stdio")
                declared = TransportKind::Stdio;
            else if (t == u"http" || t == u"streamable-http" || t == u"streamablehttp")
                declared = TransportKind::StreamableHttp;
            else if (t == u"sse")
                declared = TransportKind::Sse;
            else
                m_ctx.error(path / u"type"_s,
                    u"unknown type %1 (use \"stdio\", \"http\" or \"sse\")"_s.arg(quotedValue(typeText)));
        }

        if (hasCommand && hasUrl) {
            m_ctx.error(path,
                u"has both \"command\" and \"url\"; a server is either local (command) or remote (url)"_s);
        } else if (!hasCommand && !hasUrl) {
            m_ctx.error(path, u"needs \"command\" (a local stdio server) or \"url\" (a remote server)"_s);
        } else if (declared == TransportKind::Stdio && !hasCommand) {
            m_ctx.error(path / u"type"_s, u"type \"stdio\" needs \"command\", not \"url\""_s);
        } else if (declared && declared != TransportKind::Stdio && !hasUrl) {
            m_ctx.error(
                path / u"type"_s, u"type %1 needs \"url\", not \"command\""_s.arg(quotedValue(typeText)));
        }
        server.transport
            = declared.value_or(hasUrl && !hasCommand ? TransportKind::AutoHttp : TransportKind::Stdio);

        if (hasCommand) {
            if (const auto command = stringField(o, u"command"_s, path)) {
                server.command = *command;
                if (command->trimmed().isEmpty())
                    m_ctx.error(path / u"command"_s, u"must not be empty"_s);
            }
        }
        if (o.contains(u"args"_s)) {
            const QJsonValue v = o.value(u"args"_s);
            if (!v.isArray()) {
                m_ctx.error(path / u"args"_s, u"expected an array of strings"_s);
            } else {
                const QJsonArray array = v.toArray();
                for (qsizetype i = 0; i < array.size(); ++i) {
                    const Path at = path / u"args"_s / indexComponent(i);
                    if (const auto text = scalarText(array.at(i)))
                        server.args.append(expand(*text, at));
                    else
                        m_ctx.error(at, u"expected a string"_s);
                }
            }
        }
        if (o.contains(u"env"_s)) {
            if (const auto env = keyValues(o, u"env"_s, path, false))
                server.env = *env;
        }
        if (o.contains(u"cwd"_s)) {
            if (const auto cwd = stringField(o, u"cwd"_s, path))
                server.cwd = *cwd;
        }
        if (hasUrl) {
            const QJsonValue v = o.value(u"url"_s);
            if (const auto text = stringField(o, u"url"_s, path)) {
                // Messages show the URL as written: the expanded one may carry a token.
                const QString written = quotedValue(v.toString());
                const QUrl url(text->trimmed(), QUrl::StrictMode);
                const QString scheme = url.scheme().toLower();
                if (text->trimmed().isEmpty())
                    m_ctx.error(path / u"url"_s, u"must not be empty"_s);
                else if (!url.isValid())
                    m_ctx.error(path / u"url"_s, u"%1 is not a valid URL"_s.arg(written));
                else if (scheme != u"http" && scheme != u"https")
                    m_ctx.error(path / u"url"_s, u"%1 is not an http or https URL"_s.arg(written));
                else if (url.host().isEmpty())
                    m_ctx.error(path / u"url"_s, u"%1 has no host"_s.arg(written));
                else
                    server.url = url;
            }
        }
        if (o.contains(u"headers"_s)) {
            if (const auto headers = keyValues(o, u"headers"_s, path, true))
                server.headers = *headers;
        }
        if (o.contains(u"disabled"_s)) {
            if (o.value(u"disabled"_s).isBool())
                server.disabled = o.value(u"disabled"_s).toBool();
            else
                m_ctx.error(path / u"disabled"_s, u"expected true or false"_s);
        }
        if (hasCommand != hasUrl) {
            const QStringList misplaced
                = hasUrl ? QStringList {u"args"_s, u"env"_s, u"cwd"_s} : QStringList {u"headers"_s};
            for (const QString &key : misplaced) {
                if (o.contains(key)) {
                    m_ctx.warning(path / key,
                        hasUrl ? u"ignored: only local (command) servers use it"_s
                               : u"ignored: only remote (url) servers use it"_s);
                }
            }
        }
        if (m_ctx.errorCount() != before)
            return std::nullopt;
        return server;
    }

    std::optional<Config> parseRoot(const QJsonObject &root)
    {
        Config config;
        const bool hasMcp = root.contains(u"mcpServers"_s);
        const bool hasVsCode = root.contains(u"servers"_s);
        if (!hasMcp && !hasVsCode)
            m_ctx.error(
                {}, u"no \"mcpServers\" object (or VS Code's \"servers\"): there is nothing to monitor"_s);

        // Which section each name came from, to name both places when one is defined twice.
        QHash<QString, QString> sectionOf;
        QList<ServerConfig> servers;
        for (const QString &section : {u"mcpServers"_s, u"servers"_s}) {
            if (!root.contains(section))
                continue;
            const Path sectionPath {section};
            const QJsonValue v = root.value(section);
            if (!v.isObject()) {
                m_ctx.error(sectionPath, u"expected an object mapping server names to their settings"_s);
                continue;
            }
            const QJsonObject entries = v.toObject();
            for (const QString &name : m_ctx.orderedKeys(entries, sectionPath)) {
                const Path path = sectionPath / name;
                if (name.isEmpty()) {
                    m_ctx.error(path, u"a server name must not be empty"_s);
                    continue;
                }
                if (name.toUcs4().size() > kMaxNameLength) {
                    m_ctx.error(path, u"a server name must be at most %1 characters"_s.arg(kMaxNameLength));
                    continue;
                }
                if (std::any_of(name.begin(), name.end(),
                        [](QChar c) { return c.category() == QChar::Other_Control; })) {
                    m_ctx.error(path, u"a server name must not contain control characters"_s);
                    continue;
                }
                if (sectionOf.contains(name)) {
                    m_ctx.error(path,
                        u"server %1 is also defined at %2.%3; names must be unique"_s.arg(
                            quotedValue(name), sectionOf.value(name), name));
                    continue;
                }
                sectionOf.insert(name, section);
                if (auto server = parseServer(name, entries.value(name), path))
                    servers.append(*server);
            }
        }

        if (root.contains(u"lifeline"_s))
            parseLifeline(root.value(u"lifeline"_s), config, servers, sectionOf);

        if (m_ctx.errorCount() > 0)
            return std::nullopt;
        std::sort(servers.begin(), servers.end(),
            [](const ServerConfig &a, const ServerConfig &b) { return a.name < b.name; });
        config.servers = servers;
        return config;
    }

private:
    // `lifeline.history`: {"retention": {"samples": "48h", "minutes": "14d", "hours": "180d",
    // "days": "forever", "events": "180d"}, "flushInterval": "1s", "batchRows": 2000}
    void parseHistory(const QJsonValue &value, const Path &path, HistorySettings &h)
    {
        if (!value.isObject()) {
            m_ctx.error(path, u"expected an object like {\"retention\": {\"samples\": \"48h\"}}"_s);
            return;
        }
        const QJsonObject o = value.toObject();
        warnUnknownKeys(m_ctx, o, path, {u"retention", u"flushInterval", u"batchRows"});
        if (o.contains(u"retention"_s)) {
            const Path rp = path / u"retention"_s;
            if (!o.value(u"retention"_s).isObject()) {
                m_ctx.error(rp, u"expected an object"_s);
            } else {
                const QJsonObject r = o.value(u"retention"_s).toObject();
                warnUnknownKeys(m_ctx, r, rp, {u"samples", u"minutes", u"hours", u"days", u"events"});
                const std::pair<const char16_t *, qint64 *> keys[]
                    = {{u"samples", &h.samplesMs}, {u"minutes", &h.minutesMs}, {u"hours", &h.hoursMs},
                        {u"days", &h.daysMs}, {u"events", &h.eventsMs}};
                for (const auto &[key, target] : keys) {
                    const QString k = QString::fromUtf16(key);
                    if (!r.contains(k))
                        continue;
                    const QJsonValue v = r.value(k);
                    if (v.toString() == u"forever") {
                        *target = -1;
                        continue;
                    }
                    QString why;
                    const auto ms = parseDuration(v, &why);
                    if (!ms)
                        m_ctx.error(rp / k, why + u" (or \"forever\")"_s);
                    else if (*ms < 3600000)
                        m_ctx.error(
                            rp / k, u"%1 is too short; keep history at least 1h"_s.arg(writtenValue(v)));
                    else
                        *target = *ms;
                }
            }
        }
        if (o.contains(u"flushInterval"_s)) {
            if (const auto ms
                = durationSetting(m_ctx, o.value(u"flushInterval"_s), path / u"flushInterval"_s, 50))
                h.flushIntervalMs = *ms;
        }
        if (o.contains(u"batchRows"_s)) {
            const QJsonValue v = o.value(u"batchRows"_s);
            if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() > 1000000
                || v.toDouble() != double(v.toInt()))
                m_ctx.error(path / u"batchRows"_s, u"expected a whole number from 1 to 1000000"_s);
            else
                h.batchRows = v.toInt();
        }
    }

    // `lifeline.log`: {"enabled": true, "maxSize": "5MiB", "files": 5}
    void parseLog(const QJsonValue &value, const Path &path, LogSettings &log)
    {
        if (!value.isObject()) {
            m_ctx.error(path, u"expected an object like {\"maxSize\": \"5MiB\", \"files\": 5}"_s);
            return;
        }
        const QJsonObject o = value.toObject();
        warnUnknownKeys(m_ctx, o, path, {u"enabled", u"maxSize", u"files"});
        if (o.contains(u"enabled"_s)) {
            if (!o.value(u"enabled"_s).isBool())
                m_ctx.error(path / u"enabled"_s, u"expected true or false"_s);
            else
                log.enabled = o.value(u"enabled"_s).toBool();
        }
        if (o.contains(u"maxSize"_s)) {
            const QJsonValue v = o.value(u"maxSize"_s);
            QString why;
            const std::optional<qint64> bytes = parseByteSize(v, &why);
            if (!bytes)
                m_ctx.error(path / u"maxSize"_s, why);
            else if (*bytes < kMinLogBytes || *bytes > kMaxLogBytes)
                m_ctx.error(path / u"maxSize"_s,
                    u"%1 is out of range; expected 64KiB to 1GiB"_s.arg(writtenValue(v)));
            else
                log.maxBytes = *bytes;
        }
        if (o.contains(u"files"_s)) {
            QString why;
            if (const auto n = wholeNumberInRange(o.value(u"files"_s), 1, 100, &why))
                log.files = *n;
            else
                m_ctx.error(path / u"files"_s, why);
        }
    }

    // `lifeline.gateway`: {"enabled": true, "waitForMember": "10s", "callTimeout": "2m",
    // "retry": "safe" | "never", "maxReplays": 2}
    void parseGateway(const QJsonValue &value, const Path &path, GatewaySettings &gateway)
    {
        if (!value.isObject()) {
            m_ctx.error(path, u"expected an object like {\"waitForMember\": \"10s\"}"_s);
            return;
        }
        const QJsonObject o = value.toObject();
        warnUnknownKeys(m_ctx, o, path,
            {u"enabled", u"waitForMember", u"callTimeout", u"retry", u"maxReplays", u"strategy"});
        if (o.contains(u"enabled"_s)) {
            if (!o.value(u"enabled"_s).isBool())
                m_ctx.error(path / u"enabled"_s, u"expected true or false"_s);
            else
                gateway.enabled = o.value(u"enabled"_s).toBool();
        }
        const auto duration
            = [&](const QString &key, qint64 minMs, qint64 maxMs, int &target, bool zeroIsOff) {
                  if (!o.contains(key))
                      return;
                  QString why;
                  if (const auto ms = durationInRange(o.value(key), minMs, maxMs, &why, zeroIsOff))
                      target = int(*ms);
                  else
                      m_ctx.error(path / key, why);
              };
        duration(u"waitForMember"_s, 10, 3600LL * 1000, gateway.waitForMemberMs, true);
        duration(u"callTimeout"_s, 100, 24LL * 3600 * 1000, gateway.callTimeoutMs, false);
        if (o.contains(u"retry"_s)) {
            const QString retry = o.value(u"retry"_s).toString();
            if (retry != "safe"_L1 && retry != "never"_L1)
                m_ctx.error(path / u"retry"_s,
                    u"expected \"safe\" (replay list/read calls and read-only or idempotent tools) or \"never\""_s);
            else
                gateway.replaySafeCalls = retry == "safe"_L1;
        }
        if (o.contains(u"maxReplays"_s)) {
            QString why;
            if (const auto n = wholeNumberInRange(o.value(u"maxReplays"_s), 0, 10, &why))
                gateway.maxReplays = *n;
            else
                m_ctx.error(path / u"maxReplays"_s, why);
        }
        // "strategy": "round_robin" for every group, or {"group": "least_latency", …} for some.
        const auto strategy = [&](const QJsonValue &v, const Path &at) -> std::optional<GatewayStrategy> {
            for (GatewayStrategy s :
                {GatewayStrategy::Failover, GatewayStrategy::RoundRobin, GatewayStrategy::LeastLatency}) {
                if (v.toString() == gatewayStrategyName(s))
                    return s;
            }
            m_ctx.error(at, u"expected \"failover\", \"round_robin\" or \"least_latency\""_s);
            return std::nullopt;
        };
        const QJsonValue s = o.value(u"strategy"_s);
        if (s.isObject()) {
            const QJsonObject groups = s.toObject();
            for (auto it = groups.begin(); it != groups.end(); ++it) {
                if (const auto st = strategy(it.value(), path / u"strategy"_s / it.key()))
                    gateway.groupStrategies.insert(it.key(), *st);
            }
        } else if (!s.isUndefined()) {
            if (const auto st = strategy(s, path / u"strategy"_s))
                gateway.strategy = *st;
        }
    }

    void parseLifeline(const QJsonValue &value, Config &config, QList<ServerConfig> &servers,
        const QHash<QString, QString> &known)
    {
        const Path path {u"lifeline"_s};
        if (!value.isObject()) {
            m_ctx.error(path, u"expected an object"_s);
            return;
        }
        const QJsonObject lifeline = value.toObject();
        config.lifeline = lifeline;
        warnUnknownKeys(m_ctx, lifeline, path,
            {u"defaults", u"servers", u"failover", u"alerts", u"listen", u"history", u"log", u"gateway"});
        if (lifeline.contains(u"gateway"_s))
            parseGateway(lifeline.value(u"gateway"_s), path / u"gateway"_s, config.gateway);
        if (lifeline.contains(u"history"_s))
            parseHistory(lifeline.value(u"history"_s), path / u"history"_s, config.history);
        if (lifeline.contains(u"log"_s))
            parseLog(lifeline.value(u"log"_s), path / u"log"_s, config.log);
        if (lifeline.contains(u"listen"_s)) {
            const QJsonValue v = lifeline.value(u"listen"_s);
            QString problem;
            if (!v.isString())
                m_ctx.error(path / u"listen"_s, u"expected \"HOST:PORT\" or \"off\""_s);
            else if (const auto listen = ListenAddress::parse(v.toString(), &problem))
                config.listen = listen;
            else
                m_ctx.error(path / u"listen"_s, problem);
        }

        if (lifeline.contains(u"defaults"_s)) {
            const QJsonValue d = lifeline.value(u"defaults"_s);
            if (d.isObject())
                config.defaults
                    = parseSettingsIn(m_ctx, d.toObject(), MonitorSettings {}, path / u"defaults"_s);
            else
                m_ctx.error(path / u"defaults"_s, u"expected an object"_s);
        }
        QHash<QString, QJsonObject> overrides;
        if (lifeline.contains(u"servers"_s)) {
            const Path serversPath = path / u"servers"_s;
            const QJsonValue s = lifeline.value(u"servers"_s);
            if (!s.isObject()) {
                m_ctx.error(serversPath, u"expected an object mapping server names to settings"_s);
            } else {
                const QJsonObject map = s.toObject();
                for (const QString &name : m_ctx.orderedKeys(map, serversPath)) {
                    const QJsonValue entry = map.value(name);
                    if (!entry.isObject()) {
                        m_ctx.error(serversPath / name, u"expected an object"_s);
                        continue;
                    }
                    if (!known.contains(name)) {
                        m_ctx.warning(serversPath / name,
                            u"no server named %1 in mcpServers or servers"_s.arg(quotedValue(name)));
                    }
                    overrides.insert(name, entry.toObject());
                    // Validated even for unknown servers, so a typo in the name does not hide a typo inside.
                    const MonitorSettings merged
                        = parseSettingsIn(m_ctx, entry.toObject(), config.defaults, serversPath / name);
                    for (ServerConfig &server : servers) {
                        if (server.name == name)
                            server.settings = merged;
                    }
                }
            }
        }
        for (ServerConfig &server : servers) {
            if (!overrides.contains(server.name))
                server.settings = config.defaults;
        }
        if (lifeline.contains(u"failover"_s))
            parseFailover(lifeline.value(u"failover"_s), path / u"failover"_s, config, known);
        if (lifeline.contains(u"alerts"_s)) {
            const Path ap = path / u"alerts"_s;
            config.alerts = AlertConfig::parse(
                lifeline.value(u"alerts"_s),
                [&](const QStringList &p, const QString &m) { m_ctx.error(ap + p, m); },
                [&](const QStringList &p, const QString &m) { m_ctx.warning(ap + p, m); });
        }
        if (const QJsonObject alerts = lifeline.value(u"alerts"_s).toObject(); alerts.contains(u"channels"_s))
            parseAlertChannels(alerts.value(u"channels"_s), path / u"alerts"_s / u"channels"_s, config);
    }

    // `lifeline.alerts.channels`; a bad channel refuses the file with the channel's place in it.
    void parseAlertChannels(const QJsonValue &value, const Path &path, Config &config)
    {
        QList<ChannelIssue> issues;
        config.channelsConfigured = true;
        config.channels = parseChannelSettings(
            value,
            [this, &path](const QString &text, const QStringList &at) { return expand(text, path + at); },
            &issues);
        for (const ChannelIssue &issue : issues) {
            if (issue.warning)
                m_ctx.warning(path + issue.path, issue.message);
            else
                m_ctx.error(path + issue.path, issue.message);
        }
    }

    void parseFailover(
        const QJsonValue &value, const Path &path, Config &config, const QHash<QString, QString> &known)
    {
        if (!value.isObject()) {
            m_ctx.error(
                path, u"expected an object mapping group names to {\"primary\": …, \"fallbacks\": [ … ]}"_s);
            return;
        }
        const QJsonObject groups = value.toObject();
        QHash<QString, QString> groupOf; // member → group: a server belongs to one group at most
        auto member = [&](const QJsonValue &v, const Path &at, const QString &group) -> QString {
            if (!v.isString() || v.toString().isEmpty()) {
                m_ctx.error(at, u"expected a server name"_s);
                return {};
            }
            const QString name = v.toString();
            if (!known.contains(name)) {
                m_ctx.error(at, u"no server named %1 in mcpServers or servers"_s.arg(quotedValue(name)));
                return {};
            }
            if (groupOf.contains(name)) {
                m_ctx.error(at,
                    u"server %1 is already in group %2; a server belongs to one group"_s.arg(
                        quotedValue(name), quotedValue(groupOf.value(name))));
                return {};
            }
            groupOf.insert(name, group);
            return name;
        };
        for (const QString &name : m_ctx.orderedKeys(groups, path)) {
            const Path gp = path / name;
            if (!groups.value(name).isObject()) {
                m_ctx.error(gp, u"expected an object like {\"primary\": \"a\", \"fallbacks\": [\"b\"]}"_s);
                continue;
            }
            const QJsonObject g = groups.value(name).toObject();
            warnUnknownKeys(m_ctx, g, gp, {u"primary", u"fallbacks", u"auto", u"restoreAfter", u"strategy"});
            const int before = m_ctx.errorCount();
            FailoverGroup group;
            group.name = name;
            if (!g.contains(u"primary"_s))
                m_ctx.error(gp, u"a failover group needs \"primary\": the name of its main server"_s);
            else
                group.primary = member(g.value(u"primary"_s), gp / u"primary"_s, name);
            if (g.contains(u"fallbacks"_s)) {
                const QJsonValue f = g.value(u"fallbacks"_s);
                if (!f.isArray()) {
                    m_ctx.error(gp / u"fallbacks"_s, u"expected a list of server names"_s);
                } else {
                    const QJsonArray a = f.toArray();
                    for (qsizetype i = 0; i < a.size(); ++i) {
                        const QString m = member(a.at(i), gp / u"fallbacks"_s / indexComponent(i), name);
                        if (!m.isEmpty())
                            group.fallbacks.append(m);
                    }
                }
            }
            if (g.contains(u"auto"_s)) {
                if (g.value(u"auto"_s).isBool())
                    group.automatic = g.value(u"auto"_s).toBool();
                else
                    m_ctx.error(gp / u"auto"_s, u"expected true or false"_s);
            }
            if (g.contains(u"restoreAfter"_s)) {
                if (const auto ms
                    = durationSetting(m_ctx, g.value(u"restoreAfter"_s), gp / u"restoreAfter"_s, 0))
                    group.restoreAfterMs = *ms;
            }
            if (g.contains(u"strategy"_s)) {
                const QString s = g.value(u"strategy"_s).toString();
                if (s == u"alternative_server")
                    group.strategy = FailoverStrategy::AlternativeServer;
                else if (s == u"graceful_degradation")
                    group.strategy = FailoverStrategy::GracefulDegradation;
                else if (s == u"manual")
                    group.strategy = FailoverStrategy::Manual;
                else
                    m_ctx.error(gp / u"strategy"_s,
                        u"expected \"alternative_server\", \"graceful_degradation\" or \"manual\", got %1"_s
                            .arg(writtenValue(g.value(u"strategy"_s))));
            }
            if (m_ctx.errorCount() == before)
                config.failover.append(group);
        }
        std::sort(config.failover.begin(), config.failover.end(),
            [](const FailoverGroup &a, const FailoverGroup &b) { return a.name < b.name; });
    }

    Context &m_ctx;
    const QProcessEnvironment &m_env;
};

} // namespace

ConfigLoader::Result ConfigLoader::loadFile(const QString &path, const QProcessEnvironment &env)
{
    Result result;
    const auto refuse = [&](const QString &message) {
        result.errors.append({path, 0, 0, {}, message});
        return result;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(u"cannot open: "_s + file.errorString());
    const QString tooLarge = u"the file is larger than 16 MiB; refusing to read it"_s;
    if (!file.isSequential() && file.size() > kMaxFileSize)
        return refuse(tooLarge);
    // Bounded even when size() lies (pipes, /proc, a file that grows while we read).
    const QByteArray data = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError)
        return refuse(u"cannot read: "_s + file.errorString());
    if (data.size() > kMaxFileSize)
        return refuse(tooLarge);
    return parse(data, path, env);
}

static std::atomic<quint64> s_parses {0};

quint64 ConfigLoader::parseCount()
{
    return s_parses.load(std::memory_order_relaxed);
}

ConfigLoader::Result ConfigLoader::parse(
    const QByteArray &json, const QString &fileName, const QProcessEnvironment &env)
{
    s_parses.fetch_add(1, std::memory_order_relaxed);
    Result result;
    if (json.size() > kMaxFileSize) {
        result.errors.append(
            {fileName, 0, 0, {}, u"the input is larger than 16 MiB; refusing to parse it"_s});
        return result;
    }
    const RawText raw(json);
    if (raw.failed()) {
        ConfigIssue issue {fileName, 0, 0, {}, raw.errorMessage()};
        if (!raw.empty())
            std::tie(issue.line, issue.column) = raw.lineColumn(raw.errorOffset());
        result.errors.append(issue);
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(raw.cleaned(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // The scan above agreed with the grammar; Qt has stricter limits (numbers out of range, size).
        ConfigIssue issue {fileName, 0, 0, {},
            parseError.error != QJsonParseError::NoError
                ? qtParseMessage(parseError)
                : u"expected a JSON object ({ … }) at the top level"_s};
        std::tie(issue.line, issue.column) = raw.lineColumn(parseError.offset);
        result.errors.append(issue);
        return result;
    }

    QList<ConfigIssue> warnings;
    Context ctx(fileName, &raw, result.errors, warnings);
    for (const auto &[path, offset] : raw.duplicates())
        ctx.warning(path, u"duplicate key; the last one is used"_s);
    Loader loader(ctx, env);
    std::optional<Config> config = loader.parseRoot(document.object());
    ctx.finish();
    if (config && result.errors.isEmpty()) {
        config->sourcePath = fileName;
        config->warnings = warnings;
        result.config = std::move(config);
    }
    return result;
}

MonitorSettings ConfigLoader::parseSettings(const QJsonObject &object, const MonitorSettings &base,
    const QString &keyPath, QList<ConfigIssue> &errors, QList<ConfigIssue> &warnings, const QString &fileName)
{
    Context ctx(fileName, nullptr, errors, warnings);
    const Path path = keyPath.isEmpty() ? Path {} : keyPath.split(u'.');
    const MonitorSettings settings = parseSettingsIn(ctx, object, base, path);
    ctx.finish();
    return settings;
}

// ${VAR}, ${env:VAR}, ${VAR:-default}. Unset without a default: empty, and a warning.
QString ConfigLoader::expandVariables(
    const QString &text, const QProcessEnvironment &env, QStringList *warnings)
{
    const auto warn = [warnings](const QString &message) {
        if (warnings)
            warnings->append(message);
    };
    if (!text.contains(u"${"))
        return text;
    QString out;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = text.indexOf(u"${", i);
        if (start < 0) {
            out += QStringView(text).mid(i);
            break;
        }
        out += QStringView(text).mid(i, start - i);
        const qsizetype end = text.indexOf(u'}', start + 2);
        if (end < 0) {
            warn(u"unterminated \"${\"; left as written"_s);
            out += QStringView(text).mid(start);
            break;
        }
        QStringView inner = QStringView(text).mid(start + 2, end - start - 2);
        if (inner.startsWith(u"env:"))
            inner = inner.mid(4);
        QStringView name = inner;
        std::optional<QStringView> fallback;
        if (const qsizetype sep = inner.indexOf(u":-"); sep >= 0) {
            name = inner.left(sep);
            fallback = inner.mid(sep + 2);
        }
        if (!isEnvName(name)) {
            warn(u"%1 is not an environment variable reference; left as written"_s.arg(
                quotedValue(text.mid(start, end - start + 1))));
            out += QStringView(text).mid(start, end - start + 1);
        } else {
            const QString key = name.toString();
            const bool set = env.contains(key);
            const QString value = env.value(key);
            if (fallback && value.isEmpty())
                out += *fallback;
            else if (set)
                out += value;
            else
                warn(u"environment variable %1 is not set"_s.arg(key));
        }
        i = end + 1;
    }
    return out;
}

QString ConfigLoader::defaultConfigPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + u"/mcp-lifeline/servers.json"_s;
}

} // namespace lifeline
