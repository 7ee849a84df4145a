#include "historytime.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace lifeline::historytime {

QString format(const QDateTime &utc)
{
    return format(utc.toMSecsSinceEpoch());
}

QString format(qint64 msSinceEpoch)
{
    // By hand: one call per stored row, and QDateTime::toString with a pattern was a tenth of
    // the writer's time.
    const qint64 days = floorTo(msSinceEpoch, kDay) / kDay;
    const qint64 inDay = msSinceEpoch - days * kDay;
    const QDate date = QDate(1970, 1, 1).addDays(days);
    const int y = date.year(), mo = date.month(), d = date.day();
    const int h = int(inDay / kHour), mi = int(inDay / kMinute % 60), s = int(inDay / 1000 % 60),
              ms = int(inDay % 1000);
    char16_t buf[23];
    auto put = [&buf](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            buf[at + i] = char16_t(u'0' + value % 10);
    };
    put(0, y, 4);
    buf[4] = u'-';
    put(5, mo, 2);
    buf[7] = u'-';
    put(8, d, 2);
    buf[10] = u' ';
    put(11, h, 2);
    buf[13] = u':';
    put(14, mi, 2);
    buf[16] = u':';
    put(17, s, 2);
    buf[19] = u'.';
    put(20, ms, 3);
    return QString(reinterpret_cast<const QChar *>(buf), 23);
}

QDateTime parse(const QString &text)
{
    // Fast path for our own format (queries read many thousands of these).
    auto digits = [&](int from, int n, int *out) {
        int v = 0;
        for (int i = from; i < from + n; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c < u'0' || c > u'9')
                return false;
            v = v * 10 + (c - u'0');
        }
        *out = v;
        return true;
    };
    int y, mo, d, h, mi, s, ms = 0;
    if (text.size() >= 19 && digits(0, 4, &y) && digits(5, 2, &mo) && digits(8, 2, &d) && digits(11, 2, &h)
        && digits(14, 2, &mi) && digits(17, 2, &s)
        && (text.size() == 19 || (text.size() == 23 && text.at(19) == u'.' && digits(20, 3, &ms)))) {
        const QDate date(y, mo, d);
        const QTime time(h, mi, s, ms);
        if (date.isValid() && time.isValid())
            return QDateTime(date, time, QTimeZone::utc());
    }
    QDateTime t = QDateTime::fromString(text, u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    if (!t.isValid())
        t = QDateTime::fromString(text, u"yyyy-MM-dd HH:mm:ss"_s); // the seeds' CURRENT_TIMESTAMP
    t.setTimeZone(QTimeZone::utc());
    return t;
}

} // namespace lifeline::historytime
