#pragma once

#include "commandline.h"

#include <QObject>

namespace lifeline {

class AlertDispatcher;
class AlertManager;
class HistoryStore;
class Lifeline;
class MainWindow;
class StatusServer;
class ServerTableModel;
class TrayController;

// `mcp-lifeline` with a window: a view on the running program (Lifeline) — its snapshots feed the
// servers model on the GUI thread, the main window's actions go back to the engine, the tray shows
// what the alerts and events say.
class Dashboard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dashboard)
public:
    explicit Dashboard(const CommandLine &commandLine, QObject *parent = nullptr);
    ~Dashboard() override;

    int start(); // 0 when the window is up; 2 when the config or the history database cannot be used
    void stop();
    MainWindow *window() const { return m_window; }
    ServerTableModel *model() const { return m_model; }
    Lifeline *lifeline() const { return m_lifeline; }
    HistoryStore *history() const;
    AlertDispatcher *notifications() const;
    AlertManager *alerts() const; // on the engine thread
    StatusServer *statusServer() const; // null when off or when its address was in use
    QString statusServerProblem() const; // why it is not listening

private:
    void wireAlerts();
    void refreshHistoryStats();
    void openSettings();
    // File → Import servers…; on the first run (the demo because there is no config) the same
    // dialog comes up by itself when the user's other tools have servers.
    void openImport();
    void offerImport();
    void followConfigFile(const QString &path); // a dialog wrote the config at `path`

    CommandLine m_commandLine;
    Lifeline *m_lifeline = nullptr;
    ServerTableModel *m_model = nullptr;
    MainWindow *m_window = nullptr;
    TrayController *m_tray = nullptr;
};

} // namespace lifeline
