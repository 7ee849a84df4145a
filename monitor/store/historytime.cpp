#include "historytime.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace lifeline::historytime {

QString format(const QDateTime &utc)
{
    return utc.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
}

QString format(qint64 msSinceEpoch)
{
    return format(QDateTime::fromMSecsSinceEpoch(msSinceEpoch, QTimeZone::utc()));
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
