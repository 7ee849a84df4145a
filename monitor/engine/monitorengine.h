#pragma once

#include "callmeter.h"
#include "config/serverconfig.h"
#include "engineupdate.h"
#include "health/checkresult.h"
#include "health/healthevent.h"
#include "recovery/failovercoordinator.h"
#include "serversnapshot.h"

#include <QHash>
#include <QMap>
#include <QObject>

#include <array>
#include <functional>

class QTimer;

namespace lifeline {

class CheckScheduler;
class Gateway;
class ServerSupervisor;

void registerMetaTypes();

// All the supervisors, one per configured server. Lives on the engine thread; the rest of the
// program talks to it through queued calls and hears from it through queued signals of values.
class MonitorEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorEngine)
public:
    explicit MonitorEngine(QObject *parent = nullptr);
    ~MonitorEngine() override;

    // Adds, removes and updates supervisors; servers whose entry did not change are not touched.
    void applyConfig(const lifeline::Config &config);
    void checkNow(const QString &name);
    void stopServer(const QString &name);
    void startServer(const QString &name);
    void restartServer(const QString &name); // now; the restart ladder starts over
    void disableServer(const QString &name);
    void enableServer(const QString &name);
    void shutdown(); // stops every server and its processes, synchronously
    bool failover(const QString &group, const QString &member = {}); // manual; empty: next healthy
    bool restorePrimary(const QString &group);
    QList<FailoverGroupSnapshot> groups() const { return m_failover->groups(); }
    QString activeMember(const QString &group) const { return m_failover->activeMember(group); }
    Gateway *gateway() const { return m_gateway; }

    QList<ServerSnapshot> snapshots() const;
    ServerSupervisor *supervisor(const QString &name) const { return m_supervisors.value(name); }
    QStringList serverNames() const { return m_supervisors.keys(); }
    const CheckScheduler *scheduler() const { return m_scheduler; }
    // Tests: fabricated wall-clock time (ms since the epoch) for the call figures and minutes.
    void setCallClock(std::function<qint64()> nowMs) { m_callClock = std::move(nowMs); }
    void publishCallFigures(); // what the once-a-second tick does: figures out, finished minutes out

Q_SIGNALS:
    void snapshotChanged(const lifeline::ServerSnapshot &snapshot);
    void serverRemoved(const QString &name);
    void eventOccurred(const lifeline::HealthEvent &event);
    void checkFinished(const lifeline::CheckResult &result);
    void configApplied(int serverCount);
    void groupChanged(const lifeline::FailoverGroupSnapshot &group);
    // The snapshots and check results of snapshotChanged() and checkFinished(), in their order,
    // gathered for up to kBatchMs: a receiver on another thread (status server, history, alerts)
    // wakes once per batch rather than twice per check. Every other signal sends the pending
    // batch first, so a receiver of both sees everything in the order it happened.
    void updatesReady(const lifeline::EngineUpdates &updates);
    // Gateway calls per server and minute, once each minute is over (the history's throughput).
    void callMinutesFinished(const lifeline::CallMinutes &minutes);

private:
    static constexpr int kBatchMs = 50;
    void queue(EngineUpdate update);
    void sendUpdates();

    ServerSnapshot decorate(ServerSnapshot snapshot) const;
    void onGatewayCall(const QString &server, const QString &method, const QString &outcome, double seconds);
    qint64 callNow() const;
    void onServer(const QString &name, void (ServerSupervisor::*action)());

    QMap<QString, ServerSupervisor *> m_supervisors;
    FailoverCoordinator *m_failover;
    CheckScheduler *m_scheduler;
    Gateway *m_gateway;
    QTimer *m_batchTimer;
    EngineUpdates m_pending;
    QHash<QString, CallMeter> m_meters; // servers that had gateway calls
    // Per server, the figures last sent in a snapshot: calls and errors in the window, calls in all.
    QHash<QString, std::array<qint64, 3>> m_publishedCalls;
    QTimer *m_callTimer; // runs while some meter is not idle
    std::function<qint64()> m_callClock;
};

} // namespace lifeline
