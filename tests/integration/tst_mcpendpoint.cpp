// Lifeline's own MCP endpoint (/mcp) over real loopback HTTP: the Streamable HTTP rules (sessions,
// headers, status codes), every tool and action, the token for failover_manager, the health
// resources, the stateless revision, and our own `mcp-lifeline check` against it.
#include "fixturehelpers.h"
#include "mcptesthost.h"

#include "engine/enginethread.h"
#include "store/historystore.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

const QByteArray kToken = "s3cret-token";
const QByteArray kVersion = "2025-11-25";

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject result() const { return json().value("result"_L1).toObject(); }
    int errorCode() const { return json().value("error"_L1).toObject().value("code"_L1).toInt(); }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

} // namespace

class TestMcpEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void initializeIssuesSessionAndNegotiatesVersion_data();
    void initializeIssuesSessionAndNegotiatesVersion();
    void notificationsAre202WithoutBody();
    void pingAnswersEmptyObject();
    void requestWithoutSessionIs400();
    void unknownSessionIs404();
    void unsupportedProtocolHeaderIs400();
    void badJsonIsParseError();
    void batchesAndInvalidMessagesAreRefused();
    void unknownMethodIs32601();
    void contentTypeAndAcceptAreChecked();
    void getIs405AndDeleteEndsTheSession();
    void sessionsAreBounded();
    void toolsListDescribesInputAndOutput();
    void integrationMonitorAnswersEveryAction_data();
    void integrationMonitorAnswersEveryAction();
    void integrationMonitorFiltersServers();
    void healthCheckReportsProblemsAndDepth();
    void failureAnalysisCountsByType();
    void optimizationReportSuggestsConcretely();
    void performanceReportOverWindow();
    void badArgumentsAreToolErrors();
    void unknownToolIsInvalidParams();
    void failoverManagerNeedsToken();
    void resourcesListAndRead();
    void statelessRevisionWithServerDiscover();
    void hostAndOriginAreGuarded();
    void ourClientChecksTheEndpoint();
    void failoverManagerActsOnTheEngine();

private:
    HttpReply send(
        const QByteArray &verb, const QByteArray &body, const Headers &headers, const QUrl &url = {});
    HttpReply post(
        const QJsonObject &message, const QByteArray &sid, const Headers &extra = {}, const QUrl &url = {});
    QByteArray initialize(const QUrl &url = {});
    QJsonObject rpc(const QByteArray &sid, const QString &method, const QJsonObject &params = {},
        const Headers &extra = {}, const QUrl &url = {});
    QJsonObject callTool(const QString &name, const QJsonObject &arguments, bool withToken = false,
        const QUrl &url = {}, const QByteArray &sid = {});
    static QString text(const QJsonObject &toolResult)
    {
        return toolResult.value("content"_L1).toArray().first().toObject().value("text"_L1).toString();
    }

    QNetworkAccessManager m_nam;
    StatusData m_data;
    std::unique_ptr<McpTestHost> m_host;
    QByteArray m_sid;
    QDateTime m_base;
    int m_nextId = 1;
};

void TestMcpEndpoint::initTestCase()
{
    registerMetaTypes();
    m_base = QDateTime::currentDateTimeUtc();
    addSyntheticServers(m_data, m_base);
    m_host = std::make_unique<McpTestHost>(&m_data, nullptr, nullptr, kToken);
    QVERIFY(m_host->listen() > 0);
    // An hour on: the windows below then hold the synthetic events at fixed places.
    m_host->endpoint().tools().setNowForTest(m_base.addSecs(3600));
    m_sid = initialize();
    QVERIFY(!m_sid.isEmpty());
}

void TestMcpEndpoint::cleanupTestCase()
{
    m_host.reset();
}

HttpReply TestMcpEndpoint::send(
    const QByteArray &verb, const QByteArray &body, const Headers &headers, const QUrl &url)
{
    QNetworkRequest req(url.isEmpty() ? m_host->url() : url);
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_nam.sendCustomRequest(req, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(20000);
    HttpReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto &h : reply->rawHeaderPairs())
        r.headers.insert(h.first.toLower(), h.second);
    reply->deleteLater();
    return r;
}

HttpReply TestMcpEndpoint::post(
    const QJsonObject &message, const QByteArray &sid, const Headers &extra, const QUrl &url)
{
    Headers h {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"}};
    if (!sid.isEmpty()) {
        h.append({"Mcp-Session-Id", sid});
        h.append({"MCP-Protocol-Version", kVersion});
    }
    h.append(extra);
    return send("POST", QJsonDocument(message).toJson(QJsonDocument::Compact), h, url);
}

QByteArray TestMcpEndpoint::initialize(const QUrl &url)
{
    const QJsonObject params {{"protocolVersion"_L1, QString::fromLatin1(kVersion)},
        {"capabilities"_L1, QJsonObject {}},
        {"clientInfo"_L1, QJsonObject {{"name"_L1, "tst"_L1}, {"version"_L1, "1"_L1}}}};
    const HttpReply r = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m_nextId++},
                                 {"method"_L1, "initialize"_L1}, {"params"_L1, params}},
        {}, {}, url);
    const QByteArray sid = r.headers.value("mcp-session-id");
    if (r.status != 200 || sid.isEmpty())
        return {};
    const HttpReply n = post(
        QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/initialized"_L1}}, sid, {}, url);
    return n.status == 202 ? sid : QByteArray();
}

QJsonObject TestMcpEndpoint::rpc(const QByteArray &sid, const QString &method, const QJsonObject &params,
    const Headers &extra, const QUrl &url)
{
    QJsonObject m {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m_nextId++}, {"method"_L1, method}};
    if (!params.isEmpty())
        m.insert("params"_L1, params);
    const HttpReply r = post(m, sid, extra, url);
    return r.status == 200 ? r.json() : QJsonObject {{"http_status"_L1, r.status}};
}

QJsonObject TestMcpEndpoint::callTool(
    const QString &name, const QJsonObject &arguments, bool withToken, const QUrl &url, const QByteArray &sid)
{
    Headers extra;
    if (withToken)
        extra.append({"Authorization", "Bearer " + kToken});
    return rpc(sid.isEmpty() ? m_sid : sid, u"tools/call"_s, {{"name"_L1, name}, {"arguments"_L1, arguments}},
        extra, url)
        .value("result"_L1)
        .toObject();
}

void TestMcpEndpoint::initializeIssuesSessionAndNegotiatesVersion_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("answered");
    QTest::newRow("latest") << u"2025-11-25"_s << u"2025-11-25"_s;
    QTest::newRow("2025-06-18") << u"2025-06-18"_s << u"2025-06-18"_s;
    QTest::newRow("2025-03-26") << u"2025-03-26"_s << u"2025-03-26"_s;
    QTest::newRow("oldest") << u"2024-11-05"_s << u"2024-11-05"_s;
    QTest::newRow("unknown → ours") << u"2099-01-01"_s << u"2025-11-25"_s;
}

void TestMcpEndpoint::initializeIssuesSessionAndNegotiatesVersion()
{
    QFETCH(QString, requested);
    QFETCH(QString, answered);
    const HttpReply r
        = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, "init-1"_L1}, {"method"_L1, "initialize"_L1},
                   {"params"_L1,
                       QJsonObject {{"protocolVersion"_L1, requested}, {"capabilities"_L1, QJsonObject {}},
                           {"clientInfo"_L1, QJsonObject {{"name"_L1, "t"_L1}, {"version"_L1, "1"_L1}}}}}},
            {});
    QCOMPARE(r.status, 200);
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    const QByteArray sid = r.headers.value("mcp-session-id");
    QVERIFY(sid.size() >= 32);
    QVERIFY(sid != m_sid);
    for (char c : sid)
        QVERIFY(c >= 0x21 && c <= 0x7e); // visible ASCII, as the spec asks
    QCOMPARE(r.json().value("id"_L1).toString(), u"init-1"_s);
    const QJsonObject result = r.result();
    QCOMPARE(result.value("protocolVersion"_L1).toString(), answered);
    QCOMPARE(result.value("serverInfo"_L1).toObject().value("name"_L1).toString(), u"mcp-lifeline"_s);
    QVERIFY(result.value("capabilities"_L1).toObject().contains("tools"_L1));
    QVERIFY(result.value("capabilities"_L1).toObject().contains("resources"_L1));
    QVERIFY(!result.value("instructions"_L1).toString().isEmpty());
}

void TestMcpEndpoint::notificationsAre202WithoutBody()
{
    const HttpReply r
        = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/cancelled"_L1},
                   {"params"_L1, QJsonObject {{"requestId"_L1, 99}}}},
            m_sid);
    QCOMPARE(r.status, 202);
    QVERIFY(r.body.isEmpty());
    // A client's answer to a request (we send none) is accepted the same way.
    QCOMPARE(post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 5}, {"result"_L1, QJsonObject {}}}, m_sid)
                 .status,
        202);
}

void TestMcpEndpoint::pingAnswersEmptyObject()
{
    const HttpReply r
        = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, "p"_L1}, {"method"_L1, "ping"_L1}}, m_sid);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value("id"_L1).toString(), u"p"_s);
    QVERIFY(r.json().value("result"_L1).isObject());
    QVERIFY(r.result().isEmpty());
}

void TestMcpEndpoint::requestWithoutSessionIs400()
{
    const HttpReply r
        = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 1}, {"method"_L1, "tools/list"_L1}}, {});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), -32600);
    QVERIFY(
        r.json().value("error"_L1).toObject().value("message"_L1).toString().contains("Mcp-Session-Id"_L1));
}

void TestMcpEndpoint::unknownSessionIs404()
{
    const HttpReply r = post(
        QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 1}, {"method"_L1, "ping"_L1}}, "0123456789abcdef");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), -32001);
}

void TestMcpEndpoint::unsupportedProtocolHeaderIs400()
{
    Headers h {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"},
        {"Mcp-Session-Id", m_sid}, {"MCP-Protocol-Version", "1999-01-01"}};
    const QByteArray ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
    HttpReply r = send("POST", ping, h);
    QCOMPARE(r.status, 400);
    QVERIFY(r.json()
                .value("error"_L1)
                .toObject()
                .value("message"_L1)
                .toString()
                .contains("MCP-Protocol-Version"_L1));
    // An older revision we speak is fine on a session.
    h.last().second = "2025-03-26";
    QCOMPARE(send("POST", ping, h).status, 200);
    // And no header at all: the session's version holds.
    h.removeLast();
    QCOMPARE(send("POST", ping, h).status, 200);
}

void TestMcpEndpoint::badJsonIsParseError()
{
    const Headers h {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"},
        {"Mcp-Session-Id", m_sid}, {"MCP-Protocol-Version", kVersion}};
    for (const QByteArray &bad :
        {QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,"), QByteArray("\xff\xfe garbage"), QByteArray()}) {
        const HttpReply r = send("POST", bad, h);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), -32700);
        QVERIFY(r.json().value("id"_L1).isNull());
    }
}

void TestMcpEndpoint::batchesAndInvalidMessagesAreRefused()
{
    const Headers h {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"},
        {"Mcp-Session-Id", m_sid}, {"MCP-Protocol-Version", kVersion}};
    HttpReply r = send(
        "POST", R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])", h);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), -32600);
    QVERIFY(r.json().value("error"_L1).toObject().value("message"_L1).toString().contains("batch"_L1));
    r = send("POST", R"({"id":1,"method":"ping"})", h); // no "jsonrpc"
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), -32600);
    QCOMPARE(r.json().value("id"_L1).toInt(), 1);
    r = send(
        "POST", R"("just a string")", h); // JSON, but no message: Qt's reader takes objects and arrays only
    QCOMPARE(r.status, 400);
    QVERIFY(r.errorCode() == -32600 || r.errorCode() == -32700);
    r = send("POST", "[]", h); // an empty batch is no message either
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), -32600);
    r = send("POST", R"({"jsonrpc":"2.0","id":3,"method":"ping","params":[1,2]})", h);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.errorCode(), -32602);
}

void TestMcpEndpoint::unknownMethodIs32601()
{
    const QJsonObject r = rpc(m_sid, u"prompts/list"_s);
    QCOMPARE(r.value("error"_L1).toObject().value("code"_L1).toInt(), -32601);
    QCOMPARE(rpc(m_sid, u"no/such/method"_s).value("error"_L1).toObject().value("code"_L1).toInt(), -32601);
}

void TestMcpEndpoint::contentTypeAndAcceptAreChecked()
{
    const QByteArray ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
    HttpReply r = send("POST", ping,
        {{"Content-Type", "text/plain"}, {"Accept", "application/json, text/event-stream"},
            {"Mcp-Session-Id", m_sid}});
    QCOMPARE(r.status, 415);
    r = send("POST", ping,
        {{"Content-Type", "application/json"}, {"Accept", "text/html"}, {"Mcp-Session-Id", m_sid}});
    QCOMPARE(r.status, 406);
    // Parameters and wildcards are understood.
    r = send("POST", ping,
        {{"Content-Type", "application/json; charset=utf-8"}, {"Accept", "*/*"}, {"Mcp-Session-Id", m_sid}});
    QCOMPARE(r.status, 200);
}

void TestMcpEndpoint::getIs405AndDeleteEndsTheSession()
{
    HttpReply r = send("GET", {}, {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", m_sid}});
    QCOMPARE(r.status, 405);
    QVERIFY(r.headers.value("allow").contains("POST"));

    const QByteArray sid = initialize();
    QVERIFY(!sid.isEmpty());
    r = send("DELETE", {}, {{"Mcp-Session-Id", sid}});
    QCOMPARE(r.status, 204);
    QCOMPARE(rpc(sid, u"ping"_s).value("http_status"_L1).toInt(), 404); // gone: the client initializes again
    QCOMPARE(send("DELETE", {}, {{"Mcp-Session-Id", sid}}).status, 404);
    QCOMPARE(send("DELETE", {}, {}).status, 400);
}

void TestMcpEndpoint::sessionsAreBounded()
{
    const int before = m_host->endpoint().sessionCount();
    QVERIFY(before < McpEndpoint::kMaxSessions);
    for (int i = 0; i < McpEndpoint::kMaxSessions + 5; ++i) {
        const HttpReply r
            = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, i}, {"method"_L1, "initialize"_L1},
                       {"params"_L1, QJsonObject {{"protocolVersion"_L1, "2025-11-25"_L1}}}},
                {});
        QCOMPARE(r.status, 200);
    }
    QCOMPARE(m_host->endpoint().sessionCount(), McpEndpoint::kMaxSessions);
    // The least recently used went first: re-establish ours for the tests after this one.
    m_sid = initialize();
    QVERIFY(!m_sid.isEmpty());
}

void TestMcpEndpoint::toolsListDescribesInputAndOutput()
{
    const QJsonArray tools
        = rpc(m_sid, u"tools/list"_s).value("result"_L1).toObject().value("tools"_L1).toArray();
    QCOMPARE(tools.size(), 3);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &t : tools) {
        const QJsonObject o = t.toObject();
        byName.insert(o.value("name"_L1).toString(), o);
        QVERIFY(!o.value("description"_L1).toString().isEmpty());
        QCOMPARE(o.value("inputSchema"_L1).toObject().value("type"_L1).toString(), u"object"_s);
        QCOMPARE(o.value("outputSchema"_L1).toObject().value("type"_L1).toString(), u"object"_s);
    }
    const auto actions = [&](const QString &tool) {
        QStringList out;
        for (const QJsonValue &v : byName.value(tool)
                                       .value("inputSchema"_L1)
                                       .toObject()
                                       .value("properties"_L1)
                                       .toObject()
                                       .value("action"_L1)
                                       .toObject()
                                       .value("enum"_L1)
                                       .toArray())
            out.append(v.toString());
        return out;
    };
    QCOMPARE(actions(u"integration_monitor"_s),
        (QStringList {
            u"health_check"_s, u"performance_scan"_s, u"failure_analysis"_s, u"optimization_report"_s}));
    QCOMPARE(actions(u"failover_manager"_s),
        (QStringList {
            u"trigger_recovery"_s, u"test_fallback"_s, u"restore_primary"_s, u"enable_failover"_s}));
    QVERIFY(byName.contains(u"performance_report"_s));
    QVERIFY(byName.value(u"integration_monitor"_s)
                .value("annotations"_L1)
                .toObject()
                .value("readOnlyHint"_L1)
                .toBool());
    QVERIFY(!byName.value(u"failover_manager"_s)
                 .value("annotations"_L1)
                 .toObject()
                 .value("readOnlyHint"_L1)
                 .toBool());
}

void TestMcpEndpoint::integrationMonitorAnswersEveryAction_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("depth");
    for (const char *a : {"health_check", "performance_scan", "failure_analysis", "optimization_report"}) {
        for (const char *d : {"basic", "comprehensive", "stress_test"})
            QTest::addRow("%s/%s", a, d) << QString::fromLatin1(a) << QString::fromLatin1(d);
    }
}

void TestMcpEndpoint::integrationMonitorAnswersEveryAction()
{
    QFETCH(QString, action);
    QFETCH(QString, depth);
    const QJsonObject r
        = callTool(u"integration_monitor"_s, {{"action"_L1, action}, {"check_depth"_L1, depth}});
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    QVERIFY(!text(r).isEmpty());
    const QJsonObject s = r.value("structuredContent"_L1).toObject();
    QCOMPARE(s.value("action"_L1).toString(), action);
    QCOMPARE(s.value("status"_L1).toString(), u"unhealthy"_s); // broken is down and nothing covers it
    QCOMPARE(s.value("servers"_L1).toArray().size(), 4);
    QVERIFY(!s.value("generated_at"_L1).toString().isEmpty());
}

void TestMcpEndpoint::integrationMonitorFiltersServers()
{
    QJsonObject s = callTool(u"integration_monitor"_s,
        {{"action"_L1, "health_check"_L1}, {"server_types"_L1, QJsonArray {"stdio"_L1}}})
                        .value("structuredContent"_L1)
                        .toObject();
    QStringList names;
    for (const QJsonValue &v : s.value("servers"_L1).toArray())
        names.append(v.toObject().value("name"_L1).toString());
    QCOMPARE(names, (QStringList {u"alpha"_s, u"beta"_s}));

    s = callTool(u"integration_monitor"_s,
        {{"action"_L1, "performance_scan"_L1}, {"server_names"_L1, QJsonArray {"slow"_L1, "nope"_L1}}})
            .value("structuredContent"_L1)
            .toObject();
    QCOMPARE(s.value("servers"_L1).toArray().size(), 1);
    QCOMPARE(s.value("servers"_L1).toArray().first().toObject().value("name"_L1).toString(), u"slow"_s);
    QCOMPARE(s.value("unknown_servers"_L1).toArray(), QJsonArray {"nope"_L1});
}

void TestMcpEndpoint::healthCheckReportsProblemsAndDepth()
{
    QJsonObject r = callTool(u"integration_monitor"_s, {{"action"_L1, "health_check"_L1}});
    QVERIFY(text(r).contains("broken is unhealthy (connection_error: connection refused)"_L1));
    QVERIFY(text(r).contains("slow is degraded"_L1));
    QJsonObject broken;
    for (const QJsonValue &v : r.value("structuredContent"_L1).toObject().value("servers"_L1).toArray()) {
        if (v.toObject().value("name"_L1) == "broken"_L1)
            broken = v.toObject();
    }
    QCOMPARE(broken.value("check"_L1).toString(), u"fail"_s);
    QCOMPARE(broken.value("consecutive_failures"_L1).toInt(), 12);
    QVERIFY(!broken.contains("recent_events"_L1)); // basic

    r = callTool(u"integration_monitor"_s,
        {{"action"_L1, "health_check"_L1}, {"check_depth"_L1, "comprehensive"_L1},
            {"server_names"_L1, QJsonArray {"broken"_L1}}});
    broken = r.value("structuredContent"_L1).toObject().value("servers"_L1).toArray().first().toObject();
    const QJsonArray events = broken.value("recent_events"_L1).toArray();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last().toObject().value("to"_L1).toString(), u"unhealthy"_s);
    QCOMPARE(broken.value("protocol_version"_L1).toString(), u"2025-11-25"_s);
}

void TestMcpEndpoint::failureAnalysisCountsByType()
{
    const QJsonObject r = callTool(u"integration_monitor"_s, {{"action"_L1, "failure_analysis"_L1}});
    const QJsonObject summary = r.value("structuredContent"_L1).toObject().value("summary"_L1).toObject();
    QCOMPARE(summary.value("total_failures"_L1).toInt(), 18);
    QCOMPARE(summary.value("failures_by_type"_L1).toObject().value("timeout"_L1).toInt(), 6);
    QCOMPARE(summary.value("failures_by_type"_L1).toObject().value("connection_error"_L1).toInt(), 12);
    QCOMPARE(summary.value("most_affected"_L1).toString(), u"broken"_s);
    QVERIFY(text(r).contains("connection_error 12"_L1));
}

void TestMcpEndpoint::optimizationReportSuggestsConcretely()
{
    const QJsonObject r = callTool(
        u"integration_monitor"_s, {{"action"_L1, "optimization_report"_L1}, {"window"_L1, "2h"_L1}});
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    const QString t = text(r);
    QVERIFY2(t.contains("slow: p95 2.5 s over latencyWarning 1.0 s in 2h: raise timeout or investigate"_L1),
        qPrintable(t));
    QVERIFY2(t.contains(u"slow: restarted 5× in 2h: check stderr (last line: warning: cache cold)"_s),
        qPrintable(t));
    QVERIFY2(t.contains("broken: no failover group: add a fallback"_L1), qPrintable(t));
    QVERIFY2(t.contains("slow: error rate 12.0 % over 5.0 %"_L1), qPrintable(t));
    QVERIFY2(!t.contains("alpha:"_L1), qPrintable(t)); // healthy and in a group: nothing to say
    for (const QJsonValue &v : r.value("structuredContent"_L1).toObject().value("suggestions"_L1).toArray()) {
        const QJsonObject s = v.toObject();
        QVERIFY(QStringList({u"info"_s, u"warning"_s, u"critical"_s})
                    .contains(s.value("severity"_L1).toString()));
        QVERIFY(!s.value("metric"_L1).toString().isEmpty());
    }
}

void TestMcpEndpoint::performanceReportOverWindow()
{
    const QJsonObject r = callTool(u"performance_report"_s, {{"window"_L1, "2h"_L1}});
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    const QJsonObject s = r.value("structuredContent"_L1).toObject();
    QCOMPARE(s.value("source"_L1).toString(), u"live"_s); // no history in this host
    QCOMPARE(s.value("window"_L1).toString(), u"2h"_s);
    QCOMPARE(s.value("window_ms"_L1).toDouble(), 7200000.0);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &v : s.value("servers"_L1).toArray())
        byName.insert(v.toObject().value("name"_L1).toString(), v.toObject());
    QCOMPARE(byName.size(), 4);
    QCOMPARE(byName.value(u"slow"_s).value("restarts"_L1).toInt(), 5);
    QCOMPARE(byName.value(u"slow"_s).value("p95_ms"_L1).toDouble(), 2500.0);
    QCOMPARE(byName.value(u"slow"_s).value("error_rate"_L1).toDouble(), 0.12);
    QCOMPARE(byName.value(u"alpha"_s).value("uptime_percent"_L1).toDouble(), 100.0);
    QCOMPARE(byName.value(u"broken"_s).value("uptime_percent"_L1).toDouble(), 0.0);
    QCOMPARE(s.value("overall"_L1).toObject().value("worst_p95_server"_L1).toString(), u"slow"_s);
    QVERIFY(!s.value("suggestions"_L1).toArray().isEmpty());
    QVERIFY(text(r).contains("Suggestions:"_L1));
    QVERIFY(text(r).contains("uptime 0.00 % in 2h, below the 99.5 % target"_L1));
}

void TestMcpEndpoint::badArgumentsAreToolErrors()
{
    const struct
    {
        QString tool;
        QJsonObject args;
        QString says;
    } cases[] = {
        {u"integration_monitor"_s, {{"action"_L1, "explode"_L1}}, u"action must be one of"_s},
        {u"integration_monitor"_s, {}, u"action must be one of"_s},
        {u"integration_monitor"_s, {{"action"_L1, "health_check"_L1}, {"check_depth"_L1, "deep"_L1}},
            u"check_depth"_s},
        {u"integration_monitor"_s,
            {{"action"_L1, "health_check"_L1}, {"server_types"_L1, QJsonArray {"carrier-pigeon"_L1}}},
            u"server_types"_s},
        {u"integration_monitor"_s, {{"action"_L1, "health_check"_L1}, {"server_names"_L1, "alpha"_L1}},
            u"server_names"_s},
        {u"performance_report"_s, {{"window"_L1, "soon"_L1}}, u"window"_s},
        {u"failover_manager"_s, {{"action"_L1, "self_destruct"_L1}}, u"action must be one of"_s},
    };
    for (const auto &c : cases) {
        const QJsonObject r = callTool(c.tool, c.args, true);
        QVERIFY2(r.value("isError"_L1).toBool(), qPrintable(c.says));
        QVERIFY2(text(r).contains(c.says), qPrintable(text(r)));
        QVERIFY(!r.contains("structuredContent"_L1));
    }
}

void TestMcpEndpoint::unknownToolIsInvalidParams()
{
    QJsonObject r = rpc(m_sid, u"tools/call"_s, {{"name"_L1, "rm_rf"_L1}, {"arguments"_L1, QJsonObject {}}});
    QCOMPARE(r.value("error"_L1).toObject().value("code"_L1).toInt(), -32602);
    r = rpc(m_sid, u"tools/call"_s, {{"arguments"_L1, QJsonObject {}}});
    QCOMPARE(r.value("error"_L1).toObject().value("code"_L1).toInt(), -32602);
    r = rpc(m_sid, u"tools/call"_s, {{"name"_L1, "performance_report"_L1}, {"arguments"_L1, 5}});
    QCOMPARE(r.value("error"_L1).toObject().value("code"_L1).toInt(), -32602);
}

void TestMcpEndpoint::failoverManagerNeedsToken()
{
    for (const char *action : {"trigger_recovery", "test_fallback", "restore_primary", "enable_failover"}) {
        const QJsonObject r = callTool(
            u"failover_manager"_s, {{"action"_L1, QLatin1StringView(action)}, {"target"_L1, "main"_L1}});
        QVERIFY(r.value("isError"_L1).toBool());
        QVERIFY2(text(r).contains("Authorization: Bearer"_L1), qPrintable(text(r)));
    }
    // A wrong token is no token.
    QJsonObject r = rpc(m_sid, u"tools/call"_s,
        {{"name"_L1, "failover_manager"_L1},
            {"arguments"_L1, QJsonObject {{"action"_L1, "trigger_recovery"_L1}, {"target"_L1, "alpha"_L1}}}},
        {{"Authorization", "Bearer wrong"}})
                        .value("result"_L1)
                        .toObject();
    QVERIFY(r.value("isError"_L1).toBool());
    QVERIFY(text(r).contains("token"_L1));
    // With the token, this host still has no engine to act on: said so.
    r = callTool(
        u"failover_manager"_s, {{"action"_L1, "trigger_recovery"_L1}, {"target"_L1, "alpha"_L1}}, true);
    QVERIFY(r.value("isError"_L1).toBool());
    QVERIFY(text(r).contains("no engine"_L1));
}

void TestMcpEndpoint::resourcesListAndRead()
{
    const QJsonArray resources
        = rpc(m_sid, u"resources/list"_s).value("result"_L1).toObject().value("resources"_L1).toArray();
    QCOMPARE(resources.size(), 2);
    QStringList uris;
    for (const QJsonValue &v : resources) {
        uris.append(v.toObject().value("uri"_L1).toString());
        QVERIFY(!v.toObject().value("name"_L1).toString().isEmpty());
        QVERIFY(!v.toObject().value("description"_L1).toString().isEmpty());
        QCOMPARE(v.toObject().value("mimeType"_L1).toString(), u"application/json"_s);
    }
    QCOMPARE(uris, (QStringList {u"health://status"_s, u"health://ecosystem"_s}));

    const auto read = [&](const QString &uri) {
        const QJsonObject content = rpc(m_sid, u"resources/read"_s, {{"uri"_L1, uri}})
                                        .value("result"_L1)
                                        .toObject()
                                        .value("contents"_L1)
                                        .toArray()
                                        .first()
                                        .toObject();
        [&] {
            QCOMPARE(content.value("uri"_L1).toString(), uri);
            QCOMPARE(content.value("mimeType"_L1).toString(), u"application/json"_s);
        }();
        return QJsonDocument::fromJson(content.value("text"_L1).toString().toUtf8()).object();
    };
    // The same document as GET /health: Lifeline's own health (broken is the ecosystem's business).
    const QJsonObject status = read(u"health://status"_s);
    QCOMPARE(status.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(status.value("database_status"_L1).toString(), u"disconnected"_s); // no history here
    QVERIFY(status.value("uptime_seconds"_L1).toDouble() >= 0);
    QVERIFY(!status.value("timestamp"_L1).toString().isEmpty());
    const QJsonObject pool = status.value("connection_pool"_L1).toObject();
    QCOMPARE(pool.value("total_connections"_L1).toInt(), 4);
    QCOMPARE(pool.value("active_connections"_L1).toInt(), 3);
    QCOMPARE(pool.value("pool_utilization"_L1).toDouble(), 0.75);
    const QJsonObject checks = status.value("checks"_L1).toObject();
    QCOMPARE(checks.value("database"_L1).toObject().value("status"_L1).toString(), u"warn"_s);
    QVERIFY(checks.value("memory"_L1).toObject().value("usage_mb"_L1).toDouble() > 0);
    const QJsonObject metadata = status.value("metadata"_L1).toObject();
    QCOMPARE(metadata.value("service"_L1).toString(), u"mcp-lifeline"_s);
    QCOMPARE(metadata.value("version"_L1).toString(), QStringLiteral(LIFELINE_VERSION));
    QCOMPARE(metadata.value("ecosystem_status"_L1).toString(), u"unhealthy"_s);

    // The same document as GET /health/ecosystem.
    const QJsonObject eco = read(u"health://ecosystem"_s);
    QCOMPARE(eco.value("status"_L1).toString(), u"unhealthy"_s);
    QCOMPARE(eco.value("summary"_L1).toObject().value("total"_L1).toInt(), 4);
    QCOMPARE(eco.value("summary"_L1).toObject().value("healthy"_L1).toInt(), 2);
    QCOMPARE(eco.value("servers_total"_L1).toInt(), 4);
    QCOMPARE(eco.value("counts"_L1).toObject().value("ok"_L1).toInt(), 2);
    QCOMPARE(eco.value("servers"_L1).toArray().size(), 4);
    QCOMPARE(eco.value("groups"_L1).toArray().first().toObject().value("active"_L1).toString(), u"alpha"_s);
    QVERIFY(eco.value("alerts"_L1).isArray());
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &v : eco.value("servers"_L1).toArray())
        byName.insert(v.toObject().value("name"_L1).toString(), v.toObject());
    QCOMPARE(byName.value(u"broken"_s).value("check"_L1).toString(), u"fail"_s);
    QCOMPARE(byName.value(u"broken"_s).value("status"_L1).toString(), u"down"_s);
    QCOMPARE(byName.value(u"slow"_s).value("check"_L1).toString(), u"warn"_s);
    QCOMPARE(byName.value(u"alpha"_s).value("check"_L1).toString(), u"pass"_s);
    QCOMPARE(byName.value(u"alpha"_s).value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(byName.value(u"alpha"_s).value("failover_group"_L1).toString(), u"main"_s);

    const QJsonObject missing = rpc(m_sid, u"resources/read"_s, {{"uri"_L1, "health://nothing"_L1}});
    QCOMPARE(missing.value("error"_L1).toObject().value("code"_L1).toInt(), -32002);
    QVERIFY(rpc(m_sid, u"resources/templates/list"_s)
                .value("result"_L1)
                .toObject()
                .value("resourceTemplates"_L1)
                .isArray());
}

void TestMcpEndpoint::statelessRevisionWithServerDiscover()
{
    const Headers modern {{"MCP-Protocol-Version", "2026-07-28"}};
    const QJsonObject meta {{"io.modelcontextprotocol/protocolVersion"_L1, "2026-07-28"_L1}};
    HttpReply r
        = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 1}, {"method"_L1, "server/discover"_L1},
                   {"params"_L1, QJsonObject {{"_meta"_L1, meta}}}},
            {}, modern);
    QCOMPARE(r.status, 200);
    QVERIFY(r.result().value("supportedVersions"_L1).toArray().contains("2026-07-28"_L1));
    QCOMPARE(r.result().value("serverInfo"_L1).toObject().value("name"_L1).toString(), u"mcp-lifeline"_s);
    QVERIFY(r.headers.value("mcp-session-id").isEmpty()); // stateless: no session
    r = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 2}, {"method"_L1, "tools/list"_L1},
                 {"params"_L1, QJsonObject {{"_meta"_L1, meta}}}},
        {}, modern);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.result().value("tools"_L1).toArray().size(), 3);
    QCOMPARE(r.result().value("resultType"_L1).toString(), u"complete"_s);
    // A server/discover of a client without the header is answered too (it tries it first, briefly).
    r = post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 3}, {"method"_L1, "server/discover"_L1}}, {});
    QCOMPARE(r.status, 200);
}

static HttpReply rawRequest(quint16 port, const QByteArray &host, const QByteArray &origin)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    HttpReply r;
    if (!socket.waitForConnected(5000))
        return r;
    const QByteArray body
        = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})";
    QByteArray req = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\n";
    if (!origin.isEmpty())
        req += "Origin: " + origin + "\r\n";
    req += "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nConnection: "
           "close\r\n"
           "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket.write(req);
    QByteArray in;
    // The status line is all we need: stop at the end of the headers (the server may keep the
    // connection open).
    while (!in.contains("\r\n\r\n") && socket.state() == QAbstractSocket::ConnectedState
        && socket.waitForReadyRead(5000))
        in += socket.readAll();
    if (in.startsWith("HTTP/1.1 "))
        r.status = in.mid(9, 3).toInt();
    return r;
}

void TestMcpEndpoint::hostAndOriginAreGuarded()
{
    // The server is a QHttpServer on this (test) thread: the raw socket waits must let it run, so
    // the exchange happens on a helper thread.
    const quint16 port = m_host->port();
    const QByteArray self = "127.0.0.1:" + QByteArray::number(port);
    const struct
    {
        QByteArray host, origin;
        int status;
    } cases[] = {
        {"evil.example.com", "http://evil.example.com", 403},
        {self, "http://evil.example.com", 403},
        {"evil.example.com:" + QByteArray::number(port), {}, 403},
        {self, {}, 200},
        {"localhost:" + QByteArray::number(port), "http://localhost:" + QByteArray::number(port), 200},
        {"[::1]:" + QByteArray::number(port), {}, 200},
    };
    for (const auto &c : cases) {
        int status = -1;
        std::unique_ptr<QThread> t(
            QThread::create([&] { status = rawRequest(port, c.host, c.origin).status; }));
        t->start();
        QTRY_VERIFY_WITH_TIMEOUT(t->isFinished(), 10000);
        QVERIFY2(status == c.status,
            qPrintable(
                u"Host %1, Origin %2: %3"_s.arg(QString::fromLatin1(c.host), QString::fromLatin1(c.origin))
                    .arg(status)));
    }
}

void TestMcpEndpoint::ourClientChecksTheEndpoint()
{
    // Lifeline can monitor itself: `check` (server/discover first, then tools and resources, and a
    // synthetic call of integration_monitor) against the endpoint.
    QProcess check;
    check.setProgram(QStringLiteral(LIFELINE_BIN));
    check.setArguments({u"check"_s, m_host->url().toString(), u"--json"_s, u"--depth"_s, u"comprehensive"_s,
        u"--call"_s, u"integration_monitor"_s, u"--args"_s, u"{\"action\":\"health_check\"}"_s});
    QSignalSpy finished(&check, &QProcess::finished);
    check.start();
    QVERIFY(check.waitForStarted(5000));
    QVERIFY(finished.wait(30000));
    const QByteArray out = check.readAllStandardOutput();
    QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0,
        qPrintable(QString::fromUtf8(out + check.readAllStandardError())));
    const QJsonObject j = QJsonDocument::fromJson(out).object();
    QCOMPARE(j.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(j.value("serverInfo"_L1).toObject().value("name"_L1).toString(), u"mcp-lifeline"_s);
}

void TestMcpEndpoint::failoverManagerActsOnTheEngine()
{
    // A real history too: the reports then come from it, and health://status asks it.
    QTemporaryDir dir;
    HistoryStore history;
    QString error;
    QVERIFY2(
        history.open(DatabaseTarget::parse(dir.filePath(u"history.sqlite"_s)), HistorySettings {}, &error),
        qPrintable(error));
    StatusData data;
    EngineThread engine;
    feed(engine.engine(), &data);
    history.attach(engine.engine());
    engine.start();
    MonitorSettings settings = fastSettings();
    settings.intervalMs = 600000; // checks only when asked: a count that grows is our doing
    Config config;
    config.servers = {stdioFixture({}, u"alpha"_s, settings), stdioFixture({}, u"beta"_s, settings)};
    FailoverGroup g;
    g.name = u"main"_s;
    g.primary = u"alpha"_s;
    g.fallbacks = {u"beta"_s};
    g.restoreAfterMs = 600000; // no automatic way back: restore_primary has to do it
    config.failover = {g};
    history.applyConfig(config);
    engine.applyConfig(config);
    // What StatusServer::attachHistory tells the status server of the history.
    data.setHistoryState({history.isOpen(), history.isSaving(), history.problem()});
    McpTestHost host(&data, &engine, &history, kToken);
    QVERIFY(host.listen() > 0);
    const QUrl url = host.url();
    const QByteArray sid = initialize(url);
    QVERIFY(!sid.isEmpty());
    const auto state = [&](const QString &name) {
        const auto s = data.snapshot(name);
        return s ? s->state : HealthState::Starting;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        state(u"alpha"_s) == HealthState::Healthy && state(u"beta"_s) == HealthState::Healthy, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        data.group(u"main"_s).value_or(FailoverGroupSnapshot {}).active, u"alpha"_s, 5000);
    const qint64 alphaPid = data.snapshot(u"alpha"_s)->pid;
    const qint64 alphaRestarts = data.snapshot(u"alpha"_s)->restartsTotal;

    // Refused without the token …
    QJsonObject r = callTool(u"failover_manager"_s,
        {{"action"_L1, "trigger_recovery"_L1}, {"target"_L1, "alpha"_L1}}, false, url, sid);
    QVERIFY(r.value("isError"_L1).toBool());

    // … test_fallback checks beta now, without switching.
    const qint64 betaChecks = data.counters(u"beta"_s).checks;
    r = callTool(
        u"failover_manager"_s, {{"action"_L1, "test_fallback"_L1}, {"target"_L1, "main"_L1}}, true, url, sid);
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    QVERIFY2(text(r).contains("fallbacks up: beta (healthy)"_L1), qPrintable(text(r)));
    QCOMPARE(r.value("structuredContent"_L1).toObject().value("requested"_L1).toArray(),
        QJsonArray {"check beta"_L1});
    QTRY_VERIFY_WITH_TIMEOUT(data.counters(u"beta"_s).checks > betaChecks, 5000);
    QCOMPARE(data.group(u"main"_s)->active, u"alpha"_s);
    // The refused restart never happened (the engine handles its queue in order).
    QCOMPARE(data.snapshot(u"alpha"_s)->pid, alphaPid);
    QCOMPARE(data.snapshot(u"alpha"_s)->restartsTotal, alphaRestarts);

    // trigger_recovery restarts the process.
    r = callTool(u"failover_manager"_s, {{"action"_L1, "trigger_recovery"_L1}, {"target"_L1, "alpha"_L1}},
        true, url, sid);
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    QTRY_VERIFY_WITH_TIMEOUT(data.snapshot(u"alpha"_s)->restartsTotal > alphaRestarts, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
        data.snapshot(u"alpha"_s)->pid > 0 && data.snapshot(u"alpha"_s)->pid != alphaPid, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"alpha"_s), HealthState::Healthy, 10000);

    // restore_primary brings the group back from a manual failover.
    engine.failover(u"main"_s, u"beta"_s);
    QTRY_COMPARE_WITH_TIMEOUT(data.group(u"main"_s)->active, u"beta"_s, 5000);
    r = callTool(u"failover_manager"_s, {{"action"_L1, "restore_primary"_L1}, {"target"_L1, "main"_L1}}, true,
        url, sid);
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    QTRY_COMPARE_WITH_TIMEOUT(data.group(u"main"_s)->active, u"alpha"_s, 5000);

    // enable_failover enables a disabled member again.
    engine.disableServer(u"beta"_s);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"beta"_s), HealthState::Disabled, 5000);
    r = callTool(u"failover_manager"_s, {{"action"_L1, "enable_failover"_L1}, {"target"_L1, "beta"_L1}}, true,
        url, sid);
    QVERIFY2(!r.value("isError"_L1).toBool(), qPrintable(text(r)));
    QTRY_COMPARE_WITH_TIMEOUT(state(u"beta"_s), HealthState::Healthy, 10000);

    // The reports read the history; health://status asks it how it is.
    const auto alphaChecks = [&] {
        history.flush();
        const QJsonObject s = callTool(u"performance_report"_s,
            {{"window"_L1, "1h"_L1}, {"server_names"_L1, QJsonArray {"alpha"_L1}}}, false, url, sid)
                                  .value("structuredContent"_L1)
                                  .toObject();
        return s.value("source"_L1) == "history"_L1
            ? s.value("servers"_L1).toArray().first().toObject().value("checks"_L1).toInt()
            : -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(alphaChecks() > 0, 10000);
    const QJsonObject status
        = QJsonDocument::fromJson(rpc(sid, u"resources/read"_s, {{"uri"_L1, "health://status"_L1}}, {}, url)
                                      .value("result"_L1)
                                      .toObject()
                                      .value("contents"_L1)
                                      .toArray()
                                      .first()
                                      .toObject()
                                      .value("text"_L1)
                                      .toString()
                                      .toUtf8())
              .object();
    QCOMPARE(status.value("database_status"_L1).toString(), u"connected"_s);
    QCOMPARE(status.value("status"_L1).toString(), u"healthy"_s);

    // Unknown targets are named.
    r = callTool(u"failover_manager"_s, {{"action"_L1, "restore_primary"_L1}, {"target"_L1, "gamma"_L1}},
        true, url, sid);
    QVERIFY(r.value("isError"_L1).toBool());
    QVERIFY2(text(r).contains("known: alpha, beta, main (group)"_L1), qPrintable(text(r)));

    engine.stop();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived its test");
}

QTEST_GUILESS_MAIN(TestMcpEndpoint)
#include "tst_mcpendpoint.moc"
