#include "serverfiltermodel.h"

#include "servertablemodel.h"

namespace lifeline {

ServerFilterModel::ServerFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ServerTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void ServerFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void ServerFilterModel::setStates(const QSet<HealthState> &states)
{
    m_states = states;
    invalidateRowsFilter();
}

bool ServerFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *src = sourceModel();
    const QModelIndex status = src->index(sourceRow, ServerTableModel::Status, sourceParent);
    if (!m_states.isEmpty()
        && !m_states.contains(HealthState(src->data(status, ServerTableModel::StateRole).toInt())))
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column : {int(ServerTableModel::Name), int(ServerTableModel::Transport),
             int(ServerTableModel::Status), int(ServerTableModel::LastError)}) {
        if (src->data(src->index(sourceRow, column, sourceParent))
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    // The target (command line or URL) is searchable too: it is the tooltip of the name.
    return src->data(src->index(sourceRow, ServerTableModel::Name, sourceParent), Qt::ToolTipRole)
        .toString()
        .contains(m_text, Qt::CaseInsensitive);
}

} // namespace lifeline
