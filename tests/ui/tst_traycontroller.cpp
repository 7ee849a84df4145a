// The tray over a model fed like the engine feeds it (offscreen platform: no real tray, so the
// tests force its availability where they need it).
#include "mainwindow.h"
#include "servertablemodel.h"
#include "statusicons.h"
#include "traycontroller.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestTrayController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void iconFollowsWorstServer();
    void toolTipCountsStates();
    void downEventNotifiesWithName();
    void burstIsOneMessage();
    void recoveryNotifies();
    void failoverNamesGroupAndTarget();
    void failedForGoodNotifies();
    void unremarkableEventsStayQuiet();
    void menuOffersRestartForServersInTrouble();
    void activationShowsWindow();
    void closeHidesToTrayWithOneNotice();
    void closeQuitsWithoutTray();
    void trayGoneBringsHiddenWindowBack();
    void alertIsShownAndFlappingQuietsTransitions();

private:
    void set(const QString &name, HealthState state)
    {
        ServerSnapshot s;
        s.name = name;
        s.state = state;
        m_model->updateServer(s);
        m_model->flush();
    }
    QAction *action(const QString &text) const
    {
        for (QAction *a : m_tray->menu()->actions())
            if (a->text() == text)
                return a;
        return nullptr;
    }
    QStringList restartActions() const
    {
        QStringList texts;
        for (QAction *a : m_tray->menu()->actions())
            if (a->isVisible() && a->text().startsWith(u"Restart "_s))
                texts.append(a->text());
        return texts;
    }

    QTemporaryDir m_settingsDir;
    ServerTableModel *m_model = nullptr;
    MainWindow *m_window = nullptr;
    TrayController *m_tray = nullptr;
};

static HealthEvent stateEvent(
    const QString &server, HealthState from, HealthState to, const QString &detail = {})
{
    HealthEvent e;
    e.ts = QDateTime::currentDateTimeUtc();
    e.kind = HealthEvent::Kind::State;
    e.server = server;
    e.from = from;
    e.to = to;
    e.detail = detail;
    return e;
}

static QImage image(const QIcon &icon)
{
    return icon.pixmap(32).toImage().convertToFormat(QImage::Format_ARGB32);
}

void TestTrayController::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    // The "keeps running in the tray" flag lives here, never in the user's settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"mcp-lifeline-test"_s);
    QCoreApplication::setApplicationName(u"tst_traycontroller"_s);
}

void TestTrayController::init()
{
    QSettings().remove(TrayController::closeNoticeKey());
    m_model = new ServerTableModel;
    m_window = new MainWindow(m_model);
    m_tray = new TrayController(m_model, m_window);
    m_tray->setCoalesceInterval(200);
    set(u"memory"_s, HealthState::Healthy);
    set(u"files"_s, HealthState::Healthy);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestTrayController::cleanup()
{
    delete m_tray;
    delete m_window;
    delete m_model;
}

void TestTrayController::iconFollowsWorstServer()
{
    QCOMPARE(m_tray->worstState(), HealthState::Healthy);
    set(u"files"_s, HealthState::Degraded);
    QCOMPARE(m_tray->worstState(), HealthState::Degraded);
    set(u"search"_s, HealthState::Recovering);
    QCOMPARE(m_tray->worstState(), HealthState::Recovering);
    set(u"memory"_s, HealthState::Unhealthy);
    QCOMPARE(m_tray->worstState(), HealthState::Unhealthy);
    set(u"search"_s, HealthState::Failed);
    QCOMPARE(m_tray->worstState(), HealthState::Failed);
    QCOMPARE(image(m_tray->trayIcon()->icon()), image(statusIcon(HealthState::Failed, 32)));

    // Offline and disabled are the user's choice: they do not colour the icon.
    set(u"search"_s, HealthState::Offline);
    set(u"memory"_s, HealthState::Disabled);
    QCOMPARE(m_tray->worstState(), HealthState::Degraded);
    QCOMPARE(image(m_tray->trayIcon()->icon()), image(statusIcon(HealthState::Degraded, 32)));
    set(u"files"_s, HealthState::Starting);
    QCOMPARE(m_tray->worstState(), HealthState::Starting);
    set(u"files"_s, HealthState::Offline);
    QCOMPARE(m_tray->worstState(), HealthState::Healthy);

    // No servers at all: nothing needs attention.
    for (const QString &name : {u"memory"_s, u"files"_s, u"search"_s})
        m_model->removeServer(name);
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_tray->worstState(), HealthState::Healthy);
    QCOMPARE(image(m_tray->trayIcon()->icon()), image(statusIcon(HealthState::Healthy, 32)));
}

void TestTrayController::toolTipCountsStates()
{
    set(u"github"_s, HealthState::Unhealthy);
    const QString tip = m_tray->trayIcon()->toolTip();
    QCOMPARE(tip, u"MCP Lifeline\n1 Unhealthy\n2 Healthy"_s); // worst first, zero counts left out
    set(u"github"_s, HealthState::Healthy);
    set(u"files"_s, HealthState::Offline);
    QCOMPARE(m_tray->trayIcon()->toolTip(), u"MCP Lifeline\n2 Healthy\n1 Offline"_s);
}

void TestTrayController::downEventNotifiesWithName()
{
    QSignalSpy spy(m_tray, &TrayController::notified);
    m_tray->onEvent(
        stateEvent(u"github"_s, HealthState::Healthy, HealthState::Unhealthy, u"killed by SIGKILL"_s));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toString(), u"Server down"_s);
    const QString text = spy.first().at(1).toString();
    QVERIFY2(text.contains(u"github is down"_s), qPrintable(text));
    QVERIFY2(text.contains(u"killed by SIGKILL"_s), qPrintable(text)); // a lone event keeps its reason
}

void TestTrayController::burstIsOneMessage()
{
    m_tray->setCoalesceInterval(2000); // the real interval: the test must not wait it out twice
    QSignalSpy spy(m_tray, &TrayController::notified);
    m_tray->onEvent(stateEvent(u"a"_s, HealthState::Healthy, HealthState::Unhealthy));
    m_tray->onEvent(stateEvent(u"b"_s, HealthState::Degraded, HealthState::Unhealthy));
    QVERIFY(spy.isEmpty()); // still collecting
    m_tray->onEvent(stateEvent(u"c"_s, HealthState::Starting, HealthState::Unhealthy));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toString(), u"Servers down"_s);
    QCOMPARE(spy.first().at(1).toString(), u"3 servers down: a, b, c"_s);
    QVERIFY(!spy.wait(2500)); // and nothing more for that burst

    // Different news in one burst: one message, worst first.
    m_tray->setCoalesceInterval(200);
    m_tray->onEvent(stateEvent(u"a"_s, HealthState::Recovering, HealthState::Healthy));
    m_tray->onEvent(stateEvent(u"b"_s, HealthState::Recovering, HealthState::Failed));
    QTRY_COMPARE(spy.size(), 2);
    QCOMPARE(spy.at(1).at(0).toString(), u"MCP Lifeline"_s);
    QCOMPARE(
        spy.at(1).at(1).toString(), u"Lifeline gave up on b; it needs a restart by hand.\na is back up."_s);
}

void TestTrayController::recoveryNotifies()
{
    QSignalSpy spy(m_tray, &TrayController::notified);
    m_tray->onEvent(stateEvent(u"github"_s, HealthState::Recovering, HealthState::Healthy));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toString(), u"Server recovered"_s);
    QCOMPARE(spy.first().at(1).toString(), u"github is back up."_s);
    for (HealthState from : {HealthState::Unhealthy, HealthState::Failed}) {
        m_tray->onEvent(stateEvent(u"files"_s, from, HealthState::Healthy));
        QVERIFY(spy.wait());
        QCOMPARE(spy.last().at(1).toString(), u"files is back up."_s);
    }
}

void TestTrayController::failoverNamesGroupAndTarget()
{
    QSignalSpy spy(m_tray, &TrayController::notified);
    HealthEvent e;
    e.ts = QDateTime::currentDateTimeUtc();
    e.kind = HealthEvent::Kind::Failover;
    e.extra = {{"group"_L1, u"search-group"_s}, {"from"_L1, u"search"_s}, {"to"_L1, u"search-backup"_s},
        {"reason"_L1, u"search is unhealthy"_s}};
    m_tray->onEvent(e);
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toString(), u"Failover"_s);
    const QString text = spy.first().at(1).toString();
    QVERIFY2(text.contains(u"search-group"_s), qPrintable(text));
    QVERIFY2(text.contains(u"switched to search-backup"_s), qPrintable(text));
    QVERIFY2(text.contains(u"search is unhealthy"_s), qPrintable(text));
}

void TestTrayController::failedForGoodNotifies()
{
    QSignalSpy spy(m_tray, &TrayController::notified);
    m_tray->onEvent(
        stateEvent(u"github"_s, HealthState::Recovering, HealthState::Failed, u"gave up after 5 attempts"_s));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toString(), u"Server failed"_s);
    QVERIFY(spy.first().at(1).toString().startsWith(u"Lifeline gave up on github"_s));
}

void TestTrayController::unremarkableEventsStayQuiet()
{
    QSignalSpy spy(m_tray, &TrayController::notified);
    m_tray->onEvent(stateEvent(u"a"_s, HealthState::Starting, HealthState::Healthy)); // first start
    m_tray->onEvent(stateEvent(u"a"_s, HealthState::Healthy, HealthState::Degraded));
    m_tray->onEvent(stateEvent(u"a"_s, HealthState::Unhealthy, HealthState::Recovering));
    m_tray->onEvent(stateEvent(u"a"_s, HealthState::Healthy, HealthState::Offline));
    HealthEvent restart;
    restart.kind = HealthEvent::Kind::Restart;
    restart.server = u"a"_s;
    m_tray->onEvent(restart);
    QVERIFY(!spy.wait(600)); // three coalescing intervals
}

void TestTrayController::menuOffersRestartForServersInTrouble()
{
    QVERIFY(action(u"Open MCP Lifeline"_s));
    QVERIFY(action(u"Quit"_s));
    QVERIFY(restartActions().isEmpty());
    set(u"github"_s, HealthState::Unhealthy);
    set(u"search"_s, HealthState::Recovering);
    set(u"slack"_s, HealthState::Failed);
    set(u"files"_s, HealthState::Degraded); // still up: nothing to offer
    QCOMPARE(restartActions(), (QStringList {u"Restart github"_s, u"Restart search"_s, u"Restart slack"_s}));

    QSignalSpy restart(m_tray, &TrayController::restartRequested);
    action(u"Restart github"_s)->trigger();
    QCOMPARE(restart.size(), 1);
    QCOMPARE(restart.first().first().toString(), u"github"_s);

    set(u"github"_s, HealthState::Healthy); // the menu follows the counts
    QCOMPARE(restartActions(), (QStringList {u"Restart search"_s, u"Restart slack"_s}));
}

void TestTrayController::activationShowsWindow()
{
    m_window->hide();
    Q_EMIT m_tray->trayIcon()->activated(QSystemTrayIcon::Context); // the menu, not the window
    QVERIFY(!m_window->isVisible());
    Q_EMIT m_tray->trayIcon()->activated(QSystemTrayIcon::Trigger);
    QVERIFY(m_window->isVisible());
    m_window->hide();
    Q_EMIT m_tray->trayIcon()->activated(QSystemTrayIcon::DoubleClick);
    QVERIFY(m_window->isVisible());
    m_window->hide();
    action(u"Open MCP Lifeline"_s)->trigger();
    QVERIFY(m_window->isVisible());
}

void TestTrayController::closeHidesToTrayWithOneNotice()
{
    m_tray->setTrayAvailable(true);
    QVERIFY(m_tray->trayIcon()->isVisible());
    QSignalSpy spy(m_tray, &TrayController::notified);
    QVERIFY(!m_window->close()); // refused: hidden instead
    QVERIFY(!m_window->isVisible());
    QCOMPARE(spy.size(), 1);
    QVERIFY(spy.first().at(1).toString().startsWith(u"MCP Lifeline keeps running in the tray"_s));
    QVERIFY(QSettings().value(TrayController::closeNoticeKey()).toBool());

    m_tray->showWindow();
    QVERIFY(m_window->isVisible());
    QVERIFY(!m_window->close());
    QVERIFY(!m_window->isVisible());
    QCOMPARE(spy.size(), 1); // said once

    // Remembered across runs: a new controller does not say it again either.
    delete m_tray;
    m_tray = new TrayController(m_model, m_window);
    m_tray->setTrayAvailable(true);
    QSignalSpy again(m_tray, &TrayController::notified);
    m_tray->showWindow();
    QVERIFY(!m_window->close());
    QVERIFY(!m_window->isVisible());
    QVERIFY(again.isEmpty());
}

void TestTrayController::closeQuitsWithoutTray()
{
    QCOMPARE(m_tray->isTrayAvailable(), QSystemTrayIcon::isSystemTrayAvailable()); // asked, by default
    m_tray->setTrayAvailable(true);
    m_tray->setTrayAvailable(false); // the filter comes off again
    QVERIFY(!m_tray->trayIcon()->isVisible());
    QSignalSpy spy(m_tray, &TrayController::notified);
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
    QVERIFY(spy.isEmpty());
    QVERIFY(!QSettings().value(TrayController::closeNoticeKey()).toBool());
}

void TestTrayController::trayGoneBringsHiddenWindowBack()
{
    m_tray->setTrayAvailable(true);
    m_tray->showWindow();
    QVERIFY(!m_window->close()); // into the tray
    QVERIFY(!m_window->isVisible());
    // The panel goes away (restarted, crashed): nothing could bring the window back, so it shows.
    m_tray->setTrayAvailable(false);
    QVERIFY(m_window->isVisible());
    QVERIFY(!m_tray->trayIcon()->isVisible());
    QVERIFY(m_window->close()); // and closing quits again
}

void TestTrayController::alertIsShownAndFlappingQuietsTransitions()
{
    m_tray->setCoalesceInterval(10);
    QSignalSpy spy(m_tray, &TrayController::notified);
    Alert flapping;
    flapping.id = u"fl"_s;
    flapping.server = u"github"_s;
    flapping.rule = u"flapping"_s;
    flapping.severity = AlertSeverity::Warning;
    flapping.message = u"github changed state 8 times in 2 min"_s;
    flapping.firedAt = QDateTime::currentDateTimeUtc();
    m_tray->showAlert(flapping);
    m_tray->setFlapping(u"github"_s, true); // as the window does on the manager's alertChanged
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().at(0).toString(), u"Warning: github"_s);
    QCOMPARE(spy.first().at(1).toString(), flapping.message);

    // While it flaps, up and down say nothing; another server still does.
    m_tray->onEvent(stateEvent(u"github"_s, HealthState::Healthy, HealthState::Unhealthy, QString()));
    m_tray->onEvent(stateEvent(u"github"_s, HealthState::Recovering, HealthState::Healthy, QString()));
    m_tray->onEvent(stateEvent(u"other"_s, HealthState::Healthy, HealthState::Unhealthy, QString()));
    QTRY_COMPARE(spy.size(), 2);
    QVERIFY(spy.last().at(1).toString().contains(u"other"_s));
    QVERIFY(!spy.last().at(1).toString().contains(u"github"_s));

    flapping.state = AlertState::Resolved;
    flapping.resolvedAt = QDateTime::currentDateTimeUtc();
    m_tray->showAlert(flapping);
    m_tray->setFlapping(u"github"_s, false);
    QCOMPARE(spy.size(), 3);
    QCOMPARE(spy.last().at(0).toString(), u"Resolved: github"_s);
    m_tray->onEvent(stateEvent(u"github"_s, HealthState::Healthy, HealthState::Unhealthy, QString()));
    QTRY_COMPARE(spy.size(), 4); // heard again
    QVERIFY(spy.last().at(1).toString().contains(u"github"_s));
}

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
