#pragma once

#include "circuitbreaker.h"
#include "config/serverconfig.h"
#include "health/healthevent.h"
#include "health/healthstate.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QObject>

class QTimer;

namespace lifeline {

// What other parts (the UI, the status server, a future gateway) need of a failover group.
struct FailoverGroupSnapshot
{
    QString name;
    QString primary;
    QStringList fallbacks;
    QString active; // the member that serves now: a first-class value, not a UI detail
    QString strategy; // alternative_server | graceful_degradation | manual
    bool automatic = true;
    bool degraded = false; // the active member is down and nothing better is up
    QDateTime activeSince; // UTC
    QString reason; // why the active member is the active member
    QJsonObject toJson() const;
};

// What a group needs to know of a member: whether it can serve. The engine's snapshots carry much
// more; the coordinator takes only this.
struct MemberHealth
{
    QString name;
    HealthState state = HealthState::Starting;
    CircuitBreaker::State circuit = CircuitBreaker::State::Closed;
};

// Keeps one active member per failover group: fails over to the next healthy member when the
// active one goes down (unhealthy, recovering, failed, stopped, or its breaker opens), starts a
// stopped fallback first when no member is up, and goes back to the primary only after it has been
// healthy, its breaker closed, for restoreAfter without a break (hysteresis: no flapping). A member
// whose breaker is half-open is neither up nor down until its trial decides. Lives on the engine thread.
class FailoverCoordinator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailoverCoordinator)
public:
    explicit FailoverCoordinator(QObject *parent = nullptr);

    void setGroups(const QList<FailoverGroup> &groups); // unchanged groups keep their active member
    void serverChanged(const MemberHealth &member);
    void serverRemoved(const QString &name);
    bool failover(const QString &group, const QString &member = {}); // manual; empty: next healthy
    bool restorePrimary(const QString &group);

    QList<FailoverGroupSnapshot> groups() const;
    QString groupOf(const QString &server) const { return m_groupOf.value(server); }
    QString activeMember(const QString &group) const;

Q_SIGNALS:
    void eventOccurred(const lifeline::HealthEvent &event);
    void groupChanged(const lifeline::FailoverGroupSnapshot &group);
    void startRequested(const QString &server); // a fallback that is not running must be started

private:
    struct Group
    {
        FailoverGroup config;
        QString active;
        bool degraded = false;
        QDateTime activeSince;
        QString reason;
        QString starting; // a fallback we asked to start, to switch to once it is up
        QTimer *restore = nullptr;
    };

    bool isUp(const QString &server) const;
    bool isDown(const QString &server) const;
    void evaluate(Group &g);
    void switchTo(Group &g, const QString &member, const QString &reason);
    void announce(const Group &g);
    FailoverGroupSnapshot snapshotOf(const Group &g) const;

    QMap<QString, Group> m_groups;
    QHash<QString, QString> m_groupOf;
    QHash<QString, MemberHealth> m_servers;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::FailoverGroupSnapshot)
