#include "logtext.h"

#include <QLocale>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace lifeline::logtext {

QString unknownText()
{
    return u"\u2014"_s;
}

QString timeText(const QDateTime &utc, const QDate &today)
{
    if (!utc.isValid())
        return unknownText();
    const QDateTime local = utc.toLocalTime();
    // Seconds matter in a log; the locale's short time format drops them in most languages.
    const QString time = local.time().toString(u"HH:mm:ss"_s);
    if (local.date() == today)
        return time;
    return QLocale().toString(local.date(), QLocale::ShortFormat) + u' ' + time;
}

QString exactTimeText(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toTimeZone(QTimeZone::utc()).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u" UTC"_s;
}

QString durationText(qint64 ms)
{
    if (ms < 0)
        return unknownText();
    const QLocale locale;
    if (ms < 1000)
        return locale.toString(ms) + u" ms"_s;
    if (ms < 9950) { // tenths while they still say something: 1.4 s, but 2 s rather than 2.0 s
        const qint64 tenths = (ms + 50) / 100;
        return (tenths % 10 ? locale.toString(double(tenths) / 10.0, 'f', 1) : locale.toString(tenths / 10))
            + u" s"_s;
    }
    const qint64 s = (ms + 500) / 1000;
    auto two = [&](qint64 big, const QString &bigUnit, qint64 small, const QString &smallUnit) {
        QString out = locale.toString(big) + u' ' + bigUnit;
        if (small > 0)
            out += u' ' + locale.toString(small) + u' ' + smallUnit;
        return out;
    };
    if (s < 60)
        return locale.toString(s) + u" s"_s;
    if (s < 3600)
        return two(s / 60, u"min"_s, s % 60, u"s"_s);
    if (s < 86400)
        return two(s / 3600, u"h"_s, s / 60 % 60, u"min"_s);
    return two(s / 86400, u"d"_s, s / 3600 % 24, u"h"_s);
}

} // namespace lifeline::logtext
