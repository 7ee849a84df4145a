#include "mcptools.h"

#include "config/duration.h"
#include "engine/enginethread.h"
#include "jsonvalues.h"
#include "serverfigures.h"
#include "health/healthaccounting.h"
#include "statusdata.h"
#include "statusjson.h"
#include "store/historystore.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr qint64 kMinWindowMs = 60LL * 1000;
constexpr qint64 kMaxWindowMs = 90LL * 86400 * 1000;
constexpr double kUptimeTargetPercent = 99.5; // the seeds' W3 target
constexpr double kErrorRateWarning = 0.05; // MonitorSettings' default; snapshots do not carry it
constexpr int kRestartsWorthAMention = 3;
constexpr int kRecentEvents = 10;

QString fmtMs(double ms)
{
    if (ms < 0)
        return u"n/a"_s;
    if (ms >= 1000)
        return u"%1 s"_s.arg(ms / 1000.0, 0, 'f', ms >= 10000 ? 0 : 1);
    return u"%1 ms"_s.arg(ms, 0, 'f', ms >= 100 ? 0 : 1);
}

QString fmtPercent(double fraction)
{
    const double pct = fraction * 100.0;
    return u"%1 %"_s.arg(pct, 0, 'f', pct > 0 && pct < 1 ? 2 : 1);
}

QJsonObject textResult(const QString &text, const QJsonObject &structured)
{
    return QJsonObject {{"content"_L1, QJsonArray {QJsonObject {{"type"_L1, "text"_L1}, {"text"_L1, text}}}},
        {"structuredContent"_L1, structured}, {"isError"_L1, false}};
}

// Tool execution errors go back as results (not protocol errors) so that a model can correct itself.
// No structuredContent: clients check it against the outputSchema, and an error has no such shape.
QJsonObject errorResult(const QString &text)
{
    return QJsonObject {{"content"_L1, QJsonArray {QJsonObject {{"type"_L1, "text"_L1}, {"text"_L1, text}}}},
        {"isError"_L1, true}};
}

// The tools' definitions for tools/list — names, descriptions, input and output schemas — are
// mcptools.json, a resource; the vocabularies of the arguments are read from there too, so that
// what is checked is what is announced.
const QJsonArray &toolDefinitions()
{
    static const QJsonArray definitions = [] {
        QFile file(u":/lifeline/api/mcptools.json"_s);
        if (!file.open(QIODevice::ReadOnly))
            return QJsonArray();
        return QJsonDocument::fromJson(file.readAll()).array();
    }();
    return definitions;
}

// The `enum` of one argument of one tool (of its items, for an array).
QStringList argumentValues(QLatin1StringView tool, QLatin1StringView argument)
{
    QStringList out;
    for (const QJsonValue &d : toolDefinitions()) {
        if (d["name"_L1].toString() != tool)
            continue;
        QJsonObject a = d["inputSchema"_L1]["properties"_L1][argument].toObject();
        if (a.contains("items"_L1))
            a = a["items"_L1].toObject();
        for (const QJsonValue &v : a["enum"_L1].toArray())
            out.append(v.toString());
    }
    return out;
}

const QStringList &monitorActions()
{
    static const QStringList values = argumentValues("integration_monitor"_L1, "action"_L1);
    return values;
}

const QStringList &failoverActions()
{
    static const QStringList values = argumentValues("failover_manager"_L1, "action"_L1);
    return values;
}

const QStringList &serverTypes()
{
    static const QStringList values = argumentValues("integration_monitor"_L1, "server_types"_L1);
    return values;
}

const QStringList &depths()
{
    static const QStringList values = argumentValues("integration_monitor"_L1, "check_depth"_L1);
    return values;
}

QJsonObject suggestion(
    const QString &server, const QString &severity, const QString &metric, const QString &message)
{
    return QJsonObject {
        {"server"_L1, server}, {"severity"_L1, severity}, {"metric"_L1, metric}, {"message"_L1, message}};
}

QString topFailureType(const ServerFigures &f)
{
    QString top;
    int n = 0;
    for (auto it = f.failuresByType.cbegin(); it != f.failuresByType.cend(); ++it) {
        if (it.value() > n) {
            n = it.value();
            top = it.key();
        }
    }
    return top;
}

// Concrete advice for one server, from its figures over the window.
QJsonArray suggestionsFor(const ServerFigures &f, const QString &windowText)
{
    QJsonArray out;
    if (f.state == HealthState::Offline || f.state == HealthState::Disabled)
        return out;
    if (f.state == HealthState::Failed)
        out.append(suggestion(f.name, u"critical"_s, u"state"_s,
            u"recovery gave up (failed): fix the cause (last failure: %1), then failover_manager "
            "trigger_recovery"_s.arg(f.lastFailure.isFailure()
                    ? failureTypeName(f.lastFailure.type) + u" – "_s + f.lastFailure.detail.left(120)
                    : u"unknown"_s)));
    if (f.p95Ms >= 0 && f.p95Ms > f.latencyCriticalMs)
        out.append(suggestion(f.name, u"critical"_s, u"p95_ms"_s,
            u"p95 %1 over latencyCritical %2 in %3: the server is close to timing out; investigate its slow "
            "path or raise timeout and latencyCritical"_s.arg(
                fmtMs(f.p95Ms), fmtMs(f.latencyCriticalMs), windowText)));
    else if (f.p95Ms >= 0 && f.p95Ms > f.latencyWarningMs)
        out.append(suggestion(f.name, u"warning"_s, u"p95_ms"_s,
            u"p95 %1 over latencyWarning %2 in %3: raise timeout or investigate"_s.arg(
                fmtMs(f.p95Ms), fmtMs(f.latencyWarningMs), windowText)));
    const double rate = f.errorRate();
    if (rate > kErrorRateWarning) {
        const QString top = topFailureType(f);
        QString advice = u"look at failure_analysis"_s;
        if (top == "timeout"_L1)
            advice = u"most are timeouts: raise timeout or lower the load on the server"_s;
        else if (top == "authentication"_L1)
            advice = u"most are authentication errors: renew the credentials in its headers or env"_s;
        else if (top == "rate_limit"_L1)
            advice = u"most are rate limits: check less often (interval) or raise the server's quota"_s;
        else if (top == "process_exit"_L1)
            advice = u"most are process exits: check its stderr"_s;
        else if (top == "connection_error"_L1)
            advice = u"most are connection errors: check that the endpoint is reachable"_s;
        else if (!top.isEmpty())
            advice = u"most are %1"_s.arg(top);
        out.append(suggestion(f.name, rate > 0.25 ? u"critical"_s : u"warning"_s, u"error_rate"_s,
            u"error rate %1 over %2 in %3 (%4 of %5 checks): %6"_s
                .arg(fmtPercent(rate), fmtPercent(kErrorRateWarning), windowText)
                .arg(f.failures)
                .arg(f.checks)
                .arg(advice)));
    }
    if (f.restarts >= kRestartsWorthAMention) {
        const QString last
            = f.stderrTail.isEmpty() ? QString() : u" (last line: %1)"_s.arg(f.stderrTail.last().left(120));
        out.append(suggestion(f.name, u"warning"_s, u"restarts"_s,
            u"restarted %1× in %2: check stderr%3"_s.arg(f.restarts).arg(windowText, last)));
    }
    const double up = f.uptimePercent();
    if (up >= 0 && up < kUptimeTargetPercent)
        out.append(suggestion(f.name, up < 95 ? u"critical"_s : u"warning"_s, u"uptime_percent"_s,
            u"uptime %1 % in %2, below the %3 % target"_s.arg(up, 0, 'f', 2)
                .arg(windowText)
                .arg(kUptimeTargetPercent)));
    if (f.circuit == CircuitBreaker::State::Open)
        out.append(suggestion(f.name, u"warning"_s, u"circuit"_s,
            u"circuit breaker open: calls are refused until it half-opens; fix the cause or trigger_recovery"_s));
    const bool troubled = f.failures > 0 || f.restarts > 0 || (up >= 0 && up < 100.0) || isDown(f.state);
    if (f.group.isEmpty() && troubled)
        out.append(suggestion(f.name, isDown(f.state) ? u"warning"_s : u"info"_s, u"failover"_s,
            u"no failover group: add a fallback (lifeline.failover) so that agents keep working while it recovers"_s));
    return out;
}

QString windowLabel(qint64 ms)
{
    return formatDuration(ms);
}

} // namespace

McpTools::McpTools(StatusData *data, EngineThread *engine, HistoryStore *history)
    : m_data(data)
    , m_engine(engine)
    , m_history(history)
{ }

QDateTime McpTools::now() const
{
    return m_fixedNow.isValid() ? m_fixedNow : QDateTime::currentDateTimeUtc();
}

QJsonArray McpTools::definitions() const
{
    return toolDefinitions();
}

std::optional<QJsonObject> McpTools::call(const QString &name, const QJsonObject &arguments, bool tokenValid)
{
    if (name == "integration_monitor"_L1)
        return integrationMonitor(arguments);
    if (name == "failover_manager"_L1)
        return failoverManager(arguments, tokenValid);
    if (name == "performance_report"_L1)
        return performanceReport(arguments);
    return std::nullopt;
}

namespace {

struct Selection
{
    QList<ServerSnapshot> servers;
    QStringList unknown;
    QString error;
};

Selection selectServers(const StatusData &data, const QJsonObject &arguments)
{
    Selection sel;
    QStringList names, types;
    const QJsonValue n = arguments.value("server_names"_L1);
    if (!n.isUndefined() && !n.isNull()) {
        if (!n.isArray()) {
            sel.error = u"server_names must be an array of server names"_s;
            return sel;
        }
        for (const QJsonValue &v : n.toArray())
            names.append(v.toString());
    }
    const QJsonValue t = arguments.value("server_types"_L1);
    if (!t.isUndefined() && !t.isNull()) {
        if (!t.isArray()) {
            sel.error = u"server_types must be an array of: %1"_s.arg(serverTypes().join(u", "_s));
            return sel;
        }
        for (const QJsonValue &v : t.toArray()) {
            if (!serverTypes().contains(v.toString())) {
                sel.error = u"server_types: unknown type '%1' (one of: %2)"_s.arg(
                    v.toString().left(40), serverTypes().join(u", "_s));
                return sel;
            }
            types.append(v.toString());
        }
    }
    for (const QString &name : std::as_const(names)) {
        if (!data.snapshot(name))
            sel.unknown.append(name.left(200));
    }
    for (const ServerSnapshot &s : data.snapshots()) {
        if (!names.isEmpty() && !names.contains(s.name))
            continue;
        if (!types.isEmpty() && !types.contains(transportKindName(s.activeTransport)))
            continue;
        sel.servers.append(s);
    }
    return sel;
}

std::optional<qint64> windowArgument(const QJsonObject &arguments, qint64 fallbackMs, QString *error)
{
    const QJsonValue w = arguments.value("window"_L1);
    if (w.isUndefined() || w.isNull())
        return fallbackMs;
    QString why;
    const auto ms = parseDuration(w, &why);
    if (!ms) {
        *error = u"window: %1 (examples: 15m, 1h, 24h, 7d)"_s.arg(why);
        return std::nullopt;
    }
    return std::clamp(*ms, kMinWindowMs, kMaxWindowMs);
}

// What every action of integration_monitor works from, and what it writes.
struct MonitorRequest
{
    const StatusData &data;
    QString depth;
    bool deep = false;
    Selection sel;
    QDateTime from;
    QString windowText;
    QString sourceText; // where the figures come from, for people
    QJsonObject out; // structuredContent
    QStringList lines; // the text
};

// health_check: the state of each server now (no window).
void healthCheck(MonitorRequest &r)
{
    QJsonArray servers;
    QMap<QString, int> counts;
    QStringList problems;
    for (const ServerSnapshot &s : r.sel.servers) {
        const QString check = StatusJson::serverCheck(r.data, s);
        ++counts[healthStateName(s.state)];
        QJsonObject o {{"name"_L1, s.name}, {"transport"_L1, transportKindName(s.activeTransport)},
            {"state"_L1, healthStateName(s.state)}, {"check"_L1, check},
            {"since"_L1, timeOrNull(s.stateSince)}, {"last_check"_L1, timeOrNull(s.lastCheck)},
            {"latency_ms"_L1, numberOrNull(s.lastLatencyMs)}, {"error_rate"_L1, s.errorRate},
            {"consecutive_failures"_L1, s.consecutiveFailures},
            {"failure"_L1,
                s.lastFailure.isFailure() ? QJsonValue(failureTypeName(s.lastFailure.type))
                                          : QJsonValue(QJsonValue::Null)},
            {"error"_L1,
                s.lastFailure.isFailure() ? QJsonValue(s.lastFailure.detail) : QJsonValue(QJsonValue::Null)},
            {"circuit"_L1, CircuitBreaker::stateName(s.circuit)},
            {"failover_group"_L1, stringOrNull(s.group)}, {"active_member"_L1, stringOrNull(s.groupActive)},
            {"restarts_total"_L1, double(r.data.counters(s.name).restarts)},
            {"recovery_attempt"_L1, s.recoveryAttempt}, {"next_attempt"_L1, timeOrNull(s.nextAttempt)}};
        if (r.deep) {
            o.insert("protocol_version"_L1, stringOrNull(s.protocolVersion));
            o.insert("server_info"_L1, s.serverInfo);
            o.insert("capabilities"_L1, s.capabilities);
            o.insert(
                "tool_count"_L1, s.toolCount < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(s.toolCount));
            o.insert("handshake_ms"_L1, numberOrNull(s.handshakeMs));
            o.insert("last_failure_at"_L1, timeOrNull(s.lastFailureAt));
            o.insert("next_check"_L1, timeOrNull(s.nextCheck));
            o.insert("stderr_tail"_L1,
                QJsonArray::fromStringList(
                    s.stderrTail.mid(std::max<qsizetype>(0, s.stderrTail.size() - 5))));
            QJsonArray recent;
            const QList<HealthEvent> evs = r.data.events({}, s.name);
            for (qsizetype i = std::max<qsizetype>(0, evs.size() - kRecentEvents); i < evs.size(); ++i)
                recent.append(evs.at(i).toJson());
            o.insert("recent_events"_L1, recent);
        }
        servers.append(o);
        if (check == "fail"_L1 || check == "warn"_L1) {
            QString p = u"%1 is %2"_s.arg(s.name, healthStateName(s.state));
            if (s.lastFailure.isFailure() && !isUp(s.state))
                p += u" (%1: %2)"_s.arg(failureTypeName(s.lastFailure.type), s.lastFailure.detail.left(120));
            else if (s.state == HealthState::Degraded)
                p += u" (latency %1, warning at %2)"_s.arg(fmtMs(s.lastLatencyMs), fmtMs(s.latencyWarningMs));
            if (check == "warn"_L1 && !isUp(s.state) && !s.groupActive.isEmpty() && s.groupActive != s.name)
                p += u"; group %1 serves from %2"_s.arg(s.group, s.groupActive);
            problems.append(p);
        }
    }
    QJsonObject summary {{"total"_L1, int(r.sel.servers.size())}};
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        summary.insert(it.key(), it.value());
        parts.append(u"%1 %2"_s.arg(it.value()).arg(it.key()));
    }
    r.out.insert("summary"_L1, summary);
    r.out.insert("servers"_L1, servers);
    r.lines.prepend(u"Ecosystem %1: %2 server(s)%3%4"_s.arg(r.out.value("status"_L1).toString())
                        .arg(r.sel.servers.size())
                        .arg(parts.isEmpty() ? QString() : u" – "_s + parts.join(u", "_s))
                        .arg(problems.isEmpty() ? u"."_s : u". "_s + problems.join(u"; "_s) + u"."_s));
    if (r.depth == "stress_test"_L1)
        r.lines.append(u"Lifeline does not load-test servers: stress_test reports like comprehensive."_s);
}

void performanceScan(MonitorRequest &r, const QList<ServerFigures> &figures)
{
    QList<ServerFigures> slow = figures;
    std::sort(slow.begin(), slow.end(),
        [](const ServerFigures &a, const ServerFigures &b) { return a.p95Ms > b.p95Ms; });
    r.lines.prepend(
        u"Performance of %1 server(s) over %2 (%3):"_s.arg(figures.size()).arg(r.windowText, r.sourceText));
    int flagged = 0;
    for (const ServerFigures &f : std::as_const(slow)) {
        const bool over = f.p95Ms > f.latencyWarningMs;
        flagged += over ? 1 : 0;
        r.lines.append(u"- %1: last %2, avg %3, p95 %4%5, error rate %6, uptime %7"_s.arg(f.name,
            fmtMs(f.lastMs), fmtMs(f.avgMs), fmtMs(f.p95Ms),
            over ? u" (over the %1 warning)"_s.arg(fmtMs(f.latencyWarningMs)) : QString(),
            f.errorRate() < 0 ? u"n/a"_s : fmtPercent(f.errorRate()),
            f.uptimePercent() < 0 ? u"n/a"_s : u"%1 %"_s.arg(f.uptimePercent(), 0, 'f', 2)));
    }
    r.out.insert("summary"_L1, QJsonObject {{"total"_L1, int(figures.size())}, {"slow"_L1, flagged}});
}

void failureAnalysis(MonitorRequest &r, const QList<ServerFigures> &figures)
{
    QMap<QString, int> byType;
    QJsonArray recent;
    int total = 0;
    QString worst;
    qint64 worstCount = 0;
    for (const ServerFigures &f : figures) {
        for (auto it = f.failuresByType.cbegin(); it != f.failuresByType.cend(); ++it)
            byType[it.key()] += it.value();
        total += int(f.failures);
        if (f.failures > worstCount) {
            worstCount = f.failures;
            worst = f.name;
        }
    }
    // Recent transitions into trouble, newest first.
    const QList<HealthEvent> evs = r.data.events(r.from);
    for (auto it = evs.crbegin(); it != evs.crend() && recent.size() < 2 * kRecentEvents; ++it) {
        const bool selected = std::any_of(
            figures.cbegin(), figures.cend(), [&](const ServerFigures &f) { return f.name == it->server; });
        if (!selected)
            continue;
        if (uptimeClass(*it) == UptimeClass::Down || it->kind == HealthEvent::Kind::Restart
            || it->kind == HealthEvent::Kind::Failover || it->kind == HealthEvent::Kind::Circuit)
            recent.append(it->toJson());
    }
    QJsonObject typesJson;
    QStringList typeParts;
    for (auto it = byType.cbegin(); it != byType.cend(); ++it) {
        typesJson.insert(it.key(), it.value());
        typeParts.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
    }
    r.out.insert("summary"_L1,
        QJsonObject {{"total_failures"_L1, total}, {"failures_by_type"_L1, typesJson},
            {"most_affected"_L1, stringOrNull(worst)}});
    r.out.insert("recent_events"_L1, recent);
    r.lines.prepend(u"%1 failed check(s) over %2 (%3)%4%5"_s.arg(total).arg(r.windowText, r.sourceText,
        typeParts.isEmpty() ? QString() : u": "_s + typeParts.join(u", "_s),
        worst.isEmpty() ? u"."_s : u"; most affected: %1 (%2)."_s.arg(worst).arg(worstCount)));
    for (const ServerFigures &f : figures) {
        if (f.lastFailure.isFailure())
            r.lines.append(
                u"- %1: last failure %2 at %3: %4; %5 restart(s) in the window"_s
                    .arg(f.name, failureTypeName(f.lastFailure.type),
                        HealthEvent::formatTimestamp(f.lastFailureAt), f.lastFailure.detail.left(160))
                    .arg(f.restarts));
    }
}

void optimizationReport(MonitorRequest &r, const QList<ServerFigures> &figures, const QJsonArray &suggestions)
{
    r.out.insert("summary"_L1,
        QJsonObject {{"total"_L1, int(figures.size())}, {"suggestions"_L1, int(suggestions.size())}});
    r.lines.prepend(suggestions.isEmpty()
            ? u"No suggestions over %1 (%2): every selected server is within its thresholds."_s.arg(
                r.windowText, r.sourceText)
            : u"%1 suggestion(s) over %2 (%3):"_s.arg(suggestions.size()).arg(r.windowText, r.sourceText));
    for (const QJsonValue &v : std::as_const(suggestions)) {
        const QJsonObject s = v.toObject();
        r.lines.append(u"- [%1] %2: %3"_s.arg(s.value("severity"_L1).toString(),
            s.value("server"_L1).toString(), s.value("message"_L1).toString()));
    }
}

} // namespace

QJsonObject McpTools::integrationMonitor(const QJsonObject &arguments)
{
    const QString action = arguments.value("action"_L1).toString();
    if (!monitorActions().contains(action))
        return errorResult(u"integration_monitor: action must be one of %1, got '%2'"_s.arg(
            monitorActions().join(u", "_s), action.left(60)));
    const QString depth = arguments.value("check_depth"_L1).toString(u"basic"_s);
    if (!depths().contains(depth))
        return errorResult(u"integration_monitor: check_depth must be one of %1, got '%2'"_s.arg(
            depths().join(u", "_s), depth.left(60)));
    const bool deep = depth != "basic"_L1;
    const Selection sel = selectServers(*m_data, arguments);
    if (!sel.error.isEmpty())
        return errorResult(u"integration_monitor: "_s + sel.error);
    QString windowError;
    const qint64 defaultWindow = action == "performance_scan"_L1 ? 3600LL * 1000 : 86400LL * 1000;
    const auto windowMs = windowArgument(arguments, defaultWindow, &windowError);
    if (!windowMs)
        return errorResult(u"integration_monitor: "_s + windowError);

    const QDateTime to = now();
    const QDateTime from = to.addMSecs(-*windowMs);
    const QString windowText = windowLabel(*windowMs);
    MonitorRequest r {*m_data, depth, deep, sel, from, windowText, {},
        QJsonObject {{"action"_L1, action}, {"generated_at"_L1, HealthEvent::formatTimestamp(to)},
            {"status"_L1, StatusJson::ecosystemStatus(*m_data)}, {"check_depth"_L1, depth},
            {"unknown_servers"_L1, QJsonArray::fromStringList(sel.unknown)}},
        {}};
    if (!sel.unknown.isEmpty())
        r.lines.append(u"Unknown servers (not monitored): %1."_s.arg(sel.unknown.join(u", "_s)));
    if (action == "health_check"_L1) {
        healthCheck(r);
        return textResult(r.lines.join(u'\n'), r.out);
    }

    QString source;
    const QList<ServerFigures> figures
        = collectServerFigures(*m_data, m_history, sel.servers, from, to, kHistoryWaitMs, &source);
    r.out.insert("window"_L1, windowText);
    r.out.insert("source"_L1, source);
    QJsonArray servers, suggestions;
    for (const ServerFigures &f : figures) {
        servers.append(f.toJson());
        for (const QJsonValue &s : suggestionsFor(f, windowText))
            suggestions.append(s);
    }
    r.out.insert("servers"_L1, servers);
    r.out.insert("suggestions"_L1, suggestions);
    r.sourceText = source == "history"_L1 ? u"from the history"_s : u"live, since Lifeline started"_s;

    if (action == "performance_scan"_L1)
        performanceScan(r, figures);
    else if (action == "failure_analysis"_L1)
        failureAnalysis(r, figures);
    else
        optimizationReport(r, figures, suggestions);
    return textResult(r.lines.join(u'\n'), r.out);
}

QJsonObject McpTools::performanceReport(const QJsonObject &arguments)
{
    QString windowError;
    const auto windowMs = windowArgument(arguments, 3600LL * 1000, &windowError);
    if (!windowMs)
        return errorResult(u"performance_report: "_s + windowError);
    const Selection sel = selectServers(*m_data, arguments);
    if (!sel.error.isEmpty())
        return errorResult(u"performance_report: "_s + sel.error);
    const QDateTime to = now();
    const QDateTime from = to.addMSecs(-*windowMs);
    const QString windowText = windowLabel(*windowMs);
    QString source;
    const QList<ServerFigures> figures
        = collectServerFigures(*m_data, m_history, sel.servers, from, to, kHistoryWaitMs, &source);

    QJsonArray servers, suggestions;
    qint64 up = 0, down = 0, checks = 0, failures = 0;
    double worstP95 = -1;
    QString worstName;
    QStringList lines;
    lines.append(u"Performance report over %1 (%2), %3 server(s):"_s
                     .arg(windowText,
                         source == "history"_L1 ? u"from the history"_s : u"live, since Lifeline started"_s)
                     .arg(figures.size()));
    for (const ServerFigures &f : figures) {
        servers.append(f.toJson());
        up += f.upMs;
        down += f.downMs;
        checks += f.checks;
        failures += f.failures;
        if (f.p95Ms > worstP95) {
            worstP95 = f.p95Ms;
            worstName = f.name;
        }
        for (const QJsonValue &s : suggestionsFor(f, windowText))
            suggestions.append(s);
        lines.append(u"- %1 (%2): avg %3, p95 %4, max %5; error rate %6 (%7 of %8 checks); uptime %9"_s.arg(
            f.name, healthStateName(f.state), fmtMs(f.avgMs), fmtMs(f.p95Ms), fmtMs(f.maxMs),
            f.errorRate() < 0 ? u"n/a"_s : fmtPercent(f.errorRate()), QString::number(f.failures),
            QString::number(f.checks),
            f.uptimePercent() < 0 ? u"n/a"_s : u"%1 %"_s.arg(f.uptimePercent(), 0, 'f', 2)));
    }
    if (!sel.unknown.isEmpty())
        lines.append(u"Unknown servers (not monitored): %1."_s.arg(sel.unknown.join(u", "_s)));
    if (suggestions.isEmpty()) {
        lines.append(u"Suggestions: none, every server is within its thresholds."_s);
    } else {
        lines.append(u"Suggestions:"_s);
        for (const QJsonValue &v : std::as_const(suggestions)) {
            const QJsonObject s = v.toObject();
            lines.append(u"- [%1] %2: %3"_s.arg(s.value("severity"_L1).toString(),
                s.value("server"_L1).toString(), s.value("message"_L1).toString()));
        }
    }
    const QJsonObject overall {{"uptime_percent"_L1,
                                   up + down > 0 ? QJsonValue(100.0 * double(up) / double(up + down))
                                                 : QJsonValue(QJsonValue::Null)},
        {"error_rate"_L1,
            checks > 0 ? QJsonValue(double(failures) / double(checks)) : QJsonValue(QJsonValue::Null)},
        {"checks"_L1, double(checks)}, {"failures"_L1, double(failures)},
        {"worst_p95_ms"_L1, numberOrNull(worstP95)}, {"worst_p95_server"_L1, stringOrNull(worstName)},
        {"status"_L1, StatusJson::ecosystemStatus(*m_data)}};
    const QJsonObject out {{"window"_L1, windowText}, {"window_ms"_L1, double(*windowMs)},
        {"from"_L1, HealthEvent::formatTimestamp(from)}, {"to"_L1, HealthEvent::formatTimestamp(to)},
        {"source"_L1, source}, {"servers"_L1, servers}, {"overall"_L1, overall},
        {"suggestions"_L1, suggestions}, {"unknown_servers"_L1, QJsonArray::fromStringList(sel.unknown)}};
    return textResult(lines.join(u'\n'), out);
}

namespace {

// What every action of failover_manager works from, and what it writes.
struct FailoverRequest
{
    const StatusData &data;
    EngineThread &engine;
    QString target;
    std::optional<ServerSnapshot> server; // the target when it names a server
    std::optional<FailoverGroupSnapshot> group; // the target's group, or the target itself
    bool targetIsGroup = false;
    QJsonArray members;
    QStringList requested;
    QString message;
};

QJsonObject memberJson(const StatusData &data, const QString &name, const QString &role)
{
    const auto s = data.snapshot(name);
    QJsonObject o {{"name"_L1, name}, {"role"_L1, role}};
    if (!s) {
        o.insert("state"_L1, "unknown"_L1);
        return o;
    }
    o.insert("state"_L1, healthStateName(s->state));
    o.insert("check"_L1, StatusJson::serverCheck(data, *s));
    o.insert("latency_ms"_L1, numberOrNull(s->lastLatencyMs));
    o.insert("last_check"_L1, timeOrNull(s->lastCheck));
    o.insert("failure"_L1,
        s->lastFailure.isFailure() ? QJsonValue(failureTypeName(s->lastFailure.type))
                                   : QJsonValue(QJsonValue::Null));
    return o;
}

// trigger_recovery: restart the server, or a group's active member.
void triggerRecovery(FailoverRequest &r)
{
    const QString victim
        = r.server ? r.server->name : (r.group->active.isEmpty() ? r.group->primary : r.group->active);
    r.engine.restartServer(victim);
    r.requested.append(u"restart %1"_s.arg(victim));
    r.members.append(memberJson(r.data, victim, r.targetIsGroup ? u"active"_s : u"target"_s));
    r.message = u"Restart of %1 requested%2; it was %3. Its new state shows in health://ecosystem once the "
                "restart and the first check are done."_s.arg(victim,
                    r.targetIsGroup ? u" (the active member of group %1)"_s.arg(r.group->name) : QString(),
                    r.members.first().toObject().value("state"_L1).toString());
}

// enable_failover: monitor the server, or every member of a group, again.
void enableFailover(FailoverRequest &r)
{
    const QStringList names = r.targetIsGroup ? QStringList {r.group->primary} + r.group->fallbacks
                                              : QStringList {r.server->name};
    for (const QString &n : names) {
        r.engine.enableServer(n);
        r.requested.append(u"enable %1"_s.arg(n));
        r.members.append(memberJson(
            r.data, n, n == (r.group ? r.group->primary : QString()) ? u"primary"_s : u"member"_s));
    }
    r.message = u"Enabled %1: Lifeline monitors %2 again and may fail over to %3."_s.arg(names.join(u", "_s),
        names.size() == 1 ? u"it"_s : u"them"_s, names.size() == 1 ? u"it"_s : u"them"_s);
}

// The group's members with their roles: what test_fallback and restore_primary report.
void groupMembers(FailoverRequest &r)
{
    r.members.append(memberJson(r.data, r.group->primary, u"primary"_s));
    for (const QString &fb : r.group->fallbacks)
        r.members.append(
            memberJson(r.data, fb, fb == r.group->active ? u"fallback (active)"_s : u"fallback"_s));
}

// test_fallback: a fresh check of each fallback, without switching.
void testFallback(FailoverRequest &r)
{
    groupMembers(r);
    const FailoverGroupSnapshot &group = *r.group;
    QStringList healthy, unhealthy;
    for (const QString &fb : group.fallbacks) {
        r.engine.checkNow(fb);
        r.requested.append(u"check %1"_s.arg(fb));
        const auto s = r.data.snapshot(fb);
        (s && isUp(s->state) ? healthy : unhealthy)
            .append(fb + u" ("_s + (s ? healthStateName(s->state) : u"unknown"_s) + u')');
    }
    r.message = group.fallbacks.isEmpty()
        ? u"Group %1 has no fallbacks to test: add some under lifeline.failover.%1.fallbacks."_s.arg(
            group.name)
        : u"Group %1 (active: %2): fallbacks up: %3; not up: %4. A fresh check of each was requested "
          u"without "
          "switching; health://ecosystem shows its result within the check timeout."_s.arg(group.name,
              group.active, healthy.isEmpty() ? u"none"_s : healthy.join(u", "_s),
              unhealthy.isEmpty() ? u"none"_s : unhealthy.join(u", "_s));
}

// restore_primary: ask the group to go back to its primary; the engine waits for it to be up.
void restorePrimary(FailoverRequest &r)
{
    groupMembers(r);
    const FailoverGroupSnapshot &group = *r.group;
    r.engine.restorePrimary(group.name);
    r.requested.append(u"restore primary %1 of %2"_s.arg(group.primary, group.name));
    const auto p = r.data.snapshot(group.primary);
    const bool primaryUp = p && isUp(p->state);
    r.message = group.active == group.primary
        ? u"%1 is already the active member of group %2."_s.arg(group.primary, group.name)
        : primaryUp
        ? u"Asked group %1 to go back to its primary %2 (now %3; active was %4)."_s.arg(
            group.name, group.primary, healthStateName(p->state), group.active)
        : u"Asked group %1 to go back to its primary %2, but the primary is %3: the engine keeps %4 "
          "active until the primary is up."_s.arg(
              group.name, group.primary, p ? healthStateName(p->state) : u"unknown"_s, group.active);
}

} // namespace

QJsonObject McpTools::failoverManager(const QJsonObject &arguments, bool tokenValid)
{
    const QString action = arguments.value("action"_L1).toString();
    if (!failoverActions().contains(action))
        return errorResult(u"failover_manager: action must be one of %1, got '%2'"_s.arg(
            failoverActions().join(u", "_s), action.left(60)));
    if (!tokenValid)
        return errorResult(
            u"failover_manager %1 changes what Lifeline runs and needs its token: send it as the "
            "HTTP header 'Authorization: Bearer <token>' (the token is in Lifeline's settings). "
            "integration_monitor and performance_report work without it."_s.arg(action));
    if (!m_engine)
        return errorResult(u"failover_manager: this Lifeline runs no engine to act on"_s);
    const QString target = arguments.value("target"_L1).toString();
    if (target.isEmpty())
        return errorResult(u"failover_manager: target (a server or failover group name) is required"_s);

    FailoverRequest r {
        *m_data, *m_engine, target, m_data->snapshot(target), m_data->group(target), false, {}, {}, {}};
    if (!r.group && r.server && !r.server->group.isEmpty())
        r.group = m_data->group(r.server->group);
    if (!r.server && !r.group) {
        QStringList known;
        for (const ServerSnapshot &s : m_data->snapshots())
            known.append(s.name);
        for (const FailoverGroupSnapshot &g : m_data->groups())
            known.append(u"%1 (group)"_s.arg(g.name));
        return errorResult(u"failover_manager: no server or failover group named '%1'; known: %2"_s.arg(
            target.left(100), known.isEmpty() ? u"none"_s : known.join(u", "_s)));
    }
    r.targetIsGroup = !r.server && r.group;

    if (action == "trigger_recovery"_L1) {
        triggerRecovery(r);
    } else if (action == "enable_failover"_L1) {
        enableFailover(r);
    } else {
        if (!r.group)
            return errorResult(
                u"failover_manager %1: %2 is in no failover group; add one under lifeline.failover "
                "with a primary and fallbacks"_s.arg(action, target.left(100)));
        if (action == "test_fallback"_L1)
            testFallback(r);
        else
            restorePrimary(r);
    }
    const QJsonObject out {{"action"_L1, action}, {"target"_L1, target},
        {"group"_L1, r.group ? QJsonValue(r.group->name) : QJsonValue(QJsonValue::Null)},
        {"accepted"_L1, true}, {"requested"_L1, QJsonArray::fromStringList(r.requested)},
        {"members"_L1, r.members}, {"message"_L1, r.message}};
    return textResult(r.message, out);
}

} // namespace lifeline
