#include "circuitbreaker.h"

using namespace Qt::StringLiterals;

namespace lifeline {

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return u"closed"_s;
    case State::Open:
        return u"open"_s;
    case State::HalfOpen:
        return u"half-open"_s;
    }
    return {};
}

std::optional<CircuitBreaker::State> CircuitBreaker::moveTo(State state, qint64 nowMs)
{
    if (state == m_state)
        return std::nullopt;
    m_state = state;
    m_halfOpenInFlight = 0;
    if (state == State::Open)
        m_openedAtMs = nowMs;
    if (state == State::Closed)
        m_window.clear(); // a fresh start: old failures do not count against the closed circuit
    return state;
}

std::optional<CircuitBreaker::State> CircuitBreaker::poll(qint64 nowMs)
{
    if (m_state == State::Open && nowMs - m_openedAtMs >= m_settings.openForMs)
        return moveTo(State::HalfOpen, nowMs);
    return std::nullopt;
}

std::optional<CircuitBreaker::State> CircuitBreaker::checkPassed(qint64 nowMs)
{
    if (m_state == State::Open)
        return moveTo(State::HalfOpen, nowMs);
    return std::nullopt;
}

void CircuitBreaker::release()
{
    if (m_state == State::HalfOpen && m_halfOpenInFlight > 0)
        --m_halfOpenInFlight;
}

bool CircuitBreaker::allow(qint64 nowMs)
{
    poll(nowMs);
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_halfOpenInFlight >= m_settings.halfOpenCalls)
            return false;
        ++m_halfOpenInFlight;
        return true;
    }
    return false;
}

std::optional<CircuitBreaker::State> CircuitBreaker::record(bool success, qint64 nowMs)
{
    const std::optional<State> timed = poll(nowMs);
    if (m_state == State::HalfOpen) {
        // The probe decides: success closes, failure opens again.
        const auto moved = moveTo(success ? State::Closed : State::Open, nowMs);
        return moved ? moved : timed;
    }
    if (m_state == State::Open)
        return timed; // results while open (should not happen with allow()) change nothing
    m_window.add(!success);
    if (m_window.size() >= m_settings.minimumCalls && failureRate() >= m_settings.failureRateThreshold)
        return moveTo(State::Open, nowMs);
    return timed;
}

void CircuitBreaker::reset()
{
    m_state = State::Closed;
    m_window.clear();
    m_openedAtMs = -1;
    m_halfOpenInFlight = 0;
}

} // namespace lifeline
