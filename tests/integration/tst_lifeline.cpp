// The running program (Lifeline): built once for the window and headless mode, each config parsed
// once and handed to every part, alerts judged on the engine thread.
#include "fixturehelpers.h"
#include "lifeline.h"

#include "alerts/alertdispatcher.h"
#include "alerts/alertmanager.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "engine/serversnapshot.h"
#include "health/healthevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <csignal>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestLifeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void configIsParsedOncePerChange();
    void alertsAreJudgedOnTheEngineThread();
    void rejectedEditKeepsTheLastGoodConfig();
    void stopEndsEveryServerProcess();

private:
    // A config file: `servers` fixture servers (fast checks) with `args`, the given alerts section.
    static QByteArray configText(
        const QStringList &servers, const QJsonObject &alerts, const QStringList &args = {});
    static void write(const QString &path, const QByteArray &text);
    CommandLine commandLine(const QString &configPath) const;

    QTemporaryDir m_dir;
};

void TestLifeline::initTestCase()
{
    registerMetaTypes();
    QVERIFY(m_dir.isValid());
}

QByteArray TestLifeline::configText(
    const QStringList &servers, const QJsonObject &alerts, const QStringList &args)
{
    QJsonObject mcpServers;
    for (const QString &name : servers) {
        mcpServers.insert(name,
            QJsonObject {{u"command"_s, test::fixturePath()}, {u"args"_s, QJsonArray::fromStringList(args)}});
    }
    const QJsonObject defaults {
        {u"interval"_s, u"300ms"_s}, {u"timeout"_s, u"400ms"_s}, {u"failureThreshold"_s, 1}};
    const QJsonObject file {{u"mcpServers"_s, mcpServers},
        {u"lifeline"_s, QJsonObject {{u"defaults"_s, defaults}, {u"alerts"_s, alerts}}}};
    return QJsonDocument(file).toJson();
}

void TestLifeline::write(const QString &path, const QByteArray &text)
{
    QSaveFile f(path); // replaced whole, as editors and the settings dialog do
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    QVERIFY(f.commit());
}

CommandLine TestLifeline::commandLine(const QString &configPath) const
{
    CommandLine cl;
    cl.mode = CommandLine::Mode::Headless;
    cl.configPath = configPath;
    cl.listen = u"off"_s;
    cl.dbPath = m_dir.filePath(QFileInfo(configPath).completeBaseName() + u".sqlite"_s);
    return cl;
}

void TestLifeline::configIsParsedOncePerChange()
{
    const QString path = m_dir.filePath(u"once.json"_s);
    const QJsonArray firstChannels {
        QJsonObject {{u"type"_s, u"command"_s}, {u"name"_s, u"first"_s}, {u"command"_s, u"true"_s}}};
    write(path, configText({u"a"_s}, {{u"renotify"_s, u"2h"_s}, {u"channels"_s, firstChannels}}));

    Lifeline lifeline(commandLine(path), {Lifeline::Mode::Headless, false});
    QCOMPARE(lifeline.start(), 0);
    QSignalSpy snapshots(lifeline.engine()->engine(), &MonitorEngine::snapshotChanged);
    lifeline.run();
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 10000);
    QCOMPARE(lifeline.notifications()->channels().size(), 1);
    QCOMPARE(lifeline.notifications()->channels().first().name, u"first"_s);

    QSignalSpy applied(&lifeline, &Lifeline::configApplied);
    const quint64 before = ConfigLoader::parseCount();
    const QJsonArray nextChannels {
        QJsonObject {{u"type"_s, u"command"_s}, {u"name"_s, u"second"_s}, {u"command"_s, u"true"_s}}};
    write(path, configText({u"a"_s, u"b"_s}, {{u"renotify"_s, u"3h"_s}, {u"channels"_s, nextChannels}}));
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 10000);
    QCOMPARE(ConfigLoader::parseCount() - before, quint64(1));

    // Every part runs with that one parse: the channels, the alert rules, the engine's servers.
    QCOMPARE(lifeline.notifications()->channels().first().name, u"second"_s);
    qint64 renotify = 0;
    AlertManager *alerts = lifeline.alerts();
    QMetaObject::invokeMethod(
        alerts, [&] { renotify = alerts->config().renotifyMs; }, Qt::BlockingQueuedConnection);
    QCOMPARE(renotify, 3 * 3600000LL);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(snapshots.cbegin(), snapshots.cend(),
            [](const QList<QVariant> &args) { return args.at(0).value<ServerSnapshot>().name == u"b"_s; }),
        10000);

    // A reload of the same text parses it once more and applies nothing: nothing changed.
    lifeline.reload();
    QTRY_COMPARE_WITH_TIMEOUT(ConfigLoader::parseCount() - before, quint64(2), 10000);
    QCOMPARE(applied.size(), 1);
}

void TestLifeline::alertsAreJudgedOnTheEngineThread()
{
    const QString path = m_dir.filePath(u"alerts.json"_s);
    // The server exits at its second request: down at once (a process exit), the state alert fires.
    write(path, configText({u"crashy"_s}, {{u"channels"_s, QJsonArray {}}}, {u"--crash-after"_s, u"2"_s}));

    Lifeline lifeline(commandLine(path), {Lifeline::Mode::Headless, false});
    QCOMPARE(lifeline.start(), 0);
    QCOMPARE(lifeline.alerts()->thread(), lifeline.engine()->engine()->thread());
    QVERIFY(lifeline.alerts()->thread() != QThread::currentThread());
    QSignalSpy events(&lifeline, &Lifeline::eventOccurred);
    QSignalSpy lines(&lifeline, &Lifeline::lineRecorded);
    lifeline.run();
    QVERIFY(!lines.isEmpty());
    QVERIFY(lines.first().at(0).toByteArray().contains(R"("status":"started")"));
    // The alert comes through the owner, in order after the state event that caused it.
    const auto indexOf = [&](auto pred) {
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (pred(events.at(i).at(0).value<HealthEvent>()))
                return i;
        }
        return qsizetype(-1);
    };
    const auto isAlert = [](const HealthEvent &e) { return e.event == u"alert"_s; };
    QTRY_VERIFY_WITH_TIMEOUT(indexOf(isAlert) >= 0, 15000);
    const qsizetype down = indexOf([](const HealthEvent &e) {
        return e.event == u"state"_s
            && QStringList {u"unhealthy"_s, u"recovering"_s, u"failed"_s}.contains(e.to);
    });
    QVERIFY(down >= 0);
    QVERIFY(down < indexOf(isAlert));
    QCOMPARE(events.at(indexOf(isAlert)).at(0).value<HealthEvent>().server, u"crashy"_s);
}

void TestLifeline::rejectedEditKeepsTheLastGoodConfig()
{
    const QString path = m_dir.filePath(u"broken.json"_s);
    write(path, configText({u"a"_s}, {}));
    Lifeline lifeline(commandLine(path), {Lifeline::Mode::Headless, false});
    QCOMPARE(lifeline.start(), 0);
    lifeline.run();
    QSignalSpy rejected(&lifeline, &Lifeline::configRejected);
    QSignalSpy lines(&lifeline, &Lifeline::lineRecorded);
    write(path, R"({"mcpServers": {"a": {"command": 5}}})");
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, 10000);
    QCOMPARE(lifeline.currentConfig().servers.size(), 1);
    QCOMPARE(lifeline.currentConfig().servers.first().command, test::fixturePath());
    QTRY_VERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QList<QVariant> &args) {
        const QByteArray l = args.at(0).toByteArray();
        return l.contains(R"("event":"config")") && l.contains(R"("status":"error")")
            && l.contains("broken.json");
    }));
}

void TestLifeline::stopEndsEveryServerProcess()
{
    const QString path = m_dir.filePath(u"stop.json"_s);
    write(path, configText({u"a"_s, u"b"_s}, {}));
    Lifeline lifeline(commandLine(path), {Lifeline::Mode::Headless, false});
    QCOMPARE(lifeline.start(), 0);
    QSignalSpy snapshots(lifeline.engine()->engine(), &MonitorEngine::snapshotChanged);
    lifeline.run();
    QList<qint64> pids;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QList<QVariant> &args : std::as_const(snapshots)) {
                const ServerSnapshot s = args.at(0).value<ServerSnapshot>();
                if (s.pid > 0 && !pids.contains(s.pid))
                    pids.append(s.pid);
            }
            return pids.size() >= 2;
        }(),
        10000);
    QSignalSpy lines(&lifeline, &Lifeline::lineRecorded);
    lifeline.stop();
    for (qint64 pid : std::as_const(pids))
        QVERIFY2(::kill(pid_t(pid), 0) != 0, qPrintable(u"pid %1 outlived Lifeline"_s.arg(pid)));
    QVERIFY(!lines.isEmpty());
    QVERIFY(lines.last().at(0).toByteArray().contains(R"("status":"stopped")"));
}

QTEST_GUILESS_MAIN(TestLifeline)
#include "tst_lifeline.moc"
