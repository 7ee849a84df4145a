#include "actiontracker.h"

#include "servertablemodel.h"

#include <QLocale>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

ActionTracker::ActionTracker(QObject *parent)
    : QObject(parent)
    , m_expiry(new QTimer(this))
{
    m_expiry->setInterval(1000);
    connect(m_expiry, &QTimer::timeout, this, &ActionTracker::expire);
}

ActionTracker::~ActionTracker() = default;

QString ActionTracker::runningText(Kind kind, const QString &server, const QString &target)
{
    switch (kind) {
    case Kind::CheckNow:
        return tr("Checking %1…").arg(server);
    case Kind::Restart:
        return tr("Restarting %1…").arg(server);
    case Kind::Stop:
        return tr("Stopping %1…").arg(server);
    case Kind::Start:
        return tr("Starting %1…").arg(server);
    case Kind::Disable:
        return tr("Disabling %1…").arg(server);
    case Kind::Enable:
        return tr("Enabling %1…").arg(server);
    case Kind::Failover:
        return tr("Failing over from %1 to %2…").arg(server, target);
    case Kind::RestorePrimary:
        return tr("Restoring %1 as the active member…").arg(target);
    }
    return {};
}

void ActionTracker::begin(Kind kind, const QString &server, const QString &target)
{
    Pending p {kind, target, QDateTime::currentDateTimeUtc(), {}};
    p.clock.start();
    m_pending.insert(server, p);
    m_expiry->start();
}

void ActionTracker::snapshotSeen(const ServerSnapshot &s)
{
    auto it = m_pending.find(s.name);
    if (it == m_pending.end())
        return;
    const Pending &p = *it;
    const QString ms = QLocale().toString(p.clock.elapsed());
    const bool changedSince = s.stateSince.isValid() && s.stateSince >= p.since;
    QString message;
    bool ok = true;
    switch (p.kind) {
    case Kind::CheckNow:
        if (s.lastCheck.isValid() && s.lastCheck >= p.since) {
            message = s.lastLatencyMs >= 0 && isUp(s.state)
                ? tr("Checked %1: %2, %3 ms")
                      .arg(s.name, ServerTableModel::statusText(s.state).toLower())
                      .arg(s.lastLatencyMs, 0, 'f', 1)
                : tr("Checked %1: %2").arg(s.name, ServerTableModel::statusText(s.state).toLower());
            ok = isUp(s.state);
        }
        break;
    case Kind::Restart:
    case Kind::Start:
    case Kind::Enable:
        if (changedSince && isUp(s.state)) {
            message = p.kind == Kind::Restart ? tr("Restarted %1 in %2 ms").arg(s.name, ms)
                                              : tr("Started %1 in %2 ms").arg(s.name, ms);
        } else if (changedSince && (s.state == HealthState::Failed || s.state == HealthState::Unhealthy)) {
            message = tr("%1 did not come up: %2")
                          .arg(s.name,
                              s.lastFailure.detail.isEmpty() ? ServerTableModel::statusText(s.state)
                                                             : s.lastFailure.detail);
            ok = false;
        }
        break;
    case Kind::Stop:
        if (s.state == HealthState::Offline)
            message = tr("Stopped %1").arg(s.name);
        break;
    case Kind::Disable:
        if (s.state == HealthState::Disabled)
            message = tr("Disabled %1").arg(s.name);
        break;
    case Kind::Failover:
    case Kind::RestorePrimary:
        if (!p.target.isEmpty() && s.groupActive == p.target)
            message = tr("%1 is now the active member of %2 (%3 ms)").arg(p.target, s.group, ms);
        break;
    }
    if (message.isEmpty())
        return;
    m_pending.erase(it);
    if (m_pending.isEmpty())
        m_expiry->stop();
    Q_EMIT finished(s.name, message, ok);
}

void ActionTracker::expire()
{
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->clock.elapsed() < m_timeoutMs) {
            ++it;
            continue;
        }
        const QString server = it.key();
        it = m_pending.erase(it);
        Q_EMIT finished(server, tr("%1: no result after %2 s").arg(server).arg(m_timeoutMs / 1000), false);
    }
    if (m_pending.isEmpty())
        m_expiry->stop();
}

} // namespace lifeline
