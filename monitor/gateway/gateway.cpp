#include "gateway.h"

#include "aggregatelists.h"
#include "engine/monitorengine.h"
#include "engine/serversnapshot.h"
#include "engine/serversupervisor.h"
#include "health/healthstate.h"
#include "protocol/jsonrpc.h"
#include "protocol/jsontext.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

// A label value: the methods of MCP by name, anything a client made up as "other" (a label
// per made-up name would grow /metrics without bound).
QString metricMethod(const QString &method)
{
    static const QSet<QString> known {u"initialize"_s, u"ping"_s, u"tools/list"_s, u"tools/call"_s,
        u"resources/list"_s, u"resources/templates/list"_s, u"resources/read"_s, u"resources/subscribe"_s,
        u"resources/unsubscribe"_s, u"prompts/list"_s, u"prompts/get"_s, u"completion/complete"_s,
        u"logging/setLevel"_s, u"server/discover"_s};
    return known.contains(method) ? method : u"other"_s;
}

constexpr int kListTimeoutMs = 15000;

// A success reply's result: as the session parsed it, or parsed now from the text that was all
// it kept (ReplyForm::TextWhenPlain) — for the rare answer that cannot pass on as text.
QJsonValue resultOf(const McpSession::Reply &reply)
{
    if (!reply.result.isUndefined() || reply.text.isEmpty())
        return reply.result;
    const jsonrpc::Parsed parsed = jsonrpc::parse(reply.text);
    return parsed.objects.size() == 1 ? parsed.objects.first().value("result"_L1) : QJsonValue();
}

// result.isError of a tools/call answer. From the text when that is all the reply has: the top-level
// keys of the result are scanned, and only an unusual spelling (an escaped key, a duplicate) parses.
bool isToolError(const McpSession::Reply &reply)
{
    if (reply.result.isUndefined() && !reply.text.isEmpty()) {
        const QByteArrayView text(reply.text);
        jsontext::Span result;
        jsontext::Span isError;
        if (jsontext::members(text, {"result"}, &result) && result.isValid()) {
            const QByteArrayView r = text.sliced(result.begin, result.size());
            if (jsontext::members(r, {"isError"}, &isError))
                return isError.isValid() && r.sliced(isError.begin, isError.size()) == QByteArrayView("true");
        }
    }
    return resultOf(reply).toObject().value("isError"_L1).toBool();
}

QString seconds(int ms)
{
    return ms % 1000 == 0 ? u"%1 s"_s.arg(ms / 1000) : u"%1 ms"_s.arg(ms);
}

} // namespace

Gateway::Gateway(MonitorEngine *engine)
    : QObject(engine)
    , m_engine(engine)
    , m_waitTimer(new QTimer(this))
    , m_aggregate(new AggregateLists(
          engine, [this](const QString &s) { return usable(s); }, this))
{
    m_clock.start();
    m_waitTimer->setSingleShot(true);
    connect(m_waitTimer, &QTimer::timeout, this, &Gateway::expireWaiting);
    // Whatever changes a server's state or a group's active member may free a waiting call.
    connect(engine, &MonitorEngine::snapshotChanged, this, &Gateway::retryWaiting);
    // Notifications not tied to a call come from any server's session, called or not.
    connect(engine, &MonitorEngine::snapshotChanged, this, &Gateway::watchSessionOf);
    connect(engine, &MonitorEngine::groupChanged, this, &Gateway::retryWaiting);
    connect(m_aggregate, &AggregateLists::listChanged, this, [this](AggregateCatalog::List list) {
        const QString what = list == AggregateCatalog::List::Tools ? u"tools"_s
            : list == AggregateCatalog::List::Prompts              ? u"prompts"_s
                                                                   : u"resources"_s;
        Q_EMIT broadcast(TargetKind::All, u"all"_s,
            QJsonObject {
                {"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, u"notifications/%1/list_changed"_s.arg(what)}});
    });
    connect(m_aggregate, &AggregateLists::toolsFetched, this,
        [this](
            const QString &server, const QJsonArray &tools) { m_replay.learnTools(server, tools, false); });
}

Gateway::~Gateway() = default;

quint64 Gateway::newTicket()
{
    static std::atomic<quint64> next {1};
    return next.fetch_add(1, std::memory_order_relaxed);
}

void Gateway::setSettings(const GatewaySettings &settings)
{
    m_settings = settings;
    // A list is what a client waits for before it can do anything: a member that is stuck is
    // left out sooner than a tool call would be given up on.
    m_aggregate->setTimeoutMs(qMin(settings.callTimeoutMs, kListTimeoutMs));
}

QJsonObject Gateway::errorAnswer(
    const QJsonValue &id, const QString &message, const QString &reason, const QJsonObject &detail)
{
    QJsonObject lifeline = detail;
    lifeline.insert("reason"_L1, reason);
    QJsonObject answer = jsonrpc::makeError(id, kErrorCode, message);
    QJsonObject error = answer.value("error"_L1).toObject();
    error.insert("data"_L1, QJsonObject {{"lifeline"_L1, lifeline}});
    answer.insert("error"_L1, error);
    return answer;
}

void Gateway::forward(quint64 ticket, TargetKind kind, const QString &target, const QJsonObject &request,
    const QByteArray &requestText)
{
    Call call;
    call.ticket = ticket;
    call.kind = kind;
    call.target = target;
    call.id = request.value("id"_L1);
    call.method = request.value("method"_L1).toString();
    call.params = request.value("params"_L1).toObject();
    call.progressToken = call.params.value("_meta"_L1).toObject().value("progressToken"_L1);
    if (!requestText.isEmpty() && call.progressToken.isUndefined()) {
        // Only an object: the object path drops anything else (params as an array).
        const jsontext::Span params = jsontext::member(requestText, "params");
        if (params.isValid() && requestText.at(params.begin) == '{')
            call.paramsText = requestText.mid(params.begin, params.size());
    }
    call.elapsed.start();
    Call &c = m_calls.insert(ticket, std::move(call)).value();
    if (!m_settings.enabled) {
        finish(ticket,
            errorAnswer(c.id, u"the gateway is off (lifeline.gateway.enabled is false)"_s, u"disabled"_s),
            u"disabled"_s);
        return;
    }
    if (kind == TargetKind::All) {
        forwardAll(c);
        return;
    }
    if (resolve(c).isEmpty()) {
        const QString message = kind == TargetKind::Group ? u"no failover group named %1"_s.arg(target)
                                                          : u"no server named %1"_s.arg(target);
        finish(ticket, errorAnswer(c.id, message, u"unknown_target"_s), u"unknown_target"_s);
        return;
    }
    dispatch(c);
}

void Gateway::cancel(quint64 ticket)
{
    const auto it = m_calls.find(ticket);
    if (it == m_calls.end()) {
        // A notifyUpstream() client whose session ended: nobody to ask for its roots any more.
        for (auto asker = m_rootsAskers.begin(); asker != m_rootsAskers.end();)
            asker = asker->ticket == ticket ? m_rootsAskers.erase(asker) : std::next(asker);
        dropRelays(ticket);
        return;
    }
    if (it->upstreamKey != 0) {
        if (ServerSupervisor *s = m_engine->supervisor(it->server); s && s->session() == it->session) {
            s->session()->cancel(it->upstreamKey, u"cancelled by the client"_s);
            s->releaseCall(); // a trial the client gave up on says nothing about the server
        }
    }
    m_calls.erase(it);
    dropRelays(ticket);
}

void Gateway::notifyUpstream(
    quint64 ticket, TargetKind kind, const QString &target, const QJsonObject &notification)
{
    const QString method = notification.value("method"_L1).toString();
    if (method != "notifications/roots/list_changed"_L1)
        return;
    QStringList members;
    switch (kind) {
    case TargetKind::Server:
        members = {target};
        break;
    case TargetKind::Group:
        if (m_settings.strategyFor(target) == GatewayStrategy::Failover) {
            members = {m_engine->activeMember(target)};
            break;
        }
        members = groupMembers(target); // round_robin/least_latency: any may serve it
        break;
    case TargetKind::All:
        members = m_engine->serverNames(); // those up: usable() below
        break;
    }
    const QJsonObject params = notification.value("params"_L1).toObject();
    for (const QString &member : std::as_const(members)) {
        // A member that is down hears nothing: its next session asks for the roots anyway.
        ServerSupervisor *s = usable(member);
        if (!s)
            continue;
        McpSession *session = s->session();
        watch(session);
        m_rootsAskers.insert(session, RootsAsker {ticket, m_clock.elapsed()});
        session->notify(method, params);
    }
}

QString Gateway::resolve(const Call &call) const
{
    if (call.kind == TargetKind::Server)
        return m_engine->supervisor(call.target) ? call.target : QString();
    const QString active = m_engine->activeMember(call.target);
    const GatewayStrategy strategy = m_settings.strategyFor(call.target);
    if (active.isEmpty() || strategy == GatewayStrategy::Failover)
        return active;
    // Spreading the load: among the members that are up now; none up: the active one, to wait for.
    QStringList up = groupMembers(call.target);
    up.removeIf([this](const QString &m) { return !usable(m); });
    if (up.isEmpty())
        return active;
    if (strategy == GatewayStrategy::RoundRobin)
        return up.at(m_turns.value(call.target) % up.size());
    const auto latency = [this](const QString &m) {
        const double ms = m_engine->supervisor(m)->snapshot().lastLatencyMs;
        return ms < 0 ? std::numeric_limits<double>::max() : ms;
    };
    return *std::min_element(
        up.cbegin(), up.cend(), [&](const QString &a, const QString &b) { return latency(a) < latency(b); });
}

QStringList Gateway::groupMembers(const QString &group) const
{
    for (const FailoverGroupSnapshot &g : m_engine->groups()) {
        if (g.name == group)
            return QStringList {g.primary} + g.fallbacks;
    }
    return {};
}

ServerSupervisor *Gateway::usable(const QString &server) const
{
    ServerSupervisor *s = m_engine->supervisor(server);
    if (!s || !s->session() || !s->session()->isReady())
        return nullptr;
    switch (s->state()) {
    case HealthState::Recovering: // its session is about to be replaced
    case HealthState::Offline:
    case HealthState::Disabled:
    case HealthState::Failed:
        return nullptr;
    default:
        return s;
    }
}

ServerSupervisor *Gateway::sendable(const Call &call, const QString &member) const
{
    ServerSupervisor *s = usable(member);
    if (s && call.goodChecksAtLoss >= 0 && member == call.server
        && goodChecks(member) <= call.goodChecksAtLoss)
        return nullptr; // no check has passed there since the call was lost: it would be lost again
    return s;
}

qint64 Gateway::goodChecks(const QString &server) const
{
    const ServerSupervisor *s = m_engine->supervisor(server);
    if (!s)
        return 0;
    const ServerSnapshot snapshot = s->snapshot();
    return snapshot.checksTotal - snapshot.failuresTotal;
}

void Gateway::dispatch(Call &call)
{
    const QString member = resolve(call);
    ServerSupervisor *s = sendable(call, member);
    call.server = member;
    if (s)
        send(call, s);
    else
        wait(call);
}

void Gateway::send(Call &call, ServerSupervisor *supervisor)
{
    if (!supervisor->allowCall()) {
        // Failing fast is the breaker's point; a group's coordinator moves on to another member.
        if (call.kind == TargetKind::Group) {
            wait(call);
            return;
        }
        finish(call.ticket,
            errorAnswer(call.id,
                u"%1's circuit breaker is open after repeated failures; %2 not sent"_s.arg(
                    call.server, call.method),
                u"circuit_open"_s, {{"server"_L1, call.server}}),
            u"circuit_open"_s);
        return;
    }
    McpSession *session = supervisor->session();
    const int attempt = ++call.attempt;
    const quint64 ticket = call.ticket;
    call.waitDeadlineMs = -1;
    call.session = session;
    watch(session);
    QJsonObject params = call.params;
    if (!call.progressToken.isUndefined()) {
        // Two clients may both pick token 1 on one upstream session: upstream, the token names the
        // call; the client gets its own back (onUpstreamNotification).
        QJsonObject meta = params.value("_meta"_L1).toObject();
        meta.insert("progressToken"_L1, u"lifeline-progress-%1"_s.arg(ticket));
        params.insert("_meta"_L1, meta);
    }
    call.sentOrder = ++m_sendCount;
    call.upstreamKey = session->request(
        call.method, params, m_settings.callTimeoutMs,
        [this, ticket, attempt](const McpSession::Reply &reply) { onReply(ticket, attempt, reply); },
        call.paramsText, // empty when they had to change (a progress token, a routed name)
        // The answer's text is passed on as it is: parsing it is for tools/list only (the tools'
        // hints tell which calls are safe to replay).
        call.method == "tools/list"_L1 ? McpSession::ReplyForm::Parsed
                                       : McpSession::ReplyForm::TextWhenPlain);
    if (call.upstreamKey == 0) { // not sent after all: nothing can have happened upstream
        supervisor->releaseCall();
        wait(call);
        return;
    }
    ++call.sent;
    if (call.kind == TargetKind::Group)
        ++m_turns[call.target]; // round_robin: the next call goes to the next member
    Q_EMIT callSent(call.server, call.method, call.sent);
}

void Gateway::wait(Call &call)
{
    call.upstreamKey = 0;
    call.session = nullptr;
    // A call turned away again (a member whose breaker is open) keeps the deadline it had.
    if (call.waitDeadlineMs < 0)
        call.waitDeadlineMs = m_clock.elapsed() + m_settings.waitForMemberMs;
    armWaitTimer();
}

void Gateway::onReply(quint64 ticket, int attempt, const McpSession::Reply &reply)
{
    const auto it = m_calls.find(ticket);
    if (it == m_calls.end() || it->attempt != attempt || it->upstreamKey == 0)
        return; // cancelled, or an attempt given up on already
    Call &call = *it;
    // The breaker counts real calls: an answer is a working server, even an error of the tool's;
    // a lost session is counted by the supervisor itself. Counted once the client has its answer
    // (the guard runs at the return): nothing on the way there reads it, so the client need not
    // wait for it.
    const bool counted = reply.ok || !reply.error.isEmpty() || reply.failure.type == FailureType::Timeout;
    const bool healthy = reply.ok
        || (reply.failure.type != FailureType::ServerError && reply.failure.type != FailureType::Timeout);
    const auto recordCall = qScopeGuard([this, counted, healthy, server = call.server] {
        if (ServerSupervisor *s = counted ? m_engine->supervisor(server) : nullptr)
            s->recordCall(healthy);
    });
    if (reply.ok) {
        if (call.method == "tools/list"_L1) {
            m_replay.learnTools(call.server, reply.result.toObject().value("tools"_L1).toArray(),
                call.params.contains("cursor"_L1));
        }
        // A tool error (result.isError) is the tool's own answer — bad arguments, a failed lookup —
        // from a server that works: counted apart as tool_error, and never a passive failure or a
        // failure for the breaker (recorded healthy above).
        const bool toolError = call.method == "tools/call"_L1 && isToolError(reply);
        const GatewayAnswer passed = passOn(call, reply);
        finish(ticket, passed.isText() ? passed : jsonrpc::makeResult(call.id, resultOf(reply)),
            toolError ? u"tool_error"_s : u"ok"_s);
        return;
    }
    if (!reply.error.isEmpty()) {
        // The upstream's own error: passed on as it came (code, message, data), with the client's id.
        if (const GatewayAnswer passed = passOn(call, reply); passed.isText()) {
            finish(ticket, passed, u"error"_s);
            return;
        }
        QJsonObject answer = jsonrpc::makeError(call.id, 0, {});
        answer.insert("error"_L1, reply.error);
        finish(ticket, answer, u"error"_s);
        return;
    }
    if (reply.failure.type == FailureType::Timeout) {
        finish(ticket,
            errorAnswer(call.id,
                u"%1 did not answer %2 within %3"_s.arg(
                    call.server, call.method, seconds(m_settings.callTimeoutMs)),
                u"timeout"_s, {{"server"_L1, call.server}}),
            u"timeout"_s);
        return;
    }
    lost(call, reply.failure);
}

void Gateway::lost(Call &call, const Failure &failure)
{
    const bool restarted = failure.type == FailureType::ProcessExit || failure.type == FailureType::None
        || failure.type == FailureType::ConnectionError;
    const QString what = restarted ? u"restarted"_s : u"failed (%1)"_s.arg(failureTypeName(failure.type));
    const QString tool = call.params.value("name"_L1).toString().left(100);
    const QString during = call.method == "tools/call"_L1 ? u"tools/call %1"_s.arg(tool) : call.method;
    const bool safe = m_replay.isSafe(call.server, call.method, call.params);
    // A request the server never received cannot have run there: sent again like a safe one.
    if (m_settings.replaySafeCalls && (safe || failure.notDelivered) && call.sent <= m_settings.maxReplays) {
        call.lostBecause = u"%1 %2 during %3"_s.arg(call.server, what, during);
        call.goodChecksAtLoss = goodChecks(call.server);
        wait(call);
        retryWaiting(); // a group may have another member up already
        return;
    }
    const QString why = !safe         ? u"not idempotent"_s
        : !m_settings.replaySafeCalls ? u"replay is off"_s
                                      : u"already sent %1 times"_s.arg(call.sent);
    QJsonObject detail {{"server"_L1, call.server}, {"method"_L1, call.method},
        {"failure"_L1, failureTypeName(failure.type)}, {"detail"_L1, failure.detail}};
    if (call.method == "tools/call"_L1)
        detail.insert("tool"_L1, tool);
    finish(call.ticket,
        errorAnswer(call.id, u"%1 %2 during %3; not retried: %4"_s.arg(call.server, what, call.method, why),
            u"lost"_s, detail),
        u"lost"_s);
}

void Gateway::retryWaiting()
{
    QList<quint64> ready;
    for (auto it = m_calls.begin(); it != m_calls.end(); ++it) {
        if (it->waitDeadlineMs >= 0 && sendable(*it, resolve(*it)))
            ready.append(it.key());
    }
    for (quint64 ticket : std::as_const(ready)) {
        const auto it = m_calls.find(ticket);
        if (it != m_calls.end() && it->waitDeadlineMs >= 0)
            dispatch(*it);
    }
}

void Gateway::armWaitTimer()
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const Call &c : std::as_const(m_calls)) {
        if (c.waitDeadlineMs >= 0)
            next = qMin(next, c.waitDeadlineMs);
    }
    if (next == std::numeric_limits<qint64>::max()) {
        m_waitTimer->stop();
        return;
    }
    m_waitTimer->start(int(std::clamp<qint64>(next - m_clock.elapsed(), 0, std::numeric_limits<int>::max())));
}

void Gateway::expireWaiting()
{
    const qint64 now = m_clock.elapsed();
    QList<quint64> expired;
    for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it) {
        if (it->waitDeadlineMs >= 0 && it->waitDeadlineMs <= now)
            expired.append(it.key());
    }
    for (quint64 ticket : std::as_const(expired)) {
        const auto it = m_calls.find(ticket);
        if (it == m_calls.end())
            continue;
        const Call &call = *it;
        QString message = describeDown(call);
        if (!call.lostBecause.isEmpty())
            message = u"%1 and was not back within %2 (%3)"_s.arg(
                call.lostBecause, seconds(m_settings.waitForMemberMs), message);
        else
            message += u"; waited %1"_s.arg(seconds(m_settings.waitForMemberMs));
        finish(ticket,
            errorAnswer(call.id, message, u"unavailable"_s,
                {{"server"_L1, call.server}, {"waited_ms"_L1, m_settings.waitForMemberMs}}),
            u"unavailable"_s);
    }
    armWaitTimer();
}

QString Gateway::describeDown(const Call &call) const
{
    const QString server = resolve(call);
    const ServerSupervisor *s = m_engine->supervisor(server);
    const QString state = s ? healthStateName(s->state()) : u"gone"_s;
    if (call.kind == TargetKind::Group)
        return u"group %1 has no member up (active: %2, %3)"_s.arg(call.target, server, state);
    return u"%1 is %2"_s.arg(call.target, state);
}

void Gateway::watch(McpSession *session)
{
    if (m_watched.contains(session))
        return;
    m_watched.insert(session);
    // A session ended the hard way (terminate()) drops its requests without calling back.
    connect(session, &QObject::destroyed, this, &Gateway::onSessionDestroyed);
    connect(session, &McpSession::requestReceived, this,
        [this, session](const QJsonValue &id, const QString &method, const QJsonObject &params,
            qint64 relatedKey) { onUpstreamRequest(session, id, method, params, relatedKey); });
    connect(session, &McpSession::notificationReceived, this,
        [this, session](const QString &method, const QJsonObject &params, qint64 relatedKey) {
            onUpstreamNotification(session, method, params, relatedKey);
        });
}

void Gateway::onSessionDestroyed(QObject *session)
{
    m_watched.remove(session);
    m_rootsAskers.remove(session);
    QList<quint64> orphans;
    for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it) {
        if (it->upstreamKey != 0 && it->session == session)
            orphans.append(it.key());
    }
    for (quint64 ticket : std::as_const(orphans)) {
        const auto it = m_calls.find(ticket);
        if (it != m_calls.end())
            lost(*it, Failure::make(FailureType::ConnectionError, u"the session ended"_s));
    }
}

GatewayAnswer Gateway::passOn(const Call &call, const McpSession::Reply &reply)
{
    // The upstream's text with the client's id in place of Lifeline's: the same answer, without a
    // parse into an object and an encode back. Anything unusual (no text, an id spelled oddly)
    // takes the object path.
    if (reply.text.isEmpty())
        return {};
    const jsontext::Span id = jsontext::member(reply.text, "id");
    const QByteArray clientId = jsontext::encodeId(call.id);
    if (!id.isValid() || clientId.isEmpty())
        return {};
    return GatewayAnswer::fromText(jsontext::replaced(reply.text, id, clientId));
}

void Gateway::finish(quint64 ticket, const GatewayAnswer &answer, const QString &outcome)
{
    const auto it = m_calls.find(ticket);
    if (it == m_calls.end())
        return;
    const QString server = it->server.isEmpty() ? it->target : it->server;
    const QString method = metricMethod(it->method);
    const double elapsed = double(it->elapsed.nsecsElapsed()) / 1e9;
    m_calls.erase(it);
    dropRelays(ticket);
    // Counted before the answer leaves: a client that reads /metrics once it has its answer sees it.
    m_metrics->record(server, method, outcome, elapsed);
    Q_EMIT answered(ticket, answer);
    Q_EMIT callFinished(server, method, outcome, elapsed);
}

void Gateway::forwardAll(Call &call)
{
    using List = AggregateCatalog::List;
    m_aggregate->activate();
    const quint64 ticket = call.ticket;
    static const QHash<QString, List> lists {{u"tools/list"_s, List::Tools},
        {u"prompts/list"_s, List::Prompts}, {u"resources/list"_s, List::Resources},
        {u"resources/templates/list"_s, List::ResourceTemplates}};
    if (const auto it = lists.constFind(call.method); it != lists.cend()) {
        if (call.params.contains("cursor"_L1)) { // we never hand one out
            finish(ticket,
                jsonrpc::makeError(call.id, -32602, u"/mcp/all answers lists in one page: no cursor"_s),
                u"error"_s);
            return;
        }
        const List list = *it;
        m_aggregate->whenFetched(list, [this, ticket, list] { answerList(ticket, list); });
        return;
    }
    const AggregateCatalog &catalog = m_aggregate->catalog();
    QJsonObject params = call.params;
    if (call.method == "tools/call"_L1 || call.method == "prompts/get"_L1) {
        const AggregateCatalog::Route route = catalog.routeName(params.value("name"_L1).toString());
        params.insert("name"_L1, route.name);
        routeAll(ticket, route, params);
    } else if (call.method.startsWith("resources/"_L1) || call.method == "completion/complete"_L1) {
        // A URI is routed by who listed it: the lists are fetched first where they are not yet.
        m_aggregate->whenFetched(List::Resources, [this, ticket] {
            m_aggregate->whenFetched(List::ResourceTemplates, [this, ticket] {
                const auto it = m_calls.find(ticket);
                if (it == m_calls.end())
                    return;
                const AggregateCatalog &catalog = m_aggregate->catalog();
                QJsonObject params = it->params;
                if (it->method != "completion/complete"_L1) {
                    routeAll(ticket, catalog.routeUri(params.value("uri"_L1).toString()), params);
                    return;
                }
                QJsonObject ref = params.value("ref"_L1).toObject();
                AggregateCatalog::Route route;
                if (ref.value("type"_L1).toString() == "ref/prompt"_L1) {
                    route = catalog.routeName(ref.value("name"_L1).toString());
                    ref.insert("name"_L1, route.name);
                } else {
                    route = catalog.routeTemplate(ref.value("uri"_L1).toString());
                }
                params.insert("ref"_L1, ref);
                routeAll(ticket, route, params);
            });
        });
    } else if (call.method == "logging/setLevel"_L1) {
        setLevelAll(call);
    } else if (call.method == "ping"_L1) {
        finish(ticket, jsonrpc::makeResult(call.id, QJsonObject {}), u"ok"_s);
    } else {
        finish(ticket,
            jsonrpc::makeError(
                call.id, -32601, u"%1 is not offered on /mcp/all"_s.arg(call.method.left(100))),
            u"error"_s);
    }
}

void Gateway::answerList(quint64 ticket, AggregateCatalog::List list)
{
    const auto it = m_calls.find(ticket);
    if (it == m_calls.end())
        return; // cancelled while the lists were fetched
    const AggregateCatalog &catalog = m_aggregate->catalog();
    QJsonObject result {{AggregateCatalog::itemsKey(list), catalog.merged(list)}};
    // Who is missing and why, for a person reading the answer; a member that is down comes back
    // with notifications/…/list_changed.
    QJsonObject lifeline;
    if (const QStringList down = m_aggregate->unavailable(); !down.isEmpty())
        lifeline.insert("unavailable"_L1, QJsonArray::fromStringList(down));
    QJsonObject refused;
    const QMap<QString, QString> conflicts = catalog.conflicts();
    for (auto c = conflicts.cbegin(); c != conflicts.cend(); ++c)
        refused.insert(c.key(), *c);
    const QMap<QString, QString> tooLong = catalog.refusedNames(list);
    for (auto c = tooLong.cbegin(); c != tooLong.cend(); ++c)
        refused.insert(c.key(), *c);
    if (!refused.isEmpty())
        lifeline.insert("refused"_L1, refused);
    if (list == AggregateCatalog::List::Resources || list == AggregateCatalog::List::ResourceTemplates) {
        if (const QStringList shared = catalog.refusedUris(); !shared.isEmpty())
            lifeline.insert("sharedUris"_L1, QJsonArray::fromStringList(shared));
    }
    if (!lifeline.isEmpty())
        result.insert("_meta"_L1, QJsonObject {{"lifeline"_L1, lifeline}});
    m_aggregate->markServed(list);
    finish(ticket, jsonrpc::makeResult(it->id, result), u"ok"_s);
}

void Gateway::routeAll(quint64 ticket, const AggregateCatalog::Route &route, const QJsonObject &params)
{
    const auto it = m_calls.find(ticket);
    if (it == m_calls.end())
        return;
    if (!route.ok() || !m_engine->supervisor(route.server)) {
        const QString why = route.ok() ? u"no server named %1"_s.arg(route.server) : route.error;
        finish(ticket, errorAnswer(it->id, why, u"unknown_target"_s), u"unknown_target"_s);
        return;
    }
    // From here on it is a call for that server, waiting, replay, breaker and metrics included.
    it->kind = TargetKind::Server;
    it->target = route.server;
    it->params = params;
    it->paramsText.clear(); // routed: a name or a reference changed
    dispatch(*it);
}

void Gateway::setLevelAll(Call &call)
{
    const quint64 ticket = call.ticket;
    auto pending = std::make_shared<int>(1); // 1: until every request is out
    const auto oneDone = [this, ticket, pending] {
        if (--*pending > 0)
            return;
        if (const auto it = m_calls.find(ticket); it != m_calls.end())
            finish(ticket, jsonrpc::makeResult(it->id, QJsonObject {}), u"ok"_s);
    };
    // Every member that is up and has logging; one that is down gets the level from nobody: the
    // client is told the truth by the missing log messages, not by an error for the others.
    for (const QString &server : m_aggregate->catalog().servers()) {
        McpSession *session = m_aggregate->session(server);
        if (!session || !session->capabilities().contains("logging"_L1))
            continue;
        ++*pending;
        if (session->request(u"logging/setLevel"_s, call.params, kListTimeoutMs,
                [oneDone](const McpSession::Reply &) { oneDone(); })
            == 0)
            oneDone();
    }
    oneDone();
    // A session ended the hard way never calls back: the answer does not wait for it.
    QTimer::singleShot(kListTimeoutMs, this, [this, ticket] {
        if (const auto it = m_calls.find(ticket); it != m_calls.end())
            finish(ticket, jsonrpc::makeResult(it->id, QJsonObject {}), u"ok"_s);
    });
}

QString Gateway::relayId(quint64 key)
{
    return u"lifeline-relay-%1"_s.arg(key);
}

quint64 Gateway::relayKey(const QJsonValue &id)
{
    const QString s = id.toString();
    if (!s.startsWith("lifeline-relay-"_L1))
        return 0;
    bool ok = false;
    const quint64 key = QStringView(s).mid(15).toULongLong(&ok);
    return ok ? key : 0;
}

// Which client caused a server→client message, when the message does not say (callFor()). Stdio
// has no per-request channel, and Streamable HTTP's standalone GET stream belongs to no request,
// so the rule is: the call sent most recently that is still in flight on that upstream session.
// One call at a time per session is always right; with several, a request made on behalf of an
// older one goes to the newest. Progress needs no rule: its token names the call (see send()).
Gateway::Call *Gateway::latestCallOn(const McpSession *session)
{
    Call *latest = nullptr;
    for (Call &c : m_calls) {
        if (c.upstreamKey != 0 && c.session == session && (!latest || c.sentOrder > latest->sentOrder))
            latest = &c;
    }
    return latest;
}

// A Streamable HTTP server sends what serves a request on that request's POST stream, so the
// session names the upstream request (relatedKey) and the call is exact. A related request that
// is no gateway call (a probe's, or one answered or retried meanwhile) has no client behind it.
Gateway::Call *Gateway::callFor(const McpSession *session, qint64 relatedKey)
{
    if (relatedKey == 0)
        return latestCallOn(session);
    for (Call &c : m_calls) {
        if (c.upstreamKey == relatedKey && c.session == session)
            return &c;
    }
    return nullptr;
}

void Gateway::onUpstreamRequest(McpSession *session, const QJsonValue &id, const QString &method,
    const QJsonObject &params, qint64 relatedKey)
{
    quint64 ticket = 0;
    if (method == "roots/list"_L1 && relatedKey == 0) {
        // Asked after a client said its roots changed: that client has the answer, whoever has a
        // call out (a roots/list on a call's own POST stream is that call's, as below).
        if (const RootsAsker asker = m_rootsAskers.take(session);
            asker.atMs + kRootsAskMs > m_clock.elapsed())
            ticket = asker.ticket;
    }
    if (const Call *call = ticket == 0 ? callFor(session, relatedKey) : nullptr)
        ticket = call->ticket;
    if (ticket == 0) {
        // Lifeline's own probes never sample or elicit; a request with no gateway call behind it
        // (roots/list right after initialize, say) has nobody to ask.
        QJsonObject error {{"code"_L1, kErrorCode},
            {"message"_L1,
                u"no client is waiting on a call through MCP Lifeline's gateway to answer %1"_s.arg(
                    method.left(100))},
            {"data"_L1, QJsonObject {{"lifeline"_L1, QJsonObject {{"reason"_L1, "no_client"_L1}}}}}};
        session->respondError(id, error);
        return;
    }
    const quint64 key = newTicket();
    m_relays.insert(key, Relay {session, id, ticket});
    QJsonObject message {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, relayId(key)}, {"method"_L1, method}};
    if (!params.isEmpty())
        message.insert("params"_L1, params);
    Q_EMIT relayed(ticket, message);
}

void Gateway::onUpstreamNotification(
    McpSession *session, const QString &method, const QJsonObject &params, qint64 relatedKey)
{
    quint64 ticket = 0;
    QJsonObject relayedParams = params;
    if (method == "notifications/progress"_L1) {
        const QString token = params.value("progressToken"_L1).toString();
        bool ok = false;
        const quint64 t
            = token.startsWith("lifeline-progress-"_L1) ? QStringView(token).mid(18).toULongLong(&ok) : 0;
        const auto it = m_calls.constFind(t);
        if (!ok || it == m_calls.cend() || it->session != session)
            return; // a probe's, or a call answered already
        ticket = t;
        relayedParams.insert("progressToken"_L1, it->progressToken);
    } else if (method == "notifications/cancelled"_L1) {
        // The upstream gave up on a request it relayed: the client hears it under the relayed id.
        const QJsonValue upstreamId = params.value("requestId"_L1);
        for (auto it = m_relays.begin(); it != m_relays.end(); ++it) {
            if (it->session == session && it->upstreamId == upstreamId) {
                ticket = it->ticket;
                relayedParams.insert("requestId"_L1, relayId(it.key()));
                m_relays.erase(it);
                break;
            }
        }
        if (ticket == 0)
            return;
    } else if (method == "notifications/message"_L1 && callFor(session, relatedKey)) {
        ticket = callFor(session, relatedKey)->ticket; // its call's stream, or latestCallOn()'s rule
    } else {
        static const QSet<QString> unbound {u"notifications/tools/list_changed"_s,
            u"notifications/resources/list_changed"_s, u"notifications/prompts/list_changed"_s,
            u"notifications/resources/updated"_s, u"notifications/message"_s};
        if (unbound.contains(method)) {
            QJsonObject message {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, method}};
            if (!params.isEmpty())
                message.insert("params"_L1, params);
            broadcastFrom(session, message);
        }
        return;
    }
    QJsonObject message {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, method}};
    if (!relayedParams.isEmpty())
        message.insert("params"_L1, relayedParams);
    Q_EMIT relayed(ticket, message);
}

void Gateway::answerRelayed(const QJsonObject &answer)
{
    const auto it = m_relays.find(relayKey(answer.value("id"_L1)));
    if (it == m_relays.end())
        return;
    const Relay relay = *it;
    m_relays.erase(it);
    if (!relay.session)
        return; // the upstream session ended meanwhile: nobody waits for this answer
    if (answer.contains("error"_L1))
        relay.session->respondError(relay.upstreamId, answer.value("error"_L1).toObject());
    else
        relay.session->respond(relay.upstreamId, answer.value("result"_L1));
}

void Gateway::watchSessionOf(const ServerSnapshot &snapshot)
{
    // Only the server that changed: a new session always comes with a state change of its own, and
    // every check changes a snapshot, so walking all servers here would cost O(servers) per check.
    if (ServerSupervisor *s = m_engine->supervisor(snapshot.name); s && s->session())
        watch(s->session());
}

void Gateway::broadcastFrom(const McpSession *session, const QJsonObject &notification)
{
    QString server;
    for (const QString &name : m_engine->serverNames()) {
        if (const ServerSupervisor *s = m_engine->supervisor(name); s && s->session() == session) {
            server = name;
            break;
        }
    }
    if (server.isEmpty())
        return;
    Q_EMIT broadcast(TargetKind::Server, server, notification);
    for (const FailoverGroupSnapshot &g : m_engine->groups()) {
        if (g.active == server)
            Q_EMIT broadcast(TargetKind::Group, g.name, notification);
    }
    // /mcp/all: list_changed is the aggregate's own (AggregateLists); a resource update goes on
    // with its URI unchanged (URIs are addresses there too); a log message gets the member's
    // prefix on its logger (what a person sees in any client) and _meta.lifeline.server (for a
    // program), because one session now speaks for every member. A member left out of /mcp/all
    // (a prefix conflict) is not heard there.
    const AggregateCatalog &catalog = m_aggregate->catalog();
    if (!catalog.servers().contains(server) || catalog.conflicts().contains(server))
        return;
    const QString method = notification.value("method"_L1).toString();
    if (method == "notifications/resources/updated"_L1) {
        Q_EMIT broadcast(TargetKind::All, u"all"_s, notification);
    } else if (method == "notifications/message"_L1) {
        QJsonObject message = notification;
        QJsonObject params = message.value("params"_L1).toObject();
        const QString prefix = AggregateCatalog::prefixFor(server);
        const QString logger = params.value("logger"_L1).toString();
        params.insert("logger"_L1, logger.isEmpty() ? prefix : prefix + u"__"_s + logger);
        QJsonObject meta = params.value("_meta"_L1).toObject();
        QJsonObject lifeline = meta.value("lifeline"_L1).toObject();
        lifeline.insert("server"_L1, server);
        meta.insert("lifeline"_L1, lifeline);
        params.insert("_meta"_L1, meta);
        message.insert("params"_L1, params);
        Q_EMIT broadcast(TargetKind::All, u"all"_s, message);
    }
}

void Gateway::dropRelays(quint64 ticket)
{
    if (m_relays.isEmpty())
        return; // most calls relay nothing: no walk over the table's buckets on every answer
    for (auto it = m_relays.begin(); it != m_relays.end();) {
        if (it->ticket == ticket)
            it = m_relays.erase(it);
        else
            ++it;
    }
}

} // namespace lifeline
