#include "alertevaluator.h"

#include "config/duration.h"
#include "engine/serversnapshot.h"
#include "health/healthaccounting.h"

#include <QCoreApplication>
#include <QVarLengthArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr int kMaxSamples = 20000; // per server; a 1 s interval over 5 h

QString tr(const char *text)
{
    return QCoreApplication::translate("AlertEvaluator", text);
}

QString ms(double value)
{
    return QString::number(qRound64(value)) + u" ms"_s;
}

QString percent(double rate)
{
    return QString::number(rate * 100, 'f', rate < 0.1 ? 1 : 0) + u" %"_s;
}

} // namespace

AlertEvaluator::AlertEvaluator(Clock clock)
{
    setClock(std::move(clock));
    applyConfig({}, {});
}

void AlertEvaluator::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); });
}

QDateTime AlertEvaluator::now() const
{
    return m_clock();
}

qint64 AlertEvaluator::nowMs() const
{
    return m_clock().toMSecsSinceEpoch();
}

void AlertEvaluator::applyConfig(const AlertConfig &config, const QList<ServerConfig> &servers)
{
    if (config.rules != m_config.rules) {
        // Entries are kept by rule index: carry each over to the same rule's new place, so a reload
        // does not start its durations over (nor resolve and fire again what still holds).
        QList<int> moved(config.rules.size(), -1);
        QList<bool> taken(m_config.rules.size(), false);
        for (int i = 0; i < config.rules.size(); ++i) {
            for (int j = 0; j < m_config.rules.size(); ++j) {
                if (!taken[j] && m_config.rules[j] == config.rules[i]) {
                    moved[i] = j;
                    taken[j] = true;
                    break;
                }
            }
        }
        for (Server &s : m_state) {
            QList<Entry> entries(moved.size());
            for (int i = 0; i < moved.size(); ++i) {
                if (moved[i] >= 0 && moved[i] < s.entries.size())
                    entries[i] = s.entries.at(moved[i]);
            }
            s.entries = entries;
        }
    }
    m_config = config;
    for (Server &s : m_state)
        s.trendCache.clear(); // keyed by the rules' addresses, and the thresholds may have changed
    m_servers.clear();
    for (const ServerConfig &s : servers)
        m_servers.insert(s.name, s);
    m_keepMs = qMax(config.spikeWindowMs + config.spikeBaselineMs, config.flappingWindowMs);
    for (const AlertRule &r : std::as_const(config.rules))
        m_keepMs = qMax(m_keepMs, r.windowMs);
}

const ServerConfig *AlertEvaluator::serverConfig(const QString &name) const
{
    const auto it = m_servers.constFind(name);
    return it == m_servers.cend() ? nullptr : &it.value();
}

void AlertEvaluator::prune(Server &s, qint64 now) const
{
    // Keep the windows' worth, and always the last few checks the trend and error rate look at.
    const int keepCount = qMax(m_config.trendChecks, kErrorRateWindow) * 2;
    qsizetype drop = 0;
    while (drop < s.samples.size() - keepCount && now - s.samples.at(drop).ms > m_keepMs)
        ++drop;
    drop = qMax(drop, s.samples.size() - kMaxSamples);
    // In chunks: removing from the front moves the rest, and older samples do no harm (every
    // window is found by time).
    if (drop >= 256 || drop > s.samples.size() / 4)
        s.samples.remove(0, drop);
    while (!s.changes.isEmpty() && now - s.changes.first() > m_config.flappingWindowMs)
        s.changes.removeFirst();
}

qsizetype AlertEvaluator::firstWithin(const Server &s, qint64 now, qint64 ageMs)
{
    const auto it = std::lower_bound(s.samples.cbegin(), s.samples.cend(), now - ageMs,
        [](const Sample &x, qint64 t) { return x.ms < t; });
    return it - s.samples.cbegin();
}

qint64 AlertEvaluator::failedIn(const Server &s, qsizetype from, qsizetype to)
{
    if (from >= to)
        return 0;
    const Sample &first = s.samples.at(from);
    return s.samples.at(to - 1).failedUpTo - (first.failedUpTo - (first.ok ? 0 : 1));
}

QList<AlertChange> AlertEvaluator::addCheck(const CheckResult &r)
{
    if (r.server.isEmpty())
        return {};
    Server &s = m_state[r.server];
    const qint64 now = nowMs();
    const qint64 failedBefore = s.samples.isEmpty() ? 0 : s.samples.last().failedUpTo;
    s.samples.append(
        {now, r.ok, r.ok && r.latencyUs >= 0 ? r.latencyMs() : -1.0, failedBefore + (r.ok ? 0 : 1)});
    s.consecutiveFailures = r.ok ? 0 : s.consecutiveFailures + 1;
    if (!r.ok && r.failure.type != FailureType::None)
        s.failure = failureTypeName(r.failure.type);
    prune(s, now);
    return evaluate(r.server, s);
}

QList<AlertChange> AlertEvaluator::addSnapshot(const ServerSnapshot &snapshot)
{
    if (snapshot.name.isEmpty())
        return {};
    Server &s = m_state[snapshot.name];
    // The engine sends a transition's snapshot just before its event; the event says why.
    if (!s.stateFromEvents) {
        s.state = snapshot.state;
        s.byUser = snapshot.stateByUser;
        s.stateKnown = true;
    }
    s.consecutiveFailures = snapshot.consecutiveFailures;
    return evaluate(snapshot.name, s);
}

QList<AlertChange> AlertEvaluator::addEvent(const HealthEvent &e)
{
    if (e.server.isEmpty() || !e.isState())
        return {};
    const HealthState to = e.to;
    Server &s = m_state[e.server];
    const qint64 now = nowMs();
    if (e.from && *e.from != e.to)
        s.changes.append(now);
    s.state = to;
    s.stateKnown = true;
    s.stateFromEvents = true;
    s.byUser = e.byUser;
    s.detail = e.detail;
    if (uptimeClass(to, e.byUser) == UptimeClass::Down) {
        const QString why = e.failure.type != FailureType::None ? failureTypeName(e.failure.type) : e.detail;
        if (!why.isEmpty())
            s.failure = why;
    }
    prune(s, now);
    return evaluate(e.server, s);
}

QList<AlertChange> AlertEvaluator::evaluate()
{
    QList<AlertChange> out;
    const qint64 now = nowMs();
    for (auto it = m_state.begin(); it != m_state.end(); ++it) {
        prune(it.value(), now);
        out += evaluate(it.key(), it.value());
    }
    return out;
}

QList<AlertChange> AlertEvaluator::removeServer(const QString &name)
{
    QList<AlertChange> out;
    const auto it = m_state.constFind(name);
    if (it == m_state.cend())
        return out;
    for (auto a = it->active.cbegin(); a != it->active.cend(); ++a)
        out.append({AlertChange::Kind::Resolve, name, a.key(), a.value(), tr("the server was removed"), {}});
    m_state.remove(name);
    return out;
}

bool AlertEvaluator::isFlapping(const QString &server) const
{
    const auto it = m_state.constFind(server);
    return it != m_state.cend() && it->active.contains(AlertRuleName::Flapping.toString());
}

std::optional<AlertSeverity> AlertEvaluator::activeSeverity(const QString &server, const QString &rule) const
{
    const auto it = m_state.constFind(server);
    if (it == m_state.cend() || !it->active.contains(rule))
        return std::nullopt;
    return it->active.value(rule);
}

QList<AlertChange> AlertEvaluator::evaluate(const QString &name, Server &s)
{
    QList<AlertChange> out;
    if (!m_config.enabled) {
        for (auto a = s.active.cbegin(); a != s.active.cend(); ++a)
            out.append({AlertChange::Kind::Resolve, name, a.key(), a.value(), tr("alerting is off"), {}});
        s.active.clear();
        s.entries.clear();
        return out;
    }
    const qint64 now = nowMs();
    const ServerConfig *cfg = serverConfig(name);
    struct Worst
    {
        QString rule;
        std::optional<AlertSeverity> severity;
        const Entry *entry = nullptr;
    };
    // Per rule name, in a short list (a dozen rules): no hashing at every check.
    QVarLengthArray<Worst, 16> worst;
    auto slot = [&worst](const QString &rule) -> Worst & {
        for (Worst &w : worst) {
            if (w.rule == rule)
                return w;
        }
        worst.append({rule, std::nullopt, nullptr});
        return worst.back();
    };
    if (s.entries.size() < m_config.rules.size())
        s.entries.resize(m_config.rules.size());
    for (int i = 0; i < m_config.rules.size(); ++i) {
        const AlertRule &rule = m_config.rules.at(i);
        if (!rule.servers.isEmpty() && !rule.servers.contains(name))
            continue;
        slot(rule.rule); // seen: may resolve
        const Verdict v = verdict(rule, name, cfg, s, now);
        Entry &e = s.entries[i];
        if (v.holds.has_value()) {
            if (*v.holds) {
                if (e.since < 0)
                    e.since = now;
                e.message = v.message;
                e.details = v.details;
            } else {
                e.since = -1;
            }
        }
        if (e.since >= 0 && now - e.since >= rule.forMs) {
            Worst &w = slot(rule.rule);
            if (!w.severity || rule.severity > *w.severity) {
                w.severity = rule.severity;
                w.entry = &e;
            }
        }
    }
    // Rules no longer configured for this server end.
    for (auto a = s.active.cbegin(); a != s.active.cend(); ++a)
        slot(a.key());
    // Flapping first: the transition that makes it fire is already frozen in the rules it mutes.
    std::stable_partition(
        worst.begin(), worst.end(), [](const Worst &w) { return w.rule == AlertRuleName::Flapping; });
    for (const Worst &w : std::as_const(worst)) {
        const QString &rule = w.rule;
        if ((rule == AlertRuleName::State || rule == AlertRuleName::ConsecutiveFailures)
            && s.active.contains(AlertRuleName::Flapping.toString()))
            continue; // frozen while the flapping alert speaks for the transitions
        const auto active = s.active.constFind(rule);
        const std::optional<AlertSeverity> was
            = active != s.active.cend() ? std::optional<AlertSeverity>(active.value()) : std::nullopt;
        if (w.severity && !was) {
            s.active.insert(rule, *w.severity);
            out.append(
                {AlertChange::Kind::Fire, name, rule, *w.severity, w.entry->message, w.entry->details});
        } else if (w.severity && *was != *w.severity) {
            s.active.insert(rule, *w.severity);
            out.append(
                {AlertChange::Kind::Update, name, rule, *w.severity, w.entry->message, w.entry->details});
        } else if (!w.severity && was) {
            s.active.remove(rule);
            out.append({AlertChange::Kind::Resolve, name, rule, *was, {}, {}});
        }
    }
    return out;
}

AlertEvaluator::Verdict AlertEvaluator::verdict(
    const AlertRule &rule, const QString &name, const ServerConfig *cfg, const Server &s, qint64 now) const
{
    using namespace AlertRuleName;
    static const MonitorSettings kDefaults;
    const MonitorSettings &settings = cfg ? cfg->settings : kDefaults;
    const bool critical = rule.severity == AlertSeverity::Critical;
    if (s.stateKnown && s.stoppedOnPurpose())
        return {false, {}, {}}; // stopped or disabled on purpose: nothing to alert about

    if (rule.rule == State) {
        if (rule.state == u"degraded") {
            if (!s.stateKnown)
                return {};
            if (s.state != HealthState::Degraded)
                return {false, {}, {}};
            return {
                true, tr("%1 is degraded").arg(name), QJsonObject {{"state"_L1, healthStateName(s.state)}}};
        }
        if (!s.stateKnown || s.state == HealthState::Starting)
            return {}; // a restart in progress: keep what it was
        // The uptime rule: a server that exited on its own (offline, not the user's doing) is down.
        if (uptimeClass(s.state, s.byUser) != UptimeClass::Down)
            return {false, {}, {}};
        QString message = tr("%1 is %2").arg(name, healthStateName(s.state));
        if (!s.failure.isEmpty())
            message += u": "_s + s.failure;
        return {
            true, message, QJsonObject {{"state"_L1, healthStateName(s.state)}, {"failure"_L1, s.failure}}};
    }
    if (s.stateKnown && s.state == HealthState::Offline)
        return {false, {}, {}}; // exited on its own: the state rule speaks for it, not its last checks
    if (rule.rule == Latency) {
        if (s.samples.isEmpty() || s.samples.last().latencyMs < 0)
            return {}; // a failed check has no latency: the state rules speak for it
        const double threshold
            = rule.threshold.value_or(critical ? settings.latencyCriticalMs : settings.latencyWarningMs);
        const double latency = s.samples.last().latencyMs;
        if (!(latency > threshold))
            return {false, {}, {}};
        return {true, tr("%1 answers in %2 (threshold %3)").arg(name, ms(latency), ms(threshold)),
            QJsonObject {
                {"value"_L1, latency}, {"threshold"_L1, threshold}, {"for_ms"_L1, double(rule.forMs)}}};
    }
    if (rule.rule == ErrorRate) {
        const qsizetype n = qMin<qsizetype>(s.samples.size(), kErrorRateWindow);
        if (n < kMinErrorRateChecks)
            return {};
        const qint64 failed = failedIn(s, s.samples.size() - n, s.samples.size());
        const double rate = double(failed) / double(n);
        const double threshold
            = rule.threshold.value_or(critical ? settings.errorRateCritical : settings.errorRateWarning);
        if (!(rate > threshold))
            return {false, {}, {}};
        return {true,
            tr("%1 fails %2 of its checks (threshold %3)").arg(name, percent(rate), percent(threshold)),
            QJsonObject {{"value"_L1, rate}, {"threshold"_L1, threshold}, {"checks"_L1, int(n)}}};
    }
    if (rule.rule == Availability) {
        const qint64 window = rule.windowMs > 0 ? rule.windowMs : 3600000;
        const qsizetype from = firstWithin(s, now, window);
        const int total = int(s.samples.size() - from);
        const int ok = total - int(failedIn(s, from, s.samples.size()));
        const qint64 oldest = total > 0 ? s.samples.at(from).ms : now;
        // A target over an hour is not judged on its first minutes (the state rules speak then).
        if (total < kMinAvailabilityChecks || now - oldest < window / 2)
            return {};
        const double availability = double(ok) / double(total);
        const double target = rule.threshold.value_or(0.99);
        if (!(availability < target))
            return {false, {}, {}};
        return {true,
            tr("%1 was available %2 over %3 (target %4)")
                .arg(name, percent(availability), formatDuration(window), percent(target)),
            QJsonObject {{"value"_L1, availability}, {"threshold"_L1, target},
                {"window_ms"_L1, double(window)}, {"checks"_L1, total}}};
    }
    if (rule.rule == ConsecutiveFailures) {
        const int threshold = int(rule.threshold.value_or(2));
        if (s.consecutiveFailures < threshold)
            return {false, {}, {}};
        return {true, tr("%1 failed %2 checks in a row").arg(name).arg(s.consecutiveFailures),
            QJsonObject {
                {"value"_L1, s.consecutiveFailures}, {"threshold"_L1, threshold}, {"failure"_L1, s.failure}}};
    }
    if (rule.rule == Trend) {
        const qint64 last = s.samples.isEmpty() ? -1 : s.samples.last().ms;
        for (const Server::TrendCache &c : std::as_const(s.trendCache)) {
            if (c.rule == &rule && c.lastSampleMs == last && c.samples == s.samples.size()
                && c.state == s.state)
                return c.verdict;
        }
        const Verdict v = trend(rule, name, cfg, s, now);
        s.trendCache.removeIf([&](const Server::TrendCache &c) { return c.rule == &rule; });
        s.trendCache.append({last, s.samples.size(), s.state, &rule, v});
        return v;
    }
    if (rule.rule == ErrorSpike) {
        const qint64 window = rule.windowMs > 0 ? rule.windowMs : m_config.spikeWindowMs;
        const qsizetype recentFrom = firstWithin(s, now, window);
        const qsizetype baseFrom = firstWithin(s, now, window + m_config.spikeBaselineMs);
        const qint64 recent = s.samples.size() - recentFrom;
        const qint64 recentFailed = failedIn(s, recentFrom, s.samples.size());
        const qint64 base = recentFrom - baseFrom;
        const qint64 baseFailed = failedIn(s, baseFrom, recentFrom);
        if (base < kMinBaselineChecks)
            return {false, {}, {}}; // no baseline yet: a spike cannot be told from the normal
        const double expected = double(baseFailed) / double(base) * double(recent);
        const double limit = qMax(double(m_config.spikeMinFailures), m_config.spikeFactor * expected);
        if (double(recentFailed) < limit)
            return {false, {}, {}};
        return {true,
            tr("%1 failed %2 checks in %3, usually %4")
                .arg(name)
                .arg(recentFailed)
                .arg(formatDuration(window))
                .arg(expected, 0, 'f', 1),
            QJsonObject {{"value"_L1, double(recentFailed)}, {"baseline"_L1, expected},
                {"threshold"_L1, limit}, {"window_ms"_L1, double(window)}}};
    }
    if (rule.rule == Flapping) {
        const int changes = int(s.changes.size());
        if (changes == 0)
            return {false, {}, {}}; // calm for a whole window
        if (changes <= m_config.flappingChanges)
            return {};
        const QString message = tr("%1 changed state %2 times in %3")
                                    .arg(name)
                                    .arg(changes)
                                    .arg(formatDuration(m_config.flappingWindowMs));
        const QJsonObject details {{"changes"_L1, changes}, {"threshold"_L1, m_config.flappingChanges},
            {"window_ms"_L1, double(m_config.flappingWindowMs)}};
        return {true, message, details};
    }
    if (rule.rule == RestartLoop) {
        if (!s.stateKnown)
            return {};
        if (s.state == HealthState::Failed) {
            const QString why = s.detail.isEmpty() ? s.failure : s.detail;
            return {true,
                why.isEmpty() ? tr("%1 was given up after repeated restarts: it needs a person").arg(name)
                              : tr("%1 was given up (%2): it needs a person").arg(name, why),
                QJsonObject {{"failure"_L1, s.failure}, {"detail"_L1, s.detail}}};
        }
        if (isUp(s.state))
            return {false, {}, {}};
        return {};
    }
    return {false, {}, {}};
}

AlertEvaluator::Verdict AlertEvaluator::trend(
    const AlertRule &rule, const QString &name, const ServerConfig *cfg, const Server &s, qint64 now) const
{
    static const MonitorSettings kDefaults;
    const MonitorSettings &settings = cfg ? cfg->settings : kDefaults;
    const int want = m_config.trendChecks;
    const int minPoints = qMax(5, want / 2);
    const double horizonS = double(m_config.trendHorizonMs) / 1000.0;
    const double nowS = 0; // x is seconds relative to now: the projection is at x = horizon

    struct Part
    {
        std::optional<bool> holds;
        TrendFit fit;
        double threshold = 0;
        double projected = 0;
    };
    auto judge
        = [&](const QList<QPair<double, double>> &points, double threshold, int least, double minR2) -> Part {
        Part p;
        p.threshold = threshold;
        if (points.size() < least)
            return p;
        const auto f = fit(points);
        if (!f) {
            p.holds = false; // all points at one time, or a flat line
            return p;
        }
        p.fit = *f;
        p.projected = f->at(nowS + horizonS);
        // The tail probability last: it is the dear part, and rarely needed.
        if (f->slope > 0 && f->r2 >= minR2 && p.projected >= threshold
            && tTail(f->tStat, f->n - 2) <= kTrendMaxP)
            p.holds = true;
        else if (f->slope <= 0 || f->tStat < 1 || p.projected < threshold)
            p.holds = false;
        return p;
    };

    QList<QPair<double, double>> latency;
    for (qsizetype i = s.samples.size() - 1; i >= 0 && latency.size() < want; --i) {
        if (s.samples.at(i).latencyMs >= 0)
            latency.prepend({double(s.samples.at(i).ms - now) / 1000.0, s.samples.at(i).latencyMs});
    }
    const Part lat
        = judge(latency, rule.threshold.value_or(settings.latencyCriticalMs), minPoints, m_config.trendMinR2);

    // The error rate: a line through each check's outcome (1 failed, 0 passed) over twice as many
    // checks estimates the failure share ahead. Not through the health tracker's moving window:
    // neighbouring windows share their checks, and that makes steady noise look like a rise. No
    // R² gate (single outcomes scatter by nature); the significance test carries it. A server that
    // is down is the state rule's: the trend holds meanwhile.
    QList<QPair<double, double>> rates;
    const int wantRates = 2 * want;
    const int minRates = qMax(10, want);
    for (qsizetype i = qMax<qsizetype>(0, s.samples.size() - wantRates); i < s.samples.size(); ++i)
        rates.append({double(s.samples.at(i).ms - now) / 1000.0, s.samples.at(i).ok ? 0.0 : 1.0});
    Part err;
    if (!(s.stateKnown && isDown(s.state)))
        err = judge(rates, settings.errorRateCritical, minRates, 0.0);

    Verdict v;
    if (lat.holds == true || err.holds == true)
        v.holds = true;
    else if (lat.holds != true && err.holds != true && (lat.holds == false || latency.size() < minPoints)
        && (err.holds == false || rates.size() < minRates))
        v.holds = false;
    const QString horizon = formatDuration(m_config.trendHorizonMs);
    if (lat.holds == true) {
        v.message = tr("%1's latency is rising (%2/min) and will pass %3 within %4")
                        .arg(name, ms(lat.fit.slope * 60), ms(lat.threshold), horizon);
        v.details = {{"metric"_L1, "latency"_L1}, {"slope_per_s"_L1, lat.fit.slope}, {"r2"_L1, lat.fit.r2},
            {"t"_L1, lat.fit.tStat}, {"projected"_L1, lat.projected}, {"threshold"_L1, lat.threshold},
            {"horizon_ms"_L1, double(m_config.trendHorizonMs)}, {"checks"_L1, lat.fit.n}};
    } else if (err.holds == true) {
        v.message = tr("%1's error rate is rising and will pass %2 within %3")
                        .arg(name, percent(err.threshold), horizon);
        v.details = {{"metric"_L1, "error_rate"_L1}, {"slope_per_s"_L1, err.fit.slope}, {"r2"_L1, err.fit.r2},
            {"t"_L1, err.fit.tStat}, {"projected"_L1, err.projected}, {"threshold"_L1, err.threshold},
            {"horizon_ms"_L1, double(m_config.trendHorizonMs)}, {"checks"_L1, err.fit.n}};
    }
    return v;
}

std::optional<TrendFit> AlertEvaluator::fit(const QList<QPair<double, double>> &points)
{
    const int n = int(points.size());
    if (n < 3)
        return std::nullopt;
    double mx = 0, my = 0;
    for (const auto &[x, y] : points) {
        mx += x;
        my += y;
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0, syy = 0;
    for (const auto &[x, y] : points) {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
        syy += (y - my) * (y - my);
    }
    if (!(sxx > 0))
        return std::nullopt;
    TrendFit f;
    f.n = n;
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    if (!(syy > 0)) {
        f.r2 = 0; // constant: no trend at all
        f.tStat = 0;
        return f;
    }
    const double ssRes = qMax(0.0, syy - f.slope * sxy);
    f.r2 = 1.0 - ssRes / syy;
    const double se = std::sqrt(ssRes / double(n - 2) / sxx);
    f.tStat = se > 0 ? f.slope / se : (f.slope > 0 ? 1e9 : (f.slope < 0 ? -1e9 : 0));
    return f;
}

namespace {

// The continued fraction of the incomplete beta function (Numerical Recipes, betacf).
double betaFraction(double a, double b, double x)
{
    constexpr double kTiny = 1e-300;
    const double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
    double h = d;
    for (int m = 1; m <= 300; ++m) {
        const int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < 1e-15)
            break;
    }
    return h;
}

// The regularized incomplete beta function I_x(a, b).
double incompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double front = std::exp(
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2))
        return front * betaFraction(a, b, x) / a;
    return 1 - front * betaFraction(b, a, 1 - x) / b;
}

} // namespace

double AlertEvaluator::tTail(double t, int dof)
{
    if (dof < 1 || std::isnan(t))
        return 1;
    const double tail = 0.5 * incompleteBeta(dof / 2.0, 0.5, dof / (dof + t * t));
    return t >= 0 ? tail : 1 - tail;
}

} // namespace lifeline
