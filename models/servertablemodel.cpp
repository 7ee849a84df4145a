#include "servertablemodel.h"

#include <QDateTime>
#include <QLocale>
#include <QTimer>

#include <algorithm>

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

static QString relativeTime(const QDateTime &when)
{
    if (!when.isValid())
        return QStringLiteral("–");
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
            return s.lastLatencyMs < 0 ? QStringLiteral("–")
                                       : QLocale().toString(s.lastLatencyMs, 'f', 1) + u" ms"_s;
        case ErrorRate:
            return QLocale().toString(s.errorRate * 100.0, 'f', 0) + u" %"_s;
        case Checks:
            return QLocale().toString(s.checksTotal);
        case LastCheck:
            return relativeTime(s.lastCheck);
        case LastError:
            return s.lastFailure.isFailure()
                ? failureTypeName(s.lastFailure.type) + u": "_s + s.lastFailure.detail
                : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LastError && s.lastFailure.isFailure())
            return s.lastFailure.detail;
        if (index.column() == Name)
            return s.target;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Latency || index.column() == ErrorRate || index.column() == Checks)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
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
    case SortRole:
        switch (index.column()) {
        case Status:
            return int(s.state);
        case Latency:
            return s.lastLatencyMs;
        case ErrorRate:
            return s.errorRate;
        case Checks:
            return s.checksTotal;
        case LastCheck:
            return s.lastCheck;
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
    case ErrorRate:
        return tr("Errors");
    case Checks:
        return tr("Checks");
    case LastCheck:
        return tr("Last check");
    case LastError:
        return tr("Last error");
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

    // Changed rows: one dataChanged per contiguous run.
    std::sort(changed.begin(), changed.end());
    for (int i = 0; i < changed.size();) {
        int j = i;
        while (j + 1 < changed.size() && changed.at(j + 1) == changed.at(j) + 1)
            ++j;
        Q_EMIT dataChanged(index(changed.at(i), 0), index(changed.at(j), ColumnCount - 1));
        i = j + 1;
    }
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

QHash<HealthState, int> ServerTableModel::stateCounts() const
{
    QHash<HealthState, int> counts;
    for (const ServerSnapshot &s : m_servers)
        ++counts[s.state];
    return counts;
}

} // namespace lifeline
