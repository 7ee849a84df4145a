#include "monitorengine.h"

#include "alerts/alert.h"

#include "checkscheduler.h"
#include "gateway/gateway.h"
#include "serversupervisor.h"

#include <QTimer>

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
}

MonitorEngine::MonitorEngine(QObject *parent)
    : QObject(parent)
    , m_failover(new FailoverCoordinator(this))
    , m_scheduler(new CheckScheduler(this))
    , m_gateway(new Gateway(this))
    , m_batchTimer(new QTimer(this))
{
    registerMetaTypes();
    m_batchTimer->setSingleShot(true);
    m_batchTimer->setInterval(kBatchMs);
    connect(m_batchTimer, &QTimer::timeout, this, &MonitorEngine::sendUpdates);
    connect(m_failover, &FailoverCoordinator::eventOccurred, this, [this](const HealthEvent &e) {
        sendUpdates();
        Q_EMIT eventOccurred(e);
    });
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
    return snapshot;
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
