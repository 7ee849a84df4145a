#pragma once

#include "commandline.h"
#include "configwatcher.h"

#include <QObject>

namespace lifeline {

class AlertDispatcher;
class AlertManager;

class EngineThread;
class HistoryStore;
class LogFile;
class MainWindow;
class StatusServer;
class ServerTableModel;
class TrayController;

// `mcp-lifeline` with a window: the same engine as headless mode, its snapshots feeding the
// servers model on the GUI thread, the main window's actions sent back to the engine.
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
    HistoryStore *history() const { return m_history; }
    AlertDispatcher *notifications() const { return m_notify; }
    AlertManager *alerts() const { return m_alerts; }
    // The status server (HTTP API, /metrics, /ws); null when off or when its address was in use.
    // Its url() and token().value() are what the window should show (the lead wires a label).
    StatusServer *statusServer() const { return m_status; }
    QString statusServerProblem() const { return m_statusProblem; } // why it is not listening

private:
    void applyChannels(const Config &config);
    void refreshHistoryStats();
    void openSettings();
    // File → Import servers…; on the first run (the demo because there is no config) the same
    // dialog comes up by itself when the user's other tools have servers.
    void openImport();
    void offerImport();
    void followConfigFile(const QString &path); // a dialog wrote the config at `path`
    void startStatusServer(const Config &config);

    ConfigWatcher m_config;
    CommandLine m_commandLine;
    EngineThread *m_engine = nullptr;
    HistoryStore *m_history = nullptr;
    ServerTableModel *m_model = nullptr;
    MainWindow *m_window = nullptr;
    TrayController *m_tray = nullptr;
    AlertDispatcher *m_notify = nullptr;
    AlertManager *m_alerts = nullptr;
    LogFile *m_log = nullptr; // the JSON-lines log file (lifeline.log)
    StatusServer *m_status = nullptr;
    QString m_statusProblem;
};

} // namespace lifeline
