// Issue 14: the up and down time /mcp reports live (performance_report, from the events the status
// server holds) and the one the history stores are the same for the same events — including a
// clean exit that was not the user's doing, which both count as down.
#include "api/mcptools.h"
#include "api/statusdata.h"
#include "historytestdb.h"
#include "store/historyqueries.h"
#include "store/historywriter.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

struct Step
{
    qint64 offsetMs;
    QString to;
    bool byUser = false;
};

} // namespace

Q_DECLARE_METATYPE(QList<Step>)

class TestUptimeAgreement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveMatchesHistory_data();
    void liveMatchesHistory();
};

void TestUptimeAgreement::liveMatchesHistory_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addColumn<qint64>("nowOffset");
    QTest::addColumn<qint64>("up");
    QTest::addColumn<qint64>("down");

    QTest::newRow("a clean exit without cause=user is down")
        << QList<Step> {{0, u"starting"_s}, {1000, u"healthy"_s}, {21000, u"offline"_s}} << 81000LL << 20000LL
        << 60000LL;
    QTest::newRow("stopped by the user is neither")
        << QList<Step> {{0, u"starting"_s}, {1000, u"healthy"_s}, {21000, u"offline"_s, true}} << 81000LL
        << 20000LL << 0LL;
    QTest::newRow("down, recovering, up across minutes") << QList<Step> {{0, u"starting"_s},
        {1000, u"healthy"_s}, {50000, u"unhealthy"_s}, {55000, u"recovering"_s}, {70000, u"degraded"_s},
        {100000, u"healthy"_s}} << 150000LL << 129000LL << 20000LL;
    QTest::newRow("exit, restart by the user, failed") << QList<Step> {{0, u"healthy"_s},
        {10000, u"offline"_s}, {30000, u"starting"_s, true}, {32000, u"unhealthy"_s}, {40000, u"failed"_s}}
                                                       << 90000LL << 10000LL << 78000LL;
}

void TestUptimeAgreement::liveMatchesHistory()
{
    QFETCH(QList<Step>, steps);
    QFETCH(qint64, nowOffset);
    QFETCH(qint64, up);
    QFETCH(qint64, down);
    if (const QString why = testdb::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));

    StatusData data; // started now: the events come after, on a minute boundary
    const qint64 base = (data.startedAt().toMSecsSinceEpoch() / 60000 + 1) * 60000;
    const auto at = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()); };

    QTemporaryDir dir;
    const DatabaseTarget target = testdb::target(dir);
    QVERIFY(testdb::wipe(target));
    qint64 now = base;
    HistoryWriter writer;
    writer.setClock([&now] { return now; });
    QString error;
    QVERIFY2(writer.open(target, {}, &error), qPrintable(error));

    ServerSnapshot snap;
    snap.name = u"a"_s;
    QString from;
    for (const Step &s : std::as_const(steps)) {
        HealthEvent e;
        e.ts = at(base + s.offsetMs);
        e.kind = HealthEvent::Kind::State;
        e.server = u"a"_s;
        if (!from.isEmpty())
            e.from = healthStateFromName(from);
        e.to = healthStateFromName(s.to);
        if (s.byUser)
            e.byUser = true;
        from = s.to;
        now = base + s.offsetMs;
        writer.recordEvent(e);
        data.addEvent(e);
        snap.state = healthStateFromName(s.to);
        snap.stateSince = e.ts;
        snap.stateByUser = s.byUser;
        data.updateSnapshot(snap);
    }
    now = base + nowOffset;
    QVERIFY(writer.flush());

    // The history's figure, as the dashboard and /mcp's history path read it.
    const QDateTime windowEnd = at(now);
    const QDateTime windowStart = windowEnd.addSecs(-3600);
    const QList<UptimeRow> rows = HistoryQueries(writer.database()).uptime(windowStart, windowEnd);
    QCOMPARE(rows.size(), 1);

    // /mcp's live figure: performance_report over its default hour, without a history.
    McpTools tools(&data, nullptr, nullptr);
    tools.setNowForTest(windowEnd);
    const std::optional<QJsonObject> result = tools.call(u"performance_report"_s, {}, false);
    QVERIFY(result);
    QVERIFY(!result->value("isError"_L1).toBool());
    const QJsonObject live
        = result->value("structuredContent"_L1).toObject().value("servers"_L1).toArray().at(0).toObject();
    QCOMPARE(live.value("name"_L1).toString(), u"a"_s);

    QCOMPARE(qint64(live.value("up_ms"_L1).toDouble()), rows.at(0).upMs);
    QCOMPARE(qint64(live.value("down_ms"_L1).toDouble()), rows.at(0).downMs);
    // And both say what the documented rule says.
    QCOMPARE(rows.at(0).upMs, up);
    QCOMPARE(rows.at(0).downMs, down);
}

QTEST_GUILESS_MAIN(TestUptimeAgreement)
#include "tst_uptimeagreement.moc"
