#pragma once

#include "config/serverconfig.h"
#include "gateway/gateway.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QThread>

namespace lifeline {

class MonitorEngine;

// Owns the engine thread: the engine is a parentless QObject moved onto a named QThread.
// Calls from the owner's thread are queued; stop() waits for the engine to end its servers.
class EngineThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineThread)
public:
    explicit EngineThread(QObject *parent = nullptr);
    ~EngineThread() override;

    MonitorEngine *engine() const { return m_engine; } // connect to its signals; do not call it directly
    QThread *thread() const { return const_cast<QThread *>(&m_thread); }
    // Moves `object` (parentless) onto the engine thread, where the engine's signals reach it
    // directly; it is deleted there, before the engine, when the thread stops.
    void adopt(QObject *object);
    void start();
    void stop();

    void applyConfig(const Config &config);
    void checkNow(const QString &name);
    void stopServer(const QString &name);
    void startServer(const QString &name);
    void restartServer(const QString &name);
    void disableServer(const QString &name);
    void enableServer(const QString &name);
    void failover(const QString &group, const QString &member = {});
    void restorePrimary(const QString &group);
    // The gateway (see Gateway): calls go to it directly on the engine thread (GatewayFront). These
    // three are posted, also from there: they are rare, and a posted call never runs inside the
    // caller's own handler (the gateway endpoint cancels from its destructor).
    void cancelForward(quint64 ticket);
    void notifyUpstream(quint64 ticket, Gateway::TargetKind kind, const QString &target,
        const QJsonObject &notification); // see Gateway::notifyUpstream()
    void answerRelayed(const QJsonObject &answer); // see Gateway::answerRelayed()

private:
    // Runs `call` on the engine's thread, later: the caller never waits for the engine.
    template<typename Call>
    void post(Call call)
    {
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, call] { call(e); }, Qt::QueuedConnection);
    }

    QThread m_thread;
    MonitorEngine *m_engine = nullptr;
    QList<QPointer<QObject>> m_adopted; // an adopted object may be deleted before (StatusServer's front)
};

} // namespace lifeline
