#include "alertseverity.h"

using namespace Qt::StringLiterals;

namespace lifeline {

QString severityName(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Info:
        return u"info"_s;
    case AlertSeverity::Warning:
        return u"warning"_s;
    case AlertSeverity::Critical:
        return u"critical"_s;
    }
    return u"warning"_s;
}

std::optional<AlertSeverity> severityFromName(QStringView name)
{
    for (AlertSeverity s : {AlertSeverity::Info, AlertSeverity::Warning, AlertSeverity::Critical}) {
        if (name == severityName(s))
            return s;
    }
    return std::nullopt;
}

} // namespace lifeline
