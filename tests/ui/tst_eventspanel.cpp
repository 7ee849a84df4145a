// The events and failures panel on the offscreen platform: the filter boxes filter, "Selected
// server only" follows the window's selection, and a double-click asks for the row's server.
#include "eventlogmodel.h"
#include "alertsmodel.h"
#include "eventspanel.h"
#include "failuresmodel.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QMenu>
#include <QToolButton>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

const QDateTime kT0(QDate(2026, 3, 10), QTime(10, 0), QTimeZone::utc());

HealthEvent makeEvent(
    const QString &kind, const QString &server, int second, const QJsonObject &extra, const QString &to = {})
{
    HealthEvent e;
    e.ts = kT0.addSecs(second);
    e.kind = *HealthEvent::kindFromName(kind);
    e.server = server;
    if (!to.isEmpty())
        e.to = healthStateFromName(to);
    e.extra = extra;
    return e;
}

FailureRecord failure(qint64 id, const QString &server, const QString &cls)
{
    FailureRecord r;
    r.id = id;
    r.server = server;
    r.failureClass = cls;
    r.occurredAt = kT0.addSecs(id);
    return r;
}

QStringList column(QTableView *view, int column)
{
    QStringList out;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        out << view->model()->index(row, column).data().toString();
    return out;
}

} // namespace

class TestEventsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void viewsAreSetUp();
    void filterBoxesFilter();
    void selectedServerOnly();
    void doubleClickActivatesTheServer();
    void alertsTabAcknowledgesAndSilences();

private:
    std::unique_ptr<EventsPanel> m_panel;
};

void TestEventsPanel::init()
{
    m_panel = std::make_unique<EventsPanel>();
    m_panel->resize(900, 400);
    EventLogModel *events = m_panel->events();
    events->appendLive(makeEvent(u"state"_s, u"alpha"_s, 1, {}, u"unhealthy"_s));
    events->appendLive(makeEvent(u"circuit"_s, u"beta"_s, 2, {{"to"_L1, "open"_L1}}));
    events->appendLive(makeEvent(u"failover"_s, {}, 3,
        {{"group"_L1, "search"_L1}, {"from"_L1, "alpha"_L1}, {"to"_L1, "gamma"_L1},
            {"reason"_L1, "down"_L1}}));
    events->flush();
    m_panel->failures()->setRecords({failure(3, u"alpha"_s, u"timeout"_s),
        failure(2, u"beta"_s, u"authentication"_s), failure(1, u"alpha"_s, u"process_exit"_s)});
}

void TestEventsPanel::cleanup()
{
    m_panel.reset();
}

void TestEventsPanel::viewsAreSetUp()
{
    for (QTableView *view : {m_panel->eventsView(), m_panel->failuresView()}) {
        QVERIFY(view->alternatingRowColors());
        QVERIFY(!view->showGrid());
        QVERIFY(!view->wordWrap());
        QVERIFY(view->isSortingEnabled());
        QVERIFY(view->horizontalHeader()->stretchLastSection());
        QCOMPARE(view->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    }
    QCOMPARE(column(m_panel->eventsView(), EventLogModel::Server),
        (QStringList {u"search"_s, u"beta"_s, u"alpha"_s})); // newest first
    m_panel->setCurrentTab(EventsPanel::FailuresTab);
    QCOMPARE(m_panel->currentTab(), EventsPanel::FailuresTab);
}

void TestEventsPanel::filterBoxesFilter()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QTableView *events = m_panel->eventsView();
    QTest::keyClicks(m_panel->eventsFilter(), u"circuit"_s);
    QCOMPARE(column(events, EventLogModel::Server), QStringList {u"beta"_s});
    m_panel->eventsFilter()->clear();
    QCOMPARE(events->model()->rowCount(), 3);
    QTest::keyClicks(m_panel->eventsFilter(), u"GAMMA"_s); // the failover's text names it
    QCOMPARE(column(events, EventLogModel::Server), QStringList {u"search"_s});

    m_panel->setCurrentTab(EventsPanel::FailuresTab);
    QTableView *failures = m_panel->failuresView();
    QCOMPARE(failures->model()->rowCount(), 3);
    QTest::keyClicks(m_panel->failuresFilter(), u"auth"_s);
    QCOMPARE(column(failures, FailuresModel::Server), QStringList {u"beta"_s});
    // Each tab filters on its own.
    QCOMPARE(events->model()->rowCount(), 1);
}

void TestEventsPanel::selectedServerOnly()
{
    QCheckBox *eventsOnly = m_panel->eventsSelectedOnly();
    QCheckBox *failuresOnly = m_panel->failuresSelectedOnly();
    QVERIFY(!eventsOnly->isEnabled()); // nothing selected: nothing to narrow down to
    m_panel->setSelectedServer(u"alpha"_s);
    QVERIFY(eventsOnly->isEnabled());
    QCOMPARE(m_panel->eventsView()->model()->rowCount(), 3); // unchecked: everything
    eventsOnly->click();
    QVERIFY(eventsOnly->isChecked());
    // alpha's state change and the failover away from it.
    QCOMPARE(column(m_panel->eventsView(), EventLogModel::Server), (QStringList {u"search"_s, u"alpha"_s}));
    QCOMPARE(m_panel->failuresView()->model()->rowCount(), 3); // the other tab has its own box
    failuresOnly->click();
    QCOMPARE(column(m_panel->failuresView(), FailuresModel::Server), (QStringList {u"alpha"_s, u"alpha"_s}));
    // The selection moves: the filters follow.
    m_panel->setSelectedServer(u"beta"_s);
    QCOMPARE(column(m_panel->eventsView(), EventLogModel::Server), QStringList {u"beta"_s});
    QCOMPARE(column(m_panel->failuresView(), FailuresModel::Server), QStringList {u"beta"_s});
    // Live events of other servers stay out; the selected one's come in.
    m_panel->events()->appendLive(makeEvent(u"circuit"_s, u"alpha"_s, 10, {{"to"_L1, "closed"_L1}}));
    m_panel->events()->appendLive(makeEvent(u"circuit"_s, u"beta"_s, 11, {{"to"_L1, "closed"_L1}}));
    QTRY_COMPARE(m_panel->eventsView()->model()->rowCount(), 2);
    // No selection: all rows again, the box keeps its state.
    m_panel->setSelectedServer({});
    QVERIFY(eventsOnly->isChecked());
    QCOMPARE(m_panel->eventsView()->model()->rowCount(), 5);
    m_panel->setSelectedServer(u"gamma"_s);
    QCOMPARE(m_panel->eventsView()->model()->rowCount(), 1);
    eventsOnly->click();
    QCOMPARE(m_panel->eventsView()->model()->rowCount(), 5);
}

void TestEventsPanel::doubleClickActivatesTheServer()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QSignalSpy activated(m_panel.get(), &EventsPanel::serverActivated);
    auto doubleClick = [](QTableView *view, int row) {
        const QRect rect = view->visualRect(view->model()->index(row, 1));
        QVERIFY(rect.isValid());
        // As a real double-click: the view takes the row from the first press.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    };
    QTableView *events = m_panel->eventsView();
    doubleClick(events, 2); // alpha's state change
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), u"alpha"_s);
    doubleClick(events, 0); // the failover: the member now serving
    QCOMPARE(activated.size(), 2);
    QCOMPARE(activated.at(1).at(0).toString(), u"gamma"_s);

    m_panel->setCurrentTab(EventsPanel::FailuresTab);
    QTableView *failures = m_panel->failuresView();
    QVERIFY(QTest::qWaitForWindowExposed(failures));
    doubleClick(failures, 1);
    QCOMPARE(activated.size(), 3);
    QCOMPARE(activated.at(2).at(0).toString(), u"beta"_s);
}

void TestEventsPanel::alertsTabAcknowledgesAndSilences()
{
    AlertsModel *alerts = m_panel->alerts();
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    Alert firing;
    firing.id = u"f1"_s;
    firing.server = u"alpha"_s;
    firing.rule = u"latency"_s;
    firing.severity = AlertSeverity::Critical;
    firing.message = u"p95 7 s over 5 s for 1 min"_s;
    firing.firedAt = t0;
    Alert resolved = firing;
    resolved.id = u"r1"_s;
    resolved.server = u"beta"_s;
    resolved.state = AlertState::Resolved;
    resolved.resolvedAt = t0.addSecs(30);
    alerts->upsert(resolved);
    alerts->upsert(firing);

    QTableView *view = m_panel->alertsView();
    QCOMPARE(view->model()->rowCount(), 1); // active only, by default
    m_panel->alertsActiveOnly()->click();
    QCOMPARE(view->model()->rowCount(), 2);
    m_panel->alertsActiveOnly()->click();
    QCOMPARE(view->model()->rowCount(), 1);

    QPushButton *ack = m_panel->acknowledgeButton();
    QVERIFY(!ack->isEnabled()); // nothing selected
    view->setCurrentIndex(view->model()->index(0, 0));
    QVERIFY(ack->isEnabled());
    QSignalSpy acknowledged(m_panel.get(), &EventsPanel::acknowledgeRequested);
    ack->click();
    QCOMPARE(acknowledged.size(), 1);
    QCOMPARE(acknowledged.first().first().toString(), u"f1"_s);

    // The manager answers with the acknowledged alert: the button has nothing more to do.
    firing.acknowledgedAt = t0.addSecs(5);
    alerts->upsert(firing);
    QVERIFY(!ack->isEnabled());

    QSignalSpy silenced(m_panel.get(), &EventsPanel::silenceRequested);
    auto *silence = m_panel->findChild<QToolButton *>(u"silence"_s);
    QVERIFY(silence && silence->isEnabled() && silence->menu());
    const QList<QAction *> actions = silence->menu()->actions();
    QVERIFY(actions.size() >= 4);
    actions.first()->trigger(); // this rule on this server for 1 hour
    QCOMPARE(silenced.size(), 1);
    QCOMPARE(silenced.first().at(0).toString(), u"alpha"_s);
    QCOMPARE(silenced.first().at(1).toString(), u"latency"_s);
    const QDateTime until = silenced.first().at(2).toDateTime();
    QVERIFY(until > t0.addSecs(3500) && until < QDateTime::currentDateTimeUtc().addSecs(3601));
}

QTEST_MAIN(TestEventsPanel)
#include "tst_eventspanel.moc"
