// libFuzzer: the status server's HTTP/1.1 request parser, fed in chunks whose size the first byte
// picks. Invariants: it never crashes or loops, bodies stay within the bound, and chunking never
// changes the requests read or the error.
#include "api/apitcpserver.h"
#include "api/httprequestparser.h"

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace {

struct Outcome
{
    QList<QByteArray> bodies;
    QList<QString> paths;
    int error = 0;
};

Outcome run(const QByteArray &input, qsizetype chunk)
{
    lifeline::HttpRequestParser parser;
    Outcome out;
    for (qsizetype pos = 0; pos < input.size() && out.error == 0; pos += chunk) {
        parser.append(QByteArrayView(input).sliced(pos, std::min(chunk, input.size() - pos)));
        for (;;) {
            const auto r = parser.parse();
            if (r == lifeline::HttpRequestParser::Result::Request) {
                const lifeline::ApiRequest request = parser.takeRequest();
                out.bodies.append(request.body());
                out.paths.append(request.url().path());
                continue;
            }
            if (r == lifeline::HttpRequestParser::Result::Error)
                out.error = parser.errorStatus();
            break;
        }
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = 1 + data[0] % 64;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const Outcome whole = run(input, qMax<qsizetype>(1, input.size()));
    const Outcome pieces = run(input, chunk);
    if (whole.bodies != pieces.bodies || whole.paths != pieces.paths || whole.error != pieces.error)
        __builtin_trap();
    for (const QByteArray &body : whole.bodies) {
        if (body.size() > lifeline::ApiTcpServer::kMaxBodyBytes)
            __builtin_trap();
    }
    return 0;
}
