#include "healthaccounting.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

UptimeClass uptimeClass(HealthState state, bool byUser)
{
    if (isUp(state))
        return UptimeClass::Up;
    if (isDown(state) || (state == HealthState::Offline && !byUser))
        return UptimeClass::Down;
    return UptimeClass::Neither;
}

std::optional<UptimeClass> uptimeClass(const HealthEvent &event)
{
    if (!event.isState())
        return std::nullopt;
    return uptimeClass(event.to, event.byUser);
}

UpDownTime upDownTime(const QList<HealthEvent> &events, const CurrentState &current,
    const QDateTime &startedAt, const QDateTime &from, const QDateTime &to)
{
    UpDownTime out;
    QDateTime t = std::max(from, startedAt);
    std::optional<UptimeClass> cur;
    const auto add = [&](const QDateTime &until, UptimeClass c) {
        if (until <= t)
            return;
        const qint64 ms = t.msecsTo(std::min(until, to));
        if (ms <= 0)
            return;
        if (c == UptimeClass::Up)
            out.upMs += ms;
        else if (c == UptimeClass::Down)
            out.downMs += ms;
    };
    for (const HealthEvent &e : events) {
        const std::optional<UptimeClass> next = uptimeClass(e);
        if (!next)
            continue;
        if (e.ts <= t) {
            cur = next;
            continue;
        }
        if (!cur && e.from) {
            // The event that began this span is gone (dropped from memory): its state is known, its
            // cause is not. An offline of unknown cause is not held against the server.
            cur = uptimeClass(*e.from, true);
        }
        if (cur)
            add(e.ts, *cur);
        t = std::max(t, e.ts);
        cur = next;
    }
    if (!cur) {
        cur = current.since.isValid() && current.since > t ? UptimeClass::Neither
                                                           : uptimeClass(current.state, current.byUser);
    }
    add(to, *cur);
    return out;
}

} // namespace lifeline
