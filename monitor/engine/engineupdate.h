#pragma once

#include "health/checkresult.h"
#include "serversnapshot.h"

#include <QList>
#include <QMetaType>

#include <variant>

namespace lifeline {

// One of the engine's per-check outputs: a server's new snapshot or a finished check. A batch of
// them (MonitorEngine::updatesReady) keeps the order the supervisors produced them in.
using EngineUpdate = std::variant<ServerSnapshot, CheckResult>;
using EngineUpdates = QList<EngineUpdate>;

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::EngineUpdates)
