#include "stdiotransport.h"

#include "protocol/jsonrpc.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTimer>

#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

StdioTransport::StdioTransport(const ServerConfig &config, QObject *parent)
    : Transport(parent)
    , m_config(config)
{
}

StdioTransport::~StdioTransport()
{
    terminate();
}

QString StdioTransport::signalName(int signal)
{
    if (const char *abbrev = sigabbrev_np(signal))
        return u"SIG"_s + QString::fromLatin1(abbrev);
    return u"signal %1"_s.arg(signal);
}

void StdioTransport::open()
{
    Q_ASSERT(!m_process);
    m_process = new QProcess(this);
    m_process->setProgram(m_config.command);
    m_process->setArguments(m_config.args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[key, value] : m_config.env)
        env.insert(key, value);
    m_process->setProcessEnvironment(env);
    if (!m_config.cwd.isEmpty())
        m_process->setWorkingDirectory(m_config.cwd);
    m_process->setChildProcessModifier([] {
        // Own session and process group: the whole tree can be signalled as one.
        ::setsid();
        // If Lifeline dies without cleaning up, the kernel ends the server too.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    connect(m_process, &QProcess::started, this, [this] {
        m_pid = m_process->processId();
        Q_EMIT opened();
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &StdioTransport::readStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &StdioTransport::readStderr);
    connect(m_process, &QProcess::finished, this, &StdioTransport::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &StdioTransport::onError);
    m_process->start(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void StdioTransport::send(const QJsonObject &message)
{
    if (!isOpen())
        return;
    QByteArray bytes = jsonrpc::encode(message);
    bytes.append('\n');
    m_process->write(bytes);
}

bool StdioTransport::isOpen() const
{
    return m_process && m_process->state() == QProcess::Running && !m_dead && !m_closing;
}

QString StdioTransport::describe() const
{
    const QString program = QFileInfo(m_config.command).fileName();
    return m_pid ? u"%1 (pid %2)"_s.arg(program).arg(m_pid) : program;
}

void StdioTransport::readStdout()
{
    const LineFramer::Output out = m_framer.feed(m_process->readAllStandardOutput());
    for (const QByteArray &line : out.lines) {
        const jsonrpc::Parsed parsed = jsonrpc::parse(line);
        if (!parsed.error.isEmpty()) {
            Q_EMIT protocolViolation(Failure::make(FailureType::ProtocolError, u"stdout: "_s + parsed.error));
            continue;
        }
        for (const QJsonObject &object : parsed.objects)
            Q_EMIT messageReceived(object);
        if (!m_process)
            return; // a handler closed us
    }
    if (out.oversizedLines > 0) {
        Q_EMIT protocolViolation(Failure::make(
            FailureType::ProtocolError,
            u"stdout: message longer than %1 MiB dropped"_s.arg(double(m_framer.maxLineBytes()) / (1024 * 1024))));
    }
}

void StdioTransport::appendStderrLine(const QByteArray &line)
{
    QString text = QString::fromUtf8(line.left(kStderrLineBytes));
    if (line.size() > kStderrLineBytes)
        text += u"…"_s;
    m_stderrLines.append(text);
    if (m_stderrLines.size() > kStderrLines)
        m_stderrLines.removeFirst();
}

void StdioTransport::readStderr()
{
    // Keep only the tail: a chatty server must not grow our memory.
    const QByteArray chunk = m_process->readAllStandardError();
    qsizetype pos = 0;
    while (pos < chunk.size()) {
        const qsizetype nl = chunk.indexOf('\n', pos);
        if (nl < 0) {
            m_stderrPartial.append(chunk.mid(pos, kStderrLineBytes + 1 - m_stderrPartial.size()));
            if (m_stderrPartial.size() > kStderrLineBytes) {
                appendStderrLine(m_stderrPartial);
                m_stderrPartial.clear();
            }
            break;
        }
        m_stderrPartial.append(chunk.mid(pos, qMin<qsizetype>(nl - pos, kStderrLineBytes + 1)));
        appendStderrLine(m_stderrPartial);
        m_stderrPartial.clear();
        pos = nl + 1;
    }
}

void StdioTransport::signalGroup(int signal)
{
    if (m_pid > 0)
        ::kill(pid_t(-m_pid), signal);
}

void StdioTransport::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    readStdout();
    readStderr();
    if (!m_stderrPartial.isEmpty()) {
        appendStderrLine(m_stderrPartial);
        m_stderrPartial.clear();
    }
    // The leader is gone; whatever it started in its group goes with it.
    signalGroup(SIGKILL);
    if (m_stopTimer)
        m_stopTimer->stop();
    const bool wasClosing = m_closing;
    m_dead = true;
    if (wasClosing) {
        Q_EMIT closed();
        return;
    }
    Failure f;
    f.type = FailureType::ProcessExit;
    f.detail = status == QProcess::CrashExit ? u"killed by %1"_s.arg(signalName(exitCode))
                                             : u"exited with code %1"_s.arg(exitCode);
    if (!m_stderrLines.isEmpty())
        f.detail += u"; last stderr: "_s + m_stderrLines.constLast().left(200);
    Q_EMIT transportFailed(f);
}

void StdioTransport::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_dead)
        return;
    m_dead = true;
    Q_EMIT transportFailed(Failure::make(FailureType::ConnectionError,
                                         u"cannot start '%1': %2"_s.arg(m_config.command, m_process->errorString())));
}

void StdioTransport::close()
{
    if (!m_process || m_dead || m_process->state() == QProcess::NotRunning) {
        m_dead = true;
        QTimer::singleShot(0, this, &Transport::closed);
        return;
    }
    if (m_closing)
        return;
    m_closing = true;
    // The spec's order: close stdin and let it exit, then SIGTERM, then SIGKILL.
    m_process->closeWriteChannel();
    m_stopTimer = new QTimer(this);
    m_stopTimer->setSingleShot(true);
    connect(m_stopTimer, &QTimer::timeout, this, [this] {
        ++m_stopStage;
        signalGroup(m_stopStage == 1 ? SIGTERM : SIGKILL);
        if (m_stopStage == 1)
            m_stopTimer->start(m_graceMs);
    });
    m_stopTimer->start(m_graceMs);
}

void StdioTransport::terminate()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        if (!m_closing)
            m_process->closeWriteChannel();
        signalGroup(SIGTERM);
        if (!m_process->waitForFinished(300)) {
            signalGroup(SIGKILL);
            m_process->waitForFinished(2000);
        }
    }
    signalGroup(SIGKILL);
    m_dead = true;
    delete m_process;
    m_process = nullptr;
}

} // namespace lifeline
