// The gateway with real npm servers upstream (server-memory over stdio, server-everything over stdio
// and Streamable HTTP): a client's session through /mcp/servers/{name} and /mcp/groups/{group}
// outlives a SIGKILL of the upstream (Lifeline restarts a stdio server; the test restarts the HTTP
// one) and a failover to the fallback; a call in flight at the kill is replayed when it is safe and
// answered with a clear error when it is not; a cancellation reaches server-everything; stateless
// (2026-07-28) clients are served without a session.
#include "fixturehelpers.h"
#include "gatewaytestbase.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

constexpr int kWaitForMemberMs = 20000; // long enough for the test to bring the HTTP server back
constexpr auto kLongOperation = "trigger-long-running-operation";

MonitorSettings nodeSettings()
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 500;
    s.timeoutMs = 3000; // node on a loaded 2-core machine
    s.latencyWarningMs = 3000;
    s.restart.backoffMs = {100};
    s.restart.maxAttempts = 100;
    s.restart.burst = 100;
    return s;
}

// A loopback port nobody listens on now (server-everything takes its port from PORT, and says
// nothing of it when given 0).
int freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// The JSON lines of a file (a server's traffic as tee wrote it).
QList<QJsonObject> jsonLines(const QString &path)
{
    QFile f(path);
    QList<QJsonObject> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            out.append(doc.object());
    }
    return out;
}

QJsonObject entities(const QStringList &names)
{
    QJsonArray list;
    for (const QString &n : names)
        list.append(QJsonObject {{"name"_L1, n}, {"entityType"_L1, "person"_L1},
            {"observations"_L1, QJsonArray {u"seen by tst_gatewayreal"_s}}});
    return QJsonObject {
        {"name"_L1, "create_entities"_L1}, {"arguments"_L1, QJsonObject {{"entities"_L1, list}}}};
}

const QJsonObject kReadGraph {{"name"_L1, "read_graph"_L1}, {"arguments"_L1, QJsonObject {}}};

QStringList entityNames(const Answer &a)
{
    QStringList names;
    for (const QJsonValue &e :
        a.result().value("structuredContent"_L1).toObject().value("entities"_L1).toArray())
        names.append(e.toObject().value("name"_L1).toString());
    return names;
}

} // namespace

class TestGatewayReal : public GatewayTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void statelessClientsNeedNoSession();
    void memorySessionSurvivesASigkill();
    void nonIdempotentCallInFlightGetsTheClearError();
    void readOnlyCallsInFlightAreReplayed();
    void cancellationReachesServerEverything();
    void closedRequestCancelsUpstream();
    void httpUpstreamBackUnderTheSameSession();
    void groupFailsOverToTheFallback();

private:
    bool startHttpEverything();
    // server-everything (stdio) read a cancellation of the last long operation it was sent.
    bool lastOperationCancelled(QJsonValue *upstreamId = nullptr) const;
    void killHttpEverything();

    QTemporaryDir m_dir;
    QString m_node;
    QString m_everything; // its dist/index.js
    QProcess m_http; // server-everything over Streamable HTTP, ours to start and kill
    int m_httpPort = 0;
};

bool TestGatewayReal::startHttpEverything()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PORT"_s, QString::number(m_httpPort));
    m_http.setProcessEnvironment(env);
    m_http.setProgram(m_node);
    m_http.setArguments({m_everything, u"streamableHttp"_s});
    m_http.setStandardOutputFile(QProcess::nullDevice()); // a line per request: nobody reads them
    m_http.start();
    if (!m_http.waitForStarted(5000))
        return false;
    QByteArray err;
    return QTest::qWaitFor(
               [&] {
                   m_http.waitForReadyRead(50);
                   err += m_http.readAllStandardError();
                   return err.contains("listening on port") || m_http.state() == QProcess::NotRunning;
               },
               20000)
        && m_http.state() == QProcess::Running;
}

bool TestGatewayReal::lastOperationCancelled(QJsonValue *upstreamId) const
{
    QJsonValue id; // Lifeline's, not the client's
    bool cancelled = false;
    for (const QJsonObject &m : jsonLines(m_dir.filePath(u"everything.in"_s))) {
        const QJsonObject params = m.value("params"_L1).toObject();
        if (m.value("method"_L1) == "tools/call"_L1
            && params.value("name"_L1) == QLatin1StringView(kLongOperation)) {
            id = m.value("id"_L1);
            cancelled = false;
        }
        if (m.value("method"_L1) == "notifications/cancelled"_L1 && !id.isUndefined())
            cancelled |= params.value("requestId"_L1) == id;
    }
    if (upstreamId)
        *upstreamId = id;
    return cancelled;
}

void TestGatewayReal::killHttpEverything()
{
    if (m_http.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_http.processId()), SIGKILL);
    m_http.waitForFinished(5000);
}

void TestGatewayReal::initTestCase()
{
    m_node = QStandardPaths::findExecutable(u"node"_s);
    const QString everything = npmPackageDir(u"@modelcontextprotocol/server-everything"_s);
    const QString memory = npmPackageDir(u"@modelcontextprotocol/server-memory"_s);
    if (m_node.isEmpty() || everything.isEmpty() || memory.isEmpty())
        QSKIP("node, server-everything or server-memory is not installed in the test cache (run "
              "packaging/dev.sh test)");
    QVERIFY(m_dir.isValid());
    m_everything = everything + u"/dist/index.js"_s;
    registerMetaTypes();

    m_httpPort = freePort();
    QVERIFY(m_httpPort > 0);
    QVERIFY2(startHttpEverything(), "server-everything did not start in streamableHttp mode");

    auto memoryServer = [&](const QString &name, const MonitorSettings &s) {
        ServerConfig c = stdioFixture({}, name, s);
        c.command = m_node;
        c.args = {memory + u"/dist/index.js"_s};
        c.env = {{u"MEMORY_FILE_PATH"_s, m_dir.filePath(name + u".jsonl"_s)}};
        return c;
    };
    MonitorSettings once = nodeSettings();
    once.restart.policy = RestartPolicy::Never; // the group's primary: down means failover
    // server-everything over stdio with its traffic copied by tee, to see what reached it.
    ServerConfig tapped = stdioFixture({}, u"everything"_s, nodeSettings());
    tapped.command = u"/bin/sh"_s;
    tapped.args = {u"-c"_s, u"tee -a \"$0\" | \"$1\" \"$2\" stdio | tee -a \"$3\""_s,
        m_dir.filePath(u"everything.in"_s), m_node, m_everything, m_dir.filePath(u"everything.out"_s)};
    // The test's outage is a few seconds of 500 ms checks: at the default breaker those failed checks
    // would open it, and an open breaker turns calls away for openFor even once the server is back.
    MonitorSettings remoteSettings = nodeSettings();
    remoteSettings.restart.circuit.minimumCalls = 1000;
    Config config;
    config.servers = {memoryServer(u"memory"_s, nodeSettings()), memoryServer(u"mem-a"_s, once),
        memoryServer(u"mem-b"_s, nodeSettings()), tapped,
        remote(QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_httpPort)), TransportKind::StreamableHttp,
            u"everything-http"_s, remoteSettings)};
    config.failover = {FailoverGroup {u"memories"_s, u"mem-a"_s, {u"mem-b"_s}}};
    config.gateway.waitForMemberMs = kWaitForMemberMs;

    QString error;
    QVERIFY2(startGateway(config, &error), qPrintable(error));
    for (const QString &name : {u"memory"_s, u"mem-a"_s, u"mem-b"_s, u"everything"_s, u"everything-http"_s})
        QTRY_COMPARE_WITH_TIMEOUT(state(name), u"healthy"_s, 30000);
}

void TestGatewayReal::cleanupTestCase()
{
    stopGateway();
    killHttpEverything();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

void TestGatewayReal::statelessClientsNeedNoSession()
{
    // MCP 2026-07-28: no initialize, the version header on every request, no session id.
    Client c(&m_nam, url(u"/mcp/servers/memory"_s));
    c.setProtocolVersion("2026-07-28");
    const Answer discover = c.call(u"server/discover"_s);
    QCOMPARE(discover.status, 200);
    QVERIFY(discover.sessionId.isEmpty());
    QCOMPARE(discover.result().value("supportedVersions"_L1).toArray(), QJsonArray {u"2026-07-28"_s});
    QCOMPARE(discover.result().value("serverInfo"_L1).toObject().value("name"_L1).toString(),
        u"memory-server"_s); // the upstream's, as last seen
    QVERIFY(discover.result().value("capabilities"_L1).toObject().contains("tools"_L1));
    const int sent = int(m_sent.size());
    const Answer created = c.call(u"tools/call"_s, entities({u"Stateless"_s}));
    QCOMPARE(created.status, 200);
    QCOMPARE(created.result().value("resultType"_L1).toString(), u"complete"_s);
    QCOMPARE(entityNames(created), QStringList {u"Stateless"_s});
    QCOMPARE(m_sent.mid(sent), QStringList {u"memory tools/call"_s}); // forwarded, no handshake
    // Without the header, the request's _meta says it; a group path takes it the same way.
    Client meta(&m_nam, url(u"/mcp/groups/memories"_s));
    const Answer list = meta.call(u"tools/list"_s,
        {{"_meta"_L1, QJsonObject {{"io.modelcontextprotocol/protocolVersion"_L1, "2026-07-28"_L1}}}});
    QCOMPARE(list.status, 200);
    QVERIFY(list.result().value("tools"_L1).toArray().size() >= 5);
    QCOMPARE(list.result().value("resultType"_L1).toString(), u"complete"_s);
    // Upstream errors keep their shape.
    const Answer unknown
        = c.call(u"tools/call"_s, {{"name"_L1, "no_such_tool"_L1}, {"arguments"_L1, QJsonObject {}}});
    QCOMPARE(unknown.status, 200);
    QVERIFY(!unknown.error().isEmpty() || unknown.result().value("isError"_L1).toBool());
    // A version nobody speaks is refused; a sessionful client still needs its session.
    Client future(&m_nam, url(u"/mcp/servers/memory"_s));
    future.setProtocolVersion("2099-01-01");
    const Answer refused = future.call(u"tools/list"_s);
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.error().value("message"_L1).toString().contains(u"2026-07-28"_s),
        qPrintable(refused.error().value("message"_L1).toString()));
    Client stranger(&m_nam, url(u"/mcp/servers/memory"_s));
    QCOMPARE(stranger.call(u"tools/list"_s).status, 400);
}

void TestGatewayReal::memorySessionSurvivesASigkill()
{
    Client c(&m_nam, url(u"/mcp/servers/memory"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.initializeResult().value("serverInfo"_L1).toObject().value("name"_L1).toString(),
        u"memory-server"_s);
    QCOMPARE(c.call(u"tools/list"_s).status, 200); // the gateway learns that read_graph is read-only
    QCOMPARE(entityNames(c.call(u"tools/call"_s, entities({u"Ada"_s}))), QStringList {u"Ada"_s});
    const qint64 before = pid(u"memory"_s);
    QVERIFY(before > 0);
    QCOMPARE(::kill(pid_t(before), SIGKILL), 0);
    // At once, before Lifeline has brought it back: the call waits (or is replayed), then works.
    QElapsedTimer clock;
    clock.start();
    const Answer graph = c.call(u"tools/call"_s, kReadGraph, 30000);
    QCOMPARE(graph.status, 200);
    QVERIFY2(entityNames(graph).contains(u"Ada"_s), graph.body.isEmpty() ? "no answer" : "Ada is missing");
    QTRY_VERIFY_WITH_TIMEOUT(pid(u"memory"_s) > 0 && pid(u"memory"_s) != before, 10000);
    qInfo("server-memory: a call sent right after the SIGKILL was answered in %lld ms", clock.elapsed());
    // The same Mcp-Session-Id goes on writing to the restarted server.
    QCOMPARE(entityNames(c.call(u"tools/call"_s, entities({u"Grace"_s}))), QStringList {u"Grace"_s});
    const QStringList names = entityNames(c.call(u"tools/call"_s, kReadGraph));
    QVERIFY(names.contains(u"Ada"_s) && names.contains(u"Grace"_s));
}

void TestGatewayReal::nonIdempotentCallInFlightGetsTheClearError()
{
    Client c(&m_nam, url(u"/mcp/servers/memory"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200); // create_entities: idempotentHint false
    QTRY_COMPARE_WITH_TIMEOUT(state(u"memory"_s), u"healthy"_s, 10000);
    const qint64 upstream = pid(u"memory"_s);
    // Stopped, it reads nothing: the call is surely in flight, unanswered, when it dies.
    QCOMPARE(::kill(pid_t(upstream), SIGSTOP), 0);
    const int before = int(m_sent.count(u"memory tools/call"_s));
    QNetworkReply *pending = c.send(u"tools/call"_s, entities({u"Lost"_s}));
    QVERIFY(sentUpstream(u"memory"_s, u"tools/call"_s, before + 1));
    QCOMPARE(::kill(pid_t(upstream), SIGKILL), 0);
    const Answer a = Client::wait(pending, 30000);
    QCOMPARE(a.status, 200);
    QCOMPARE(a.error().value("code"_L1).toInt(), Gateway::kErrorCode);
    QCOMPARE(a.error().value("message"_L1).toString(),
        u"memory restarted during tools/call; not retried: not idempotent"_s);
    const QJsonObject data = a.error().value("data"_L1).toObject().value("lifeline"_L1).toObject();
    QCOMPARE(data.value("tool"_L1).toString(), u"create_entities"_s);
    QCOMPARE(m_sent.count(u"memory tools/call"_s), before + 1); // sent once, never again
    // The session goes on with the restarted server, which never saw the lost entity.
    const Answer graph = c.call(u"tools/call"_s, kReadGraph, 30000);
    QVERIFY(graph.result().contains("structuredContent"_L1));
    QVERIFY(!entityNames(graph).contains(u"Lost"_s));
}

void TestGatewayReal::readOnlyCallsInFlightAreReplayed()
{
    Client c(&m_nam, url(u"/mcp/servers/memory"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"memory"_s), u"healthy"_s, 10000);
    const qint64 upstream = pid(u"memory"_s);
    QCOMPARE(::kill(pid_t(upstream), SIGSTOP), 0);
    const int lists = int(m_sent.count(u"memory tools/list"_s));
    const int calls = int(m_sent.count(u"memory tools/call"_s));
    QNetworkReply *list = c.send(u"tools/list"_s);
    QNetworkReply *graph = c.send(u"tools/call"_s, kReadGraph);
    QVERIFY(sentUpstream(u"memory"_s, u"tools/list"_s, lists + 1));
    QVERIFY(sentUpstream(u"memory"_s, u"tools/call"_s, calls + 1));
    QCOMPARE(::kill(pid_t(upstream), SIGKILL), 0);
    const Answer l = Client::wait(list, 30000);
    const Answer g = Client::wait(graph, 30000);
    QCOMPARE(l.status, 200);
    QVERIFY(l.result().value("tools"_L1).toArray().size() >= 5);
    QVERIFY2(g.result().contains("structuredContent"_L1), QJsonDocument(g.body).toJson().constData());
    // Each went upstream a second time, to the restarted server.
    QCOMPARE(m_sent.count(u"memory tools/list"_s), lists + 2);
    QCOMPARE(m_sent.count(u"memory tools/call"_s), calls + 2);
    QVERIFY(pid(u"memory"_s) != upstream);
}

void TestGatewayReal::cancellationReachesServerEverything()
{
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    QVERIFY(c.initialize());
    const QJsonObject operation {{"name"_L1, QLatin1StringView(kLongOperation)},
        {"arguments"_L1, QJsonObject {{"duration"_L1, 2}, {"steps"_L1, 2}}}};
    const int before = int(m_sent.count(u"everything tools/call"_s));
    QNetworkReply *pending = c.send(u"tools/call"_s, operation);
    const int clientId = c.lastId();
    QVERIFY(sentUpstream(u"everything"_s, u"tools/call"_s, before + 1));
    Client::wait(
        c.notify(u"notifications/cancelled"_s, {{"requestId"_L1, clientId}, {"reason"_L1, "user"_L1}}));
    const Answer a = Client::wait(pending, 5000);
    QVERIFY(a.finished);
    QCOMPARE(a.error().value("code"_L1).toInt(), -32800);

    // What server-everything read: the call under Lifeline's own id, then its cancellation.
    QJsonValue upstreamId;
    QTRY_VERIFY_WITH_TIMEOUT(lastOperationCancelled(&upstreamId), 5000);
    // And acted on it: an operation as long, sent after, is answered; the cancelled one never is.
    const Answer later = c.call(u"tools/call"_s, operation, 20000);
    QVERIFY2(text(later).contains(u"completed"_s), qPrintable(text(later)));
    bool answered = false;
    for (const QJsonObject &m : jsonLines(m_dir.filePath(u"everything.out"_s)))
        answered |= m.value("id"_L1) == upstreamId && (m.contains("result"_L1) || m.contains("error"_L1));
    QVERIFY2(!answered, "server-everything answered a call it was told was cancelled");
}

void TestGatewayReal::closedRequestCancelsUpstream()
{
    // A stateless client has no session to name a request in notifications/cancelled: it closes it.
    Client c(&m_nam, url(u"/mcp/servers/everything"_s));
    c.setProtocolVersion("2026-07-28");
    const int before = int(m_sent.count(u"everything tools/call"_s));
    QNetworkReply *pending = c.send(u"tools/call"_s,
        {{"name"_L1, QLatin1StringView(kLongOperation)},
            {"arguments"_L1, QJsonObject {{"duration"_L1, 10}, {"steps"_L1, 2}}}});
    QVERIFY(sentUpstream(u"everything"_s, u"tools/call"_s, before + 1));
    QVERIFY(lastOperationCancelled() == false);
    pending->abort();
    pending->deleteLater();
    QTRY_VERIFY_WITH_TIMEOUT(lastOperationCancelled(), 5000);
}

void TestGatewayReal::httpUpstreamBackUnderTheSameSession()
{
    Client c(&m_nam, url(u"/mcp/servers/everything-http"_s));
    QVERIFY(c.initialize());
    const QJsonObject echo {
        {"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"message"_L1, "before"_L1}}}};
    QCOMPARE(c.call(u"tools/list"_s).status, 200); // the gateway learns that echo is read-only
    QVERIFY(text(c.call(u"tools/call"_s, echo)).contains(u"before"_s));
    const int sends = int(m_sent.count(u"everything-http tools/call"_s));
    killHttpEverything();
    // Lifeline notices (HTTP servers are not Lifeline's to restart); a call now waits for it.
    QTRY_VERIFY_WITH_TIMEOUT(state(u"everything-http"_s) != u"healthy"_s, 10000);
    QNetworkReply *pending = c.send(u"tools/call"_s,
        {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"message"_L1, "after"_L1}}}});
    QVERIFY2(
        !QTest::qWaitFor([pending] { return pending->isFinished(); }, 500), pending->readAll().constData());
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(startHttpEverything(), "server-everything did not start again");
    const Answer a = Client::wait(pending, kWaitForMemberMs);
    QVERIFY(a.finished);
    QCOMPARE(a.status, 200);
    QVERIFY2(text(a).contains(u"after"_s), QJsonDocument(a.body).toJson(QJsonDocument::Compact).constData());
    qInfo("server-everything (HTTP): the waiting call was answered %lld ms after the server was started "
          "again; it went upstream %lld times",
        clock.elapsed(), m_sent.count(u"everything-http tools/call"_s) - sends);
    // The same Mcp-Session-Id goes on (Lifeline holds a new upstream session).
    QCOMPARE(c.call(u"ping"_s).status, 200);
    QVERIFY(text(c.call(u"tools/call"_s, echo)).contains(u"before"_s));
}

void TestGatewayReal::groupFailsOverToTheFallback()
{
    Client c(&m_nam, url(u"/mcp/groups/memories"_s));
    QVERIFY(c.initialize());
    QCOMPARE(c.call(u"tools/list"_s).status, 200);
    QCOMPARE(entityNames(c.call(u"tools/call"_s, entities({u"Primary"_s}))), QStringList {u"Primary"_s});
    QCOMPARE(m_sent.last(), u"mem-a tools/call"_s);
    // The primary is never restarted: killed, the group fails over to mem-b.
    QCOMPARE(::kill(pid_t(pid(u"mem-a"_s)), SIGKILL), 0);
    const Answer graph = c.call(u"tools/call"_s, kReadGraph, 30000);
    QCOMPARE(graph.status, 200);
    QVERIFY2(graph.error().isEmpty(), qPrintable(graph.error().value("message"_L1).toString()));
    QCOMPARE(m_sent.last(), u"mem-b tools/call"_s);
    QCOMPARE(server(u"mem-b"_s).value("active_member"_L1).toString(), u"mem-b"_s);
    // The same session writes to the fallback now.
    QCOMPARE(entityNames(c.call(u"tools/call"_s, entities({u"Fallback"_s}))), QStringList {u"Fallback"_s});
    QCOMPARE(m_sent.last(), u"mem-b tools/call"_s);
    QVERIFY(entityNames(c.call(u"tools/call"_s, kReadGraph)).contains(u"Fallback"_s));
}

QTEST_GUILESS_MAIN(TestGatewayReal)
#include "tst_gatewayreal.moc"
