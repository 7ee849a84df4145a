// The alert rules on an injected clock: every one of the nine rules, their durations, severities
// and thresholds (the server's own ones by default), and the trend's noise guard. Each row runs a
// little script and checks what the evaluator decides for the rule under test.
#include "alerts/alertevaluator.h"
#include "config/duration.h"
#include "engine/serversnapshot.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

const QDateTime kT0(QDate(2026, 3, 10), QTime(12, 0), QTimeZone::utc());

QString kindName(AlertChange::Kind k)
{
    switch (k) {
    case AlertChange::Kind::Fire:
        return u"fire"_s;
    case AlertChange::Kind::Update:
        return u"update"_s;
    case AlertChange::Kind::Resolve:
        return u"resolve"_s;
    }
    return {};
}

} // namespace

class TestAlertEvaluator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void fitFindsTheLine();
    void steadyNoisyLatencyNeverRaisesTrend_data();
    void steadyNoisyLatencyNeverRaisesTrend();
    void steadyErrorRateNeverRaisesTrend_data();
    void steadyErrorRateNeverRaisesTrend();
    void risingLatencyRaisesTrendBeforeTheLatencyAlert();
    void flappingFreezesTheStateRule();
    void defaultsUseTheServersOwnThresholds();
    void newRulesResolveWhatWentAway();
    void snapshotSaysWhetherOfflineWasTheUsers_data();
    void snapshotSaysWhetherOfflineWasTheUsers();
    void reloadKeepsWhatStillHolds();
};

void TestAlertEvaluator::rules_data()
{
    QTest::addColumn<QString>("rule"); // the rule whose decisions are checked
    QTest::addColumn<QString>("config"); // lifeline.alerts
    QTest::addColumn<QStringList>("script");

    // Script: "ok MS [xN]" a good check (then 10 s pass), "fail [xN]", "ramp FROM STEP xN",
    // "noise MEAN SPREAD xN", "state TO [user]", "wait D" (then evaluate), "expect fire|update SEVERITY",
    // "expect resolve", "expect none" (nothing for the rule since the last expectation).
    const QString only = uR"({"defaultRules": false, "rules": [%1]%2})"_s;
    auto cfg = [&](const QString &rules, const QString &more = {}) { return only.arg(rules, more); };

    QTest::newRow("state: down fires critical at once, holds through a restart, resolves when up")
        << u"state"_s << cfg(uR"({"rule": "state"})"_s)
        << QStringList {u"state healthy"_s, u"expect none"_s, u"state unhealthy"_s, u"expect fire critical"_s,
               u"state recovering"_s, u"state starting"_s, u"expect none"_s, u"state healthy"_s,
               u"expect resolve"_s};
    QTest::newRow("state: degraded for 5 min fires a warning")
        << u"state"_s
        << cfg(uR"({"rule": "state", "state": "degraded", "severity": "warning", "for": "5m"})"_s)
        << QStringList {u"state healthy"_s, u"state degraded"_s, u"wait 4m"_s, u"expect none"_s, u"wait 1m"_s,
               u"expect fire warning"_s, u"state healthy"_s, u"expect resolve"_s};
    QTest::newRow("state: degraded for 4 min stays quiet")
        << u"state"_s
        << cfg(uR"({"rule": "state", "state": "degraded", "severity": "warning", "for": "5m"})"_s)
        << QStringList {
               u"state degraded"_s, u"wait 4m"_s, u"state healthy"_s, u"wait 10m"_s, u"expect none"_s};
    QTest::newRow("state: degraded then down escalates")
        << u"state"_s
        << cfg(uR"({"rule": "state", "state": "degraded", "severity": "warning"}, {"rule": "state"})"_s)
        << QStringList {u"state degraded"_s, u"expect fire warning"_s, u"state unhealthy"_s,
               u"expect update critical"_s, u"state healthy"_s, u"expect resolve"_s};
    QTest::newRow("state: stopped by the user resolves")
        << u"state"_s << cfg(uR"({"rule": "state"})"_s)
        << QStringList {
               u"state unhealthy"_s, u"expect fire critical"_s, u"state offline user"_s, u"expect resolve"_s};
    QTest::newRow("state: stopped by the user fires nothing")
        << u"state"_s << cfg(uR"({"rule": "state"})"_s)
        << QStringList {u"state healthy"_s, u"state offline user"_s, u"wait 5m"_s, u"expect none"_s};
    // The uptime rule (health/healthaccounting): an exit the user did not ask for is downtime.
    QTest::newRow("state: a clean exit on its own fires critical, resolves when up again")
        << u"state"_s << cfg(uR"({"rule": "state"})"_s)
        << QStringList {u"state healthy"_s, u"state offline"_s, u"expect fire critical"_s,
               u"state starting"_s, u"expect none"_s, u"state healthy"_s, u"expect resolve"_s};
    QTest::newRow("state: down, then the user stops it, resolves")
        << u"state"_s << cfg(uR"({"rule": "state"})"_s)
        << QStringList {u"state healthy"_s, u"state offline"_s, u"expect fire critical"_s,
               u"state offline user"_s, u"expect resolve"_s};
    QTest::newRow("latency: quiet once the server exited on its own")
        << u"latency"_s << cfg(uR"({"rule": "latency", "severity": "warning"})"_s)
        << QStringList {u"ok 1500"_s, u"expect fire warning"_s, u"state offline"_s, u"expect resolve"_s};

    QTest::newRow("latency: over critical for 1 min fires critical")
        << u"latency"_s << cfg(uR"({"rule": "latency", "severity": "critical", "for": "1m"})"_s)
        << QStringList {u"ok 6000 x6"_s, u"expect none"_s, u"ok 6000"_s, u"expect fire critical"_s,
               u"ok 100"_s, u"expect resolve"_s};
    QTest::newRow("latency: one fast check starts the minute over")
        << u"latency"_s << cfg(uR"({"rule": "latency", "severity": "critical", "for": "1m"})"_s)
        << QStringList {u"ok 6000 x5"_s, u"ok 100"_s, u"ok 6000 x5"_s, u"expect none"_s};
    QTest::newRow("latency: warning, then critical, then resolved")
        << u"latency"_s
        << cfg(uR"({"rule": "latency", "severity": "warning"}, {"rule": "latency", "severity": "critical"})"_s)
        << QStringList {u"ok 900"_s, u"expect none"_s, u"ok 1500"_s, u"expect fire warning"_s, u"ok 6000"_s,
               u"expect update critical"_s, u"ok 2000"_s, u"expect update warning"_s, u"ok 100"_s,
               u"expect resolve"_s};
    QTest::newRow("latency: an explicit threshold")
        << u"latency"_s << cfg(uR"({"rule": "latency", "severity": "warning", "threshold": 200})"_s)
        << QStringList {u"ok 150"_s, u"expect none"_s, u"ok 250"_s, u"expect fire warning"_s};
    QTest::newRow("latency: failed checks hold it")
        << u"latency"_s << cfg(uR"({"rule": "latency", "severity": "warning"})"_s)
        << QStringList {u"ok 1500"_s, u"expect fire warning"_s, u"fail x3"_s, u"expect none"_s};

    QTest::newRow("error_rate: over critical fires")
        << u"error_rate"_s << cfg(uR"({"rule": "error_rate", "severity": "critical"})"_s)
        << QStringList {u"ok 100 x10"_s, u"fail x3"_s, u"expect none"_s, u"fail"_s, u"expect fire critical"_s,
               u"ok 100 x20"_s, u"expect resolve"_s};
    QTest::newRow("error_rate: warning for 5 min")
        << u"error_rate"_s
        << cfg(uR"({"rule": "error_rate", "severity": "warning", "threshold": 0.1, "for": "5m"})"_s)
        << QStringList {u"ok 100 x20"_s, u"fail"_s, u"ok 100 x4"_s, u"fail"_s, u"ok 100 x4"_s, u"fail"_s,
               u"ok 100 x4"_s, u"fail"_s, u"ok 100 x4"_s, u"expect none"_s, u"fail"_s, u"ok 100 x4"_s,
               u"fail"_s, u"ok 100 x4"_s, u"fail"_s, u"ok 100 x4"_s, u"fail"_s, u"ok 100 x4"_s, u"fail"_s,
               u"ok 100 x4"_s, u"fail"_s, u"ok 100 x4"_s, u"expect fire warning"_s};
    QTest::newRow("error_rate: too few checks to tell")
        << u"error_rate"_s << cfg(uR"({"rule": "error_rate", "severity": "critical"})"_s)
        << QStringList {u"fail x4"_s, u"expect none"_s, u"fail"_s, u"expect fire critical"_s};

    QTest::newRow("availability: under the target over the window")
        << u"availability"_s << cfg(uR"({"rule": "availability", "threshold": 0.9, "window": "10m"})"_s)
        << QStringList {u"ok 100 x40"_s, u"fail x4"_s, u"expect none"_s, u"fail"_s, u"expect fire warning"_s,
               u"ok 100 x61"_s, u"expect resolve"_s};
    QTest::newRow("availability: needs enough checks over half the window")
        << u"availability"_s << cfg(uR"({"rule": "availability", "threshold": 0.99, "window": "2m"})"_s)
        << QStringList {u"fail x9"_s, u"expect none"_s, u"fail"_s, u"expect fire warning"_s};

    QTest::newRow("consecutive_failures: N in a row")
        << u"consecutive_failures"_s << cfg(uR"({"rule": "consecutive_failures", "threshold": 3})"_s)
        << QStringList {u"fail x2"_s, u"ok 100"_s, u"fail x2"_s, u"expect none"_s, u"fail"_s,
               u"expect fire warning"_s, u"ok 100"_s, u"expect resolve"_s};
    QTest::newRow("consecutive_failures: critical after 10 min of it")
        << u"consecutive_failures"_s
        << cfg(uR"({"rule": "consecutive_failures", "severity": "critical", "threshold": 2, "for": "10m"})"_s)
        << QStringList {u"fail x30"_s, u"expect none"_s, u"fail x32"_s, u"expect fire critical"_s};

    const QString trend = uR"(, "trend": {"checks": 10, "horizon": "10m"})"_s;
    QTest::newRow("trend: steadily rising latency warns before the breach, resolves when flat")
        << u"trend"_s << cfg(uR"({"rule": "trend"})"_s, trend)
        << QStringList {u"ramp 500 100 x4"_s, u"expect none"_s, u"ramp 900 100 x6"_s,
               u"expect fire warning"_s, u"ok 1500 x12"_s, u"expect resolve"_s};
    QTest::newRow("trend: a slow rise that stays under the threshold within the horizon")
        << u"trend"_s << cfg(uR"({"rule": "trend"})"_s, trend)
        << QStringList {u"ramp 100 1 x60"_s, u"expect none"_s};
    QTest::newRow("trend: a steady noisy server") << u"trend"_s << cfg(uR"({"rule": "trend"})"_s, trend)
                                                  << QStringList {u"noise 1000 600 x500"_s, u"expect none"_s};
    QTest::newRow("trend: a falling latency") << u"trend"_s << cfg(uR"({"rule": "trend"})"_s, trend)
                                              << QStringList {u"ramp 4000 -100 x30"_s, u"expect none"_s};
    // Failures ever more often over the last 20 of 40 checks (the error part fits 2 × checks).
    QTest::newRow("trend: a rising error rate")
        << u"trend"_s
        << cfg(uR"({"rule": "trend", "threshold": 1000000})"_s,
               uR"(, "trend": {"checks": 20, "horizon": "10m"})"_s)
        << QStringList {u"ok 100 x20"_s, u"ok 100 x3"_s, u"fail"_s, u"ok 100 x2"_s, u"fail"_s, u"ok 100"_s,
               u"fail"_s, u"ok 100"_s, u"fail x2"_s, u"ok 100"_s, u"fail x7"_s, u"expect fire warning"_s};
    QTest::newRow("trend: a few failures now and then")
        << u"trend"_s
        << cfg(uR"({"rule": "trend", "threshold": 1000000})"_s,
               uR"(, "trend": {"checks": 20, "horizon": "10m"})"_s)
        << QStringList {u"ok 100 x30"_s, u"fail"_s, u"ok 100 x5"_s, u"fail"_s, u"ok 100 x2"_s, u"fail x2"_s,
               u"expect none"_s};

    const QString spike
        = uR"(, "errorSpike": {"window": "5m", "baseline": "1h", "factor": 5, "minFailures": 3})"_s;
    QTest::newRow("error_spike: failures far above a clean baseline")
        << u"error_spike"_s << cfg(uR"({"rule": "error_spike"})"_s, spike)
        << QStringList {u"ok 100 x200"_s, u"fail x2"_s, u"expect none"_s, u"fail"_s, u"expect fire warning"_s,
               u"ok 100 x40"_s, u"expect resolve"_s};
    QTest::newRow("error_spike: no baseline yet")
        << u"error_spike"_s << cfg(uR"({"rule": "error_spike"})"_s, spike)
        << QStringList {u"fail x5"_s, u"expect none"_s};
    QTest::newRow("error_spike: a baseline that always fails a little")
        << u"error_spike"_s << cfg(uR"({"rule": "error_spike"})"_s, spike)
        << QStringList {u"ok 100 x9"_s, u"fail"_s, u"ok 100 x9"_s, u"fail"_s, u"ok 100 x9"_s, u"fail"_s,
               u"ok 100 x9"_s, u"fail"_s, u"ok 100 x9"_s, u"fail"_s, u"ok 100 x9"_s, u"fail x3"_s,
               u"expect none"_s};

    const QString flap = uR"(, "flapping": {"changes": 4, "window": "10m"})"_s;
    QTest::newRow("flapping: more than N changes in the window, one alert; calm for a window resolves")
        << u"flapping"_s << cfg(uR"({"rule": "flapping"})"_s, flap)
        << QStringList {u"state healthy"_s, u"state unhealthy"_s, u"state recovering"_s, u"state healthy"_s,
               u"state unhealthy"_s, u"expect none"_s, u"state recovering"_s, u"expect fire warning"_s,
               u"state healthy"_s, u"state unhealthy"_s, u"state healthy"_s, u"expect none"_s, u"wait 5m"_s,
               u"expect none"_s, u"wait 6m"_s, u"expect resolve"_s};
    QTest::newRow("flapping: the same changes spread out")
        << u"flapping"_s << cfg(uR"({"rule": "flapping"})"_s, flap)
        << QStringList {u"state healthy"_s, u"state unhealthy"_s, u"wait 4m"_s, u"state healthy"_s,
               u"wait 4m"_s, u"state unhealthy"_s, u"wait 4m"_s, u"state healthy"_s, u"wait 4m"_s,
               u"state unhealthy"_s, u"expect none"_s};

    QTest::newRow("restart_loop: given up fires critical; up again resolves")
        << u"restart_loop"_s << cfg(uR"({"rule": "restart_loop"})"_s)
        << QStringList {u"state unhealthy"_s, u"state recovering"_s, u"expect none"_s, u"state failed"_s,
               u"expect fire critical"_s, u"state starting"_s, u"expect none"_s, u"state healthy"_s,
               u"expect resolve"_s};

    QTest::newRow("servers: a rule for other servers stays quiet")
        << u"state"_s << cfg(uR"({"rule": "state", "servers": ["other"]})"_s)
        << QStringList {u"state unhealthy"_s, u"expect none"_s};
    QTest::newRow("enabled false: nothing fires")
        << u"state"_s << u"{\"enabled\": false}"_s << QStringList {u"state unhealthy"_s, u"expect none"_s};
}

void TestAlertEvaluator::rules()
{
    QFETCH(QString, rule);
    QFETCH(QString, config);
    QFETCH(QStringList, script);

    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    const QJsonDocument doc = QJsonDocument::fromJson(config.toUtf8());
    QVERIFY2(doc.isObject(), qPrintable(config));
    QList<ConfigIssue> errors;
    const AlertConfig ac = AlertConfig::parse(doc.object(), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).toString()));
    ServerConfig server;
    server.name = u"x"_s;
    ev.applyConfig(ac, {server});

    QStringList seen; // "fire warning", "resolve", … for the rule under test
    auto take = [&](const QList<AlertChange> &changes) {
        for (const AlertChange &c : changes) {
            QCOMPARE(c.server, u"x"_s);
            if (c.rule != rule)
                continue;
            if (c.kind != AlertChange::Kind::Resolve)
                QVERIFY2(!c.message.isEmpty(), "a firing alert says what is wrong");
            seen << (c.kind == AlertChange::Kind::Resolve
                    ? kindName(c.kind)
                    : kindName(c.kind) + u' ' + severityName(c.severity));
        }
    };
    QString lastState;
    QRandomGenerator random(42);
    auto check = [&](bool ok, double latency) {
        CheckResult r;
        r.server = u"x"_s;
        r.startedAt = now;
        r.ok = ok;
        r.latencyUs = ok ? qint64(latency * 1000) : -1;
        if (!ok)
            r.failure = Failure::make(FailureType::Timeout, u"no answer"_s);
        take(ev.addCheck(r));
        now = now.addSecs(10);
    };
    for (const QString &step : std::as_const(script)) {
        const QStringList w = step.split(u' ');
        int times = 1;
        if (w.last().startsWith(u'x'))
            times = w.last().mid(1).toInt();
        if (w[0] == u"ok") {
            for (int i = 0; i < times; ++i)
                check(true, w[1].toDouble());
        } else if (w[0] == u"fail") {
            for (int i = 0; i < times; ++i)
                check(false, -1);
        } else if (w[0] == u"ramp") {
            for (int i = 0; i < times; ++i)
                check(true, w[1].toDouble() + i * w[2].toDouble());
        } else if (w[0] == u"noise") {
            for (int i = 0; i < times; ++i)
                check(true, w[1].toDouble() + (random.generateDouble() * 2 - 1) * w[2].toDouble());
        } else if (w[0] == u"state") {
            HealthEvent e;
            e.ts = now;
            e.kind = HealthEvent::Kind::State;
            e.server = u"x"_s;
            if (!lastState.isEmpty())
                e.from = healthStateFromName(lastState);
            e.to = healthStateFromName(w[1]);
            e.byUser = w.value(2) == u"user"; // "state offline user": the user stopped it
            lastState = w[1];
            take(ev.addEvent(e));
        } else if (w[0] == u"wait") {
            const auto ms = parseDuration(w[1]);
            QVERIFY(ms);
            // Evaluated each 10 s as the manager's timer would.
            for (qint64 t = 0; t < *ms; t += 10000) {
                now = now.addMSecs(qMin<qint64>(10000, *ms - t));
                take(ev.evaluate());
            }
        } else if (w[0] == u"expect") {
            const QString want = w.mid(1).join(u' ');
            if (want == u"none")
                QVERIFY2(seen.isEmpty(), qPrintable(u"at \"%1\": got %2"_s.arg(step, seen.join(u", "_s))));
            else
                QVERIFY2(seen == QStringList {want},
                    qPrintable(u"at \"%1\": got [%2]"_s.arg(step, seen.join(u", "_s))));
            seen.clear();
        } else {
            QFAIL(qPrintable(u"bad step: "_s + step));
        }
        if (QTest::currentTestFailed())
            return;
    }
}

void TestAlertEvaluator::fitFindsTheLine()
{
    QList<QPair<double, double>> points;
    for (int i = 0; i < 10; ++i)
        points.append({double(i), 3.0 + 2.0 * i});
    const auto f = AlertEvaluator::fit(points);
    QVERIFY(f);
    QVERIFY(qAbs(f->slope - 2.0) < 1e-9);
    QVERIFY(qAbs(f->intercept - 3.0) < 1e-9);
    QVERIFY(qAbs(f->r2 - 1.0) < 1e-9);
    QVERIFY(AlertEvaluator::tTail(f->tStat, f->n - 2) < AlertEvaluator::kTrendMaxP);
    // Student's t tails against tables: t(8) = 2.306 → 0.025, t(18) = 3.610 → 0.001, t(3) = 0 → 0.5.
    QVERIFY(qAbs(AlertEvaluator::tTail(2.306, 8) - 0.025) < 2e-4);
    QVERIFY(qAbs(AlertEvaluator::tTail(3.610, 18) - 0.001) < 2e-5);
    QVERIFY(qAbs(AlertEvaluator::tTail(0, 3) - 0.5) < 1e-12);
    QVERIFY(qAbs(AlertEvaluator::tTail(-2.306, 8) - 0.975) < 2e-4);
    QVERIFY(!AlertEvaluator::fit({{1, 1}, {1, 2}, {1, 3}})); // no spread in x
    QVERIFY(!AlertEvaluator::fit({{1, 1}, {2, 2}})); // too few
}

void TestAlertEvaluator::steadyNoisyLatencyNeverRaisesTrend_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("spread");
    QTest::addColumn<int>("checks");
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u}) {
        QTest::addRow("seed %u, 4000±1000 ms (near critical)", seed) << seed << 4000.0 << 1000.0 << 10;
        QTest::addRow("seed %u, 300±300 ms, 20 checks", seed) << seed << 300.0 << 300.0 << 20;
    }
}

// The false-alarm guard: thousands of evaluations of a flat, noisy series, not one trend alert.
void TestAlertEvaluator::steadyNoisyLatencyNeverRaisesTrend()
{
    QFETCH(quint32, seed);
    QFETCH(double, mean);
    QFETCH(double, spread);
    QFETCH(int, checks);
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    AlertConfig c;
    c.rules = {};
    AlertRule t;
    t.rule = u"trend"_s;
    c.rules.append(t);
    c.trendChecks = checks;
    c.trendHorizonMs = 600000;
    ServerConfig s;
    s.name = u"x"_s;
    ev.applyConfig(c, {s});
    QRandomGenerator random(seed);
    for (int i = 0; i < 2000; ++i) {
        CheckResult r;
        r.server = u"x"_s;
        r.ok = true;
        // Uniform noise plus the odd slow outlier, as a loaded machine makes.
        double ms = mean + (random.generateDouble() * 2 - 1) * spread;
        if (random.bounded(50) == 0)
            ms += 3 * spread;
        r.latencyUs = qint64(ms * 1000);
        const QList<AlertChange> changes = ev.addCheck(r);
        QVERIFY2(changes.isEmpty(), qPrintable(u"check %1: %2"_s.arg(i).arg(changes.value(0).message)));
        now = now.addSecs(10 + random.bounded(3));
    }
}

void TestAlertEvaluator::steadyErrorRateNeverRaisesTrend_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("percent");
    for (quint32 seed : {1u, 2u, 3u})
        for (int percent : {5, 10, 15})
            QTest::addRow("seed %u, %d %% of checks fail", seed, percent) << seed << percent;
}

// The error rate is a moving window, so neighbouring values are not independent noise: a steady
// share of random failures must still not look like a rise towards errorRateCritical (0.25).
void TestAlertEvaluator::steadyErrorRateNeverRaisesTrend()
{
    QFETCH(quint32, seed);
    QFETCH(int, percent);
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    AlertConfig c;
    c.rules = {};
    AlertRule t;
    t.rule = u"trend"_s;
    c.rules.append(t);
    ServerConfig s;
    s.name = u"x"_s;
    ev.applyConfig(c, {s});
    QRandomGenerator random(seed);
    for (int i = 0; i < 5000; ++i) {
        CheckResult r;
        r.server = u"x"_s;
        r.ok = int(random.bounded(100)) >= percent;
        r.latencyUs = r.ok ? 100000 : -1;
        const QList<AlertChange> changes = ev.addCheck(r);
        QVERIFY2(changes.isEmpty(), qPrintable(u"check %1: %2"_s.arg(i).arg(changes.value(0).message)));
        now = now.addSecs(30);
    }
}

void TestAlertEvaluator::risingLatencyRaisesTrendBeforeTheLatencyAlert()
{
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    AlertConfig c; // the default rules: trend, and latency > 5000 for 1 min
    c.trendChecks = 10;
    ServerConfig s;
    s.name = u"x"_s;
    ev.applyConfig(c, {s});
    QDateTime trendAt, latencyAt;
    QRandomGenerator random(7);
    for (int i = 0; i < 200 && !latencyAt.isValid(); ++i) {
        CheckResult r;
        r.server = u"x"_s;
        r.ok = true;
        r.latencyUs = qint64((200 + 40 * i + random.bounded(100)) * 1000);
        for (const AlertChange &ch : ev.addCheck(r)) {
            if (ch.kind == AlertChange::Kind::Fire && ch.rule == u"trend" && !trendAt.isValid())
                trendAt = now;
            if (ch.kind != AlertChange::Kind::Resolve && ch.rule == u"latency"
                && ch.severity == AlertSeverity::Critical && !latencyAt.isValid())
                latencyAt = now;
        }
        now = now.addSecs(10);
    }
    QVERIFY(latencyAt.isValid());
    QVERIFY(trendAt.isValid());
    // Well ahead: minutes, not one check.
    QVERIFY2(trendAt.secsTo(latencyAt) >= 300,
        qPrintable(u"trend %1 s before the latency alert"_s.arg(trendAt.secsTo(latencyAt))));
}

void TestAlertEvaluator::flappingFreezesTheStateRule()
{
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    AlertConfig c;
    c.flappingChanges = 4;
    ServerConfig s;
    s.name = u"x"_s;
    ev.applyConfig(c, {s});
    QString last;
    int stateChanges = 0, flapping = 0;
    for (int cycle = 0; cycle < 20; ++cycle) {
        for (const QString &to : {u"unhealthy"_s, u"recovering"_s, u"healthy"_s}) {
            HealthEvent e;
            e.kind = HealthEvent::Kind::State;
            e.server = u"x"_s;
            if (!last.isEmpty())
                e.from = healthStateFromName(last);
            e.to = healthStateFromName(to);
            last = to;
            for (const AlertChange &ch : ev.addEvent(e)) {
                stateChanges += ch.rule == u"state" ? 1 : 0;
                flapping += ch.rule == u"flapping" && ch.kind == AlertChange::Kind::Fire ? 1 : 0;
            }
            now = now.addSecs(2);
        }
    }
    QCOMPARE(flapping, 1);
    QVERIFY(ev.isFlapping(u"x"_s));
    QVERIFY2(stateChanges <= 3, qPrintable(QString::number(stateChanges))); // the first cycle only
}

void TestAlertEvaluator::defaultsUseTheServersOwnThresholds()
{
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    ServerConfig strict, lax;
    strict.name = u"strict"_s;
    strict.settings.latencyWarningMs = 100;
    strict.settings.latencyCriticalMs = 200;
    lax.name = u"lax"_s;
    ev.applyConfig(AlertConfig {}, {strict, lax});
    QSet<QString> critical;
    for (int i = 0; i < 10; ++i) {
        for (const QString &name : {u"strict"_s, u"lax"_s}) {
            CheckResult r;
            r.server = name;
            r.ok = true;
            r.latencyUs = 300000;
            for (const AlertChange &ch : ev.addCheck(r)) {
                if (ch.rule == u"latency" && ch.severity == AlertSeverity::Critical)
                    critical.insert(ch.server);
            }
        }
        now = now.addSecs(10);
    }
    QCOMPARE(critical, QSet<QString> {u"strict"_s});
}

void TestAlertEvaluator::newRulesResolveWhatWentAway()
{
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    ServerConfig s;
    s.name = u"x"_s;
    ev.applyConfig(AlertConfig {}, {s});
    HealthEvent e;
    e.kind = HealthEvent::Kind::State;
    e.server = u"x"_s;
    e.to = HealthState::Unhealthy;
    QCOMPARE(ev.addEvent(e).value(0).rule, u"state"_s);
    AlertConfig none;
    none.rules.clear();
    ev.applyConfig(none, {s});
    const QList<AlertChange> out = ev.evaluate();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out[0].kind, AlertChange::Kind::Resolve);
}

void TestAlertEvaluator::snapshotSaysWhetherOfflineWasTheUsers_data()
{
    QTest::addColumn<bool>("byUser");
    QTest::addColumn<bool>("fires");
    QTest::newRow("exited on its own: down") << false << true;
    QTest::newRow("stopped by the user: nothing") << true << false;
}

// Before any event (a fresh evaluator fed the engine's snapshots), the snapshot's own word on who
// stopped the server decides, by the same uptime rule as the events.
void TestAlertEvaluator::snapshotSaysWhetherOfflineWasTheUsers()
{
    QFETCH(bool, byUser);
    QFETCH(bool, fires);
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    ServerConfig s;
    s.name = u"x"_s;
    ev.applyConfig(AlertConfig {}, {s});
    ServerSnapshot snap;
    snap.name = u"x"_s;
    snap.state = HealthState::Offline;
    snap.stateByUser = byUser;
    const QList<AlertChange> out = ev.addSnapshot(snap);
    QCOMPARE(ev.activeSeverity(u"x"_s, u"state"_s).has_value(), fires);
    if (fires) {
        QCOMPARE(out.value(0).kind, AlertChange::Kind::Fire);
        QCOMPARE(out.value(0).severity, AlertSeverity::Critical);
    }
}

// A reload that adds a rule must not start the others' durations over, nor resolve and fire them again.
void TestAlertEvaluator::reloadKeepsWhatStillHolds()
{
    QDateTime now = kT0;
    AlertEvaluator ev([&now] { return now; });
    ServerConfig s;
    s.name = u"x"_s;
    AlertConfig c; // latency critical for 1 min among the defaults
    ev.applyConfig(c, {s});
    auto slow = [&] {
        CheckResult r;
        r.server = u"x"_s;
        r.ok = true;
        r.latencyUs = 6000000;
        const QList<AlertChange> out = ev.addCheck(r);
        now = now.addSecs(10);
        return out;
    };
    for (int i = 0; i < 4; ++i)
        slow(); // 30 s of the minute
    AlertConfig more = c;
    AlertRule extra;
    extra.rule = u"latency"_s;
    extra.severity = AlertSeverity::Info;
    extra.threshold = 1e9;
    more.rules.prepend(extra); // every index moves
    ev.applyConfig(more, {s});
    slow();
    slow(); // 50 s
    bool fired = false;
    for (const AlertChange &ch : slow()) // 60 s: the minute counted across the reload
        fired = fired || (ch.rule == u"latency" && ch.severity == AlertSeverity::Critical);
    QVERIFY(fired);
    ev.applyConfig(c, {s});
    const QList<AlertChange> after = ev.evaluate();
    QVERIFY(std::none_of(
        after.cbegin(), after.cend(), [](const AlertChange &ch) { return ch.rule == u"latency"; }));
}

QTEST_APPLESS_MAIN(TestAlertEvaluator)
#include "tst_alertevaluator.moc"
