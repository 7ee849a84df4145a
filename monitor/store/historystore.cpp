#include "historystore.h"

#include "alerts/alertmanager.h"
#include "engine/monitorengine.h"
#include "historywriter.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>

using namespace Qt::StringLiterals;

namespace lifeline {

HistoryStore::HistoryStore(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(u"lifeline-store"_s);
}

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::open(const DatabaseTarget &target, const HistorySettings &settings, QString *error)
{
    close();
    m_inUse = false;
    m_target = target;
    m_settings = settings;
    if (!target.isPostgres()) {
        // One Lifeline per file: two writers would each roll up and prune behind the other's back.
        m_lock = std::make_unique<QLockFile>(target.path + ".lock"_L1);
        m_lock->setStaleLockTime(0); // stale only when its holder is gone (a SIGKILL leaves one)
        QDir().mkpath(QFileInfo(target.path).absolutePath());
        if (!m_lock->tryLock(200)) {
            qint64 pid = 0;
            QString host, app;
            m_lock->getLockInfo(&pid, &host, &app);
            m_inUse = m_lock->error() == QLockFile::LockFailedError;
            if (error) {
                *error = m_lock->error() == QLockFile::LockFailedError
                    ? u"the history %1 is in use by another Lifeline (PID %2 on %3); one Lifeline per "
                      "database: stop that one, or give this one another --db"_s.arg(target.path)
                          .arg(pid)
                          .arg(host)
                    : u"the history %1 cannot be locked (%2.lock is not writable)"_s.arg(
                        target.path, target.path);
            }
            m_lock.reset();
            return false;
        }
    }
    m_writer = new HistoryWriter;
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
    connect(m_writer, &HistoryWriter::savingChanged, this, [this](bool saving, const QString &message) {
        m_saving = saving;
        m_problem = saving ? QString() : message;
        Q_EMIT savingChanged(saving, message);
    });
    m_thread.start();
    bool ok = false;
    QString why;
    QMetaObject::invokeMethod(
        m_writer, [&] { ok = m_writer->open(target, settings, &why); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = why;
        close();
        return false;
    }
    return true;
}

void HistoryStore::close()
{
    if (m_writer) {
        HistoryWriter *w = m_writer;
        QMetaObject::invokeMethod(
            w, [w] { w->close(); }, Qt::BlockingQueuedConnection);
        m_writer = nullptr;
    }
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    }
    m_lock.reset();
}

void HistoryStore::attach(MonitorEngine *engine)
{
    if (!m_writer)
        return;
    connect(engine, &MonitorEngine::updatesReady, m_writer, &HistoryWriter::recordUpdates);
    connect(engine, &MonitorEngine::eventOccurred, m_writer, &HistoryWriter::recordEvent);
    connect(engine, &MonitorEngine::callMinutesFinished, m_writer, &HistoryWriter::recordCallMinutes);
}

void HistoryStore::attach(AlertManager *alerts)
{
    if (!m_writer)
        return;
    connect(alerts, &AlertManager::alertChanged, m_writer, &HistoryWriter::recordAlert);
}

void HistoryStore::applyConfig(const Config &config)
{
    if (m_writer)
        QMetaObject::invokeMethod(m_writer, [w = m_writer, config] { w->applyConfig(config); });
}

void HistoryStore::flush()
{
    if (m_writer)
        QMetaObject::invokeMethod(m_writer, [w = m_writer] { w->flush(); });
}

void HistoryStore::post(std::function<void()> fn)
{
    if (!m_writer) {
        fn(); // no database: the queries answer empty on an invalid connection
        return;
    }
    QMetaObject::invokeMethod(m_writer, std::move(fn));
}

HistoryQueries HistoryStore::queries() const
{
    return HistoryQueries(m_writer ? m_writer->database() : QSqlDatabase(), m_settings);
}

QFuture<QList<UptimeRow>> HistoryStore::uptime(
    const QDateTime &from, const QDateTime &to, const QStringList &servers)
{
    return query([=](HistoryQueries &q) { return q.uptime(from, to, servers); });
}

QFuture<QList<Reliability>> HistoryStore::reliability(
    const QDateTime &from, const QDateTime &to, const QStringList &servers)
{
    return query([=](HistoryQueries &q) { return q.reliability(from, to, servers); });
}

QFuture<QList<LatencyPoint>> HistoryStore::latencySeries(
    const QString &server, const QDateTime &from, const QDateTime &to, int maxPoints)
{
    return query([=](HistoryQueries &q) { return q.latencySeries(server, from, to, maxPoints); });
}

QFuture<QList<ThroughputPoint>> HistoryStore::throughput(
    const QString &server, const QDateTime &from, const QDateTime &to, qint64 grainMs)
{
    return query([=](HistoryQueries &q) { return q.throughput(server, from, to, grainMs); });
}

QFuture<QList<StoredEvent>> HistoryStore::lastEvents(int count, const QString &server)
{
    return query([=](HistoryQueries &q) { return q.lastEvents(count, server); });
}

QFuture<QList<Alert>> HistoryStore::alerts(const QDateTime &from, const QDateTime &to, const QString &server)
{
    return query([=](HistoryQueries &q) { return q.alerts(from, to, server); });
}

} // namespace lifeline
