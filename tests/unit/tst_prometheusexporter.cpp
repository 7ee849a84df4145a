#include <QTest>

#include "api/prometheusexporter.h"
#include "api/statusdata.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestPrometheusExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapesLabelValues_data();
    void escapesLabelValues();
    void formatsValues_data();
    void formatsValues();
    void everySampleBelongsToADeclaredFamily();
    void reportsStatesCountersAndHistogram();
    void countsFailoversAndFiringAlerts();
    void emptyDataIsStillValid();

private:
    static QByteArray render(StatusData &data) { return PrometheusExporter::render(data); }
    static double value(const QByteArray &text, const QByteArray &seriesStart);
};

double TestPrometheusExporter::value(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    }
    return -12345;
}

void TestPrometheusExporter::escapesLabelValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("escaped");
    QTest::newRow("plain") << u"memory"_s << "memory"_ba;
    QTest::newRow("quote") << u"a\"b"_s << "a\\\"b"_ba;
    QTest::newRow("backslash") << u"a\\b"_s << "a\\\\b"_ba;
    QTest::newRow("newline") << u"a\nb"_s << "a\\nb"_ba;
    QTest::newRow("utf8") << u"größe"_s
                          << "gr\xc3\xb6\xc3\x9f"
                             "e"_ba;
}

void TestPrometheusExporter::escapesLabelValues()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, escaped);
    QCOMPARE(PrometheusExporter::escapeLabelValue(value), escaped);
}

void TestPrometheusExporter::formatsValues_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("zero") << 0.0 << "0"_ba;
    QTest::newRow("int") << 42.0 << "42"_ba;
    QTest::newRow("fraction") << 0.0025 << "0.0025"_ba;
    QTest::newRow("inf") << qInf() << "+Inf"_ba;
    QTest::newRow("-inf") << -qInf() << "-Inf"_ba;
    QTest::newRow("nan") << qQNaN() << "NaN"_ba;
}

void TestPrometheusExporter::formatsValues()
{
    QFETCH(double, value);
    QFETCH(QByteArray, text);
    QCOMPARE(PrometheusExporter::formatValue(value), text);
}

static ServerSnapshot snapshot(const QString &name, HealthState state)
{
    ServerSnapshot s;
    s.name = name;
    s.state = state;
    s.stateSince = QDateTime::currentDateTimeUtc();
    s.lastLatencyMs = 12.5;
    return s;
}

static CheckResult check(
    const QString &server, bool ok, qint64 durationUs, FailureType type = FailureType::None)
{
    CheckResult r;
    r.server = server;
    r.ok = ok;
    r.durationUs = durationUs;
    r.failure.type = type;
    return r;
}

void TestPrometheusExporter::everySampleBelongsToADeclaredFamily()
{
    StatusData data;
    data.updateSnapshot(snapshot(u"we\"ird\\name"_s, HealthState::Healthy));
    data.updateSnapshot(snapshot(u"plain"_s, HealthState::Unhealthy));
    data.addCheck(check(u"plain"_s, false, 3000, FailureType::Timeout));
    const QByteArray text = render(data);
    QVERIFY(text.endsWith('\n'));

    QSet<QByteArray> helped;
    QHash<QByteArray, QByteArray> typed;
    static const QRegularExpression sampleLine(
        uR"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")*)?\})? (\S+)$)"_s);
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        if (line.startsWith("# HELP ")) {
            const QByteArray name = line.mid(7).split(' ').first();
            QVERIFY2(!helped.contains(name), name.constData()); // one block per family
            helped.insert(name);
            continue;
        }
        if (line.startsWith("# TYPE ")) {
            const QList<QByteArray> parts = line.mid(7).split(' ');
            QCOMPARE(parts.size(), 2);
            QVERIFY2(helped.contains(parts[0]), "HELP comes before TYPE");
            typed.insert(parts[0], parts[1]);
            continue;
        }
        const auto m = sampleLine.match(QString::fromUtf8(line));
        QVERIFY2(m.hasMatch(), line.constData());
        QByteArray name = m.captured(1).toUtf8();
        QVERIFY2(name.startsWith("lifeline_"), name.constData());
        if (!typed.contains(name)) {
            for (const char *suffix : {"_bucket", "_sum", "_count"}) {
                if (name.endsWith(suffix)) {
                    const QByteArray base = name.left(name.size() - qstrlen(suffix));
                    if (typed.value(base) == "histogram")
                        name = base;
                }
            }
        }
        QVERIFY2(typed.contains(name), line.constData());
        if (typed.value(name) == "counter")
            QVERIFY2(name.endsWith("_total"), name.constData());
    }
    QVERIFY(text.contains("server=\"we\\\"ird\\\\name\""));
}

void TestPrometheusExporter::reportsStatesCountersAndHistogram()
{
    StatusData data;
    ServerSnapshot s = snapshot(u"mem"_s, HealthState::Degraded);
    s.restartsTotal = 3;
    data.updateSnapshot(s);
    data.addCheck(check(u"mem"_s, true, 800)); // 0.8 ms
    data.addCheck(check(u"mem"_s, true, 30000)); // 30 ms
    data.addCheck(check(u"mem"_s, false, 7'000'000, FailureType::ProcessExit)); // 7 s: only +Inf
    const QByteArray text = render(data);

    QCOMPARE(value(text, "lifeline_server_up{server=\"mem\"}"), 1.0);
    QCOMPARE(value(text, "lifeline_server_state{server=\"mem\",state=\"degraded\"}"), 1.0);
    QCOMPARE(value(text, "lifeline_server_state{server=\"mem\",state=\"healthy\"}"), 0.0);
    QCOMPARE(value(text, "lifeline_checks_total{server=\"mem\"}"), 3.0);
    QCOMPARE(value(text, "lifeline_failures_total{server=\"mem\",type=\"process_exit\"}"), 1.0);
    QCOMPARE(value(text, "lifeline_failures_total{server=\"mem\",type=\"timeout\"}"), 0.0);
    QCOMPARE(value(text, "lifeline_restarts_total{server=\"mem\"}"), 3.0);
    QCOMPARE(value(text, "lifeline_server_latency_seconds{server=\"mem\"}"), 0.0125);
    // Cumulative buckets: ≤1 ms holds one, ≤50 ms two, ≤5 s still two, +Inf all three.
    QCOMPARE(value(text, "lifeline_check_duration_seconds_bucket{server=\"mem\",le=\"0.001\"}"), 1.0);
    QCOMPARE(value(text, "lifeline_check_duration_seconds_bucket{server=\"mem\",le=\"0.05\"}"), 2.0);
    QCOMPARE(value(text, "lifeline_check_duration_seconds_bucket{server=\"mem\",le=\"5\"}"), 2.0);
    QCOMPARE(value(text, "lifeline_check_duration_seconds_bucket{server=\"mem\",le=\"+Inf\"}"), 3.0);
    QCOMPARE(value(text, "lifeline_check_duration_seconds_count{server=\"mem\"}"), 3.0);
    QVERIFY(qAbs(value(text, "lifeline_check_duration_seconds_sum{server=\"mem\"}") - 7.0308) < 1e-9);

    data.updateSnapshot(snapshot(u"mem"_s, HealthState::Unhealthy));
    QCOMPARE(value(render(data), "lifeline_server_up{server=\"mem\"}"), 0.0);
    data.removeServer(u"mem"_s);
    QVERIFY(!render(data).contains("server=\"mem\""));
}

void TestPrometheusExporter::countsFailoversAndFiringAlerts()
{
    StatusData data;
    HealthEvent e;
    e.ts = QDateTime::currentDateTimeUtc();
    e.kind = HealthEvent::Kind::Failover;
    data.addEvent(e);
    data.addEvent(e);
    FailoverGroupSnapshot g;
    g.name = u"search"_s;
    g.primary = u"a"_s;
    g.fallbacks = {u"b"_s};
    g.active = u"b"_s;
    data.updateGroup(g);
    Alert a;
    a.id = u"1"_s;
    a.severity = AlertSeverity::Critical;
    a.firedAt = e.ts;
    data.updateAlert(a);
    Alert resolved = a;
    resolved.id = u"2"_s;
    resolved.state = AlertState::Resolved;
    data.updateAlert(resolved);
    const QByteArray text = render(data);
    QCOMPARE(value(text, "lifeline_failovers_total"), 2.0);
    QCOMPARE(value(text, "lifeline_group_active_member{group=\"search\",member=\"b\"}"), 1.0);
    QCOMPARE(value(text, "lifeline_group_active_member{group=\"search\",member=\"a\"}"), 0.0);
    QCOMPARE(value(text, "lifeline_alerts_firing{severity=\"critical\"}"), 1.0);
    QCOMPARE(value(text, "lifeline_alerts_firing{severity=\"warning\"}"), 0.0);
}

void TestPrometheusExporter::emptyDataIsStillValid()
{
    StatusData data;
    const QByteArray text = render(data);
    QCOMPARE(value(text, "lifeline_servers"), 0.0);
    QVERIFY(text.contains("# TYPE lifeline_check_duration_seconds histogram\n"));
    QVERIFY(!text.contains("\n\n"));
}

QTEST_APPLESS_MAIN(TestPrometheusExporter)
#include "tst_prometheusexporter.moc"
