#include "transportfactory.h"

#include "transport/ssetransport.h"
#include "transport/stdiotransport.h"
#include "transport/streamablehttptransport.h"

namespace lifeline {

namespace {

Transport *buildTransport(
    TransportKind kind, const ServerConfig &config, const TransportOptions &options, QObject *parent)
{
    switch (kind) {
    case TransportKind::Stdio: {
        auto *t = new StdioTransport(config, parent);
        t->setMaxMessageBytes(options.maxMessageBytes);
        return t;
    }
    case TransportKind::Sse: {
        auto *t = new SseTransport(config, parent);
        t->setMaxMessageBytes(options.maxMessageBytes);
        return t;
    }
    case TransportKind::StreamableHttp:
    case TransportKind::AutoHttp: {
        auto *t = new StreamableHttpTransport(config, parent);
        t->setMaxMessageBytes(options.maxMessageBytes);
        return t;
    }
    }
    return nullptr;
}

} // namespace

TransportFactory defaultTransportFactory()
{
    return &buildTransport;
}

} // namespace lifeline
