#pragma once

#include "engine/serversnapshot.h"
#include "serverhistorystats.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

class QTimer;

namespace lifeline {

// The servers table. Lives on the GUI thread; snapshots arrive as values from the engine and are
// applied in batches (one timer tick), with dataChanged over row ranges: never a reset per sample.
// Uptime and p95 latency come from the history store instead, through setHistoryStats().
class ServerTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerTableModel)
public:
    enum Column {
        Name,
        Transport,
        Status,
        Latency,
        P95Latency,
        ErrorRate,
        Uptime24h,
        Restarts,
        ActiveMember,
        LastCheck,
        LastError,
        CallsPerSecond, // gateway calls, last minute's average
        CallErrors, // gateway call errors in the last minute (all of them in the tooltip)
        ColumnCount
    };
    enum Role {
        StateRole = Qt::UserRole + 1, // HealthState as int
        LatencyMsRole, // double, -1 when unknown
        ErrorRateRole, // double 0..1
        LastCheckRole, // QDateTime (UTC)
        SnapshotRole, // the whole ServerSnapshot
        SortRole, // a value that sorts right for the column; unknown values sort last (ascending)
        P95LatencyMsRole, // double, -1 when unknown
        Uptime24hRole, // double percent 0..100, -1 when unknown
        CallsPerSecondRole, // double
        CallErrorsRole, // qint64: errors in the last minute
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

    // Applied at once. Each entry replaces that server's stats; servers missing from `stats` keep
    // theirs. Stats of servers not (yet) in the table are kept for when they appear. A default
    // ServerHistoryStats forgets a server's stats.
    void setHistoryStats(const QHash<QString, lifeline::ServerHistoryStats> &stats);
    ServerHistoryStats historyStats(const QString &name) const { return m_history.value(name); }

    const ServerSnapshot *server(int row) const;
    int rowOf(const QString &name) const { return m_rows.value(name, -1); }
    QHash<HealthState, int> stateCounts() const;

    static QString statusText(HealthState state);

Q_SIGNALS:
    void countsChanged();

private:
    void emitChangedRuns(QList<int> rows, int firstColumn, int lastColumn);

    QList<ServerSnapshot> m_servers;
    QHash<QString, int> m_rows;
    QHash<QString, ServerSnapshot> m_pending;
    QStringList m_pendingRemovals;
    QHash<QString, ServerHistoryStats> m_history; // by server name, rows or not
    QTimer *m_batch = nullptr;
};

} // namespace lifeline
