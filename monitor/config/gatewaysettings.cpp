#include "gatewaysettings.h"

using namespace Qt::StringLiterals;

namespace lifeline {

QString gatewayStrategyName(GatewayStrategy strategy)
{
    switch (strategy) {
    case GatewayStrategy::Failover:
        return u"failover"_s;
    case GatewayStrategy::RoundRobin:
        return u"round_robin"_s;
    case GatewayStrategy::LeastLatency:
        return u"least_latency"_s;
    }
    return {};
}

} // namespace lifeline
