#include "eventreplaybuffer.h"

#include <algorithm>

namespace lifeline {

EventReplayBuffer::EventReplayBuffer(int maxEvents, qsizetype maxBytes)
    : m_maxEvents(std::max(1, maxEvents))
    , m_maxBytes(maxBytes)
{ }

void EventReplayBuffer::append(const QByteArray &id, const QByteArray &data)
{
    m_events.push_back(Event {id, data});
    m_bytes += id.size() + data.size();
    while (m_events.size() > 1 && (int(m_events.size()) > m_maxEvents || m_bytes > m_maxBytes)) {
        m_bytes -= m_events.front().id.size() + m_events.front().data.size();
        m_events.pop_front();
    }
}

std::optional<QList<EventReplayBuffer::Event>> EventReplayBuffer::after(const QByteArray &id) const
{
    const auto it
        = std::find_if(m_events.cbegin(), m_events.cend(), [&id](const Event &e) { return e.id == id; });
    if (it == m_events.cend())
        return std::nullopt;
    return QList<Event>(std::next(it), m_events.cend());
}

} // namespace lifeline
