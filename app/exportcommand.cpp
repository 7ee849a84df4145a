#include "exportcommand.h"

#include "health/healthevent.h"
#include "store/databasetarget.h"
#include "store/historyqueries.h"
#include "store/historyschema.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace lifeline {

static QByteArray csvField(const QString &text)
{
    // RFC 4180: quote when the field holds a comma, a quote or a line break.
    QByteArray f = text.toUtf8();
    if (f.contains(',') || f.contains('"') || f.contains('\n') || f.contains('\r'))
        f = '"' + f.replace("\"", "\"\"") + '"';
    return f;
}

QByteArray exportCsv(const QList<Sample> &samples)
{
    QByteArray out = "measured_at,server,server_type,ok,latency_ms,status,failure_type,details\r\n";
    for (const Sample &s : samples) {
        out += csvField(HealthEvent::formatTimestamp(s.at)) + ',' + csvField(s.server) + ','
            + csvField(s.serverType) + ',' + (s.ok ? "true" : "false") + ','
            + (s.latencyMs < 0 ? QByteArray() : QByteArray::number(s.latencyMs, 'f', 3)) + ','
            + csvField(s.status) + ',' + csvField(s.failureType) + ',' + csvField(s.details) + "\r\n";
    }
    return out;
}

QByteArray exportJson(const QString &server, const QDateTime &from, const QDateTime &to,
    const QList<Sample> &samples, const QList<StoredEvent> &events)
{
    QJsonArray checks;
    for (const Sample &s : samples) {
        QJsonObject o {{"measured_at"_L1, HealthEvent::formatTimestamp(s.at)}, {"ok"_L1, s.ok},
            {"latency_ms"_L1, s.latencyMs < 0 ? QJsonValue() : QJsonValue(s.latencyMs)},
            {"status"_L1, s.status}, {"server_type"_L1, s.serverType}};
        if (!s.failureType.isEmpty())
            o.insert("failure_type"_L1, s.failureType);
        if (!s.details.isEmpty())
            o.insert("details"_L1, QJsonDocument::fromJson(s.details.toUtf8()).object());
        checks.append(o);
    }
    QJsonArray evs;
    for (const StoredEvent &e : events)
        evs.append(e.payload);
    const QJsonObject doc {{"server"_L1, server}, {"from"_L1, HealthEvent::formatTimestamp(from)},
        {"to"_L1, HealthEvent::formatTimestamp(to)}, {"checks"_L1, checks}, {"events"_L1, evs}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

int runExportCommand(const CommandLine &cl)
{
    QString error;
    const DatabaseTarget target = DatabaseTarget::parse(cl.dbPath, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(error));
        return 2;
    }
    if (!target.isPostgres() && !QFileInfo::exists(target.path)) {
        std::fprintf(stderr, "mcp-lifeline: no history at %s (give --db FILE)\n", qPrintable(target.path));
        return 2;
    }
    const QString connection = u"lifeline-export"_s;
    int code = 0;
    {
        QSqlDatabase db = target.open(connection, &error);
        if (!db.isOpen()) {
            std::fprintf(stderr, "mcp-lifeline: %s\n", qPrintable(error));
            code = 2;
        } else if (HistorySchema::version(db) < HistorySchema::kVersion) {
            std::fprintf(stderr, "mcp-lifeline: %s holds no Lifeline history (schema version %d)\n",
                qPrintable(target.display()), HistorySchema::version(db));
            code = 2;
        } else {
            const HistoryQueries q(db);
            const QDateTime to = QDateTime::currentDateTimeUtc();
            const QDateTime from = to.addMSecs(-cl.sinceMs);
            const QList<Sample> samples = q.samples(cl.serverName, from, to);
            const QList<StoredEvent> events = q.events(cl.serverName, from, to);
            if (!q.lastError().isEmpty()) {
                std::fprintf(stderr, "mcp-lifeline: %s: %s\n", qPrintable(target.display()),
                    qPrintable(q.lastError()));
                code = 2;
            } else if (samples.isEmpty() && events.isEmpty() && !q.servers().contains(cl.serverName)) {
                std::fprintf(stderr, "mcp-lifeline: no history for server '%s' in %s (known: %s)\n",
                    qPrintable(cl.serverName), qPrintable(target.display()),
                    qPrintable(q.servers().join(u", "_s)));
                code = 2;
            } else {
                const QByteArray out = cl.format == "csv"_L1
                    ? exportCsv(samples)
                    : exportJson(cl.serverName, from, to, samples, events);
                std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
                std::fflush(stdout);
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return code;
}

} // namespace lifeline
