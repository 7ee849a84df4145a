#pragma once

#include <QSqlDatabase>
#include <QString>

namespace lifeline {

// Where the history lives: an SQLite file (the default, one Lifeline per file) or a PostgreSQL
// database shared by a team (`postgresql://user[:password]@host[:port]/db`, through QPSQL).
struct DatabaseTarget
{
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString path; // SQLite file
    QString host;
    int port = 5432;
    QString user;
    QString password; // never logged; display() leaves it out
    QString database;
    QString options; // QPSQL connect options from the URL's query (sslmode=…)

    // `--db` as given: a postgresql:// or postgres:// URL, else a file path. Empty: the default file.
    static DatabaseTarget parse(const QString &text, QString *error = nullptr);
    static QString defaultSqlitePath(); // $XDG_DATA_HOME/mcp-lifeline/history.sqlite
    bool isPostgres() const { return kind == Kind::Postgres; }
    QString display() const; // the path, or the URL without password

    // Opens a connection of this thread under `connectionName`; the error names the target.
    QSqlDatabase open(const QString &connectionName, QString *error) const;
};

} // namespace lifeline
