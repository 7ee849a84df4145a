#pragma once

#include <QHashFunctions>
#include <QMetaType>
#include <QString>

namespace lifeline {

enum class HealthState {
    Starting,
    Healthy,
    Degraded,
    Unhealthy,
    Recovering, // a restart or reconnect is scheduled or running
    Offline, // stopped by the user
    Disabled, // disabled in the config or by the user
    Failed, // gave up: needs a person
};

QString healthStateName(HealthState state); // "starting", "healthy", …
HealthState healthStateFromName(const QString &name, bool *ok = nullptr);
bool isUp(HealthState state); // healthy or degraded

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::HealthState)
