#pragma once

// Shared by the integration tests: starting the fixture server (stdio config or HTTP process) and
// the npm servers from the test cache.

#include "config/serverconfig.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace lifeline::test {

using namespace Qt::StringLiterals;

inline QString fixturePath()
{
    return QStringLiteral(LIFELINE_FIXTURE_PATH);
}

inline MonitorSettings fastSettings()
{
    MonitorSettings s;
    s.intervalMs = 300;
    s.timeoutMs = 400;
    s.failureThreshold = 2;
    s.successThreshold = 1;
    return s;
}

inline ServerConfig stdioFixture(const QStringList &args, const QString &name = u"fixture"_s,
    const MonitorSettings &settings = fastSettings())
{
    ServerConfig c;
    c.name = name;
    c.transport = TransportKind::Stdio;
    c.command = fixturePath();
    c.args = args;
    c.settings = settings;
    return c;
}

inline ServerConfig remote(const QUrl &url, TransportKind kind, const QString &name = u"remote"_s,
    const MonitorSettings &settings = fastSettings())
{
    ServerConfig c;
    c.name = name;
    c.transport = kind;
    c.url = url;
    c.settings = settings;
    return c;
}

// Alive: exists and is not a zombie waiting for a parent (an orphan's parent may be slow to reap).
inline bool processExists(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || close + 2 >= text.size() || text.at(close + 2) != 'Z';
}

// The living child processes of `pid` (every thread's children).
inline QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> out;
    const QDir task(u"/proc/%1/task"_s.arg(pid));
    for (const QString &t : task.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(task.filePath(t + u"/children"_s));
        if (f.open(QIODevice::ReadOnly)) {
            for (const QByteArray &pid : f.readAll().split(' ')) {
                if (pid.trimmed().toLongLong() > 0 && processExists(pid.trimmed().toLongLong()))
                    out.append(pid.trimmed().toLongLong());
            }
        }
    }
    return out;
}

// Our own: a test that leaves one has leaked a server.
inline QList<qint64> ourChildren()
{
    return childrenOf(::getpid());
}

// The fixture in HTTP mode on a free loopback port; ended (by its PID) when this goes out of scope.
class HttpFixture
{
public:
    explicit HttpFixture(const QStringList &args)
    {
        m_process.setProgram(fixturePath());
        m_process.setArguments(QStringList {u"--mode"_s, u"http"_s, u"--port"_s, u"0"_s} + args);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return;
        QByteArray out;
        for (int i = 0; i < 100 && !out.contains('\n'); ++i) {
            m_process.waitForReadyRead(100);
            out += m_process.readAllStandardOutput();
        }
        const auto m = QRegularExpression(u"LISTENING (\\d+)"_s).match(QString::fromUtf8(out));
        if (m.hasMatch())
            m_port = m.captured(1).toInt();
    }
    ~HttpFixture()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
    HttpFixture(const HttpFixture &) = delete;
    HttpFixture &operator=(const HttpFixture &) = delete;

    bool ok() const { return m_port > 0; }
    QUrl url(const QString &path = u"/mcp"_s) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
    }
    // Everything the fixture logged so far (its log grows; this never loses a line).
    QString stderrText()
    {
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
        return m_stderr;
    }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    QString m_stderr;
    int m_port = 0;
};

// The npm packages installed by the test script (packaging/dev.sh test) into a cache folder.
inline QString npmPackageDir(const QString &package)
{
    QString cache = qEnvironmentVariable("LIFELINE_NPM_CACHE");
    if (cache.isEmpty())
        cache = QDir::homePath() + u"/.cache/mcp-lifeline-tests"_s;
    const QString dir = cache + u"/servers/node_modules/"_s + package;
    return QDir(dir).exists() ? dir : QString();
}

} // namespace lifeline::test
