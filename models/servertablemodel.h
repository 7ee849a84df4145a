#pragma once

#include "engine/serversnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

class QTimer;

namespace lifeline {

// The servers table. Lives on the GUI thread; snapshots arrive as values from the engine and are
// applied in batches (one timer tick), with dataChanged over row ranges: never a reset per sample.
class ServerTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerTableModel)
public:
    enum Column { Name, Transport, Status, Latency, ErrorRate, Checks, LastCheck, LastError, ColumnCount };
    enum Role {
        StateRole = Qt::UserRole + 1, // HealthState as int
        LatencyMsRole, // double, -1 when unknown
        ErrorRateRole, // double 0..1
        LastCheckRole, // QDateTime (UTC)
        SnapshotRole, // the whole ServerSnapshot
        SortRole, // a value that sorts right for the column
    };

    explicit ServerTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Queued: the next flush applies the newest snapshot of each server.
    void updateServer(const lifeline::ServerSnapshot &snapshot);
    void removeServer(const QString &name);
    void flush(); // apply what is queued now (the timer calls it)
    void setBatchInterval(int ms);

    const ServerSnapshot *server(int row) const;
    int rowOf(const QString &name) const { return m_rows.value(name, -1); }
    QHash<HealthState, int> stateCounts() const;

    static QString statusText(HealthState state);

Q_SIGNALS:
    void countsChanged();

private:
    QList<ServerSnapshot> m_servers;
    QHash<QString, int> m_rows;
    QHash<QString, ServerSnapshot> m_pending;
    QStringList m_pendingRemovals;
    QTimer *m_batch = nullptr;
};

} // namespace lifeline
