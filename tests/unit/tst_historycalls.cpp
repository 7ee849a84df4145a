// The gateway's call counts over long ranges: kept in the hour and day rollups (schema v5) after
// the raw `throughput` rows are pruned, carried forward from a version 4 history with its data,
// pruned by the hours' retention, and a minute that arrives after its hour was rolled up counted.
#include "historytestdb.h"
#include "store/historyqueries.h"
#include "store/historyschema.h"
#include "store/historytime.h"
#include "store/historywriter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::historytime;

namespace {

const qint64 kT0 = QDateTime(QDate(2026, 3, 10), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

qint64 sumCalls(const QList<ThroughputPoint> &points, qint64 *errors = nullptr)
{
    qint64 calls = 0, e = 0;
    for (const ThroughputPoint &p : points) {
        calls += p.calls;
        e += p.errors;
    }
    if (errors)
        *errors = e;
    return calls;
}

} // namespace

class TestHistoryCalls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void migratesVersion4CallsIntoTheRollups();
    void callsOutliveTheRawRowsInTheHourRollup();
    void hoursRetentionPrunesCallCounts();
    void lateMinuteJoinsItsRolledUpHour();

private:
    bool openWriter(HistoryWriter &w, HistorySettings settings = {});
    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseTarget m_target;
    qint64 m_now = kT0;
};

void TestHistoryCalls::init()
{
    if (const QString why = testdb::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_dir = std::make_unique<QTemporaryDir>();
    m_target = testdb::target(*m_dir);
    QVERIFY(testdb::wipe(m_target));
    m_now = kT0;
}

void TestHistoryCalls::cleanup()
{
    if (QSqlDatabase::contains(u"v4"_s)) {
        QSqlDatabase::database(u"v4"_s, false).close();
        QSqlDatabase::removeDatabase(u"v4"_s);
    }
}

bool TestHistoryCalls::openWriter(HistoryWriter &w, HistorySettings settings)
{
    w.setClock([this] { return m_now; });
    QString error;
    if (!w.open(m_target, settings, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

void TestHistoryCalls::migratesVersion4CallsIntoTheRollups()
{
    {
        QString error;
        QSqlDatabase db = m_target.open(u"v4"_s, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QVERIFY2(HistorySchema::createAt(db, 4, &error), qPrintable(error));
        QCOMPARE(HistorySchema::version(db), 4);
        // A version 4 Lifeline's history: calls on day 1 (rolled up into hours and a day without
        // them) and in the current hour (not rolled up yet).
        QSqlQuery q(db);
        q.prepare(u"INSERT INTO integration_health_metrics (server_type, server_instance, metric_type, "
                  "metric_value, status, details, measured_at) VALUES ('stdio', 'memory', 'throughput', ?, "
                  "'healthy', ?, ?)"_s);
        const std::tuple<qint64, int, int> rows[] = {{kT0 + 10 * 60'000, 30, 1}, {kT0 + 11 * 60'000, 20, 0},
            {kT0 + 5 * kHour, 7, 2}, {kT0 + kDay + 3 * kHour + 60'000, 100, 0}};
        for (const auto &[t, calls, errors] : rows) {
            q.addBindValue(double(calls));
            q.addBindValue(u"{\"calls\":%1,\"errors\":%2,\"unit\":\"calls/min\"}"_s.arg(calls).arg(errors));
            q.addBindValue(format(t));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QVERIFY(q.exec(u"INSERT INTO health_rollup_hour (server_instance, bucket_start, checks, failures) "
                       "VALUES ('memory', '%1', 60, 2)"_s.arg(format(kT0))));
        QVERIFY(q.exec(u"INSERT INTO health_rollup_day (server_instance, bucket_start, checks, failures) "
                       "VALUES ('memory', '%1', 1440, 2)"_s.arg(format(kT0))));
        QVERIFY(q.exec(u"INSERT INTO lifeline_meta (key, value) VALUES ('hours_rolled_until', '%1')"_s.arg(
            format(kT0 + kDay + 3 * kHour))));
        QVERIFY(q.exec(u"INSERT INTO lifeline_meta (key, value) VALUES ('days_rolled_until', '%1')"_s.arg(
            format(kT0 + kDay))));

        QVERIFY2(HistorySchema::ensure(db, &error), qPrintable(error));
        QCOMPARE(HistorySchema::version(db), 5);
        // The rolled-up hours got their calls, the row that was there kept its checks.
        QVERIFY(q.exec(u"SELECT bucket_start, checks, calls, call_errors FROM health_rollup_hour "
                       "ORDER BY bucket_start"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), format(kT0));
        QCOMPARE(q.value(1).toLongLong(), 60);
        QCOMPARE(q.value(2).toLongLong(), 50);
        QCOMPARE(q.value(3).toLongLong(), 1);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), format(kT0 + 5 * kHour));
        QCOMPARE(q.value(2).toLongLong(), 7);
        QCOMPARE(q.value(3).toLongLong(), 2);
        QVERIFY(!q.next()); // the hour under way is rolled up when it closes
        QVERIFY(q.exec(u"SELECT checks, calls, call_errors FROM health_rollup_day"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), 1440);
        QCOMPARE(q.value(1).toLongLong(), 57);
        QCOMPARE(q.value(2).toLongLong(), 3);
        QVERIFY(!q.next());
        // Every call is found for a long range: rolled hours, then the raw minutes.
        HistoryQueries queries(db);
        qint64 errors = 0;
        QCOMPARE(sumCalls(queries.throughput(u"memory"_s, at(kT0), at(kT0 + 2 * kDay), kHour), &errors), 157);
        QCOMPARE(errors, 3);
        db.close();
    }
}

void TestHistoryCalls::callsOutliveTheRawRowsInTheHourRollup()
{
    HistoryWriter w;
    QVERIFY(openWriter(w));
    // Three days of calls, two minutes of every hour; the writer's hourly maintenance as time goes.
    qint64 recorded = 0, recordedErrors = 0;
    for (qint64 h = 0; h < 72; ++h) {
        m_now = kT0 + h * kHour + 30 * 60'000;
        w.recordCallMinutes({{u"memory"_s, kT0 + h * kHour + 60'000, 10 + h, h % 3},
            {u"memory"_s, kT0 + h * kHour + 29 * 60'000, 5, 0}});
        recorded += 15 + h;
        recordedErrors += h % 3;
        QVERIFY(w.flush());
        w.maintain();
    }
    // A day later: the raw rows older than 48 h are gone, the hour rollup still has their calls.
    m_now = kT0 + 4 * kDay;
    w.maintain();
    QVERIFY(w.isSaving());
    {
        HistoryQueries q(w.database());
        const QList<ThroughputPoint> minutes = q.throughput(u"memory"_s, at(m_now - 7 * kDay), at(m_now));
        QVERIFY(sumCalls(minutes) < recorded / 2); // raw: the last 48 h only
        for (const ThroughputPoint &p : minutes)
            QVERIFY(p.minute.toMSecsSinceEpoch() >= m_now - 48 * kHour);
        const QList<ThroughputPoint> hours
            = q.throughput(u"memory"_s, at(m_now - 7 * kDay), at(m_now), kHour);
        qint64 errors = 0;
        QCOMPARE(sumCalls(hours, &errors), recorded);
        QCOMPARE(errors, recordedErrors);
        QCOMPARE(hours.size(), 72); // one point per hour
        QCOMPARE(hours.first().minute, at(kT0));
        QCOMPARE(hours.first().calls, 15);
        // The days carry them too.
        QSqlQuery sql(w.database());
        QVERIFY(sql.exec(u"SELECT SUM(calls) FROM health_rollup_day"_s));
        QVERIFY(sql.next());
        QCOMPARE(sql.value(0).toLongLong(), recorded);
    }
    w.close();
}

void TestHistoryCalls::hoursRetentionPrunesCallCounts()
{
    HistorySettings s;
    s.hoursMs = 2 * kDay;
    s.samplesMs = 12 * kHour;
    HistoryWriter w;
    QVERIFY(openWriter(w, s));
    for (qint64 d = 0; d < 5; ++d) {
        m_now = kT0 + d * kDay + 30 * 60'000;
        w.recordCallMinutes({{u"memory"_s, kT0 + d * kDay + 60'000, 100, 0}});
        QVERIFY(w.flush());
        w.maintain();
    }
    m_now = kT0 + 5 * kDay;
    w.maintain();
    {
        HistoryQueries q(w.database(), s);
        const QList<ThroughputPoint> hours
            = q.throughput(u"memory"_s, at(m_now - 30 * kDay), at(m_now), kHour);
        // Days 3 and 4 are within the hours' 2 days; the older ones are gone (the day rollup, kept
        // for ever, still has them: the uptime and totals read it).
        QCOMPARE(sumCalls(hours), 200);
        QCOMPARE(hours.first().minute, at(kT0 + 3 * kDay));
        QSqlQuery sql(w.database());
        QVERIFY(sql.exec(u"SELECT SUM(calls) FROM health_rollup_day"_s));
        QVERIFY(sql.next());
        QCOMPARE(sql.value(0).toLongLong(), 500);
    }
    w.close();
}

void TestHistoryCalls::lateMinuteJoinsItsRolledUpHour()
{
    HistoryWriter w;
    QVERIFY(openWriter(w));
    m_now = kT0 + 59 * 60'000 + 30'000;
    w.recordCallMinutes({{u"memory"_s, kT0 + 58 * 60'000, 10, 0}});
    QVERIFY(w.flush());
    // The hour and the day close before the last minute of each is written.
    m_now = kT0 + kDay + 1000;
    w.maintain();
    w.recordCallMinutes({{u"memory"_s, kT0 + 59 * 60'000, 4, 1}});
    QVERIFY(w.flush());
    {
        QSqlQuery sql(w.database());
        QVERIFY(sql.exec(u"SELECT calls, call_errors FROM health_rollup_hour WHERE bucket_start = '%1'"_s.arg(
            format(kT0))));
        QVERIFY(sql.next());
        QCOMPARE(sql.value(0).toLongLong(), 14);
        QCOMPARE(sql.value(1).toLongLong(), 1);
        QVERIFY(
            sql.exec(u"SELECT calls FROM health_rollup_day WHERE bucket_start = '%1'"_s.arg(format(kT0))));
        QVERIFY(sql.next());
        QCOMPARE(sql.value(0).toLongLong(), 14);
        // Counted once: a later roll-up does not add it again.
        m_now += kHour;
        w.maintain();
        QVERIFY(sql.exec(u"SELECT SUM(calls) FROM health_rollup_hour"_s));
        QVERIFY(sql.next());
        QCOMPARE(sql.value(0).toLongLong(), 14);
    }
    w.close();
}

QTEST_APPLESS_MAIN(TestHistoryCalls)
#include "tst_historycalls.moc"
