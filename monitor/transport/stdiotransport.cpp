#include "stdiotransport.h"

#include "protocol/jsonrpc.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

StdioTransport::StdioTransport(const ServerConfig &config, QObject *parent)
    : Transport(parent)
    , m_config(config)
{ }

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
    // stdin and stdout are our own pipes (not QProcess's): a request is written at once, without
    // waiting for another event-loop pass, and an answer is read straight into the framer.
    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
        for (int fd : {in[0], in[1], out[0], out[1]})
            if (fd >= 0)
                ::close(fd);
        m_dead = true;
        QTimer::singleShot(0, this, [this] {
            Q_EMIT transportFailed(Failure::make(FailureType::ConnectionError,
                u"cannot create pipes: %1"_s.arg(QString::fromLocal8Bit(strerror(errno)))));
        });
        return;
    }
    m_stdinFd = in[1];
    m_stdoutFd = out[0];
    ::fcntl(m_stdinFd, F_SETFL, O_NONBLOCK);
    ::fcntl(m_stdoutFd, F_SETFL, O_NONBLOCK);
    const int childIn = in[0];
    const int childOut = out[1];

    m_process = new QProcess(this);
    m_process->setProgram(m_config.command);
    m_process->setArguments(m_config.args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (env.contains(u"LIFELINE_SET_QT_NO_GLIB"_s)) { // Lifeline's own setting, not the user's
        env.remove(u"QT_NO_GLIB"_s);
        env.remove(u"LIFELINE_SET_QT_NO_GLIB"_s);
    }
    for (const auto &[key, value] : m_config.env)
        env.insert(key, value);
    m_process->setProcessEnvironment(env);
    if (!m_config.cwd.isEmpty())
        m_process->setWorkingDirectory(m_config.cwd);
    // QProcess keeps stderr and the process's life; fds 0 and 1 are replaced in the child.
    m_process->setInputChannelMode(QProcess::ForwardedInputChannel);
    m_process->setProcessChannelMode(QProcess::ForwardedOutputChannel);
    m_process->setChildProcessModifier([childIn, childOut] {
        // Own session and process group: the whole tree can be signalled as one.
        ::setsid();
        // If Lifeline dies without cleaning up, the kernel ends the server too.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::dup2(childIn, STDIN_FILENO); // dup2 clears close-on-exec on the copies
        ::dup2(childOut, STDOUT_FILENO);
    });
    connect(m_process, &QProcess::started, this, [this] {
        m_pid = m_process->processId();
        Q_EMIT opened();
    });
    connect(m_process, &QProcess::readyReadStandardError, this, &StdioTransport::readStderr);
    connect(m_process, &QProcess::finished, this, &StdioTransport::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &StdioTransport::onError);
    m_readNotifier = new QSocketNotifier(m_stdoutFd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { readStdout(); });
    m_writeNotifier = new QSocketNotifier(m_stdinFd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &StdioTransport::flushStdin);
    m_process->start(QIODevice::ReadOnly);
    // The child has its copies now (or failed to start): ours of its ends must go, or EOF never comes.
    ::close(childIn);
    ::close(childOut);
}

void StdioTransport::send(const QByteArray &message, const QJsonValue &requestId)
{
    if (!isOpen())
        return;
    QByteArray bytes;
    bytes.reserve(message.size() + 1);
    bytes.append(message).append('\n');
    if (m_stdinBuffer.isEmpty()) {
        const ssize_t n = ::write(m_stdinFd, bytes.constData(), size_t(bytes.size()));
        if (n == bytes.size())
            return;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            // EPIPE: no process holds stdin's read end any more, and not a byte of this message
            // went out: the request cannot have reached the server. Said after this call returns
            // (the session's caller has not yet heard of the request), or by finished().
            if (errno == EPIPE && !requestId.isUndefined()) {
                m_undelivered.append(requestId);
                QTimer::singleShot(0, this, &StdioTransport::failUndelivered);
            }
            return; // finished() will say why the process is gone
        }
        bytes.remove(0, n < 0 ? 0 : n);
    }
    // A full pipe (a stopped or slow server): keep the rest and write when it drains.
    m_stdinBuffer.append(bytes);
    m_writeNotifier->setEnabled(true);
}

void StdioTransport::flushStdin()
{
    while (!m_stdinBuffer.isEmpty() && m_stdinFd >= 0) {
        const ssize_t n = ::write(m_stdinFd, m_stdinBuffer.constData(), size_t(m_stdinBuffer.size()));
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            m_stdinBuffer.clear();
            break;
        }
        m_stdinBuffer.remove(0, n);
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (m_closing && m_stdinBuffer.isEmpty())
        closeStdin();
}

void StdioTransport::closeStdin()
{
    if (m_writeNotifier) {
        m_writeNotifier->setEnabled(false);
        delete m_writeNotifier;
        m_writeNotifier = nullptr;
    }
    if (m_stdinFd >= 0) {
        ::close(m_stdinFd);
        m_stdinFd = -1;
    }
    m_stdinBuffer.clear();
}

void StdioTransport::closeStdout()
{
    if (m_readNotifier) {
        m_readNotifier->setEnabled(false);
        delete m_readNotifier;
        m_readNotifier = nullptr;
    }
    if (m_stdoutFd >= 0) {
        ::close(m_stdoutFd);
        m_stdoutFd = -1;
    }
}

bool StdioTransport::isOpen() const
{
    return m_process && m_stdinFd >= 0 && m_process->state() == QProcess::Running && !m_dead && !m_closing;
}

QString StdioTransport::describe() const
{
    const QString program = QFileInfo(m_config.command).fileName();
    return m_pid ? u"%1 (pid %2)"_s.arg(program).arg(m_pid) : program;
}

qsizetype StdioTransport::readStdout()
{
    // Bounded reads: at most kReadChunk per pass, so a flood cannot starve the event loop. On the
    // stack: a heap block this size per read cost an allocation, a shrink and a free on every
    // answer (the framer copies out what it keeps). A pipe holds 64 KiB by default.
    static constexpr qsizetype kReadChunk = 64 * 1024;
    if (m_stdoutFd < 0)
        return 0;
    char buffer[kReadChunk];
    const ssize_t n = ::read(m_stdoutFd, buffer, sizeof buffer);
    if (n == 0) {
        closeStdout(); // EOF: the server closed stdout; its exit (finished) follows
        return 0;
    }
    if (n < 0)
        return 0; // EAGAIN/EINTR: the notifier fires again
    const QPointer<StdioTransport> self(this);
    const LineFramer::Output out = m_framer.feed(QByteArrayView(buffer, n));
    for (const QByteArray &line : out.lines) {
        const qint64 id = jsonrpc::plainResultId(line);
        const jsonrpc::Parsed parsed = id >= 0 ? jsonrpc::Parsed {} : jsonrpc::parse(line);
        if (id >= 0) {
            Q_EMIT resultReceived(id, QJsonValue(QJsonValue::Undefined), line);
        } else if (!parsed.error.isEmpty()) {
            Q_EMIT protocolViolation(Failure::make(FailureType::ProtocolError, u"stdout: "_s + parsed.error));
        } else {
            for (const QJsonObject &object : parsed.objects)
                Q_EMIT messageReceived(
                    object, QJsonValue(QJsonValue::Undefined), parsed.batch ? QByteArray() : line);
        }
        if (!self || !m_process)
            return n; // a handler ended us
    }
    if (out.oversizedLines > 0) {
        Q_EMIT protocolViolation(Failure::make(FailureType::ProtocolError,
            u"stdout: message longer than %1 MiB dropped"_s.arg(
                double(m_framer.maxLineBytes()) / (1024 * 1024))));
    }
    return n;
}

void StdioTransport::drainStdout()
{
    // The process ended: what it wrote before it went is still in the pipe. Bounded: a grandchild
    // that keeps the pipe open and writing must not keep us here.
    const QPointer<StdioTransport> self(this);
    for (int i = 0; i < 256 && self && m_stdoutFd >= 0; ++i) {
        if (readStdout() <= 0)
            break;
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
    const QPointer<StdioTransport> self(this);
    drainStdout();
    if (!self || !m_process)
        return;
    readStderr();
    if (!m_stderrPartial.isEmpty()) {
        appendStderrLine(m_stderrPartial);
        m_stderrPartial.clear();
    }
    // The leader is gone; whatever it started in its group goes with it.
    signalGroup(SIGKILL);
    if (m_stopTimer)
        m_stopTimer->stop();
    failUndelivered(); // before the process exit fails every request alike
    if (!self || !m_process)
        return;
    const bool wasClosing = m_closing;
    m_dead = true;
    if (wasClosing) {
        Q_EMIT closed();
        return;
    }
    Failure f;
    f.type = FailureType::ProcessExit;
    f.exitCode = status == QProcess::CrashExit ? -1 : exitCode;
    f.detail = status == QProcess::CrashExit ? u"killed by %1"_s.arg(signalName(exitCode))
                                             : u"exited with code %1"_s.arg(exitCode);
    if (!m_stderrLines.isEmpty())
        f.detail += u"; last stderr: "_s + m_stderrLines.constLast().left(200);
    Q_EMIT transportFailed(f);
}

void StdioTransport::failUndelivered()
{
    const QPointer<StdioTransport> self(this);
    for (const QJsonValue &id : std::exchange(m_undelivered, {})) {
        Failure f = Failure::make(
            FailureType::ProcessExit, u"the process was gone before the request was written"_s);
        f.notDelivered = true;
        Q_EMIT requestFailed(id, f);
        if (!self)
            return;
    }
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
    if (m_stdinBuffer.isEmpty())
        closeStdin();
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
    closeStdin();
    closeStdout();
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        signalGroup(SIGTERM);
        if (!m_process->waitForFinished(300)) {
            signalGroup(SIGKILL);
            m_process->waitForFinished(2000);
        }
    }
    signalGroup(SIGKILL);
    m_dead = true;
    // Later, not now: terminate() may run inside the QProcess's own finished() signal.
    m_process->deleteLater();
    m_process = nullptr;
}

} // namespace lifeline
