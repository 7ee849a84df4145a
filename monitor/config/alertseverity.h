#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace lifeline {

// How bad an alert is; the config's rules and channels name it, the alerts carry it.
enum class AlertSeverity { Info, Warning, Critical };

QString severityName(AlertSeverity severity); // info | warning | critical
std::optional<AlertSeverity> severityFromName(QStringView name);

} // namespace lifeline
