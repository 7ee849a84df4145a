#include "alertchannel.h"

using namespace Qt::StringLiterals;

namespace lifeline {

AlertChannel::AlertChannel(const ChannelSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &AlertChannel::startNext);
}

void AlertChannel::enqueue(const Alert &alert)
{
    if (m_unavailable)
        return;
    if (m_queue.size() + (m_current ? 1 : 0) >= m_settings.queueLimit) {
        // The one in flight stays: dropping it would not stop the attempt under way.
        if (!m_queue.isEmpty()) {
            const Alert oldest = m_queue.dequeue();
            ++m_dropped;
            Q_EMIT alertAbandoned(
                oldest.id, tr("dropped: more than %n alerts waiting", nullptr, m_settings.queueLimit));
        } else {
            ++m_dropped;
            Q_EMIT alertAbandoned(
                alert.id, tr("dropped: more than %n alerts waiting", nullptr, m_settings.queueLimit));
            return;
        }
    }
    m_queue.enqueue(alert);
    // Through the event loop: the caller (the alert engine) returns before any work starts.
    if (!m_current && !m_retryTimer.isActive())
        m_retryTimer.start(0);
}

void AlertChannel::startNext()
{
    if (m_inAttempt || m_unavailable)
        return;
    if (!m_current) {
        if (m_queue.isEmpty())
            return;
        m_current = m_queue.dequeue();
        m_failedAttempts = 0;
    }
    m_inAttempt = true;
    const Alert alert = *m_current; // deliver() may answer at once and move on
    deliver(alert);
}

void AlertChannel::attemptSucceeded()
{
    if (!m_inAttempt)
        return;
    m_inAttempt = false;
    const QString id = m_current ? m_current->id : QString();
    m_current.reset();
    ++m_delivered;
    Q_EMIT delivered(id);
    if (m_failing) {
        m_failing = false;
        Q_EMIT recovered();
    }
    if (!m_queue.isEmpty())
        m_retryTimer.start(0);
}

void AlertChannel::attemptFailed(const QString &message)
{
    if (!m_inAttempt)
        return;
    m_inAttempt = false;
    ++m_failedAttempts;
    fail(message);
    if (m_failedAttempts >= m_settings.attempts) {
        const QString id = m_current ? m_current->id : QString();
        m_current.reset();
        ++m_abandoned;
        Q_EMIT alertAbandoned(
            id, tr("not delivered after %n attempt(s): %1", nullptr, m_failedAttempts).arg(message));
        if (!m_queue.isEmpty())
            m_retryTimer.start(m_settings.retryDelay(m_failedAttempts));
        return;
    }
    m_retryTimer.start(m_settings.retryDelay(m_failedAttempts));
}

void AlertChannel::markUnavailable(const QString &message)
{
    m_inAttempt = false;
    m_unavailable = true;
    m_retryTimer.stop();
    const qsizetype lost = m_queue.size() + (m_current ? 1 : 0);
    m_queue.clear();
    m_current.reset();
    m_dropped += lost;
    fail(message);
}

void AlertChannel::fail(const QString &message)
{
    m_lastError = message;
    if (!m_failing) {
        m_failing = true;
        Q_EMIT failed(message);
    }
}

} // namespace lifeline
