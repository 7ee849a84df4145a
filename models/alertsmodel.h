#pragma once

#include "alerts/alert.h"

#include <QAbstractTableModel>
#include <QList>

namespace lifeline {

// The alerts: active ones and recent resolved ones, newest first. Alerts arrive one at a time
// from the alert manager (fired, acknowledged, silenced, resolved: the same id each time) and in
// bulk from the history at start. Resolved alerts beyond kResolvedKept go, oldest first.
class AlertsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsModel)
public:
    static constexpr int kResolvedKept = 1000;

    // The message last: it takes the room that is left.
    enum Column { Severity, Server, Rule, Fired, State, Resolved, Message, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,
        IdRole, // QString
        ServersRole, // QStringList: the server (one) the alert is about
        ServerRole, // QString
        ActiveRole, // bool: firing
        StateRole, // the Severity column: a HealthState (as int) whose icon stands for the severity
        AlertRole, // the whole Alert
    };

    explicit AlertsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void upsert(const lifeline::Alert &alert); // by id: a new one on top, a known one in place
    void setAlerts(const QList<lifeline::Alert> &alerts); // the history's, newest first
    const Alert *alert(int row) const;
    int rowOf(const QString &id) const;
    int activeCount() const { return m_active; }
    int unacknowledgedCount() const; // firing, not acknowledged, not silenced

    static QString severityText(AlertSeverity severity);
    static QString ruleText(const QString &rule); // "latency" → "Latency"
    static QString stateText(const Alert &alert); // Firing / Acknowledged / Silenced / Resolved

Q_SIGNALS:
    void activeCountChanged(int active);

private:
    void recount();
    void trimResolved();

    QList<Alert> m_alerts;
    int m_active = 0;
};

} // namespace lifeline
