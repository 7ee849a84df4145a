// What the user sees of the gateway: calls per second and call errors per server (CallMeter's
// sliding window and per-minute counts), the history's `throughput` rows and passive checks, and
// the client-config snippets of "Use through Lifeline".
#include "api/clientsnippet.h"
#include "engine/callmeter.h"
#include "engine/serversnapshot.h"
#include "health/checkresult.h"
#include "store/historyqueries.h"
#include "store/historywriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {
// 2026-03-10 12:00:00 UTC
const qint64 kT0 = QDateTime(QDate(2026, 3, 10), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}
QJsonObject parsed(const QString &text)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(text.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(text));
    return d.object();
}
} // namespace

class TestGatewayFigures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void callsPerSecondIsTheLastMinutesAverage();
    void callsOlderThanTheWindowDropOut();
    void errorsAreCountedInTheWindowAndInAll();
    void aFinishedMinuteIsHandedOverOnce();
    void toolErrorsAreErrorsCountedApart();
    void manyCallsCostNoMemory();
    void statusJsonCarriesTheFigures();
    void statusJsonCarriesToolErrors();
    void historyKeepsCallsPerMinuteAsThroughput();
    void historyMarksPassiveChecks();
    void snippetUrlsAndConnectLine();
    void snippetForms_data();
    void snippetForms();
    void snippetsCarryTheTokenWhenOneIsNeeded();
    void snippetQuotesOddNames();
};

void TestGatewayFigures::callsPerSecondIsTheLastMinutesAverage()
{
    CallMeter m;
    for (int i = 0; i < 120; ++i)
        m.record(kT0 + i * 250, false); // 4 calls a second for 30 s
    QCOMPARE(m.callsInWindow(kT0 + 30'000), 120);
    QCOMPARE(m.callsPerSecond(kT0 + 30'000), 2.0); // 120 calls over the 60 s window
    QCOMPARE(m.callsTotal(), 120);
}

void TestGatewayFigures::callsOlderThanTheWindowDropOut()
{
    CallMeter m;
    m.record(kT0, false);
    m.record(kT0 + 30'000, false);
    QCOMPARE(m.callsInWindow(kT0 + 59'999), 2);
    QCOMPARE(m.callsInWindow(kT0 + 60'000), 1); // the first second left the window
    QCOMPARE(m.callsInWindow(kT0 + 90'000), 0);
    QCOMPARE(m.callsPerSecond(kT0 + 90'000), 0.0);
    QCOMPARE(m.callsTotal(), 2); // totals stay
    // A bucket reused after a full turn of the ring starts from zero.
    m.record(kT0 + 120'000, true);
    QCOMPARE(m.callsInWindow(kT0 + 120'000), 1);
    QCOMPARE(m.errorsInWindow(kT0 + 120'000), 1);
}

void TestGatewayFigures::errorsAreCountedInTheWindowAndInAll()
{
    CallMeter m;
    m.record(kT0, true);
    m.record(kT0 + 1000, false);
    m.record(kT0 + 2000, true);
    QCOMPARE(m.errorsInWindow(kT0 + 2000), 2);
    QCOMPARE(m.errorsTotal(), 2);
    QCOMPARE(m.errorsInWindow(kT0 + 61'500), 1);
    QCOMPARE(m.errorsTotal(), 2);
}

void TestGatewayFigures::aFinishedMinuteIsHandedOverOnce()
{
    CallMeter m;
    CallMinute minute;
    QVERIFY(!m.takeFinishedMinute(kT0, &minute)); // nothing counted yet
    m.record(kT0 + 1000, false);
    m.record(kT0 + 2000, true);
    m.record(kT0 + 59'000, false);
    QVERIFY(!m.takeFinishedMinute(kT0 + 59'999, &minute)); // not over yet
    QVERIFY(!m.idle(kT0 + 59'999));
    QVERIFY(m.takeFinishedMinute(kT0 + 60'000, &minute));
    QCOMPARE(minute.minuteStartMs, kT0);
    QCOMPARE(minute.calls, 3);
    QCOMPARE(minute.errors, 1);
    QVERIFY(!m.takeFinishedMinute(kT0 + 61'000, &minute)); // once
    QVERIFY(m.idle(kT0 + 120'000));
}

void TestGatewayFigures::toolErrorsAreErrorsCountedApart()
{
    // The Call errors column counts every answer but a result; tool errors are among them and
    // also counted on their own (the tooltip and /api split them out).
    CallMeter m;
    m.record(kT0, true, true); // a tool error
    m.record(kT0 + 1000, true); // a JSON-RPC error or a timeout
    m.record(kT0 + 2000, false);
    m.record(kT0 + 3000, true, true);
    QCOMPARE(m.errorsTotal(), 3);
    QCOMPARE(m.toolErrorsTotal(), 2);
    QCOMPARE(m.errorsInWindow(kT0 + 3000), 3);
    QCOMPARE(m.toolErrorsInWindow(kT0 + 3000), 2);
    QCOMPARE(m.toolErrorsInWindow(kT0 + 60'500), 1); // the first has left the window
    QCOMPARE(m.toolErrorsTotal(), 2);
    CallMinute minute;
    QVERIFY(m.takeOpenMinute(&minute));
    QCOMPARE(minute.errors, 3);
}

void TestGatewayFigures::manyCallsCostNoMemory()
{
    CallMeter m;
    for (int i = 0; i < 100'000; ++i)
        m.record(kT0 + i / 10, i % 100 == 0); // 100,000 calls in 10 s
    QCOMPARE(m.callsInWindow(kT0 + 10'000), 100'000);
    QCOMPARE(m.errorsInWindow(kT0 + 10'000), 1000);
    QCOMPARE(sizeof(CallMeter) < 4096, true);
}

void TestGatewayFigures::statusJsonCarriesTheFigures()
{
    ServerSnapshot s;
    s.name = u"memory"_s;
    s.callsPerSecond = 2.5;
    s.callsTotal = 900;
    s.callErrorsTotal = 12;
    s.callErrorsInWindow = 3;
    const QJsonObject json = s.toJson();
    const QJsonObject g = json.value("gateway"_L1).toObject();
    QCOMPARE(g.value("callsPerSecond"_L1).toDouble(), 2.5);
    QCOMPARE(g.value("callErrors"_L1).toInteger(), 12);
    QCOMPARE(g.value("callErrorsLastMinute"_L1).toInteger(), 3);
    QCOMPARE(g.value("callsTotal"_L1).toInteger(), 900);
    QCOMPARE(json.value("name"_L1).toString(), u"memory"_s); // the existing keys stay
}

void TestGatewayFigures::statusJsonCarriesToolErrors()
{
    ServerSnapshot s;
    s.name = u"memory"_s;
    s.callsTotal = 900;
    s.callErrorsTotal = 12;
    s.callErrorsInWindow = 3;
    s.toolErrorsTotal = 7;
    s.toolErrorsInWindow = 2;
    const QJsonObject g = s.toJson().value("gateway"_L1).toObject();
    QCOMPARE(g.value("toolErrors"_L1).toInteger(), 7);
    QCOMPARE(g.value("toolErrorsLastMinute"_L1).toInteger(), 2);
    QCOMPARE(g.value("callErrors"_L1).toInteger(), 12); // tool errors are among the call errors
}

void TestGatewayFigures::historyKeepsCallsPerMinuteAsThroughput()
{
    QTemporaryDir dir;
    HistoryWriter w;
    w.setClock([] { return kT0 + 5 * 60'000; });
    QString error;
    QVERIFY2(w.open(DatabaseTarget::parse(dir.filePath(u"h.sqlite"_s)), {}, &error), qPrintable(error));
    w.recordCallMinutes({{u"memory"_s, kT0, 120, 3}, {u"other"_s, kT0, 7, 0}});
    w.recordCallMinutes({{u"memory"_s, kT0 + 60'000, 40, 0}});
    w.recordCallMinutes({{u"memory"_s, kT0 + 60'000, 20, 0}}); // the same minute after a restart
    QVERIFY(w.flush());

    {
        HistoryQueries q(w.database());
        const QList<ThroughputPoint> points = q.throughput(u"memory"_s, at(kT0), at(kT0 + 10 * 60'000));
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].minute, at(kT0));
        QCOMPARE(points[0].calls, 120);
        QCOMPARE(points[0].errors, 3);
        QCOMPARE(points[1].minute, at(kT0 + 60'000));
        QCOMPARE(points[1].calls, 60);
        QCOMPARE(points[1].errors, 0);
        // The seeds' metric type, and not mistaken for checks.
        QSqlQuery sql(w.database());
        QVERIFY(sql.exec(
            u"SELECT metric_type, status FROM integration_health_metrics WHERE server_instance = 'memory' "
            "ORDER BY measured_at"_s));
        QVERIFY(sql.next());
        QCOMPARE(sql.value(0).toString(), u"throughput"_s);
        QCOMPARE(sql.value(1).toString(), u"warning"_s); // the minute had errors
        QVERIFY(q.samples(u"memory"_s, at(kT0), at(kT0 + 10 * 60'000)).isEmpty());
    } // the connection must be unused when the writer closes it
    w.close();
}

void TestGatewayFigures::historyMarksPassiveChecks()
{
    QTemporaryDir dir;
    HistoryWriter w;
    w.setClock([] { return kT0 + 60'000; });
    QString error;
    QVERIFY2(w.open(DatabaseTarget::parse(dir.filePath(u"h.sqlite"_s)), {}, &error), qPrintable(error));
    CheckResult probe;
    probe.server = u"memory"_s;
    probe.startedAt = at(kT0);
    probe.ok = true;
    probe.latencyUs = 2000;
    CheckResult passive;
    passive.server = u"memory"_s;
    passive.startedAt = at(kT0 + 1000);
    passive.failure = Failure::make(FailureType::Timeout, u"gateway call tools/call got no answer"_s);
    passive.passive = true;
    passive.passiveMethod = u"tools/call"_s;
    w.recordCheck(probe);
    w.recordCheck(passive);
    QVERIFY(w.flush());
    const QList<Sample> samples
        = HistoryQueries(w.database()).samples(u"memory"_s, at(kT0), at(kT0 + 60'000));
    QCOMPARE(samples.size(), 2);
    QCOMPARE(samples[0].passive, false);
    QCOMPARE(samples[1].passive, true);
    QCOMPARE(samples[1].failureType, u"timeout"_s);
    const QJsonObject details = parsed(samples[1].details);
    QCOMPARE(details.value("passive"_L1).toBool(), true);
    QCOMPARE(details.value("method"_L1).toString(), u"tools/call"_s);
    w.close();
}

void TestGatewayFigures::snippetUrlsAndConnectLine()
{
    const ClientSnippet server(u"http://127.0.0.1:7733"_s, u"memory"_s);
    QCOMPARE(server.gatewayUrl(), u"http://127.0.0.1:7733/mcp/servers/memory"_s);
    QCOMPARE(server.connectLine(), u"mcp-lifeline connect memory"_s);
    const ClientSnippet group(u"http://127.0.0.1:7733/"_s, u"search"_s, true);
    QCOMPARE(group.gatewayUrl(), u"http://127.0.0.1:7733/mcp/groups/search"_s);
    QCOMPARE(group.connectLine(), u"mcp-lifeline connect --group search"_s);
}

void TestGatewayFigures::snippetForms_data()
{
    QTest::addColumn<ClientSnippet::Form>("form");
    QTest::addColumn<QString>("expected"); // compact JSON, or the command line
    QTest::newRow("claude-code")
        << ClientSnippet::Form::ClaudeCode
        << u"claude mcp add --transport http memory http://127.0.0.1:7733/mcp/servers/memory"_s;
    QTest::newRow("claude-desktop")
        << ClientSnippet::Form::ClaudeDesktop
        << uR"({"mcpServers":{"memory":{"args":["connect","memory"],"command":"mcp-lifeline"}}})"_s;
    QTest::newRow("cursor")
        << ClientSnippet::Form::Cursor
        << uR"({"mcpServers":{"memory":{"url":"http://127.0.0.1:7733/mcp/servers/memory"}}})"_s;
    QTest::newRow("vscode")
        << ClientSnippet::Form::VsCode
        << uR"({"servers":{"memory":{"type":"http","url":"http://127.0.0.1:7733/mcp/servers/memory"}}})"_s;
}

void TestGatewayFigures::snippetForms()
{
    QFETCH(ClientSnippet::Form, form);
    QFETCH(QString, expected);
    const QString text = ClientSnippet(u"http://127.0.0.1:7733"_s, u"memory"_s).text(form);
    if (form == ClientSnippet::Form::ClaudeCode) {
        QCOMPARE(text, expected);
        return;
    }
    QCOMPARE(QString::fromUtf8(QJsonDocument(parsed(text)).toJson(QJsonDocument::Compact)), expected);
}

void TestGatewayFigures::snippetsCarryTheTokenWhenOneIsNeeded()
{
    const ClientSnippet s(u"http://192.168.1.5:7733"_s, u"memory"_s, false, u"s3cret"_s);
    QCOMPARE(s.text(ClientSnippet::Form::ClaudeCode),
        u"claude mcp add --transport http memory http://192.168.1.5:7733/mcp/servers/memory "
        "--header 'Authorization: Bearer s3cret'"_s);
    QCOMPARE(parsed(s.text(ClientSnippet::Form::Cursor))
                 .value("mcpServers"_L1)["memory"_L1]["headers"_L1]["Authorization"_L1]
                 .toString(),
        u"Bearer s3cret"_s);
    QCOMPARE(parsed(s.text(ClientSnippet::Form::VsCode))
                 .value("servers"_L1)["memory"_L1]["headers"_L1]["Authorization"_L1]
                 .toString(),
        u"Bearer s3cret"_s);
    // The stdio bridge finds the token itself: nothing secret in that form.
    QVERIFY(!s.text(ClientSnippet::Form::ClaudeDesktop).contains(u"s3cret"_s));
    // Without a token no header at all.
    QVERIFY(!ClientSnippet(u"http://127.0.0.1:7733"_s, u"memory"_s)
                 .text(ClientSnippet::Form::Cursor)
                 .contains(u"headers"_s));
}

void TestGatewayFigures::snippetQuotesOddNames()
{
    const ClientSnippet s(u"http://127.0.0.1:7733"_s, u"my server's/x"_s);
    QCOMPARE(s.gatewayUrl(), u"http://127.0.0.1:7733/mcp/servers/my%20server%27s%2Fx"_s);
    QCOMPARE(s.connectLine(), u"mcp-lifeline connect 'my server'\\''s/x'"_s);
    QVERIFY(s.text(ClientSnippet::Form::ClaudeCode)
                .startsWith(u"claude mcp add --transport http 'my server'\\''s/x' "_s));
    QCOMPARE(parsed(s.text(ClientSnippet::Form::ClaudeDesktop))
                 .value("mcpServers"_L1)["my server's/x"_L1]["args"_L1][1]
                 .toString(),
        u"my server's/x"_s);
}

QTEST_GUILESS_MAIN(TestGatewayFigures)
#include "tst_gatewayfigures.moc"
