#pragma once

#include "config/serverconfig.h"
#include "health/checkresult.h"
#include "health/healthevent.h"
#include "health/healthtracker.h"
#include "session/mcpsession.h"
#include "recovery/circuitbreaker.h"
#include "recovery/recoveryladder.h"
#include "serversnapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QTimer;

namespace lifeline {

class CheckScheduler;
class Probe;

// Watches one server: keeps a session, runs a check every interval, feeds the health tracker and
// reports transitions. Failures are confirmed at the pace of the timeout rather than the interval,
// so a dead server is unhealthy within interval + timeout × failureThreshold. An unhealthy server
// is recovered along its ladder (restart for stdio — one MCP session per process — reconnect for
// remote servers) until it is healthy again or the ladder is used up (`failed`).
class ServerSupervisor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerSupervisor)
public:
    // Supervisors of one engine share its scheduler; one on its own (tests) gets its own.
    explicit ServerSupervisor(
        const ServerConfig &config, CheckScheduler *scheduler = nullptr, QObject *parent = nullptr);
    ~ServerSupervisor() override;

    void start();
    void stop(); // → offline; no more checks until start()
    void restart(); // now, and the ladder starts over (a person acted)
    void disable();
    void enable();
    void checkNow();
    void updateConfig(const ServerConfig &config); // settings alone: no reconnect
    void shutdown(); // synchronous; used when the engine ends

    const ServerConfig &config() const { return m_config; }
    ServerSnapshot snapshot() const { return m_snapshot; }
    HealthState state() const { return m_tracker.state(); }
    McpSession *session() const { return m_session; } // the gateway's calls go through it; may be null
    // The gateway's calls pass the circuit breaker like checks do: allowCall() before one (false
    // while open; half-open — after openFor, or once a check passed — lets a few through),
    // recordCall() with how it went, releaseCall() when an allowed call was not sent after all.
    bool allowCall();
    void recordCall(bool ok);
    void releaseCall();
    // A real call through the gateway timed out or was lost to a transport failure: a passive
    // check. So that thousands of calls cannot swamp the probes' state machine, at most one passive
    // failure counts per check interval, only while the server is up (healthy or degraded: down or
    // recovering, the probes and the ladder already act), and it brings the next probe forward to
    // now, which confirms or clears it. Successful calls are not fed in: one would reset the count
    // of consecutive failed probes and delay detection. Returns whether it counted.
    bool recordPassiveFailure(const QString &method, const Failure &failure, qint64 durationUs);

Q_SIGNALS:
    void snapshotChanged(const lifeline::ServerSnapshot &snapshot);
    void eventOccurred(const lifeline::HealthEvent &event);
    void checkFinished(const lifeline::CheckResult &result);

private:
    void halt();
    void beginFresh();
    void openSession();
    void dropSession(bool graceful);
    void onSessionReady();
    void onSessionFailed(const Failure &failure);
    void runCheck();
    void onCheckDone(CheckResult result);
    void tick();
    void scheduleNext(qint64 delayMs, qint64 earlyMs = 0);
    void scheduleAfter(const CheckResult &result); // the next check after this one
    void cancelCheck();
    enum class Cause { Health, User }; // User: a person stopped, disabled or restarted it
    void apply(const std::optional<HealthTracker::Transition> &transition, Cause cause = Cause::Health);
    void emitEvent(HealthEvent::Kind kind, const QJsonObject &extra);
    void refreshSnapshot();
    bool startRecovery(const Failure &failure);
    void performRecovery();
    void recordBreaker(bool ok);
    void announceCircuit(CircuitBreaker::State to);
    qint64 nowMs() const { return m_clock.elapsed(); }

    ServerConfig m_config;
    HealthTracker m_tracker;
    Probe *m_probe = nullptr;
    QPointer<McpSession> m_session;
    QPointer<CheckScheduler> m_scheduler;
    ServerSnapshot m_snapshot;
    McpSession::Era m_eraHint = McpSession::Era::Unknown;
    QElapsedTimer m_connectClock;
    bool m_running = false;
    bool m_firstCheckOfSession = false;
    bool m_reconnectInPlace = false; // the scheduled step is a new session on the live process
    RecoveryLadder m_ladder;
    CircuitBreaker m_breaker;
    QTimer *m_recoveryTimer = nullptr;
    QTimer *m_breakerTimer = nullptr;
    QElapsedTimer m_clock;
    qint64 m_lastPassiveMs = -1; // on m_clock: when a passive failure last counted
};

} // namespace lifeline
