// libFuzzer: the stdio transport's path for bytes from a server: line framing (bounded), then
// JSON-RPC parsing and decoding of each line. The first byte picks the chunk size so that line
// splits across reads are explored too. Each line also goes through the gateway's text scanner,
// parsed or not: a member it finds must lie inside the line, and the id it would put in must fit.
// And the promise the unparsed path rests on: what jsontext::isValid() accepts the parser reads,
// and a line plainResultId() hands over unparsed is the response decode() would have seen.
#include "protocol/jsonrpc.h"
#include "protocol/jsontext.h"
#include "protocol/lineframer.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = 1 + data[0] % 64;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    lifeline::LineFramer framer(4096);
    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        const auto out = framer.feed(input.mid(pos, chunk));
        if (framer.bufferedBytes() > framer.maxLineBytes())
            __builtin_trap(); // the bound is the point
        for (const QByteArray &line : out.lines) {
            const lifeline::jsontext::Span id = lifeline::jsontext::member(line, "id");
            if (id.isValid()) {
                if (id.begin < 0 || id.end > line.size() || id.end <= id.begin)
                    __builtin_trap();
                if (lifeline::jsontext::replaced(line, id, "\"x\"").isEmpty())
                    __builtin_trap();
            }
            if (lifeline::jsontext::isValid(line) && QJsonDocument::fromJson(line).isNull())
                __builtin_trap(); // accepted what the parser refuses
            if (const qint64 plain = lifeline::jsonrpc::plainResultId(line); plain >= 0) {
                const lifeline::jsonrpc::Parsed p = lifeline::jsonrpc::parse(line);
                if (p.objects.size() != 1)
                    __builtin_trap();
                const lifeline::jsonrpc::Message m = lifeline::jsonrpc::decode(p.objects.first());
                if (m.kind != lifeline::jsonrpc::Kind::Response || !m.id.isDouble()
                    || qint64(m.id.toDouble()) != plain)
                    __builtin_trap();
            }
            const lifeline::jsonrpc::Parsed parsed = lifeline::jsonrpc::parse(line);
            for (const QJsonObject &o : parsed.objects) {
                const lifeline::jsonrpc::Message m = lifeline::jsonrpc::decode(o);
                (void)lifeline::jsonrpc::idKey(m.id);
            }
        }
    }
    return 0;
}
