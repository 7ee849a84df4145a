#include "checkscheduler.h"

#include <QTimer>

#include <limits>

namespace lifeline {

CheckScheduler::CheckScheduler(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_clock.start();
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &CheckScheduler::fireDue);
}

CheckScheduler::~CheckScheduler() = default;

void CheckScheduler::schedule(const void *owner, qint64 delayMs, qint64 earlyMs, std::function<void()> fire)
{
    const qint64 due = m_clock.elapsed() + qMax<qint64>(0, delayMs);
    if (m_firing)
        m_cancelledWhileFiring.insert(owner); // replaced: a pending fire of this round is stale
    m_entries.insert(owner, Entry {due, qBound<qint64>(0, earlyMs, delayMs), std::move(fire)});
    if (m_armedFor < 0 || due < m_armedFor) {
        m_armedFor = due;
        m_timer->start(int(qMin<qint64>(qMax<qint64>(0, delayMs), std::numeric_limits<int>::max())));
    }
}

void CheckScheduler::cancel(const void *owner)
{
    // The timer stays armed: if it was armed for this entry it finds nothing due and re-arms.
    m_entries.remove(owner);
    if (m_firing)
        m_cancelledWhileFiring.insert(owner);
    if (m_entries.isEmpty()) {
        m_timer->stop();
        m_armedFor = -1;
    }
}

qint64 CheckScheduler::remainingMs(const void *owner) const
{
    const auto it = m_entries.constFind(owner);
    return it == m_entries.cend() ? -1 : qMax<qint64>(0, it->dueMs - m_clock.elapsed());
}

void CheckScheduler::fireDue()
{
    ++m_wakeups;
    m_armedFor = -1;
    const qint64 now = m_clock.elapsed();
    QList<std::pair<const void *, std::function<void()>>> due;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->dueMs - it->earlyMs <= now) {
            due.append({it.key(), std::move(it->fire)});
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    // A callback may schedule or cancel entries (its own next check, or a peer's): take them
    // out first, and arm for what is left before running them.
    // One that a peer's callback cancelled meanwhile (a failover stopping it) does not fire.
    rearm();
    m_firing = true;
    for (const auto &[owner, fire] : std::as_const(due)) {
        if (!m_cancelledWhileFiring.contains(owner))
            fire();
    }
    m_firing = false;
    m_cancelledWhileFiring.clear();
}

void CheckScheduler::rearm()
{
    if (m_entries.isEmpty())
        return;
    qint64 next = std::numeric_limits<qint64>::max();
    for (const Entry &e : std::as_const(m_entries))
        next = qMin(next, e.dueMs);
    if (m_armedFor >= 0 && m_armedFor <= next)
        return;
    m_armedFor = next;
    m_timer->start(int(qBound<qint64>(0, next - m_clock.elapsed(), qint64(std::numeric_limits<int>::max()))));
}

} // namespace lifeline
