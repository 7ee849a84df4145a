// The main window over a model fed like the engine feeds it (offscreen platform).
#include "mainwindow.h"
#include "servertablemodel.h"

#include <QAction>
#include <QLineEdit>
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
    void init();
    void cleanup();
    void titleAndCounts();
    void countButtonFiltersTable();
    void filterBoxMatchesNameAndError();
    void actionsCarryTheSelectedServer();
    void detailsFollowSelection();
    void historyProblemIsShownUntilSavingResumes();

private:
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

void TestMainWindow::init()
{
    m_model = new ServerTableModel;
    m_window = new MainWindow(m_model);
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
