#include "monitorengine.h"

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
}

MonitorEngine::MonitorEngine(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
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
        sup = new ServerSupervisor(*it.value(), this);
        connect(sup, &ServerSupervisor::snapshotChanged, this, &MonitorEngine::snapshotChanged);
        connect(sup, &ServerSupervisor::eventOccurred, this, &MonitorEngine::eventOccurred);
        connect(sup, &ServerSupervisor::checkFinished, this, &MonitorEngine::checkFinished);
        m_supervisors.insert(it.key(), sup);
        sup->start();
    }
    Q_EMIT configApplied(int(m_supervisors.size()));
}

void MonitorEngine::checkNow(const QString &name)
{
    if (ServerSupervisor *s = m_supervisors.value(name))
        s->checkNow();
}

void MonitorEngine::stopServer(const QString &name)
{
    if (ServerSupervisor *s = m_supervisors.value(name))
        s->stop();
}

void MonitorEngine::startServer(const QString &name)
{
    if (ServerSupervisor *s = m_supervisors.value(name))
        s->start();
}

void MonitorEngine::restartServer(const QString &name)
{
    if (ServerSupervisor *s = m_supervisors.value(name))
        s->restart();
}

void MonitorEngine::disableServer(const QString &name)
{
    if (ServerSupervisor *s = m_supervisors.value(name))
        s->disable();
}

void MonitorEngine::enableServer(const QString &name)
{
    if (ServerSupervisor *s = m_supervisors.value(name))
        s->enable();
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
        out.append(s->snapshot());
    return out;
}

} // namespace lifeline
