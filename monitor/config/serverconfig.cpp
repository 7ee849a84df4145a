#include "serverconfig.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

QString transportKindName(TransportKind kind)
{
    switch (kind) {
    case TransportKind::Stdio:
        return u"stdio"_s;
    case TransportKind::StreamableHttp:
        return u"http"_s;
    case TransportKind::Sse:
        return u"sse"_s;
    case TransportKind::AutoHttp:
        return u"auto"_s;
    }
    return {};
}

QString failoverStrategyName(FailoverStrategy strategy)
{
    switch (strategy) {
    case FailoverStrategy::AlternativeServer:
        return u"alternative_server"_s;
    case FailoverStrategy::GracefulDegradation:
        return u"graceful_degradation"_s;
    case FailoverStrategy::Manual:
        return u"manual"_s;
    }
    return {};
}

QList<int> defaultBackoff()
{
    // Out of line: GCC 12 at -O2 warns (falsely) about a QList initializer list as a member default.
    return QList<int> {1000, 5000, 30000};
}

QString restartPolicyName(RestartPolicy policy)
{
    switch (policy) {
    case RestartPolicy::OnFailure:
        return u"on-failure"_s;
    case RestartPolicy::Always:
        return u"always"_s;
    case RestartPolicy::Never:
        return u"never"_s;
    }
    return {};
}

QString probeDepthName(ProbeDepth depth)
{
    switch (depth) {
    case ProbeDepth::Basic:
        return u"basic"_s;
    case ProbeDepth::Comprehensive:
        return u"comprehensive"_s;
    }
    return {};
}

QString ConfigIssue::toString() const
{
    QString out = file;
    if (line > 0) {
        if (!out.isEmpty())
            out += u':';
        out += QString::number(line);
        if (column > 0)
            out += u':' + QString::number(column);
    }
    if (!out.isEmpty())
        out += u": "_s;
    if (!keyPath.isEmpty())
        out += keyPath + u": "_s;
    return out + message;
}

const ServerConfig *Config::server(const QString &name) const
{
    // servers is sorted by name, but a hand-built Config may not be: a linear scan is cheap and always right.
    const auto it = std::find_if(
        servers.cbegin(), servers.cend(), [&name](const ServerConfig &s) { return s.name == name; });
    return it == servers.cend() ? nullptr : &*it;
}

} // namespace lifeline
