#include "logfiltermodel.h"

namespace lifeline {

LogFilterModel::LogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void LogFilterModel::setServersRole(int role)
{
    m_serversRole = role;
    invalidateRowsFilter();
}

void LogFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void LogFilterModel::setServer(const QString &server)
{
    if (server == m_server)
        return;
    m_server = server;
    invalidateRowsFilter();
}

void LogFilterModel::setRequiredRole(int role)
{
    if (role == m_requiredRole)
        return;
    m_requiredRole = role;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *src = sourceModel();
    if (m_requiredRole >= 0 && !src->data(src->index(sourceRow, 0, sourceParent), m_requiredRole).toBool())
        return false;
    if (!m_server.isEmpty()
        && !src->data(src->index(sourceRow, 0, sourceParent), m_serversRole)
                .toStringList()
                .contains(m_server))
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column = 0; column < src->columnCount(sourceParent); ++column) {
        if (src->data(src->index(sourceRow, column, sourceParent))
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace lifeline
