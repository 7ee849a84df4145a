#pragma once

#include "config/serverconfig.h"
#include "databasetarget.h"
#include "historyqueries.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <memory>

class QLockFile;

namespace lifeline {

class AlertManager;
class HistoryWriter;
class MonitorEngine;

// The history for the running program: a writer on its own thread ("lifeline-store") fed by the
// engine's signals directly (no hop through the GUI thread), and queries answered on that thread
// as futures, so no caller ever waits on the database. An SQLite file is held by one Lifeline at
// a time (a lock file beside it); a second one is refused with a message naming the holder.
class HistoryStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryStore)
public:
    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override; // flushes and ends the thread

    // At startup, before any window: waits for the store thread to open and migrate.
    bool open(const DatabaseTarget &target, const HistorySettings &settings, QString *error);
    void close();
    bool lastOpenFoundItInUse() const { return m_inUse; } // another Lifeline holds the file
    bool isOpen() const { return m_writer != nullptr; }
    const DatabaseTarget &target() const { return m_target; }

    // Checks, events and config changes of `engine` go to the writer (queued, values only).
    void attach(MonitorEngine *engine);
    // Each alert's fire, resolve and acknowledgement go to the alerts table (queued).
    void attach(AlertManager *alerts);
    void applyConfig(const Config &config);
    void flush(); // queued; for tests and shutdown

    bool isSaving() const { return m_saving; }
    QString problem() const { return m_problem; } // why history is not being saved

    // Runs `fn` on the store thread with the writer's connection; the future has its result.
    template<typename Fn>
    auto query(Fn fn) -> QFuture<decltype(fn(std::declval<HistoryQueries &>()))>
    {
        using R = decltype(fn(std::declval<HistoryQueries &>()));
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        post([this, promise, fn = std::move(fn)]() mutable {
            HistoryQueries q = queries();
            promise->addResult(fn(q));
            promise->finish();
        });
        return future;
    }

    QFuture<QList<UptimeRow>> uptime(
        const QDateTime &from, const QDateTime &to, const QStringList &servers = {});
    QFuture<QList<Reliability>> reliability(
        const QDateTime &from, const QDateTime &to, const QStringList &servers = {});
    QFuture<QList<LatencyPoint>> latencySeries(
        const QString &server, const QDateTime &from, const QDateTime &to, int maxPoints);
    QFuture<QList<StoredEvent>> lastEvents(int count, const QString &server = {});
    // Gateway calls per minute (HistoryQueries::throughput): the dashboard's calls chart.
    QFuture<QList<ThroughputPoint>> throughput(
        const QString &server, const QDateTime &from, const QDateTime &to, qint64 grainMs = 60'000);
    QFuture<QList<Alert>> alerts(const QDateTime &from, const QDateTime &to, const QString &server = {});

Q_SIGNALS:
    void savingChanged(bool saving, const QString &message);

private:
    void post(std::function<void()> fn);
    HistoryQueries queries() const; // on the store thread

    QThread m_thread;
    HistoryWriter *m_writer = nullptr; // lives on m_thread
    std::unique_ptr<QLockFile> m_lock;
    DatabaseTarget m_target;
    HistorySettings m_settings;
    bool m_saving = true;
    bool m_inUse = false;
    QString m_problem;
};

} // namespace lifeline
