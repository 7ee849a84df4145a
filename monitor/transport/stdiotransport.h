#pragma once

#include "config/serverconfig.h"
#include "protocol/lineframer.h"
#include "transport.h"

#include <QPointer>
#include <QProcess>
#include <QStringList>

class QSocketNotifier;
class QTimer;

namespace lifeline {

// A child process speaking newline-delimited JSON. It runs in a process group of its own so that
// wrappers (npx, uvx, shell scripts) and whatever they start are stopped together.
class StdioTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StdioTransport)
public:
    explicit StdioTransport(const ServerConfig &config, QObject *parent = nullptr);
    ~StdioTransport() override;

    void open() override;
    void send(const QByteArray &message, const QJsonValue &requestId = QJsonValue::Undefined) override;
    void close() override;
    void terminate() override;
    bool isOpen() const override;
    QString describe() const override;
    qint64 processId() const override { return m_pid; }
    QStringList stderrTail() const override { return m_stderrLines; }

    void setMaxMessageBytes(qsizetype bytes) { m_framer = LineFramer(bytes); }
    void setStopGraceMs(int ms) { m_graceMs = ms; }

    static QString signalName(int signal); // "SIGKILL"
    static constexpr int kStderrLines = 200;
    static constexpr int kStderrLineBytes = 4096;

private:
    qsizetype readStdout(); // bytes read; 0 at EOF or when nothing was there
    void drainStdout();
    void flushStdin();
    void closeStdin();
    void closeStdout();
    void readStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void signalGroup(int signal);
    void appendStderrLine(const QByteArray &line);
    void failUndelivered();

    ServerConfig m_config;
    QProcess *m_process = nullptr;
    int m_stdinFd = -1;
    int m_stdoutFd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_stdinBuffer;
    QList<QJsonValue> m_undelivered; // requests written to a stdin nobody reads any more
    QTimer *m_stopTimer = nullptr;
    LineFramer m_framer;
    QByteArray m_stderrPartial;
    QStringList m_stderrLines;
    qint64 m_pid = 0;
    int m_graceMs = 2000;
    int m_stopStage = 0;
    bool m_closing = false;
    bool m_dead = false;
};

} // namespace lifeline
