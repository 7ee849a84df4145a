#pragma once

#include "health/healthevent.h"
#include "store/historytypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>

class QTimer;

namespace lifeline {

// The events log: state changes, restarts, failovers, circuit breaker moves and tool list changes,
// newest first. What the history held at startup comes in once through setInitial(); live
// events arrive through appendLive() and are inserted in batches (one timer tick, one
// rowsInserted at the top). An event can reach both ways (it was written to the history before
// the startup query ran, and it also arrived live): it is shown once. The oldest rows go when
// the log is longer than maxRows().
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)
public:
    enum Column { Time, Server, Event, Detail, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // a value that sorts right for the column
        StateRole, // Event column of a state change: the target HealthState as int; else invalid
        KindRole, // "state", "restart", "failover", "circuit", "tools_changed", …
        TimestampRole, // QDateTime (UTC)
        ServersRole, // QStringList: every server the row is about (a failover: both members)
        ServerRole, // QString: the server to select for the row (a failover: the one switched to)
        JsonRole, // QJsonObject: the event as the headless log writes it
    };

    explicit EventLogModel(QObject *parent = nullptr);
    ~EventLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Queued: the next flush inserts everything queued at the top.
    void appendLive(const lifeline::HealthEvent &event);
    // Merged at once by time, leaving out events already shown.
    void setInitial(const QList<lifeline::StoredEvent> &events);
    void flush(); // insert what is queued now (the timer calls it)
    void setBatchInterval(int ms);
    void setMaxRows(int rows); // drops the oldest rows beyond it at once
    int maxRows() const { return m_maxRows; }
    void clear();

    // The texts of the Event and Detail columns for one event (its JSON form).
    static QString eventText(const QJsonObject &event);
    static QString detailText(const QJsonObject &event);

private:
    struct Row
    {
        QDateTime at; // UTC
        QString server; // the group of a failover
        QString kind;
        QString key; // what identifies the event whichever way it came
        QString eventText;
        QString detailText;
        QJsonObject json;
        qint64 id = -1; // the history's id; -1 when it came live
    };
    static Row makeRow(const QDateTime &at, const QJsonObject &json, qint64 id);
    void insertAt(int position, const QList<Row> &rows);
    void trim();
    void forget(const Row &row);

    QList<Row> m_rows; // newest first
    QList<Row> m_pending; // live, in arrival order
    QHash<QString, int> m_liveKeys; // key → rows with it that came live
    QHash<QString, int> m_storedKeys; // key → rows with it that came from the history
    QSet<qint64> m_storedIds;
    int m_maxRows = 5000;
    QTimer *m_batch = nullptr;
};

} // namespace lifeline
