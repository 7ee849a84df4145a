// The history schema: created from nothing at the current version, carried forward from the
// seeds' own tables (version 1) with their rows kept, a newer version refused.
#include "historytestdb.h"
#include "store/historyschema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestHistorySchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void createsCurrentVersion();
    void migratesFromSeedSchema();
    void seedTablesMadeByHandAreVersionOne();
    void refusesNewerVersion();
    void idempotent();

private:
    QSqlDatabase openDb();
    QStringList columns(const QString &table);
    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseTarget m_target;
};

void TestHistorySchema::init()
{
    if (const QString why = testdb::unavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_dir = std::make_unique<QTemporaryDir>();
    m_target = testdb::target(*m_dir);
    QVERIFY(testdb::wipe(m_target));
}

void TestHistorySchema::cleanup()
{
    if (QSqlDatabase::contains(u"t"_s)) {
        QSqlDatabase::database(u"t"_s, false).close();
        QSqlDatabase::removeDatabase(u"t"_s);
    }
}

QSqlDatabase TestHistorySchema::openDb()
{
    QString error;
    QSqlDatabase db = m_target.open(u"t"_s, &error);
    if (!db.isOpen())
        qWarning("%s", qPrintable(error));
    return db;
}

QStringList TestHistorySchema::columns(const QString &table)
{
    const QSqlRecord r = QSqlDatabase::database(u"t"_s, false).record(table);
    QStringList out;
    for (int i = 0; i < r.count(); ++i)
        out << r.fieldName(i);
    return out;
}

void TestHistorySchema::createsCurrentVersion()
{
    QSqlDatabase db = openDb();
    QVERIFY(db.isOpen());
    QString error;
    QVERIFY2(HistorySchema::ensure(db, &error), qPrintable(error));
    QCOMPARE(HistorySchema::version(db), HistorySchema::kVersion);
    const QStringList tables = db.tables();
    for (const char *t : {"integration_health_metrics", "integration_failures", "failover_configurations",
             "health_events", "alerts", "health_rollup_minute", "health_rollup_hour", "health_rollup_day"})
        QVERIFY2(tables.contains(QString::fromLatin1(t)), t);
    // The seeds' columns, by their names.
    const QStringList metrics = columns(u"integration_health_metrics"_s);
    for (const char *c : {"id", "server_type", "server_instance", "metric_type", "metric_value", "status",
             "details", "measured_at"})
        QVERIFY2(metrics.contains(QString::fromLatin1(c)), c);
    const QStringList failures = columns(u"integration_failures"_s);
    for (const char *c : {"server_type", "failure_type", "task_context", "error_details", "recovery_action",
             "resolution_time_seconds", "resolved", "occurred_at"})
        QVERIFY2(failures.contains(QString::fromLatin1(c)), c);
    const QStringList failover = columns(u"failover_configurations"_s);
    for (const char *c :
        {"primary_server_type", "fallback_strategy", "fallback_server_type", "auto_recovery_enabled",
            "max_retry_attempts", "retry_delay_seconds", "health_check_interval_seconds", "created_at"})
        QVERIFY2(failover.contains(QString::fromLatin1(c)), c);
    // The seeds' CHECK constraints hold.
    QSqlQuery q(db);
    QVERIFY(!q.exec(
        u"INSERT INTO integration_health_metrics (server_type, metric_type) VALUES ('stdio', 'bogus')"_s));
    QVERIFY(q.exec(u"INSERT INTO integration_health_metrics (server_type, metric_type, status) "
                   "VALUES ('stdio', 'availability', 'healthy')"_s));
    // The default timestamp is UTC text SQLite's date functions read.
    QVERIFY(q.exec(u"SELECT measured_at FROM integration_health_metrics"_s) && q.next());
    QVERIFY2(QDateTime::fromString(q.value(0).toString().left(19), u"yyyy-MM-dd HH:mm:ss"_s).isValid(),
        qPrintable(q.value(0).toString()));
}

void TestHistorySchema::migratesFromSeedSchema()
{
    QSqlDatabase db = openDb();
    QString error;
    QVERIFY2(HistorySchema::createAt(db, 1, &error), qPrintable(error));
    QCOMPARE(HistorySchema::version(db), 1);
    QVERIFY(!db.tables().contains(u"health_events"_s));
    QSqlQuery q(db);
    QVERIFY(q.exec(u"INSERT INTO integration_failures (server_type, failure_type, recovery_action, resolved) "
                   "VALUES ('web_fetch', 'timeout', 'restart', TRUE)"_s));
    QVERIFY(q.exec(
        u"INSERT INTO integration_health_metrics (server_type, server_instance, metric_type, metric_value, "
        "status) VALUES ('web_fetch', 'fetch-1', 'response_time', 12.5, 'healthy')"_s));

    QVERIFY2(HistorySchema::ensure(db, &error), qPrintable(error));
    QCOMPARE(HistorySchema::version(db), HistorySchema::kVersion);
    QVERIFY(db.tables().contains(u"health_events"_s));
    QVERIFY(columns(u"integration_failures"_s).contains(u"server_instance"_s));
    QVERIFY(q.exec(
        u"SELECT server_type, failure_type, recovery_action, server_instance FROM integration_failures"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"web_fetch"_s);
    QCOMPARE(q.value(1).toString(), u"timeout"_s);
    QCOMPARE(q.value(2).toString(), u"restart"_s);
    QVERIFY(q.value(3).isNull());
    QVERIFY(q.exec(u"SELECT metric_value FROM integration_health_metrics WHERE server_instance = 'fetch-1'"_s)
        && q.next());
    QCOMPARE(q.value(0).toDouble(), 12.5);
}

void TestHistorySchema::seedTablesMadeByHandAreVersionOne()
{
    if (testdb::wantsPostgres())
        QSKIP("the same code path as SQLite; PostgreSQL has no user_version to leave at 0");
    QSqlDatabase db = openDb();
    QString error;
    QVERIFY(HistorySchema::createAt(db, 1, &error));
    QSqlQuery q(db);
    QVERIFY(q.exec(u"PRAGMA user_version = 0"_s)); // as the seeds' SQL run by hand leaves it
    QCOMPARE(HistorySchema::version(db), 1);
    QVERIFY2(HistorySchema::ensure(db, &error), qPrintable(error));
    QCOMPARE(HistorySchema::version(db), HistorySchema::kVersion);
}

void TestHistorySchema::refusesNewerVersion()
{
    QSqlDatabase db = openDb();
    QString error;
    QVERIFY(HistorySchema::ensure(db, &error));
    QSqlQuery q(db);
    if (HistorySchema::isPostgres(db))
        QVERIFY(q.exec(u"UPDATE lifeline_meta SET value = '99' WHERE key = 'schema_version'"_s));
    else
        QVERIFY(q.exec(u"PRAGMA user_version = 99"_s));
    QVERIFY(!HistorySchema::ensure(db, &error));
    QVERIFY2(error.contains(u"version 99"_s) && error.contains(u"newer"_s), qPrintable(error));
}

void TestHistorySchema::idempotent()
{
    QSqlDatabase db = openDb();
    QString error;
    QVERIFY(HistorySchema::ensure(db, &error));
    QVERIFY2(HistorySchema::ensure(db, &error), qPrintable(error));
    QCOMPARE(HistorySchema::version(db), HistorySchema::kVersion);
}

QTEST_GUILESS_MAIN(TestHistorySchema)
#include "tst_historyschema.moc"
