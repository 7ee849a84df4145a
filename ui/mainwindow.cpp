#include "mainwindow.h"

#include "alertsmodel.h"

#include "actiontracker.h"
#include "eventspanel.h"
#include "stateicondelegate.h"

#include "serverfiltermodel.h"
#include "servertablemodel.h"
#include "serverhistoryview.h"
#include "statusicons.h"

#include "api/clientsnippet.h"

#include <QAction>
#include <QSettings>
#include <QMessageBox>
#include <QMenu>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QDockWidget>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QScreen>
#include <QStyle>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

// The gateway's columns came last in the model (its column numbers are an interface); on screen
// they sit before "Last check" so that the last error still takes the spare width.
void placeCallColumns(QHeaderView *header)
{
    for (int c : {ServerTableModel::CallsPerSecond, ServerTableModel::CallErrors})
        header->moveSection(header->visualIndex(c), header->visualIndex(ServerTableModel::LastCheck));
}

} // namespace

MainWindow::MainWindow(ServerTableModel *model, QWidget *parent)
    : QMainWindow(parent)
    , m_model(model)
    , m_filter(new ServerFilterModel(this))
    , m_table(new QTableView)
    , m_details(new QTextBrowser)
    , m_search(new QLineEdit)
    , m_configLabel(new QLabel)
    , m_problem(new QLabel)
{
    setWindowTitle(tr("MCP Lifeline"));

    m_filter->setSourceModel(m_model);
    QDockWidget *dock = nullptr;

    // Toolbar: actions on the selected server, then the filter box.
    QToolBar *tools = addToolBar(tr("Actions"));
    tools->setObjectName(u"actions"_s);
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_checkNow = tools->addAction(QIcon::fromTheme(u"view-refresh"_s), tr("Check now"));
    m_checkNow->setShortcut(QKeySequence::Refresh);
    m_checkNow->setToolTip(tr("Check the selected server now (%1)")
                               .arg(m_checkNow->shortcut().toString(QKeySequence::NativeText)));
    m_stop = tools->addAction(QIcon::fromTheme(u"media-playback-stop"_s), tr("Stop"));
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stop->setToolTip(tr("Stop watching the selected server and end its process"));
    m_start = tools->addAction(QIcon::fromTheme(u"media-playback-start"_s), tr("Start"));
    m_start->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_start->setToolTip(tr("Start the selected server again"));
    m_restart = tools->addAction(QIcon::fromTheme(u"view-refresh"_s), tr("Restart"));
    m_restart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_restart->setToolTip(tr("Restart the selected server now; its restart ladder starts over"));
    m_disable = tools->addAction(tr("Disable"));
    m_disable->setToolTip(tr("Stop watching the selected server until it is enabled again"));
    // Fail over: to a member chosen from its menu (the selected server's failover group).
    m_failover = tools->addAction(QIcon::fromTheme(u"network-wired"_s), tr("Fail over"));
    m_failover->setToolTip(tr("Make another member of the selected server's failover group the active one"));
    m_failover->setMenu(new QMenu(this));
    if (auto *b = qobject_cast<QToolButton *>(tools->widgetForAction(m_failover)))
        b->setPopupMode(QToolButton::InstantPopup);
    connect(m_failover->menu(), &QMenu::aboutToShow, this, [this] {
        QMenu *menu = m_failover->menu();
        menu->clear();
        const ServerSnapshot *s = m_model->server(m_model->rowOf(selectedServer()));
        if (!s || !m_groups.contains(s->group))
            return;
        const FailoverGroupSnapshot g = m_groups.value(s->group);
        for (const QString &member : QStringList {g.primary} + g.fallbacks) {
            QAction *a = menu->addAction(tr("Fail over to %1").arg(member));
            const ServerSnapshot *m = m_model->server(m_model->rowOf(member));
            if (m)
                a->setIcon(statusIcon(m->state, 14));
            a->setEnabled(member != g.active);
            connect(a, &QAction::triggered, this, [this, group = g.name, member, active = g.active] {
                if (!confirm(tr("Fail over"),
                        tr("Make %1 the active member of %2 instead of %3?").arg(member, group, active)))
                    return;
                act(ActionTracker::Kind::Failover, member, member);
                Q_EMIT failoverRequested(group, member);
            });
        }
    });
    m_restore = tools->addAction(tr("Restore primary"));
    m_restore->setToolTip(tr("Make the failover group's primary the active member again"));
    // Not on the toolbar: it is about pasting into another program, not about running the server.
    m_useThrough = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("Use through Lifeline"), this);
    m_useThrough->setObjectName(u"useThroughLifeline"_s);
    m_useThrough->setToolTip(tr("Copy a client configuration (Claude Code, Claude Desktop, Cursor, VS Code) "
                                "that sends this server's MCP calls through Lifeline's gateway"));
    m_useThrough->setMenu(new QMenu(this));
    connect(m_useThrough->menu(), &QMenu::aboutToShow, this,
        [this] { fillUseThroughMenu(m_useThrough->menu()); });
    tools->addSeparator();
    QAction *settings = tools->addAction(QIcon::fromTheme(u"preferences-system"_s), tr("Settings…"));
    settings->setShortcut(QKeySequence::Preferences);
    settings->setToolTip(tr("Thresholds, recovery and servers (written to the config file)"));
    connect(settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import = file->addAction(tr("&Import servers…"));
    import->setObjectName(u"importServers"_s);
    import->setToolTip(tr("Add the MCP servers of Claude Desktop, Claude Code, Cursor, VS Code or mcp-hub"));
    connect(import, &QAction::triggered, this, &MainWindow::importRequested);
    file->addAction(settings);
    file->addSeparator();
    m_copyToken = file->addAction(tr("Copy API &token"));
    m_copyToken->setObjectName(u"copyApiToken"_s);
    m_copyToken->setToolTip(tr("The token the status server asks for before it changes anything"));
    m_copyToken->setEnabled(false);
    connect(m_copyToken, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(m_apiToken);
        statusBar()->showMessage(tr("API token copied to the clipboard"), 5000);
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QCoreApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(u"quit"_s);
    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    tools->addWidget(spacer);
    m_search->setPlaceholderText(tr("Filter servers…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(280);
    tools->addWidget(m_search);
    connect(m_search, &QLineEdit::textChanged, m_filter, &ServerFilterModel::setText);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_search, qOverload<>(&QWidget::setFocus));
    addAction(find);

    auto selected = [this] { return selectedServer(); };
    connect(m_checkNow, &QAction::triggered, this, [this, selected] {
        if (selected().isEmpty())
            return;
        act(ActionTracker::Kind::CheckNow, selected());
        Q_EMIT checkNowRequested(selected());
    });
    connect(m_stop, &QAction::triggered, this, [this, selected] {
        const QString name = selected();
        if (name.isEmpty()
            || !confirm(tr("Stop"),
                tr("Stop %1? Its process is ended and it is no longer watched until you start it.")
                    .arg(name)))
            return;
        act(ActionTracker::Kind::Stop, name);
        Q_EMIT stopRequested(name);
    });
    connect(m_start, &QAction::triggered, this, [this, selected] {
        if (selected().isEmpty())
            return;
        act(ActionTracker::Kind::Start, selected());
        Q_EMIT startRequested(selected());
    });
    connect(m_restart, &QAction::triggered, this, [this, selected] {
        const QString name = selected();
        if (name.isEmpty()
            || !confirm(
                tr("Restart"), tr("Restart %1 now? Its process is ended and started again.").arg(name)))
            return;
        act(ActionTracker::Kind::Restart, name);
        Q_EMIT restartRequested(name);
    });
    connect(m_disable, &QAction::triggered, this, [this, selected] {
        const ServerSnapshot *s = m_model->server(m_model->rowOf(selected()));
        if (!s)
            return;
        const QString name = s->name;
        if (s->state == HealthState::Disabled) {
            act(ActionTracker::Kind::Enable, name);
            Q_EMIT enableRequested(name);
            return;
        }
        if (!confirm(tr("Disable"),
                tr("Disable %1? It is stopped and not watched until you enable it.").arg(name)))
            return;
        act(ActionTracker::Kind::Disable, name);
        Q_EMIT disableRequested(name);
    });
    connect(m_restore, &QAction::triggered, this, [this] {
        const ServerSnapshot *s = m_model->server(m_model->rowOf(selectedServer()));
        if (!s || !m_groups.contains(s->group))
            return;
        const FailoverGroupSnapshot g = m_groups.value(s->group);
        act(ActionTracker::Kind::RestorePrimary, g.primary, g.primary);
        Q_EMIT restorePrimaryRequested(g.name);
    });
    m_tracker = new ActionTracker(this);
    connect(m_tracker, &ActionTracker::finished, this,
        [this](const QString &, const QString &message, bool) { statusBar()->showMessage(message, 10000); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        for (const QString &name : m_tracker->pendingServers()) {
            if (const ServerSnapshot *s = m_model->server(m_model->rowOf(name)))
                m_tracker->snapshotSeen(*s);
        }
    });
    // The countdown to the next recovery attempt moves every second.
    auto *countdown = new QTimer(this);
    countdown->setInterval(1000);
    connect(countdown, &QTimer::timeout, this, [this] {
        const ServerSnapshot *s = m_model->server(m_model->rowOf(selectedServer()));
        if (s && s->nextAttempt.isValid())
            updateDetails();
    });
    countdown->start();

    // Overview strip: a count per state; each one filters the table.
    auto *strip = new QWidget;
    auto *stripLayout = new QHBoxLayout(strip);
    stripLayout->setContentsMargins(8, 6, 8, 2);
    for (HealthState s :
        {HealthState::Healthy, HealthState::Degraded, HealthState::Unhealthy, HealthState::Recovering,
            HealthState::Failed, HealthState::Starting, HealthState::Offline, HealthState::Disabled}) {
        auto *b = new QToolButton;
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setIcon(statusIcon(s, 14));
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setToolTip(tr("Show only %1 servers").arg(ServerTableModel::statusText(s).toLower()));
        connect(b, &QToolButton::toggled, this, [this] {
            QSet<HealthState> states;
            for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
                if (it.value()->isChecked())
                    states.insert(it.key());
            m_filter->setStates(states);
        });
        m_counts.insert(s, b);
        stripLayout->addWidget(b);
    }
    stripLayout->addStretch();
    m_availability = new QLabel;
    m_availability->setObjectName(u"availability24h"_s);
    m_availability->setToolTip(tr("Time all servers were up in the last 24 hours, from the history "
                                  "(time you stopped or disabled a server does not count)"));
    stripLayout->addWidget(m_availability);
    m_alertsButton = new QToolButton;
    m_alertsButton->setObjectName(u"activeAlerts"_s);
    m_alertsButton->setAutoRaise(true);
    m_alertsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_alertsButton->setToolTip(tr("Show the alerts"));
    stripLayout->addWidget(m_alertsButton);
    setOverallAvailability(-1);
    m_problem->setVisible(false);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(
        u"QLabel { color: palette(window-text); background: rgba(215, 58, 58, 40);"
        " border: 1px solid rgba(215, 58, 58, 140); border-radius: 4px; padding: 4px 8px; }"_s);

    // Table and details.
    m_table->setModel(m_filter);
    m_table->setItemDelegateForColumn(
        ServerTableModel::Status, new StateIconDelegate(ServerTableModel::StateRole, m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ServerTableModel::Name, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Which columns show: the header's context menu (a narrow first window hides some).
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(
        m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
            QMenu menu;
            QHeaderView *header = m_table->horizontalHeader();
            for (int v = 0; v < header->count(); ++v) {
                const int c = header->logicalIndex(v);
                QAction *a = menu.addAction(m_filter->headerData(c, Qt::Horizontal).toString());
                a->setCheckable(true);
                a->setChecked(!header->isSectionHidden(c));
                a->setEnabled(c != ServerTableModel::Name); // a row needs its name
                connect(a, &QAction::toggled, this, [this, c](bool on) {
                    m_table->setColumnHidden(c, !on);
                    if (on && m_table->columnWidth(c) < 30)
                        m_table->resizeColumnToContents(c);
                });
            }
            menu.exec(header->mapToGlobal(pos));
        });
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_checkNow, m_restart, m_stop, m_start, m_disable, m_failover, m_restore});
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addActions({separator, m_useThrough});
    // First run: columns as wide as their header or typical value; the user's widths, once saved, win.
    const int tableWidth = fitColumns();
    placeCallColumns(m_table->horizontalHeader());

    m_details->setOpenLinks(false);
    m_details->setMinimumWidth(300);

    // The detail pane: the selected server's charts above its details.
    m_history = new ServerHistoryView;
    m_detailSplit = new QSplitter(Qt::Vertical);
    m_detailSplit->addWidget(m_history);
    // The details with the "Use through Lifeline" button above them.
    auto *detailBox = new QWidget;
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->setSpacing(2);
    auto *useThrough = new QToolButton;
    useThrough->setObjectName(u"useThroughButton"_s);
    useThrough->setDefaultAction(m_useThrough);
    useThrough->setPopupMode(QToolButton::InstantPopup);
    useThrough->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *detailBar = new QHBoxLayout;
    detailBar->setContentsMargins(4, 2, 4, 0);
    detailBar->addStretch(1);
    detailBar->addWidget(useThrough);
    detailLayout->addLayout(detailBar);
    detailLayout->addWidget(m_details, 1);
    m_detailSplit->addWidget(detailBox);
    m_detailSplit->setStretchFactor(0, 3);
    m_detailSplit->setStretchFactor(1, 2);

    m_split = new QSplitter;
    m_split->addWidget(m_table);
    m_split->addWidget(m_detailSplit);
    // The table takes what the window gains: its columns run out of room first.
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 0);
    auto *split = m_split;

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(strip);
    auto *problemBox = new QWidget;
    auto *problemLayout = new QHBoxLayout(problemBox);
    problemLayout->setContentsMargins(8, 2, 8, 4);
    problemLayout->addWidget(m_problem);
    layout->addWidget(problemBox);
    layout->addWidget(split, 1);
    setCentralWidget(central);

    // Events and failures below, as a dock the user can move, float or close (View menu: toggle).
    m_events = new EventsPanel;
    dock = new QDockWidget(tr("Events, failures and alerts"), this);
    dock->setObjectName(u"events"_s);
    dock->setWidget(m_events);
    dock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    QAction *toggleEvents = dock->toggleViewAction();
    toggleEvents->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    addAction(toggleEvents);
    connect(m_events, &EventsPanel::serverActivated, this, &MainWindow::selectServer);
    connect(m_events, &EventsPanel::acknowledgeRequested, this, &MainWindow::acknowledgeRequested);
    connect(m_events, &EventsPanel::silenceRequested, this, &MainWindow::silenceRequested);
    connect(m_events->alerts(), &AlertsModel::activeCountChanged, this, &MainWindow::updateAlertCount);
    connect(m_events->alerts(), &QAbstractItemModel::dataChanged, this, &MainWindow::updateAlertCount);
    connect(m_alertsButton, &QToolButton::clicked, this, [this, dock] {
        dock->show();
        dock->raise();
        m_events->setCurrentTab(EventsPanel::AlertsTab);
        m_events->alertsView()->setFocus();
    });
    updateAlertCount();
    m_serverCount = new QLabel;
    statusBar()->addWidget(m_serverCount);
    m_historyLabel = new QLabel;
    m_historyLabel->setObjectName(u"historyProblem"_s);
    m_historyLabel->setStyleSheet(u"QLabel { color: #a15c00; }"_s);
    m_historyLabel->setVisible(false);
    statusBar()->addPermanentWidget(m_historyLabel);
    statusBar()->addPermanentWidget(m_configLabel);

    connect(m_model, &ServerTableModel::countsChanged, this, &MainWindow::updateCounts);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCounts);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCounts);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateDetails);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->selectionModel()->hasSelection() && m_filter->rowCount() > 0)
            m_table->selectRow(0);
    });
    // The first run's size: the whole table beside a detail pane wide enough for the charts, as far
    // as the screen allows (restoreLayout() puts the user's own size back).
    const QRect screen = this->screen() ? this->screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    const int wanted = tableWidth + m_split->handleWidth() + kDetailWidth;
    const int width = qMin(qMax(wanted, kMinDefaultWidth), qMax(kMinDefaultWidth, screen.width() - 40));
    resize(width, qMin(qMax(kMinDefaultHeight, screen.height() * 9 / 10), 900));
    // Still too narrow (a small screen): the columns read least often wait in the header's menu.
    const int tableSpace = width - kDetailWidth - m_split->handleWidth();
    int shown = tableWidth;
    // Restarts and the active member are empty or zero for most servers; the details have them too.
    for (int c : {ServerTableModel::Restarts, ServerTableModel::ActiveMember, ServerTableModel::P95Latency,
             ServerTableModel::Uptime24h, ServerTableModel::Transport, ServerTableModel::ErrorRate}) {
        if (shown <= tableSpace)
            break;
        shown -= m_table->columnWidth(c);
        m_table->setColumnHidden(c, true);
    }
    m_split->setSizes({tableSpace, kDetailWidth});
    resizeDocks({dock}, {kEventsHeight}, Qt::Vertical); // the charts and details need the height more
    restoreLayout();
    updateCounts();
    updateDetails();
    updateActions();
}

int MainWindow::fitColumns()
{
    // Not the header's own size hint: it keeps room for a sort arrow on every column, which
    // alone made the 13 columns need a horizontal scroll bar in the default window.
    QHeaderView *header = m_table->horizontalHeader();
    const QFontMetrics cells(m_table->font()), heads(header->font());
    const int headMargin = 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    const int arrow = heads.height() + headMargin; // the column sorted by at first
    const int cellMargin
        = 2 * (m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 6;
    const QLocale loc;
    const QString ms = loc.toString(1587.2, 'f', 1) + u" ms"_s;
    const QString typical[ServerTableModel::ColumnCount] = {
        u"search-primary"_s, // Name
        u"stdio"_s, // Transport
        ServerTableModel::statusText(HealthState::Recovering), // Status (an icon beside it)
        ms, // Latency
        ms, // P95Latency
        loc.toString(100) + u" %"_s, // ErrorRate
        loc.toString(99.95, 'f', 2) + u" %"_s, // Uptime24h
        loc.toString(12), // Restarts
        u"search-backup"_s, // ActiveMember
        loc.toString(12.34, 'f', 2), // LastCheck
        QString(), // LastError: it stretches
        loc.toString(123.45, 'f', 2), // CallsPerSecond
        loc.toString(123), // CallErrors
    };
    int total = 0;
    for (int c = 0; c < ServerTableModel::ColumnCount; ++c) {
        const QString title = m_filter->headerData(c, Qt::Horizontal).toString();
        int width = heads.horizontalAdvance(title) + headMargin + 6;
        if (c == ServerTableModel::Name)
            width += arrow;
        int cell = cells.horizontalAdvance(typical[c]) + cellMargin;
        if (c == ServerTableModel::Status)
            cell += 16 + 6; // the state icon
        if (c == ServerTableModel::LastCheck)
            cell = cells.horizontalAdvance(lifeline::ServerTableModel::tr("%n min ago", nullptr, 59))
                + cellMargin;
        if (c == ServerTableModel::LastError)
            cell = kLastErrorWidth;
        width = qMax(width, cell);
        m_table->setColumnWidth(c, width);
        total += width;
    }
    return total + 2 * m_table->frameWidth();
}

void MainWindow::setConfigDescription(const QString &text)
{
    m_configLabel->setText(text);
}

void MainWindow::showConfigProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->parentWidget()->setVisible(!text.isEmpty());
    m_problem->setVisible(!text.isEmpty());
}

void MainWindow::showHistoryProblem(const QString &text)
{
    // Monitoring goes on; the user must know the charts and uptime figures have a gap.
    m_historyLabel->setText(text.isEmpty() ? QString() : tr("⚠ History not saved"));
    m_historyLabel->setToolTip(text);
    m_historyLabel->setVisible(!text.isEmpty());
}

QString MainWindow::historyProblem() const
{
    return m_historyLabel->toolTip();
}

QString MainWindow::selectedServer() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(ServerTableModel::Name);
    return rows.isEmpty() ? QString() : rows.first().data().toString();
}

void MainWindow::selectServer(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return;
    const QModelIndex i = m_filter->mapFromSource(m_model->index(row, 0));
    if (i.isValid())
        m_table->selectRow(i.row());
}

void MainWindow::updateCounts()
{
    const QHash<HealthState, int> counts = m_model->stateCounts();
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        const int n = counts.value(it.key());
        it.value()->setText(u"%1 %2"_s.arg(n).arg(ServerTableModel::statusText(it.key())));
        // Zero counts stay out of the way unless they are the filter in force.
        it.value()->setVisible(n > 0 || it.value()->isChecked() || it.key() == HealthState::Healthy
            || it.key() == HealthState::Unhealthy);
    }
    // A widget, not a message: action results are messages and must not be wiped by a count.
    m_serverCount->setText(tr("%n server(s)", nullptr, m_model->rowCount()));
    updateActions();
}

void MainWindow::setStatusServer(
    const QString &url, const QString &token, const QString &problem, bool tokenRequired)
{
    m_apiToken = token;
    m_statusUrl = url;
    m_tokenRequired = tokenRequired;
    updateActions();
    updateDetails();
    m_copyToken->setEnabled(!token.isEmpty());
    if (!m_apiLabel) {
        m_apiLabel = new QLabel;
        m_apiLabel->setObjectName(u"statusServer"_s);
        m_apiLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        statusBar()->addPermanentWidget(m_apiLabel);
    }
    if (!url.isEmpty()) {
        m_apiLabel->setText(tr("API: %1").arg(url));
        m_apiLabel->setToolTip(tr("The status server: /health, /api, /metrics for Prometheus, /ws and an MCP "
                                  "endpoint for agents at %1/mcp. Changes need the API token (File → Copy "
                                  "API token).")
                                   .arg(url));
    } else {
        m_apiLabel->setText(problem.isEmpty() ? tr("API off") : tr("⚠ API off"));
        m_apiLabel->setToolTip(
            problem.isEmpty() ? tr("The status server is turned off (--listen off)") : problem);
    }
}

void MainWindow::updateAlertCount()
{
    const AlertsModel *alerts = m_events->alerts();
    const int active = alerts->activeCount();
    const int open = alerts->unacknowledgedCount();
    // The worst active severity picks the icon; shape and text, not colour alone.
    HealthState worst = HealthState::Healthy;
    for (int row = 0; row < alerts->rowCount(); ++row) {
        const Alert *a = alerts->alert(row);
        if (!a->isActive())
            continue;
        if (a->severity == AlertSeverity::Critical)
            worst = HealthState::Unhealthy;
        else if (a->severity == AlertSeverity::Warning && worst != HealthState::Unhealthy)
            worst = HealthState::Degraded;
    }
    m_alertsButton->setIcon(statusIcon(worst, 14));
    if (active == 0)
        m_alertsButton->setText(tr("No active alerts"));
    else if (open < active)
        m_alertsButton->setText(tr("%n active alert(s), %1 new", nullptr, active).arg(open));
    else
        m_alertsButton->setText(tr("%n active alert(s)", nullptr, active));
}

void MainWindow::updateActions()
{
    const int row = m_model->rowOf(selectedServer());
    const ServerSnapshot *s = m_model->server(row);
    const bool held = s
        && (s->state == HealthState::Offline || s->state == HealthState::Disabled
            || s->state == HealthState::Failed);
    const bool running = s && !held;
    m_checkNow->setEnabled(running && s->state != HealthState::Recovering);
    m_stop->setEnabled(s && s->state != HealthState::Offline && s->state != HealthState::Disabled);
    m_start->setEnabled(s && (s->state == HealthState::Offline || s->state == HealthState::Failed));
    m_restart->setEnabled(s && s->state != HealthState::Disabled);
    m_disable->setEnabled(s);
    m_disable->setText(s && s->state == HealthState::Disabled ? tr("Enable") : tr("Disable"));
    const bool grouped = s && m_groups.contains(s->group);
    m_failover->setEnabled(grouped);
    m_restore->setEnabled(grouped && m_groups.value(s->group).active != m_groups.value(s->group).primary);
    m_useThrough->setEnabled(s && !m_statusUrl.isEmpty());
}

static QString formTitle(ClientSnippet::Form form)
{
    switch (form) {
    case ClientSnippet::Form::ClaudeCode:
        return MainWindow::tr("Claude Code (command line)");
    case ClientSnippet::Form::ClaudeDesktop:
        return MainWindow::tr("Claude Desktop (mcpServers, stdio)");
    case ClientSnippet::Form::Cursor:
        return MainWindow::tr("Cursor (mcpServers, URL)");
    case ClientSnippet::Form::VsCode:
        return MainWindow::tr("VS Code (servers, HTTP)");
    }
    return {};
}

void MainWindow::fillUseThroughMenu(QMenu *menu)
{
    menu->clear();
    const ServerSnapshot *s = m_model->server(m_model->rowOf(selectedServer()));
    if (!s)
        return;
    const auto addForms = [&](bool group) {
        for (ClientSnippet::Form form : ClientSnippet::forms()) {
            QAction *a = menu->addAction(formTitle(form));
            a->setObjectName(
                u"useThrough-%1%2"_s.arg(group ? u"group-"_s : QString(), ClientSnippet::formId(form)));
            connect(a, &QAction::triggered, this,
                [this, name = s->name, form, group] { copyClientSnippet(name, int(form), group); });
        }
    };
    menu->addSection(tr("Server %1").arg(s->name));
    addForms(false);
    if (!s->group.isEmpty()) {
        // Through the group the client follows failovers; through the server it stays on this one.
        menu->addSection(tr("Failover group %1").arg(s->group));
        addForms(true);
    }
}

QString MainWindow::copyClientSnippet(const QString &server, int form, bool group)
{
    if (m_statusUrl.isEmpty())
        return {};
    const ServerSnapshot *s = m_model->server(m_model->rowOf(server));
    if (!s || (group && s->group.isEmpty()))
        return {};
    const ClientSnippet snippet(
        m_statusUrl, group ? s->group : s->name, group, m_tokenRequired ? m_apiToken : QString());
    const QString text = snippet.text(ClientSnippet::Form(form));
    QGuiApplication::clipboard()->setText(text);
    statusBar()->showMessage(tr("%1 configuration for %2 copied to the clipboard")
                                 .arg(formTitle(ClientSnippet::Form(form)), group ? s->group : s->name),
        5000);
    return text;
}

void MainWindow::updateGroup(const FailoverGroupSnapshot &group)
{
    m_groups.insert(group.name, group);
    updateActions();
}

void MainWindow::setConfirmationsEnabled(bool on)
{
    m_confirm = on;
    QSettings().setValue(u"ui/confirmActions"_s, on);
}

bool MainWindow::confirm(const QString &title, const QString &text)
{
    if (!m_confirm)
        return true;
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setDefaultButton(QMessageBox::Yes);
    auto *dontAsk = new QCheckBox(tr("Do not ask again"));
    box.setCheckBox(dontAsk);
    const bool yes = box.exec() == QMessageBox::Yes;
    if (yes && dontAsk->isChecked())
        setConfirmationsEnabled(false);
    return yes;
}

void MainWindow::act(ActionTracker::Kind kind, const QString &server, const QString &target)
{
    m_tracker->begin(kind, server, target);
    statusBar()->showMessage(ActionTracker::runningText(kind, server, target));
}

void MainWindow::hideEvent(QHideEvent *event)
{
    saveLayout(); // closing may only hide the window (tray): remember it now
    QMainWindow::hideEvent(event);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/columns"_s, m_table->horizontalHeader()->saveState());
    settings.setValue(u"window/split"_s, m_split->saveState());
    settings.setValue(u"window/detailSplit"_s, m_detailSplit->saveState());
    settings.setValue(u"window/range"_s, int(m_history->range()));
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    const QByteArray columns = settings.value(u"window/columns"_s).toByteArray();
    // A layout saved with another set of columns would put headers on the wrong data.
    if (!columns.isEmpty() && m_table->horizontalHeader()->restoreState(columns)
        && m_table->horizontalHeader()->count() != ServerTableModel::ColumnCount) {
        m_table->horizontalHeader()->reset();
        placeCallColumns(m_table->horizontalHeader());
    }
    m_split->restoreState(settings.value(u"window/split"_s).toByteArray());
    m_detailSplit->restoreState(settings.value(u"window/detailSplit"_s).toByteArray());
    if (settings.contains(u"window/range"_s))
        m_history->setRange(ServerHistoryView::Range(settings.value(u"window/range"_s).toInt()));
    m_confirm = settings.value(u"ui/confirmActions"_s, true).toBool();
}

void MainWindow::setOverallAvailability(double percent)
{
    m_availability->setText(percent < 0
            ? tr("Availability 24 h: —")
            : tr("Availability 24 h: %1 %").arg(QLocale().toString(percent, 'f', 2)));
}

void MainWindow::setHistoryFetcher(ServerHistoryView::Fetcher fetcher)
{
    m_history->setFetcher(std::move(fetcher));
}

void MainWindow::setCallHistoryFetcher(ServerHistoryView::CallsFetcher fetcher, qint64 keptMs)
{
    m_history->setCallsKeptMs(keptMs);
    m_history->setCallsFetcher(std::move(fetcher));
}

void MainWindow::updateDetails()
{
    const ServerSnapshot *s = m_model->server(m_model->rowOf(selectedServer()));
    m_history->setEnabled(s != nullptr);
    m_events->setSelectedServer(s ? s->name : QString());
    if (s)
        m_history->setServer(s->name, s->latencyWarningMs, s->latencyCriticalMs);
    if (!s) {
        m_details->setHtml(u"<p style='color:gray'>%1</p>"_s.arg(tr("Select a server to see its details.")));
        return;
    }
    const QLocale loc;
    QString html;
    html += u"<h2 style='margin-bottom:2px'>%1</h2>"_s.arg(esc(s->name));
    html += u"<p style='margin-top:0'><b>%1</b> · %2</p>"_s.arg(ServerTableModel::statusText(s->state),
        tr("since %1").arg(loc.toString(s->stateSince.toLocalTime(), QLocale::ShortFormat)));
    auto row = [](const QString &k, const QString &v) {
        return u"<tr><td style='padding-right:12px;color:gray'>%1</td><td>%2</td></tr>"_s.arg(k, v);
    };
    html += u"<table>"_s;
    html += row(tr("Target"), u"<code>%1</code>"_s.arg(esc(s->target)));
    html += row(tr("Transport"), esc(transportKindName(s->activeTransport)));
    if (!s->protocolVersion.isEmpty())
        html += row(tr("Protocol"), esc(s->protocolVersion));
    if (!s->serverInfo.isEmpty())
        html += row(tr("Server"),
            esc(s->serverInfo.value("name"_L1).toString() + u' '
                + s->serverInfo.value("version"_L1).toString()));
    if (!s->capabilities.isEmpty())
        html += row(tr("Capabilities"), esc(s->capabilities.keys().join(u", "_s)));
    if (s->toolCount >= 0)
        html += row(tr("Tools"), QString::number(s->toolCount));
    if (s->pid > 0)
        html += row(tr("PID"), QString::number(s->pid));
    if (s->handshakeMs >= 0)
        html += row(tr("Handshake"), loc.toString(s->handshakeMs, 'f', 1) + u" ms"_s);
    if (s->lastLatencyMs >= 0)
        html += row(tr("Latency"), loc.toString(s->lastLatencyMs, 'f', 1) + u" ms"_s);
    html += row(
        tr("Checks"), tr("%1 (%2 failed)").arg(loc.toString(s->checksTotal), loc.toString(s->failuresTotal)));
    if (s->restartsTotal > 0)
        html += row(tr("Restarts"), loc.toString(s->restartsTotal));
    if (s->nextAttempt.isValid()) {
        const qint64 left = qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(s->nextAttempt));
        html += row(
            tr("Next attempt"), tr("attempt %1 in %2 s").arg(s->recoveryAttempt).arg((left + 999) / 1000));
    }
    if (s->circuit != CircuitBreaker::State::Closed)
        html += row(tr("Circuit"), esc(CircuitBreaker::stateName(s->circuit)));
    if (!s->group.isEmpty()) {
        html += row(tr("Failover group"),
            s->groupActive == s->name ? tr("%1 (active here)").arg(esc(s->group))
                                      : tr("%1 (active: %2)").arg(esc(s->group), esc(s->groupActive)));
    }
    if (s->callsTotal > 0) {
        html += row(tr("Gateway calls"),
            tr("%1/s, %2 errors in the last minute (%3 calls, %4 errors in total)")
                .arg(loc.toString(s->callsPerSecond, 'f', 2), loc.toString(s->callErrorsInWindow),
                    loc.toString(s->callsTotal), loc.toString(s->callErrorsTotal)));
        if (s->toolErrorsTotal > 0) { // among the errors above, but the server itself is fine
            html += row(tr("Tool errors"),
                tr("%1 in the last minute, %2 in total (the tool's own answer: result.isError)")
                    .arg(loc.toString(s->toolErrorsInWindow), loc.toString(s->toolErrorsTotal)));
        }
    }
    if (!m_statusUrl.isEmpty()) {
        const ClientSnippet own(m_statusUrl, s->name);
        QString urls = u"<code>%1</code>"_s.arg(esc(own.gatewayUrl()));
        QString connectLines = u"<code>%1</code>"_s.arg(esc(own.connectLine()));
        if (!s->group.isEmpty()) {
            const ClientSnippet group(m_statusUrl, s->group, true);
            urls += u"<br><code>%1</code> <span style='color:gray'>%2</span>"_s.arg(
                esc(group.gatewayUrl()), tr("(failover group)"));
            connectLines += u"<br><code>%1</code>"_s.arg(esc(group.connectLine()));
        }
        html += row(tr("Gateway"), urls);
        html += row(tr("Connect (stdio)"), connectLines);
    } else {
        html += row(tr("Gateway"), tr("off: the status server is not listening"));
    }
    if (s->lastFailure.isFailure()) {
        html += row(tr("Last failure"),
            u"<b>%1</b>: %2<br><span style='color:gray'>%3</span>"_s.arg(failureTypeName(s->lastFailure.type),
                esc(s->lastFailure.detail),
                loc.toString(s->lastFailureAt.toLocalTime(), QLocale::ShortFormat)));
    }
    html += u"</table>"_s;
    auto tail = [&](const QString &title, const QStringList &lines) {
        if (lines.isEmpty())
            return;
        html += u"<h4>%1</h4><pre style='font-size:small'>%2</pre>"_s.arg(
            title, esc(lines.mid(qMax<qsizetype>(0, lines.size() - 12)).join(u'\n')));
    };
    tail(tr("Server log"), s->logTail);
    tail(tr("Last stderr lines"), s->stderrTail);
    m_details->setHtml(html);
}

} // namespace lifeline
