#include "servertablemodel.h"

#include "health/healthtracker.h"

#include <QDateTime>
#include <QLocale>
#include <QTimer>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {

ServerTableModel::ServerTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_batch(new QTimer(this))
{
    m_batch->setSingleShot(true);
    m_batch->setInterval(100);
    connect(m_batch, &QTimer::timeout, this, &ServerTableModel::flush);
    // "12 s ago" ages without new data: one signal for the whole column, every few seconds.
    auto *clock = new QTimer(this);
    clock->setInterval(5000);
    connect(clock, &QTimer::timeout, this, [this] {
        if (!m_servers.isEmpty())
            Q_EMIT dataChanged(
                index(0, LastCheck), index(int(m_servers.size()) - 1, LastCheck), {Qt::DisplayRole});
    });
    clock->start();
}

void ServerTableModel::setBatchInterval(int ms)
{
    m_batch->setInterval(ms);
}

int ServerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_servers.size());
}

int ServerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const ServerSnapshot *ServerTableModel::server(int row) const
{
    return row >= 0 && row < m_servers.size() ? &m_servers.at(row) : nullptr;
}

QString ServerTableModel::statusText(HealthState state)
{
    switch (state) {
    case HealthState::Starting:
        return tr("Starting");
    case HealthState::Healthy:
        return tr("Healthy");
    case HealthState::Degraded:
        return tr("Degraded");
    case HealthState::Unhealthy:
        return tr("Unhealthy");
    case HealthState::Recovering:
        return tr("Recovering");
    case HealthState::Offline:
        return tr("Offline");
    case HealthState::Disabled:
        return tr("Disabled");
    case HealthState::Failed:
        return tr("Failed");
    }
    return {};
}

// One glyph for every "not known (yet)" cell, so a row reads the same across columns.
static QString unknownText()
{
    return u"\u2014"_s;
}

// Unknown values carry -1; as +inf they sort after every real value when ascending.
static double sortable(double value)
{
    return value < 0 ? std::numeric_limits<double>::infinity() : value;
}

static QString millisText(double ms)
{
    return ms < 0 ? unknownText() : QLocale().toString(ms, 'f', 1) + u" ms"_s;
}

static QString percentText(double percent, int decimals)
{
    return percent < 0 ? unknownText() : QLocale().toString(percent, 'f', decimals) + u" %"_s;
}

static QString relativeTime(const QDateTime &when)
{
    if (!when.isValid())
        return unknownText();
    const qint64 s = when.secsTo(QDateTime::currentDateTimeUtc());
    if (s < 2)
        return ServerTableModel::tr("just now");
    if (s < 120)
        return ServerTableModel::tr("%n s ago", nullptr, int(s));
    if (s < 7200)
        return ServerTableModel::tr("%n min ago", nullptr, int(s / 60));
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}

QVariant ServerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ServerSnapshot &s = m_servers.at(index.row());
    const bool isActive = !s.group.isEmpty() && s.groupActive == s.name;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return s.name;
        case Transport:
            return transportKindName(s.activeTransport);
        case Status:
            return statusText(s.state);
        case Latency:
            return millisText(s.lastLatencyMs);
        case P95Latency:
            return millisText(m_history.value(s.name).p95LatencyMs);
        case ErrorRate:
            return percentText(s.errorRate * 100.0, 0);
        case Uptime24h:
            return percentText(m_history.value(s.name).uptime24hPercent, 2);
        case Restarts:
            return QLocale().toString(s.restartsTotal);
        case ActiveMember:
            // Most servers are in no group: an empty cell keeps the column quiet for them.
            if (s.group.isEmpty())
                return QString();
            if (s.groupActive.isEmpty())
                return unknownText();
            return isActive ? tr("● this server") : s.groupActive;
        case LastCheck:
            return relativeTime(s.lastCheck);
        case LastError:
            return s.lastFailure.isFailure()
                ? failureTypeName(s.lastFailure.type) + u": "_s + s.lastFailure.detail
                : QString();
        case CallsPerSecond:
            // Servers nobody calls through the gateway stay quiet.
            if (s.callsTotal == 0)
                return QString();
            return QLocale().toString(s.callsPerSecond, 'f', s.callsPerSecond < 10 ? 2 : 0);
        case CallErrors:
            return s.callsTotal == 0 ? QString() : QLocale().toString(s.callErrorsInWindow);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Name:
            return s.target;
        case ErrorRate:
            // The table has no checks column any more; the totals live here.
            return tr("Failed checks: %1 of %2 in total\nThe rate covers the last %3 checks")
                .arg(QLocale().toString(s.failuresTotal), QLocale().toString(s.checksTotal),
                    QLocale().toString(HealthTracker::kWindow));
        case ActiveMember:
            if (s.group.isEmpty())
                return {};
            if (isActive)
                return tr("Failover group %1: this server is the active member").arg(s.group);
            if (s.groupActive.isEmpty())
                return tr("Failover group %1: no active member").arg(s.group);
            return tr("Failover group %1: %2 is the active member").arg(s.group, s.groupActive);
        case LastError:
            if (s.lastFailure.isFailure())
                return s.lastFailure.detail;
            return {};
        case CallsPerSecond:
        case CallErrors: {
            // The column counts every answer but a result, tool errors too (what the agent sees
            // fail); the tooltip says how many of those were the tool's own answer, not the server's.
            QString tip = tr("Calls through the gateway: %1 in the last minute, %2 in total\n"
                             "Errors: %3 in the last minute, %4 in total")
                              .arg(QLocale().toString(qRound64(s.callsPerSecond * 60)),
                                  QLocale().toString(s.callsTotal), QLocale().toString(s.callErrorsInWindow),
                                  QLocale().toString(s.callErrorsTotal));
            if (s.toolErrorsTotal > 0) {
                tip += u'\n'
                    + tr("Of these, tool errors (result.isError: the tool's own answer, the server is fine): "
                         "%1 in the last minute, %2 in total")
                          .arg(QLocale().toString(s.toolErrorsInWindow),
                              QLocale().toString(s.toolErrorsTotal));
            }
            return tip;
        }
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Latency:
        case P95Latency:
        case ErrorRate:
        case Uptime24h:
        case Restarts:
        case CallsPerSecond:
        case CallErrors:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case StateRole:
        return int(s.state);
    case LatencyMsRole:
        return s.lastLatencyMs;
    case ErrorRateRole:
        return s.errorRate;
    case LastCheckRole:
        return s.lastCheck;
    case SnapshotRole:
        return QVariant::fromValue(s);
    case P95LatencyMsRole:
        return m_history.value(s.name).p95LatencyMs;
    case Uptime24hRole:
        return m_history.value(s.name).uptime24hPercent;
    case CallsPerSecondRole:
        return s.callsPerSecond;
    case CallErrorsRole:
        return s.callErrorsInWindow;
    case SortRole:
        switch (index.column()) {
        case Status:
            return int(s.state);
        case Latency:
            return sortable(s.lastLatencyMs);
        case P95Latency:
            return sortable(m_history.value(s.name).p95LatencyMs);
        case ErrorRate:
            return s.errorRate;
        case Uptime24h:
            return sortable(m_history.value(s.name).uptime24hPercent);
        case Restarts:
            return s.restartsTotal;
        case ActiveMember:
            // Members of one group together, the active one first; servers in no group last
            // (the proxy sorts an invalid value after everything).
            if (s.group.isEmpty())
                return {};
            return QString(s.group + u'\n' + (isActive ? u'0' : u'1') + s.name);
        case LastCheck:
            return s.lastCheck;
        case CallsPerSecond:
            return s.callsPerSecond;
        case CallErrors:
            return s.callErrorsInWindow;
        default:
            return data(index, Qt::DisplayRole);
        }
    default:
        return {};
    }
}

QVariant ServerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Server");
    case Transport:
        return tr("Transport");
    case Status:
        return tr("Status");
    case Latency:
        return tr("Latency");
    case P95Latency:
        return tr("p95 latency");
    case ErrorRate:
        return tr("Errors");
    case Uptime24h:
        return tr("Uptime 24 h");
    case Restarts:
        return tr("Restarts");
    case ActiveMember:
        return tr("Active member");
    case LastCheck:
        return tr("Last check");
    case LastError:
        return tr("Last error");
    case CallsPerSecond:
        return tr("Calls/s");
    case CallErrors:
        return tr("Call errors");
    }
    return {};
}

void ServerTableModel::updateServer(const ServerSnapshot &snapshot)
{
    m_pending.insert(snapshot.name, snapshot);
    m_pendingRemovals.removeAll(snapshot.name);
    if (!m_batch->isActive())
        m_batch->start();
}

void ServerTableModel::removeServer(const QString &name)
{
    m_pending.remove(name);
    if (!m_pendingRemovals.contains(name))
        m_pendingRemovals.append(name);
    if (!m_batch->isActive())
        m_batch->start();
}

void ServerTableModel::flush()
{
    bool countsMoved = false;
    for (const QString &name : std::as_const(m_pendingRemovals)) {
        const int row = m_rows.value(name, -1);
        if (row < 0)
            continue;
        beginRemoveRows({}, row, row);
        m_servers.removeAt(row);
        endRemoveRows();
        m_rows.clear();
        for (int i = 0; i < m_servers.size(); ++i)
            m_rows.insert(m_servers.at(i).name, i);
        countsMoved = true;
    }
    m_pendingRemovals.clear();

    QList<ServerSnapshot> added;
    QList<int> changed;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        const int row = m_rows.value(it.key(), -1);
        if (row < 0) {
            added.append(it.value());
            continue;
        }
        countsMoved = countsMoved || m_servers.at(row).state != it.value().state;
        m_servers[row] = it.value();
        changed.append(row);
    }
    m_pending.clear();

    emitChangedRuns(changed, 0, ColumnCount - 1);
    if (!added.isEmpty()) {
        std::sort(added.begin(), added.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
        const int first = int(m_servers.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const ServerSnapshot &s : std::as_const(added)) {
            m_rows.insert(s.name, int(m_servers.size()));
            m_servers.append(s);
        }
        endInsertRows();
        countsMoved = true;
    }
    if (countsMoved)
        Q_EMIT countsChanged();
}

void ServerTableModel::setHistoryStats(const QHash<QString, ServerHistoryStats> &stats)
{
    // Only the two history columns move, and only in rows whose values did: the rest of the row
    // is the engine's and has not changed.
    QList<int> p95Rows;
    QList<int> uptimeRows;
    for (auto it = stats.cbegin(); it != stats.cend(); ++it) {
        const ServerHistoryStats before = m_history.value(it.key());
        if (before == it.value())
            continue;
        if (it.value() == ServerHistoryStats {})
            m_history.remove(it.key());
        else
            m_history.insert(it.key(), it.value());
        const int row = m_rows.value(it.key(), -1);
        if (row < 0)
            continue;
        if (before.p95LatencyMs != it.value().p95LatencyMs)
            p95Rows.append(row);
        if (before.uptime24hPercent != it.value().uptime24hPercent)
            uptimeRows.append(row);
    }
    emitChangedRuns(p95Rows, P95Latency, P95Latency);
    emitChangedRuns(uptimeRows, Uptime24h, Uptime24h);
}

// One dataChanged per contiguous run of rows.
void ServerTableModel::emitChangedRuns(QList<int> rows, int firstColumn, int lastColumn)
{
    std::sort(rows.begin(), rows.end());
    for (int i = 0; i < rows.size();) {
        int j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        Q_EMIT dataChanged(index(rows.at(i), firstColumn), index(rows.at(j), lastColumn));
        i = j + 1;
    }
}

QHash<HealthState, int> ServerTableModel::stateCounts() const
{
    QHash<HealthState, int> counts;
    for (const ServerSnapshot &s : m_servers)
        ++counts[s.state];
    return counts;
}

} // namespace lifeline
