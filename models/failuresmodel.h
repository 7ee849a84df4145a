#pragma once

#include "store/historytypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace lifeline {

// The failure episodes of the history (integration_failures), newest first, refreshed as a
// whole list now and then. A refresh keeps the rows it shares with the last one: rows of the
// same ids only change (dataChanged), new episodes on top are inserted and the oldest beyond the
// list's end removed, so a selection survives; anything else resets the model.
class FailuresModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailuresModel)
public:
    enum Column { Occurred, Server, Type, TaskContext, RecoveryAction, Resolution, Error, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // a value that sorts right for the column; unknown values last
        IdRole, // qint64: the row's id in the history
        ServersRole, // QStringList: the server (one) the row is about, for filters shared with events
        ServerRole, // QString: the server to select for the row
        RecordRole, // the whole FailureRecord
    };

    explicit FailuresModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRecords(const QList<lifeline::FailureRecord> &records); // newest first
    QList<FailureRecord> records() const { return m_records; }
    const FailureRecord *record(int row) const;

    // "1.4 s" when resolved, "open" while under way, "unresolved" when it ended otherwise.
    static QString resolutionText(const FailureRecord &record);

private:
    void emitChangedRuns(const QList<int> &rows);

    QList<FailureRecord> m_records;
};

} // namespace lifeline
