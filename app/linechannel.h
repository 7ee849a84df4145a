#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace lifeline {

// An MCP client's stdio as JSON-RPC lines: its stdin read line by line, lines written to its stdout
// without ever blocking on a non-blocking one (what does not fit waits for room), best-effort
// diagnostics on its stderr. Used by `mcp-lifeline connect` for its own stdio (ConnectBridge), and
// inside Lifeline for the descriptors a connect process handed over (LinePipe), which the channel
// then owns and closes.
// A line over kMaxLineBytes is dropped, all of it, with a JSON-RPC error (id null) to the client.
class LineChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LineChannel)
public:
    static constexpr qsizetype kMaxLineBytes = 1024 * 1024; // the status server's own limit per message
    // What may wait for a client that does not read its stdout (an 11 MB resource is a normal
    // answer); beyond it the client's output is given up: nothing more is kept for it.
    static constexpr qsizetype kMaxWaitingBytes = 256 * 1024 * 1024;

    struct Fds
    {
        int in = 0;
        int out = 1;
        int err = 2;
        bool owned = false; // closed with the channel
    };

    explicit LineChannel(Fds fds, QObject *parent = nullptr);
    ~LineChannel() override; // owned: what still waits is written if it fits now, then closed

    void start(); // reads from now on (again, after stopReading())
    void stopReading(); // for good: what stays in the pipe is for whoever reads it next
    // What was read of a line not yet whole: handed between the two sides of a hand-over.
    QByteArray pendingInput() const { return m_input; }
    void setPendingInput(const QByteArray &input) { m_input = input; }

    void write(QByteArray bytes);
    void setMaxWaitingBytes(qsizetype bytes) { m_maxWaiting = bytes; } // tests
    void diagnose(const QString &text); // "mcp-lifeline connect: …" on stderr, when it has room
    bool isDrained() const { return m_output.isEmpty(); }
    bool atEnd() const { return m_inputEnded; } // the input ended

Q_SIGNALS:
    void lineRead(const QByteArray &line); // without its newline; blank lines are skipped
    void inputEnded(); // after the last line (one without a newline at the end counts)
    void drained(); // what write() had to keep is written (or the reader is gone)

private:
    void read();
    void flush();

    Fds m_fds;
    QSocketNotifier *m_reader = nullptr;
    QSocketNotifier *m_writer = nullptr; // while m_output waits for room
    QByteArray m_input;
    QByteArray m_output;
    bool m_inputEnded = false;
    bool m_skipping = false; // in an overlong line: what comes is dropped up to its newline
    bool m_outputBroken = false; // the client closed its stdout (or never read it): lines go nowhere
    qsizetype m_maxWaiting = kMaxWaitingBytes;
};

} // namespace lifeline
