#pragma once

#include "checkresult.h"
#include "config/serverconfig.h"
#include "healthstate.h"
#include "resultwindow.h"

#include <QList>
#include <optional>

namespace lifeline {

// The per-server health state machine (Kubernetes-style thresholds). Pure logic, no I/O, no clock:
// it sees check results in order and says when the state changes.
class HealthTracker
{
public:
    explicit HealthTracker(const MonitorSettings &settings = {})
        : m_settings(settings)
    { }

    struct Transition
    {
        HealthState from;
        HealthState to;
        Failure failure;
        QString detail;
    };

    std::optional<Transition> record(const CheckResult &result);
    // The process is gone: unhealthy at once, whatever the thresholds say.
    std::optional<Transition> recordProcessExit(const Failure &failure);
    // A state set from outside (started, stopped, disabled, gave up).
    std::optional<Transition> force(
        HealthState state, const QString &detail = {}, const Failure &failure = {});
    void setSettings(const MonitorSettings &settings) { m_settings = settings; }

    HealthState state() const { return m_state; }
    int consecutiveFailures() const { return m_consecutiveFailures; }
    int consecutiveSuccesses() const { return m_consecutiveSuccesses; }
    double errorRate() const; // failed share of the last kWindow checks
    int windowCount() const { return m_window.size(); }
    const Failure &lastFailure() const { return m_lastFailure; }

    static constexpr int kWindow = 20;
    // The error-rate rule waits for this many results: one early failure is not a 50 % error rate.
    static constexpr int kMinSamples = 10;

private:
    std::optional<Transition> moveTo(HealthState to, const Failure &failure, const QString &detail);
    QString degradedReason(const CheckResult &result) const;
    void remember(bool ok);

    MonitorSettings m_settings;
    HealthState m_state = HealthState::Starting;
    int m_consecutiveFailures = 0;
    int m_consecutiveSuccesses = 0;
    ResultWindow m_window {kWindow};
    Failure m_lastFailure;
};

} // namespace lifeline
