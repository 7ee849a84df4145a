// Real MCP servers from npm, checked through the real binary: `mcp-lifeline check` must call each
// of them healthy, over every transport they offer.
#include "fixturehelpers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline::test;

class TestInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void stdioServersAreHealthy_data();
    void stdioServersAreHealthy();
    void everythingOverHttpIsHealthy_data();
    void everythingOverHttpIsHealthy();
    void syntheticCallAgainstRealServer();

private:
    QString m_node;
    QTemporaryDir m_dir;
};

struct CheckRun
{
    int exitCode = -1;
    QJsonObject json;
    QString stderrText;
};

static CheckRun runCheck(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(LIFELINE_BIN), QStringList {u"check"_s, u"--json"_s} + args);
    CheckRun r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        r.stderrText = u"check did not finish"_s;
        return r;
    }
    r.exitCode = p.exitCode();
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    r.stderrText = QString::fromUtf8(p.readAllStandardError());
    return r;
}

static QString packageMain(const QString &package)
{
    const QString dir = npmPackageDir(package);
    return dir.isEmpty() ? QString() : dir + u"/dist/index.js"_s;
}

void TestInterop::initTestCase()
{
    m_node = QStandardPaths::findExecutable(u"node"_s);
    QVERIFY2(!m_node.isEmpty(), "node is not installed");
    const QStringList packages {u"@modelcontextprotocol/server-everything"_s,
        u"@modelcontextprotocol/server-memory"_s, u"@modelcontextprotocol/server-filesystem"_s};
    for (const QString &p : packages)
        QVERIFY2(!npmPackageDir(p).isEmpty(),
            qPrintable(p + u" is not in the test cache (run packaging/dev.sh test)"_s));
    QVERIFY(m_dir.isValid());
}

void TestInterop::stdioServersAreHealthy_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("server-everything stdio")
        << QStringList {m_node, packageMain(u"@modelcontextprotocol/server-everything"_s), u"stdio"_s};
    QTest::newRow("server-memory") << QStringList {
        m_node, packageMain(u"@modelcontextprotocol/server-memory"_s)};
    QTest::newRow("server-filesystem")
        << QStringList {m_node, packageMain(u"@modelcontextprotocol/server-filesystem"_s), m_dir.path()};
}

void TestInterop::stdioServersAreHealthy()
{
    QFETCH(QStringList, command);
    const CheckRun r = runCheck(QStringList {u"--depth"_s, u"comprehensive"_s, u"--"_s} + command);
    QVERIFY2(r.exitCode == 0, (QJsonDocument(r.json).toJson() + r.stderrText.toUtf8()).constData());
    QCOMPARE(r.json.value("status"_L1).toString(), u"healthy"_s);
    QVERIFY(r.json.value("protocolVersion"_L1).toString().startsWith(u"20"_s));
    QVERIFY(!r.json.value("serverInfo"_L1).toObject().value("name"_L1).toString().isEmpty());
    QVERIFY(r.json.value("tool_count"_L1).toInt() > 0);
    QVERIFY(r.json.value("latency_ms"_L1).toDouble() > 0);
}

static int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost);
    return s.serverPort();
}

void TestInterop::everythingOverHttpIsHealthy_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("transport");
    QTest::newRow("streamableHttp") << u"streamableHttp"_s << u"/mcp"_s << u"http"_s;
    QTest::newRow("sse (auto-detected)") << u"sse"_s << u"/sse"_s << u"sse"_s;
}

void TestInterop::everythingOverHttpIsHealthy()
{
    QFETCH(QString, mode);
    QFETCH(QString, path);
    QFETCH(QString, transport);
    const int port = freePort();
    QProcess server;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PORT"_s, QString::number(port));
    server.setProcessEnvironment(env);
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(m_node, {packageMain(u"@modelcontextprotocol/server-everything"_s), mode});
    QVERIFY(server.waitForStarted());
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += server.readAll()).contains(QByteArray::number(port)), 20000);

    const CheckRun r
        = runCheck({u"--depth"_s, u"comprehensive"_s, u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)});
    server.kill();
    server.waitForFinished();
    QVERIFY2(r.exitCode == 0, (QJsonDocument(r.json).toJson() + r.stderrText.toUtf8()).constData());
    QCOMPARE(r.json.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(r.json.value("transport"_L1).toString(), transport);
    QVERIFY(r.json.value("tool_count"_L1).toInt() > 0);
}

void TestInterop::syntheticCallAgainstRealServer()
{
    const QStringList command {m_node, packageMain(u"@modelcontextprotocol/server-everything"_s), u"stdio"_s};
    const CheckRun ok
        = runCheck(QStringList {u"--call"_s, u"echo"_s, u"--args"_s, u"{\"message\":\"lifeline\"}"_s, u"--"_s}
            + command);
    QVERIFY2(ok.exitCode == 0, (QJsonDocument(ok.json).toJson() + ok.stderrText.toUtf8()).constData());
    QVERIFY(ok.json.value("call_ms"_L1).toDouble() > 0);
    const CheckRun bad = runCheck(QStringList {u"--call"_s, u"no_such_tool"_s, u"--"_s} + command);
    QCOMPARE(bad.exitCode, 1);
    QCOMPARE(bad.json.value("status"_L1).toString(), u"unhealthy"_s);
    QVERIFY(!bad.json.value("failure"_L1).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
