#include "checkcommand.h"

#include "check/checkrunner.h"
#include "configsource.h"
#include "store/databasetarget.h"
#include "store/historyqueries.h"
#include "store/historyschema.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QTimer>

#include <cstdio>
#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {

static int couldNotRun(const QString &message)
{
    std::fprintf(stderr, "mcp-lifeline check: %s\n", qPrintable(message));
    return 2;
}

static QString cell(const QString &s, int width)
{
    return s.size() > width ? s.left(width - 1) + u'…' : s.leftJustified(width);
}

// Uptime over 24 h, 7 d and 30 d per server from the history, when there is one: {"24h": 99.9, …}
// (null where the window has no data). Read beside a running Lifeline; never creates a database.
static QHash<QString, QJsonObject> historyUptime(const QString &dbPath, const QStringList &servers)
{
    QHash<QString, QJsonObject> out;
    const DatabaseTarget target = DatabaseTarget::parse(dbPath);
    if (servers.isEmpty() || (!target.isPostgres() && !QFileInfo::exists(target.path)))
        return out;
    const QString connection = u"lifeline-check-history"_s;
    {
        QString error;
        QSqlDatabase db = target.open(connection, &error);
        if (db.isOpen() && HistorySchema::version(db) == HistorySchema::kVersion) {
            const HistoryQueries q(db);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const std::pair<const char *, int> windows[] = {{"24h", 1}, {"7d", 7}, {"30d", 30}};
            for (const auto &[key, days] : windows) {
                QHash<QString, double> percent;
                for (const UptimeRow &r : q.uptime(now.addDays(-days), now, servers))
                    percent.insert(r.server, r.percent());
                for (const QString &s : servers) {
                    const double p = percent.value(s, -1);
                    out[s].insert(
                        QLatin1StringView(key), p < 0 ? QJsonValue() : QJsonValue(qRound(p * 1000) / 1000.0));
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return out;
}

static void printTable(const QList<CheckOutcome> &outcomes, const QHash<QString, QJsonObject> &uptime)
{
    QString out = cell(u"NAME"_s, 20) + u' ' + cell(u"STATUS"_s, 10) + u' ' + cell(u"LATENCY"_s, 10) + u' '
        + cell(u"PROTOCOL"_s, 11) + u' ' + cell(u"SERVER"_s, 26) + u' ' + cell(u"UP 24H"_s, 8)
        + u" DETAIL\n"_s;
    for (const CheckOutcome &o : outcomes) {
        const CheckResult &r = o.result;
        const QString latency
            = r.latencyUs >= 0 ? QString::number(double(r.latencyUs) / 1000.0, 'f', 1) + u" ms"_s : u"-"_s;
        QString server = r.serverInfo.value("name"_L1).toString();
        if (r.serverInfo.contains("version"_L1))
            server += u' ' + r.serverInfo.value("version"_L1).toString();
        QString detail;
        if (r.failure.isFailure())
            detail = failureTypeName(r.failure.type) + u": "_s + r.failure.detail;
        else if (r.toolCount >= 0)
            detail = u"%1 tools"_s.arg(r.toolCount);
        out += cell(o.config.name, 20) + u' ' + cell(o.status(), 10) + u' ' + cell(latency, 10) + u' '
            + cell(r.protocolVersion.isEmpty() ? u"-"_s : r.protocolVersion, 11) + u' '
            + cell(server.isEmpty() ? u"-"_s : server, 26) + u' ';
        const QJsonValue up = uptime.value(o.config.name).value("24h"_L1);
        out += cell(up.isDouble() ? QString::number(up.toDouble(), 'f', 2) + u" %"_s : u"-"_s, 8) + u' '
            + detail + u'\n';
    }
    std::fputs(out.toUtf8().constData(), stdout);
}

int runCheckCommand(const CommandLine &cl)
{
    QList<ServerConfig> servers;
    MonitorSettings defaults;
    const bool inlineServer = !cl.url.isEmpty() || !cl.command.isEmpty();

    std::optional<Config> config;
    if (!inlineServer || !cl.configPath.isEmpty()) {
        const ConfigSource source = ConfigSource::choose(cl.configPath);
        const ConfigLoader::Result result = source.load();
        if (!result.ok()) {
            for (const ConfigIssue &i : result.errors)
                std::fprintf(stderr, "mcp-lifeline check: %s\n", qPrintable(i.toString()));
            return 2;
        }
        config = result.config;
        defaults = config->defaults;
    }

    if (!cl.url.isEmpty()) {
        ServerConfig s;
        const QUrl url(cl.url);
        s.name = url.host() + (url.port() > 0 ? u":%1"_s.arg(url.port()) : QString());
        s.transport = TransportKind::AutoHttp;
        s.url = url;
        s.settings = defaults;
        servers.append(s);
    } else if (!cl.command.isEmpty()) {
        ServerConfig s;
        s.name = QFileInfo(cl.command.first()).fileName();
        s.transport = TransportKind::Stdio;
        s.command = cl.command.first();
        s.args = cl.command.mid(1);
        s.settings = defaults;
        servers.append(s);
    } else if (!cl.serverName.isEmpty()) {
        const ServerConfig *s = config->server(cl.serverName);
        if (!s) {
            QStringList names;
            for (const ServerConfig &c : config->servers)
                names.append(c.name);
            return couldNotRun(u"no server named '%1' in the config (it has: %2)"_s.arg(
                cl.serverName, names.isEmpty() ? u"none"_s : names.join(u", "_s)));
        }
        servers.append(*s);
    } else {
        for (const ServerConfig &s : config->servers) {
            if (!s.disabled)
                servers.append(s);
        }
        if (servers.isEmpty())
            return couldNotRun(u"no enabled servers in the config"_s);
    }

    qint64 longest = 0;
    for (ServerConfig &s : servers) {
        if (cl.timeoutMs)
            s.settings.timeoutMs = int(*cl.timeoutMs);
        if (cl.depth)
            s.settings.depth = *cl.depth;
        longest = qMax<qint64>(longest, s.settings.timeoutMs);
    }

    CheckRunner runner;
    QEventLoop loop;
    QObject::connect(&runner, &CheckRunner::finished, &loop, &QEventLoop::quit);
    // Every step is bounded by the timeout; this only guards against a bug of ours hanging a script.
    QTimer watchdog;
    watchdog.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    watchdog.start(int(qMin<qint64>(longest * 12 + 10000, std::numeric_limits<int>::max())));
    runner.run(servers, cl.call);
    loop.exec();
    if (timedOut)
        return couldNotRun(u"the check did not finish in time"_s);

    const QList<CheckOutcome> outcomes = runner.outcomes();
    bool allHealthy = true;
    for (const CheckOutcome &o : outcomes)
        allHealthy = allHealthy && o.status() == "healthy"_L1;

    QStringList configured;
    if (!inlineServer) {
        for (const CheckOutcome &o : outcomes)
            configured << o.config.name;
    }
    const QHash<QString, QJsonObject> uptime = historyUptime(cl.dbPath, configured);
    auto json = [&](const CheckOutcome &o) {
        QJsonObject j = o.toJson();
        if (uptime.contains(o.config.name))
            j.insert("uptime"_L1, uptime.value(o.config.name));
        return j;
    };
    if (cl.json) {
        QJsonDocument doc;
        if (inlineServer || !cl.serverName.isEmpty()) {
            doc.setObject(json(outcomes.first()));
        } else {
            QJsonArray a;
            for (const CheckOutcome &o : outcomes)
                a.append(json(o));
            doc.setArray(a);
        }
        std::fputs(doc.toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        printTable(outcomes, uptime);
    }
    std::fflush(stdout);
    return allHealthy ? 0 : 1;
}

} // namespace lifeline
