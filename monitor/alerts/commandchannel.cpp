#include "commandchannel.h"

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

#include <QJsonDocument>

#include "config/duration.h"
#include "webhookchannel.h"

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {
constexpr qsizetype kStderrTail = 2048;
}

CommandChannel::CommandChannel(const ChannelSettings &settings, QObject *parent)
    : AlertChannel(settings, parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &CommandChannel::onTimeout);
}

CommandChannel::~CommandChannel()
{
    if (m_process) {
        m_process->disconnect(this);
        killGroup();
        // SIGKILL cannot be ignored: the wait is for the kernel to reap it, not for the hook.
        m_process->waitForFinished(1000);
    }
}

void CommandChannel::deliver(const Alert &alert)
{
    m_timedOut = false;
    m_stderr.clear();
    m_process = new QProcess(this);
    m_process->setProgram(settings().command);
    m_process->setArguments(settings().args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LIFELINE_ALERT_ID"_s, alert.id);
    env.insert(u"LIFELINE_ALERT_SEVERITY"_s, severityName(alert.severity));
    env.insert(u"LIFELINE_ALERT_STATE"_s, alertStateName(alert.state));
    env.insert(u"LIFELINE_ALERT_SERVER"_s, alert.server);
    env.insert(u"LIFELINE_ALERT_RULE"_s, alert.rule);
    m_process->setProcessEnvironment(env);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setChildProcessModifier([] {
        // Its own process group: the hook and whatever it starts can be killed as one.
        ::setpgid(0, 0);
        // If Lifeline dies without cleaning up, the kernel ends the hook too.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    connect(m_process, &QProcess::started, this, [this] { m_pid = m_process->processId(); });
    connect(m_process, &QProcess::readyReadStandardError, this, &CommandChannel::readStderr);
    connect(m_process, &QProcess::finished, this, &CommandChannel::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &CommandChannel::onError);
    m_timeout.start(settings().timeoutMs);
    m_process->start();
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return; // failed to start: reported (or about to be) by errorOccurred
    m_pid = m_process->processId();
    // QProcess writes when the pipe takes it, and closes stdin after the last byte.
    m_process->write(WebhookChannel::payload(ChannelSettings {}, alert));
    m_process->closeWriteChannel();
}

void CommandChannel::readStderr()
{
    if (!m_process)
        return;
    m_stderr.append(m_process->readAllStandardError());
    if (m_stderr.size() > kStderrTail)
        m_stderr = m_stderr.right(kStderrTail);
}

void CommandChannel::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readStderr();
    killGroup(); // the leader is gone; what it started in its group goes with it
    if (m_timedOut) {
        finish(tr("%1 did not finish within %2 and was killed")
                   .arg(settings().command, formatDuration(settings().timeoutMs)));
        return;
    }
    if (status == QProcess::NormalExit && exitCode == 0) {
        finish(std::nullopt);
        return;
    }
    QString message = status == QProcess::CrashExit
        ? tr("%1 crashed").arg(settings().command)
        : tr("%1 exited with code %2").arg(settings().command).arg(exitCode);
    const QString lastLine = QString::fromUtf8(m_stderr).trimmed().split(u'\n').constLast().trimmed();
    if (!lastLine.isEmpty())
        message += tr("; stderr: %1").arg(lastLine.left(200));
    finish(message);
}

void CommandChannel::onError(QProcess::ProcessError error)
{
    // Other errors end in finished(); a program that never started does not.
    if (error == QProcess::FailedToStart)
        finish(tr("cannot start %1: %2").arg(settings().command, m_process->errorString()));
}

void CommandChannel::onTimeout()
{
    if (!m_process)
        return;
    m_timedOut = true;
    killGroup(); // finished() follows and reports it
}

void CommandChannel::killGroup()
{
    // Only the group this channel started: its leader's PID, never a name.
    if (m_pid > 0 && ::kill(pid_t(-m_pid), SIGKILL) != 0 && m_process)
        m_process->kill(); // killed before it made its group: the process alone
}

void CommandChannel::finish(const std::optional<QString> &failure)
{
    m_timeout.stop();
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_pid = 0;
    if (failure)
        attemptFailed(*failure);
    else
        attemptSucceeded();
}

} // namespace lifeline
