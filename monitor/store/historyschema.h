#pragma once

#include <QSqlDatabase>
#include <QString>

namespace lifeline {

// The history's tables. Version 1 is the seeds' schema as written (integration_health_metrics,
// integration_failures, failover_configurations); later versions only add (columns, tables,
// indices), so a database made from the seeds' SQL, or by an older Lifeline, is carried forward.
// SQLite keeps the version in PRAGMA user_version, PostgreSQL in lifeline_meta.
class HistorySchema
{
public:
    static constexpr int kVersion = 5;

    // Creates or migrates; false with a message naming the step that failed. Newer versions than
    // this build knows are refused (an older Lifeline must not write a newer layout).
    static bool ensure(QSqlDatabase &db, QString *error);
    static int version(QSqlDatabase &db);
    static bool isPostgres(const QSqlDatabase &db);

    // Creates exactly version `upTo` (tests: a database as an older Lifeline left it).
    static bool createAt(QSqlDatabase &db, int upTo, QString *error);

    // The gateway's calls of the `throughput` rows in [from, until) into the hour rollup's `calls`
    // and `call_errors` (written over): when hours close, and when version 5 arrives.
    static bool rollUpCallHours(QSqlDatabase &db, const QString &from, const QString &until, QString *error);

private:
    static bool backfillCalls(QSqlDatabase &db, QString *error);
    static bool migrate(QSqlDatabase &db, int from, int to, QString *error);
    static bool setVersion(QSqlDatabase &db, int version, QString *error);
};

} // namespace lifeline
