#include "eventlogmodel.h"

#include "alertsmodel.h"

#include "health/healthstate.h"
#include "logtext.h"

#include <QJsonArray>
#include <QLocale>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

bool newerFirst(const QDateTime &a, const QDateTime &b)
{
    return a > b;
}

// Lowercase: the state words sit inside running text ("healthy → unhealthy").
QString stateText(const QString &name)
{
    bool ok = false;
    const HealthState state = healthStateFromName(name, &ok);
    if (!ok)
        return name;
    switch (state) {
    case HealthState::Starting:
        return EventLogModel::tr("starting");
    case HealthState::Healthy:
        return EventLogModel::tr("healthy");
    case HealthState::Degraded:
        return EventLogModel::tr("degraded");
    case HealthState::Unhealthy:
        return EventLogModel::tr("unhealthy");
    case HealthState::Recovering:
        return EventLogModel::tr("recovering");
    case HealthState::Offline:
        return EventLogModel::tr("offline");
    case HealthState::Disabled:
        return EventLogModel::tr("disabled");
    case HealthState::Failed:
        return EventLogModel::tr("failed");
    }
    return name;
}

QString toolsText(const QJsonObject &event)
{
    QStringList parts;
    for (const QJsonValue &v : event.value("added"_L1).toArray())
        parts << u'+' + v.toString();
    for (const QJsonValue &v : event.value("removed"_L1).toArray())
        parts << u'\u2212' + v.toString(); // a real minus: a hyphen reads as part of the name
    if (parts.isEmpty())
        return EventLogModel::tr("tools changed");
    // A server that comes back with a new tool set can change dozens: the cell stays one line.
    constexpr int kShown = 5;
    if (parts.size() > kShown + 1) {
        const int more = int(parts.size()) - kShown;
        parts.resize(kShown);
        parts << EventLogModel::tr("(%n more)", nullptr, more);
    }
    return EventLogModel::tr("tools: %1").arg(parts.join(u' '));
}

QString restartText(const QJsonObject &event)
{
    const bool reconnect = event.value("action"_L1).toString() == "reconnect"_L1;
    const QString name = reconnect ? EventLogModel::tr("reconnect") : EventLogModel::tr("restart");
    if (event.value("reason"_L1).toString() == "manual"_L1)
        return EventLogModel::tr("%1 (by the user)").arg(name);
    QStringList parts;
    if (const int attempt = event.value("attempt"_L1).toInt(); attempt > 0)
        parts << EventLogModel::tr("attempt %1").arg(QLocale().toString(attempt));
    if (const double delay = event.value("delay_ms"_L1).toDouble(); delay > 0)
        parts << EventLogModel::tr("in %1").arg(logtext::durationText(qint64(delay)));
    if (parts.isEmpty())
        return name;
    return EventLogModel::tr("%1 (%2)").arg(name, parts.join(u", "_s));
}

QString circuitText(const QString &to)
{
    if (to == "open"_L1)
        return EventLogModel::tr("circuit open");
    if (to == "half-open"_L1)
        return EventLogModel::tr("circuit half-open");
    if (to == "closed"_L1)
        return EventLogModel::tr("circuit closed");
    return EventLogModel::tr("circuit %1").arg(to);
}

} // namespace

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_batch(new QTimer(this))
{
    m_batch->setSingleShot(true);
    m_batch->setInterval(100);
    connect(m_batch, &QTimer::timeout, this, &EventLogModel::flush);
}

EventLogModel::~EventLogModel() = default;

void EventLogModel::setBatchInterval(int ms)
{
    m_batch->setInterval(ms);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::eventText(const QJsonObject &event)
{
    const QString kind = event.value("event"_L1).toString();
    if (kind == "state"_L1) {
        const QString from = event.value("from"_L1).toString();
        const QString to = stateText(event.value("to"_L1).toString());
        return from.isEmpty() ? to : tr("%1 → %2").arg(stateText(from), to);
    }
    if (kind == "restart"_L1)
        return restartText(event);
    if (kind == "failover"_L1) {
        QString group = event.value("group"_L1).toString();
        if (group.isEmpty())
            group = event.value("server"_L1).toString();
        const QString from = event.value("from"_L1).toString();
        const QString to = event.value("to"_L1).toString();
        if (from.isEmpty())
            return tr("failover %1: to %2").arg(group, to);
        return tr("failover %1: %2 → %3").arg(group, from, to);
    }
    if (kind == "circuit"_L1)
        return circuitText(event.value("to"_L1).toString());
    if (kind == "tools_changed"_L1)
        return toolsText(event);
    if (kind == "alert"_L1) {
        const QString rule = AlertsModel::ruleText(event.value("rule"_L1).toString());
        if (event.value("state"_L1).toString() == "resolved"_L1)
            return tr("alert resolved: %1").arg(rule);
        const auto severity = severityFromName(event.value("severity"_L1).toString());
        return tr("%1 alert: %2").arg(severity ? AlertsModel::severityText(*severity) : QString(), rule);
    }
    return kind;
}

QString EventLogModel::detailText(const QJsonObject &event)
{
    const QString kind = event.value("event"_L1).toString();
    if (kind == "restart"_L1) {
        const QString reason = event.value("reason"_L1).toString();
        return reason == "manual"_L1 ? QString() : reason; // manual is in the Event column already
    }
    if (kind == "failover"_L1)
        return event.value("reason"_L1).toString();
    if (kind == "alert"_L1)
        return event.value("message"_L1).toString();
    if (kind == "tools_changed"_L1) {
        if (!event.contains("tool_count"_L1))
            return {};
        return tr("tools now: %1").arg(QLocale().toString(event.value("tool_count"_L1).toInt()));
    }
    const QString failure = event.value("failure"_L1).toString();
    const QString detail = event.value("detail"_L1).toString();
    if (failure.isEmpty() || detail.isEmpty())
        return failure.isEmpty() ? detail : failure;
    return tr("%1: %2").arg(failure, detail);
}

EventLogModel::Row EventLogModel::makeRow(const QDateTime &at, const QJsonObject &json, qint64 id)
{
    Row r;
    r.at = at.toUTC();
    r.kind = json.value("event"_L1).toString();
    r.server = json.value("server"_L1).toString();
    if (r.server.isEmpty()) // a failover names its group instead of a server
        r.server = json.value("group"_L1).toString();
    // Time, server, kind and target tell two events apart; ids exist only in the history.
    r.key = QString::number(r.at.toMSecsSinceEpoch()) + u'\n' + r.server + u'\n' + r.kind + u'\n'
        + json.value("to"_L1).toString();
    r.eventText = eventText(json);
    r.detailText = detailText(json);
    r.json = json;
    r.id = id;
    return r;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return logtext::timeText(r.at);
        case Server:
            return r.server;
        case Event:
            return r.eventText;
        case Detail:
            return r.detailText;
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Time:
            return logtext::exactTimeText(r.at);
        case Server:
            if (r.kind == "failover"_L1)
                return tr("Failover group %1").arg(r.server);
            return {};
        case Event:
            if (r.json.value("cause"_L1).toString() == "user"_L1)
                return tr("%1, by the user").arg(r.eventText);
            return r.eventText;
        case Detail:
            return r.detailText.isEmpty() ? QVariant() : QVariant(r.detailText);
        }
        return {};
    case SortRole:
        if (index.column() == Time)
            return r.at.toMSecsSinceEpoch();
        return data(index, Qt::DisplayRole);
    case StateRole: {
        if (r.kind == "alert"_L1) {
            // The alert's icon: critical as down, warning as degraded, resolved as up.
            if (r.json.value("state"_L1).toString() == "resolved"_L1)
                return int(HealthState::Healthy);
            const QString severity = r.json.value("severity"_L1).toString();
            return int(severity == "critical"_L1 ? HealthState::Unhealthy
                    : severity == "warning"_L1   ? HealthState::Degraded
                                                 : HealthState::Starting);
        }
        if (r.kind != "state"_L1)
            return {};
        bool ok = false;
        const HealthState state = healthStateFromName(r.json.value("to"_L1).toString(), &ok);
        return ok ? QVariant(int(state)) : QVariant();
    }
    case KindRole:
        return r.kind;
    case TimestampRole:
        return r.at;
    case ServersRole: {
        QStringList servers;
        if (r.kind == "failover"_L1) {
            for (const char *key : {"from", "to"}) {
                const QString member = r.json.value(QLatin1StringView(key)).toString();
                if (!member.isEmpty())
                    servers << member;
            }
        } else if (!r.server.isEmpty()) {
            servers << r.server;
        }
        return servers;
    }
    case ServerRole:
        if (r.kind == "failover"_L1)
            return r.json.value("to"_L1).toString(); // the member that is now serving
        return r.server;
    case JsonRole:
        return r.json;
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Server:
        return tr("Server");
    case Event:
        return tr("Event");
    case Detail:
        return tr("Detail");
    }
    return {};
}

void EventLogModel::appendLive(const HealthEvent &event)
{
    const QDateTime at = event.ts.isValid() ? event.ts : QDateTime::currentDateTimeUtc();
    m_pending.append(makeRow(at, event.toJson(), -1));
    if (!m_batch->isActive())
        m_batch->start();
}

void EventLogModel::flush()
{
    m_batch->stop();
    if (m_pending.isEmpty())
        return;
    QList<Row> batch;
    batch.reserve(m_pending.size());
    // Newest arrival first, then by time: events of one moment keep the order they came in.
    for (auto it = m_pending.crbegin(); it != m_pending.crend(); ++it) {
        if (m_storedKeys.value(it->key) == 0)
            batch.append(*it);
    }
    m_pending.clear();
    std::stable_sort(
        batch.begin(), batch.end(), [](const Row &a, const Row &b) { return newerFirst(a.at, b.at); });
    if (batch.size() > m_maxRows) // what would be dropped at once is never inserted
        batch.resize(m_maxRows);
    if (batch.isEmpty())
        return;
    insertAt(0, batch);
    trim();
}

void EventLogModel::setInitial(const QList<StoredEvent> &events)
{
    QList<Row> fresh;
    for (const StoredEvent &e : events) {
        if (m_storedIds.contains(e.id))
            continue;
        QJsonObject json = e.payload;
        if (json.isEmpty()) // an unreadable payload: what the row's columns still say
            json = {{"event"_L1, e.event}, {"server"_L1, e.server}};
        Row r = makeRow(e.at, json, e.id);
        if (m_liveKeys.value(r.key) > 0)
            continue;
        m_storedIds.insert(e.id); // also keeps a list that names an event twice from adding it twice
        fresh.append(r);
    }
    std::stable_sort(
        fresh.begin(), fresh.end(), [](const Row &a, const Row &b) { return newerFirst(a.at, b.at); });
    // Each new row goes after the rows at least as new as it; runs that land in one place are
    // inserted together. Usually the history is older than everything live: one insertion at the end.
    int offset = 0;
    for (qsizetype i = 0; i < fresh.size();) {
        const auto pos = std::upper_bound(m_rows.cbegin() + offset, m_rows.cend(), fresh.at(i).at,
                             [](const QDateTime &at, const Row &row) { return newerFirst(at, row.at); })
            - m_rows.cbegin();
        qsizetype j = i + 1;
        while (j < fresh.size() && (pos == m_rows.size() || newerFirst(fresh.at(j).at, m_rows.at(pos).at)))
            ++j;
        insertAt(int(pos), fresh.mid(i, j - i));
        offset = int(pos + (j - i));
        i = j;
    }
    trim();
}

void EventLogModel::setMaxRows(int rows)
{
    m_maxRows = qMax(1, rows);
    trim();
}

void EventLogModel::clear()
{
    m_pending.clear();
    m_batch->stop();
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_liveKeys.clear();
    m_storedKeys.clear();
    m_storedIds.clear();
    endResetModel();
}

void EventLogModel::insertAt(int position, const QList<Row> &rows)
{
    beginInsertRows({}, position, position + int(rows.size()) - 1);
    m_rows.insert(position, rows.size(), Row());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const Row &r = rows.at(i);
        ++(r.id < 0 ? m_liveKeys : m_storedKeys)[r.key];
        m_rows[position + i] = r;
    }
    endInsertRows();
}

void EventLogModel::trim()
{
    if (m_rows.size() <= m_maxRows)
        return;
    beginRemoveRows({}, m_maxRows, int(m_rows.size()) - 1);
    for (qsizetype i = m_maxRows; i < m_rows.size(); ++i)
        forget(m_rows.at(i));
    m_rows.resize(m_maxRows);
    endRemoveRows();
}

void EventLogModel::forget(const Row &row)
{
    QHash<QString, int> &keys = row.id < 0 ? m_liveKeys : m_storedKeys;
    if (auto it = keys.find(row.key); it != keys.end() && --it.value() <= 0)
        keys.erase(it);
    // The id stays known: an event the log had no room for is not brought back by a later setInitial.
}

} // namespace lifeline
