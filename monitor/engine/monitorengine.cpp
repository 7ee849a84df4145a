#include "monitorengine.h"

#include "alerts/alert.h"

#include "checkscheduler.h"
#include "gateway/gateway.h"
#include "serversupervisor.h"

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
}

MonitorEngine::MonitorEngine(QObject *parent)
    : QObject(parent)
    , m_failover(new FailoverCoordinator(this))
    , m_scheduler(new CheckScheduler(this))
    , m_gateway(new Gateway(this))
{
    registerMetaTypes();
    connect(m_failover, &FailoverCoordinator::eventOccurred, this, &MonitorEngine::eventOccurred);
    connect(m_failover, &FailoverCoordinator::startRequested, this, &MonitorEngine::startServer);
    connect(m_failover, &FailoverCoordinator::groupChanged, this, [this](const FailoverGroupSnapshot &g) {
        Q_EMIT groupChanged(g);
        // Every member's snapshot says who is active now.
        for (const QString &m : QStringList {g.primary} + g.fallbacks) {
            if (const ServerSupervisor *s = m_supervisors.value(m))
                Q_EMIT snapshotChanged(decorate(s->snapshot()));
        }
    });
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
            m_failover->serverChanged(s);
            Q_EMIT snapshotChanged(decorate(s));
        });
        connect(sup, &ServerSupervisor::eventOccurred, this, &MonitorEngine::eventOccurred);
        connect(sup, &ServerSupervisor::checkFinished, this, &MonitorEngine::checkFinished);
        m_supervisors.insert(it.key(), sup);
        sup->start();
    }
    m_failover->setGroups(config.failover);
    m_gateway->setSettings(config.gateway);
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
