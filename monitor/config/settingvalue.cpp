#include "settingvalue.h"

#include "duration.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace lifeline {

QString printableText(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    return out;
}

QString quotedValue(const QString &text)
{
    constexpr qsizetype kMaxShown = 60;
    QString out = printableText(QStringView(text).left(kMaxShown));
    if (text.size() > kMaxShown)
        out += u'…';
    return u'"' + out + u'"';
}

QString writtenValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return quotedValue(value.toString());
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    default:
        return u"nothing"_s;
    }
}

std::optional<int> wholeNumberInRange(const QJsonValue &value, int min, int max, QString *error)
{
    const double d = value.toDouble(-1);
    if (!value.isDouble() || d != std::floor(d) || d < min || d > max) {
        if (error)
            *error = u"expected a whole number from %1 to %2, got %3"_s.arg(min).arg(max).arg(
                writtenValue(value));
        return std::nullopt;
    }
    return int(d);
}

std::optional<qint64> durationInRange(
    const QJsonValue &value, qint64 minMs, qint64 maxMs, QString *error, bool zeroIsOff)
{
    const std::optional<qint64> ms = parseDuration(value, error);
    if (!ms)
        return std::nullopt;
    if (*ms < minMs && !(zeroIsOff && *ms == 0)) {
        if (error)
            *error = u"%1 is too short; the minimum is %2"_s.arg(writtenValue(value), formatDuration(minMs));
        return std::nullopt;
    }
    if (*ms > maxMs) {
        if (error)
            *error = u"%1 is too long; the maximum is %2"_s.arg(writtenValue(value), formatDuration(maxMs));
        return std::nullopt;
    }
    return ms;
}

bool isHttpHeaderName(QStringView name)
{
    static constexpr QStringView kSpecials = u"!#$%&'*+-.^_`|~";
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || kSpecials.contains(c);
    });
}

} // namespace lifeline
