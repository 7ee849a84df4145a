#pragma once

#include "config/configimport.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace lifeline {

// "Import servers": the MCP servers found in the user's other tools (Claude Desktop, Claude Code,
// Cursor, VS Code, mcp-hub), grouped by where they were found, each with a checkbox. Import adds
// the checked ones to Lifeline's config through ConfigImport (the files they came from are never
// changed) and says so with configWritten(). On the first run (no config yet) it also offers to
// keep the demo.
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)
public:
    enum class Mode { FirstRun, Menu };
    enum class Column { Server, Transport, Target, Note };

    // `targetPath`: the Lifeline config the servers are added to (created when missing).
    explicit ImportDialog(const QString &targetPath, Mode mode, QWidget *parent = nullptr);

    // Looks for servers on a worker thread; the list fills when it is done (scanFinished()).
    void discover(const ConfigDiscovery::Locations &locations);
    // Shows a scan made already (the first run scans before it decides to ask); `locations` are
    // where it looked (the Project folder… button looks again with a project added).
    void setScan(const ConfigImport::Scan &scan, const ConfigDiscovery::Locations &locations = {});
    // Looks again, with this project's .mcp.json, .cursor/mcp.json and .vscode/mcp.json too.
    void addProject(const QString &dir);

    QString targetPath() const { return m_target; }
    QTreeWidget *serverList() const { return m_list; }
    QStringList checkedServers() const; // names as they will be in the config
    bool setChecked(const QString &name, bool on); // false: no such (checkable) server
    void setAllChecked(bool on);
    // Writes the checked servers; false (the reason shown in the dialog) when nothing was written.
    bool importChecked();

Q_SIGNALS:
    void scanFinished();
    void configWritten(const QString &path, const QStringList &servers);
    void demoChosen(); // first run: the user keeps the demo

private:
    QTreeWidgetItem *serverItem(const QString &name) const;
    void syncGroup(QTreeWidgetItem *group); // its checkbox from its servers'
    void updateButtons();
    void showProblem(const QString &text);

    QString m_target;
    Mode m_mode;
    ConfigImport::Scan m_scan;
    QLabel *m_intro;
    QTreeWidget *m_list;
    QLabel *m_problem;
    QPushButton *m_selectAll;
    QPushButton *m_selectNone;
    QPushButton *m_project;
    ConfigDiscovery::Locations m_locations;
    QDialogButtonBox *m_buttons;
    QPushButton *m_import;
    bool m_syncing = false; // a group and its servers are being brought in line
};

} // namespace lifeline
