#pragma once
// The database a history test runs on: a fresh SQLite file, or — when the test runs as its
// `_pg` variant (LIFELINE_TEST_HISTORY_BACKEND=postgres) — the PostgreSQL of
// LIFELINE_TEST_PG_URL, emptied first. Without that URL the PostgreSQL variant skips, saying why.
#include "store/databasetarget.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace lifeline::testdb {

inline bool wantsPostgres()
{
    return qgetenv("LIFELINE_TEST_HISTORY_BACKEND") == "postgres";
}

// Empty: runnable; else the reason to skip.
inline QString unavailable()
{
    if (wantsPostgres() && qEnvironmentVariableIsEmpty("LIFELINE_TEST_PG_URL"))
        return QStringLiteral("PostgreSQL variant: LIFELINE_TEST_PG_URL is not set "
                              "(packaging/dev.sh test starts a throwaway cluster and sets it)");
    return {};
}

inline DatabaseTarget target(const QTemporaryDir &dir, const QString &file = QStringLiteral("history.sqlite"))
{
    if (!wantsPostgres())
        return DatabaseTarget::parse(dir.filePath(file));
    return DatabaseTarget::parse(qEnvironmentVariable("LIFELINE_TEST_PG_URL"));
}

// Drops every table of the PostgreSQL test database (SQLite files are new each time anyway).
inline bool wipe(const DatabaseTarget &t)
{
    if (!t.isPostgres())
        return true;
    bool ok = false;
    {
        QString error;
        QSqlDatabase db = t.open(QStringLiteral("lifeline-test-wipe"), &error);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SET client_min_messages = warning")); // no NOTICE per dropped table
            ok = q.exec(QStringLiteral("DROP SCHEMA public CASCADE"))
                && q.exec(QStringLiteral("CREATE SCHEMA public"));
        } else {
            qWarning("cannot reach %s: %s", qPrintable(t.display()), qPrintable(error));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("lifeline-test-wipe"));
    return ok;
}

} // namespace lifeline::testdb
