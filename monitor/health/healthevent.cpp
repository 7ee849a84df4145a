#include "healthevent.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace lifeline {

QString HealthEvent::formatTimestamp(const QDateTime &utc)
{
    return utc.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
}

namespace {

constexpr HealthEvent::Kind kKinds[] {HealthEvent::Kind::State, HealthEvent::Kind::Restart,
    HealthEvent::Kind::Failover, HealthEvent::Kind::Circuit, HealthEvent::Kind::ToolsChanged,
    HealthEvent::Kind::Alert};

} // namespace

QString HealthEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::State:
        return u"state"_s;
    case Kind::Restart:
        return u"restart"_s;
    case Kind::Failover:
        return u"failover"_s;
    case Kind::Circuit:
        return u"circuit"_s;
    case Kind::ToolsChanged:
        return u"tools_changed"_s;
    case Kind::Alert:
        return u"alert"_s;
    }
    return {};
}

std::optional<HealthEvent::Kind> HealthEvent::kindFromName(const QString &name)
{
    for (const Kind k : kKinds) {
        if (kindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QJsonObject HealthEvent::toJson() const
{
    QJsonObject o {
        {"ts"_L1, formatTimestamp(ts)},
        {"event"_L1, kindName(kind)},
    };
    if (!server.isEmpty()) // group events (failover) name a group instead
        o.insert("server"_L1, server);
    if (kind == Kind::State) {
        o.insert("from"_L1, from ? QJsonValue(healthStateName(*from)) : QJsonValue(QJsonValue::Null));
        o.insert("to"_L1, healthStateName(to));
        o.insert("failure"_L1,
            failure.isFailure() ? QJsonValue(failureTypeName(failure.type)) : QJsonValue(QJsonValue::Null));
        o.insert("detail"_L1, detail.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(detail));
        if (byUser)
            o.insert("cause"_L1, "user"_L1);
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
