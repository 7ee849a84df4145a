#include "lifeline.h"

#include "connecthost.h"

#include "alerts/alertdispatcher.h"
#include "alerts/alertmanager.h"
#include "api/statusserver.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "health/healthevent.h"
#include "log/logfile.h"
#include "store/historystore.h"

#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace lifeline {

static void printIssues(const QList<ConfigIssue> &issues, const char *kind)
{
    for (const ConfigIssue &i : issues)
        std::fprintf(stderr, "mcp-lifeline: %s: %s\n", kind, qPrintable(i.toString()));
}

static QString issuesText(const QList<ConfigIssue> &issues)
{
    QStringList lines;
    for (const ConfigIssue &i : issues)
        lines.append(i.toString());
    return lines.join(u'\n');
}

Lifeline::Lifeline(const CommandLine &commandLine, const Options &options, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_options(options)
    , m_config(ConfigSource::choose(commandLine.configPath))
    , m_log(new LogFile(this))
{
    connect(m_log, &LogFile::writeFailed, this, [](const QString &message) {
        std::fprintf(stderr, "mcp-lifeline: log not written: %s\n", qPrintable(message));
    });
    connect(&m_config, &ConfigWatcher::configLoaded, this, &Lifeline::applyConfig);
    connect(&m_config, &ConfigWatcher::configRejected, this, [this](const QList<ConfigIssue> &errors) {
        printIssues(errors, "error");
        std::fprintf(stderr, "mcp-lifeline: keeping the last good config\n");
        QJsonObject l = line("config"_L1, "error"_L1);
        l.insert("message"_L1, issuesText(errors).replace(u'\n', u"; "_s));
        record(l);
        Q_EMIT configRejected(errors);
    });
}

Lifeline::~Lifeline()
{
    stop();
}

QJsonObject Lifeline::line(QLatin1StringView event, QLatin1StringView status) const
{
    return {{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())}, {"event"_L1, event},
        {"status"_L1, status}};
}

void Lifeline::record(const QJsonObject &object)
{
    QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    bytes.append('\n');
    m_log->append(bytes);
    Q_EMIT lineRecorded(bytes);
}

void Lifeline::fail(const QString &problem)
{
    m_startProblem = problem;
    std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(problem));
}

int Lifeline::start()
{
    if (!m_config.load()) {
        m_startProblem = issuesText(m_config.errors());
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
    m_target = DatabaseTarget::parse(m_commandLine.dbPath, &dbError);
    if (!dbError.isEmpty()) {
        fail(dbError);
        return 2;
    }
    m_history = new HistoryStore(this);
    if (!m_history->open(m_target, config.history, &m_historyProblem)) {
        if (m_history->lastOpenFoundItInUse()) {
            fail(m_historyProblem);
            return 2;
        }
        std::fprintf(stderr, "mcp-lifeline: history not saved: %s\n", qPrintable(m_historyProblem));
    }
    connect(m_history, &HistoryStore::savingChanged, this, [this](bool saving, const QString &message) {
        QJsonObject l = line("history"_L1, saving ? "saving"_L1 : "error"_L1);
        if (!saving)
            l.insert("message"_L1, message);
        record(l);
        Q_EMIT historySavingChanged(saving, message);
    });

    m_engine = new EngineThread(this);
    MonitorEngine *engine = m_engine->engine();
    // The log takes the events on the engine's thread (append() only copies the line); the views
    // get them here, in order with the alerts' events, which come from the same thread.
    connect(engine, &MonitorEngine::eventOccurred, m_log, &LogFile::writeEvent, Qt::DirectConnection);
    connect(engine, &MonitorEngine::eventOccurred, this, &Lifeline::eventOccurred, Qt::QueuedConnection);
    m_history->attach(engine);
    m_history->applyConfig(config);

    // Alerts are judged where the engine's results are made: no result waits for the GUI thread.
    m_alerts = new AlertManager;
    m_alerts->applyConfig(config);
    m_alerts->attach(engine);
    m_engine->adopt(m_alerts);
    m_history->attach(m_alerts);
    connect(m_alerts, &AlertManager::eventOccurred, m_log, &LogFile::writeEvent, Qt::DirectConnection);
    connect(m_alerts, &AlertManager::eventOccurred, this, &Lifeline::eventOccurred, Qt::QueuedConnection);

    // Notifications: webhooks, command hooks, the desktop, the tray (a view shows those).
    m_notify = new AlertDispatcher(this);
    m_notify->setChannels(channelsFor(config));
    connect(m_alerts, &AlertManager::notificationDue, m_notify, &AlertDispatcher::dispatch);
    const auto channelLine
        = [this](const QString &channel, QLatin1StringView status, const QString &message) {
              QJsonObject l = line("alert_channel"_L1, status);
              l.insert("channel"_L1, channel);
              if (!message.isEmpty())
                  l.insert("message"_L1, message);
              record(l);
          };
    connect(m_notify, &AlertDispatcher::channelFailed, this,
        [channelLine](
            const QString &channel, const QString &message) { channelLine(channel, "failing"_L1, message); });
    connect(m_notify, &AlertDispatcher::channelRecovered, this,
        [channelLine](const QString &channel) { channelLine(channel, "recovered"_L1, {}); });
    connect(m_notify, &AlertDispatcher::alertUndelivered, this,
        [channelLine](const QString &channel, const QString &id, const QString &reason) {
            channelLine(channel, "undelivered"_L1, u"alert %1: %2"_s.arg(id, reason));
        });

    startStatusServer(config);
    return 0;
}

void Lifeline::run()
{
    if (!m_engine || m_running)
        return;
    m_running = true;
    const Config &config = m_config.config();
    m_engine->start();
    m_engine->applyConfig(config);
    const ConfigSource &src = m_config.source();
    QJsonObject started = line("lifeline"_L1, "started"_L1);
    started.insert(
        "listen"_L1, m_status ? QJsonValue(m_status->listenAddress()) : QJsonValue(QJsonValue::Null));
    if (!m_connectSocket.isEmpty())
        started.insert("connect_socket"_L1, m_connectSocket);
    started.insert("version"_L1, QStringLiteral(LIFELINE_VERSION));
    started.insert("config"_L1, src.isDemo ? u"demo"_s : src.path);
    started.insert("servers"_L1, int(config.servers.size()));
    started.insert("history"_L1, m_history->isOpen() ? m_target.display() : QString());
    started.insert("mode"_L1, m_options.mode == Mode::Window ? "window"_L1 : "headless"_L1);
    record(started);
    if (!m_history->isOpen()) {
        QJsonObject l = line("history"_L1, "error"_L1);
        l.insert("message"_L1, m_historyProblem);
        record(l);
    }
}

void Lifeline::applyConfig(const Config &config)
{
    // One parsed config for every part: nobody reads the file or its JSON again.
    printIssues(config.warnings, "warning");
    if (m_engine)
        m_engine->applyConfig(config);
    if (m_history)
        m_history->applyConfig(config);
    m_log->applySettings(config.log);
    postToAlerts([config](AlertManager *a) { a->applyConfig(config); });
    if (m_notify)
        m_notify->setChannels(channelsFor(config));
    if (m_status)
        m_status->setSecrets(config);
    QJsonObject l = line("config"_L1, "applied"_L1);
    l.insert("servers"_L1, int(config.servers.size()));
    record(l);
    Q_EMIT configApplied(config);
}

QList<ChannelSettings> Lifeline::channelsFor(const Config &config) const
{
    QList<ChannelSettings> channels = config.channels;
    if (m_options.mode == Mode::Headless) // no tray without a window
        channels.removeIf([](const ChannelSettings &c) { return c.type == ChannelType::Tray; });
    else if (m_options.trayAvailable && !config.channelsConfigured)
        channels.removeIf([](const ChannelSettings &c) { return c.type == ChannelType::Desktop; });
    return channels;
}

void Lifeline::postToAlerts(std::function<void(AlertManager *)> apply)
{
    if (m_alerts)
        QMetaObject::invokeMethod(
            m_alerts, [a = m_alerts, apply] { apply(a); }, Qt::QueuedConnection);
}

void Lifeline::startStatusServer(const Config &config)
{
    const auto listen = m_commandLine.listenFor(config, &m_statusProblem);
    if (!listen) {
        std::fprintf(stderr, "mcp-lifeline: --listen: %s\n", qPrintable(m_statusProblem));
        return;
    }
    if (listen->off)
        return;
    m_status = new StatusServer(this);
    m_status->attachAll(m_engine, m_history, m_alerts);
    QString tokenProblem;
    const ApiToken token = ApiToken::load(&tokenProblem);
    if (!token.isValid()) // the server still answers reads; nothing can be changed through it
        std::fprintf(stderr, "mcp-lifeline: status server: no API token: %s\n", qPrintable(tokenProblem));
    m_status->setToken(token);
    m_status->setSecrets(config);
    if (!m_status->start(*listen, &m_statusProblem)) {
        // Monitoring goes on without the status server.
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(m_statusProblem));
        QJsonObject l = line("listen"_L1, "error"_L1);
        l.insert("address"_L1, listen->toString());
        l.insert("message"_L1, m_statusProblem);
        record(l);
        delete m_status;
        m_status = nullptr;
        return;
    }
    // `mcp-lifeline connect` hands its stdin and stdout over here (ConnectHost); without the
    // socket it relays over HTTP, as before.
    auto *host = new ConnectHost(m_status->gatewayEndpoint());
    QString hostProblem;
    if (!host->listen(ConnectHost::socketPath(m_status->address(), m_status->port()), &hostProblem)) {
        std::fprintf(stderr, "mcp-lifeline: connect hand-over off: %s\n", qPrintable(hostProblem));
        delete host;
        return;
    }
    m_connectSocket = host->path();
    m_engine->adopt(host); // deleted there, before the engine: its clients are handed back
    QMetaObject::invokeMethod(host, &ConnectHost::start, Qt::QueuedConnection);
}

void Lifeline::reload()
{
    m_config.reload();
}

void Lifeline::stop()
{
    if (!m_engine)
        return;
    delete m_status; // before the engine it acts on
    m_status = nullptr;
    m_engine->stop(); // the alerts, then every server process, before returning
    m_alerts = nullptr;
    delete m_engine;
    m_engine = nullptr;
    if (m_history)
        m_history->close(); // after the engine: its last events are written too
    if (m_running)
        record(line("lifeline"_L1, "stopped"_L1));
    m_log->flush(); // writes what waits
    m_running = false;
}

} // namespace lifeline
