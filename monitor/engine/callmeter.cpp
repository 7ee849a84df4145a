#include "callmeter.h"

namespace lifeline {

static constexpr qint64 kMinuteMs = 60'000;

void CallMeter::record(qint64 nowMs, bool error, bool toolError)
{
    const qint64 second = nowMs / 1000;
    Bucket &b = m_buckets[std::size_t(second % kWindowSeconds)];
    if (b.second != second)
        b = Bucket {second, 0, 0, 0};
    ++b.calls;
    ++m_callsTotal;
    if (error) {
        ++b.errors;
        ++m_errorsTotal;
    }
    if (toolError) {
        ++b.toolErrors;
        ++m_toolErrorsTotal;
    }
    const qint64 minute = nowMs - nowMs % kMinuteMs;
    if (m_minuteStartMs != minute) {
        // The engine takes a finished minute before it records the next call; one left here
        // (a caller that never takes them) is dropped rather than merged into the new minute.
        m_minuteStartMs = minute;
        m_minuteCalls = 0;
        m_minuteErrors = 0;
    }
    ++m_minuteCalls;
    if (error)
        ++m_minuteErrors;
}

qint64 CallMeter::sum(qint64 nowMs, qint64 Bucket::*field) const
{
    const qint64 second = nowMs / 1000;
    qint64 total = 0;
    for (const Bucket &b : m_buckets) {
        if (b.second > second - kWindowSeconds && b.second <= second)
            total += b.*field;
    }
    return total;
}

qint64 CallMeter::callsInWindow(qint64 nowMs) const
{
    return sum(nowMs, &Bucket::calls);
}

qint64 CallMeter::errorsInWindow(qint64 nowMs) const
{
    return sum(nowMs, &Bucket::errors);
}

qint64 CallMeter::toolErrorsInWindow(qint64 nowMs) const
{
    return sum(nowMs, &Bucket::toolErrors);
}

bool CallMeter::idle(qint64 nowMs) const
{
    return m_minuteStartMs < 0 && callsInWindow(nowMs) == 0;
}

bool CallMeter::takeFinishedMinute(qint64 nowMs, CallMinute *minute)
{
    if (m_minuteStartMs < 0 || nowMs < m_minuteStartMs + kMinuteMs)
        return false;
    return takeOpenMinute(minute);
}

bool CallMeter::takeOpenMinute(CallMinute *minute)
{
    if (m_minuteStartMs < 0)
        return false;
    minute->minuteStartMs = m_minuteStartMs;
    minute->calls = m_minuteCalls;
    minute->errors = m_minuteErrors;
    m_minuteStartMs = -1;
    m_minuteCalls = 0;
    m_minuteErrors = 0;
    return true;
}

} // namespace lifeline
