#include "healthstate.h"

using namespace Qt::StringLiterals;

namespace lifeline {

QString healthStateName(HealthState state)
{
    switch (state) {
    case HealthState::Starting:
        return u"starting"_s;
    case HealthState::Healthy:
        return u"healthy"_s;
    case HealthState::Degraded:
        return u"degraded"_s;
    case HealthState::Unhealthy:
        return u"unhealthy"_s;
    case HealthState::Recovering:
        return u"recovering"_s;
    case HealthState::Offline:
        return u"offline"_s;
    case HealthState::Disabled:
        return u"disabled"_s;
    case HealthState::Failed:
        return u"failed"_s;
    }
    return {};
}

HealthState healthStateFromName(const QString &name, bool *ok)
{
    for (auto s : {HealthState::Starting, HealthState::Healthy, HealthState::Degraded, HealthState::Unhealthy,
             HealthState::Recovering, HealthState::Offline, HealthState::Disabled, HealthState::Failed}) {
        if (healthStateName(s) == name) {
            if (ok)
                *ok = true;
            return s;
        }
    }
    if (ok)
        *ok = false;
    return HealthState::Starting;
}

bool isUp(HealthState state)
{
    return state == HealthState::Healthy || state == HealthState::Degraded;
}

bool isDown(HealthState state)
{
    return state == HealthState::Unhealthy || state == HealthState::Recovering
        || state == HealthState::Failed;
}

} // namespace lifeline
