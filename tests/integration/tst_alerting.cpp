// Alerts from real servers: the fixture with steadily rising latency raises `trend` before the
// critical `latency` alert; a steady noisy one raises no `trend`; one that dies and is restarted
// every couple of seconds yields one `flapping` alert, not a notification per transition; and
// `mcp-lifeline --headless` prints the alert as a JSON line. Short intervals and windows keep
// each case to seconds.
#include "fixturehelpers.h"

#include "alerts/alertmanager.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

MonitorSettings settings(int criticalMs)
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 200;
    s.timeoutMs = 5000;
    s.latencyWarningMs = criticalMs / 2;
    s.latencyCriticalMs = criticalMs;
    return s;
}

// Everything the manager said, on the test's thread.
struct Recorder
{
    QList<Alert> changes;
    QList<Alert> notifications;
    int checks = 0;
    int restarts = 0;
    int transitions = 0;
    QList<Alert> fired(const QString &rule) const
    {
        QList<Alert> out;
        for (const Alert &a : changes) {
            if (a.rule == rule && a.isActive()
                && std::none_of(out.cbegin(), out.cend(), [&](const Alert &b) { return b.id == a.id; }))
                out.append(a);
        }
        return out;
    }
    int notified(const QString &rule) const
    {
        return int(std::count_if(
            notifications.cbegin(), notifications.cend(), [&](const Alert &a) { return a.rule == rule; }));
    }
};

class Rig
{
public:
    Rig(const ServerConfig &server, const QString &alertsJson)
    {
        m_alerts.setTickInterval(200);
        Config c;
        c.servers = {server};
        c.alerts = AlertConfig::parse(QJsonDocument::fromJson(alertsJson.toUtf8()).object(), {}, {});
        m_alerts.applyConfig(c);
        m_alerts.attach(m_thread.engine());
        QObject::connect(&m_alerts, &AlertManager::alertChanged, &m_context,
            [this](const Alert &a) { m_rec.changes.append(a); });
        QObject::connect(&m_alerts, &AlertManager::notificationDue, &m_context,
            [this](const Alert &a) { m_rec.notifications.append(a); });
        QObject::connect(m_thread.engine(), &MonitorEngine::checkFinished, &m_context,
            [this](const CheckResult &) { ++m_rec.checks; });
        QObject::connect(
            m_thread.engine(), &MonitorEngine::eventOccurred, &m_context, [this](const HealthEvent &e) {
                m_rec.restarts += e.event == u"restart" ? 1 : 0;
                m_rec.transitions += e.event == u"state" && !e.from.isEmpty() ? 1 : 0;
            });
        m_thread.start();
        m_thread.applyConfig(c);
    }
    ~Rig() { m_thread.stop(); }
    const Recorder &rec() const { return m_rec; }

private:
    QObject m_context;
    EngineThread m_thread;
    AlertManager m_alerts;
    Recorder m_rec;
};

// Trend over 10 checks, 20 s ahead; latency critical after holding for 1 s.
const QString kTrendAlerts = uR"({"defaultRules": false, "trend": {"checks": 10, "horizon": "20s"},
    "rules": [{"rule": "trend"}, {"rule": "latency", "severity": "critical", "for": "1s"}]})"_s;

} // namespace

class TestAlerting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void risingLatencyRaisesTrendBeforeTheLatencyAlert();
    void steadyNoisyServerRaisesNoTrend();
    void restartLoopIsOneFlappingAlert();
    void startLimitRaisesRestartLoop();
    void headlessPrintsTheAlertLine();
};

void TestAlerting::risingLatencyRaisesTrendBeforeTheLatencyAlert()
{
    // 50 ms, then 40 ms more per request: past 1 s after some 24 checks.
    Rig rig(
        stdioFixture({u"--latency"_s, u"50"_s, u"--latency-step"_s, u"40"_s}, u"rising"_s, settings(1000)),
        kTrendAlerts);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.rec().fired(u"latency"_s).isEmpty(), 40000);
    const QList<Alert> trend = rig.rec().fired(u"trend"_s);
    QCOMPARE(trend.size(), 1);
    const Alert latency = rig.rec().fired(u"latency"_s).first();
    QCOMPARE(latency.severity, AlertSeverity::Critical);
    QVERIFY2(trend.first().firedAt < latency.firedAt, "the trend warns before the breach");
    QCOMPARE(trend.first().details.value("metric"_L1).toString(), u"latency"_s);
    QVERIFY2(trend.first().details.value("projected"_L1).toDouble() >= 1000,
        QJsonDocument(trend.first().details).toJson(QJsonDocument::Compact).constData());
    qInfo("trend fired %lld ms before the critical latency alert",
        qint64(trend.first().firedAt.msecsTo(latency.firedAt)));
    QCOMPARE(rig.rec().notified(u"trend"_s), 1);
}

void TestAlerting::steadyNoisyServerRaisesNoTrend()
{
    // 100 … 400 ms at random, no drift; critical at 1 s.
    Rig rig(stdioFixture({u"--latency"_s, u"100"_s, u"--jitter"_s, u"300"_s, u"--seed"_s, u"11"_s},
                u"noisy"_s, settings(1000)),
        kTrendAlerts);
    QTRY_VERIFY_WITH_TIMEOUT(rig.rec().checks >= 30, 40000);
    QCOMPARE(rig.rec().fired(u"trend"_s).size(), 0);
    QCOMPARE(rig.rec().fired(u"latency"_s).size(), 0);
}

void TestAlerting::restartLoopIsOneFlappingAlert()
{
    // Dies 1.5 s after each start; restarted after 200 ms, never given up.
    MonitorSettings s = settings(5000);
    s.restart.backoffMs = {200};
    s.restart.maxAttempts = 1000;
    s.restart.burst = 1000;
    s.restart.resetAfterMs = 500;
    Rig rig(stdioFixture({u"--crash-after-ms"_s, u"1500"_s}, u"dying"_s, s),
        uR"({"flapping": {"changes": 4, "window": "1m"}, "notifyResolved": true})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(rig.rec().notified(u"flapping"_s) > 0, 30000);
    // Three more deaths and restarts while it flaps.
    const int flappedAt = rig.rec().transitions;
    const qsizetype notifiedAt = rig.rec().notifications.size();
    QTRY_VERIFY_WITH_TIMEOUT(rig.rec().transitions >= flappedAt + 9, 30000);
    QCOMPARE(rig.rec().fired(u"flapping"_s).size(), 1);
    QCOMPARE(rig.rec().notified(u"flapping"_s), 1);
    QStringList after;
    for (qsizetype i = notifiedAt; i < rig.rec().notifications.size(); ++i) {
        const Alert &a = rig.rec().notifications.at(i);
        after << a.rule + u' ' + alertStateName(a.state);
    }
    qInfo("%d state transitions in all, %d of them while flapping; %lld notifications before the "
          "flapping one, [%s] after it",
        rig.rec().transitions, rig.rec().transitions - flappedAt, qint64(notifiedAt - 1),
        qPrintable(after.join(u", "_s)));
    QVERIFY2(after.filter(u"state"_s).isEmpty() && after.filter(u"consecutive_failures"_s).isEmpty(),
        qPrintable(after.join(u", "_s)));
}

void TestAlerting::startLimitRaisesRestartLoop()
{
    // Dies at once, every time: the third start within the burst window is refused.
    MonitorSettings s = settings(5000);
    s.restart.backoffMs = {50};
    s.restart.maxAttempts = 100;
    s.restart.burst = 3;
    s.restart.burstWindowMs = 60000;
    Rig rig(stdioFixture({u"--crash-after-ms"_s, u"100"_s}, u"looping"_s, s),
        uR"({"defaultRules": false, "rules": [{"rule": "restart_loop"}]})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!rig.rec().fired(u"restart_loop"_s).isEmpty(), 20000);
    const Alert a = rig.rec().fired(u"restart_loop"_s).first();
    QCOMPARE(a.severity, AlertSeverity::Critical);
    QVERIFY2(a.message.contains(u"start limit"_s), qPrintable(a.message));
    QCOMPARE(rig.rec().notified(u"restart_loop"_s), 1);
}

void TestAlerting::headlessPrintsTheAlertLine()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    const QJsonObject root {{"mcpServers"_L1,
                                QJsonObject {{"down"_L1,
                                    QJsonObject {{"command"_L1, fixturePath()},
                                        {"args"_L1, QJsonArray {u"--crash-after-ms"_s, u"300"_s}}}}}},
        {"lifeline"_L1,
            QJsonObject {{"defaults"_L1,
                             QJsonObject {{"interval"_L1, "200ms"_L1}, {"timeout"_L1, "500ms"_L1},
                                 {"restart"_L1, QJsonObject {{"policy"_L1, "never"_L1}}}}},
                {"alerts"_L1,
                    QJsonObject {{"defaultRules"_L1, false},
                        {"rules"_L1, QJsonArray {QJsonObject {{"rule"_L1, "state"_L1}}}}}}}}};
    QFile f(config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(root).toJson());
    f.close();

    QProcess p;
    p.setProgram(QStringLiteral(LIFELINE_BIN));
    p.setArguments({u"--headless"_s, u"--config"_s, config, u"--listen"_s, u"off"_s, u"--db"_s,
        dir.filePath(u"history.sqlite"_s)});
    p.start();
    QVERIFY(p.waitForStarted());
    QByteArray out;
    QJsonObject alert;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            out += p.readAllStandardOutput();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (o.value("event"_L1) == "alert"_L1) {
                    alert = o;
                    return true;
                }
            }
            return false;
        }(),
        15000);
    p.terminate();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(alert.value("server"_L1).toString(), u"down"_s);
    QCOMPARE(alert.value("rule"_L1).toString(), u"state"_s);
    QCOMPARE(alert.value("severity"_L1).toString(), u"critical"_s);
    QCOMPARE(alert.value("state"_L1).toString(), u"firing"_s);
    QVERIFY(!alert.value("message"_L1).toString().isEmpty());
    QVERIFY(!alert.value("id"_L1).toString().isEmpty());
    QVERIFY(alert.value("ts"_L1).toString().endsWith(u'Z'));
}

QTEST_GUILESS_MAIN(TestAlerting)
#include "tst_alerting.moc"
