#pragma once

#include "commandline.h"
#include "configwatcher.h"

#include "store/databasetarget.h"

#include <QJsonObject>
#include <QObject>

namespace lifeline {

class AlertDispatcher;
class AlertManager;
class EngineThread;
class HistoryStore;
class LogFile;
class StatusServer;
struct HealthEvent;

// The running program, after Strawberry's `Application`: builds the engine, the history, the
// alerts, the alert channels, the log file and the status server once, applies each config to all
// of them once, and stops them in order. The window (Dashboard) and headless mode (HeadlessRunner)
// are views on it: they add what they show and the actions they send, nothing of their own to run.
//
// Threads: the engine and the alert manager run on the engine thread (the alerts are fed only by
// the engine's signals), the history on its own, the status server on its own; this object and the
// channels on the caller's (the GUI thread in the window).
class Lifeline final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Lifeline)
public:
    enum class Mode { Window, Headless };
    struct Options
    {
        Mode mode = Mode::Headless;
        // Headless mode drops tray channels. A window with a tray drops the default desktop channel:
        // the tray balloon already goes to the desktop's notification service, a desktop channel
        // too would show every alert twice.
        bool trayAvailable = false;
    };

    Lifeline(const CommandLine &commandLine, const Options &options, QObject *parent = nullptr);
    ~Lifeline() override; // stop()

    // Loads the config and builds everything, servers not started yet, so that a view can connect
    // first. 0, or 2 when the config, the --db target or the history cannot be used (another
    // Lifeline holds it); startProblem() says why, and it is on stderr too. Any other history
    // problem leaves monitoring running: historyProblem() and a {"event":"history"} line.
    int start();
    // Starts the servers with the config, then the {"event":"lifeline","status":"started"} line.
    void run();
    void stop(); // status server, alerts, engine (ends every server process), history, log: in order
    void reload(); // SIGHUP: read the config file again

    QString startProblem() const { return m_startProblem; }
    QString historyProblem() const { return m_historyProblem; }
    QString statusProblem() const { return m_statusProblem; } // why the status server is not listening
    ConfigWatcher &config() { return m_config; }
    const Config &currentConfig() const { return m_config.config(); }
    EngineThread *engine() const { return m_engine; }
    HistoryStore *history() const { return m_history; }
    AlertManager *alerts() const { return m_alerts; } // lives on the engine thread: connect, or post to it
    AlertDispatcher *notifications() const { return m_notify; }
    StatusServer *statusServer() const { return m_status; } // null when off or its address was in use
    LogFile *log() const { return m_log; }

    // A line of the JSON-lines log (lifeline.log): written to the file, then lineRecorded().
    void record(const QJsonObject &line);
    // Calls `apply` on the alert manager's thread (acknowledge, silence …): the caller never waits.
    void postToAlerts(std::function<void(AlertManager *)> apply);

Q_SIGNALS:
    // Each on this object's thread.
    void lineRecorded(const QByteArray &line); // a record()ed line, "\n"-terminated
    // A health event (state, restart, failover, circuit …) or an alert event, in the order they
    // happened; each is in the log file already.
    void eventOccurred(const lifeline::HealthEvent &event);
    void configApplied(const lifeline::Config &config); // a reload that every part now runs with
    void configRejected(const QList<lifeline::ConfigIssue> &errors); // the last good config stays
    void historySavingChanged(bool saving, const QString &message);

private:
    void applyConfig(const Config &config);
    QList<ChannelSettings> channelsFor(const Config &config) const;
    void startStatusServer(const Config &config);
    QJsonObject line(QLatin1StringView event, QLatin1StringView status) const;
    void fail(const QString &problem);

    CommandLine m_commandLine;
    Options m_options;
    ConfigWatcher m_config;
    DatabaseTarget m_target;
    EngineThread *m_engine = nullptr;
    HistoryStore *m_history = nullptr;
    AlertManager *m_alerts = nullptr; // on the engine thread, deleted there
    AlertDispatcher *m_notify = nullptr;
    LogFile *m_log = nullptr;
    StatusServer *m_status = nullptr;
    QString m_connectSocket; // where connect hands its client over; empty: it relays over HTTP
    QString m_startProblem;
    QString m_historyProblem;
    QString m_statusProblem;
    bool m_running = false;
};

} // namespace lifeline
