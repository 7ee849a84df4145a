#pragma once

#include "config/serverconfig.h"

#include <QByteArray>
#include <QFile>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace lifeline {

struct HealthEvent;

// The JSON-lines log: the same objects as the headless stdout lines, appended to
// $XDG_STATE_HOME/mcp-lifeline/logs/lifeline.log with size-based rotation (lifeline.log.1 … .N-1),
// so that it never holds more than `files × maxSize` bytes however long Lifeline runs.
//
// append() only copies the line into a bounded buffer under a mutex and wakes the log's own
// thread ("lifeline-log"), which does every disk operation: a slow or full disk never blocks the
// caller (the GUI thread). When the disk falls more than 4 MiB behind, lines are dropped and
// counted, and a {"event":"log","status":"dropped","lines":N} line says so once it catches up.
class LogFile final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFile)
public:
    static constexpr qint64 kMaxPendingBytes = 4 * 1024 * 1024;

    explicit LogFile(QObject *parent = nullptr);
    ~LogFile() override; // writes what waits, then closes the file

    // $XDG_STATE_HOME/mcp-lifeline/logs, else ~/.local/state/mcp-lifeline/logs (Qt 6.4 has no
    // QStandardPaths location for XDG_STATE_HOME).
    static QString defaultDirectory();

    // Both take effect for the lines appended after the call.
    void setDirectory(const QString &directory);
    void applySettings(const LogSettings &settings);

    QString filePath() const; // the live file: <directory>/lifeline.log
    bool isEnabled() const { return m_enabled.load(); }

    // Thread-safe and cheap. `line` is one JSON object; a missing final newline is added.
    void append(const QByteArray &line);
    void appendJson(const QJsonObject &object);
    void writeEvent(const HealthEvent &event);

    // Waits until every line appended so far is written (shutdown, tests).
    void flush();

Q_SIGNALS:
    // The log cannot be written (the message names the file); once per run of failures.
    void writeFailed(const QString &message);

private:
    // The log thread's side: only drain() and what it calls touch the file.
    void drain();
    void writeChunk(const QByteArray &chunk);
    bool ensureOpen();
    void rotate();
    void fail(const QString &message);

    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread: the target of queued work

    mutable QMutex m_mutex; // guards the four members below
    QByteArray m_pending;
    qint64 m_dropped = 0;
    bool m_drainQueued = false;
    QString m_directory;
    std::atomic<bool> m_enabled {true};

    // Log thread only.
    LogSettings m_settings;
    QString m_openDirectory;
    std::unique_ptr<QFile> m_file;
    qint64 m_size = 0;
    bool m_failing = false;
};

} // namespace lifeline
