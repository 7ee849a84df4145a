#include "dashboard.h"

#include "lifeline.h"

#include "alerts/alertdispatcher.h"
#include "alertsmodel.h"
#include "alerts/alertmanager.h"

#include "api/statusserver.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "mainwindow.h"
#include "servertablemodel.h"
#include "store/historystore.h"
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
#include <QSystemTrayIcon>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

// How far back the calls chart finds call counts: the raw minutes, then the hour rollup; -1: for ever.
qint64 callsKeptMs(const HistorySettings &history)
{
    if (history.samplesMs < 0 || history.hoursMs < 0)
        return -1;
    return qMax(history.samplesMs, history.hoursMs);
}

} // namespace

Dashboard::Dashboard(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
{ }

Dashboard::~Dashboard()
{
    stop();
}

HistoryStore *Dashboard::history() const
{
    return m_lifeline ? m_lifeline->history() : nullptr;
}

AlertDispatcher *Dashboard::notifications() const
{
    return m_lifeline ? m_lifeline->notifications() : nullptr;
}

AlertManager *Dashboard::alerts() const
{
    return m_lifeline ? m_lifeline->alerts() : nullptr;
}

StatusServer *Dashboard::statusServer() const
{
    return m_lifeline ? m_lifeline->statusServer() : nullptr;
}

QString Dashboard::statusServerProblem() const
{
    return m_lifeline ? m_lifeline->statusProblem() : QString();
}

int Dashboard::start()
{
    m_lifeline = new Lifeline(
        m_commandLine, {Lifeline::Mode::Window, QSystemTrayIcon::isSystemTrayAvailable()}, this);
    if (const int code = m_lifeline->start(); code != 0) {
        QMessageBox::critical(nullptr, tr("MCP Lifeline"),
            m_lifeline->config().errors().isEmpty()
                ? m_lifeline->startProblem()
                : tr("The config file cannot be used; nothing was changed.\n\n%1")
                      .arg(m_lifeline->startProblem()));
        return code;
    }
    HistoryStore *history = m_lifeline->history();
    EngineThread *engine = m_lifeline->engine();
    m_model = new ServerTableModel(this);
    m_window = new MainWindow(m_model);
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    const ConfigSource &src = m_lifeline->config().source();
    m_window->setConfigDescription(src.isDemo
            ? tr("Demo servers (no config at %1)").arg(ConfigLoader::defaultConfigPath())
            : tr("Config: %1").arg(src.path));

    if (!history->isOpen())
        m_window->showHistoryProblem(m_lifeline->historyProblem());
    else {
        m_window->setHistoryFetcher(
            [history](const QString &server, const QDateTime &from, const QDateTime &to, int points) {
                return history->latencySeries(server, from, to, points);
            });
        m_window->setCallHistoryFetcher(
            [history](const QString &server, const QDateTime &from, const QDateTime &to) {
                // The 7 d and 30 d charts draw hourly or 4-hour bars: whole hours can come from
                // the hour rollup, which keeps call counts long after the raw rows are gone.
                const bool hourly = from.msecsTo(to) > 2 * 24 * 3600'000LL;
                return history->throughput(server, from, to, hourly ? 3600'000LL : 60'000LL);
            },
            callsKeptMs(m_lifeline->currentConfig().history));
        // A reload may change the retention.
        connect(m_lifeline, &Lifeline::configApplied, m_window, [this](const Config &config) {
            m_window->historyView()->setCallsKeptMs(callsKeptMs(config.history));
        });
    }
    // The table's p95 and 24 h uptime and the overall availability come from the history.
    auto *stats = new QTimer(this);
    connect(stats, &QTimer::timeout, this, &Dashboard::refreshHistoryStats);
    stats->start(30000);
    QTimer::singleShot(3000, this, &Dashboard::refreshHistoryStats); // the first minute's data
    if (history->isOpen()) {
        history->lastEvents(1000).then(this, [this](const QList<StoredEvent> &events) {
            if (m_window)
                m_window->eventsPanel()->events()->setInitial(events);
        });
    }
    connect(
        m_lifeline, &Lifeline::historySavingChanged, m_window, [this](bool saving, const QString &message) {
            m_window->showHistoryProblem(saving ? QString() : message);
        });

    connect(engine->engine(), &MonitorEngine::snapshotChanged, m_model, &ServerTableModel::updateServer);
    connect(engine->engine(), &MonitorEngine::serverRemoved, m_model, &ServerTableModel::removeServer);
    connect(m_window, &MainWindow::checkNowRequested, engine, &EngineThread::checkNow);
    connect(m_window, &MainWindow::stopRequested, engine, &EngineThread::stopServer);
    connect(m_window, &MainWindow::startRequested, engine, &EngineThread::startServer);
    connect(m_window, &MainWindow::restartRequested, engine, &EngineThread::restartServer);
    connect(m_window, &MainWindow::disableRequested, engine, &EngineThread::disableServer);
    connect(m_window, &MainWindow::enableRequested, engine, &EngineThread::enableServer);
    connect(m_window, &MainWindow::failoverRequested, engine, &EngineThread::failover);
    connect(m_window, &MainWindow::restorePrimaryRequested, engine, &EngineThread::restorePrimary);
    connect(engine->engine(), &MonitorEngine::groupChanged, m_window, &MainWindow::updateGroup);
    // Health and alert events, in order: the Events tab and the tray.
    connect(
        m_lifeline, &Lifeline::eventOccurred, m_window->eventsPanel()->events(), &EventLogModel::appendLive);
    connect(m_window, &MainWindow::settingsRequested, this, &Dashboard::openSettings);
    connect(m_window, &MainWindow::importRequested, this, &Dashboard::openImport);
    m_tray = new TrayController(m_model, m_window, this);
    connect(engine->engine(), &MonitorEngine::eventOccurred, m_tray, &TrayController::onEvent,
        Qt::QueuedConnection);
    connect(m_tray, &TrayController::restartRequested, engine, &EngineThread::restartServer);
    // Closing the window hides it to the tray then: only the tray's Quit (or a signal) ends Lifeline.
    if (m_tray->isTrayAvailable())
        QGuiApplication::setQuitOnLastWindowClosed(false);
    wireAlerts();

    connect(m_lifeline, &Lifeline::configApplied, m_window, [this] { m_window->showConfigProblem({}); });
    connect(m_lifeline, &Lifeline::configRejected, m_window, [this](const QList<ConfigIssue> &errors) {
        QStringList lines;
        for (const ConfigIssue &i : errors)
            lines.append(i.toString());
        m_window->showConfigProblem(tr("The config file has errors; the last good config stays in force.\n%1")
                                        .arg(lines.join(u'\n')));
    });
    StatusServer *status = m_lifeline->statusServer();
    m_window->setStatusServer(status ? status->url() : QString(),
        status ? QString::fromUtf8(status->token().value()) : QString(), m_lifeline->statusProblem(),
        status && status->isListening() && !status->address().isLoopback());
    m_lifeline->run();
    m_window->show();
    if (src.isDemo)
        offerImport();
    return 0;
}

void Dashboard::wireAlerts()
{
    // Alert notifications: the channels of lifeline.alerts.channels; tray ones through our tray.
    AlertDispatcher *notify = m_lifeline->notifications();
    connect(notify, &AlertDispatcher::trayNotificationRequested, m_tray, &TrayController::showAlert);
    connect(notify, &AlertDispatcher::channelFailed, m_window,
        [this](const QString &channel, const QString &message) {
            m_window->statusBar()->showMessage(
                tr("Alert channel %1 is failing: %2").arg(channel, message), 30000);
        });
    connect(notify, &AlertDispatcher::channelRecovered, m_window, [this](const QString &channel) {
        m_window->statusBar()->showMessage(tr("Alert channel %1 delivers again").arg(channel), 10000);
    });

    // The alert manager judges on the engine thread; the Alerts tab and the tray hear what it decides.
    AlertManager *alerts = m_lifeline->alerts();
    AlertsModel *model = m_window->eventsPanel()->alerts();
    connect(alerts, &AlertManager::alertChanged, model, &AlertsModel::upsert);
    connect(alerts, &AlertManager::alertChanged, m_tray, [this](const Alert &a) {
        if (a.rule == "flapping"_L1) // the tray keeps quiet about each transition meanwhile
            m_tray->setFlapping(a.server, a.isActive());
    });
    connect(m_window, &MainWindow::acknowledgeRequested, this, [this](const QString &id) {
        m_lifeline->postToAlerts([id](AlertManager *a) { a->acknowledge(id); });
    });
    connect(m_window, &MainWindow::silenceRequested, this,
        [this](const QString &server, const QString &rule, const QDateTime &until) {
            m_lifeline->postToAlerts([=](AlertManager *a) { a->silence(server, rule, until); });
        });
    HistoryStore *history = m_lifeline->history();
    if (history->isOpen()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        history->alerts(now.addDays(-7), now.addSecs(1)).then(this, [this](const QList<Alert> &past) {
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
        if (!m_window || !m_lifeline->config().source().isDemo || plan.writeCount() == 0)
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
    const ConfigSource &src = m_lifeline->config().source();
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
    if (m_lifeline->config().source().isDemo
        || QFileInfo(path) != QFileInfo(m_lifeline->config().source().path)) {
        ConfigSource source;
        source.path = path;
        m_lifeline->config().switchTo(source);
        m_window->setConfigDescription(tr("Config: %1").arg(path));
    }
}

void Dashboard::refreshHistoryStats()
{
    HistoryStore *history = m_lifeline ? m_lifeline->history() : nullptr;
    if (!history || !history->isOpen())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    history
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
    history->query([now](HistoryQueries &q) { return q.failures(now.addDays(-30), now.addSecs(1)); })
        .then(this, [this](const QList<FailureRecord> &records) {
            if (m_window)
                m_window->eventsPanel()->failures()->setRecords(records);
        });
}

void Dashboard::openSettings()
{
    // Modeless: monitoring and the window go on while the user edits.
    // The dialog checks what it writes with the loader, in the environment the program reads the
    // file with: the config it hands back is applied as it is, the file is not parsed again.
    SettingsFile::Access access = SettingsFile::Access::system();
    access.writeConfig
        = [env = ConfigSource::environment()](const QString &path, const QList<ConfigWriter::Edit> &edits) {
              return ConfigWriter::write(path, edits, env);
          };
    auto *dialog = new SettingsDialog(
        m_lifeline->config().source().isDemo ? QString() : m_lifeline->config().source().path, access,
        m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::configWritten, this,
        [this](const QString &path, const QByteArray &text, const Config &config) {
            ConfigSource source;
            source.path = path;
            const bool switched = m_lifeline->config().source().isDemo
                || QFileInfo(path) != QFileInfo(m_lifeline->config().source().path);
            m_lifeline->config().adopt(switched ? source : m_lifeline->config().source(), text, config);
            if (switched)
                m_window->setConfigDescription(tr("Config: %1").arg(path));
        });
    dialog->show();
}

void Dashboard::stop()
{
    if (m_lifeline)
        m_lifeline->stop(); // every server process ends before this returns
    delete m_tray; // before the window it filters
    m_tray = nullptr;
    delete m_window;
    m_window = nullptr;
}

} // namespace lifeline
