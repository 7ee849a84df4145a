// The real binary: `mcp-lifeline --headless` (JSON event lines, clean stop, live config) and the
// exit codes of `mcp-lifeline check`.
#include "fixturehelpers.h"
#include "health/healthevent.h"
#include "store/historywriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stateEventsAreJsonLines();
    void sigtermStopsCleanlyAndEndsChildren();
    void brokenConfigExitsWith2AndNamesThePlace();
    void editsApplyLiveAndBadEditsKeepLastGood();
    void checkExitCodes();
    void unusableHistoryKeepsMonitoring();
    void theLogFileAndStderrGetTheStdoutLines();
};

static QByteArray configJson(const QStringList &names, const QString &extraArgs = {})
{
    QJsonObject servers;
    for (const QString &n : names) {
        QJsonArray args;
        for (const QString &a : extraArgs.split(u' ', Qt::SkipEmptyParts))
            args.append(a);
        servers.insert(n, QJsonObject {{"command"_L1, fixturePath()}, {"args"_L1, args}});
    }
    const QJsonObject root {{"mcpServers"_L1, servers},
        {"lifeline"_L1,
            QJsonObject {
                {"defaults"_L1, QJsonObject {{"interval"_L1, "300ms"_L1}, {"timeout"_L1, "500ms"_L1}}}}}};
    return QJsonDocument(root).toJson();
}

static void writeFile(const QString &path, const QByteArray &bytes)
{
    // Write then rename, as editors do; the watcher must follow the new file.
    QFile f(path + u".tmp"_s);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    QFile::remove(path);
    QVERIFY(QFile::rename(path + u".tmp"_s, path));
}

// Runs `mcp-lifeline --headless` and collects its JSON lines.
class Headless
{
public:
    explicit Headless(const QString &config, const QStringList &more = {})
    {
        m_process.setProgram(QStringLiteral(LIFELINE_BIN));
        m_process.setArguments(
            QStringList {u"--headless"_s, u"--config"_s, config, u"--listen"_s, u"off"_s} + more);
        m_process.start();
    }
    ~Headless()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QList<QJsonObject> lines()
    {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype nl;
        while ((nl = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(nl);
            m_buffer.remove(0, nl + 1);
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
            if (pe.error != QJsonParseError::NoError || !doc.isObject())
                m_bad.append(QString::fromUtf8(line));
            else
                m_lines.append(doc.object());
        }
        return m_lines;
    }
    bool has(const std::function<bool(const QJsonObject &)> &pred)
    {
        for (const QJsonObject &o : lines()) {
            if (pred(o))
                return true;
        }
        return false;
    }
    QStringList badLines() const { return m_bad; }
    QProcess &process() { return m_process; }
    // The fixture processes Lifeline started (its direct children).
    QList<qint64> children() const { return childrenOf(m_process.processId()); }

private:
    QProcess m_process;
    QByteArray m_buffer;
    QList<QJsonObject> m_lines;
    QStringList m_bad;
};

static auto stateIs(const QString &server, const QString &to)
{
    return [server, to](const QJsonObject &o) {
        return o.value("event"_L1) == "state"_L1 && o.value("server"_L1) == server && o.value("to"_L1) == to;
    };
}

void TestHeadless::stateEventsAreJsonLines()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, configJson({u"mem"_s}));
    Headless h(config);
    QTRY_VERIFY_WITH_TIMEOUT(h.has(stateIs(u"mem"_s, u"healthy"_s)), 10000);
    QTRY_COMPARE(h.children().size(), 1);
    const qint64 child = h.children().first();
    ::kill(pid_t(child), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(h.has(stateIs(u"mem"_s, u"unhealthy"_s)), 5000);
    QJsonObject ev;
    for (const QJsonObject &o : h.lines()) {
        if (stateIs(u"mem"_s, u"unhealthy"_s)(o))
            ev = o;
    }
    // The exact shape other programs rely on.
    QCOMPARE(ev.value("from"_L1).toString(), u"healthy"_s);
    QCOMPARE(ev.value("failure"_L1).toString(), u"process_exit"_s);
    QCOMPARE(ev.value("detail"_L1).toString().left(17), u"killed by SIGKILL"_s);
    QVERIFY(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s)
                .match(ev.value("ts"_L1).toString())
                .hasMatch());
    for (const QString &key :
        {u"ts"_s, u"event"_s, u"server"_s, u"from"_s, u"to"_s, u"failure"_s, u"detail"_s})
        QVERIFY2(ev.contains(key), qPrintable(key));
    // The first state of a server has from: null; healthy transitions have failure: null.
    QVERIFY(h.has([](const QJsonObject &o) {
        return o.value("to"_L1) == "starting"_L1 && o.value("from"_L1).isNull();
    }));
    QVERIFY(h.has([](const QJsonObject &o) {
        return o.value("to"_L1) == "healthy"_L1 && o.value("failure"_L1).isNull();
    }));
    // Recovery: a restart event in the same shape, and the state through recovering back to healthy.
    QTRY_VERIFY_WITH_TIMEOUT(
        h.has([](const QJsonObject &o) { return o.value("event"_L1) == "restart"_L1; }), 5000);
    QJsonObject restart;
    for (const QJsonObject &o : h.lines()) {
        if (o.value("event"_L1) == "restart"_L1)
            restart = o;
    }
    QCOMPARE(restart.value("server"_L1).toString(), u"mem"_s);
    QCOMPARE(restart.value("attempt"_L1).toInt(), 1);
    QCOMPARE(restart.value("delay_ms"_L1).toInt(), 1000); // the seeds' first step
    QCOMPARE(restart.value("reason"_L1).toString(), u"process_exit"_s);
    QVERIFY(restart.contains("ts"_L1));
    QTRY_VERIFY_WITH_TIMEOUT(h.has(stateIs(u"mem"_s, u"recovering"_s)), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(h.has([](const QJsonObject &o) {
        return stateIs(u"mem"_s, u"healthy"_s)(o) && o.value("from"_L1) == "recovering"_L1;
    }),
        10000);
    QVERIFY2(h.badLines().isEmpty(), qPrintable(h.badLines().join(u'\n')));
}

void TestHeadless::sigtermStopsCleanlyAndEndsChildren()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, configJson({u"a"_s, u"b"_s}, u"--ignore-sigterm"_s));
    Headless h(config);
    QTRY_VERIFY_WITH_TIMEOUT(
        h.has(stateIs(u"a"_s, u"healthy"_s)) && h.has(stateIs(u"b"_s, u"healthy"_s)), 10000);
    const QList<qint64> children = h.children();
    QCOMPARE(children.size(), 2);
    ::kill(pid_t(h.process().processId()), SIGTERM);
    QVERIFY(h.process().waitForFinished(10000));
    QCOMPARE(h.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(h.process().exitCode(), 0);
    for (qint64 c : children)
        QVERIFY2(!processExists(c), qPrintable(u"child %1 outlived Lifeline"_s.arg(c)));
    QVERIFY(h.has([](const QJsonObject &o) {
        return o.value("event"_L1) == "lifeline"_L1 && o.value("status"_L1) == "stopped"_L1;
    }));
}

void TestHeadless::brokenConfigExitsWith2AndNamesThePlace()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, "{\n  \"mcpServers\": {\n    \"x\": {\"command\": \"a\" \"args\": []}\n  }\n}\n");
    QProcess p;
    p.start(QStringLiteral(LIFELINE_BIN), {u"--headless"_s, u"--config"_s, config});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(config + u":3:"_s), qPrintable(err));
    QVERIFY(p.readAllStandardOutput().isEmpty());

    writeFile(config, R"({"mcpServers": {"x": {"command": 42}}})");
    p.start(QStringLiteral(LIFELINE_BIN), {u"--headless"_s, u"--config"_s, config});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QString err2 = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err2.contains(u"mcpServers.x.command: expected a string"_s), qPrintable(err2));
}

void TestHeadless::editsApplyLiveAndBadEditsKeepLastGood()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, configJson({u"a"_s}));
    Headless h(config);
    QTRY_VERIFY_WITH_TIMEOUT(h.has(stateIs(u"a"_s, u"healthy"_s)), 10000);
    QTRY_COMPARE(h.children().size(), 1);
    const qint64 pidA = h.children().first();

    writeFile(config, configJson({u"a"_s, u"b"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(h.has(stateIs(u"b"_s, u"healthy"_s)), 10000);
    QVERIFY(h.has([](const QJsonObject &o) {
        return o.value("event"_L1) == "config"_L1 && o.value("status"_L1) == "applied"_L1;
    }));
    QVERIFY(h.children().contains(pidA)); // untouched: not restarted

    writeFile(config, "{ \"mcpServers\": ");
    QTRY_VERIFY_WITH_TIMEOUT(h.has([](const QJsonObject &o) {
        return o.value("event"_L1) == "config"_L1 && o.value("status"_L1) == "error"_L1;
    }),
        5000);
    QCOMPARE(h.children().size(), 2); // both still watched
    QCOMPARE(h.process().state(), QProcess::Running);
    QVERIFY(QFile(config).size() < 20); // the broken file is left as the user wrote it
}

void TestHeadless::checkExitCodes()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, configJson({u"one"_s, u"two"_s}));
    auto run = [](const QStringList &args, QByteArray *out = nullptr) {
        QProcess p;
        p.start(QStringLiteral(LIFELINE_BIN), QStringList {u"check"_s} + args);
        if (!p.waitForFinished(30000))
            return -1;
        if (out)
            *out = p.readAllStandardOutput();
        return p.exitCode();
    };
    QByteArray out;
    QCOMPARE(run({u"--config"_s, config, u"--json"_s}, &out), 0);
    QCOMPARE(QJsonDocument::fromJson(out).array().size(), 2);
    QCOMPARE(run({u"--config"_s, config, u"--server"_s, u"two"_s, u"--json"_s}, &out), 0);
    QCOMPARE(QJsonDocument::fromJson(out).object().value("name"_L1).toString(), u"two"_s);
    QCOMPARE(run({u"--config"_s, config, u"--server"_s, u"three"_s}), 2);
    QCOMPARE(run({u"--timeout"_s, u"300ms"_s, u"--"_s, fixturePath(), u"--hang-after"_s, u"2"_s}), 1);
    QCOMPARE(run({u"--"_s, fixturePath(), u"--crash-after"_s, u"2"_s}), 1);
    QCOMPARE(run({u"--"_s, u"/nonexistent/server"_s}), 1);
    QCOMPARE(run({u"--bogus"_s}), 2);
    QCOMPARE(run({u"--"_s, fixturePath(), u"--protocol"_s, u"2026-07-28"_s}, &out), 0);

    // With a history, configured servers carry their uptime: a minute 45 s up, 15 s down → 75 %.
    const QString db = dir.filePath(u"history.sqlite"_s);
    {
        const qint64 t0 = (QDateTime::currentMSecsSinceEpoch() / 60000 - 10) * 60000;
        qint64 now = t0;
        HistoryWriter w;
        w.setClock([&] { return now; });
        QString error;
        QVERIFY2(w.open(DatabaseTarget::parse(db), {}, &error), qPrintable(error));
        HealthEvent e;
        e.kind = HealthEvent::Kind::State;
        e.server = u"one"_s;
        e.ts = QDateTime::fromMSecsSinceEpoch(t0, QTimeZone::utc());
        e.to = HealthState::Healthy;
        w.recordEvent(e);
        e.ts = e.ts.addSecs(45);
        e.to = HealthState::Unhealthy;
        w.recordEvent(e);
        now = t0 + 60000;
        QVERIFY(w.flush());
    }
    QCOMPARE(run({u"--config"_s, config, u"--db"_s, db, u"--json"_s}, &out), 0);
    const QJsonArray servers = QJsonDocument::fromJson(out).array();
    QCOMPARE(servers.at(0).toObject().value("uptime"_L1).toObject().value("24h"_L1).toDouble(), 75.0);
    QCOMPARE(servers.at(0).toObject().value("uptime"_L1).toObject().value("30d"_L1).toDouble(), 75.0);
    QVERIFY(servers.at(1).toObject().value("uptime"_L1).toObject().value("24h"_L1).isNull()); // no history
    QCOMPARE(run({u"--config"_s, config, u"--db"_s, db}, &out), 0);
    QVERIFY2(out.contains("75.00 %"), out.constData());
}

QTEST_GUILESS_MAIN(TestHeadless)
void TestHeadless::unusableHistoryKeepsMonitoring()
{
    // The history's folder cannot be made (a file is in the way): the log says history is not
    // saved, and monitoring goes on as if nothing happened.
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, configJson({u"mem"_s}));
    writeFile(dir.filePath(u"blocker"_s), "a file, not a folder");
    const QString db = dir.filePath(u"blocker/history.sqlite"_s);
    Headless h(config, {u"--db"_s, db});
    QTRY_VERIFY_WITH_TIMEOUT(h.has([&](const QJsonObject &o) {
        return o.value("event"_L1) == "history"_L1 && o.value("status"_L1) == "error"_L1
            && o.value("message"_L1).toString().contains(db);
    }),
        10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.has(stateIs(u"mem"_s, u"healthy"_s)), 10000);
    QVERIFY(h.process().state() == QProcess::Running);
    h.process().terminate();
    QVERIFY(h.process().waitForFinished(10000));
    QCOMPARE(h.process().exitCode(), 0);
}

// The log file ($XDG_STATE_HOME/mcp-lifeline/logs/lifeline.log) and, with --log-stderr, stderr get
// exactly the JSON lines of stdout, the machine interface, which stays unchanged.
void TestHeadless::theLogFileAndStderrGetTheStdoutLines()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"servers.json"_s);
    writeFile(config, configJson({u"mem"_s}));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_STATE_HOME"_s, dir.filePath(u"state"_s));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LIFELINE_BIN),
        {u"--headless"_s, u"--config"_s, config, u"--listen"_s, u"off"_s, u"--log-stderr"_s});
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"to\":\"healthy\""), 10000);
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    out += p.readAllStandardOutput();
    const QList<QByteArray> stdoutLines = out.split('\n');
    QVERIFY(stdoutLines.size() >= 4); // started, config…, states, stopped

    QList<QByteArray> stderrJson;
    for (const QByteArray &line : p.readAllStandardError().split('\n')) {
        if (line.startsWith('{'))
            stderrJson.append(line);
    }
    stderrJson.append(QByteArray()); // the text after the last newline
    QCOMPARE(stderrJson, stdoutLines);

    QFile log(dir.filePath(u"state/mcp-lifeline/logs/lifeline.log"_s));
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
    QCOMPARE(log.readAll().split('\n'), stdoutLines);
}

#include "tst_headless.moc"
