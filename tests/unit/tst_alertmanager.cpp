// The alerts' lifecycle on an injected clock: fired once and deduplicated per server + rule,
// resolved (with or without a "resolved" notification), re-notified until acknowledged,
// silenced, quiet in one-off and weekly maintenance windows, one flapping alert instead of a
// notification per transition; and `lifeline.alerts` errors located like every config error.
#include "alerts/alertmanager.h"
#include "config/configloader.h"
#include "engine/serversnapshot.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

const QDateTime kT0(QDate(2026, 3, 10), QTime(12, 0), QTimeZone::utc());

} // namespace

class TestAlertManager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void firesOnceAndDedupes();
    void resolves_data();
    void resolves();
    void renotifiesUntilAcknowledged();
    void acknowledgeUnknownIdFails();
    void escalationNotifiesAgain();
    void silenceKeepsItQuietThenTells_data();
    void silenceKeepsItQuietThenTells();
    void unsilence();
    void maintenanceOneOff();
    void maintenanceWeekly_data();
    void maintenanceWeekly();
    void flappingIsOneNotification();
    void eventLineShape();
    void snapshotBeforeItsEventKeepsTheWhy();
    void configErrorsAreLocated_data();
    void configErrorsAreLocated();
    void configDefaultsAndChannelsKey();

private:
    void apply(const QString &alertsJson);
    void state(const QString &to, const QString &server = u"x"_s);
    void advance(qint64 ms); // ticks each second of it, as the timer would

    std::unique_ptr<AlertManager> m_m;
    QDateTime m_now;
    QString m_last;
};

void TestAlertManager::init()
{
    m_now = kT0;
    m_last.clear();
    m_m = std::make_unique<AlertManager>();
    m_m->setTickInterval(0);
    m_m->setClock([this] { return m_now; });
    apply(u"{}"_s);
}

void TestAlertManager::apply(const QString &alertsJson)
{
    Config c;
    ServerConfig x, y;
    x.name = u"x"_s;
    y.name = u"y"_s;
    c.servers = {x, y};
    const QJsonDocument d = QJsonDocument::fromJson(alertsJson.toUtf8());
    QVERIFY2(d.isObject(), qPrintable(alertsJson));
    c.alerts = AlertConfig::parse(d.object(), {}, {});
    m_m->applyConfig(c);
}

void TestAlertManager::state(const QString &to, const QString &server)
{
    HealthEvent e;
    e.ts = m_now;
    e.event = u"state"_s;
    e.server = server;
    e.from = m_last;
    e.to = to;
    m_last = to;
    m_m->recordEvent(e);
}

void TestAlertManager::advance(qint64 ms)
{
    for (qint64 t = 0; t < ms; t += 1000) {
        m_now = m_now.addMSecs(qMin<qint64>(1000, ms - t));
        m_m->tick();
    }
}

void TestAlertManager::firesOnceAndDedupes()
{
    QSignalSpy changed(m_m.get(), &AlertManager::alertChanged);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy events(m_m.get(), &AlertManager::eventOccurred);
    state(u"healthy"_s);
    state(u"unhealthy"_s);
    for (int i = 0; i < 4; ++i) { // fewer than error_rate needs to judge
        CheckResult r;
        r.server = u"x"_s;
        r.failure = Failure::make(FailureType::Timeout, u"no answer"_s);
        m_m->recordCheck(r);
        ServerSnapshot s;
        s.name = u"x"_s;
        s.state = HealthState::Unhealthy;
        s.consecutiveFailures = i + 1;
        m_m->recordSnapshot(s);
        advance(10000);
    }
    // state (critical) and consecutive_failures (warning), once each.
    const QList<Alert> active = m_m->activeAlerts();
    QCOMPARE(active.size(), 2);
    QStringList rules;
    for (const Alert &a : active) {
        rules << a.rule;
        QCOMPARE(a.server, u"x"_s);
        QVERIFY(a.isActive());
        QVERIFY(!a.id.isEmpty());
        QVERIFY(!a.id.startsWith(u'{'));
        QCOMPARE(m_m->alert(a.id)->id, a.id);
    }
    rules.sort();
    QCOMPARE(rules, (QStringList {u"consecutive_failures"_s, u"state"_s}));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(notified.size(), 2);
    QCOMPARE(events.size(), 2);
    QCOMPARE(m_m->activeAlerts().first().firedAt, kT0);
}

void TestAlertManager::resolves_data()
{
    QTest::addColumn<bool>("notifyResolved");
    QTest::newRow("with a resolved notification") << true;
    QTest::newRow("without") << false;
}

void TestAlertManager::resolves()
{
    QFETCH(bool, notifyResolved);
    apply(u"{\"defaultRules\": false, \"rules\": [{\"rule\": \"state\"}], \"notifyResolved\": %1}"_s.arg(
        notifyResolved ? u"true"_s : u"false"_s));
    QSignalSpy changed(m_m.get(), &AlertManager::alertChanged);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy events(m_m.get(), &AlertManager::eventOccurred);
    QSignalSpy counts(m_m.get(), &AlertManager::activeCountChanged);
    state(u"unhealthy"_s);
    const QString id = m_m->activeAlerts().value(0).id;
    advance(60000);
    state(u"healthy"_s);
    QCOMPARE(counts.size(), 2);
    QCOMPARE(counts.at(0).at(0).toInt(), 1);
    QCOMPARE(counts.at(1).at(0).toInt(), 0);
    QVERIFY(m_m->activeAlerts().isEmpty());
    QCOMPARE(changed.size(), 2);
    const Alert resolved = changed.last().first().value<Alert>();
    QCOMPARE(resolved.id, id);
    QCOMPARE(resolved.state, AlertState::Resolved);
    QCOMPARE(resolved.resolvedAt, kT0.addSecs(60));
    QCOMPARE(resolved.firedAt, kT0);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last().first().value<HealthEvent>().extra.value("state"_L1).toString(), u"resolved"_s);
    QCOMPARE(notified.size(), notifyResolved ? 2 : 1);
    // Firing again is a new alert with a new id.
    state(u"unhealthy"_s);
    QVERIFY(m_m->activeAlerts().value(0).id != id);
}

void TestAlertManager::renotifiesUntilAcknowledged()
{
    apply(uR"({"defaultRules": false, "rules": [{"rule": "state"}], "renotify": "10m"})"_s);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy acked(m_m.get(), &AlertManager::acknowledged);
    state(u"unhealthy"_s);
    QCOMPARE(notified.size(), 1);
    advance(9 * 60000);
    QCOMPARE(notified.size(), 1);
    advance(60000);
    QCOMPARE(notified.size(), 2);
    QCOMPARE(notified.last().first().value<Alert>().notifications, 2);
    advance(10 * 60000);
    QCOMPARE(notified.size(), 3);
    const QString id = m_m->activeAlerts().value(0).id;
    QSignalSpy changed(m_m.get(), &AlertManager::alertChanged);
    QVERIFY(m_m->acknowledge(id));
    QCOMPARE(acked.size(), 1);
    QCOMPARE(acked.first().at(1).toBool(), true);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<Alert>().acknowledgedAt, m_now);
    QVERIFY(m_m->activeAlerts().value(0).isAcknowledged());
    advance(30 * 60000);
    QCOMPARE(notified.size(), 3); // acknowledged: no more reminders
}

void TestAlertManager::acknowledgeUnknownIdFails()
{
    QSignalSpy acked(m_m.get(), &AlertManager::acknowledged);
    QVERIFY(!m_m->acknowledge(u"no-such-id"_s));
    QCOMPARE(acked.size(), 1);
    QCOMPARE(acked.first().at(1).toBool(), false);
}

void TestAlertManager::escalationNotifiesAgain()
{
    apply(uR"({"defaultRules": false, "rules": [{"rule": "latency", "severity": "warning"},
        {"rule": "latency", "severity": "critical"}]})"_s);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy events(m_m.get(), &AlertManager::eventOccurred);
    auto check = [&](int ms) {
        CheckResult r;
        r.server = u"x"_s;
        r.ok = true;
        r.latencyUs = ms * 1000;
        m_m->recordCheck(r);
    };
    check(1500);
    QCOMPARE(notified.size(), 1);
    const QString id = m_m->activeAlerts().value(0).id;
    m_m->acknowledge(id);
    check(6000);
    QCOMPARE(notified.size(), 2);
    QCOMPARE(m_m->activeAlerts().size(), 1);
    QCOMPARE(m_m->activeAlerts().value(0).id, id); // the same alert, worse
    QCOMPARE(m_m->activeAlerts().value(0).severity, AlertSeverity::Critical);
    QVERIFY(!m_m->activeAlerts().value(0).isAcknowledged());
    QCOMPARE(events.size(), 2);
    check(2000); // better again: no notification
    QCOMPARE(notified.size(), 2);
    QCOMPARE(m_m->activeAlerts().value(0).severity, AlertSeverity::Warning);
}

void TestAlertManager::silenceKeepsItQuietThenTells_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<bool>("quiet");
    QTest::newRow("the server") << u"x"_s << QString() << true;
    QTest::newRow("the rule") << QString() << u"state"_s << true;
    QTest::newRow("server and rule") << u"x"_s << u"state"_s << true;
    QTest::newRow("another server") << u"y"_s << QString() << false;
    QTest::newRow("another rule") << u"x"_s << u"latency"_s << false;
}

void TestAlertManager::silenceKeepsItQuietThenTells()
{
    QFETCH(QString, server);
    QFETCH(QString, rule);
    QFETCH(bool, quiet);
    apply(uR"({"defaultRules": false, "rules": [{"rule": "state"}], "renotify": "0s"})"_s);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy changed(m_m.get(), &AlertManager::alertChanged);
    m_m->silence(server, rule, m_now.addSecs(3600));
    QCOMPARE(m_m->isSilenced(u"x"_s, u"state"_s), quiet);
    state(u"unhealthy"_s);
    QCOMPARE(changed.size(), 1); // stored and shown, whatever the silence
    QCOMPARE(m_m->activeAlerts().value(0).silenced, quiet);
    QCOMPARE(notified.size(), quiet ? 0 : 1);
    advance(3600 * 1000);
    QCOMPARE(m_m->activeAlerts().value(0).silenced, false);
    QCOMPARE(notified.size(), 1); // still firing when the silence ends: told now
    QVERIFY(m_m->silences().isEmpty());
}

void TestAlertManager::unsilence()
{
    apply(uR"({"defaultRules": false, "rules": [{"rule": "state"}]})"_s);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    m_m->silence(u"x"_s, {}, m_now.addSecs(3600));
    state(u"unhealthy"_s);
    QCOMPARE(notified.size(), 0);
    m_m->unsilence(u"x"_s, {});
    QCOMPARE(notified.size(), 1);
    QVERIFY(!m_m->activeAlerts().value(0).silenced);
}

void TestAlertManager::maintenanceOneOff()
{
    apply(uR"({"defaultRules": false, "rules": [{"rule": "state"}],
        "maintenance": [{"start": "2026-03-10T11:00:00Z", "end": "2026-03-10T13:00:00Z"}]})"_s);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy events(m_m.get(), &AlertManager::eventOccurred);
    QVERIFY(m_m->inMaintenance(u"x"_s));
    state(u"unhealthy"_s);
    state(u"healthy"_s);
    state(u"unhealthy"_s);
    QCOMPARE(notified.size(), 0); // nothing notifies, resolved included
    QCOMPARE(events.size(), 3); // the events and the history still have them
    advance(3600 * 1000);
    QVERIFY(!m_m->inMaintenance(u"x"_s));
    QCOMPARE(notified.size(), 1); // the one still firing
}

void TestAlertManager::maintenanceWeekly_data()
{
    QTest::addColumn<int>("startOffsetMin"); // from local noon
    QTest::addColumn<int>("endOffsetMin");
    QTest::addColumn<int>("dayShift"); // the listed day relative to kT0's local day
    QTest::addColumn<bool>("inside");
    QTest::newRow("around now, today") << -30 << 30 << 0 << true;
    QTest::newRow("around now, another day") << -30 << 30 << 1 << false;
    QTest::newRow("later today") << 30 << 90 << 0 << false;
}

void TestAlertManager::maintenanceWeekly()
{
    QFETCH(int, startOffsetMin);
    QFETCH(int, endOffsetMin);
    QFETCH(int, dayShift);
    QFETCH(bool, inside);
    // Weekly windows are local wall-clock times: local noon, so the window does not cross midnight
    // whatever the test machine's time zone.
    m_now = QDateTime(QDate(2026, 3, 11), QTime(12, 0)).toUTC();
    const QDateTime local = m_now.toLocalTime();
    static const char *const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const int day = (local.date().dayOfWeek() - 1 + dayShift) % 7;
    const QString hm1 = local.time().addSecs(startOffsetMin * 60).toString(u"HH:mm"_s);
    const QString hm2 = local.time().addSecs(endOffsetMin * 60).toString(u"HH:mm"_s);
    apply(uR"({"defaultRules": false, "rules": [{"rule": "state"}],
        "maintenance": [{"weekly": {"days": ["%1"], "start": "%2", "end": "%3"}, "servers": ["x"]}]})"_s.arg(
        QLatin1StringView(kDays[day]), hm1, hm2));
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QCOMPARE(m_m->inMaintenance(u"x"_s), inside);
    QVERIFY(!m_m->inMaintenance(u"y"_s)); // only the listed servers
    state(u"unhealthy"_s);
    QCOMPARE(notified.size(), inside ? 0 : 1);
    if (inside) {
        advance(31 * 60 * 1000);
        QCOMPARE(notified.size(), 1);
    }
}

void TestAlertManager::flappingIsOneNotification()
{
    apply(uR"({"flapping": {"changes": 4, "window": "10m"}, "notifyResolved": true})"_s);
    QSignalSpy notified(m_m.get(), &AlertManager::notificationDue);
    QSignalSpy changed(m_m.get(), &AlertManager::alertChanged);
    int transitions = 0;
    for (int cycle = 0; cycle < 30; ++cycle) {
        for (const QString &to : {u"unhealthy"_s, u"recovering"_s, u"healthy"_s}) {
            state(to);
            ++transitions;
            advance(1000);
        }
    }
    int flapping = 0, other = 0;
    for (const QList<QVariant> &n : std::as_const(notified)) {
        const Alert a = n.first().value<Alert>();
        (a.rule == u"flapping" ? flapping : other) += 1;
    }
    QCOMPARE(flapping, 1);
    QVERIFY2(other <= 3, qPrintable(u"%1 notifications for %2 transitions"_s.arg(other).arg(transitions)));
    QVERIFY(m_m->isFlapping(u"x"_s));
    int flappingFires = 0;
    for (const QList<QVariant> &c : std::as_const(changed)) {
        const Alert a = c.first().value<Alert>();
        flappingFires += a.rule == u"flapping" && a.isActive() ? 1 : 0;
    }
    QCOMPARE(flappingFires, 1);
    // Calm for a whole window: flapping resolves.
    advance(11 * 60 * 1000);
    QVERIFY(!m_m->isFlapping(u"x"_s));
}

void TestAlertManager::eventLineShape()
{
    apply(uR"({"defaultRules": false, "rules": [{"rule": "restart_loop"}]})"_s);
    QSignalSpy events(m_m.get(), &AlertManager::eventOccurred);
    state(u"failed"_s);
    QCOMPARE(events.size(), 1);
    const QJsonObject o
        = QJsonDocument::fromJson(events.first().first().value<HealthEvent>().toJsonLine()).object();
    QCOMPARE(o.value("event"_L1).toString(), u"alert"_s);
    QCOMPARE(o.value("server"_L1).toString(), u"x"_s);
    QCOMPARE(o.value("rule"_L1).toString(), u"restart_loop"_s);
    QCOMPARE(o.value("severity"_L1).toString(), u"critical"_s);
    QCOMPARE(o.value("state"_L1).toString(), u"firing"_s);
    QVERIFY(!o.value("message"_L1).toString().isEmpty());
    QCOMPARE(o.value("ts"_L1).toString(), HealthEvent::formatTimestamp(kT0));
}

// The engine emits a transition's snapshot just before its event: the alert waits for the event,
// which says why (here: the start limit).
void TestAlertManager::snapshotBeforeItsEventKeepsTheWhy()
{
    apply(uR"({"defaultRules": false, "rules": [{"rule": "restart_loop"}]})"_s);
    QSignalSpy changed(m_m.get(), &AlertManager::alertChanged);
    state(u"recovering"_s);
    ServerSnapshot s;
    s.name = u"x"_s;
    s.state = HealthState::Failed;
    m_m->recordSnapshot(s);
    HealthEvent e;
    e.event = u"state"_s;
    e.server = u"x"_s;
    e.from = u"recovering"_s;
    e.to = u"failed"_s;
    e.detail = u"start limit reached: 5 starts within 1m"_s;
    m_m->recordEvent(e);
    QCOMPARE(changed.size(), 1);
    QVERIFY2(changed.first().first().value<Alert>().message.contains(u"start limit"_s),
        qPrintable(changed.first().first().value<Alert>().message));
}

void TestAlertManager::configErrorsAreLocated_data()
{
    QTest::addColumn<QString>("alerts");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("says");
    QTest::newRow("not an object") << u"[]"_s << u"lifeline.alerts"_s << u"expected an object"_s;
    QTest::newRow("unknown rule") << uR"({"rules": [{"rule": "latenzy"}]})"_s
                                  << u"lifeline.alerts.rules[0].rule"_s << u"unknown rule"_s;
    QTest::newRow("bad severity") << uR"({"rules": [{"rule": "latency", "severity": "high"}]})"_s
                                  << u"lifeline.alerts.rules[0].severity"_s << u"critical"_s;
    QTest::newRow("bad duration")
        << uR"({"rules": [{"rule": "state"}, {"rule": "latency", "for": "5 parsecs"}]})"_s
        << u"lifeline.alerts.rules[1].for"_s << QString();
    QTest::newRow("rate over 1") << uR"({"rules": [{"rule": "error_rate", "threshold": 5}]})"_s
                                 << u"lifeline.alerts.rules[0].threshold"_s << u"0 to 1"_s;
    QTest::newRow("renotify") << uR"({"renotify": -1})"_s << u"lifeline.alerts.renotify"_s << QString();
    QTest::newRow("silence until") << uR"({"silences": [{"server": "a", "until": "tomorrow"}]})"_s
                                   << u"lifeline.alerts.silences[0].until"_s << u"date and time"_s;
    QTest::newRow("weekly day")
        << uR"({"maintenance": [{"weekly": {"days": ["caturday"], "start": "02:00", "end": "03:00"}}]})"_s
        << u"lifeline.alerts.maintenance[0].weekly.days[0]"_s << u"day"_s;
    QTest::newRow("weekly day prefix")
        << uR"({"maintenance": [{"weekly": {"days": ["satan"], "start": "02:00", "end": "03:00"}}]})"_s
        << u"lifeline.alerts.maintenance[0].weekly.days[0]"_s << u"day"_s;
    QTest::newRow("weekly time")
        << uR"({"maintenance": [{"weekly": {"days": ["Saturday"], "start": "2am", "end": "03:00"}}]})"_s
        << u"lifeline.alerts.maintenance[0].weekly.start"_s << u"02:00"_s;
    QTest::newRow("too many rules") << u"{\"rules\": [%1{}]}"_s.arg(u"{}, "_s.repeated(1000))
                                    << u"lifeline.alerts.rules"_s << u"too many"_s;
    QTest::newRow("window backwards")
        << uR"({"maintenance": [{"start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"}]})"_s
        << u"lifeline.alerts.maintenance[0].end"_s << u"before"_s;
    QTest::newRow("flapping changes")
        << uR"({"flapping": {"changes": 0}})"_s << u"lifeline.alerts.flapping.changes"_s << u"whole number"_s;
    QTest::newRow("trend horizon") << uR"({"trend": {"horizon": "soon"}})"_s
                                   << u"lifeline.alerts.trend.horizon"_s << QString();
}

void TestAlertManager::configErrorsAreLocated()
{
    QFETCH(QString, alerts);
    QFETCH(QString, keyPath);
    QFETCH(QString, says);
    const QByteArray json = (uR"({"mcpServers": {"a": {"command": "true"}},
  "lifeline": {
    "alerts": %1
  }
})"_s.arg(alerts))
                                .toUtf8();
    const auto result = ConfigLoader::parse(json, u"servers.json"_s, QProcessEnvironment());
    QVERIFY(!result.ok());
    QCOMPARE(result.errors.size(), 1);
    const ConfigIssue &e = result.errors.first();
    QCOMPARE(e.keyPath, keyPath);
    QVERIFY2(e.line >= 3, qPrintable(e.toString())); // located in the file
    QVERIFY2(e.message.contains(says), qPrintable(e.message));
}

void TestAlertManager::configDefaultsAndChannelsKey()
{
    const QByteArray json = R"({"mcpServers": {"a": {"command": "true"}},
        "lifeline": {"alerts": {"channels": [{"type": "desktop"}], "renotify": "2h",
            "rules": [{"rule": "latency", "severity": "critical", "for": "2m"},
                      {"rule": "trend", "enabled": false}]}}})";
    const auto result = ConfigLoader::parse(json, u"servers.json"_s, QProcessEnvironment());
    QVERIFY(result.ok());
    QVERIFY2(result.config->warnings.isEmpty(), qPrintable(result.config->warnings.value(0).toString()));
    const AlertConfig &c = result.config->alerts;
    QCOMPARE(c.renotifyMs, 2 * 3600000LL);
    int latencyCritical = 0, trend = 0;
    for (const AlertRule &r : c.rules) {
        if (r.rule == u"latency" && r.severity == AlertSeverity::Critical) {
            ++latencyCritical;
            QCOMPARE(r.forMs, 120000LL);
        }
        trend += r.rule == u"trend" ? 1 : 0;
    }
    QCOMPARE(latencyCritical, 1);
    QCOMPARE(trend, 0);
    QCOMPARE(AlertConfig {}.rules.size(), AlertConfig::defaultRules().size());
    QSet<QString> names;
    for (const AlertRule &r : AlertConfig::defaultRules())
        names.insert(r.rule);
    QCOMPARE(names.size(), 9); // every rule is on by default
}

QTEST_GUILESS_MAIN(TestAlertManager)
#include "tst_alertmanager.moc"
