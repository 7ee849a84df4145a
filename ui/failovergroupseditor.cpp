#include "failovergroupseditor.h"

#include "config/configloader.h"
#include "config/duration.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lifeline {

FailoverGroupsEditor::FailoverGroupsEditor(const QJsonObject &failover, QWidget *parent)
    : QWidget(parent)
    , m_initial(failover.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(failover))
{
    for (auto it = failover.begin(); it != failover.end(); ++it) {
        Group g;
        g.name = it.key();
        g.raw = it.value().toObject();
        g.primary = g.raw.value(u"primary"_s).toString();
        for (const QJsonValue &v : g.raw.value(u"fallbacks"_s).toArray())
            g.fallbacks.append(v.toString());
        g.automatic = g.raw.value(u"auto"_s).toBool(true);
        const QJsonValue restore = g.raw.value(u"restoreAfter"_s);
        g.restoreAfter = restore.isDouble() ? formatDuration(qint64(restore.toDouble())) : restore.toString();
        g.strategy = g.raw.value(u"strategy"_s).toString();
        m_groups.append(g);
    }

    auto *layout = new QHBoxLayout(this);
    auto *left = new QVBoxLayout;
    auto *intro = new QLabel(tr("A failover group keeps one member serving: when it goes down, Lifeline "
                                "switches to the next healthy fallback, and back to the primary once it "
                                "has been healthy for the restore delay."),
        this);
    intro->setWordWrap(true);
    intro->setMaximumWidth(260);
    left->addWidget(intro);
    m_list = new QListWidget(this);
    m_list->setObjectName(u"groups"_s);
    m_list->setAccessibleName(tr("Failover groups"));
    m_list->setMaximumWidth(260);
    left->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add group…"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected group (its servers stay)"));
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    left->addLayout(buttons);
    layout->addLayout(left);

    m_details = new QWidget(this);
    auto *form = new QFormLayout(m_details);
    m_name = new QLineEdit(m_details);
    m_name->setObjectName(u"groupName"_s);
    form->addRow(tr("Name:"), m_name);
    m_primary = new QComboBox(m_details);
    m_primary->setObjectName(u"primary"_s);
    form->addRow(tr("Primary:"), m_primary);
    auto *fallbackBox = new QWidget(m_details);
    auto *fallbackLayout = new QHBoxLayout(fallbackBox);
    fallbackLayout->setContentsMargins(0, 0, 0, 0);
    m_fallbacks = new QListWidget(fallbackBox);
    m_fallbacks->setObjectName(u"fallbacks"_s);
    m_fallbacks->setAccessibleName(tr("Fallbacks"));
    m_fallbacks->setToolTip(tr("Check the servers to fail over to; the order (top first) is the order "
                               "of preference"));
    fallbackLayout->addWidget(m_fallbacks, 1);
    auto *order = new QVBoxLayout;
    m_up = new QPushButton(tr("Up"), fallbackBox);
    m_down = new QPushButton(tr("Down"), fallbackBox);
    m_up->setToolTip(tr("Prefer the selected server earlier"));
    m_down->setToolTip(tr("Prefer the selected server later"));
    order->addWidget(m_up);
    order->addWidget(m_down);
    order->addStretch();
    fallbackLayout->addLayout(order);
    form->addRow(tr("Fallbacks:"), fallbackBox);
    m_automatic = new QCheckBox(tr("Switch automatically when the active member goes down"), m_details);
    m_automatic->setObjectName(u"auto"_s);
    form->addRow(QString(), m_automatic);
    m_restoreAfter = new QLineEdit(m_details);
    m_restoreAfter->setObjectName(u"restoreAfter"_s);
    m_restoreAfter->setClearButtonEnabled(true);
    m_restoreAfter->setPlaceholderText(tr("%1 (built-in)").arg(formatDuration(60000)));
    m_restoreAfter->setToolTip(tr("How long the primary must be healthy again before it serves again"));
    form->addRow(tr("Restore primary after:"), m_restoreAfter);
    m_strategy = new QComboBox(m_details);
    m_strategy->setObjectName(u"strategy"_s);
    m_strategy->addItem(tr("Default: switch to an alternative server"), QString());
    m_strategy->addItem(tr("Switch to an alternative server"), u"alternative_server"_s);
    m_strategy->addItem(tr("Degrade gracefully (keep serving, marked degraded)"), u"graceful_degradation"_s);
    m_strategy->addItem(tr("Manual: switch only when told"), u"manual"_s);
    form->addRow(tr("Strategy:"), m_strategy);
    layout->addWidget(m_details, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(u"groupsMessage"_s);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(u"QLabel { color: #c0392b; }"_s);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_message);

    for (const Group &g : std::as_const(m_groups))
        m_list->addItem(g.name);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] { showGroup(); });
    connect(m_add, &QPushButton::clicked, this, &FailoverGroupsEditor::askForNewGroup);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const Group *g = current())
            removeGroup(g->name);
    });
    connect(m_name, &QLineEdit::textEdited, this, &FailoverGroupsEditor::changed);
    connect(m_primary, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        changed();
        refreshFallbacks(); // the primary cannot be its own fallback
    });
    connect(m_fallbacks, &QListWidget::itemChanged, this, &FailoverGroupsEditor::changed);
    connect(m_automatic, &QCheckBox::toggled, this, &FailoverGroupsEditor::changed);
    connect(m_restoreAfter, &QLineEdit::textChanged, this, &FailoverGroupsEditor::changed);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &FailoverGroupsEditor::changed);
    const auto move = [this](int by) {
        const int row = m_fallbacks->currentRow();
        const int to = row + by;
        if (row < 0 || to < 0 || to >= m_fallbacks->count())
            return;
        QListWidgetItem *item = m_fallbacks->takeItem(row);
        m_fallbacks->insertItem(to, item);
        m_fallbacks->setCurrentRow(to);
        changed();
    };
    connect(m_up, &QPushButton::clicked, this, [move] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [move] { move(1); });

    m_list->setCurrentRow(m_groups.isEmpty() ? -1 : 0);
    showGroup();
}

FailoverGroupsEditor::Group *FailoverGroupsEditor::current()
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_groups.size() ? &m_groups[row] : nullptr;
}

void FailoverGroupsEditor::setServers(const QStringList &names)
{
    if (names == m_servers)
        return;
    m_servers = names;
    showGroup();
    validate();
}

void FailoverGroupsEditor::renameServer(const QString &from, const QString &to)
{
    for (Group &g : m_groups) {
        if (g.primary == from)
            g.primary = to;
        g.fallbacks.replaceInStrings(QRegularExpression(u"^%1$"_s.arg(QRegularExpression::escape(from))), to);
    }
    m_servers.replaceInStrings(QRegularExpression(u"^%1$"_s.arg(QRegularExpression::escape(from))), to);
    showGroup();
    validate();
    Q_EMIT edited();
}

QStringList FailoverGroupsEditor::groupNames() const
{
    QStringList out;
    for (const Group &g : m_groups)
        out.append(g.name);
    return out;
}

bool FailoverGroupsEditor::addGroup(const QString &name)
{
    const QString n = name.trimmed();
    if (n.isEmpty() || groupNames().contains(n))
        return false;
    Group g;
    g.name = n;
    m_groups.append(g);
    m_list->addItem(n);
    m_list->setCurrentRow(m_list->count() - 1);
    changed();
    return true;
}

void FailoverGroupsEditor::removeGroup(const QString &name)
{
    const qsizetype row = groupNames().indexOf(name);
    if (row < 0)
        return;
    m_groups.removeAt(row);
    m_updating = true;
    delete m_list->takeItem(int(row));
    m_updating = false;
    m_list->setCurrentRow(std::min(int(row), m_list->count() - 1));
    showGroup();
    validate();
    Q_EMIT edited();
}

bool FailoverGroupsEditor::selectGroup(const QString &name)
{
    const qsizetype row = groupNames().indexOf(name);
    if (row >= 0)
        m_list->setCurrentRow(int(row));
    return row >= 0;
}

void FailoverGroupsEditor::setPrimary(const QString &server)
{
    m_primary->setCurrentIndex(m_primary->findData(server));
}

void FailoverGroupsEditor::setFallbacks(const QStringList &servers)
{
    if (Group *g = current()) {
        storeGroup();
        g->fallbacks = servers;
        showGroup();
        changed();
    }
}

void FailoverGroupsEditor::setAutomatic(bool automatic)
{
    m_automatic->setChecked(automatic);
}

void FailoverGroupsEditor::setRestoreAfter(const QString &duration)
{
    m_restoreAfter->setText(duration);
}

void FailoverGroupsEditor::setStrategy(const QString &strategy)
{
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(strategy)));
}

void FailoverGroupsEditor::showGroup()
{
    const Group *g = current();
    m_details->setEnabled(g != nullptr);
    m_remove->setEnabled(g != nullptr);
    m_updating = true;
    m_name->setText(g ? g->name : QString());
    m_primary->clear();
    m_primary->addItem(tr("(choose the main server)"), QString());
    QStringList choices = m_servers;
    if (g && !g->primary.isEmpty() && !choices.contains(g->primary))
        choices.append(g->primary); // a name the file has but no server: the check says so
    for (const QString &s : std::as_const(choices))
        m_primary->addItem(s, s);
    m_primary->setCurrentIndex(g ? std::max(0, m_primary->findData(g->primary)) : 0);
    m_automatic->setChecked(g ? g->automatic : true);
    m_restoreAfter->setText(g ? g->restoreAfter : QString());
    m_strategy->setCurrentIndex(g ? std::max(0, m_strategy->findData(g->strategy)) : 0);
    m_updating = false;
    refreshFallbacks();
}

void FailoverGroupsEditor::refreshFallbacks()
{
    const Group *g = current();
    const QString primary = m_primary->currentData().toString();
    m_updating = true;
    m_fallbacks->clear();
    if (g) {
        // The chosen fallbacks first, in their order, then the other servers unchecked.
        QStringList order = g->fallbacks;
        for (const QString &s : std::as_const(m_servers)) {
            if (!order.contains(s))
                order.append(s);
        }
        for (const QString &s : std::as_const(order)) {
            if (s == primary)
                continue;
            auto *item = new QListWidgetItem(s, m_fallbacks);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(g->fallbacks.contains(s) ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_updating = false;
}

void FailoverGroupsEditor::storeGroup()
{
    Group *g = current();
    if (!g)
        return;
    const QString name = m_name->text().trimmed();
    g->name = name;
    if (QListWidgetItem *item = m_list->currentItem())
        item->setText(name);
    g->primary = m_primary->currentData().toString();
    g->fallbacks.clear();
    for (int i = 0; i < m_fallbacks->count(); ++i) {
        if (m_fallbacks->item(i)->checkState() == Qt::Checked)
            g->fallbacks.append(m_fallbacks->item(i)->text());
    }
    g->automatic = m_automatic->isChecked();
    g->restoreAfter = m_restoreAfter->text().trimmed();
    g->strategy = m_strategy->currentData().toString();
}

void FailoverGroupsEditor::changed()
{
    if (m_updating)
        return;
    storeGroup();
    validate();
    Q_EMIT edited();
}

QJsonValue FailoverGroupsEditor::value() const
{
    if (m_groups.isEmpty() && m_initial.isUndefined())
        return QJsonValue::Undefined;
    QJsonObject out;
    for (const Group &g : m_groups) {
        QJsonObject o = g.raw;
        o.insert(u"primary"_s, g.primary);
        if (g.fallbacks.isEmpty() && !g.raw.contains(u"fallbacks"_s))
            o.remove(u"fallbacks"_s);
        else
            o.insert(u"fallbacks"_s, QJsonArray::fromStringList(g.fallbacks));
        if (g.automatic && !g.raw.contains(u"auto"_s))
            o.remove(u"auto"_s);
        else
            o.insert(u"auto"_s, g.automatic);
        if (g.restoreAfter.isEmpty()) {
            o.remove(u"restoreAfter"_s);
        } else if (const QJsonValue old = g.raw.value(u"restoreAfter"_s); parseDuration(g.restoreAfter)
                   && old.isDouble() && qint64(old.toDouble()) == *parseDuration(g.restoreAfter)) {
            // unchanged, as the file wrote it
        } else {
            const auto ms = parseDuration(g.restoreAfter);
            o.insert(u"restoreAfter"_s, ms ? QJsonValue(formatDuration(*ms)) : QJsonValue(g.restoreAfter));
        }
        if (g.strategy.isEmpty())
            o.remove(u"strategy"_s);
        else
            o.insert(u"strategy"_s, g.strategy);
        out.insert(g.name, o);
    }
    return out;
}

void FailoverGroupsEditor::validate()
{
    m_errors.clear();
    QStringList seen;
    for (const Group &g : std::as_const(m_groups)) {
        if (g.name.isEmpty())
            m_errors.append(tr("A group needs a name."));
        else if (seen.contains(g.name))
            m_errors.append(tr("There are two groups named %1.").arg(g.name));
        seen.append(g.name);
        if (g.primary.isEmpty() && !g.name.isEmpty())
            m_errors.append(tr("Group %1: choose its primary server.").arg(g.name));
    }
    if (m_errors.isEmpty()) {
        // The loader's own rules (one group per server, known names, durations) on a file that
        // holds just these servers and groups.
        QJsonObject servers;
        for (const QString &s : std::as_const(m_servers))
            servers.insert(s, QJsonObject {{u"command"_s, u"x"_s}});
        QJsonObject lifeline;
        if (const QJsonValue v = value(); !v.isUndefined())
            lifeline.insert(u"failover"_s, v);
        const QJsonObject doc {{u"mcpServers"_s, servers}, {u"lifeline"_s, lifeline}};
        for (const ConfigIssue &issue : ConfigLoader::checkFragment(doc)) {
            QString where = issue.keyPath;
            if (where.startsWith(u"lifeline.failover."_s))
                where = where.mid(18);
            m_errors.append(where.isEmpty() ? issue.message : where + u": "_s + issue.message);
        }
    }
    m_message->setText(m_errors.join(u'\n'));
    m_message->setVisible(!m_errors.isEmpty());
}

void FailoverGroupsEditor::askForNewGroup()
{
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Add failover group"), tr("Name of the new group:"), QLineEdit::Normal, QString(), &ok);
    if (ok && !addGroup(name))
        QMessageBox::warning(this, tr("Add failover group"),
            name.trimmed().isEmpty() ? tr("A group needs a name.")
                                     : tr("There already is a group named %1.").arg(name.trimmed()));
}

} // namespace lifeline
