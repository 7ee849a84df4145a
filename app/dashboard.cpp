#include "dashboard.h"

#include "alerts/alertdispatcher.h"
#include "alertsmodel.h"
#include "alerts/alertmanager.h"

#include "api/statusserver.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "mainwindow.h"
#include "servertablemodel.h"
#include "store/historystore.h"
#include "log/logfile.h"
#include "health/healthevent.h"
#include "eventlogmodel.h"
#include "eventspanel.h"
#include "failuresmodel.h"
#include "importdialog.h"
#include "settingsdialog.h"
#include "traycontroller.h"

#include <QGuiApplication>
#include <QStatusBar>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace lifeline {

static QString issuesText(const QList<ConfigIssue> &issues)
{
    QStringList lines;
    for (const ConfigIssue &i : issues)
        lines.append(i.toString());
    return lines.join(u'\n');
}

Dashboard::Dashboard(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_config(ConfigSource::choose(commandLine.configPath))
    , m_commandLine(commandLine)
{ }

Dashboard::~Dashboard()
{
    stop();
}

int Dashboard::start()
{
    if (!m_config.load()) {
        const QString text = issuesText(m_config.errors());
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(text));
        QMessageBox::critical(nullptr, tr("MCP Lifeline"),
            tr("The config file cannot be used; nothing was changed.\n\n%1").arg(text));
        return 2;
    }
    QString dbError;
    const DatabaseTarget target = DatabaseTarget::parse(m_commandLine.dbPath, &dbError);
    m_history = new HistoryStore(this);
    QString historyProblem = dbError;
    if (dbError.isEmpty() && !m_history->open(target, m_config.config().history, &historyProblem)
        && m_history->lastOpenFoundItInUse()) {
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(historyProblem));
        QMessageBox::critical(nullptr, tr("MCP Lifeline"), historyProblem);
        return 2;
    }
    m_model = new ServerTableModel(this);
    m_window = new MainWindow(m_model);
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    const ConfigSource &src = m_config.source();
    m_window->setConfigDescription(src.isDemo
            ? tr("Demo servers (no config at %1)").arg(ConfigLoader::defaultConfigPath())
            : tr("Config: %1").arg(src.path));

    if (!m_history->isOpen())
        m_window->showHistoryProblem(historyProblem);
    else
        m_window->setHistoryFetcher(
            [h = m_history](const QString &server, const QDateTime &from, const QDateTime &to, int points) {
                return h->latencySeries(server, from, to, points);
            });
    // The table's p95 and 24 h uptime and the overall availability come from the history.
    auto *stats = new QTimer(this);
    connect(stats, &QTimer::timeout, this, &Dashboard::refreshHistoryStats);
    stats->start(30000);
    QTimer::singleShot(3000, this, &Dashboard::refreshHistoryStats); // the first minute's data
    if (m_history->isOpen()) {
        m_history->lastEvents(1000).then(this, [this](const QList<StoredEvent> &events) {
            if (m_window)
                m_window->eventsPanel()->events()->setInitial(events);
        });
    }
    connect(m_history, &HistoryStore::savingChanged, m_window, [this](bool saving, const QString &message) {
        m_window->showHistoryProblem(saving ? QString() : message);
    });

    m_engine = new EngineThread(this);
    // The log file takes the events on the engine's thread: append() only copies the line.
    m_log = new LogFile(this);
    m_log->applySettings(m_config.config().log);
    connect(m_log, &LogFile::writeFailed, this, [](const QString &message) {
        std::fprintf(stderr, "mcp-lifeline: log not written: %s\n", qPrintable(message));
    });
    connect(
        m_engine->engine(), &MonitorEngine::eventOccurred, m_log, &LogFile::writeEvent, Qt::DirectConnection);
    m_log->appendJson({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {"event"_L1, "lifeline"_L1}, {"status"_L1, "started"_L1},
        {"version"_L1, QStringLiteral(LIFELINE_VERSION)}, {"config"_L1, src.isDemo ? u"demo"_s : src.path},
        {"mode"_L1, "window"_L1}});
    m_history->attach(m_engine->engine());
    m_history->applyConfig(m_config.config());
    connect(m_engine->engine(), &MonitorEngine::snapshotChanged, m_model, &ServerTableModel::updateServer);
    connect(m_engine->engine(), &MonitorEngine::serverRemoved, m_model, &ServerTableModel::removeServer);
    connect(m_window, &MainWindow::checkNowRequested, m_engine, &EngineThread::checkNow);
    connect(m_window, &MainWindow::stopRequested, m_engine, &EngineThread::stopServer);
    connect(m_window, &MainWindow::startRequested, m_engine, &EngineThread::startServer);
    connect(m_window, &MainWindow::restartRequested, m_engine, &EngineThread::restartServer);
    connect(m_window, &MainWindow::disableRequested, m_engine, &EngineThread::disableServer);
    connect(m_window, &MainWindow::enableRequested, m_engine, &EngineThread::enableServer);
    connect(m_window, &MainWindow::failoverRequested, m_engine, &EngineThread::failover);
    connect(m_window, &MainWindow::restorePrimaryRequested, m_engine, &EngineThread::restorePrimary);
    connect(m_engine->engine(), &MonitorEngine::groupChanged, m_window, &MainWindow::updateGroup);
    connect(m_engine->engine(), &MonitorEngine::eventOccurred, m_window->eventsPanel()->events(),
        &EventLogModel::appendLive);
    connect(m_window, &MainWindow::settingsRequested, this, &Dashboard::openSettings);
    connect(m_window, &MainWindow::importRequested, this, &Dashboard::openImport);
    m_tray = new TrayController(m_model, m_window, this);
    // Events are emitted on the engine's thread; the tray is a GUI object.
    connect(m_engine->engine(), &MonitorEngine::eventOccurred, m_tray, &TrayController::onEvent,
        Qt::QueuedConnection);
    connect(m_tray, &TrayController::restartRequested, m_engine, &EngineThread::restartServer);
    // Closing the window hides it to the tray then: only the tray's Quit (or a signal) ends Lifeline.
    if (m_tray->isTrayAvailable())
        QGuiApplication::setQuitOnLastWindowClosed(false);
    // Alert notifications: the channels of lifeline.alerts.channels; tray ones through our tray.
    m_notify = new AlertDispatcher(this);
    connect(m_notify, &AlertDispatcher::trayNotificationRequested, m_tray, &TrayController::showAlert);
    connect(m_notify, &AlertDispatcher::channelFailed, m_window,
        [this](const QString &channel, const QString &message) {
            m_window->statusBar()->showMessage(
                tr("Alert channel %1 is failing: %2").arg(channel, message), 30000);
        });
    connect(m_notify, &AlertDispatcher::channelRecovered, m_window, [this](const QString &channel) {
        m_window->statusBar()->showMessage(tr("Alert channel %1 delivers again").arg(channel), 10000);
    });
    applyChannels(m_config.config());

    // Alerts: the manager judges the engine's results; the Alerts tab, the tray, the channels,
    // the log, the history and the status server hear what it decides.
    m_alerts = new AlertManager(this);
    m_alerts->applyConfig(m_config.config());
    m_alerts->attach(m_engine->engine());
    m_history->attach(m_alerts);
    AlertsModel *alerts = m_window->eventsPanel()->alerts();
    connect(m_alerts, &AlertManager::alertChanged, alerts, &AlertsModel::upsert);
    connect(m_alerts, &AlertManager::alertChanged, m_tray, [this](const Alert &a) {
        if (a.rule == "flapping"_L1) // the tray keeps quiet about each transition meanwhile
            m_tray->setFlapping(a.server, a.isActive());
    });
    connect(m_alerts, &AlertManager::notificationDue, m_notify, &AlertDispatcher::dispatch);
    connect(m_alerts, &AlertManager::eventOccurred, m_log, &LogFile::writeEvent);
    connect(m_alerts, &AlertManager::eventOccurred, m_window->eventsPanel()->events(),
        &EventLogModel::appendLive);
    connect(m_window, &MainWindow::acknowledgeRequested, m_alerts,
        [this](const QString &id) { m_alerts->acknowledge(id); });
    connect(m_window, &MainWindow::silenceRequested, m_alerts, &AlertManager::silence);
    if (m_history->isOpen()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_history->alerts(now.addDays(-7), now.addSecs(1)).then(this, [this](const QList<Alert> &past) {
            if (!m_window)
                return;
            // Alerts that fired since start are newer than what the history had when asked.
            AlertsModel *model = m_window->eventsPanel()->alerts();
            QList<Alert> live;
            for (int row = 0; row < model->rowCount(); ++row)
                live.append(*model->alert(row));
            model->setAlerts(past);
            for (auto it = live.crbegin(); it != live.crend(); ++it)
                model->upsert(*it);
        });
    }

    connect(&m_config, &ConfigWatcher::configLoaded, this, [this](const Config &config) {
        m_window->showConfigProblem({});
        m_engine->applyConfig(config);
        m_history->applyConfig(config);
        m_alerts->applyConfig(config);
        applyChannels(config);
        m_log->applySettings(config.log);
        if (m_status)
            m_status->setSecrets(config);
    });
    connect(&m_config, &ConfigWatcher::configRejected, this, [this](const QList<ConfigIssue> &errors) {
        m_window->showConfigProblem(tr("The config file has errors; the last good config stays in force.\n%1")
                                        .arg(issuesText(errors)));
    });
    startStatusServer(m_config.config());
    m_window->setStatusServer(m_status ? m_status->url() : QString(),
        m_status ? QString::fromUtf8(m_status->token().value()) : QString(), m_statusProblem);
    m_engine->start();
    m_engine->applyConfig(m_config.config());
    m_window->show();
    if (src.isDemo)
        offerImport();
    return 0;
}

void Dashboard::applyChannels(const Config &config)
{
    QList<ChannelSettings> channels = AlertDispatcher::channelsFromConfig(config);
    // By default the tray's balloon already goes to the desktop's notification service where
    // there is a tray: a desktop channel too would show every alert twice.
    const bool configured = config.lifeline.value(u"alerts"_s).toObject().contains(u"channels"_s);
    if (!configured && m_tray->isTrayAvailable())
        channels.removeIf([](const ChannelSettings &c) { return c.type == ChannelType::Desktop; });
    m_notify->setChannels(channels);
}

void Dashboard::offerImport()
{
    if (QSettings().value(u"import/keepDemo"_s).toBool())
        return;
    // Discovery reads files: on a worker; the dialog only comes up when there is something to import.
    auto *watcher = new QFutureWatcher<ConfigImport::Scan>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const ConfigImport::Scan scan = watcher->result();
        const ConfigImport::Plan plan = ConfigImport::plan(scan.found.servers, scan.existing, false);
        if (!m_window || !m_config.source().isDemo || plan.writeCount() == 0)
            return;
        auto *dialog
            = new ImportDialog(ConfigLoader::defaultConfigPath(), ImportDialog::Mode::FirstRun, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ImportDialog::configWritten, this, &Dashboard::followConfigFile);
        connect(dialog, &ImportDialog::demoChosen, this,
            [] { QSettings().setValue(u"import/keepDemo"_s, true); });
        dialog->setScan(scan, ConfigDiscovery::Locations::fromEnvironment());
        dialog->open();
    });
    watcher->setFuture(QtConcurrent::run([locations = ConfigDiscovery::Locations::fromEnvironment()] {
        return ConfigImport::scan(locations, ConfigLoader::defaultConfigPath());
    }));
}

void Dashboard::openImport()
{
    const ConfigSource &src = m_config.source();
    const QString target = src.isDemo ? ConfigLoader::defaultConfigPath() : src.path;
    auto *dialog = new ImportDialog(target, ImportDialog::Mode::Menu, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::configWritten, this, &Dashboard::followConfigFile);
    dialog->discover(ConfigDiscovery::Locations::fromEnvironment());
    dialog->open();
}

void Dashboard::followConfigFile(const QString &path)
{
    // The watcher applies the file; only a first file written while the demo ran needs a switch.
    if (m_config.source().isDemo || QFileInfo(path) != QFileInfo(m_config.source().path)) {
        ConfigSource source;
        source.path = path;
        m_config.switchTo(source);
        m_window->setConfigDescription(tr("Config: %1").arg(path));
    }
}

void Dashboard::startStatusServer(const Config &config)
{
    const auto listen = ListenAddress::parse(m_commandLine.listenFor(config), &m_statusProblem);
    if (!listen || listen->off)
        return;
    m_status = new StatusServer(this);
    m_status->attachAll(m_engine, m_history, m_alerts);
    QString tokenProblem;
    m_status->setToken(ApiToken::load(&tokenProblem));
    m_status->setSecrets(config);
    if (!m_status->start(*listen, &m_statusProblem)) {
        // Monitoring goes on without it; the problem is on stderr and in statusServerProblem().
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(m_statusProblem));
        delete m_status;
        m_status = nullptr;
    }
}

void Dashboard::refreshHistoryStats()
{
    if (!m_history || !m_history->isOpen())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_history
        ->query([now](HistoryQueries &q) {
            return std::make_pair(q.uptime(now.addDays(-1), now), q.p95Latency(now.addSecs(-3600), now));
        })
        .then(this, [this](const std::pair<QList<UptimeRow>, QHash<QString, double>> &r) {
            QHash<QString, ServerHistoryStats> stats;
            qint64 up = 0, down = 0;
            for (const UptimeRow &u : r.first) {
                stats[u.server].uptime24hPercent = u.percent();
                up += u.upMs;
                down += u.downMs;
            }
            for (auto it = r.second.cbegin(); it != r.second.cend(); ++it)
                stats[it.key()].p95LatencyMs = it.value();
            if (m_model)
                m_model->setHistoryStats(stats);
            if (m_window)
                m_window->setOverallAvailability(up + down > 0 ? 100.0 * double(up) / double(up + down) : -1);
        });
    m_history->query([now](HistoryQueries &q) { return q.failures(now.addDays(-30), now.addSecs(1)); })
        .then(this, [this](const QList<FailureRecord> &records) {
            if (m_window)
                m_window->eventsPanel()->failures()->setRecords(records);
        });
}

void Dashboard::openSettings()
{
    // Modeless: monitoring and the window go on while the user edits.
    auto *dialog
        = new SettingsDialog(m_config.source().isDemo ? QString() : m_config.source().path, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::configWritten, this, &Dashboard::followConfigFile);
    dialog->show();
}

void Dashboard::stop()
{
    delete m_status; // before the engine it acts on
    m_status = nullptr;
    if (m_engine) {
        m_engine->stop(); // ends every server process before returning
        delete m_engine;
        m_engine = nullptr;
    }
    if (m_history)
        m_history->close(); // after the engine: its last events are written too
    if (m_log) {
        m_log->appendJson({{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "lifeline"_L1}, {"status"_L1, "stopped"_L1}});
        delete m_log; // writes what waits
        m_log = nullptr;
    }
    delete m_tray; // before the window it filters
    m_tray = nullptr;
    delete m_window;
    m_window = nullptr;
}

} // namespace lifeline
