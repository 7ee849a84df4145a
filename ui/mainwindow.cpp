#include "mainwindow.h"

#include "serverfiltermodel.h"
#include "servertablemodel.h"
#include "serverhistoryview.h"
#include "statusicons.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
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

// Puts the state's shape in front of the status text.
class StatusDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->icon = statusIcon(HealthState(index.data(ServerTableModel::StateRole).toInt()));
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(16, 16);
    }
};

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
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
    resize(1180, 640);

    m_filter->setSourceModel(m_model);

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
        if (!selected().isEmpty()) {
            Q_EMIT checkNowRequested(selected());
            statusBar()->showMessage(tr("Checking %1…").arg(selected()), 3000);
        }
    });
    connect(m_stop, &QAction::triggered, this, [this, selected] {
        if (!selected().isEmpty())
            Q_EMIT stopRequested(selected());
    });
    connect(m_start, &QAction::triggered, this, [this, selected] {
        if (!selected().isEmpty())
            Q_EMIT startRequested(selected());
    });
    connect(m_restart, &QAction::triggered, this, [this, selected] {
        if (!selected().isEmpty()) {
            Q_EMIT restartRequested(selected());
            statusBar()->showMessage(tr("Restarting %1…").arg(selected()), 3000);
        }
    });
    connect(m_disable, &QAction::triggered, this, [this, selected] {
        const ServerSnapshot *s = m_model->server(m_model->rowOf(selected()));
        if (!s)
            return;
        if (s->state == HealthState::Disabled)
            Q_EMIT enableRequested(s->name);
        else
            Q_EMIT disableRequested(s->name);
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
    setOverallAvailability(-1);
    m_problem->setVisible(false);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(
        u"QLabel { color: palette(window-text); background: rgba(215, 58, 58, 40);"
        " border: 1px solid rgba(215, 58, 58, 140); border-radius: 4px; padding: 4px 8px; }"_s);

    // Table and details.
    m_table->setModel(m_filter);
    m_table->setItemDelegateForColumn(ServerTableModel::Status, new StatusDelegate(m_table));
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
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_checkNow, m_restart, m_stop, m_start, m_disable});
    // Name, transport, status, latency, p95, errors, uptime, restarts, active member, last check;
    // the last error stretches.
    const QList<int> widths {180, 80, 120, 80, 90, 60, 90, 70, 120, 100};
    for (int c = 0; c < widths.size(); ++c)
        m_table->setColumnWidth(c, widths.at(c));

    m_details->setOpenLinks(false);
    m_details->setMinimumWidth(300);

    // The detail pane: the selected server's charts above its details.
    m_history = new ServerHistoryView;
    auto *detailSplit = new QSplitter(Qt::Vertical);
    detailSplit->addWidget(m_history);
    detailSplit->addWidget(m_details);
    detailSplit->setStretchFactor(0, 3);
    detailSplit->setStretchFactor(1, 2);

    auto *split = new QSplitter;
    split->addWidget(m_table);
    split->addWidget(detailSplit);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

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
    updateCounts();
    updateDetails();
    updateActions();
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
    statusBar()->showMessage(tr("%n server(s)", nullptr, m_model->rowCount()));
    updateActions();
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

void MainWindow::updateDetails()
{
    const ServerSnapshot *s = m_model->server(m_model->rowOf(selectedServer()));
    m_history->setEnabled(s != nullptr);
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
    if (s->circuit != "closed"_L1)
        html += row(tr("Circuit"), esc(s->circuit));
    if (!s->group.isEmpty()) {
        html += row(tr("Failover group"),
            s->groupActive == s->name ? tr("%1 (active here)").arg(esc(s->group))
                                      : tr("%1 (active: %2)").arg(esc(s->group), esc(s->groupActive)));
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
