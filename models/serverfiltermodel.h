#pragma once

#include "health/healthstate.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace lifeline {

// Sorting by raw values (never display text) and filtering by text and by state, for the servers
// table. An empty state set shows every state.
class ServerFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerFilterModel)
public:
    explicit ServerFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    void setStates(const QSet<HealthState> &states);
    QSet<HealthState> states() const { return m_states; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QSet<HealthState> m_states;
};

} // namespace lifeline
