#include "headlessrunner.h"

#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "health/healthevent.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

static void writeAll(int fd, const QByteArray &bytes)
{
    const char *p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n <= 0)
            return; // a closed pipe loses the line, never the process (SIGPIPE is ignored)
        p += n;
        left -= n;
    }
}

static void printIssues(const QList<ConfigIssue> &issues, const char *kind)
{
    for (const ConfigIssue &i : issues)
        std::fprintf(stderr, "mcp-lifeline: %s: %s\n", kind, qPrintable(i.toString()));
}

HeadlessRunner::HeadlessRunner(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_source(ConfigSource::choose(commandLine.configPath))
{ }

HeadlessRunner::~HeadlessRunner()
{
    stop();
}

void HeadlessRunner::writeLine(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line.append('\n');
    writeAll(STDOUT_FILENO, line);
}

void HeadlessRunner::writeEvent(const HealthEvent &event)
{
    writeAll(STDOUT_FILENO, event.toJsonLine());
}

int HeadlessRunner::start()
{
    const ConfigLoader::Result result = m_source.load();
    if (!result.ok()) {
        printIssues(result.errors, "error");
        return 2;
    }
    printIssues(result.config->warnings, "warning");
    if (m_source.isDemo) {
        std::fprintf(stderr, "mcp-lifeline: no config at %s; running the built-in demo servers\n",
            qPrintable(ConfigLoader::defaultConfigPath()));
    }
    m_engine = new EngineThread(this);
    connect(m_engine->engine(), &MonitorEngine::eventOccurred, this, &HeadlessRunner::writeEvent);
    m_engine->start();
    m_engine->applyConfig(*result.config);
    writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {"event"_L1, "lifeline"_L1}, {"status"_L1, "started"_L1},
        {"version"_L1, QStringLiteral(LIFELINE_VERSION)},
        {"config"_L1, m_source.isDemo ? u"demo"_s : m_source.path},
        {"servers"_L1, int(result.config->servers.size())}});
    watchConfig();
    return 0;
}

void HeadlessRunner::watchConfig()
{
    if (m_source.isDemo)
        return;
    m_watcher = new QFileSystemWatcher(this);
    // Editors replace files by rename: watch the directory too, and re-add the file each time.
    const QFileInfo fi(m_source.path);
    m_watcher->addPath(fi.absoluteFilePath());
    m_watcher->addPath(fi.absolutePath());
    m_reloadDebounce = new QTimer(this);
    m_reloadDebounce->setSingleShot(true);
    m_reloadDebounce->setInterval(200);
    connect(m_reloadDebounce, &QTimer::timeout, this, &HeadlessRunner::reload);
    auto changed = [this] { m_reloadDebounce->start(); };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
}

void HeadlessRunner::reload()
{
    if (!m_engine)
        return;
    if (m_watcher) {
        const QString file = QFileInfo(m_source.path).absoluteFilePath();
        if (!m_watcher->files().contains(file) && QFileInfo::exists(file))
            m_watcher->addPath(file);
    }
    const ConfigLoader::Result result = m_source.load();
    const QString ts = HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc());
    if (!result.ok()) {
        printIssues(result.errors, "error");
        std::fprintf(stderr, "mcp-lifeline: keeping the last good config\n");
        QStringList messages;
        for (const ConfigIssue &i : result.errors)
            messages.append(i.toString());
        writeLine({{"ts"_L1, ts}, {"event"_L1, "config"_L1}, {"status"_L1, "error"_L1},
            {"message"_L1, messages.join(u"; "_s)}});
        return;
    }
    printIssues(result.config->warnings, "warning");
    m_engine->applyConfig(*result.config);
    writeLine({{"ts"_L1, ts}, {"event"_L1, "config"_L1}, {"status"_L1, "applied"_L1},
        {"servers"_L1, int(result.config->servers.size())}});
}

void HeadlessRunner::stop()
{
    if (!m_engine)
        return;
    m_engine->stop(); // ends every server process before returning
    delete m_engine;
    m_engine = nullptr;
    writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {"event"_L1, "lifeline"_L1}, {"status"_L1, "stopped"_L1}});
}

} // namespace lifeline
