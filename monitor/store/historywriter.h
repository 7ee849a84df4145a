#pragma once

#include "alerts/alert.h"
#include "config/serverconfig.h"
#include "databasetarget.h"
#include "engine/callmeter.h"
#include "engine/engineupdate.h"
#include "healthledger.h"
#include "health/checkresult.h"
#include "health/healthevent.h"
#include "health/healthstate.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <optional>

class QTimer;

namespace lifeline {

// Keeps what the engine sees. Lives on the store thread with its own connection: check samples,
// events and failure episodes wait in memory and go to the database in one transaction every
// flush interval (or sooner when batchRows wait), so a killed Lifeline loses at most that much.
// Minute rollups (checks, failures, latency min/avg/max/p95, up and down time) are kept current
// with each flush; hour and day rollups are made when an hour or day is over (the first time from
// the oldest row), made again when a late minute joins one (a check that ended after its hour
// closed), and lifeline_meta keeps where they end (hours_rolled_until, days_rolled_until); old rows are
// pruned by the retention settings. A database that refuses writes (disk full, read-only) makes
// `savingChanged(false, why)`; monitoring goes on, the newest rows wait (bounded) and are written
// when the database takes them again.
class HistoryWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryWriter)
public:
    explicit HistoryWriter(QObject *parent = nullptr);
    ~HistoryWriter() override;

    // On the thread the writer lives in. Creates or migrates the schema.
    bool open(const DatabaseTarget &target, const HistorySettings &settings, QString *error);
    // Flushes; the connection is gone afterwards. Alerts still firing are closed now (resolved,
    // details.lifeline_stopped): the next start evaluates afresh under new ids.
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QSqlDatabase database() const { return m_db; }
    bool isSaving() const { return m_saving; }
    QString lastError() const { return m_lastError; }
    qint64 pendingRows() const;
    qint64 droppedRows() const { return m_dropped; }
    qint64 writtenRows() const { return m_written; }

    // Tests: fabricated time (ms since the epoch, UTC); a database that fills up after `pages`.
    void setClock(std::function<qint64()> nowMs) { m_now = std::move(nowMs); }
    bool setMaxPageCount(int pages);
    static constexpr qint64 kMaxPendingRows = 200000; // beyond this the oldest samples are dropped

public Q_SLOTS:
    void recordCheck(const lifeline::CheckResult &result);
    void recordUpdates(const lifeline::EngineUpdates &updates); // the check results among them
    void recordEvent(const lifeline::HealthEvent &event);
    // Gateway calls per minute: one `throughput` row each (metric_value: calls; details: errors).
    void recordCallMinutes(const lifeline::CallMinutes &minutes);
    // Inserts the alert's row at its first sight, updates it later (resolve, acknowledge), by id.
    void recordAlert(const lifeline::Alert &alert);
    void applyConfig(const lifeline::Config &config);
    bool flush();
    void maintain(); // closes finished hours and days, prunes by retention, gives pages back

Q_SIGNALS:
    void savingChanged(bool saving, const QString &message);

private:
    struct MinuteAcc
    {
        qint64 checks = 0, failures = 0, upMs = 0, downMs = 0;
        double latMin = -1, latMax = -1, latSum = 0;
        qint64 latCount = 0;
        double seededP95 = -1; // from a row written before this run (its samples are not in memory)
        QList<float> latencies; // for p95
        bool dirty = false;
    };
    struct MetricRow
    {
        QString serverType, server, status, failureType, details, at;
        QString metricType = QStringLiteral("response_time"); // or `throughput` (gateway calls per minute)
        QVariant value;
        bool ok;
        bool passive = false; // a gateway call, not a probe (CheckResult::passive)
        qint64 calls = 0, callErrors = 0; // `throughput` rows: for the rollups' call counts
    };
    struct EventRow
    {
        QString at, server, event, from, to, failureType, detail, payload;
    };

    qint64 now() const;
    MinuteAcc &minute(const QString &server, qint64 minuteStartMs);
    void setSaving(bool saving, const QString &why);
    bool writePending(QString *error);
    bool writeFailoverGroups(QString *error);
    bool addLateCalls(QString *error);
    bool rollUpLateMinutes(const QStringList &minuteKeys, QString *error);
    bool closeHours(QString *error);
    bool closeDays(QString *error);
    bool rollUpHours(const QString &from, const QString &until, const QString &server, QString *error);
    bool rollUpDays(const QString &from, const QString &until, const QString &server, QString *error);
    bool commit(QString *error); // rolls back when it fails
    bool prune(QString *error);
    QString meta(const QString &key) const;
    bool setMeta(const QString &key, const QString &value, QString *error);
    QString serverType(const QString &server) const;
    QSqlQuery *prepared(std::optional<QSqlQuery> &slot, const QString &sql, QString *error);

    QSqlDatabase m_db;
    std::optional<QSqlQuery> m_insertMetric, m_upsertMinute, m_insertEvent; // prepared once per connection
    QString m_connection;
    HistorySettings m_settings;
    std::function<qint64()> m_now;
    qint64 m_openedMs = 0;
    QTimer *m_flushTimer;
    QTimer *m_maintainTimer;
    bool m_postgres = false;
    bool m_saving = true;
    QString m_lastError;
    qint64 m_dropped = 0;
    qint64 m_written = 0;

    HealthLedger m_ledger; // up and down time, failure episodes
    QHash<QString, QString> m_serverTypes; // transport per server, from the config
    QHash<QString, QString> m_contexts; // what a check of the server does (task_context)
    QHash<QString, MonitorSettings> m_serverSettings;
    QList<FailoverGroup> m_groups;
    bool m_groupsWritten = false;
    QHash<QString, MinuteAcc> m_minutes; // key: server + '\n' + minute start ms
    QList<MetricRow> m_metrics;
    QList<EventRow> m_events;
    bool m_groupsDirty = false;
    QList<Alert> m_alerts; // newest version per id, in order of first sight
    QHash<QString, Alert> m_firing; // closed when the writer closes: nobody watches them after that
};

} // namespace lifeline
