#pragma once

#include "alertchannel.h"

#include <QByteArray>
#include <QProcess>
#include <QTimer>

namespace lifeline {

// Runs the configured program once per alert: the alert's JSON (WebhookChannel's body) on stdin,
// then EOF; LIFELINE_ALERT_ID, _SEVERITY, _STATE, _SERVER, _RULE in its environment. Exit code 0 is
// a delivery; another code, a crash, a failure to start or the timeout (the process group is
// killed) is retried. The program runs in its own process group, which is killed when it exits,
// at the timeout and when the channel goes: nothing it started is left behind.
class CommandChannel final : public AlertChannel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandChannel)

public:
    explicit CommandChannel(const ChannelSettings &settings, QObject *parent = nullptr);
    ~CommandChannel() override;

    qint64 runningPid() const { return m_pid; } // 0 when no hook runs

protected:
    void deliver(const Alert &alert) override;

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void onTimeout();
    void readStderr();
    void killGroup();
    void finish(const std::optional<QString> &failure);

    QProcess *m_process = nullptr;
    qint64 m_pid = 0;
    QTimer m_timeout;
    bool m_timedOut = false;
    QByteArray m_stderr; // the tail, for the failure message
};

} // namespace lifeline
