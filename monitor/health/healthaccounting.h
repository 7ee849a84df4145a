#pragma once

#include "healthevent.h"
#include "healthstate.h"

#include <QDateTime>
#include <QList>

#include <optional>

namespace lifeline {

// How time spent in a state counts towards uptime: the documented rule (README, "History"), in one
// place for the history, /mcp's live figures and the alerts. Healthy and degraded are up;
// unhealthy, recovering, failed and an exit on its own (offline, not the user's doing) are down;
// stopped or disabled by the user, starting, and time Lifeline was not running count as neither.
enum class UptimeClass {
    Neither,
    Up,
    Down,
};

// isUp() and isDown() (healthstate.h) say it of the states whose cause does not matter; offline
// depends on who stopped the server.
UptimeClass uptimeClass(HealthState state, bool byUser);

// How a state event's `to` state counts; nullopt for other kinds of event.
std::optional<UptimeClass> uptimeClass(const HealthEvent &event);

struct UpDownTime
{
    qint64 upMs = 0;
    qint64 downMs = 0;
};

// What a server is in now, for the span after its last event (or when the events are gone).
struct CurrentState
{
    HealthState state = HealthState::Starting;
    bool byUser = false;
    QDateTime since; // UTC
};

// Up and down time in [from, to) from one server's events (oldest first; other kinds are skipped)
// as the status server holds them: /mcp's live figures. Time before `startedAt` is Lifeline not
// running. Counts exactly what the history writer counts for the same events.
UpDownTime upDownTime(const QList<HealthEvent> &events, const CurrentState &current,
    const QDateTime &startedAt, const QDateTime &from, const QDateTime &to);

} // namespace lifeline
