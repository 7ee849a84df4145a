#pragma once

#include <QStyledItemDelegate>

namespace lifeline {

// Puts a state's shape (statusIcon) in front of a cell's text, the state read from `stateRole`
// (a HealthState as int; cells without one get no icon). Used by the servers table and the events.
class StateIconDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StateIconDelegate)
public:
    StateIconDelegate(int stateRole, QObject *parent);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_stateRole;
};

} // namespace lifeline
