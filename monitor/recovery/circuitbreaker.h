#pragma once

#include "config/serverconfig.h"
#include "health/resultwindow.h"

#include <QList>
#include <QString>
#include <optional>

namespace lifeline {

// Closed / open / half-open over the last `windowSize` results (checks and the gateway's calls).
// Opens when the failure rate in the window reaches the threshold with at least `minimumCalls`
// results; after `openFor`, or at once when a check passes (checkPassed()), it is half-open and
// lets `halfOpenCalls` calls through: the next result (a call's or a check's) decides — a success
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
    // A check passed: open → half-open without waiting for openFor. The server answers again, so
    // refusing every call for the rest of openFor only hides a working server from its clients;
    // the first call is the trial and a failing one opens the breaker again at once.
    std::optional<State> checkPassed(qint64 nowMs);
    // May a call go through now? (Half-open admits halfOpenCalls at a time.)
    bool allow(qint64 nowMs);
    // A call allow()ed was not sent after all: its half-open place goes back, it decides nothing.
    void release();
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
