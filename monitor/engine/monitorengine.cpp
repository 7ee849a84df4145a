#include "monitorengine.h"

#include "alerts/alert.h"

#include "checkscheduler.h"
#include "gateway/gateway.h"
#include "serversupervisor.h"

#include <QDateTime>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

void registerMetaTypes()
{
    qRegisterMetaType<lifeline::Config>();
    qRegisterMetaType<lifeline::ServerConfig>();
    qRegisterMetaType<lifeline::ServerSnapshot>();
    qRegisterMetaType<lifeline::HealthEvent>();
    qRegisterMetaType<lifeline::CheckResult>();
    qRegisterMetaType<lifeline::Failure>();
    qRegisterMetaType<lifeline::HealthState>();
    qRegisterMetaType<lifeline::FailoverGroupSnapshot>();
    qRegisterMetaType<lifeline::Alert>();
    qRegisterMetaType<lifeline::EngineUpdates>();
    qRegisterMetaType<lifeline::CallMinutes>();
}

MonitorEngine::MonitorEngine(QObject *parent)
    : QObject(parent)
    , m_failover(new FailoverCoordinator(this))
    , m_scheduler(new CheckScheduler(this))
    , m_gateway(new Gateway(this))
    , m_batchTimer(new QTimer(this))
    , m_callTimer(new QTimer(this))
{
    registerMetaTypes();
    m_batchTimer->setSingleShot(true);
    m_batchTimer->setInterval(kBatchMs);
    connect(m_batchTimer, &QTimer::timeout, this, &MonitorEngine::sendUpdates);
    connect(m_failover, &FailoverCoordinator::eventOccurred, this, [this](const HealthEvent &e) {
        sendUpdates();
        Q_EMIT eventOccurred(e);
    });
    // Consumed here rather than in the gateway: figures, minutes and passive checks are the engine's.
    connect(m_gateway, &Gateway::callFinished, this, &MonitorEngine::onGatewayCall);
    m_callTimer->setInterval(1000);
    connect(m_callTimer, &QTimer::timeout, this, &MonitorEngine::publishCallFigures);
    connect(m_failover, &FailoverCoordinator::startRequested, this, &MonitorEngine::startServer);
    connect(m_failover, &FailoverCoordinator::groupChanged, this, [this](const FailoverGroupSnapshot &g) {
        sendUpdates();
        Q_EMIT groupChanged(g);
        // Every member's snapshot says who is active now.
        for (const QString &m : QStringList {g.primary} + g.fallbacks) {
            if (const ServerSupervisor *s = m_supervisors.value(m)) {
                const ServerSnapshot snapshot = decorate(s->snapshot());
                Q_EMIT snapshotChanged(snapshot);
                queue(snapshot);
            }
        }
    });
}

void MonitorEngine::queue(EngineUpdate update)
{
    m_pending.append(std::move(update));
    if (!m_batchTimer->isActive())
        m_batchTimer->start();
}

void MonitorEngine::sendUpdates()
{
    if (m_pending.isEmpty())
        return;
    m_batchTimer->stop();
    EngineUpdates batch;
    batch.swap(m_pending);
    Q_EMIT updatesReady(batch);
}

void MonitorEngine::onServer(const QString &name, void (ServerSupervisor::*action)())
{
    // Actions name servers that may have left the config meanwhile: those are ignored.
    if (ServerSupervisor *s = m_supervisors.value(name))
        (s->*action)();
}

ServerSnapshot MonitorEngine::decorate(ServerSnapshot snapshot) const
{
    snapshot.group = m_failover->groupOf(snapshot.name);
    snapshot.groupActive = snapshot.group.isEmpty() ? QString() : m_failover->activeMember(snapshot.group);
    if (const auto meter = m_meters.constFind(snapshot.name); meter != m_meters.cend()) {
        const qint64 now = callNow();
        snapshot.callsPerSecond = meter->callsPerSecond(now);
        snapshot.callErrorsInWindow = meter->errorsInWindow(now);
        snapshot.callsTotal = meter->callsTotal();
        snapshot.callErrorsTotal = meter->errorsTotal();
        snapshot.toolErrorsInWindow = meter->toolErrorsInWindow(now);
        snapshot.toolErrorsTotal = meter->toolErrorsTotal();
    }
    return snapshot;
}

qint64 MonitorEngine::callNow() const
{
    return m_callClock ? m_callClock() : QDateTime::currentMSecsSinceEpoch();
}

void MonitorEngine::onGatewayCall(
    const QString &server, const QString &method, const QString &outcome, double seconds)
{
    ServerSupervisor *s = m_supervisors.value(server);
    if (!s)
        return; // unknown_target: nobody to count it for
    const qint64 now = callNow();
    CallMeter &meter = m_meters[server];
    CallMinute finished;
    if (meter.takeFinishedMinute(now, &finished)) {
        finished.server = server;
        sendUpdates();
        Q_EMIT callMinutesFinished({finished});
    }
    meter.record(now, outcome != "ok"_L1, outcome == "tool_error"_L1);
    if (!m_callTimer->isActive())
        m_callTimer->start();
    // Passive checks: a call the server never answered counts against its health; an answer, even
    // a JSON-RPC error, is the server working. The supervisor limits how often it counts.
    const qint64 us = qint64(seconds * 1e6);
    if (outcome == "timeout"_L1) {
        s->recordPassiveFailure(method,
            Failure::make(FailureType::Timeout,
                u"gateway call %1 got no answer within %2 s (passive check)"_s.arg(method).arg(
                    seconds, 0, 'f', 1)),
            us);
    } else if (outcome == "lost"_L1) {
        // Most lost calls died with their session (a process exit, a dropped connection), which
        // the supervisor handles itself; counting those too would start a second recovery beside
        // its own. Looked at once the session's end has been handled: only a call lost while the
        // session lives on (an HTTP request that failed on its own) is a passive failure.
        QTimer::singleShot(0, s, [s, method, us] {
            if (s->session() && s->session()->isReady()) {
                s->recordPassiveFailure(method,
                    Failure::make(FailureType::ConnectionError,
                        u"gateway call %1 was lost to a transport failure (passive check)"_s.arg(method)),
                    us);
            }
        });
    }
}

void MonitorEngine::publishCallFigures()
{
    const qint64 now = callNow();
    CallMinutes minutes;
    bool anyLeft = false;
    for (auto it = m_meters.begin(); it != m_meters.end(); ++it) {
        CallMinute m;
        if (it->takeFinishedMinute(now, &m)) {
            m.server = it.key();
            minutes.append(m);
        }
        // A snapshot only when the figures moved: an idle server's row is not repainted each second.
        const std::array<qint64, 3> figures {
            it->callsInWindow(now), it->errorsInWindow(now), it->callsTotal()};
        if (m_publishedCalls.value(it.key()) != figures) {
            m_publishedCalls.insert(it.key(), figures);
            if (const ServerSupervisor *s = m_supervisors.value(it.key())) {
                const ServerSnapshot snapshot = decorate(s->snapshot());
                Q_EMIT snapshotChanged(snapshot);
                queue(snapshot);
            }
        }
        anyLeft = anyLeft || !it->idle(now);
    }
    if (!minutes.isEmpty()) {
        sendUpdates();
        Q_EMIT callMinutesFinished(minutes);
    }
    if (!anyLeft)
        m_callTimer->stop();
}

bool MonitorEngine::failover(const QString &group, const QString &member)
{
    return m_failover->failover(group, member);
}

bool MonitorEngine::restorePrimary(const QString &group)
{
    return m_failover->restorePrimary(group);
}

MonitorEngine::~MonitorEngine()
{
    shutdown();
}

void MonitorEngine::applyConfig(const Config &config)
{
    QMap<QString, const ServerConfig *> wanted;
    for (const ServerConfig &s : config.servers)
        wanted.insert(s.name, &s);

    const QStringList current = m_supervisors.keys();
    for (const QString &name : current) {
        if (!wanted.contains(name)) {
            ServerSupervisor *sup = m_supervisors.take(name);
            sup->shutdown();
            sup->deleteLater();
            m_failover->serverRemoved(name);
            m_meters.remove(name);
            m_publishedCalls.remove(name);
            sendUpdates();
            Q_EMIT serverRemoved(name);
        }
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        ServerSupervisor *sup = m_supervisors.value(it.key());
        if (sup) {
            if (!(sup->config() == *it.value()))
                sup->updateConfig(*it.value());
            continue;
        }
        sup = new ServerSupervisor(*it.value(), m_scheduler, this);
        connect(sup, &ServerSupervisor::snapshotChanged, this, [this](const ServerSnapshot &s) {
            m_failover->serverChanged({s.name, s.state, s.circuit});
            const ServerSnapshot snapshot = decorate(s);
            Q_EMIT snapshotChanged(snapshot);
            queue(snapshot);
        });
        connect(sup, &ServerSupervisor::eventOccurred, this, [this](const HealthEvent &e) {
            sendUpdates();
            Q_EMIT eventOccurred(e);
        });
        connect(sup, &ServerSupervisor::checkFinished, this, [this](const CheckResult &r) {
            Q_EMIT checkFinished(r);
            queue(r);
        });
        m_supervisors.insert(it.key(), sup);
        sup->start();
    }
    m_failover->setGroups(config.failover);
    m_gateway->setSettings(config.gateway);
    sendUpdates();
    Q_EMIT configApplied(int(m_supervisors.size()));
}

void MonitorEngine::checkNow(const QString &name)
{
    onServer(name, &ServerSupervisor::checkNow);
}

void MonitorEngine::stopServer(const QString &name)
{
    onServer(name, &ServerSupervisor::stop);
}

void MonitorEngine::startServer(const QString &name)
{
    onServer(name, &ServerSupervisor::start);
}

void MonitorEngine::restartServer(const QString &name)
{
    onServer(name, &ServerSupervisor::restart);
}

void MonitorEngine::disableServer(const QString &name)
{
    onServer(name, &ServerSupervisor::disable);
}

void MonitorEngine::enableServer(const QString &name)
{
    onServer(name, &ServerSupervisor::enable);
}

void MonitorEngine::shutdown()
{
    for (ServerSupervisor *s : std::as_const(m_supervisors)) {
        s->shutdown();
        delete s;
    }
    m_supervisors.clear();
    sendUpdates(); // the last checks still reach the history
    // And the calls of the minute under way: the history closes after the engine.
    CallMinutes open;
    for (auto it = m_meters.begin(); it != m_meters.end(); ++it) {
        CallMinute m;
        if (it->takeOpenMinute(&m)) {
            m.server = it.key();
            open.append(m);
        }
    }
    if (!open.isEmpty())
        Q_EMIT callMinutesFinished(open);
}

QList<ServerSnapshot> MonitorEngine::snapshots() const
{
    QList<ServerSnapshot> out;
    out.reserve(m_supervisors.size());
    for (const ServerSupervisor *s : m_supervisors)
        out.append(decorate(s->snapshot()));
    return out;
}

} // namespace lifeline
