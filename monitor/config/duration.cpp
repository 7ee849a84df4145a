#include "duration.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr qint64 kMaxMs = std::numeric_limits<qint64>::max();
constexpr int kMaxFractionDigits = 9; // beyond this no unit can land on a whole millisecond

QString hint()
{
    return u"(use e.g. \"250ms\", \"30s\", \"5m\")"_s;
}

// The value as the user wrote it, short and without raw control characters.
QString quoted(const QString &text)
{
    constexpr qsizetype kMaxShown = 40;
    QString out;
    for (const QChar c : QStringView(text).left(kMaxShown)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    if (text.size() > kMaxShown)
        out += u'…';
    return u'"' + out + u'"';
}

std::optional<qint64> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t';
}

struct Unit
{
    QStringView name;
    qint64 ms;
    int rank; // units must go from the largest to the smallest, each at most once
};

constexpr Unit kUnits[] = {
    {u"d", 86400000, 4},
    {u"h", 3600000, 3},
    {u"m", 60000, 2},
    {u"s", 1000, 1},
    {u"ms", 1, 0},
};

QString formatMagnitude(quint64 ms)
{
    if (ms == 0)
        return u"0ms"_s;
    const quint64 hours = ms / 3600000;
    const quint64 minutes = ms / 60000 % 60;
    const quint64 seconds = ms / 1000 % 60;
    const quint64 millis = ms % 1000;
    QString out;
    if (hours)
        out += QString::number(hours) + u'h';
    if (minutes)
        out += QString::number(minutes) + u'm';
    if (seconds) {
        out += QString::number(seconds);
        if (millis) {
            QString fraction = u"%1"_s.arg(millis, 3, 10, QChar(u'0'));
            while (fraction.endsWith(u'0'))
                fraction.chop(1);
            out += u'.' + fraction;
        }
        out += u's';
    } else if (millis) {
        out += QString::number(millis) + u"ms"_s;
    }
    return out;
}

} // namespace

std::optional<qint64> parseDuration(const QString &text, QString *error)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return fail(error, u"an empty string is not a duration "_s + hint());
    if (t.startsWith(u'-'))
        return fail(error, u"%1 is negative; a duration must be 0 or more"_s.arg(quoted(text)));
    if (t == u"0")
        return 0;

    const auto garbage = [&] { return fail(error, u"%1 is not a duration %2"_s.arg(quoted(text), hint())); };

    qint64 total = 0;
    constexpr int kFirstRank = 5; // above every unit's rank
    int previousRank = kFirstRank;
    qsizetype i = 0;
    const qsizetype n = t.size();
    while (i < n) {
        while (i < n && isSpace(t[i]))
            ++i;
        if (i >= n)
            break;
        // The number: digits, optionally '.' and more digits.
        if (!isAsciiDigit(t[i]))
            return garbage();
        qint64 whole = 0;
        bool overflow = false;
        while (i < n && isAsciiDigit(t[i])) {
            const int d = t[i].unicode() - u'0';
            if (whole > (kMaxMs - d) / 10)
                overflow = true;
            else
                whole = whole * 10 + d;
            ++i;
        }
        QStringView fraction;
        if (i < n && t[i] == u'.') {
            const qsizetype start = ++i;
            while (i < n && isAsciiDigit(t[i]))
                ++i;
            if (i == start)
                return garbage();
            fraction = QStringView(t).mid(start, i - start);
            while (!fraction.isEmpty() && fraction.back() == u'0')
                fraction.chop(1);
        }
        while (i < n && isSpace(t[i]))
            ++i;
        const qsizetype unitStart = i;
        while (i < n && isAsciiLetter(t[i]))
            ++i;
        const QStringView unitName = QStringView(t).mid(unitStart, i - unitStart);
        if (unitName.isEmpty()) {
            if (i >= n && previousRank == kFirstRank)
                return fail(error, u"%1 has no unit %2"_s.arg(quoted(text), hint()));
            return garbage();
        }
        const Unit *unit = nullptr;
        for (const Unit &u : kUnits) {
            if (u.name == unitName)
                unit = &u;
        }
        if (!unit)
            return garbage();
        if (unit->rank >= previousRank) {
            return fail(error,
                u"%1 is not a duration (units go from the largest to the smallest, "
                "each once, e.g. \"1m30s\")"_s.arg(quoted(text)));
        }
        previousRank = unit->rank;

        qint64 part = 0;
        if (overflow || __builtin_mul_overflow(whole, unit->ms, &part))
            return fail(error, u"%1 is too large"_s.arg(quoted(text)));
        if (!fraction.isEmpty()) {
            if (fraction.size() > kMaxFractionDigits)
                return fail(error, u"%1 is finer than a millisecond"_s.arg(quoted(text)));
            qint64 numerator = 0;
            qint64 denominator = 1;
            for (const QChar c : fraction) {
                numerator = numerator * 10 + (c.unicode() - u'0');
                denominator *= 10;
            }
            const qint64 scaled = numerator * unit->ms; // < 1e9 * 3.6e6: no overflow
            if (scaled % denominator != 0)
                return fail(error, u"%1 is finer than a millisecond"_s.arg(quoted(text)));
            if (__builtin_add_overflow(part, scaled / denominator, &part))
                return fail(error, u"%1 is too large"_s.arg(quoted(text)));
        }
        if (__builtin_add_overflow(total, part, &total))
            return fail(error, u"%1 is too large"_s.arg(quoted(text)));
    }
    return total;
}

std::optional<qint64> parseDuration(const QJsonValue &value, QString *error)
{
    if (value.isString())
        return parseDuration(value.toString(), error);
    if (!value.isDouble()) {
        return fail(error, u"expected a duration: a number of milliseconds or a string "_s + hint());
    }
    const double d = value.toDouble();
    const QString shown = QString::number(d, 'g', QLocale::FloatingPointShortest);
    if (!std::isfinite(d))
        return fail(error, u"%1 is not a duration %2"_s.arg(shown, hint()));
    if (d < 0)
        return fail(error, u"%1 is negative; a duration must be 0 or more"_s.arg(shown));
    if (d != std::floor(d))
        return fail(error, u"%1 is not a whole number of milliseconds"_s.arg(shown));
    // 2^63 is exactly representable; anything at or above it does not fit.
    if (d >= 9223372036854775808.0)
        return fail(error, u"%1 is too large"_s.arg(shown));
    return static_cast<qint64>(d);
}

QString formatDuration(qint64 ms)
{
    // Negative values are not durations, but say what they are rather than hide them.
    if (ms < 0)
        return u'-' + formatMagnitude(0 - static_cast<quint64>(ms));
    return formatMagnitude(static_cast<quint64>(ms));
}

} // namespace lifeline
