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
class StatusServer;
struct HealthEvent;

// `mcp-lifeline --headless`: the engine without a window. Every event is one JSON line on stdout;
// human-readable problems go to stderr. The config file is watched and re-applied live (the last
// good config stays in force when an edit breaks it). SIGINT/SIGTERM end it cleanly, SIGHUP reloads.
class HeadlessRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRunner)
public:
    explicit HeadlessRunner(const CommandLine &commandLine, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    // 0 when running; 2 when the config cannot be used or another Lifeline holds the history
    // database (the message is on stderr). Any other history problem leaves monitoring running
    // and is reported as a {"event":"history","status":"error"} line.
    int start();
    void stop();
    void reload();

private:
    void writeLine(const QJsonObject &object);
    void writeEvent(const HealthEvent &event);
    QString startStatusServer(const Config &config); // the address it listens on, empty when not
    void applyChannels(const Config &config);

    CommandLine m_commandLine;
    ConfigWatcher m_config;
    EngineThread *m_engine = nullptr;
    HistoryStore *m_history = nullptr;
    LogFile *m_log = nullptr; // the JSON-lines log file (lifeline.log)
    AlertManager *m_alerts = nullptr; // on this thread: it only computes, fed by queued signals
    AlertDispatcher *m_notify = nullptr; // the alert channels (never the tray here)
    StatusServer *m_status = nullptr;
};

} // namespace lifeline
