#pragma once

#include "health/failure.h"
#include "health/healthaccounting.h"
#include "health/healthevent.h"
#include "health/healthstate.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

#include <functional>

namespace lifeline {

// The history's health accounting, apart from its SQL: from the engine's events, each server's up
// and down time split over the minutes it covers (by uptimeClass(), the rule in one place), and
// its failure episodes — from the first down state to the next up state, with the recovery done
// meanwhile. The writer stores what it says.
class HealthLedger
{
public:
    struct Episode
    {
        QString server;
        Failure failure; // what opened it
        QString detail; // the event's detail, said when the failure has none
        qint64 occurredMs = 0;
        QList<QPair<QString, int>> actions; // "restart" ×2, "failover to b" ×1
        bool resolved = false; // up again
        bool ended = false; // up again, or ended another way (stopped by the user)
        qint64 endedMs = -1;
        // The store's bookkeeping: its row once inserted; changed since it was written.
        qint64 rowId = -1;
        bool dirty = true;

        QString recoveryAction() const; // "restart ×2, failover to b"
    };
    // Time of `server` in the minute that begins at `minuteStartMs`: `ms` more of `time` (never
    // UptimeClass::Neither).
    using TimeSink
        = std::function<void(const QString &server, qint64 minuteStartMs, UptimeClass time, qint64 ms)>;

    static constexpr qint64 kMinuteMs = 60 * 1000;

    explicit HealthLedger(TimeSink sink);

    // State events move the server's accounting; restarts and failovers go into its open episode.
    void record(const HealthEvent &event, qint64 atMs);
    void advance(qint64 untilMs); // every server's time up to then
    void forget(const QString &server, qint64 atMs); // it left the config: its time ends then
    QStringList servers() const { return m_tracks.keys(); }
    HealthState state(const QString &server) const { return m_tracks.value(server).state; }

    QHash<QString, Episode> &openEpisodes() { return m_open; } // per server
    QList<Episode> &endedEpisodes() { return m_ended; } // ended, not yet taken by the store
    bool hasChangedEpisodes() const;

private:
    struct Track
    {
        HealthState state = HealthState::Starting;
        UptimeClass time = UptimeClass::Neither; // how the time since sinceMs counts
        qint64 sinceMs = -1;
    };

    void attribute(const QString &server, Track &track, qint64 untilMs);
    void episodeAction(const QString &server, const QString &action);

    TimeSink m_sink;
    QHash<QString, Track> m_tracks;
    QHash<QString, Episode> m_open;
    QList<Episode> m_ended;
};

} // namespace lifeline
