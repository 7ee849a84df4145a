#pragma once

#include <QByteArray>
#include <QList>

#include <deque>
#include <optional>

namespace lifeline {

// The last events of one client session's GET stream, so that a client whose stream dropped can
// reconnect with Last-Event-ID and hear what it missed (MCP Streamable HTTP, "Resumability and
// Redelivery"). Bounded in count and in bytes, the oldest dropped first; the newest event is kept
// whatever its size, so that the id a client last saw is known while nothing newer came.
class EventReplayBuffer
{
public:
    static constexpr int kDefaultMaxEvents = 256;
    static constexpr qsizetype kDefaultMaxBytes = 1024 * 1024;

    struct Event
    {
        QByteArray id;
        QByteArray data; // the encoded JSON-RPC message
    };

    explicit EventReplayBuffer(int maxEvents = kDefaultMaxEvents, qsizetype maxBytes = kDefaultMaxBytes);

    void append(const QByteArray &id, const QByteArray &data);
    // The events after `id`, oldest first; nullopt when `id` is not held (never was, or dropped).
    std::optional<QList<Event>> after(const QByteArray &id) const;
    int size() const { return int(m_events.size()); }
    qsizetype bytes() const { return m_bytes; }

private:
    std::deque<Event> m_events;
    int m_maxEvents;
    qsizetype m_maxBytes;
    qsizetype m_bytes = 0;
};

} // namespace lifeline
