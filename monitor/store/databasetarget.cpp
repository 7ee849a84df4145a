#include "databasetarget.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace lifeline {

DatabaseTarget DatabaseTarget::parse(const QString &text, QString *error)
{
    DatabaseTarget t;
    if (text.isEmpty()) {
        t.path = defaultSqlitePath();
        return t;
    }
    if (!text.startsWith("postgresql://"_L1) && !text.startsWith("postgres://"_L1)) {
        t.path = text;
        return t;
    }
    const QUrl url(text, QUrl::StrictMode);
    t.kind = Kind::Postgres;
    t.host = url.host();
    t.port = url.port(5432);
    t.user = url.userName();
    t.password = url.password();
    t.database = url.path().mid(1);
    const QUrlQuery q(url);
    QStringList opts;
    for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
        opts << k + u'=' + v;
    t.options = opts.join(u';');
    if (!url.isValid() || t.host.isEmpty() || t.database.isEmpty()) {
        if (error)
            *error = u"--db: %1 is not a PostgreSQL URL like postgresql://user@host:5432/database"_s.arg(
                t.display());
        t.kind = Kind::Sqlite;
        t.path.clear();
    }
    return t;
}

QString DatabaseTarget::defaultSqlitePath()
{
    // GenericDataLocation follows $XDG_DATA_HOME (~/.local/share when unset).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + "/mcp-lifeline/history.sqlite"_L1;
}

QString DatabaseTarget::display() const
{
    if (kind == Kind::Sqlite)
        return path;
    QString out = u"postgresql://"_s;
    if (!user.isEmpty())
        out += user + u'@';
    return out + host + u':' + QString::number(port) + u'/' + database;
}

QSqlDatabase DatabaseTarget::open(const QString &connectionName, QString *error) const
{
    const QString driver = kind == Kind::Sqlite ? u"QSQLITE"_s : u"QPSQL"_s;
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        if (error) {
            *error = kind == Kind::Sqlite
                ? u"the Qt SQLite driver is missing (install libqt6sql6-sqlite)"_s
                : u"the Qt PostgreSQL driver is missing (install libqt6sql6-psql)"_s;
        }
        return {};
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, connectionName);
    if (kind == Kind::Sqlite) {
        const QFileInfo fi(path);
        if (!QDir().mkpath(fi.absolutePath())) {
            if (error)
                *error = u"%1: cannot create the folder %2"_s.arg(path, fi.absolutePath());
            return db;
        }
        db.setDatabaseName(path);
        // A busy database waits a little instead of failing at once (a reader of the CLI).
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    } else {
        db.setHostName(host);
        db.setPort(port);
        db.setUserName(user);
        db.setPassword(password);
        db.setDatabaseName(database);
        QString opts = u"connect_timeout=5"_s;
        if (!options.isEmpty())
            opts += u';' + options;
        db.setConnectOptions(opts);
    }
    if (!db.open() && error)
        *error = u"%1: %2"_s.arg(display(), db.lastError().text());
    return db;
}

} // namespace lifeline
