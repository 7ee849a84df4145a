#pragma once

#include "health/healthstate.h"

#include <QColor>
#include <QIcon>

namespace lifeline {

// One shape per state, so that the state never rests on colour alone: healthy ● (green),
// degraded ▲ (amber), unhealthy ■ (red), recovering ↻ (violet), failed ✕ on red, starting ◌ (blue ring),
// offline ○ (grey ring), disabled – (grey bar). Colours chosen to read on light and dark palettes.
QIcon statusIcon(HealthState state, int size = 16);
QColor statusColor(HealthState state);

} // namespace lifeline
