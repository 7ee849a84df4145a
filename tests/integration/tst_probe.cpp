// Probe depths and what the supervisor does with their results: the tool set watched, the
// synthetic call's expected text, resources counted, MCP log kept, Retry-After honoured.
#include "fixturehelpers.h"

#include "engine/monitorengine.h"
#include "engine/serversupervisor.h"
#include "probe/probe.h"
#include "session/mcpsession.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void comprehensiveCountsToolsAndResources();
    void syntheticCallChecksExpectedText_data();
    void syntheticCallChecksExpectedText();
    void toolSetChangeIsAnEvent();
    void serverLogIsKept();
    void retryAfterDelaysTheNextCheck();
};

static CheckResult probeOnce(const ServerConfig &cfg)
{
    McpSession s(cfg, {});
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    if (!ready.wait(5000))
        return {};
    Probe probe;
    std::optional<CheckResult> out;
    probe.run(&s, cfg.settings, [&](const CheckResult &r) { out = r; });
    (void)QTest::qWaitFor([&] { return out.has_value(); }, 10000);
    return out.value_or(CheckResult {});
}

void TestProbe::comprehensiveCountsToolsAndResources()
{
    ServerConfig cfg = stdioFixture({});
    cfg.settings.depth = ProbeDepth::Basic;
    CheckResult basic = probeOnce(cfg);
    QVERIFY(basic.ok);
    QCOMPARE(basic.toolCount, -1); // basic is a ping only
    QVERIFY(basic.pingUs > 0);

    cfg.settings.depth = ProbeDepth::Comprehensive;
    const CheckResult deep = probeOnce(cfg);
    QVERIFY2(deep.ok, qPrintable(deep.failure.detail));
    QCOMPARE(deep.toolCount, 3);
    QCOMPARE(deep.resourceCount, 1);
    QVERIFY(deep.latencyUs >= deep.pingUs);
}

void TestProbe::syntheticCallChecksExpectedText_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("expect");
    QTest::addColumn<QString>("failure");
    QTest::newRow("expected text found") << u"echo"_s << u"lifeline"_s << QString();
    QTest::newRow("no expectation") << u"echo"_s << QString() << QString();
    QTest::newRow("expected text missing") << u"echo"_s << u"something else"_s << u"server_error"_s;
    QTest::newRow("unknown tool") << u"nope"_s << QString() << u"protocol_error"_s;
}

void TestProbe::syntheticCallChecksExpectedText()
{
    QFETCH(QString, tool);
    QFETCH(QString, expect);
    QFETCH(QString, failure);
    ServerConfig cfg = stdioFixture({});
    cfg.settings.probe = ProbeCall {tool, QJsonObject {{"text"_L1, "hello lifeline"_L1}}, expect};
    const CheckResult r = probeOnce(cfg);
    QCOMPARE(failureTypeName(r.failure.type), failure);
    QCOMPARE(r.ok, failure.isEmpty());
    QVERIFY(r.callUs > 0);
    if (failure == "server_error"_L1)
        QVERIFY2(r.failure.detail.contains(u"something else"_s), qPrintable(r.failure.detail));
}

void TestProbe::toolSetChangeIsAnEvent()
{
    MonitorSettings s = fastSettings();
    s.depth = ProbeDepth::Comprehensive;
    ServerSupervisor sup(stdioFixture({u"--tools-change-after"_s, u"8"_s}, u"fixture"_s, s));
    QSignalSpy events(&sup, &ServerSupervisor::eventOccurred);
    sup.start();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : events) {
                if (args.first().value<HealthEvent>().kind == HealthEvent::Kind::ToolsChanged)
                    return true;
            }
            return false;
        }(),
        10000);
    HealthEvent ev;
    for (const auto &args : events) {
        if (args.first().value<HealthEvent>().kind == HealthEvent::Kind::ToolsChanged)
            ev = args.first().value<HealthEvent>();
    }
    const QJsonObject j = ev.toJson();
    QCOMPARE(j.value("server"_L1).toString(), u"fixture"_s);
    QCOMPARE(j.value("added"_L1).toArray(), QJsonArray {u"echo2"_s});
    QCOMPARE(j.value("removed"_L1).toArray(), QJsonArray {u"echo"_s});
    QCOMPARE(sup.snapshot().toolCount, 3);
    QCOMPARE(sup.state(), HealthState::Healthy); // a changed tool set is news, not a failure
    sup.shutdown();
}

void TestProbe::serverLogIsKept()
{
    ServerSupervisor sup(stdioFixture({u"--log-notifications"_s}));
    sup.start();
    QTRY_VERIFY_WITH_TIMEOUT(!sup.snapshot().logTail.isEmpty(), 5000);
    QVERIFY2(
        sup.snapshot().logTail.last().startsWith(u"[info]"_s), qPrintable(sup.snapshot().logTail.last()));
    sup.shutdown();
}

void TestProbe::retryAfterDelaysTheNextCheck()
{
    HttpFixture fx(
        {u"--http-status"_s, u"429"_s, u"--http-status-after"_s, u"1"_s, u"--retry-after"_s, u"2"_s});
    QVERIFY(fx.ok());
    MonitorSettings s = fastSettings(); // interval 300 ms, timeout 400 ms
    ServerSupervisor sup(remote(fx.url(), TransportKind::StreamableHttp, u"limited"_s, s));
    QSignalSpy checks(&sup, &ServerSupervisor::checkFinished);
    sup.start();
    QTRY_VERIFY_WITH_TIMEOUT(checks.size() >= 3, 10000);
    QList<QDateTime> failedAt;
    for (const auto &args : checks) {
        const CheckResult r = args.first().value<CheckResult>();
        if (r.failure.type == FailureType::RateLimit)
            failedAt.append(r.startedAt);
    }
    QVERIFY(failedAt.size() >= 2);
    const qint64 gap = failedAt.at(0).msecsTo(failedAt.at(1));
    QVERIFY2(gap >= 1900, qPrintable(u"next check after %1 ms despite Retry-After: 2"_s.arg(gap)));
    sup.shutdown();
}

QTEST_GUILESS_MAIN(TestProbe)
#include "tst_probe.moc"
