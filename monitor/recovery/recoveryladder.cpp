#include "recoveryladder.h"

#include "config/duration.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace lifeline {

RecoveryLadder::RecoveryLadder(const RestartSettings &settings, Random random)
    : m_settings(settings)
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

qint64 RecoveryLadder::stepMs(int attempt) const
{
    if (m_settings.backoffMs.isEmpty())
        return 0;
    const int i = qBound(0, attempt - 1, int(m_settings.backoffMs.size()) - 1);
    return m_settings.backoffMs.at(i);
}

int RecoveryLadder::startsInWindow(qint64 nowMs) const
{
    int n = 0;
    for (qint64 t : m_starts)
        n += nowMs - t < m_settings.burstWindowMs ? 1 : 0;
    return n;
}

RecoveryLadder::Step RecoveryLadder::next(qint64 nowMs)
{
    Step s;
    if (m_attempts >= m_settings.maxAttempts) {
        s.giveUp = true;
        if (m_attempts == 1)
            s.reason = u"gave up after 1 restart attempt"_s;
        else
            s.reason = u"gave up after %1 restart attempts"_s.arg(m_attempts);
        return s;
    }
    // The start this step would make must fit the start limit.
    if (startsInWindow(nowMs) >= m_settings.burst) {
        s.giveUp = true;
        s.reason = u"start limit reached: %1 starts within %2"_s.arg(m_settings.burst)
                       .arg(formatDuration(m_settings.burstWindowMs));
        return s;
    }
    s.attempt = ++m_attempts;
    const qint64 step = stepMs(s.attempt);
    // Full jitter: anywhere in [0, step], so that many servers failing together do not restart together.
    s.delayMs = m_settings.jitter ? qint64(m_random() * double(step + 1)) : step;
    s.delayMs = qBound<qint64>(0, s.delayMs, step);
    return s;
}

void RecoveryLadder::started(qint64 nowMs)
{
    m_starts.append(nowMs);
    // Only the window matters; keep the list short.
    while (!m_starts.isEmpty() && nowMs - m_starts.first() >= m_settings.burstWindowMs)
        m_starts.removeFirst();
}

void RecoveryLadder::healthy(qint64 nowMs)
{
    if (m_healthySinceMs < 0)
        m_healthySinceMs = nowMs;
    if (m_attempts > 0 && nowMs - m_healthySinceMs >= m_settings.resetAfterMs)
        m_attempts = 0;
}

void RecoveryLadder::reset()
{
    m_attempts = 0;
    m_starts.clear();
    m_healthySinceMs = -1;
}

} // namespace lifeline
