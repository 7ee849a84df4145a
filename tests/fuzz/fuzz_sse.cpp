// libFuzzer: the SSE parser, fed in chunks whose size the first byte picks. Invariants: the event
// bound holds, and chunking never changes the events parsed.
#include "protocol/sseparser.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = 1 + data[0] % 32;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    lifeline::SseParser whole(1024);
    lifeline::SseParser pieces(1024);
    const auto all = whole.feed(input);
    QList<lifeline::SseEvent> events;
    for (qsizetype pos = 0; pos < input.size(); pos += chunk)
        events += pieces.feed(input.mid(pos, chunk)).events;
    if (events.size() != all.events.size())
        __builtin_trap();
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events[i].data != all.events[i].data || events[i].type != all.events[i].type
            || events[i].id != all.events[i].id || events[i].data.size() > 1024)
            __builtin_trap();
    }
    if (whole.retryMs() != pieces.retryMs() || whole.lastEventId() != pieces.lastEventId())
        __builtin_trap();
    return 0;
}
