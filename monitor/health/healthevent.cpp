#include "healthevent.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace lifeline {

QString HealthEvent::formatTimestamp(const QDateTime &utc)
{
    return utc.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
}

QJsonObject HealthEvent::toJson() const
{
    QJsonObject o {
        {"ts"_L1, formatTimestamp(ts)},
        {"event"_L1, event},
    };
    if (!server.isEmpty()) // group events (failover) name a group instead
        o.insert("server"_L1, server);
    if (event == "state"_L1) {
        o.insert("from"_L1, from.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(from));
        o.insert("to"_L1, to);
        o.insert("failure"_L1,
            failure.isFailure() ? QJsonValue(failureTypeName(failure.type)) : QJsonValue(QJsonValue::Null));
        o.insert("detail"_L1, detail.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(detail));
    }
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (!o.contains(it.key()))
            o.insert(it.key(), it.value());
    }
    return o;
}

QByteArray HealthEvent::toJsonLine() const
{
    QByteArray line = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    line.append('\n');
    return line;
}

} // namespace lifeline
