#include "alertconfig.h"

#include "duration.h"
#include "settingvalue.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr qint64 kMaxWindowMs = 30LL * 86400 * 1000;
constexpr qsizetype kMaxEntries = 1000; // rules, silences, windows: each is looked at per server and tick

AlertRule rule(QStringView name, AlertSeverity severity, qint64 forMs = 0)
{
    AlertRule r;
    r.rule = name.toString();
    r.severity = severity;
    r.forMs = forMs;
    return r;
}

// Parses "HH:MM" into minutes after midnight.
std::optional<int> clockMinutes(const QJsonValue &v)
{
    const QString s = v.toString();
    const QTime t = QTime::fromString(s, u"HH:mm"_s);
    if (!v.isString() || !t.isValid())
        return std::nullopt;
    return t.hour() * 60 + t.minute();
}

std::optional<int> dayNumber(const QString &name)
{
    static const QStringList kDays
        = {u"monday"_s, u"tuesday"_s, u"wednesday"_s, u"thursday"_s, u"friday"_s, u"saturday"_s, u"sunday"_s};
    const QString n = name.toLower();
    for (qsizetype i = 0; i < kDays.size(); ++i) {
        if (n == kDays[i] || n == kDays[i].left(3))
            return int(i) + 1;
    }
    return std::nullopt;
}

class Parser
{
public:
    Parser(const AlertConfig::Report &error, const AlertConfig::Report &warning)
        : m_error(error)
        , m_warning(warning)
    { }

    AlertConfig parse(const QJsonValue &value)
    {
        AlertConfig c;
        if (!value.isObject()) {
            error({}, u"expected an object like {\"rules\": [ … ], \"renotify\": \"1h\"}"_s);
            return c;
        }
        const QJsonObject o = value.toObject();
        unknownKeys(o, {},
            {u"enabled", u"defaultRules", u"rules", u"renotify", u"notifyResolved", u"silences",
                u"maintenance", u"trend", u"flapping", u"errorSpike", u"channels"});
        boolean(o, u"enabled"_s, {}, c.enabled);
        boolean(o, u"notifyResolved"_s, {}, c.notifyResolved);
        bool defaults = true;
        boolean(o, u"defaultRules"_s, {}, defaults);
        if (!defaults)
            c.rules.clear();
        duration(o, u"renotify"_s, {}, 0, c.renotifyMs);
        if (o.contains(u"rules"_s))
            parseRules(o.value(u"rules"_s), c.rules);
        if (o.contains(u"silences"_s))
            parseSilences(o.value(u"silences"_s), c.silences);
        if (o.contains(u"maintenance"_s))
            parseMaintenance(o.value(u"maintenance"_s), c.maintenance);
        if (const QJsonObject t = section(o, u"trend"_s, {u"checks", u"horizon", u"minR2"}); !t.isEmpty()) {
            const QStringList p {u"trend"_s};
            count(t, u"checks"_s, p, 5, 1000, c.trendChecks);
            duration(t, u"horizon"_s, p, 1000, c.trendHorizonMs);
            number(t, u"minR2"_s, p, 0, 1, c.trendMinR2);
        }
        if (const QJsonObject f = section(o, u"flapping"_s, {u"changes", u"window"}); !f.isEmpty()) {
            const QStringList p {u"flapping"_s};
            count(f, u"changes"_s, p, 2, 10000, c.flappingChanges);
            duration(f, u"window"_s, p, 1000, c.flappingWindowMs);
        }
        if (const QJsonObject s
            = section(o, u"errorSpike"_s, {u"window", u"baseline", u"factor", u"minFailures"});
            !s.isEmpty()) {
            const QStringList p {u"errorSpike"_s};
            duration(s, u"window"_s, p, 1000, c.spikeWindowMs);
            duration(s, u"baseline"_s, p, 1000, c.spikeBaselineMs);
            number(s, u"factor"_s, p, 1, 1000, c.spikeFactor);
            count(s, u"minFailures"_s, p, 1, 10000, c.spikeMinFailures);
        }
        return c;
    }

private:
    void error(const QStringList &path, const QString &message)
    {
        if (m_error)
            m_error(path, message);
    }

    void unknownKeys(const QJsonObject &o, const QStringList &path, std::initializer_list<QStringView> known)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (std::find(known.begin(), known.end(), QStringView(it.key())) == known.end() && m_warning)
                m_warning(path + QStringList {it.key()}, u"unknown key (ignored)"_s);
        }
    }

    QJsonObject section(const QJsonObject &o, const QString &key, std::initializer_list<QStringView> known)
    {
        if (!o.contains(key))
            return {};
        if (!o.value(key).isObject()) {
            error({key}, u"expected an object"_s);
            return {};
        }
        const QJsonObject s = o.value(key).toObject();
        unknownKeys(s, {key}, known);
        return s;
    }

    void boolean(const QJsonObject &o, const QString &key, const QStringList &path, bool &target)
    {
        if (!o.contains(key))
            return;
        if (o.value(key).isBool())
            target = o.value(key).toBool();
        else
            error(path + QStringList {key},
                u"expected true or false, got %1"_s.arg(writtenValue(o.value(key))));
    }

    void count(
        const QJsonObject &o, const QString &key, const QStringList &path, int min, int max, int &target)
    {
        if (!o.contains(key))
            return;
        QString why;
        if (const auto n = wholeNumberInRange(o.value(key), min, max, &why))
            target = *n;
        else
            error(path + QStringList {key}, why);
    }

    void number(const QJsonObject &o, const QString &key, const QStringList &path, double min, double max,
        double &target)
    {
        if (!o.contains(key))
            return;
        const QJsonValue v = o.value(key);
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || !(d >= min && d <= max))
            error(path + QStringList {key},
                u"expected a number from %1 to %2, got %3"_s.arg(min).arg(max).arg(writtenValue(v)));
        else
            target = d;
    }

    void duration(
        const QJsonObject &o, const QString &key, const QStringList &path, qint64 minMs, qint64 &target)
    {
        if (!o.contains(key))
            return;
        QString why;
        if (const auto ms = durationInRange(o.value(key), minMs, kMaxWindowMs, &why, /*zeroIsOff=*/true))
            target = *ms;
        else
            error(path + QStringList {key}, why);
    }

    std::optional<QStringList> names(const QJsonValue &v, const QStringList &path)
    {
        if (!v.isArray()) {
            error(path, u"expected a list of server names"_s);
            return std::nullopt;
        }
        QStringList out;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString() || a.at(i).toString().isEmpty()) {
                error(path + QStringList {u"[%1]"_s.arg(i)}, u"expected a server name"_s);
                return std::nullopt;
            }
            out.append(a.at(i).toString());
        }
        return out;
    }

    std::optional<QDateTime> instant(const QJsonValue &v, const QStringList &path)
    {
        QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!v.isString() || !t.isValid()) {
            error(path,
                u"expected a date and time like \"2026-12-01T02:00:00Z\", got %1"_s.arg(writtenValue(v)));
            return std::nullopt;
        }
        return t.toUTC(); // no offset given: local time, as a person writes it
    }

    // Calls fn(entry, path) for each object in a top-level list (rules, silences, maintenance). A
    // value that is not a list, a list that is too long and an entry that is not an object are
    // reported here with the hint given.
    template<typename Fn>
    void forEachEntry(const QJsonValue &value, const QString &key, const QString &listHint,
        const QString &entryHint, Fn &&fn)
    {
        const QStringList base {key};
        if (!value.isArray()) {
            error(base, listHint);
            return;
        }
        const QJsonArray a = value.toArray();
        if (a.size() > kMaxEntries) {
            error(base, u"too many entries (%1); at most %2"_s.arg(a.size()).arg(kMaxEntries));
            return;
        }
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QStringList p = base + QStringList {u"[%1]"_s.arg(i)};
            if (!a.at(i).isObject())
                error(p, entryHint);
            else
                fn(a.at(i).toObject(), p);
        }
    }

    void parseRules(const QJsonValue &value, QList<AlertRule> &rules)
    {
        forEachEntry(value, u"rules"_s,
            u"expected a list of rules like [{\"rule\": \"latency\", \"for\": \"1m\"}]"_s,
            u"expected an object like {\"rule\": \"latency\", \"for\": \"1m\"}"_s,
            [&](const QJsonObject &o, const QStringList &p) {
                unknownKeys(o, p,
                    {u"rule", u"severity", u"threshold", u"for", u"state", u"window", u"servers",
                        u"enabled"});
                const QString name = o.value(u"rule"_s).toString();
                if (!alertRuleNames().contains(name)) {
                    error(p + QStringList {u"rule"_s},
                        o.contains(u"rule"_s)
                            ? u"unknown rule %1; expected one of %2"_s.arg(
                                writtenValue(o.value(u"rule"_s)), alertRuleNames().join(u", "_s))
                            : u"a rule needs \"rule\": one of %1"_s.arg(alertRuleNames().join(u", "_s)));
                    return;
                }
                // Starts from the default entry it replaces, so {"rule":"latency","for":"2m"} keeps the rest.
                AlertRule r;
                r.rule = name;
                r.severity = AlertSeverity::Warning;
                if (name == AlertRuleName::RestartLoop || name == AlertRuleName::State)
                    r.severity = AlertSeverity::Critical;
                if (o.contains(u"severity"_s)) {
                    const auto s = severityFromName(o.value(u"severity"_s).toString());
                    if (!s)
                        error(p + QStringList {u"severity"_s},
                            u"expected \"info\", \"warning\" or \"critical\", got %1"_s.arg(
                                writtenValue(o.value(u"severity"_s))));
                    else
                        r.severity = *s;
                }
                if (name == AlertRuleName::State) {
                    r.state = r.severity == AlertSeverity::Critical ? u"down"_s : u"degraded"_s;
                    if (o.contains(u"state"_s)) {
                        const QString st = o.value(u"state"_s).toString();
                        if (st != u"down" && st != u"degraded")
                            error(p + QStringList {u"state"_s},
                                u"expected \"down\" or \"degraded\", got %1"_s.arg(
                                    writtenValue(o.value(u"state"_s))));
                        else
                            r.state = st;
                    }
                }
                const auto match = std::find_if(rules.begin(), rules.end(), [&](const AlertRule &d) {
                    return d.rule == r.rule && d.severity == r.severity
                        && (r.state.isEmpty() || d.state == r.state);
                });
                if (match != rules.end()) {
                    r.forMs = match->forMs;
                    r.windowMs = match->windowMs;
                    r.threshold = match->threshold;
                } else if (name == AlertRuleName::Availability) {
                    r.windowMs = 3600000;
                    r.threshold = 0.99;
                } else if (name == AlertRuleName::ConsecutiveFailures) {
                    r.threshold = 2;
                }
                if (o.contains(u"threshold"_s)) {
                    const QJsonValue v = o.value(u"threshold"_s);
                    const double d = v.toDouble(std::nan(""));
                    const bool rate = name == AlertRuleName::ErrorRate || name == AlertRuleName::Availability;
                    const bool whole = name == AlertRuleName::ConsecutiveFailures;
                    if (!v.isDouble() || !(d >= 0) || (rate && d > 1)
                        || (whole && (d < 1 || d != std::floor(d))) || d > 1e9)
                        error(p + QStringList {u"threshold"_s},
                            rate ? u"expected a number from 0 to 1, got %1"_s.arg(writtenValue(v))
                                : whole
                                ? u"expected a whole number of at least 1, got %1"_s.arg(writtenValue(v))
                                : u"expected a number of milliseconds, got %1"_s.arg(writtenValue(v)));
                    else
                        r.threshold = d;
                }
                duration(o, u"for"_s, p, 0, r.forMs);
                duration(o, u"window"_s, p, 1000, r.windowMs);
                if (o.contains(u"servers"_s)) {
                    if (const auto s = names(o.value(u"servers"_s), p + QStringList {u"servers"_s}))
                        r.servers = *s;
                }
                bool enabled = true;
                boolean(o, u"enabled"_s, p, enabled);
                if (match != rules.end())
                    rules.erase(match);
                if (enabled)
                    rules.append(r);
            });
    }

    void parseSilences(const QJsonValue &value, QList<AlertSilence> &silences)
    {
        forEachEntry(value, u"silences"_s,
            u"expected a list like [{\"server\": \"x\", \"until\": \"2026-12-01T00:00:00Z\"}]"_s,
            u"expected an object like {\"server\": \"x\", \"until\": \"…\"}"_s,
            [&](const QJsonObject &o, const QStringList &p) {
                unknownKeys(o, p, {u"server", u"rule", u"until"});
                AlertSilence s;
                s.server = o.value(u"server"_s).toString();
                s.rule = o.value(u"rule"_s).toString();
                if (o.contains(u"rule"_s) && !alertRuleNames().contains(s.rule)) {
                    error(p + QStringList {u"rule"_s},
                        u"unknown rule %1"_s.arg(writtenValue(o.value(u"rule"_s))));
                    return;
                }
                if (!o.contains(u"until"_s)) {
                    error(p, u"a silence needs \"until\": when it ends"_s);
                    return;
                }
                if (const auto until = instant(o.value(u"until"_s), p + QStringList {u"until"_s})) {
                    s.until = *until;
                    silences.append(s);
                }
            });
    }

    void parseMaintenance(const QJsonValue &value, QList<MaintenanceWindow> &windows)
    {
        forEachEntry(value, u"maintenance"_s,
            u"expected a list of windows like [{\"start\": \"…\", \"end\": \"…\"}]"_s,
            u"expected an object"_s, [&](const QJsonObject &o, const QStringList &p) {
                unknownKeys(o, p, {u"start", u"end", u"weekly", u"servers"});
                MaintenanceWindow w;
                if (o.contains(u"servers"_s)) {
                    if (const auto s = names(o.value(u"servers"_s), p + QStringList {u"servers"_s}))
                        w.servers = *s;
                }
                if (o.contains(u"weekly"_s)) {
                    const QStringList wp = p + QStringList {u"weekly"_s};
                    const QJsonObject wk = o.value(u"weekly"_s).toObject();
                    if (!o.value(u"weekly"_s).isObject()) {
                        error(wp,
                            u"expected {\"days\": [\"sat\"], \"start\": \"02:00\", \"end\": \"04:00\"}"_s);
                        return;
                    }
                    unknownKeys(wk, wp, {u"days", u"start", u"end"});
                    w.weekly = true;
                    bool ok = true;
                    const QJsonArray days = wk.value(u"days"_s).toArray();
                    if (!wk.value(u"days"_s).isArray() || days.isEmpty()) {
                        error(wp + QStringList {u"days"_s},
                            u"expected a list of days like [\"sat\", \"sun\"]"_s);
                        ok = false;
                    }
                    for (qsizetype d = 0; d < days.size(); ++d) {
                        const auto n = dayNumber(days.at(d).toString());
                        if (!n) {
                            error(wp + QStringList {u"days"_s, u"[%1]"_s.arg(d)},
                                u"expected a day (mon, tue, wed, thu, fri, sat, sun), got %1"_s.arg(
                                    writtenValue(days.at(d))));
                            ok = false;
                        } else if (!w.days.contains(*n)) {
                            w.days.append(*n);
                        }
                    }
                    for (const QString &key : {u"start"_s, u"end"_s}) {
                        const auto m = clockMinutes(wk.value(key));
                        if (!m) {
                            error(wp + QStringList {key},
                                u"expected a local time like \"02:00\", got %1"_s.arg(
                                    writtenValue(wk.value(key))));
                            ok = false;
                        } else {
                            (key == u"start" ? w.startMinute : w.endMinute) = *m;
                        }
                    }
                    if (ok && w.startMinute == w.endMinute) {
                        error(wp + QStringList {u"end"_s}, u"the window is empty: end equals start"_s);
                        ok = false;
                    }
                    if (ok)
                        windows.append(w);
                    return;
                }
                const auto start = instant(o.value(u"start"_s), p + QStringList {u"start"_s});
                const auto end = instant(o.value(u"end"_s), p + QStringList {u"end"_s});
                if (!start || !end)
                    return;
                if (*end <= *start) {
                    error(p + QStringList {u"end"_s}, u"the window ends before it starts"_s);
                    return;
                }
                w.start = *start;
                w.end = *end;
                windows.append(w);
            });
    }

    const AlertConfig::Report &m_error;
    const AlertConfig::Report &m_warning;
};

} // namespace

QStringList alertRuleNames()
{
    using namespace AlertRuleName;
    return {State.toString(), Latency.toString(), ErrorRate.toString(), Availability.toString(),
        ConsecutiveFailures.toString(), Trend.toString(), ErrorSpike.toString(), Flapping.toString(),
        RestartLoop.toString()};
}

bool MaintenanceWindow::contains(const QDateTime &utc, const QString &server) const
{
    if (!servers.isEmpty() && !servers.contains(server))
        return false;
    if (!weekly)
        return utc >= start && utc < end;
    const QDateTime local = utc.toLocalTime();
    const int minute = local.time().hour() * 60 + local.time().minute();
    const int day = local.date().dayOfWeek();
    const int yesterday = day == 1 ? 7 : day - 1;
    if (startMinute < endMinute)
        return days.contains(day) && minute >= startMinute && minute < endMinute;
    // Past midnight: the evening part belongs to the listed day, the morning part to the day after.
    return (days.contains(day) && minute >= startMinute) || (days.contains(yesterday) && minute < endMinute);
}

QList<AlertRule> AlertConfig::defaultRules()
{
    using namespace AlertRuleName;
    AlertRule down = rule(State, AlertSeverity::Critical);
    down.state = u"down"_s;
    AlertRule degraded = rule(State, AlertSeverity::Warning, 300000);
    degraded.state = u"degraded"_s;
    AlertRule availability = rule(Availability, AlertSeverity::Warning);
    availability.threshold = 0.99;
    availability.windowMs = 3600000;
    AlertRule consecutive = rule(ConsecutiveFailures, AlertSeverity::Warning);
    consecutive.threshold = 2;
    return {down, degraded, rule(Latency, AlertSeverity::Critical, 60000),
        rule(Latency, AlertSeverity::Warning, 300000), rule(ErrorRate, AlertSeverity::Critical),
        rule(ErrorRate, AlertSeverity::Warning, 300000), availability, consecutive,
        rule(Trend, AlertSeverity::Warning), rule(ErrorSpike, AlertSeverity::Warning),
        rule(Flapping, AlertSeverity::Warning), rule(RestartLoop, AlertSeverity::Critical)};
}

AlertConfig AlertConfig::parse(const QJsonValue &value, const Report &error, const Report &warning)
{
    Parser parser(error, warning);
    return parser.parse(value);
}

} // namespace lifeline
