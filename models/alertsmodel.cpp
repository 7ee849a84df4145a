#include "alertsmodel.h"

#include "health/healthstate.h"
#include "logtext.h"

#include <algorithm>
#include <limits>

#include <QFont>

using namespace Qt::StringLiterals;

namespace lifeline {

AlertsModel::AlertsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const Alert *AlertsModel::alert(int row) const
{
    return row >= 0 && row < m_alerts.size() ? &m_alerts.at(row) : nullptr;
}

int AlertsModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_alerts.size(); ++i) {
        if (m_alerts.at(i).id == id)
            return int(i);
    }
    return -1;
}

int AlertsModel::unacknowledgedCount() const
{
    return int(std::count_if(m_alerts.cbegin(), m_alerts.cend(),
        [](const Alert &a) { return a.isActive() && !a.isAcknowledged() && !a.silenced; }));
}

QString AlertsModel::severityText(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Info:
        return tr("Info");
    case AlertSeverity::Warning:
        return tr("Warning");
    case AlertSeverity::Critical:
        return tr("Critical");
    }
    return {};
}

QString AlertsModel::ruleText(const QString &rule)
{
    if (rule == u"state")
        return tr("State");
    if (rule == u"latency")
        return tr("Latency");
    if (rule == u"error_rate")
        return tr("Error rate");
    if (rule == u"availability")
        return tr("Availability");
    if (rule == u"consecutive_failures")
        return tr("Consecutive failures");
    if (rule == u"trend")
        return tr("Trend");
    if (rule == u"error_spike")
        return tr("Error spike");
    if (rule == u"flapping")
        return tr("Flapping");
    if (rule == u"restart_loop")
        return tr("Restart loop");
    return rule;
}

QString AlertsModel::stateText(const Alert &a)
{
    if (!a.isActive())
        return tr("Resolved");
    if (a.silenced)
        return tr("Silenced");
    if (a.isAcknowledged())
        return tr("Acknowledged");
    return tr("Firing");
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_alerts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return severityText(a.severity);
        case Server:
            return a.server.isEmpty() ? tr("(Lifeline)") : a.server;
        case Rule:
            return ruleText(a.rule);
        case Message:
            return a.message;
        case Fired:
            return logtext::timeText(a.firedAt);
        case State:
            return stateText(a);
        case Resolved:
            return a.resolvedAt.isValid() ? logtext::timeText(a.resolvedAt) : QString();
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Fired:
            return logtext::exactTimeText(a.firedAt);
        case Resolved:
            return a.resolvedAt.isValid() ? QVariant(logtext::exactTimeText(a.resolvedAt)) : QVariant();
        case State:
            if (a.isAcknowledged())
                return tr("Acknowledged at %1").arg(logtext::timeText(a.acknowledgedAt));
            return {};
        case Message:
            return a.message.isEmpty() ? QVariant() : QVariant(a.message);
        case Rule:
            return a.rule;
        }
        return {};
    case Qt::FontRole:
        if (a.isActive() && !a.isAcknowledged() && !a.silenced) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case Severity:
            return int(a.severity);
        case Fired:
            return a.firedAt.toMSecsSinceEpoch();
        case Resolved:
            return a.resolvedAt.isValid() ? a.resolvedAt.toMSecsSinceEpoch()
                                          : std::numeric_limits<qint64>::max();
        default:
            return data(index, Qt::DisplayRole);
        }
    case StateRole:
        if (index.column() != Severity)
            return {};
        if (!a.isActive())
            return int(HealthState::Healthy);
        switch (a.severity) {
        case AlertSeverity::Critical:
            return int(HealthState::Unhealthy);
        case AlertSeverity::Warning:
            return int(HealthState::Degraded);
        case AlertSeverity::Info:
            return int(HealthState::Starting);
        }
        return {};
    case IdRole:
        return a.id;
    case ServersRole:
        return a.server.isEmpty() ? QStringList() : QStringList {a.server};
    case ServerRole:
        return a.server;
    case ActiveRole:
        return a.isActive();
    case AlertRole:
        return QVariant::fromValue(a);
    default:
        return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity:
        return tr("Severity");
    case Server:
        return tr("Server");
    case Rule:
        return tr("Rule");
    case Message:
        return tr("Message");
    case Fired:
        return tr("Fired");
    case State:
        return tr("State");
    case Resolved:
        return tr("Resolved");
    }
    return {};
}

void AlertsModel::upsert(const Alert &alert)
{
    if (const int row = rowOf(alert.id); row >= 0) {
        m_alerts[row] = alert;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        beginInsertRows({}, 0, 0);
        m_alerts.prepend(alert);
        endInsertRows();
        trimResolved();
    }
    recount();
}

void AlertsModel::setAlerts(const QList<Alert> &alerts)
{
    beginResetModel();
    m_alerts = alerts;
    endResetModel();
    trimResolved();
    recount();
}

void AlertsModel::trimResolved()
{
    // From the bottom (oldest): resolved rows beyond the limit go; active ones always stay.
    qsizetype resolved
        = std::count_if(m_alerts.cbegin(), m_alerts.cend(), [](const Alert &a) { return !a.isActive(); });
    for (qsizetype row = m_alerts.size() - 1; row >= 0 && resolved > kResolvedKept; --row) {
        if (m_alerts.at(row).isActive())
            continue;
        beginRemoveRows({}, int(row), int(row));
        m_alerts.removeAt(row);
        endRemoveRows();
        --resolved;
    }
}

void AlertsModel::recount()
{
    const int active
        = int(std::count_if(m_alerts.cbegin(), m_alerts.cend(), [](const Alert &a) { return a.isActive(); }));
    if (active != m_active) {
        m_active = active;
        Q_EMIT activeCountChanged(active);
    }
}

} // namespace lifeline
