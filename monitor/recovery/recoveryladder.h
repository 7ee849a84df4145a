#pragma once

#include "config/serverconfig.h"

#include <QList>
#include <QString>
#include <functional>

namespace lifeline {

// The restart ladder of one server. Pure logic on a clock the caller gives (ms): which attempt
// comes next and after how long, or that it is time to give up (attempts used up, or the start
// limit of `burst` starts in `burstWindow` reached). A healthy stretch of `resetAfter` resets it.
class RecoveryLadder
{
public:
    using Random = std::function<double()>; // uniform in [0, 1), for full jitter

    explicit RecoveryLadder(const RestartSettings &settings = {}, Random random = {});

    struct Step
    {
        bool giveUp = false;
        int attempt = 0; // 1-based
        qint64 delayMs = 0;
        QString reason; // why we give up
    };

    // Recovery is needed now: the next step of the ladder.
    Step next(qint64 nowMs);
    // A start of the server happened (the first one, a restart, a manual start).
    void started(qint64 nowMs);
    // The server was seen healthy; a stretch of resetAfter resets the ladder.
    void healthy(qint64 nowMs);
    void unhealthy() { m_healthySinceMs = -1; }
    void reset(); // a person said "restart now"
    void setSettings(const RestartSettings &settings) { m_settings = settings; }

    int attempts() const { return m_attempts; }
    int startsInWindow(qint64 nowMs) const;
    qint64 stepMs(int attempt) const; // the ladder's step for an attempt, before jitter

private:
    RestartSettings m_settings;
    Random m_random;
    int m_attempts = 0;
    QList<qint64> m_starts;
    qint64 m_healthySinceMs = -1;
};

} // namespace lifeline
