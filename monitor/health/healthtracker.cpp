#include "healthtracker.h"

using namespace Qt::StringLiterals;

namespace lifeline {

static bool userHeld(HealthState s)
{
    return s == HealthState::Offline || s == HealthState::Disabled || s == HealthState::Failed;
}

double HealthTracker::errorRate() const
{
    return m_window.failureRate();
}

void HealthTracker::remember(bool ok)
{
    m_window.add(!ok);
}

QString HealthTracker::degradedReason(const CheckResult &r) const
{
    if (r.latencyUs >= 0 && r.latencyUs > qint64(m_settings.latencyWarningMs) * 1000) {
        return u"latency %1 ms over the warning threshold of %2 ms"_s.arg(r.latencyUs / 1000)
            .arg(m_settings.latencyWarningMs);
    }
    const double rate = errorRate();
    if (m_window.size() >= kMinSamples && rate > m_settings.errorRateWarning) {
        return u"error rate %1% over the warning threshold of %2% (last %3 checks)"_s.arg(qRound(rate * 100))
            .arg(m_settings.errorRateWarning * 100)
            .arg(m_window.size());
    }
    return {};
}

std::optional<HealthTracker::Transition> HealthTracker::moveTo(
    HealthState to, const Failure &failure, const QString &detail)
{
    if (to == m_state)
        return std::nullopt;
    Transition t {m_state, to, failure, detail};
    m_state = to;
    return t;
}

std::optional<HealthTracker::Transition> HealthTracker::record(const CheckResult &r)
{
    remember(r.ok);
    if (r.ok) {
        ++m_consecutiveSuccesses;
        m_consecutiveFailures = 0;
    } else {
        ++m_consecutiveFailures;
        m_consecutiveSuccesses = 0;
        m_lastFailure = r.failure;
    }
    if (userHeld(m_state))
        return std::nullopt;

    if (r.ok) {
        if ((m_state == HealthState::Unhealthy || m_state == HealthState::Recovering)
            && m_consecutiveSuccesses < m_settings.successThreshold)
            return std::nullopt;
        const QString reason = degradedReason(r);
        return moveTo(reason.isEmpty() ? HealthState::Healthy : HealthState::Degraded, {}, reason);
    }

    if (m_state == HealthState::Recovering)
        return std::nullopt; // the recovery attempt failed: the supervisor takes the next step
    if (r.failure.type == FailureType::ProcessExit || m_consecutiveFailures >= m_settings.failureThreshold) {
        QString detail = r.failure.detail;
        if (r.failure.type != FailureType::ProcessExit && m_settings.failureThreshold > 1)
            detail += u" (%1 consecutive failures)"_s.arg(m_consecutiveFailures);
        return moveTo(HealthState::Unhealthy, r.failure, detail);
    }
    // Below the threshold a failure does not take the server down, but it may show in the error rate.
    if (m_state == HealthState::Healthy) {
        const double rate = errorRate();
        if (m_window.size() >= kMinSamples && rate > m_settings.errorRateWarning) {
            return moveTo(HealthState::Degraded, r.failure,
                u"error rate %1% over the warning threshold of %2% (last %3 checks): %4"_s
                    .arg(qRound(rate * 100))
                    .arg(m_settings.errorRateWarning * 100)
                    .arg(m_window.size())
                    .arg(r.failure.detail));
        }
    }
    return std::nullopt;
}

std::optional<HealthTracker::Transition> HealthTracker::recordProcessExit(const Failure &failure)
{
    m_lastFailure = failure;
    ++m_consecutiveFailures;
    m_consecutiveSuccesses = 0;
    remember(false);
    if (userHeld(m_state) || m_state == HealthState::Recovering)
        return std::nullopt;
    return moveTo(HealthState::Unhealthy, failure, failure.detail);
}

std::optional<HealthTracker::Transition> HealthTracker::force(
    HealthState state, const QString &detail, const Failure &failure)
{
    if (state == HealthState::Starting) {
        m_consecutiveFailures = 0;
        m_consecutiveSuccesses = 0;
    }
    return moveTo(state, failure, detail);
}

} // namespace lifeline
