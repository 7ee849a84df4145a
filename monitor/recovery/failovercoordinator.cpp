#include "failovercoordinator.h"

#include "config/duration.h"

#include <QJsonArray>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

QJsonObject FailoverGroupSnapshot::toJson() const
{
    QJsonArray f;
    for (const QString &m : fallbacks)
        f.append(m);
    return {{"name"_L1, name}, {"primary"_L1, primary}, {"fallbacks"_L1, f}, {"active"_L1, active},
        {"strategy"_L1, strategy}, {"auto"_L1, automatic}, {"degraded"_L1, degraded},
        {"active_since"_L1,
            activeSince.isValid() ? QJsonValue(HealthEvent::formatTimestamp(activeSince))
                                  : QJsonValue(QJsonValue::Null)},
        {"reason"_L1, reason}};
}

FailoverCoordinator::FailoverCoordinator(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<lifeline::FailoverGroupSnapshot>();
}

void FailoverCoordinator::setGroups(const QList<FailoverGroup> &groups)
{
    QMap<QString, Group> next;
    m_groupOf.clear();
    for (const FailoverGroup &cfg : groups) {
        Group g;
        auto old = m_groups.find(cfg.name);
        if (old != m_groups.end() && old->config.members().contains(old->active)
            && cfg.members().contains(old->active)) {
            g = *old; // the same group: it keeps serving from the member it has
            old->restore = nullptr;
        } else {
            g.active = cfg.primary;
            g.activeSince = QDateTime::currentDateTimeUtc();
            g.reason = u"primary"_s;
        }
        g.config = cfg;
        if (!g.restore) {
            g.restore = new QTimer(this);
            g.restore->setSingleShot(true);
            const QString name = cfg.name;
            connect(g.restore, &QTimer::timeout, this, [this, name] {
                auto it = m_groups.find(name);
                if (it == m_groups.end() || it->active == it->config.primary || !isUp(it->config.primary))
                    return;
                switchTo(*it, it->config.primary,
                    u"primary healthy for %1"_s.arg(formatDuration(it->config.restoreAfterMs)));
            });
        }
        for (const QString &m : cfg.members())
            m_groupOf.insert(m, cfg.name);
        next.insert(cfg.name, g);
    }
    for (Group &g : m_groups) {
        if (g.restore && !next.contains(g.config.name))
            g.restore->deleteLater();
    }
    m_groups = next;
    for (Group &g : m_groups) {
        announce(g);
        evaluate(g);
    }
}

bool FailoverCoordinator::isUp(const QString &server) const
{
    // A half-open breaker is a trial, not a verdict: the member answered a check, but the calls that
    // opened the breaker have not gone through since. Up (a member to fail over or restore to) once
    // it has closed again: a trial call or the next passing check succeeded. Nor is it down (the
    // active member keeps serving its trial calls): it is neither, like a member still starting.
    auto it = m_servers.constFind(server);
    return it != m_servers.cend() && lifeline::isUp(it->state)
        && it->circuit == CircuitBreaker::State::Closed;
}

bool FailoverCoordinator::isDown(const QString &server) const
{
    auto it = m_servers.constFind(server);
    if (it == m_servers.cend())
        return false; // not heard of yet: starting
    switch (it->state) {
    case HealthState::Unhealthy:
    case HealthState::Recovering:
    case HealthState::Failed:
    case HealthState::Offline:
    case HealthState::Disabled:
        return true;
    default:
        return it->circuit == CircuitBreaker::State::Open;
    }
}

void FailoverCoordinator::serverChanged(const MemberHealth &member)
{
    const auto old = m_servers.constFind(member.name);
    const bool moved
        = old == m_servers.cend() || old->state != member.state || old->circuit != member.circuit;
    m_servers.insert(member.name, member);
    if (!moved)
        return;
    const QString group = m_groupOf.value(member.name);
    if (!group.isEmpty())
        evaluate(m_groups[group]);
}

void FailoverCoordinator::serverRemoved(const QString &name)
{
    m_servers.remove(name);
}

void FailoverCoordinator::evaluate(Group &g)
{
    const FailoverGroup &c = g.config;
    // Hysteresis: the primary must stay up for restoreAfter without a break.
    if (g.active != c.primary && isUp(c.primary) && c.automatic
        && c.strategy == FailoverStrategy::AlternativeServer) {
        if (!g.restore->isActive())
            g.restore->start(c.restoreAfterMs);
    } else {
        g.restore->stop();
    }

    const bool wasDegraded = g.degraded;
    if (!isDown(g.active)) {
        g.degraded = false;
        if (wasDegraded)
            announce(g);
        return;
    }
    if (c.strategy != FailoverStrategy::AlternativeServer || !c.automatic) {
        // graceful_degradation stays on the primary, manual waits for a person: the group is degraded.
        g.degraded = true;
        if (!wasDegraded)
            announce(g);
        return;
    }
    const QString reason = u"%1 is %2"_s.arg(g.active, healthStateName(m_servers.value(g.active).state));
    for (const QString &m : c.members()) {
        if (m != g.active && isUp(m)) {
            switchTo(g, m,
                m_servers.value(g.active).circuit == CircuitBreaker::State::Open
                    ? g.active + u"'s circuit is open"_s
                    : reason);
            return;
        }
    }
    // Nothing is up: start a fallback that is not running, and switch once it is healthy.
    if (g.starting.isEmpty() || !isDown(g.starting)) {
        for (const QString &m : c.fallbacks) {
            const HealthState s = m_servers.value(m).state;
            if (m != g.active && m_servers.contains(m)
                && (s == HealthState::Offline || s == HealthState::Failed)) {
                g.starting = m;
                Q_EMIT startRequested(m);
                break;
            }
        }
    }
    g.degraded = true;
    if (!wasDegraded)
        announce(g);
}

void FailoverCoordinator::switchTo(Group &g, const QString &member, const QString &reason)
{
    if (member == g.active)
        return;
    const QString from = g.active;
    g.active = member;
    g.activeSince = QDateTime::currentDateTimeUtc();
    g.reason = reason;
    g.starting.clear();
    g.degraded = isDown(member);
    HealthEvent ev;
    ev.ts = g.activeSince;
    ev.kind = HealthEvent::Kind::Failover;
    ev.extra = {{"group"_L1, g.config.name}, {"from"_L1, from}, {"to"_L1, member}, {"reason"_L1, reason}};
    Q_EMIT eventOccurred(ev);
    announce(g);
    evaluate(g);
}

bool FailoverCoordinator::failover(const QString &group, const QString &member)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end())
        return false;
    QString target = member;
    if (target.isEmpty()) {
        for (const QString &m : it->config.members()) {
            if (m != it->active && isUp(m)) {
                target = m;
                break;
            }
        }
    }
    if (target.isEmpty() || !it->config.members().contains(target) || target == it->active)
        return false;
    switchTo(*it, target, u"switched by the user"_s);
    return true;
}

bool FailoverCoordinator::restorePrimary(const QString &group)
{
    auto it = m_groups.find(group);
    if (it == m_groups.end() || it->active == it->config.primary)
        return false;
    switchTo(*it, it->config.primary, u"primary restored by the user"_s);
    return true;
}

QString FailoverCoordinator::activeMember(const QString &group) const
{
    auto it = m_groups.constFind(group);
    return it == m_groups.cend() ? QString() : it->active;
}

FailoverGroupSnapshot FailoverCoordinator::snapshotOf(const Group &g) const
{
    FailoverGroupSnapshot s;
    s.name = g.config.name;
    s.primary = g.config.primary;
    s.fallbacks = g.config.fallbacks;
    s.active = g.active;
    s.strategy = failoverStrategyName(g.config.strategy);
    s.automatic = g.config.automatic;
    s.degraded = g.degraded;
    s.activeSince = g.activeSince;
    s.reason = g.reason;
    return s;
}

void FailoverCoordinator::announce(const Group &g)
{
    Q_EMIT groupChanged(snapshotOf(g));
}

QList<FailoverGroupSnapshot> FailoverCoordinator::groups() const
{
    QList<FailoverGroupSnapshot> out;
    for (const Group &g : m_groups)
        out.append(snapshotOf(g));
    return out;
}

} // namespace lifeline
