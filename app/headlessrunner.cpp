#include "headlessrunner.h"

#include "alerts/alertdispatcher.h"
#include "alerts/alertmanager.h"
#include "api/statusserver.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "health/healthevent.h"
#include "log/logfile.h"
#include "store/historystore.h"

#include <QCoreApplication>
#include <QJsonDocument>

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
    , m_config(ConfigSource::choose(commandLine.configPath))
    , m_log(new LogFile(this))
{
    connect(m_log, &LogFile::writeFailed, this, [](const QString &message) {
        std::fprintf(stderr, "mcp-lifeline: log not written: %s\n", qPrintable(message));
    });
    connect(&m_config, &ConfigWatcher::configLoaded, this, [this](const Config &config) {
        printIssues(config.warnings, "warning");
        if (m_engine)
            m_engine->applyConfig(config);
        if (m_history)
            m_history->applyConfig(config);
        m_log->applySettings(config.log);
        if (m_alerts)
            m_alerts->applyConfig(config);
        if (m_notify)
            applyChannels(config);
        if (m_status)
            m_status->setSecrets(config);
        writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "config"_L1}, {"status"_L1, "applied"_L1},
            {"servers"_L1, int(config.servers.size())}});
    });
    connect(&m_config, &ConfigWatcher::configRejected, this, [this](const QList<ConfigIssue> &errors) {
        printIssues(errors, "error");
        std::fprintf(stderr, "mcp-lifeline: keeping the last good config\n");
        QStringList messages;
        for (const ConfigIssue &i : errors)
            messages.append(i.toString());
        writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "config"_L1}, {"status"_L1, "error"_L1}, {"message"_L1, messages.join(u"; "_s)}});
    });
}

HeadlessRunner::~HeadlessRunner()
{
    stop();
}

void HeadlessRunner::writeLine(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line.append('\n');
    writeAll(STDOUT_FILENO, line);
    m_log->append(line);
    if (m_commandLine.logStderr)
        writeAll(STDERR_FILENO, line);
}

void HeadlessRunner::writeEvent(const HealthEvent &event)
{
    const QByteArray line = event.toJsonLine();
    writeAll(STDOUT_FILENO, line);
    m_log->append(line);
    if (m_commandLine.logStderr)
        writeAll(STDERR_FILENO, line);
}

int HeadlessRunner::start()
{
    if (!m_config.load()) {
        printIssues(m_config.errors(), "error");
        return 2;
    }
    const Config &config = m_config.config();
    printIssues(config.warnings, "warning");
    m_log->applySettings(config.log);
    if (m_config.source().isDemo) {
        std::fprintf(stderr,
            "mcp-lifeline: no config at %s; running the built-in demo servers ('mcp-lifeline import' "
            "lists the MCP servers your other tools use)\n",
            qPrintable(ConfigLoader::defaultConfigPath()));
    }
    QString dbError;
    const DatabaseTarget target = DatabaseTarget::parse(m_commandLine.dbPath, &dbError);
    if (!dbError.isEmpty()) {
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(dbError));
        return 2;
    }
    m_history = new HistoryStore(this);
    QString historyProblem;
    if (!m_history->open(target, config.history, &historyProblem)) {
        if (m_history->lastOpenFoundItInUse()) {
            std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(historyProblem));
            return 2;
        }
        std::fprintf(stderr, "mcp-lifeline: history not saved: %s\n", qPrintable(historyProblem));
    }
    connect(m_history, &HistoryStore::savingChanged, this, [this](bool saving, const QString &message) {
        QJsonObject line {{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "history"_L1}, {"status"_L1, saving ? "saving"_L1 : "error"_L1}};
        if (!saving)
            line.insert("message"_L1, message);
        writeLine(line);
    });
    m_engine = new EngineThread(this);
    connect(m_engine->engine(), &MonitorEngine::eventOccurred, this, &HeadlessRunner::writeEvent);
    m_history->attach(m_engine->engine());
    m_alerts = new AlertManager(this);
    m_alerts->applyConfig(config);
    m_alerts->attach(m_engine->engine());
    m_history->attach(m_alerts);
    connect(m_alerts, &AlertManager::eventOccurred, this, &HeadlessRunner::writeEvent);
    // Notifications: webhooks, command hooks, desktop notifications (no tray without a window).
    m_notify = new AlertDispatcher(this);
    applyChannels(config);
    connect(m_alerts, &AlertManager::notificationDue, m_notify, &AlertDispatcher::dispatch);
    const auto channelLine = [this](const QString &channel, const char *status, const QString &message) {
        QJsonObject line {{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "alert_channel"_L1}, {"channel"_L1, channel},
            {"status"_L1, QLatin1StringView(status)}};
        if (!message.isEmpty())
            line.insert("message"_L1, message);
        writeLine(line);
    };
    connect(m_notify, &AlertDispatcher::channelFailed, this,
        [channelLine](
            const QString &channel, const QString &message) { channelLine(channel, "failing", message); });
    connect(m_notify, &AlertDispatcher::channelRecovered, this,
        [channelLine](const QString &channel) { channelLine(channel, "recovered", {}); });
    connect(m_notify, &AlertDispatcher::alertUndelivered, this,
        [channelLine](const QString &channel, const QString &id, const QString &reason) {
            channelLine(channel, "undelivered", u"alert %1: %2"_s.arg(id, reason));
        });
    m_history->applyConfig(config);
    const QString listen = startStatusServer(config);
    m_engine->start();
    m_engine->applyConfig(config);
    writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {"event"_L1, "lifeline"_L1}, {"status"_L1, "started"_L1},
        {"listen"_L1, listen.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(listen)},
        {"version"_L1, QStringLiteral(LIFELINE_VERSION)},
        {"config"_L1, m_config.source().isDemo ? u"demo"_s : m_config.source().path},
        {"servers"_L1, int(config.servers.size())},
        {"history"_L1, m_history->isOpen() ? target.display() : QString()}});
    if (!m_history->isOpen()) {
        writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "history"_L1}, {"status"_L1, "error"_L1}, {"message"_L1, historyProblem}});
    }
    return 0;
}

QString HeadlessRunner::startStatusServer(const Config &config)
{
    QString problem;
    const auto listen = ListenAddress::parse(m_commandLine.listenFor(config), &problem);
    if (!listen) {
        std::fprintf(stderr, "mcp-lifeline: --listen: %s\n", qPrintable(problem));
        return {};
    }
    if (listen->off)
        return {};
    m_status = new StatusServer(this);
    m_status->attachAll(m_engine, m_history, m_alerts);
    QString tokenProblem;
    const ApiToken token = ApiToken::load(&tokenProblem);
    if (!token.isValid()) // the server still answers reads; nothing can be changed through it
        std::fprintf(stderr, "mcp-lifeline: status server: no API token: %s\n", qPrintable(tokenProblem));
    m_status->setToken(token);
    m_status->setSecrets(config);
    if (!m_status->start(*listen, &problem)) {
        // Monitoring goes on without the status server.
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(problem));
        writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "listen"_L1}, {"status"_L1, "error"_L1}, {"address"_L1, listen->toString()},
            {"message"_L1, problem}});
        delete m_status;
        m_status = nullptr;
        return {};
    }
    return m_status->listenAddress();
}

void HeadlessRunner::applyChannels(const Config &config)
{
    QList<ChannelSettings> channels = AlertDispatcher::channelsFromConfig(config);
    channels.removeIf([](const ChannelSettings &c) { return c.type == ChannelType::Tray; });
    m_notify->setChannels(channels);
}

void HeadlessRunner::reload()
{
    m_config.reload();
}

void HeadlessRunner::stop()
{
    if (!m_engine)
        return;
    delete m_status; // before the engine it acts on
    m_status = nullptr;
    m_engine->stop(); // ends every server process before returning
    delete m_engine;
    m_engine = nullptr;
    if (m_history)
        m_history->close(); // after the engine: its last events are written too
    writeLine({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {"event"_L1, "lifeline"_L1}, {"status"_L1, "stopped"_L1}});
}

} // namespace lifeline
