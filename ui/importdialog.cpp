#include "importdialog.h"

#include <algorithm>
#include <utility>

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr int kNameRole = Qt::UserRole + 1; // the server's name in the config (server rows only)

int col(ImportDialog::Column c)
{
    return int(c);
}

} // namespace

ImportDialog::ImportDialog(const QString &targetPath, Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_target(targetPath)
    , m_mode(mode)
    , m_intro(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_problem(new QLabel(this))
    , m_selectAll(new QPushButton(tr("Select &all"), this))
    , m_selectNone(new QPushButton(tr("Select &none"), this))
    , m_project(new QPushButton(tr("&Project folder…"), this))
    , m_buttons(new QDialogButtonBox(this))
    , m_import(nullptr)
{
    setWindowTitle(tr("Import MCP servers"));
    resize(860, 460);
    m_intro->setWordWrap(true);
    m_intro->setText(
        tr("Looking for MCP servers in Claude Desktop, Claude Code, Cursor, VS Code and mcp-hub…"));

    m_list->setColumnCount(4);
    m_list->setHeaderLabels({tr("Server"), tr("Transport"), tr("Command / URL"), tr("Note")});
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->header()->setStretchLastSection(true);
    m_list->setAccessibleName(tr("Servers found"));

    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(u"QLabel { color: #a15c00; }"_s);
    m_problem->setVisible(false);

    m_import = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setDefault(true);
    if (mode == Mode::FirstRun) {
        QPushButton *demo = m_buttons->addButton(tr("Use the &demo"), QDialogButtonBox::RejectRole);
        demo->setToolTip(tr("Keep watching the built-in demo servers; File → Import servers… asks again"));
        connect(demo, &QPushButton::clicked, this, [this] {
            Q_EMIT demoChosen();
            reject();
        });
    }
    m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_import, &QPushButton::clicked, this, [this] {
        if (importChecked())
            accept();
    });
    connect(m_buttons->button(QDialogButtonBox::Cancel), &QPushButton::clicked, this, &QDialog::reject);
    connect(m_selectAll, &QPushButton::clicked, this, [this] { setAllChecked(true); });
    connect(m_selectNone, &QPushButton::clicked, this, [this] { setAllChecked(false); });
    m_project->setToolTip(tr("Also look in a project's .mcp.json, .cursor/mcp.json and .vscode/mcp.json"));
    m_project->setEnabled(false); // until the first scan is done
    connect(m_project, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Project folder"),
            m_locations.projectDir.isEmpty() ? m_locations.home : m_locations.projectDir);
        if (!dir.isEmpty())
            addProject(dir);
    });
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_syncing || column != col(Column::Server))
            return;
        // A group's checkbox checks or clears its servers; a server's updates its group's.
        m_syncing = true;
        const Qt::CheckState state = item->checkState(column);
        if (!item->parent() && state != Qt::PartiallyChecked) {
            for (int i = 0; i < item->childCount(); ++i) {
                if (item->child(i)->flags() & Qt::ItemIsUserCheckable)
                    item->child(i)->setCheckState(column, state);
            }
        }
        syncGroup(item->parent() ? item->parent() : item);
        m_syncing = false;
        updateButtons();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_selectAll);
    buttons->addWidget(m_selectNone);
    buttons->addWidget(m_project);
    buttons->addStretch(1);
    buttons->addWidget(m_buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_problem);
    layout->addLayout(buttons);
    setTabOrder(m_list, m_selectAll);
    setTabOrder(m_selectAll, m_selectNone);
    setTabOrder(m_selectNone, m_project);
    m_list->setFocus();
    updateButtons();
}

void ImportDialog::addProject(const QString &dir)
{
    ConfigDiscovery::Locations locations = m_locations;
    locations.projectDir = dir;
    discover(locations);
}

void ImportDialog::discover(const ConfigDiscovery::Locations &locations)
{
    m_locations = locations;
    m_project->setEnabled(false);
    // A few small files, but files: never on the GUI thread.
    auto *watcher = new QFutureWatcher<ConfigImport::Scan>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        setScan(watcher->result(), m_locations);
    });
    watcher->setFuture(
        QtConcurrent::run([locations, target = m_target] { return ConfigImport::scan(locations, target); }));
}

void ImportDialog::setScan(const ConfigImport::Scan &scan, const ConfigDiscovery::Locations &locations)
{
    m_scan = scan;
    m_locations = locations;
    m_project->setEnabled(!locations.home.isEmpty());
    QSignalBlocker blocker(m_list);
    m_list->clear();
    const qsizetype count = scan.found.servers.size();
    if (count == 0)
        m_intro->setText(
            tr("No MCP servers were found in Claude Desktop, Claude Code, Cursor, VS Code or mcp-hub."));
    else if (m_mode == Mode::FirstRun)
        m_intro->setText(tr("Lifeline has no config yet. These MCP servers are set up in your other tools: "
                            "check the ones to watch. They are added to %1; the files they come from are not "
                            "changed.")
                             .arg(m_target));
    else
        m_intro->setText(
            tr("Check the servers to add to %1. The files they come from are not changed.").arg(m_target));

    const ConfigImport::Plan plan = ConfigImport::plan(scan.found.servers, scan.existing, false);
    QHash<QString, QTreeWidgetItem *> groups; // by first origin: one group per tool and file
    for (qsizetype i = 0; i < count; ++i) {
        const DiscoveredServer &s = scan.found.servers[i];
        const DiscoveryOrigin &origin = s.origins.first();
        const QString key = origin.label() + u'\n' + origin.file;
        QTreeWidgetItem *group = groups.value(key);
        if (!group) {
            group = new QTreeWidgetItem(m_list);
            // One line across the columns: the tool, then its file.
            group->setText(col(Column::Server), tr("%1 — %2").arg(origin.label(), origin.file));
            group->setToolTip(col(Column::Server), origin.file);
            group->setFirstColumnSpanned(true);
            group->setFlags(Qt::ItemIsEnabled);
            groups.insert(key, group);
        }
        auto *item = new QTreeWidgetItem(group);
        item->setText(col(Column::Server), s.importName);
        item->setData(col(Column::Server), kNameRole, s.importName);
        item->setText(col(Column::Transport), s.transportName());
        item->setText(col(Column::Target), s.importable() ? s.target() : QString());
        item->setToolTip(col(Column::Target), item->text(col(Column::Target)));
        QStringList notes;
        if (s.importName != s.name)
            notes.append(tr("named %1 there; another server has that name").arg(s.name));
        if (s.origins.size() > 1) {
            QStringList also;
            for (qsizetype o = 1; o < s.origins.size(); ++o)
                also.append(s.origins[o].label());
            also.removeDuplicates();
            notes.append(tr("also in %1").arg(also.join(u", "_s)));
        }
        bool checkable = true;
        switch (plan.items[i].action) {
        case ConfigImport::Action::Add:
        case ConfigImport::Action::Replace:
            break;
        case ConfigImport::Action::AlreadyThere:
            notes.prepend(tr("already in your config"));
            checkable = false;
            break;
        case ConfigImport::Action::NameTaken:
            notes.prepend(tr("your config has a different server of this name; it is kept"));
            checkable = false;
            break;
        case ConfigImport::Action::NotUsable:
            notes.prepend(tr("cannot be used: %1").arg(s.problems.join(u"; "_s)));
            checkable = false;
            break;
        }
        item->setText(col(Column::Note), notes.join(u"; "_s));
        item->setToolTip(col(Column::Note), item->text(col(Column::Note)));
        if (checkable) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(col(Column::Server), Qt::Checked);
        } else {
            item->setFlags(Qt::ItemIsSelectable); // shown, greyed, never imported
        }
    }
    for (QTreeWidgetItem *group : std::as_const(groups)) {
        bool any = false;
        for (int c = 0; c < group->childCount(); ++c)
            any = any || (group->child(c)->flags() & Qt::ItemIsUserCheckable);
        if (!any) // nothing in it can be imported: no checkbox that does nothing
            continue;
        // Not Qt's auto-tristate: it ignores the flags and counts greyed-out servers in.
        group->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        syncGroup(group);
    }
    m_list->expandAll();
    for (int c = 0; c < 3; ++c)
        m_list->resizeColumnToContents(c);
    // Long commands are cut (the tooltip has them whole): the notes must stay in view.
    m_list->setColumnWidth(col(Column::Target), std::min(m_list->columnWidth(col(Column::Target)), 340));
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));

    QStringList problems;
    if (!scan.targetError.isEmpty())
        problems.append(
            tr("Your config cannot be read, so nothing can be imported: %1").arg(scan.targetError));
    for (const ConfigIssue &issue : scan.found.problems)
        problems.append(tr("Not read: %1").arg(issue.toString()));
    showProblem(problems.join(u'\n'));
    blocker.unblock();
    updateButtons();
    Q_EMIT scanFinished();
}

void ImportDialog::syncGroup(QTreeWidgetItem *group)
{
    if (!(group->flags() & Qt::ItemIsUserCheckable))
        return;
    int checked = 0;
    int checkable = 0;
    for (int i = 0; i < group->childCount(); ++i) {
        const QTreeWidgetItem *item = group->child(i);
        if (!(item->flags() & Qt::ItemIsUserCheckable))
            continue;
        ++checkable;
        if (item->checkState(col(Column::Server)) == Qt::Checked)
            ++checked;
    }
    const Qt::CheckState state = checked == 0 ? Qt::Unchecked
        : checked == checkable                ? Qt::Checked
                                              : Qt::PartiallyChecked;
    const bool wasSyncing = std::exchange(m_syncing, true);
    group->setCheckState(col(Column::Server), state);
    m_syncing = wasSyncing;
}

QTreeWidgetItem *ImportDialog::serverItem(const QString &name) const
{
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_list->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            if (group->child(i)->data(col(Column::Server), kNameRole).toString() == name)
                return group->child(i);
        }
    }
    return nullptr;
}

QStringList ImportDialog::checkedServers() const
{
    QStringList out;
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = m_list->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            const QTreeWidgetItem *item = group->child(i);
            if ((item->flags() & Qt::ItemIsUserCheckable)
                && item->checkState(col(Column::Server)) == Qt::Checked)
                out.append(item->data(col(Column::Server), kNameRole).toString());
        }
    }
    return out;
}

bool ImportDialog::setChecked(const QString &name, bool on)
{
    QTreeWidgetItem *item = serverItem(name);
    if (!item || !(item->flags() & Qt::ItemIsUserCheckable))
        return false;
    item->setCheckState(col(Column::Server), on ? Qt::Checked : Qt::Unchecked);
    return true;
}

void ImportDialog::setAllChecked(bool on)
{
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_list->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i) {
            if (group->child(i)->flags() & Qt::ItemIsUserCheckable)
                group->child(i)->setCheckState(col(Column::Server), on ? Qt::Checked : Qt::Unchecked);
        }
    }
}

bool ImportDialog::importChecked()
{
    const QStringList names = checkedServers();
    QList<DiscoveredServer> picked;
    for (const DiscoveredServer &s : m_scan.found.servers) {
        if (names.contains(s.importName))
            picked.append(s);
    }
    if (picked.isEmpty() || !m_scan.targetError.isEmpty())
        return false;
    const ConfigImport::Plan plan = ConfigImport::plan(picked, m_scan.existing, false);
    // One small file, written atomically like the settings dialog does.
    const ConfigWriter::Result result = ConfigImport::write(m_target, plan);
    if (!result.ok) {
        QStringList lines;
        for (const ConfigIssue &issue : result.errors)
            lines.append(issue.toString());
        showProblem(tr("Nothing was written to %1:\n%2").arg(m_target, lines.join(u'\n')));
        return false;
    }
    QStringList written;
    for (const ConfigImport::Item &item : plan.items) {
        if (item.writes())
            written.append(item.name);
    }
    Q_EMIT configWritten(m_target, written);
    return true;
}

void ImportDialog::updateButtons()
{
    const bool any = !checkedServers().isEmpty();
    m_import->setEnabled(any && m_scan.targetError.isEmpty());
    const bool hasServers = !m_scan.found.servers.isEmpty();
    m_selectAll->setEnabled(hasServers);
    m_selectNone->setEnabled(hasServers);
}

void ImportDialog::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

} // namespace lifeline
