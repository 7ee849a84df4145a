// libFuzzer target: ConfigLoader::parse must never crash, hang or leak on any input.
#include <cstddef>
#include <cstdint>

#include <QByteArray>
#include <QProcessEnvironment>

#include "config/configloader.h"
#include "config/configwriter.h"
#include "config/duration.h"

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // A fixed environment keeps runs reproducible; some variables set, the rest unset.
    static const QProcessEnvironment env = [] {
        QProcessEnvironment e;
        e.insert(u"HOME"_s, u"/home/fuzz"_s);
        e.insert(u"TOKEN"_s, u"secret"_s);
        e.insert(u"EMPTY"_s, QString());
        return e;
    }();
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));

    const lifeline::ConfigLoader::Result result = lifeline::ConfigLoader::parse(input, u"fuzz.json"_s, env);
    for (const lifeline::ConfigIssue &issue : result.errors)
        (void)issue.toString();
    if (result.config) {
        for (const lifeline::ConfigIssue &issue : result.config->warnings)
            (void)issue.toString();
        for (const lifeline::ServerConfig &server : result.config->servers)
            (void)result.config->server(server.name);
    }

    // The writer reads with the loader's JSONC reader: what the loader accepts, it can edit.
    if (result.config && !lifeline::ConfigWriter::readDocument(input))
        __builtin_trap();

    // The same bytes as a duration string: the other parser that reads user text.
    if (size <= 256) {
        const QString text = QString::fromUtf8(input);
        if (const std::optional<qint64> ms = lifeline::parseDuration(text)) {
            if (lifeline::parseDuration(lifeline::formatDuration(*ms)) != ms)
                __builtin_trap(); // format → parse must round-trip
        }
    }
    return 0;
}
