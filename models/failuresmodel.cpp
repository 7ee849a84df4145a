#include "failuresmodel.h"

#include "logtext.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {

FailuresModel::FailuresModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int FailuresModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int FailuresModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const FailureRecord *FailuresModel::record(int row) const
{
    return row >= 0 && row < m_records.size() ? &m_records.at(row) : nullptr;
}

QString FailuresModel::resolutionText(const FailureRecord &r)
{
    if (r.resolved)
        return r.resolutionMs >= 0 ? logtext::durationText(r.resolutionMs) : tr("resolved");
    return r.endedAt.isValid() ? tr("unresolved") : tr("open");
}

// Rows the seeds wrote have no class of ours: their own type is the best there is.
static QString typeText(const FailureRecord &r)
{
    return r.failureClass.isEmpty() ? r.failureType : r.failureClass;
}

QVariant FailuresModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FailureRecord &r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Occurred:
            return logtext::timeText(r.occurredAt);
        case Server:
            return r.server;
        case Type:
            return typeText(r);
        case TaskContext:
            return r.taskContext;
        case RecoveryAction:
            return r.recoveryAction;
        case Resolution:
            return resolutionText(r);
        case Error:
            return r.errorDetails;
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Occurred:
            return logtext::exactTimeText(r.occurredAt);
        case Server:
            return r.serverType.isEmpty() ? QVariant() : QVariant(tr("Transport: %1").arg(r.serverType));
        case Type:
            // The seeds' vocabulary is smaller; the history files each failure under one of its words.
            if (r.failureType.isEmpty())
                return tr("Failure type: none of the standard types");
            return tr("Failure type: %1").arg(r.failureType);
        case Resolution:
            if (r.resolved && r.endedAt.isValid())
                return tr("Up again at %1").arg(logtext::timeText(r.endedAt));
            if (r.endedAt.isValid())
                return tr("Ended without recovery at %1").arg(logtext::timeText(r.endedAt));
            if (!r.resolved)
                return tr("Still failing");
            return {};
        case TaskContext:
        case RecoveryAction:
        case Error: {
            const QString text = data(index, Qt::DisplayRole).toString();
            return text.isEmpty() ? QVariant() : QVariant(text);
        }
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Resolution)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case Occurred:
            return r.occurredAt.toMSecsSinceEpoch();
        case Resolution:
            // Resolved by duration; then the ones that ended without recovery; open ones last.
            if (r.resolved)
                return r.resolutionMs >= 0 ? r.resolutionMs : std::numeric_limits<qint64>::max() - 2;
            return r.endedAt.isValid() ? std::numeric_limits<qint64>::max() - 1
                                       : std::numeric_limits<qint64>::max();
        default:
            return data(index, Qt::DisplayRole);
        }
    case IdRole:
        return r.id;
    case ServersRole:
        return r.server.isEmpty() ? QStringList() : QStringList {r.server};
    case ServerRole:
        return r.server;
    case RecordRole:
        return QVariant::fromValue(r);
    default:
        return {};
    }
}

QVariant FailuresModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Occurred:
        return tr("Occurred");
    case Server:
        return tr("Server");
    case Type:
        return tr("Type");
    case TaskContext:
        return tr("Task context");
    case RecoveryAction:
        return tr("Recovery action");
    case Resolution:
        return tr("Resolution");
    case Error:
        return tr("Error");
    }
    return {};
}

void FailuresModel::setRecords(const QList<FailureRecord> &records)
{
    // The usual refresh: k new episodes on top, the same ones as before below them (those may
    // have moved on: resolved, more recovery), the oldest perhaps pushed past the list's end.
    qsizetype k = -1;
    if (m_records.isEmpty()) {
        k = records.size();
    } else {
        for (qsizetype i = 0; i < records.size(); ++i) {
            if (records.at(i).id == m_records.first().id) {
                k = i;
                break;
            }
        }
        if (k < 0 && records.isEmpty())
            k = 0;
    }
    const qsizetype common = k < 0 ? -1 : records.size() - k;
    bool shared = common >= 0 && common <= m_records.size();
    for (qsizetype i = 0; shared && i < common; ++i)
        shared = records.at(k + i).id == m_records.at(i).id;
    if (!shared) {
        beginResetModel();
        m_records = records;
        endResetModel();
        return;
    }
    if (common < m_records.size()) {
        beginRemoveRows({}, int(common), int(m_records.size()) - 1);
        m_records.resize(common);
        endRemoveRows();
    }
    QList<int> changed;
    for (qsizetype i = 0; i < common; ++i) {
        if (!(m_records.at(i) == records.at(k + i))) {
            m_records[i] = records.at(k + i);
            changed.append(int(i));
        }
    }
    emitChangedRuns(changed);
    if (k > 0) {
        beginInsertRows({}, 0, int(k) - 1);
        m_records = records.mid(0, k) + m_records;
        endInsertRows();
    }
}

// One dataChanged per contiguous run of rows.
void FailuresModel::emitChangedRuns(const QList<int> &rows)
{
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        Q_EMIT dataChanged(index(rows.at(i), 0), index(rows.at(j), ColumnCount - 1));
        i = j + 1;
    }
}

} // namespace lifeline
