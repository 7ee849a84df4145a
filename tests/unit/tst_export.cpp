// `mcp-lifeline export` formats: CSV with a header and RFC 4180 quoting, JSON with the checks
// and the events of the range.
#include "exportcommand.h"
#include "store/historytypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csv();
    void json();
};

static QList<Sample> samples()
{
    Sample ok;
    ok.at = QDateTime(QDate(2026, 3, 10), QTime(12, 0, 0, 250), QTimeZone::utc());
    ok.server = u"mem"_s;
    ok.serverType = u"stdio"_s;
    ok.ok = true;
    ok.latencyMs = 1.5;
    ok.status = u"healthy"_s;
    Sample bad = ok;
    bad.at = bad.at.addSecs(30);
    bad.ok = false;
    bad.latencyMs = -1;
    bad.status = u"critical"_s;
    bad.failureType = u"process_exit"_s;
    bad.details = u"{\"error\":\"exited, code 1\"}"_s;
    return {ok, bad};
}

void TestExport::csv()
{
    const QList<QByteArray> lines = exportCsv(samples()).split('\n');
    QCOMPARE(lines.size(), 4); // header, two rows, the empty rest after the last CRLF
    QCOMPARE(lines.at(0), "measured_at,server,server_type,ok,latency_ms,status,failure_type,details\r");
    QCOMPARE(lines.at(1), "2026-03-10T12:00:00.250Z,mem,stdio,true,1.500,healthy,,\r");
    QCOMPARE(lines.at(2),
        "2026-03-10T12:00:30.250Z,mem,stdio,false,,critical,process_exit,\"{\"\"error\"\":\"\"exited, code "
        "1\"\"}\"\r");
    QCOMPARE(exportCsv({}), "measured_at,server,server_type,ok,latency_ms,status,failure_type,details\r\n");
}

void TestExport::json()
{
    StoredEvent e;
    e.payload = QJsonObject {{"event"_L1, "state"_L1}, {"server"_L1, "mem"_L1}, {"to"_L1, "unhealthy"_L1}};
    const QDateTime from(QDate(2026, 3, 10), QTime(11, 0), QTimeZone::utc());
    const QJsonDocument doc
        = QJsonDocument::fromJson(exportJson(u"mem"_s, from, from.addSecs(7200), samples(), {e}));
    QVERIFY(doc.isObject());
    const QJsonObject o = doc.object();
    QCOMPARE(o.value("server"_L1).toString(), u"mem"_s);
    QCOMPARE(o.value("from"_L1).toString(), u"2026-03-10T11:00:00.000Z"_s);
    QCOMPARE(o.value("to"_L1).toString(), u"2026-03-10T13:00:00.000Z"_s);
    const QJsonArray checks = o.value("checks"_L1).toArray();
    QCOMPARE(checks.size(), 2);
    QCOMPARE(checks.at(0).toObject().value("latency_ms"_L1).toDouble(), 1.5);
    QCOMPARE(checks.at(0).toObject().value("ok"_L1).toBool(), true);
    QVERIFY(checks.at(1).toObject().value("latency_ms"_L1).isNull());
    QCOMPARE(checks.at(1).toObject().value("failure_type"_L1).toString(), u"process_exit"_s);
    QCOMPARE(checks.at(1).toObject().value("details"_L1).toObject().value("error"_L1).toString(),
        u"exited, code 1"_s);
    QCOMPARE(o.value("events"_L1).toArray().first().toObject().value("to"_L1).toString(), u"unhealthy"_s);
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
