#include "serversupervisor.h"

#include "config/secrets.h"
#include "config/duration.h"
#include "checkscheduler.h"
#include "probe/probe.h"
#include "transport/httpcommon.h"
#include "transport/transport.h"

#include <QJsonArray>
#include <QTimer>

#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {

static QString describeTarget(const ServerConfig &config)
{
    return config.isRemote() ? http::describeUrl(config.url) : maskSecrets(config.command, config.args);
}

ServerSupervisor::ServerSupervisor(const ServerConfig &config, CheckScheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_tracker(config.settings)
    , m_probe(new Probe(this))
    , m_scheduler(scheduler)
    , m_ladder(config.settings.restart)
    , m_breaker(config.settings.restart.circuit)
    , m_recoveryTimer(new QTimer(this))
    , m_breakerTimer(new QTimer(this))
{
    if (!m_scheduler)
        m_scheduler = new CheckScheduler(this);
    m_clock.start();
    m_recoveryTimer->setSingleShot(true);
    m_recoveryTimer->setTimerType(Qt::PreciseTimer);
    connect(m_recoveryTimer, &QTimer::timeout, this, &ServerSupervisor::performRecovery);
    m_breakerTimer->setSingleShot(true);
    connect(m_breakerTimer, &QTimer::timeout, this, [this] {
        if (const auto to = m_breaker.poll(nowMs())) {
            m_snapshot.circuit = *to;
            emitEvent(HealthEvent::Kind::Circuit, {{"to"_L1, CircuitBreaker::stateName(*to)}});
            refreshSnapshot();
        }
    });
    m_snapshot.name = config.name;
    m_snapshot.transport = config.transport;
    m_snapshot.activeTransport = config.transport;
    m_snapshot.target = describeTarget(config);
    m_snapshot.stateSince = QDateTime::currentDateTimeUtc();
    m_snapshot.latencyWarningMs = config.settings.latencyWarningMs;
    m_snapshot.latencyCriticalMs = config.settings.latencyCriticalMs;
}

ServerSupervisor::~ServerSupervisor()
{
    shutdown();
}

void ServerSupervisor::start()
{
    if (m_config.disabled) {
        apply(m_tracker.force(HealthState::Disabled, u"disabled in the config"_s), Cause::User);
        if (m_snapshot.state != HealthState::Disabled) // first state: announce it anyway
            apply(HealthTracker::Transition {HealthState::Disabled, HealthState::Disabled, {}, {}});
        return;
    }
    if (m_running && m_session)
        return; // already watching
    m_running = true;
    m_recoveryTimer->stop();
    const bool first = !m_snapshot.lastCheck.isValid() && m_tracker.state() == HealthState::Starting;
    if (first)
        apply(HealthTracker::Transition {HealthState::Starting, HealthState::Starting, {}, {}});
    else
        apply(m_tracker.force(HealthState::Starting, u"started"_s));
    beginFresh();
}

void ServerSupervisor::beginFresh()
{
    // A start by a person (or the first one) begins a fresh ladder.
    m_ladder.reset();
    m_ladder.started(nowMs());
    m_snapshot.recoveryAttempt = 0;
    m_snapshot.nextAttempt = {};
    openSession();
}

void ServerSupervisor::restart()
{
    if (m_config.disabled)
        return;
    cancelCheck();
    m_recoveryTimer->stop();
    dropSession(false);
    m_running = true;
    ++m_snapshot.restartsTotal;
    emitEvent(
        HealthEvent::Kind::Restart, {{"attempt"_L1, 0}, {"delay_ms"_L1, 0}, {"reason"_L1, "manual"_L1}});
    apply(m_tracker.force(HealthState::Starting, u"restarted by the user"_s), Cause::User);
    beginFresh();
}

void ServerSupervisor::halt()
{
    // Watching ends and the server's process with it: for stop and disable alike.
    m_running = false;
    cancelCheck();
    m_recoveryTimer->stop();
    m_snapshot.nextAttempt = {};
    dropSession(true);
    m_snapshot.pid = 0;
}

void ServerSupervisor::stop()
{
    halt();
    apply(m_tracker.force(HealthState::Offline, u"stopped by the user"_s), Cause::User);
}

void ServerSupervisor::disable()
{
    halt();
    apply(m_tracker.force(HealthState::Disabled, u"disabled by the user"_s), Cause::User);
}

void ServerSupervisor::enable()
{
    if (m_tracker.state() != HealthState::Disabled)
        return;
    m_config.disabled = false;
    start();
}

void ServerSupervisor::shutdown()
{
    m_running = false;
    cancelCheck();
    if (m_recoveryTimer)
        m_recoveryTimer->stop();
    if (m_session) {
        m_session->disconnect(this);
        m_session->terminate();
        delete m_session;
    }
}

void ServerSupervisor::checkNow()
{
    if (!m_running || m_tracker.state() == HealthState::Recovering)
        return;
    if (!m_session)
        openSession();
    else if (m_session->isReady() && !m_probe->isRunning())
        runCheck();
}

void ServerSupervisor::updateConfig(const ServerConfig &config)
{
    ServerConfig a = m_config;
    ServerConfig b = config;
    a.settings = {};
    b.settings = {};
    const bool intervalChanged = config.settings.intervalMs != m_config.settings.intervalMs;
    const bool sameConnection = a == b;
    m_config = config;
    m_tracker.setSettings(config.settings);
    m_ladder.setSettings(config.settings.restart);
    m_breaker.setSettings(config.settings.restart.circuit);
    m_snapshot.latencyWarningMs = config.settings.latencyWarningMs;
    m_snapshot.latencyCriticalMs = config.settings.latencyCriticalMs;
    if (sameConnection) {
        refreshSnapshot(); // the new thresholds reach the charts
        const qint64 remaining = m_scheduler ? m_scheduler->remainingMs(this) : -1;
        if (intervalChanged && m_running && remaining >= 0)
            scheduleNext(qMin<qint64>(remaining, config.settings.intervalMs));
        return;
    }
    // What the connection is made of changed: start over with the new one.
    m_snapshot.target = describeTarget(config);
    m_snapshot.transport = config.transport;
    m_eraHint = McpSession::Era::Unknown;
    cancelCheck();
    m_recoveryTimer->stop();
    dropSession(false);
    m_running = false;
    if (config.disabled) {
        apply(m_tracker.force(HealthState::Disabled, u"disabled in the config"_s), Cause::User);
        return;
    }
    start();
}

void ServerSupervisor::openSession()
{
    McpSession::Options options;
    options.timeoutMs = m_config.settings.timeoutMs;
    options.eraHint = m_eraHint;
    options.openEventStream = m_config.transport == TransportKind::StreamableHttp
        || m_config.transport == TransportKind::AutoHttp;
    m_session = new McpSession(m_config, options, this);
    connect(m_session, &McpSession::ready, this, &ServerSupervisor::onSessionReady);
    connect(m_session, &McpSession::failed, this, &ServerSupervisor::onSessionFailed);
    connect(m_session, &McpSession::notificationReceived, this,
        [this](const QString &method, const QJsonObject &) {
            // A changed tool list is worth a look now rather than at the next interval.
            if (method == "notifications/tools/list_changed"_L1
                && m_config.settings.depth == ProbeDepth::Comprehensive)
                QTimer::singleShot(0, this, &ServerSupervisor::checkNow);
        });
    m_connectClock.start();
    m_session->start();
}

void ServerSupervisor::dropSession(bool graceful)
{
    if (!m_session)
        return;
    McpSession *s = m_session;
    m_session = nullptr;
    s->disconnect(this);
    if (graceful && s->state() != McpSession::State::Failed) {
        connect(s, &McpSession::closed, s, &QObject::deleteLater);
        s->close();
        // A session that does not close in time is ended the hard way.
        QTimer::singleShot(10000, s, [s] {
            s->terminate();
            s->deleteLater();
        });
    } else {
        s->terminate();
        s->deleteLater();
    }
}

void ServerSupervisor::onSessionReady()
{
    m_eraHint = m_session->era();
    m_snapshot.protocolVersion = m_session->protocolVersion();
    m_snapshot.serverInfo = m_session->serverInfo();
    m_snapshot.capabilities = m_session->capabilities();
    m_snapshot.handshakeMs = double(m_session->handshakeUs()) / 1000.0;
    m_snapshot.activeTransport = m_session->activeTransport();
    if (Transport *t = m_session->transport())
        m_snapshot.pid = t->processId();
    m_firstCheckOfSession = true;
    runCheck();
}

void ServerSupervisor::onSessionFailed(const Failure &failure)
{
    if (Transport *t = m_session ? m_session->transport() : nullptr)
        m_snapshot.stderrTail = t->stderrTail();
    dropSession(false);
    m_snapshot.pid = 0;
    CheckResult r;
    r.server = m_config.name;
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.ok = false;
    r.failure = failure;
    r.durationUs = m_connectClock.isValid() ? m_connectClock.nsecsElapsed() / 1000 : 0;
    m_snapshot.lastCheck = r.startedAt;
    ++m_snapshot.checksTotal;
    ++m_snapshot.failuresTotal;
    m_snapshot.lastFailure = failure;
    m_snapshot.lastFailureAt = r.startedAt;
    recordBreaker(false);

    const RestartPolicy policy = m_config.settings.restart.policy;
    if (failure.type == FailureType::ProcessExit && failure.exitCode == 0
        && policy != RestartPolicy::Always) {
        // A clean exit on its own is not a failure: the server is offline, not restarted.
        m_running = false;
        cancelCheck();
        m_recoveryTimer->stop();
        m_snapshot.recoveryAttempt = 0;
        m_snapshot.nextAttempt = {};
        apply(m_tracker.force(HealthState::Offline, u"exited on its own with code 0"_s, failure));
        refreshSnapshot();
        Q_EMIT checkFinished(r);
        return;
    }
    if (m_tracker.state() == HealthState::Recovering) {
        refreshSnapshot();
        Q_EMIT checkFinished(r);
        startRecovery(failure); // that attempt failed: the next step
        return;
    }
    if (failure.type == FailureType::ProcessExit)
        apply(m_tracker.recordProcessExit(failure));
    else
        apply(m_tracker.record(r));
    refreshSnapshot();
    Q_EMIT checkFinished(r);
    if (m_tracker.state() == HealthState::Unhealthy && startRecovery(failure))
        return;
    if (m_running)
        scheduleAfter(r);
}

void ServerSupervisor::runCheck()
{
    if (!m_session || m_probe->isRunning())
        return;
    cancelCheck();
    m_probe->run(m_session, m_config.settings, [this](const CheckResult &r) { onCheckDone(r); });
}

void ServerSupervisor::onCheckDone(CheckResult r)
{
    // A session that died during the check is reported once, by onSessionFailed().
    if (!m_session || m_session->state() == McpSession::State::Failed)
        return;
    r.server = m_config.name;
    if (m_firstCheckOfSession) {
        r.handshakeUs = m_session->handshakeUs();
        r.durationUs = m_connectClock.nsecsElapsed() / 1000;
        m_firstCheckOfSession = false;
    }
    m_snapshot.lastCheck = r.startedAt;
    ++m_snapshot.checksTotal;
    if (r.ok) {
        m_snapshot.lastLatencyMs = r.latencyMs();
    } else {
        ++m_snapshot.failuresTotal;
        m_snapshot.lastFailure = r.failure;
        m_snapshot.lastFailureAt = r.startedAt;
    }
    if (r.toolCount >= 0)
        m_snapshot.toolCount = r.toolCount;
    if (Transport *t = m_session->transport())
        m_snapshot.stderrTail = t->stderrTail();
    m_snapshot.logTail = m_session->logTail();
    recordBreaker(r.ok);
    if (r.ok) {
        // The server answers again: its calls may try now, not only after openFor (the breaker is
        // half-open and the next call is the trial). Nothing restarts by the breaker — the ladder
        // has its own burst limit — so the restart logic is not loosened by this; a failover group
        // still leaves a member whose breaker is open, and takes it back only once the breaker has
        // closed (a trial call or the next check succeeded) and restoreAfter has passed since.
        if (const auto to = m_breaker.checkPassed(nowMs()))
            announceCircuit(*to);
    }
    if (r.toolsChanged) {
        QJsonArray added, removed;
        for (const QString &n : std::as_const(r.toolsAdded))
            added.append(n);
        for (const QString &n : std::as_const(r.toolsRemoved))
            removed.append(n);
        emitEvent(HealthEvent::Kind::ToolsChanged,
            {{"added"_L1, added}, {"removed"_L1, removed}, {"tool_count"_L1, r.toolCount}});
    }

    if (!r.ok && m_tracker.state() == HealthState::Recovering) {
        refreshSnapshot();
        Q_EMIT checkFinished(r);
        // Deferred: we are inside the session's own callback, and the next step ends that session.
        QTimer::singleShot(0, this, [this, failure = r.failure] {
            if (m_tracker.state() == HealthState::Recovering)
                startRecovery(failure);
        });
        return;
    }
    apply(m_tracker.record(r));
    if (isUp(m_tracker.state())) {
        m_ladder.healthy(nowMs());
        m_snapshot.recoveryAttempt = 0;
        m_snapshot.recoveryDelayMs = -1;
        m_snapshot.nextAttempt = {};
    }
    refreshSnapshot();
    Q_EMIT checkFinished(r);
    if (m_tracker.state() == HealthState::Unhealthy && !r.ok) {
        // Hung past the failure threshold (or broken): recover. Deferred for the same reason.
        QTimer::singleShot(0, this, [this, failure = r.failure, r] {
            if (m_tracker.state() == HealthState::Unhealthy && !startRecovery(failure) && m_running)
                scheduleAfter(r);
        });
        return;
    }
    if (m_running)
        scheduleAfter(r);
}

bool ServerSupervisor::startRecovery(const Failure &failure)
{
    const RestartSettings &rs = m_config.settings.restart;
    m_ladder.unhealthy();
    if (rs.policy == RestartPolicy::Never) {
        // No recovery: a dead stdio server stays down; a remote one is still checked each interval.
        if (!m_config.isRemote() && !m_session) {
            m_running = false;
            cancelCheck();
        }
        return false;
    }
    cancelCheck();
    const RecoveryLadder::Step step = m_ladder.next(nowMs());
    // The ladder: a live stdio process whose session broke gets a new session first (reconnect);
    // a hang, an exit, or a reconnect that did not help gets its process restarted.
    const bool alive = m_session && m_session->transport() && m_session->transport()->isOpen();
    m_reconnectInPlace = !step.giveUp && !m_config.isRemote() && alive && step.attempt == 1
        && failure.type != FailureType::Timeout && failure.type != FailureType::ProcessExit;
    if (!m_reconnectInPlace) {
        // End the session now: a hung process must not linger through the backoff.
        dropSession(false);
        m_snapshot.pid = 0;
    }
    if (step.giveUp) {
        m_running = false;
        m_recoveryTimer->stop();
        m_snapshot.recoveryAttempt = 0;
        m_snapshot.recoveryDelayMs = -1;
        m_snapshot.nextAttempt = {};
        apply(m_tracker.force(HealthState::Failed, step.reason, failure));
        return true;
    }
    const bool restartProcess = !m_config.isRemote() && !m_reconnectInPlace;
    m_snapshot.recoveryAttempt = step.attempt;
    m_snapshot.recoveryDelayMs = step.delayMs;
    m_snapshot.nextAttempt = QDateTime::currentDateTimeUtc().addMSecs(step.delayMs);
    apply(m_tracker.force(HealthState::Recovering,
        u"%1 %2 of %3 in %4 after %5"_s.arg(restartProcess ? u"restart"_s : u"reconnect"_s)
            .arg(step.attempt)
            .arg(rs.maxAttempts)
            .arg(formatDuration(step.delayMs), failureTypeName(failure.type)),
        failure));
    emitEvent(HealthEvent::Kind::Restart,
        {{"attempt"_L1, step.attempt}, {"delay_ms"_L1, double(step.delayMs)},
            {"reason"_L1, failureTypeName(failure.type)},
            {"action"_L1, restartProcess ? "restart"_L1 : "reconnect"_L1}});
    m_recoveryTimer->start(int(qMin<qint64>(step.delayMs, std::numeric_limits<int>::max())));
    refreshSnapshot();
    return true;
}

void ServerSupervisor::performRecovery()
{
    if (!m_running || m_tracker.state() != HealthState::Recovering)
        return;
    m_snapshot.nextAttempt = {};
    if (m_reconnectInPlace && m_session) {
        m_reconnectInPlace = false;
        m_connectClock.start();
        refreshSnapshot();
        m_session->rehandshake(); // ready() runs a check; failed() takes the next step
        return;
    }
    m_ladder.started(nowMs());
    ++m_snapshot.restartsTotal;
    refreshSnapshot();
    openSession();
}

void ServerSupervisor::announceCircuit(CircuitBreaker::State to)
{
    m_snapshot.circuit = to;
    emitEvent(HealthEvent::Kind::Circuit, {{"to"_L1, CircuitBreaker::stateName(to)}});
    if (to == CircuitBreaker::State::Open)
        m_breakerTimer->start(m_config.settings.restart.circuit.openForMs);
}

void ServerSupervisor::recordBreaker(bool ok)
{
    // Time first (open → half-open), then the result: each transition is its own event.
    if (const auto to = m_breaker.poll(nowMs()))
        announceCircuit(*to);
    if (const auto to = m_breaker.record(ok, nowMs()))
        announceCircuit(*to);
}

bool ServerSupervisor::allowCall()
{
    if (const auto to = m_breaker.poll(nowMs())) {
        announceCircuit(*to);
        refreshSnapshot();
    }
    return m_breaker.allow(nowMs());
}

void ServerSupervisor::releaseCall()
{
    m_breaker.release();
}

void ServerSupervisor::recordCall(bool ok)
{
    const CircuitBreaker::State before = m_snapshot.circuit;
    recordBreaker(ok);
    if (m_snapshot.circuit != before)
        refreshSnapshot(); // the failover group hears of an open breaker at once
}

bool ServerSupervisor::recordPassiveFailure(const QString &method, const Failure &failure, qint64 durationUs)
{
    if (!m_running || !isUp(m_tracker.state()))
        return false;
    if (m_lastPassiveMs >= 0 && nowMs() - m_lastPassiveMs < m_config.settings.intervalMs)
        return false;
    m_lastPassiveMs = nowMs();
    CheckResult r;
    r.server = m_config.name;
    r.startedAt = QDateTime::currentDateTimeUtc();
    r.ok = false;
    r.failure = failure;
    r.durationUs = durationUs;
    r.passive = true;
    r.passiveMethod = method;
    ++m_snapshot.checksTotal;
    ++m_snapshot.failuresTotal;
    m_snapshot.lastFailure = failure;
    m_snapshot.lastFailureAt = r.startedAt;
    apply(m_tracker.record(r));
    refreshSnapshot();
    Q_EMIT checkFinished(r);
    if (m_tracker.state() == HealthState::Unhealthy) {
        // Deferred: this runs inside the gateway's reply callback, and recovery ends that session.
        QTimer::singleShot(0, this, [this, failure, r] {
            if (m_tracker.state() == HealthState::Unhealthy && !startRecovery(failure) && m_running)
                scheduleAfter(r);
        });
    } else if (!m_probe->isRunning()) {
        scheduleNext(0); // a probe now confirms the failure (at the timeout's pace) or clears it
    }
    return true;
}

void ServerSupervisor::scheduleAfter(const CheckResult &r)
{
    const MonitorSettings &s = m_config.settings;
    if (r.failure.type == FailureType::ProcessExit || (r.ok || m_tracker.state() == HealthState::Unhealthy)) {
        if (r.failure.retryAfterMs <= 0) {
            // The regular beat: may run a little early to share a wakeup with other servers.
            scheduleNext(s.intervalMs, CheckScheduler::slackFor(s.intervalMs));
            return;
        }
    }
    qint64 delay = s.intervalMs;
    if (!r.ok && m_tracker.state() != HealthState::Unhealthy && r.failure.type != FailureType::ProcessExit) {
        // Confirm a failure quickly: a timeout already waited, a fast failure waits as long as one would.
        delay = qBound(qint64(0), qint64(s.timeoutMs) - r.durationUs / 1000, qint64(s.intervalMs));
    }
    if (r.failure.retryAfterMs > 0)
        delay = qMax<qint64>(delay, r.failure.retryAfterMs); // never earlier than the server asked
    scheduleNext(delay);
}

void ServerSupervisor::tick()
{
    if (!m_running || m_tracker.state() == HealthState::Recovering)
        return;
    if (!m_session) {
        openSession();
        return;
    }
    if (m_session->isReady())
        runCheck();
    else if (m_session->state() == McpSession::State::Failed)
        openSession();
}

void ServerSupervisor::scheduleNext(qint64 delayMs, qint64 earlyMs)
{
    if (!m_scheduler)
        return;
    m_scheduler->schedule(this, delayMs, earlyMs, [this] { tick(); });
    m_snapshot.nextCheck = QDateTime::currentDateTimeUtc().addMSecs(delayMs);
}

void ServerSupervisor::cancelCheck()
{
    if (m_scheduler)
        m_scheduler->cancel(this);
}

void ServerSupervisor::refreshSnapshot()
{
    m_snapshot.consecutiveFailures = m_tracker.consecutiveFailures();
    m_snapshot.errorRate = m_tracker.errorRate();
    Q_EMIT snapshotChanged(m_snapshot);
}

void ServerSupervisor::apply(const std::optional<HealthTracker::Transition> &t, Cause cause)
{
    if (!t)
        return;
    const bool initial = t->from == t->to;
    HealthEvent ev;
    ev.ts = QDateTime::currentDateTimeUtc();
    ev.kind = HealthEvent::Kind::State;
    ev.server = m_config.name;
    if (!initial)
        ev.from = t->from;
    ev.to = t->to;
    ev.failure = t->failure;
    ev.detail = t->detail;
    ev.byUser = cause == Cause::User; // the history does not count it as downtime
    m_snapshot.state = t->to;
    m_snapshot.stateSince = ev.ts;
    m_snapshot.stateByUser = cause == Cause::User;
    refreshSnapshot();
    Q_EMIT eventOccurred(ev);
}

void ServerSupervisor::emitEvent(HealthEvent::Kind kind, const QJsonObject &extra)
{
    HealthEvent ev;
    ev.ts = QDateTime::currentDateTimeUtc();
    ev.kind = kind;
    ev.server = m_config.name;
    ev.extra = extra;
    Q_EMIT eventOccurred(ev);
}

} // namespace lifeline
