// The main window over a model fed like the engine feeds it (offscreen platform).
#include "actiontracker.h"
#include "eventspanel.h"
#include "alertsmodel.h"
#include "mainwindow.h"
#include "servertablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHeaderView>
#include <QScrollBar>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QLabel>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void titleAndCounts();
    void countButtonFiltersTable();
    void activeAlertsCountOpensTheAlerts();
    void filterBoxMatchesNameAndError();
    void actionsCarryTheSelectedServer();
    void detailsFollowSelection();
    void historyProblemIsShownUntilSavingResumes();
    void destructiveActionsAskFirst();
    void actionResultIsShown();
    void failoverMenuListsTheGroup();
    void layoutIsRemembered();
    void detailsShowTheGatewayAndUseThroughLifelineCopiesSnippets();
    void gatewayColumnsSitBeforeLastCheck();
    void firstRunTableFitsWithoutScrolling();
    void headerMenuShowsHiddenColumns();

private:
    QTemporaryDir m_settings;
    ServerTableModel *m_model = nullptr;
    MainWindow *m_window = nullptr;
    QTableView *table() const { return m_window->findChild<QTableView *>(); }
    QToolButton *countButton(const QString &text) const
    {
        for (QToolButton *b : m_window->findChildren<QToolButton *>())
            if (b->isCheckable() && b->text().endsWith(text))
                return b;
        return nullptr;
    }
    QAction *action(const QString &text) const
    {
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->text() == text)
                return a;
        return nullptr;
    }
};

static ServerSnapshot snap(const QString &name, HealthState state, const QString &error = {})
{
    ServerSnapshot s;
    s.name = name;
    s.state = state;
    s.target = u"npx -y "_s + name;
    s.lastLatencyMs = 3.5;
    if (!error.isEmpty()) {
        s.lastFailure = Failure::make(FailureType::ProcessExit, error);
        s.lastFailureAt = QDateTime::currentDateTimeUtc();
    }
    return s;
}

void TestMainWindow::initTestCase()
{
    // The window remembers its layout and the user's "do not ask again": not in the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(u"mcp-lifeline-tests"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_model = new ServerTableModel;
    m_window = new MainWindow(m_model);
    m_window->setConfirmationsEnabled(false);
    m_model->updateServer(snap(u"memory"_s, HealthState::Healthy));
    m_model->updateServer(snap(u"github"_s, HealthState::Unhealthy, u"killed by SIGKILL"_s));
    m_model->updateServer(snap(u"search"_s, HealthState::Degraded));
    m_model->updateServer(snap(u"files"_s, HealthState::Offline));
    m_model->flush();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestMainWindow::cleanup()
{
    delete m_window;
    delete m_model;
}

void TestMainWindow::titleAndCounts()
{
    QVERIFY(m_window->windowTitle().contains(u"MCP Lifeline"_s));
    QCOMPARE(countButton(u"Healthy"_s)->text(), u"1 Healthy"_s);
    QCOMPARE(countButton(u"Unhealthy"_s)->text(), u"1 Unhealthy"_s);
    QCOMPARE(countButton(u"Degraded"_s)->text(), u"1 Degraded"_s);
    QVERIFY(!countButton(u"Failed"_s)->isVisible()); // zero counts stay out of the way
    m_model->updateServer(snap(u"memory"_s, HealthState::Failed));
    m_model->flush();
    QCOMPARE(countButton(u"Failed"_s)->text(), u"1 Failed"_s);
    QVERIFY(countButton(u"Failed"_s)->isVisible());
    QCOMPARE(countButton(u"Healthy"_s)->text(), u"0 Healthy"_s);
}

void TestMainWindow::activeAlertsCountOpensTheAlerts()
{
    auto *button = m_window->findChild<QToolButton *>(u"activeAlerts"_s);
    QVERIFY(button);
    QCOMPARE(button->text(), u"No active alerts"_s);
    Alert a;
    a.id = u"a1"_s;
    a.server = u"github"_s;
    a.rule = u"state"_s;
    a.severity = AlertSeverity::Critical;
    a.message = u"github is unhealthy"_s;
    a.firedAt = QDateTime::currentDateTimeUtc();
    m_window->eventsPanel()->alerts()->upsert(a);
    // (The program's English plural forms are not loaded here: "alert(s)".)
    QVERIFY2(button->text().startsWith(u"1 active alert"_s), qPrintable(button->text()));
    Alert b = a;
    b.id = u"a2"_s;
    b.rule = u"latency"_s;
    b.severity = AlertSeverity::Warning;
    b.acknowledgedAt = a.firedAt;
    m_window->eventsPanel()->alerts()->upsert(b);
    QVERIFY2(button->text().startsWith(u"2 active alert"_s), qPrintable(button->text()));
    QVERIFY(button->text().endsWith(u", 1 new"_s));

    m_window->eventsPanel()->setCurrentTab(EventsPanel::EventsTab);
    button->click();
    QCOMPARE(m_window->eventsPanel()->currentTab(), EventsPanel::AlertsTab);

    // Acknowledging from the tab reaches whoever listens to the window (the alert manager).
    QSignalSpy acknowledged(m_window, &MainWindow::acknowledgeRequested);
    QTableView *view = m_window->eventsPanel()->alertsView();
    view->setCurrentIndex(view->model()->index(view->model()->rowCount() - 1, 0));
    const QString id = m_window->eventsPanel()->currentAlertId();
    m_window->eventsPanel()->acknowledgeButton()->click();
    if (id == u"a1"_s) {
        QCOMPARE(acknowledged.size(), 1);
        QCOMPARE(acknowledged.first().first().toString(), u"a1"_s);
    } else {
        QCOMPARE(acknowledged.size(), 0); // a2 is acknowledged already: the button is off
    }
}

void TestMainWindow::countButtonFiltersTable()
{
    QCOMPARE(table()->model()->rowCount(), 4);
    countButton(u"Unhealthy"_s)->click();
    QCOMPARE(table()->model()->rowCount(), 1);
    QCOMPARE(table()->model()->index(0, 0).data().toString(), u"github"_s);
    countButton(u"Degraded"_s)->click(); // two states at once
    QCOMPARE(table()->model()->rowCount(), 2);
    countButton(u"Unhealthy"_s)->click();
    countButton(u"Degraded"_s)->click();
    QCOMPARE(table()->model()->rowCount(), 4);
}

void TestMainWindow::filterBoxMatchesNameAndError()
{
    auto *box = m_window->findChild<QLineEdit *>();
    box->setText(u"SIGKILL"_s);
    QCOMPARE(table()->model()->rowCount(), 1);
    box->setText(u"npx -y files"_s); // the target is searchable
    QCOMPARE(table()->model()->rowCount(), 1);
    QCOMPARE(table()->model()->index(0, 0).data().toString(), u"files"_s);
    box->clear();
    QCOMPARE(table()->model()->rowCount(), 4);
}

void TestMainWindow::actionsCarryTheSelectedServer()
{
    QSignalSpy check(m_window, &MainWindow::checkNowRequested);
    QSignalSpy stop(m_window, &MainWindow::stopRequested);
    QSignalSpy start(m_window, &MainWindow::startRequested);
    m_window->selectServer(u"github"_s);
    QCOMPARE(m_window->selectedServer(), u"github"_s);
    QVERIFY(action(u"Check now"_s)->isEnabled());
    QVERIFY(!action(u"Start"_s)->isEnabled()); // it runs: nothing to start
    action(u"Check now"_s)->trigger();
    action(u"Stop"_s)->trigger();
    QCOMPARE(check.size(), 1);
    QCOMPARE(check.first().first().toString(), u"github"_s);
    QCOMPARE(stop.first().first().toString(), u"github"_s);
    m_window->selectServer(u"files"_s); // offline: only Start makes sense
    QVERIFY(!action(u"Stop"_s)->isEnabled());
    QVERIFY(action(u"Start"_s)->isEnabled());
    action(u"Start"_s)->trigger();
    QCOMPARE(start.first().first().toString(), u"files"_s);

    QSignalSpy restart(m_window, &MainWindow::restartRequested);
    QSignalSpy disable(m_window, &MainWindow::disableRequested);
    QSignalSpy enable(m_window, &MainWindow::enableRequested);
    m_window->selectServer(u"memory"_s);
    action(u"Restart"_s)->trigger();
    QCOMPARE(restart.first().first().toString(), u"memory"_s);
    action(u"Disable"_s)->trigger();
    QCOMPARE(disable.first().first().toString(), u"memory"_s);
    m_model->updateServer(snap(u"memory"_s, HealthState::Disabled));
    m_model->flush();
    QCOMPARE(action(u"Enable"_s)->isEnabled(), true); // the same action now offers the way back
    action(u"Enable"_s)->trigger();
    QCOMPARE(enable.first().first().toString(), u"memory"_s);
}

void TestMainWindow::detailsFollowSelection()
{
    auto *details = m_window->findChild<QTextBrowser *>();
    m_window->selectServer(u"github"_s);
    QVERIFY(details->toPlainText().contains(u"killed by SIGKILL"_s));
    QVERIFY(details->toPlainText().contains(u"npx -y github"_s));
    m_window->selectServer(u"memory"_s);
    QVERIFY(!details->toPlainText().contains(u"SIGKILL"_s));
    // A new snapshot of the selected server shows at once (after the batch).
    ServerSnapshot s = snap(u"memory"_s, HealthState::Healthy);
    s.stderrTail = {u"memory server ready"_s};
    m_model->updateServer(s);
    m_model->flush();
    QVERIFY(details->toPlainText().contains(u"memory server ready"_s));
}

void TestMainWindow::historyProblemIsShownUntilSavingResumes()
{
    auto *label = m_window->findChild<QLabel *>(u"historyProblem"_s);
    QVERIFY(label);
    QVERIFY(label->isHidden());
    m_window->showHistoryProblem(u"history not saved (h.sqlite): database or disk is full"_s);
    QVERIFY(!label->isHidden());
    QVERIFY(label->text().contains(u"History not saved"_s));
    QVERIFY(label->toolTip().contains(u"disk is full"_s)); // the reason, one hover away
    m_window->showHistoryProblem({});
    QVERIFY(label->isHidden());
}

// Answers the next modal message box with `button`, once it is up.
static void answerNextBox(QMessageBox::StandardButton button, bool dontAskAgain = false)
{
    QTimer::singleShot(0, [button, dontAskAgain] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            answerNextBox(button, dontAskAgain); // not up yet
            return;
        }
        if (box->checkBox())
            box->checkBox()->setChecked(dontAskAgain);
        box->button(button)->click();
    });
}

void TestMainWindow::destructiveActionsAskFirst()
{
    m_window->setConfirmationsEnabled(true);
    m_window->selectServer(u"memory"_s);
    QSignalSpy restart(m_window, &MainWindow::restartRequested);
    answerNextBox(QMessageBox::Cancel);
    action(u"Restart"_s)->trigger();
    QCOMPARE(restart.size(), 0); // cancelled: nothing asked of the engine
    answerNextBox(QMessageBox::Yes);
    action(u"Restart"_s)->trigger();
    QCOMPARE(restart.size(), 1);
    QCOMPARE(restart.at(0).at(0).toString(), u"memory"_s);
    // "Do not ask again" is remembered: the next one goes straight through.
    answerNextBox(QMessageBox::Yes, true);
    action(u"Restart"_s)->trigger();
    QCOMPARE(restart.size(), 2);
    QVERIFY(!m_window->confirmationsEnabled());
    action(u"Restart"_s)->trigger();
    QCOMPARE(restart.size(), 3);
    QCOMPARE(QSettings().value(u"ui/confirmActions"_s).toBool(), false);
    // Check now never asks.
    m_window->setConfirmationsEnabled(true);
    QSignalSpy check(m_window, &MainWindow::checkNowRequested);
    action(u"Check now"_s)->trigger();
    QCOMPARE(check.size(), 1);
}

void TestMainWindow::actionResultIsShown()
{
    m_window->selectServer(u"github"_s);
    QSignalSpy finished(m_window->actionTracker(), &ActionTracker::finished);
    action(u"Restart"_s)->trigger();
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"Restarting github"_s));
    ServerSnapshot s = snap(u"github"_s, HealthState::Healthy);
    s.stateSince = QDateTime::currentDateTimeUtc().addSecs(1);
    m_model->updateServer(s);
    m_model->flush();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(QRegularExpression(u"^Restarted github in \\d+ ms$"_s)
                 .match(m_window->statusBar()->currentMessage())
                 .hasMatch(),
        qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(finished.at(0).at(2).toBool(), true);

    // Nothing happens: the user is told after the time limit.
    m_window->actionTracker()->setTimeoutMs(200);
    action(u"Stop"_s)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"no result"_s));
}

void TestMainWindow::failoverMenuListsTheGroup()
{
    for (const QString &n : {u"memory"_s, u"search"_s}) {
        ServerSnapshot s = snap(n, n == u"memory"_s ? HealthState::Healthy : HealthState::Degraded);
        s.group = u"g"_s;
        s.groupActive = u"memory"_s;
        m_model->updateServer(s);
    }
    m_model->flush();
    FailoverGroupSnapshot g;
    g.name = u"g"_s;
    g.primary = u"memory"_s;
    g.fallbacks = {u"search"_s};
    g.active = u"memory"_s;
    m_window->updateGroup(g);
    m_window->selectServer(u"search"_s);
    QAction *failover = action(u"Fail over"_s);
    QVERIFY(failover->isEnabled());
    QVERIFY(!action(u"Restore primary"_s)->isEnabled()); // the primary serves already
    Q_EMIT failover->menu()->aboutToShow();
    const QList<QAction *> items = failover->menu()->actions();
    QCOMPARE(items.size(), 2);
    QVERIFY(!items.at(0)->isEnabled()); // memory: active now
    QSignalSpy requested(m_window, &MainWindow::failoverRequested);
    items.at(1)->trigger();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), u"g"_s);
    QCOMPARE(requested.at(0).at(1).toString(), u"search"_s);

    g.active = u"search"_s;
    m_window->updateGroup(g);
    QVERIFY(action(u"Restore primary"_s)->isEnabled());
    QSignalSpy restore(m_window, &MainWindow::restorePrimaryRequested);
    action(u"Restore primary"_s)->trigger();
    QCOMPARE(restore.size(), 1);
    QCOMPARE(restore.at(0).at(0).toString(), u"g"_s);
    // Servers in no group cannot fail over.
    m_window->selectServer(u"files"_s);
    QVERIFY(!failover->isEnabled());
}

void TestMainWindow::layoutIsRemembered()
{
    table()->setColumnWidth(ServerTableModel::Transport, 222);
    m_window->hide(); // closing to the tray only hides: that is when it is saved
    ServerTableModel model;
    MainWindow again(&model);
    QCOMPARE(
        again.findChild<QTableView *>()->horizontalHeader()->sectionSize(ServerTableModel::Transport), 222);
}

void TestMainWindow::detailsShowTheGatewayAndUseThroughLifelineCopiesSnippets()
{
    ServerSnapshot s = snap(u"memory"_s, HealthState::Healthy);
    s.group = u"g"_s;
    s.groupActive = u"memory"_s;
    s.callsTotal = 1200;
    s.callsPerSecond = 20;
    s.callErrorsInWindow = 4;
    s.callErrorsTotal = 9;
    m_model->updateServer(s);
    m_model->flush();
    auto *details = m_window->findChild<QTextBrowser *>();
    QAction *use = m_window->findChild<QAction *>(u"useThroughLifeline"_s);
    QVERIFY(use);
    QVERIFY(table()->actions().contains(use)); // the context menu
    QCOMPARE(m_window->findChild<QToolButton *>(u"useThroughButton"_s)->defaultAction(), use);

    // No status server: nothing to paste.
    m_window->setStatusServer({}, {}, u"port taken"_s);
    m_window->selectServer(u"memory"_s);
    QVERIFY(!use->isEnabled());
    QVERIFY(details->toPlainText().contains(u"the status server is not listening"_s));

    m_window->setStatusServer(u"http://127.0.0.1:7733"_s, u"tok"_s);
    QVERIFY(use->isEnabled());
    const QString text = details->toPlainText();
    QVERIFY2(text.contains(u"http://127.0.0.1:7733/mcp/servers/memory"_s), qPrintable(text));
    QVERIFY(text.contains(u"http://127.0.0.1:7733/mcp/groups/g"_s));
    QVERIFY(text.contains(u"mcp-lifeline connect memory"_s));
    QVERIFY(text.contains(u"mcp-lifeline connect --group g"_s));
    QVERIFY(text.contains(u"20.00/s, 4 errors in the last minute (1,200 calls, 9 errors in total)"_s)
        || text.contains(u"20.00/s, 4 errors in the last minute (1200 calls, 9 errors in total)"_s));

    Q_EMIT use->menu()->aboutToShow();
    auto item = [&](const QString &name) { return use->menu()->findChild<QAction *>(name); };
    QVERIFY(item(u"useThrough-cursor"_s));
    QVERIFY(item(u"useThrough-group-vscode"_s)); // in a group: the group's forms too
    item(u"useThrough-cursor"_s)->trigger();
    QCOMPARE(QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).object(),
        QJsonObject({{"mcpServers"_L1,
            QJsonObject {
                {"memory"_L1, QJsonObject {{"url"_L1, "http://127.0.0.1:7733/mcp/servers/memory"_L1}}}}}}));
    item(u"useThrough-group-claude-code"_s)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
        u"claude mcp add --transport http g http://127.0.0.1:7733/mcp/groups/g"_s);

    // Beyond loopback the token is asked for: the HTTP forms carry it.
    m_window->setStatusServer(u"http://192.168.1.5:7733"_s, u"tok"_s, {}, true);
    Q_EMIT use->menu()->aboutToShow();
    item(u"useThrough-vscode"_s)->trigger();
    QVERIFY2(QGuiApplication::clipboard()->text().contains(u"\"Bearer tok\""_s),
        qPrintable(QGuiApplication::clipboard()->text()));

    // A server in no group gets only its own forms.
    m_window->selectServer(u"search"_s);
    Q_EMIT use->menu()->aboutToShow();
    QVERIFY(item(u"useThrough-claude-desktop"_s));
    QVERIFY(!item(u"useThrough-group-claude-desktop"_s));
}

void TestMainWindow::gatewayColumnsSitBeforeLastCheck()
{
    const QHeaderView *h = table()->horizontalHeader();
    QCOMPARE(h->count(), int(ServerTableModel::ColumnCount));
    QCOMPARE(
        h->visualIndex(ServerTableModel::CallsPerSecond) + 1, h->visualIndex(ServerTableModel::CallErrors));
    QCOMPARE(h->visualIndex(ServerTableModel::CallErrors) + 1, h->visualIndex(ServerTableModel::LastCheck));
    QCOMPARE(
        h->logicalIndex(h->count() - 1), int(ServerTableModel::LastError)); // still takes the spare width
}

void TestMainWindow::firstRunTableFitsWithoutScrolling()
{
    // init() made a first-run window (no saved layout) at its default size. Typical content: the
    // longest values the columns show in practice.
    ServerSnapshot s = snap(u"search-primary"_s, HealthState::Recovering, u"killed by SIGKILL"_s);
    s.lastLatencyMs = 1587.2;
    s.restartsTotal = 12;
    s.group = u"search"_s;
    s.groupActive = u"search-backup"_s;
    s.callsTotal = 5000;
    s.callsPerSecond = 123.45;
    s.callErrorsInWindow = 123;
    s.lastCheck = QDateTime::currentDateTimeUtc().addSecs(-59 * 60);
    m_model->updateServer(s);
    m_model->flush();
    QTableView *t = table();
    QTRY_VERIFY(t->viewport()->width() > 0);
    QCoreApplication::processEvents();
    QVERIFY2(!t->horizontalScrollBar()->isVisible(),
        qPrintable(u"window %1 px, table %2 px, columns need %3 px"_s.arg(m_window->width())
                       .arg(t->viewport()->width())
                       .arg(t->horizontalHeader()->length())));
    QCOMPARE(t->horizontalScrollBar()->maximum(), 0);
    // What a first look needs stays: the server, its state, its latency, the gateway's figures.
    for (int c : {ServerTableModel::Name, ServerTableModel::Status, ServerTableModel::Latency,
             ServerTableModel::CallsPerSecond, ServerTableModel::CallErrors, ServerTableModel::LastError})
        QVERIFY2(!t->isColumnHidden(c), qPrintable(QString::number(c)));
    // Each shown column has room for its header and its value (nothing cut to "…").
    const QFontMetrics fm(t->font());
    for (int c : {ServerTableModel::Latency, ServerTableModel::CallsPerSecond, ServerTableModel::Status}) {
        const QString text = m_model->data(m_model->index(m_model->rowOf(s.name), c)).toString();
        QVERIFY2(t->columnWidth(c) >= fm.horizontalAdvance(text), qPrintable(text));
    }
}

void TestMainWindow::headerMenuShowsHiddenColumns()
{
    // A column the first run left out (or the user hid) comes back from the header's context menu,
    // and the choice is kept with the rest of the layout.
    QTableView *t = table();
    t->setColumnHidden(ServerTableModel::Transport, true);
    QMenu *menu = nullptr;
    QTimer::singleShot(0, this, [&menu] {
        menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *a : menu->actions()) {
            if (a->text() == "Transport"_L1) {
                QVERIFY(!a->isChecked());
                a->trigger();
            }
        }
        menu->close();
    });
    Q_EMIT t->horizontalHeader()->customContextMenuRequested(QPoint(5, 5));
    QVERIFY(menu);
    QVERIFY(!t->isColumnHidden(ServerTableModel::Transport));
    QVERIFY(t->columnWidth(ServerTableModel::Transport) > 20);
    t->setColumnHidden(ServerTableModel::Restarts, true);
    m_window->hide();
    ServerTableModel model;
    MainWindow again(&model);
    QVERIFY(again.findChild<QTableView *>()->isColumnHidden(ServerTableModel::Restarts));
    QVERIFY(!again.findChild<QTableView *>()->isColumnHidden(ServerTableModel::Transport));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
