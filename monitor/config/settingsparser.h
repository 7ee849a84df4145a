#pragma once

#include "configcontext.h"
#include "serverconfig.h"

#include <QJsonObject>
#include <QJsonValue>
#include <optional>

namespace lifeline {

// The monitoring settings (lifeline.defaults and lifeline.servers.<name>) and the values they are
// made of: durations, thresholds, rates, the probe call, the restart policy and its circuit.
// Problems go to the context with their key path; what is wrong keeps the base value.
class SettingsParser
{
public:
    using Path = ConfigPath;
    static constexpr int kMaxThreshold = 10000;
    static constexpr qint64 kMaxSettingMs = 24LL * 3600 * 1000;

    explicit SettingsParser(ConfigContext &ctx);

    // A settings object over `base`: the keys it has replace base's.
    MonitorSettings settings(const QJsonObject &object, const MonitorSettings &base, const Path &path);

    std::optional<int> duration(const QJsonValue &value, const Path &path, qint64 minMs); // "30s", ms
    std::optional<int> threshold(const QJsonValue &value, const Path &path); // 1 … kMaxThreshold
    std::optional<double> rate(const QJsonValue &value, const Path &path); // 0 … 1
    std::optional<ProbeCall> probe(const QJsonValue &value, const Path &path);
    // `restart`, merged key by key over `base` (a server's restart keys override the defaults' ones).
    RestartSettings restart(const QJsonValue &value, const RestartSettings &base, const Path &path);

private:
    ConfigContext &m_ctx;
};

} // namespace lifeline
