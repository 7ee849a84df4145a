#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <array>

namespace lifeline {

// Calls through the gateway to one server, counted in one minute (UTC): the history's
// `throughput` rows. A value type: it crosses threads.
struct CallMinute
{
    QString server;
    qint64 minuteStartMs = 0; // ms since the epoch, UTC, a whole minute
    qint64 calls = 0;
    qint64 errors = 0; // every outcome but ok: upstream errors, timeouts, lost calls, refusals, tool errors
};
using CallMinutes = QList<CallMinute>;

// One server's gateway calls: totals, a sliding window of the last kWindowSeconds (one-second
// buckets, so a burst of thousands of calls costs no memory) and the minute being counted.
// Pure logic, time passed in (ms since the epoch).
class CallMeter
{
public:
    static constexpr int kWindowSeconds = 60;

    // `error`: any outcome but ok; `toolError`: that error was a tool's own (result.isError), counted
    // among the errors and also apart, since the server itself is fine.
    void record(qint64 nowMs, bool error, bool toolError = false);

    qint64 callsTotal() const { return m_callsTotal; }
    qint64 errorsTotal() const { return m_errorsTotal; }
    qint64 callsInWindow(qint64 nowMs) const;
    qint64 errorsInWindow(qint64 nowMs) const;
    qint64 toolErrorsTotal() const { return m_toolErrorsTotal; }
    qint64 toolErrorsInWindow(qint64 nowMs) const;
    double callsPerSecond(qint64 nowMs) const { return double(callsInWindow(nowMs)) / kWindowSeconds; }
    bool idle(qint64 nowMs) const; // nothing in the window and no minute left to hand over

    // The minute counted so far once it is over (a call in a later minute, or the clock past it).
    bool takeFinishedMinute(qint64 nowMs, CallMinute *minute);
    // The minute counted so far, over or not (Lifeline stops: what it has counted is kept).
    bool takeOpenMinute(CallMinute *minute);

private:
    struct Bucket
    {
        qint64 second = -1;
        qint64 calls = 0;
        qint64 errors = 0;
        qint64 toolErrors = 0;
    };
    qint64 sum(qint64 nowMs, qint64 Bucket::*field) const;

    std::array<Bucket, kWindowSeconds> m_buckets {};
    qint64 m_callsTotal = 0;
    qint64 m_errorsTotal = 0;
    qint64 m_toolErrorsTotal = 0;
    qint64 m_minuteStartMs = -1; // -1: no minute open
    qint64 m_minuteCalls = 0;
    qint64 m_minuteErrors = 0;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::CallMinutes)
