#include "settingsdialog.h"

#include "autostart.h"
#include "failovergroupseditor.h"
#include "settingsform.h"

#include <algorithm>

#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr int kMaxNameLength = 128; // the loader's limit

QString issueText(const ConfigIssue &issue)
{
    return issue.keyPath.isEmpty() ? issue.message : issue.keyPath + u": "_s + issue.message;
}

QString issuesText(const QList<ConfigIssue> &issues)
{
    QStringList lines;
    for (const ConfigIssue &issue : issues)
        lines.append(u"• "_s + issueText(issue));
    return lines.join(u'\n');
}

} // namespace

SettingsDialog::SettingsDialog(const QString &configPath, QWidget *parent)
    : SettingsDialog(configPath, SettingsFile::Access::system(), parent)
{ }

SettingsDialog::SettingsDialog(const QString &configPath, SettingsFile::Access access, QWidget *parent)
    : QDialog(parent)
    , m_path(configPath.isEmpty() || configPath.startsWith(u':') ? ConfigLoader::defaultConfigPath()
                                                                 : configPath)
    , m_access(std::move(access))
    , m_loadWatcher(new QFutureWatcher<SettingsFile::Snapshot>(this))
    , m_saveWatcher(new QFutureWatcher<SettingsFile::Saved>(this))
{
    setWindowTitle(tr("Settings"));
    resize(900, 680);
    auto *layout = new QVBoxLayout(this);

    m_banner = new QLabel(this);
    m_banner->setObjectName(u"banner"_s);
    m_banner->setWordWrap(true);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setMargin(6);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_banner);

    m_tabs = new QTabWidget(this);
    auto *serversPage = new QWidget(m_tabs);
    auto *body = new QHBoxLayout(serversPage);
    auto *left = new QVBoxLayout;
    m_list = new QListWidget(serversPage);
    m_list->setObjectName(u"servers"_s);
    m_list->setAccessibleName(tr("Defaults and servers"));
    m_list->setMaximumWidth(260);
    m_list->setIconSize(QSize(16, 16));
    left->addWidget(m_list);
    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add server…"), serversPage);
    m_rename = new QPushButton(tr("Rename…"), serversPage);
    m_rename->setToolTip(tr("Rename the selected server (its settings and failover group follow)"));
    m_remove = new QPushButton(tr("Remove"), serversPage);
    m_remove->setToolTip(tr("Remove the selected server from the config file"));
    buttons->addWidget(m_add);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_remove);
    left->addLayout(buttons);
    body->addLayout(left);
    m_pages = new QStackedWidget(serversPage);
    body->addWidget(m_pages, 1);
    m_tabs->addTab(serversPage, tr("Servers and thresholds"));
    m_groupsPage = new QWidget(m_tabs);
    auto *groupsLayout = new QVBoxLayout(m_groupsPage);
    groupsLayout->setContentsMargins(0, 0, 0, 0);
    m_tabs->addTab(m_groupsPage, tr("Failover groups"));
    layout->addWidget(m_tabs, 1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    layout->addWidget(m_problem);

    // Not a config key: the desktop's autostart entry, for this user on this machine.
    m_autostart = new QCheckBox(tr("Start MCP Lifeline when I log in"), this);
    m_autostart->setObjectName(u"autostart"_s);
    m_autostart->setToolTip(tr("Writes %1").arg(Autostart().filePath()));
    connect(m_autostart, &QCheckBox::toggled, this, &SettingsDialog::updateState);
    layout->addWidget(m_autostart);

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_pages->setCurrentIndex(row);
        updateState();
    });
    connect(m_add, &QPushButton::clicked, this, &SettingsDialog::askForNewServer);
    connect(m_remove, &QPushButton::clicked, this, &SettingsDialog::removeSelectedServer);
    connect(m_rename, &QPushButton::clicked, this, &SettingsDialog::renameSelectedServer);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(m_loadWatcher, &QFutureWatcherBase::finished, this, &SettingsDialog::loaded);
    connect(m_saveWatcher, &QFutureWatcherBase::finished, this, &SettingsDialog::saved);

    load();
}

void SettingsDialog::load()
{
    m_loading = true;
    m_banner->setText(tr("Loading %1…").arg(m_path));
    updateState();
    // By value only: the job may outlive the dialog.
    m_loadWatcher->setFuture(
        QtConcurrent::run([access = m_access, path = m_path] { return SettingsFile::load(access, path); }));
}

void SettingsDialog::loaded()
{
    const SettingsFile::Snapshot snapshot = m_loadWatcher->result();
    m_autostartWas = snapshot.autostartEnabled;
    m_autostart->setChecked(m_autostartWas);
    m_loading = false;
    showSnapshot(snapshot);
    Q_EMIT loadFinished();
}

void SettingsDialog::showSnapshot(const SettingsFile::Snapshot &snapshot)
{
    m_list->blockSignals(true);
    m_list->clear();
    m_list->blockSignals(false);
    while (m_pages->count() > 0) {
        QWidget *page = m_pages->widget(0);
        m_pages->removeWidget(page);
        delete page;
    }
    m_forms.clear();
    m_removed.clear();
    m_problem->hide();

    QStringList notes;
    m_creating = !snapshot.exists;
    m_readable = snapshot.openError.isEmpty();
    if (m_creating)
        notes.append(tr("There is no config file yet: Apply creates %1.").arg(m_path));
    else if (!m_readable)
        notes.append(tr("%1 cannot be opened: %2").arg(m_path, snapshot.openError));
    else
        notes.append(tr("Editing %1.").arg(m_path));

    if (m_readable && !snapshot.document) {
        m_readable = false;
        notes.append(
            tr("The file cannot be read, so nothing can be saved here. Fix it in an editor first:\n%1")
                .arg(snapshot.loaderErrors.isEmpty() ? snapshot.documentError
                                                     : issuesText(snapshot.loaderErrors)));
    }
    if (m_readable && snapshot.hasComments)
        notes.append(tr("This file has comments, which saving cannot keep; the current file is kept as %1.")
                         .arg(ConfigWriter::backupPathFor(m_path)));
    if (m_readable && !m_creating && !snapshot.loaderOk)
        notes.append(tr("The file has errors; they are marked below and must be fixed before saving:\n%1")
                         .arg(issuesText(snapshot.loaderErrors)));
    m_banner->setText(notes.join(u"\n\n"_s));

    const QJsonObject doc = snapshot.document.value_or(QJsonObject());
    const QJsonObject lifeline = doc.value(u"lifeline"_s).toObject();
    const QJsonObject overrides = lifeline.value(u"servers"_s).toObject();
    addPage(QString(), lifeline.value(u"defaults"_s).toObject(), {}, false);
    QStringList names;
    for (const QString &section : {u"mcpServers"_s, u"servers"_s}) {
        const QJsonObject entries = doc.value(section).toObject();
        for (auto it = entries.begin(); it != entries.end(); ++it) {
            if (!names.contains(it.key())) {
                names.append(it.key());
                addPage(it.key(), overrides.value(it.key()).toObject(), it.value().toObject(), false);
            }
        }
    }
    delete m_groups;
    m_groups = new FailoverGroupsEditor(lifeline.value(u"failover"_s).toObject(), m_groupsPage);
    m_groups->setObjectName(u"failoverGroups"_s);
    m_groupsPage->layout()->addWidget(m_groups);
    m_groups->setServers(serverNames());
    connect(m_groups, &FailoverGroupsEditor::edited, this, &SettingsDialog::updateState);
    m_groups->setEnabled(m_readable);
    for (SettingsForm *form : std::as_const(m_forms))
        form->setEnabled(m_readable);
    m_add->setEnabled(m_readable);
    m_list->setCurrentRow(0);
    updateState();
}

SettingsForm *SettingsDialog::addPage(
    const QString &server, const QJsonObject &settings, const QJsonObject &entry, bool isNew)
{
    auto *form = new SettingsForm(server, settings, entry, isNew);
    form->setObjectName(server.isEmpty() ? u"defaults"_s : u"server:"_s + server);
    if (!m_forms.isEmpty())
        form->setBase(m_forms.constFirst()->effective());
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(form);
    m_pages->addWidget(scroll);
    m_forms.append(form);
    connect(form, &SettingsForm::edited, this, &SettingsDialog::updateState);

    auto *item = new QListWidgetItem(server.isEmpty() ? tr("Defaults") : server);
    item->setData(Qt::UserRole, server);
    if (server.isEmpty()) {
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
    }
    m_list->blockSignals(true);
    m_list->addItem(item);
    m_list->blockSignals(false);
    return form;
}

void SettingsDialog::updateState()
{
    // Servers inherit what the defaults page says now, not what the file said.
    if (!m_forms.isEmpty()) {
        const MonitorSettings defaults = m_forms.constFirst()->effective();
        for (qsizetype i = 1; i < m_forms.size(); ++i)
            m_forms[i]->setBase(defaults);
    }
    for (int row = 0; row < m_list->count(); ++row) {
        const SettingsForm *f = m_forms.value(row);
        QListWidgetItem *item = m_list->item(row);
        if (!f || !item)
            continue;
        const bool ok = f->isValid();
        item->setIcon(ok ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setToolTip(ok ? QString() : f->errors().join(u'\n'));
    }
    if (m_groups) {
        m_groups->setServers(serverNames());
        m_tabs->setTabIcon(
            1, m_groups->isValid() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    // While saving, the fields wait too: the pages are rebuilt from the file as written, which
    // would drop anything typed meanwhile.
    const bool busy = m_loading || m_saving;
    m_tabs->setEnabled(!busy);
    m_autostart->setEnabled(!busy);
    const bool valid = !busy && m_readable && isValid();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_buttons->button(QDialogButtonBox::Apply)
        ->setEnabled(valid && (!edits().isEmpty() || m_autostart->isChecked() != m_autostartWas));
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(!m_saving);
    m_remove->setEnabled(m_readable && !selectedServer().isEmpty());
    m_rename->setEnabled(m_readable && !selectedServer().isEmpty());
}

QStringList SettingsDialog::serverNames() const
{
    QStringList names;
    for (const SettingsForm *f : m_forms) {
        if (!f->isDefaults())
            names.append(f->server());
    }
    return names;
}

void SettingsDialog::showProblem(const QString &text)
{
    m_problem->setStyleSheet(u"QLabel { color: #c0392b; }"_s);
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void SettingsDialog::showNote(const QString &text)
{
    m_problem->setStyleSheet(QString());
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

bool SettingsDialog::selectServer(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == name) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QString SettingsDialog::selectedServer() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

SettingsForm *SettingsDialog::form(const QString &server) const
{
    const auto it = std::find_if(
        m_forms.begin(), m_forms.end(), [&](const SettingsForm *f) { return f->server() == server; });
    return it == m_forms.end() ? nullptr : *it;
}

QString SettingsDialog::nameProblem(const QString &name) const
{
    if (name.trimmed().isEmpty())
        return tr("A server needs a name.");
    if (name.size() > kMaxNameLength)
        return tr("A server name can have at most %1 characters.").arg(kMaxNameLength);
    if (std::any_of(name.begin(), name.end(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return tr("A server name cannot contain control characters.");
    if (form(name))
        return tr("There already is a server named %1.").arg(name);
    return {};
}

bool SettingsDialog::addServer(const QString &name)
{
    if (!m_readable || !nameProblem(name).isEmpty())
        return false;
    addPage(name, {}, {}, true);
    m_list->setCurrentRow(m_list->count() - 1);
    updateState();
    return true;
}

void SettingsDialog::removeServer(const QString &name)
{
    SettingsForm *f = form(name);
    if (!f || name.isEmpty())
        return;
    const int row = int(m_forms.indexOf(f));
    // A page added and removed again never reached the file; one the file has is removed from it.
    if (!f->isNew() && !m_removed.contains(name))
        m_removed.append(name);
    m_forms.removeAt(row);
    QWidget *page = m_pages->widget(row);
    m_pages->removeWidget(page);
    delete page;
    delete m_list->takeItem(row);
    m_list->setCurrentRow(std::min(row, m_list->count() - 1));
    updateState();
}

bool SettingsDialog::renameServer(const QString &from, const QString &to)
{
    SettingsForm *f = form(from);
    if (!m_readable || !f || from.isEmpty() || from == to || !nameProblem(to).isEmpty())
        return false;
    f->rename(to);
    const int row = int(m_forms.indexOf(f));
    if (QListWidgetItem *item = m_list->item(row)) {
        item->setText(to);
        item->setData(Qt::UserRole, to);
    }
    f->setObjectName(u"server:"_s + to);
    m_groups->renameServer(from, to);
    updateState();
    return true;
}

void SettingsDialog::renameSelectedServer()
{
    const QString from = selectedServer();
    if (from.isEmpty())
        return;
    bool ok = false;
    const QString to = QInputDialog::getText(
        this, tr("Rename server"), tr("New name for %1:").arg(from), QLineEdit::Normal, from, &ok)
                           .trimmed();
    if (!ok || to == from)
        return;
    if (!renameServer(from, to))
        QMessageBox::warning(this, tr("Rename server"), nameProblem(to));
}

void SettingsDialog::askForNewServer()
{
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Add server"), tr("Name of the new server:"), QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    if (!addServer(name.trimmed()))
        QMessageBox::warning(this, tr("Add server"), nameProblem(name.trimmed()));
}

void SettingsDialog::removeSelectedServer()
{
    const QString name = selectedServer();
    if (name.isEmpty())
        return;
    const auto answer = QMessageBox::question(this, tr("Remove server"),
        tr("Remove %1 and its settings from the config file? Lifeline stops watching it when you apply.")
            .arg(name));
    if (answer == QMessageBox::Yes)
        removeServer(name);
}

bool SettingsDialog::isValid() const
{
    return (!m_groups || m_groups->isValid())
        && std::all_of(m_forms.begin(), m_forms.end(), [](const SettingsForm *f) { return f->isValid(); });
}

QList<ConfigWriter::Edit> SettingsDialog::edits() const
{
    QList<ConfigWriter::Edit> out;
    // Removals first: a server removed and added again under its name starts from nothing.
    for (const QString &name : m_removed)
        out.append(ConfigWriter::Edit::removeServer(name));
    for (const SettingsForm *f : m_forms)
        out.append(f->edits());
    // Last: groups may name servers added or renamed above.
    if (m_groups && m_groups->isModified()) {
        const QJsonValue failover = m_groups->value();
        out.append(failover.isUndefined() || failover.toObject().isEmpty()
                ? ConfigWriter::Edit::removeLifeline(u"failover"_s)
                : ConfigWriter::Edit::setLifeline(u"failover"_s, failover));
    }
    return out;
}

bool SettingsDialog::apply()
{
    if (m_loading || m_saving)
        return false;
    if (!m_readable || !isValid()) {
        showProblem(tr("Nothing was written: fix the fields marked in red first."));
        return false;
    }
    SettingsFile::SaveRequest request;
    request.path = m_path;
    request.edits = edits();
    if (m_autostart->isChecked() != m_autostartWas)
        request.autostart = m_autostart->isChecked();
    if (request.edits.isEmpty() && !request.autostart)
        return true;
    m_saving = true;
    m_autostartSaving = request.autostart;
    showNote(request.edits.isEmpty() ? tr("Saving…") : tr("Saving to %1…").arg(m_path));
    updateState();
    // By value only: the write goes on when the dialog is deleted meanwhile.
    m_saveWatcher->setFuture(
        QtConcurrent::run([access = m_access, request] { return SettingsFile::save(access, request); }));
    return true;
}

void SettingsDialog::saved()
{
    const SettingsFile::Saved saved = m_saveWatcher->result();
    m_saving = false;
    if (saved.autostartChanged && m_autostartSaving)
        m_autostartWas = *m_autostartSaving;
    m_autostartSaving.reset();
    bool ok = true;
    if (saved.autostartFailed) {
        ok = false;
        showProblem(tr("Starting at login could not be changed: %1").arg(saved.autostartError));
    } else if (saved.configTouched && !saved.result.ok) {
        ok = false;
        showProblem(tr("Nothing was written to %1:\n%2").arg(m_path, issuesText(saved.result.errors)));
    } else if (saved.configTouched) {
        const QString selected = selectedServer();
        showSnapshot(saved.snapshot);
        selectServer(selected);
        QString note = saved.result.backupPath.isEmpty()
            ? tr("Saved to %1.").arg(m_path)
            : tr("Saved to %1; the previous version is in %2.").arg(m_path, saved.result.backupPath);
        if (saved.result.droppedComments)
            note += u' ' + tr("Its comments could not be kept.");
        showNote(note);
        Q_EMIT configWritten(m_path);
    } else {
        showNote(QString());
    }
    updateState();
    Q_EMIT saveFinished(ok);

    const std::optional<int> close = std::exchange(m_closeAfterSave, std::nullopt);
    if (close && ok)
        QDialog::done(*close);
    else if (close && isHidden())
        show(); // closed while saving, and the edits did not reach the file: not lost silently
}

void SettingsDialog::accept()
{
    if (!apply())
        return;
    if (m_saving)
        m_closeAfterSave = QDialog::Accepted; // OK closes once the file holds the edits
    else
        QDialog::accept();
}

void SettingsDialog::done(int result)
{
    if (!m_saving) {
        QDialog::done(result);
        return;
    }
    // Not QDialog::done(): with WA_DeleteOnClose that deletes the dialog, and with it the
    // configWritten the app needs to follow a file the write creates.
    m_closeAfterSave = result;
    setResult(result);
    hide();
}

void SettingsDialog::closeEvent(QCloseEvent *event)
{
    if (!m_saving) {
        QDialog::closeEvent(event);
        return;
    }
    event->ignore(); // an accepted close would delete a WA_DeleteOnClose dialog right away
    done(QDialog::Rejected);
}

} // namespace lifeline
