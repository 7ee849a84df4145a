// MonitorEngine on its own thread: config applied live, untouched servers left alone.
#include "fixturehelpers.h"

#include "engine/enginethread.h"
#include "engine/monitorengine.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void reloadTouchesOnlyChangedServers();
    void disabledServerIsNotStarted();
    void stopEndsEveryProcess();
};

// Collects snapshots on the test's (GUI) thread, as a model would.
struct Board : QObject
{
    QHash<QString, ServerSnapshot> servers;
    QStringList removed;
    void attach(EngineThread &t)
    {
        connect(t.engine(), &MonitorEngine::snapshotChanged, this,
            [this](const ServerSnapshot &s) { servers.insert(s.name, s); });
        connect(t.engine(), &MonitorEngine::serverRemoved, this, [this](const QString &n) {
            servers.remove(n);
            removed.append(n);
        });
    }
    bool healthy(const QString &n) const
    {
        return servers.value(n).state == HealthState::Healthy && servers.value(n).pid > 0;
    }
};

static Config configOf(const QList<ServerConfig> &servers)
{
    Config c;
    c.servers = servers;
    return c;
}

void TestEngine::reloadTouchesOnlyChangedServers()
{
    EngineThread thread;
    Board board;
    board.attach(thread);
    thread.start();
    const ServerConfig a = stdioFixture({}, u"a"_s);
    const ServerConfig b = stdioFixture({}, u"b"_s);
    thread.applyConfig(configOf({a, b}));
    QTRY_VERIFY_WITH_TIMEOUT(board.healthy(u"a"_s) && board.healthy(u"b"_s), 10000);
    const qint64 pidA = board.servers.value(u"a"_s).pid;
    const qint64 pidB = board.servers.value(u"b"_s).pid;

    ServerConfig a2 = a;
    a2.settings.intervalMs = 500; // settings only: same process
    ServerConfig b2 = b;
    b2.args = {u"--latency"_s, u"5"_s}; // a different command line: a new process
    const ServerConfig c = stdioFixture({}, u"c"_s);
    thread.applyConfig(configOf({a2, b2, c}));
    QTRY_VERIFY_WITH_TIMEOUT(board.healthy(u"c"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(board.healthy(u"b"_s) && board.servers.value(u"b"_s).pid != pidB, 10000);
    QCOMPARE(board.servers.value(u"a"_s).pid, pidA);
    QVERIFY(processExists(pidA));
    QTRY_VERIFY(!processExists(pidB));

    thread.applyConfig(configOf({a2}));
    QTRY_COMPARE(board.removed, (QStringList {u"b"_s, u"c"_s}));
    QCOMPARE(board.servers.value(u"a"_s).pid, pidA);
    thread.stop();
}

void TestEngine::disabledServerIsNotStarted()
{
    EngineThread thread;
    Board board;
    board.attach(thread);
    thread.start();
    ServerConfig d = stdioFixture({}, u"d"_s);
    d.disabled = true;
    thread.applyConfig(configOf({d}));
    QTRY_COMPARE(board.servers.value(u"d"_s).state, HealthState::Disabled);
    QCOMPARE(board.servers.value(u"d"_s).pid, 0);
    thread.stop();
}

void TestEngine::stopEndsEveryProcess()
{
    EngineThread thread;
    Board board;
    board.attach(thread);
    thread.start();
    thread.applyConfig(
        configOf({stdioFixture({u"--ignore-sigterm"_s}, u"stubborn"_s), stdioFixture({}, u"plain"_s)}));
    QTRY_VERIFY_WITH_TIMEOUT(board.healthy(u"stubborn"_s) && board.healthy(u"plain"_s), 10000);
    const qint64 p1 = board.servers.value(u"stubborn"_s).pid;
    const qint64 p2 = board.servers.value(u"plain"_s).pid;
    thread.stop(); // synchronous: when it returns, the children are gone
    QVERIFY(!processExists(p1));
    QVERIFY(!processExists(p2));
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
