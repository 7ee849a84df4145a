#include "stateicondelegate.h"

#include "statusicons.h"

namespace lifeline {

StateIconDelegate::StateIconDelegate(int stateRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_stateRole(stateRole)
{ }

void StateIconDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant state = index.data(m_stateRole);
    if (!state.isValid())
        return;
    option->icon = statusIcon(HealthState(state.toInt()));
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->decorationSize = QSize(16, 16);
}

} // namespace lifeline
