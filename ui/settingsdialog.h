#pragma once

#include "config/configwriter.h"
#include "settingsfile.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace lifeline {

class FailoverGroupsEditor;
class SettingsForm;

// Thresholds and servers, edited in the config file itself: "Defaults" and each server on the
// left, its settings on the right. Apply/OK writes the file through ConfigWriter (only what was
// changed; a backup in <file>.bak); the running Lifeline follows the file as it follows any edit.
// With no file yet (or the built-in demo in use) the first Apply creates the user's config at
// ConfigLoader::defaultConfigPath().
// The GUI thread never touches the files: the dialog opens at once ("Loading…", fields disabled)
// while a worker reads the file, and Apply/OK hand the edits to a worker that writes them.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    // `configPath`: the file in use; empty or a ":/" resource (the demo) for none.
    explicit SettingsDialog(const QString &configPath, QWidget *parent = nullptr);
    // `access`: how the files are read and written (the tests wrap SettingsFile::Access::system()).
    SettingsDialog(const QString &configPath, SettingsFile::Access access, QWidget *parent = nullptr);

    QString configPath() const { return m_path; } // the file Apply writes
    bool createsFile() const { return m_creating; } // no file there yet: Apply creates it
    bool isLoading() const { return m_loading; } // the file is being read: no pages yet
    bool isSaving() const { return m_saving; }

    // Empty for the defaults; false when there is no such server.
    bool selectServer(const QString &name);
    QString selectedServer() const;
    SettingsForm *form(const QString &server) const; // empty name: the defaults' form
    // A new server (its settings are filled in on its page); false when the name cannot be used.
    bool addServer(const QString &name);
    void removeServer(const QString &name);
    // Renames a server everywhere the file names it (its entry, its settings, its group); false
    // when the new name cannot be used.
    bool renameServer(const QString &from, const QString &to);
    FailoverGroupsEditor *groupsEditor() const { return m_groups; }

    bool isValid() const; // every field of every page
    QList<ConfigWriter::Edit> edits() const;
    // Starts writing the edits (saveFinished follows; nothing to write: done at once); false, the
    // reason shown in the dialog, when they cannot be written.
    bool apply();
    void accept() override; // OK: apply, and close only once that worked
    // Closing while a write is in flight hides the dialog and closes it when the write is done (so
    // configWritten still reaches the app); a failed write shows the dialog again, edits intact.
    void done(int result) override;

Q_SIGNALS:
    void configWritten(const QString &path); // the file now holds the dialog's settings
    void loadFinished(); // the file was read (or could not be: the banner says why)
    void saveFinished(bool ok); // after an apply() that had something to write

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void load();
    void showSnapshot(const SettingsFile::Snapshot &snapshot);
    void loaded();
    void saved();
    SettingsForm *addPage(
        const QString &server, const QJsonObject &settings, const QJsonObject &entry, bool isNew);
    void updateState();
    void showProblem(const QString &text);
    void showNote(const QString &text);
    QString nameProblem(const QString &name) const;
    void askForNewServer();
    void removeSelectedServer();
    void renameSelectedServer();
    QStringList serverNames() const;

    QString m_path;
    SettingsFile::Access m_access;
    // Children of the dialog: deleting it drops the results, the jobs (which hold no pointer to
    // the dialog) run to the end on their own.
    QFutureWatcher<SettingsFile::Snapshot> *m_loadWatcher;
    QFutureWatcher<SettingsFile::Saved> *m_saveWatcher;
    bool m_loading = false;
    bool m_saving = false;
    std::optional<bool> m_autostartSaving; // what the write in flight sets autostart to
    std::optional<int> m_closeAfterSave; // the result of a close asked for while saving
    bool m_creating = false;
    bool m_readable = true;
    QStringList m_removed; // servers the file has that Apply removes
    QList<SettingsForm *> m_forms;

    QLabel *m_banner;
    QListWidget *m_list;
    QStackedWidget *m_pages;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_rename;
    QTabWidget *m_tabs;
    QCheckBox *m_autostart;
    bool m_autostartWas = false;
    FailoverGroupsEditor *m_groups = nullptr;
    QWidget *m_groupsPage;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace lifeline
