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
// Unhealthy, recovering or failed: down whatever the cause. Offline is down only when the user did
// not stop it, which the state alone does not say: uptimeClass() (healthaccounting.h) decides that.
bool isDown(HealthState state);

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::HealthState)
