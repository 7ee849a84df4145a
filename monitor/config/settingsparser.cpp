#include "settingsparser.h"

#include <cmath>

#include <QJsonArray>

#include "duration.h"
#include "settingvalue.h"

using namespace Qt::StringLiterals;

namespace lifeline {

SettingsParser::SettingsParser(ConfigContext &ctx)
    : m_ctx(ctx)
{ }

std::optional<int> SettingsParser::duration(const QJsonValue &value, const Path &path, qint64 minMs)
{
    QString why;
    const std::optional<qint64> ms = durationInRange(value, minMs, kMaxSettingMs, &why);
    if (!ms) {
        m_ctx.error(path, why);
        return std::nullopt;
    }
    return int(*ms);
}

std::optional<int> SettingsParser::threshold(const QJsonValue &value, const Path &path)
{
    QString why;
    const std::optional<int> n = wholeNumberInRange(value, 1, kMaxThreshold, &why);
    if (!n)
        m_ctx.error(path, why);
    return n;
}

std::optional<double> SettingsParser::rate(const QJsonValue &value, const Path &path)
{
    const double d = value.toDouble(-1);
    if (!value.isDouble() || !(d >= 0 && d <= 1)) {
        m_ctx.error(path, u"expected a number from 0 to 1, got %1"_s.arg(writtenValue(value)));
        return std::nullopt;
    }
    return d;
}

std::optional<ProbeCall> SettingsParser::probe(const QJsonValue &value, const Path &path)
{
    if (!value.isObject()) {
        m_ctx.error(
            path, u"expected an object like {\"tool\": \"…\", \"arguments\": {…}, \"expect\": \"…\"}"_s);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    m_ctx.warnUnknownKeys(object, path, {u"tool", u"arguments", u"expect"});
    const int before = m_ctx.errorCount();
    ProbeCall probe;
    if (!object.contains(u"tool"_s)) {
        m_ctx.error(path, u"a probe needs \"tool\": the name of the tool to call"_s);
    } else if (!object.value(u"tool"_s).isString() || object.value(u"tool"_s).toString().isEmpty()) {
        m_ctx.error(path / u"tool"_s, u"expected the name of a tool (a non-empty string)"_s);
    } else {
        probe.tool = object.value(u"tool"_s).toString();
    }
    if (object.contains(u"arguments"_s)) {
        if (object.value(u"arguments"_s).isObject())
            probe.arguments = object.value(u"arguments"_s).toObject();
        else
            m_ctx.error(path / u"arguments"_s, u"expected an object"_s);
    }
    if (object.contains(u"expect"_s)) {
        if (object.value(u"expect"_s).isString())
            probe.expect = object.value(u"expect"_s).toString();
        else
            m_ctx.error(path / u"expect"_s, u"expected a string"_s);
    }
    if (m_ctx.errorCount() != before)
        return std::nullopt;
    return probe;
}

RestartSettings SettingsParser::restart(
    const QJsonValue &value, const RestartSettings &base, const Path &path)
{
    RestartSettings r = base;
    if (!value.isObject()) {
        m_ctx.error(path,
            u"expected an object like {\"policy\": \"on-failure\", \"backoff\": [\"1s\", \"5s\", \"30s\"]}"_s);
        return r;
    }
    const QJsonObject o = value.toObject();
    m_ctx.warnUnknownKeys(o, path,
        {u"policy", u"backoff", u"jitter", u"maxAttempts", u"burst", u"burstWindow", u"resetAfter",
            u"circuit"});
    if (o.contains(u"policy"_s)) {
        if (const auto policy = m_ctx.choice<RestartPolicy>(o.value(u"policy"_s), path / u"policy"_s,
                {{u"on-failure", RestartPolicy::OnFailure}, {u"always", RestartPolicy::Always},
                    {u"never", RestartPolicy::Never}}))
            r.policy = *policy;
    }
    if (o.contains(u"backoff"_s)) {
        const QJsonValue b = o.value(u"backoff"_s);
        if (!b.isArray() || b.toArray().isEmpty()) {
            m_ctx.error(
                path / u"backoff"_s, u"expected a list of durations, e.g. [\"1s\", \"5s\", \"30s\"]"_s);
        } else {
            QList<int> steps;
            const QJsonArray a = b.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (const auto ms
                    = duration(a.at(i), path / u"backoff"_s / ConfigContext::indexComponent(i), 0))
                    steps.append(*ms);
            }
            if (steps.size() == a.size())
                r.backoffMs = steps;
        }
    }
    if (o.contains(u"jitter"_s)) {
        if (o.value(u"jitter"_s).isBool())
            r.jitter = o.value(u"jitter"_s).toBool();
        else
            m_ctx.error(path / u"jitter"_s, u"expected true or false"_s);
    }
    if (o.contains(u"maxAttempts"_s)) {
        if (const auto n = threshold(o.value(u"maxAttempts"_s), path / u"maxAttempts"_s))
            r.maxAttempts = *n;
    }
    if (o.contains(u"burst"_s)) {
        if (const auto n = threshold(o.value(u"burst"_s), path / u"burst"_s))
            r.burst = *n;
    }
    if (o.contains(u"burstWindow"_s)) {
        if (const auto ms = duration(o.value(u"burstWindow"_s), path / u"burstWindow"_s, 1))
            r.burstWindowMs = *ms;
    }
    if (o.contains(u"resetAfter"_s)) {
        if (const auto ms = duration(o.value(u"resetAfter"_s), path / u"resetAfter"_s, 0))
            r.resetAfterMs = *ms;
    }
    if (o.contains(u"circuit"_s)) {
        const Path cp = path / u"circuit"_s;
        const QJsonValue cv = o.value(u"circuit"_s);
        if (!cv.isObject()) {
            m_ctx.error(cp, u"expected an object"_s);
        } else {
            const QJsonObject c = cv.toObject();
            m_ctx.warnUnknownKeys(c, cp,
                {u"failureRateThreshold", u"minimumCalls", u"windowSize", u"openFor", u"halfOpenCalls"});
            if (c.contains(u"failureRateThreshold"_s)) {
                if (const auto v = rate(c.value(u"failureRateThreshold"_s), cp / u"failureRateThreshold"_s))
                    r.circuit.failureRateThreshold = *v;
            }
            if (c.contains(u"minimumCalls"_s)) {
                if (const auto n = threshold(c.value(u"minimumCalls"_s), cp / u"minimumCalls"_s))
                    r.circuit.minimumCalls = *n;
            }
            if (c.contains(u"windowSize"_s)) {
                if (const auto n = threshold(c.value(u"windowSize"_s), cp / u"windowSize"_s))
                    r.circuit.windowSize = *n;
            }
            if (c.contains(u"openFor"_s)) {
                if (const auto ms = duration(c.value(u"openFor"_s), cp / u"openFor"_s, 1))
                    r.circuit.openForMs = *ms;
            }
            if (c.contains(u"halfOpenCalls"_s)) {
                if (const auto n = threshold(c.value(u"halfOpenCalls"_s), cp / u"halfOpenCalls"_s))
                    r.circuit.halfOpenCalls = *n;
            }
            if (r.circuit.minimumCalls > r.circuit.windowSize)
                m_ctx.error(cp / u"minimumCalls"_s,
                    u"minimumCalls (%1) cannot be above windowSize (%2)"_s.arg(r.circuit.minimumCalls)
                        .arg(r.circuit.windowSize));
        }
    }
    return r;
}

MonitorSettings SettingsParser::settings(
    const QJsonObject &object, const MonitorSettings &base, const Path &path)
{
    MonitorSettings s = base;
    m_ctx.warnUnknownKeys(object, path,
        {u"interval", u"timeout", u"failureThreshold", u"successThreshold", u"latencyWarning",
            u"latencyCritical", u"errorRateWarning", u"errorRateCritical", u"depth", u"probe", u"restart"});

    const auto has = [&](const char16_t *key) { return object.contains(QStringView(key)); };
    const auto value = [&](const char16_t *key) { return object.value(QStringView(key)); };
    const auto at = [&](const char16_t *key) { return path / QString::fromUtf16(key); };
    bool latencyOk = true;
    bool rateOk = true;

    if (has(u"interval")) {
        if (const auto ms = duration(value(u"interval"), at(u"interval"), 100))
            s.intervalMs = *ms;
    }
    if (has(u"timeout")) {
        if (const auto ms = duration(value(u"timeout"), at(u"timeout"), 10))
            s.timeoutMs = *ms;
    }
    if (has(u"failureThreshold")) {
        if (const auto n = threshold(value(u"failureThreshold"), at(u"failureThreshold")))
            s.failureThreshold = *n;
    }
    if (has(u"successThreshold")) {
        if (const auto n = threshold(value(u"successThreshold"), at(u"successThreshold")))
            s.successThreshold = *n;
    }
    if (has(u"latencyWarning")) {
        const auto ms = duration(value(u"latencyWarning"), at(u"latencyWarning"), 0);
        latencyOk = latencyOk && ms;
        s.latencyWarningMs = ms.value_or(s.latencyWarningMs);
    }
    if (has(u"latencyCritical")) {
        const auto ms = duration(value(u"latencyCritical"), at(u"latencyCritical"), 0);
        latencyOk = latencyOk && ms;
        s.latencyCriticalMs = ms.value_or(s.latencyCriticalMs);
    }
    if (has(u"errorRateWarning")) {
        const auto r = rate(value(u"errorRateWarning"), at(u"errorRateWarning"));
        rateOk = rateOk && r;
        s.errorRateWarning = r.value_or(s.errorRateWarning);
    }
    if (has(u"errorRateCritical")) {
        const auto r = rate(value(u"errorRateCritical"), at(u"errorRateCritical"));
        rateOk = rateOk && r;
        s.errorRateCritical = r.value_or(s.errorRateCritical);
    }
    if (has(u"depth")) {
        const QJsonValue v = value(u"depth");
        if (v.toString() == u"basic")
            s.depth = ProbeDepth::Basic;
        else if (v.toString() == u"comprehensive")
            s.depth = ProbeDepth::Comprehensive;
        else if (v.isString())
            m_ctx.error(at(u"depth"),
                u"unknown depth %1 (use \"basic\" or \"comprehensive\")"_s.arg(quotedValue(v.toString())));
        else
            m_ctx.error(at(u"depth"), u"expected \"basic\" or \"comprehensive\""_s);
    }
    if (has(u"probe")) {
        if (value(u"probe").isNull()) // lets a server drop the probe its defaults set
            s.probe.reset();
        else if (const auto call = probe(value(u"probe"), at(u"probe")))
            s.probe = call;
    }
    if (has(u"restart"))
        s.restart = restart(value(u"restart"), s.restart, at(u"restart"));

    // Checked only where this object touches one of the pair, so a bad default is reported once.
    if (latencyOk && (has(u"latencyWarning") || has(u"latencyCritical"))
        && s.latencyWarningMs > s.latencyCriticalMs) {
        m_ctx.error(at(has(u"latencyWarning") ? u"latencyWarning" : u"latencyCritical"),
            u"latencyWarning (%1) must not be above latencyCritical (%2)"_s.arg(
                formatDuration(s.latencyWarningMs), formatDuration(s.latencyCriticalMs)));
    }
    if (rateOk && (has(u"errorRateWarning") || has(u"errorRateCritical"))
        && s.errorRateWarning > s.errorRateCritical) {
        m_ctx.error(at(has(u"errorRateWarning") ? u"errorRateWarning" : u"errorRateCritical"),
            u"errorRateWarning (%1) must not be above errorRateCritical (%2)"_s.arg(
                QString::number(s.errorRateWarning), QString::number(s.errorRateCritical)));
    }
    return s;
}

} // namespace lifeline
