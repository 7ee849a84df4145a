#pragma once

#include "config/serverconfig.h"
#include "health/resultwindow.h"

#include <QList>
#include <QString>
#include <optional>

namespace lifeline {

// Closed / open / half-open over the last `windowSize` results (checks now; the gateway's calls
// later). Opens when the failure rate in the window reaches the threshold with at least
// `minimumCalls` results; after `openFor` it lets `halfOpenCalls` probes through: a success
// closes it, a failure opens it again. Pure logic on a clock the caller gives (ms).
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };
    static QString stateName(State state); // "closed", "open", "half-open"

    explicit CircuitBreaker(const CircuitSettings &settings = {})
        : m_settings(settings)
        , m_window(settings.windowSize)
    { }

    // A result; the new state when it changed.
    std::optional<State> record(bool success, qint64 nowMs);
    // Time passing: open → half-open after openFor.
    std::optional<State> poll(qint64 nowMs);
    // May a call go through now? (Half-open admits halfOpenCalls at a time.)
    bool allow(qint64 nowMs);
    void setSettings(const CircuitSettings &settings)
    {
        m_settings = settings;
        m_window.setCapacity(settings.windowSize);
    }
    void reset();

    State state() const { return m_state; }
    double failureRate() const { return m_window.failureRate(); }
    qint64 openedAtMs() const { return m_openedAtMs; }

private:
    std::optional<State> moveTo(State state, qint64 nowMs);

    CircuitSettings m_settings;
    State m_state = State::Closed;
    ResultWindow m_window;
    qint64 m_openedAtMs = -1;
    int m_halfOpenInFlight = 0;
};

} // namespace lifeline
