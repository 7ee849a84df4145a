#pragma once

#include <QSortFilterProxyModel>

namespace lifeline {

// Sorting and filtering for the events and failures tables: a text that any column's text may
// contain, and one server whose rows alone are shown (the source answers which servers a row is
// about through the role given to setServersRole(), a QStringList). Empty text or server: all rows.
class LogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterModel)
public:
    explicit LogFilterModel(QObject *parent = nullptr);

    void setServersRole(int role);
    void setText(const QString &text);
    QString text() const { return m_text; }
    void setServer(const QString &server);
    QString server() const { return m_server; }
    // Rows whose `role` is false are hidden ("active alerts only"); -1: no such condition.
    void setRequiredRole(int role);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_server;
    int m_serversRole = Qt::UserRole;
    int m_requiredRole = -1;
};

} // namespace lifeline
