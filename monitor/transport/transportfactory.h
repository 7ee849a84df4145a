#pragma once

#include "config/serverconfig.h"

#include <QtGlobal>
#include <functional>

class QObject;

namespace lifeline {

class Transport;

// What a session asks of every transport it has built, whatever the kind.
struct TransportOptions
{
    qsizetype maxMessageBytes = 16 * 1024 * 1024;
};

// Builds one transport of the given kind for a server; nothing more. The session decides which
// kind it asks for (Streamable HTTP first, SSE after an old server's 4xx) and owns what it gets.
// Tests hand a session a factory that builds in-memory fakes.
using TransportFactory = std::function<Transport *(
    TransportKind kind, const ServerConfig &config, const TransportOptions &options, QObject *parent)>;

// The real transports: stdio, legacy SSE, Streamable HTTP (also for AutoHttp).
TransportFactory defaultTransportFactory();

} // namespace lifeline
