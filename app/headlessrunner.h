#pragma once

#include "lifeline.h"

#include <QObject>

namespace lifeline {

// `mcp-lifeline --headless`: the program (Lifeline) without a window. Every event and every line
// of the log is one JSON line on stdout (and on stderr with --log-stderr); human-readable problems
// go to stderr. The config file is watched and re-applied live (the last good config stays in force
// when an edit breaks it). SIGINT/SIGTERM end it cleanly, SIGHUP reloads.
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
    Lifeline &lifeline() { return m_lifeline; }

private:
    void write(const QByteArray &line);

    bool m_logStderr = false;
    Lifeline m_lifeline;
};

} // namespace lifeline
