#include "healthledger.h"

using namespace Qt::StringLiterals;

namespace lifeline {

QString HealthLedger::Episode::recoveryAction() const
{
    QStringList parts;
    for (const auto &[what, n] : actions)
        parts << (n > 1 ? u"%1 ×%2"_s.arg(what).arg(n) : what);
    return parts.join(u", "_s);
}

HealthLedger::HealthLedger(TimeSink sink)
    : m_sink(std::move(sink))
{ }

bool HealthLedger::hasChangedEpisodes() const
{
    if (!m_ended.isEmpty())
        return true;
    for (const Episode &e : m_open) {
        if (e.dirty)
            return true;
    }
    return false;
}

void HealthLedger::attribute(const QString &server, Track &track, qint64 untilMs)
{
    if (track.sinceMs < 0 || untilMs <= track.sinceMs) {
        track.sinceMs = qMax(track.sinceMs, untilMs);
        return;
    }
    if (track.time != UptimeClass::Neither) {
        // Split over the minutes the span covers.
        for (qint64 t = track.sinceMs; t < untilMs;) {
            const qint64 m = t - t % kMinuteMs;
            const qint64 end = qMin(untilMs, m + kMinuteMs);
            m_sink(server, m, track.time, end - t);
            t = end;
        }
    }
    track.sinceMs = untilMs;
}

void HealthLedger::advance(qint64 untilMs)
{
    for (auto it = m_tracks.begin(); it != m_tracks.end(); ++it)
        attribute(it.key(), it.value(), untilMs);
}

void HealthLedger::forget(const QString &server, qint64 atMs)
{
    auto it = m_tracks.find(server);
    if (it == m_tracks.end())
        return;
    attribute(server, *it, atMs);
    m_tracks.erase(it);
}

void HealthLedger::episodeAction(const QString &server, const QString &action)
{
    auto it = m_open.find(server);
    if (it == m_open.end())
        return;
    if (!it->actions.isEmpty() && it->actions.last().first == action)
        ++it->actions.last().second;
    else
        it->actions.append({action, 1});
    it->dirty = true;
}

void HealthLedger::record(const HealthEvent &e, qint64 t)
{
    if (e.kind == HealthEvent::Kind::Restart) {
        episodeAction(e.server, e.extra.value("action"_L1).toString(u"restart"_s));
        return;
    }
    if (e.kind == HealthEvent::Kind::Failover) {
        episodeAction(
            e.extra.value("from"_L1).toString(), u"failover to "_s + e.extra.value("to"_L1).toString());
        return;
    }
    const std::optional<UptimeClass> time = uptimeClass(e);
    if (!time)
        return;
    Track &track = m_tracks[e.server];
    attribute(e.server, track, t);
    const bool byUser = e.byUser;
    track.state = e.to;
    track.sinceMs = t;
    track.time = *time;

    // Failure episodes: from the first down state to the next up state.
    auto open = m_open.find(e.server);
    if (track.time == UptimeClass::Down && open == m_open.end()) {
        Episode ep;
        ep.server = e.server;
        ep.failure = e.failure;
        ep.detail = e.detail;
        ep.occurredMs = t;
        m_open.insert(e.server, ep);
    } else if (open != m_open.end() && track.time != UptimeClass::Down) {
        Episode ep = m_open.take(e.server);
        ep.ended = true;
        ep.endedMs = t;
        ep.resolved = track.time == UptimeClass::Up;
        if (!ep.resolved) {
            const QString to = healthStateName(e.to);
            ep.actions.append({byUser ? u"%1 by the user"_s.arg(to) : to, 1});
        }
        ep.dirty = true;
        m_ended.append(ep);
    } else if (open != m_open.end() && e.to == HealthState::Failed) {
        episodeAction(e.server, u"gave up"_s);
    }
}

} // namespace lifeline
