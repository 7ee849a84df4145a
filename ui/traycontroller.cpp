#include "traycontroller.h"

#include "servertablemodel.h"
#include "statusicons.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QMenu>
#include <QSettings>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

// Worst first: the tray shows the first of these that any server is in.
constexpr HealthState kSeverity[] = {HealthState::Failed, HealthState::Unhealthy, HealthState::Recovering,
    HealthState::Degraded, HealthState::Starting, HealthState::Healthy};

// The tooltip lists every state with servers in it, worst first; offline and disabled last, as
// they are the user's choice rather than trouble.
constexpr HealthState kTooltipOrder[]
    = {HealthState::Failed, HealthState::Unhealthy, HealthState::Recovering, HealthState::Degraded,
        HealthState::Starting, HealthState::Healthy, HealthState::Offline, HealthState::Disabled};

// A name list in a notification stays readable when a whole network goes down at once.
constexpr int kMaxNamesListed = 5;

bool needsRestart(HealthState s)
{
    return s == HealthState::Unhealthy || s == HealthState::Failed || s == HealthState::Recovering;
}

} // namespace

TrayController::TrayController(ServerTableModel *model, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_window(window)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(std::make_unique<QMenu>())
    , m_coalesce(new QTimer(this))
{
    // Not restarted by each event: a steady stream still gets a message every interval.
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(2000);
    connect(m_coalesce, &QTimer::timeout, this, &TrayController::flushPending);

    m_open = m_menu->addAction(tr("Open MCP Lifeline"), this, &TrayController::showWindow);
    m_menu->setDefaultAction(m_open);
    m_restartSection = m_menu->addSection(tr("Restart"));
    m_quitSeparator = m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, [] { QCoreApplication::quit(); });
    m_tray->setContextMenu(m_menu.get());

    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            showWindow();
    });
    connect(m_model, &ServerTableModel::countsChanged, this, &TrayController::updateState);
    updateState();
    setTrayAvailable(QSystemTrayIcon::isSystemTrayAvailable(), true);
    // A panel can appear after us (a session still starting) or go away (restarted, crashed):
    // ask again now and then. A local question (an X selection owner, or a cached D-Bus answer).
    auto *recheck = new QTimer(this);
    recheck->setInterval(10000);
    connect(recheck, &QTimer::timeout, this, [this] {
        if (m_followSystem && QSystemTrayIcon::isSystemTrayAvailable() != m_available)
            setTrayAvailable(!m_available, true);
    });
    recheck->start();
}

TrayController::~TrayController()
{
    if (m_window)
        m_window->removeEventFilter(this);
    // The icon goes before the menu it shows.
    delete m_tray;
}

QString TrayController::closeNoticeKey()
{
    return u"tray/closeNoticeShown"_s;
}

void TrayController::setTrayAvailable(bool available, bool fromSystem)
{
    m_followSystem = fromSystem;
    const bool was = m_available;
    m_available = available;
    // A window hidden in a tray that has gone could never be brought back: show it.
    if (was && !available && m_window && m_window->isHidden())
        showWindow();
    // Closing hides the window only where the tray can bring it back.
    if (m_window) {
        m_window->removeEventFilter(this);
        if (available)
            m_window->installEventFilter(this);
    }
    m_tray->setVisible(available);
}

void TrayController::setCoalesceInterval(int ms)
{
    m_coalesce->setInterval(ms);
}

QString TrayController::toolTip() const
{
    const QHash<HealthState, int> counts = m_model->stateCounts();
    QStringList lines {tr("MCP Lifeline")};
    for (HealthState s : kTooltipOrder) {
        if (const int n = counts.value(s))
            lines.append(tr("%1 %2", "tray tooltip: a count and a state, as in \"2 Healthy\"")
                             .arg(n)
                             .arg(ServerTableModel::statusText(s)));
    }
    if (lines.size() == 1)
        lines.append(tr("No servers"));
    return lines.join(u'\n');
}

void TrayController::updateState()
{
    const QHash<HealthState, int> counts = m_model->stateCounts();
    // With no server counted (none at all, or all offline or disabled) the icon looks healthy:
    // nothing needs attention.
    m_worst = HealthState::Healthy;
    for (HealthState s : kSeverity) {
        if (counts.value(s) > 0) {
            m_worst = s;
            break;
        }
    }
    m_tray->setIcon(statusIcon(m_worst, 32));
    m_tray->setToolTip(toolTip());
    rebuildMenu();
}

void TrayController::rebuildMenu()
{
    qDeleteAll(m_restartActions);
    m_restartActions.clear();
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ServerSnapshot *s = m_model->server(row);
        if (s && needsRestart(s->state))
            names.append(s->name);
    }
    names.sort();
    for (const QString &name : std::as_const(names)) {
        auto *a = new QAction(tr("Restart %1").arg(name), m_menu.get());
        a->setIcon(statusIcon(m_model->server(m_model->rowOf(name))->state));
        connect(a, &QAction::triggered, this, [this, name] { Q_EMIT restartRequested(name); });
        m_menu->insertAction(m_quitSeparator, a);
        m_restartActions.append(a);
    }
    m_restartSection->setVisible(!names.isEmpty());
}

void TrayController::showWindow()
{
    if (!m_window)
        return;
    m_window->show();
    // Not showNormal(): a maximised window comes back maximised.
    if (m_window->isMinimized())
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->raise();
    m_window->activateWindow();
}

void TrayController::onEvent(const HealthEvent &event)
{
    Pending p;
    if (event.isState()) {
        const HealthState to = event.to;
        const std::optional<HealthState> from = event.from;
        p.name = event.server;
        // One "flapping" alert speaks for the whole episode: no notification per transition.
        if (m_flapping.contains(event.server) && to != HealthState::Failed)
            return;
        p.detail = event.detail.isEmpty() ? event.failure.detail : event.detail;
        if (to == HealthState::Unhealthy) {
            p.kind = Kind::Down;
        } else if (to == HealthState::Failed) {
            p.kind = Kind::Failed;
        } else if (isUp(to) && from && isDown(*from)) {
            // Back up, even if only degraded: the user heard it went down, so they hear it came back.
            p.kind = Kind::Recovered;
            p.detail.clear();
        } else {
            return;
        }
    } else if (event.kind == HealthEvent::Kind::Failover) {
        p.kind = Kind::Failover;
        p.name = event.extra.value("group"_L1).toString();
        p.target = event.extra.value("to"_L1).toString();
        p.detail = event.extra.value("reason"_L1).toString();
    } else {
        return;
    }
    // The same news twice in one burst is said once, with the newest detail.
    auto same = std::find_if(m_pending.begin(), m_pending.end(),
        [&](const Pending &q) { return q.kind == p.kind && q.name == p.name; });
    if (same != m_pending.end())
        *same = p;
    else
        m_pending.append(p);
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void TrayController::setFlapping(const QString &server, bool flapping)
{
    if (flapping)
        m_flapping.insert(server);
    else
        m_flapping.remove(server);
}

void TrayController::showAlert(const Alert &alert)
{
    const QString subject = alert.server.isEmpty() ? tr("MCP Lifeline") : alert.server;
    QString title;
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    if (!alert.isActive()) {
        title = tr("Resolved: %1").arg(subject);
    } else if (alert.severity == AlertSeverity::Critical) {
        title = tr("Critical: %1").arg(subject);
        icon = QSystemTrayIcon::Critical;
    } else if (alert.severity == AlertSeverity::Warning) {
        title = tr("Warning: %1").arg(subject);
        icon = QSystemTrayIcon::Warning;
    } else {
        title = tr("Note: %1").arg(subject);
    }
    notify(title, alert.message, icon);
}

QString TrayController::singleText(const Pending &p) const
{
    QString text;
    switch (p.kind) {
    case Kind::Down:
        text = tr("%1 is down.").arg(p.name);
        break;
    case Kind::Recovered:
        text = tr("%1 is back up.").arg(p.name);
        break;
    case Kind::Failed:
        text = tr("Lifeline gave up on %1; it needs a restart by hand.").arg(p.name);
        break;
    case Kind::Failover:
        text = tr("Failover group %1 switched to %2.").arg(p.name, p.target);
        break;
    }
    return text;
}

QString TrayController::summaryLine(Kind kind, const QList<Pending> &items) const
{
    if (items.size() == 1)
        return singleText(items.first());
    QStringList names;
    for (const Pending &p : items)
        names.append(kind == Kind::Failover ? tr("%1 → %2").arg(p.name, p.target) : p.name);
    const int more = int(names.size()) - kMaxNamesListed;
    if (more > 0) {
        names.resize(kMaxNamesListed);
        names.append(tr("and %n more", nullptr, more));
    }
    const QString list = names.join(u", "_s);
    const int n = int(items.size());
    switch (kind) {
    case Kind::Down:
        return tr("%n servers down: %1", nullptr, n).arg(list);
    case Kind::Recovered:
        return tr("%n servers back up: %1", nullptr, n).arg(list);
    case Kind::Failed:
        return tr("%n servers failed for good: %1", nullptr, n).arg(list);
    case Kind::Failover:
        return tr("%n failovers: %1", nullptr, n).arg(list);
    }
    return {};
}

void TrayController::flushPending()
{
    const QList<Pending> items = std::exchange(m_pending, {});
    if (items.isEmpty())
        return;

    // Worst news first; the icon says how bad the worst of it is.
    static constexpr Kind order[] = {Kind::Failed, Kind::Down, Kind::Failover, Kind::Recovered};
    QStringList lines;
    QList<Kind> kinds;
    for (Kind kind : order) {
        QList<Pending> ofKind;
        for (const Pending &p : items)
            if (p.kind == kind)
                ofKind.append(p);
        if (ofKind.isEmpty())
            continue;
        kinds.append(kind);
        lines.append(summaryLine(kind, ofKind));
    }
    // A lone event keeps its reason; in a summary the window has the details.
    if (items.size() == 1 && !items.first().detail.isEmpty())
        lines.append(items.first().detail);

    const bool many = items.size() > 1;
    QString title = tr("MCP Lifeline");
    if (kinds.size() == 1) {
        switch (kinds.first()) {
        case Kind::Down:
            title = many ? tr("Servers down") : tr("Server down");
            break;
        case Kind::Recovered:
            title = many ? tr("Servers recovered") : tr("Server recovered");
            break;
        case Kind::Failed:
            title = many ? tr("Servers failed") : tr("Server failed");
            break;
        case Kind::Failover:
            title = tr("Failover");
            break;
        }
    }
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    if (kinds.contains(Kind::Failed))
        icon = QSystemTrayIcon::Critical;
    else if (kinds.contains(Kind::Down) || kinds.contains(Kind::Failover))
        icon = QSystemTrayIcon::Warning;
    notify(title, lines.join(u'\n'), icon);
}

void TrayController::notify(const QString &title, const QString &text, QSystemTrayIcon::MessageIcon icon)
{
    if (m_available && m_tray->isVisible())
        m_tray->showMessage(title, text, icon, 10000);
    Q_EMIT notified(title, text);
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    if (m_available && watched == m_window && event->type() == QEvent::Close) {
        // Hidden, not closed: the engine keeps watching and the tray brings the window back.
        event->ignore();
        m_window->hide();
        QSettings settings;
        if (!settings.value(closeNoticeKey()).toBool()) {
            settings.setValue(closeNoticeKey(), true);
            notify(tr("MCP Lifeline"),
                tr("MCP Lifeline keeps running in the tray and keeps watching your servers. "
                   "Choose Quit from the tray menu to end it."),
                QSystemTrayIcon::Information);
        }
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lifeline
