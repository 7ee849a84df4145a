#include "gatewayendpoint.h"

#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "health/healthstate.h"
#include "protocol/jsonrpc.h"
#include "statusdata.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

using Status = QHttpServerResponder::StatusCode;

} // namespace

GatewayEndpoint::GatewayEndpoint(StatusData *data, EngineThread *engine, QObject *parent)
    : QObject(parent)
    , m_data(data)
    , m_engine(engine)
{
    // Queued: the gateway answers on the engine thread.
    connect(engine->engine()->gateway(), &Gateway::answered, this, &GatewayEndpoint::onAnswered);
}

GatewayEndpoint::~GatewayEndpoint()
{
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it)
        m_engine->cancelForward(it.key());
}

ApiHttpServer::Outcome GatewayEndpoint::handle(
    const QHttpServerRequest &request, bool group, const QString &name)
{
    const bool known = group ? m_data->group(name).has_value() : m_data->snapshot(name).has_value();
    if (!known) {
        return {McpHttpSessions::httpError(Status::NotFound, Gateway::kErrorCode,
            group ? u"no failover group named %1 (see /api/groups)"_s.arg(name.left(200))
                  : u"no server named %1 (see /api/servers)"_s.arg(name.left(200)))};
    }
    const QString path = (group ? u"/mcp/groups/"_s : u"/mcp/servers/"_s) + name;
    McpHttpSessions &sessions = m_sessions[path];
    switch (request.method()) {
    case QHttpServerRequest::Method::Post: {
        ApiHttpServer::Outcome o;
        o.response = post(request, group ? Gateway::TargetKind::Group : Gateway::TargetKind::Server, name,
            sessions, &o.later);
        return o;
    }
    case QHttpServerRequest::Method::Delete:
        return {sessions.remove(request)};
    default:
        return {McpHttpSessions::methodNotAllowed(path)};
    }
}

ApiHttpServer::Outcome GatewayEndpoint::handleAll(const QHttpServerRequest &request)
{
    const QString path = u"/mcp/all"_s;
    McpHttpSessions &sessions = m_sessions[path];
    switch (request.method()) {
    case QHttpServerRequest::Method::Post: {
        ApiHttpServer::Outcome o;
        o.response = post(request, Gateway::TargetKind::All, u"all"_s, sessions, &o.later);
        return o;
    }
    case QHttpServerRequest::Method::Delete:
        return {sessions.remove(request)};
    default:
        return {McpHttpSessions::methodNotAllowed(path)};
    }
}

QHttpServerResponse GatewayEndpoint::post(const QHttpServerRequest &request, Gateway::TargetKind kind,
    const QString &name, McpHttpSessions &sessions, Later *later)
{
    McpHttpSessions::Incoming in = McpHttpSessions::read(request);
    if (in.refusal)
        return std::move(*in.refusal);
    const jsonrpc::Message &m = in.message;
    if (m.kind == jsonrpc::Kind::Request && m.method == "initialize"_L1) {
        QString version;
        const bool group = kind == Gateway::TargetKind::Group;
        const QJsonObject result = kind == Gateway::TargetKind::All
            ? allInitializeResult(in.params, &version)
            : initializeResult(in.params, group, name, &version);
        const QByteArray sid = sessions.open(version, in.params.value("clientInfo"_L1).toObject());
        QHttpServerResponse r = McpHttpSessions::jsonResponse(jsonrpc::makeResult(m.id, result));
        r.setHeader("Mcp-Session-Id"_ba, sid);
        return r;
    }
    if (McpHttpSessions::isStateless(in))
        return postStateless(in, kind, name, later);
    if (auto refusal = McpHttpSessions::refuseVersion(in.versionHeader, true)) // names the stateless one too
        return std::move(*refusal);
    std::optional<QHttpServerResponse> refusal;
    McpHttpSessions::Session *session = sessions.use(in.sessionId, &refusal);
    if (!session)
        return std::move(*refusal);
    const QString prefix = kind == Gateway::TargetKind::All ? QString()
        : kind == Gateway::TargetKind::Group                ? u"groups/"_s
                                                            : u"servers/"_s;
    const QString sessionKey = prefix + name + u'/' + QString::fromLatin1(in.sessionId);
    if (m.kind == jsonrpc::Kind::Notification) {
        if (m.method == "notifications/initialized"_L1)
            session->initialized = true;
        else if (m.method == "notifications/cancelled"_L1)
            cancel(sessionKey, in.params.value("requestId"_L1));
        return QHttpServerResponse(Status::Accepted);
    }
    if (m.kind != jsonrpc::Kind::Request)
        return QHttpServerResponse(Status::Accepted); // answers to requests we never send
    // Lifeline is the client's server: the session's liveness is Lifeline's, not the upstream's.
    if (m.method == "ping"_L1)
        return McpHttpSessions::jsonResponse(jsonrpc::makeResult(m.id, QJsonObject {}));

    *later = forwardLater(kind, name, in.object, sessionKey, false);
    return QHttpServerResponse(Status::Accepted); // not sent: `later` answers
}

QHttpServerResponse GatewayEndpoint::postStateless(
    const McpHttpSessions::Incoming &in, Gateway::TargetKind kind, const QString &name, Later *later)
{
    if (auto refusal = McpHttpSessions::refuseVersion(in.versionHeader, true))
        return std::move(*refusal);
    const jsonrpc::Message &m = in.message;
    // Notifications stand alone too: without a session, a cancellation cannot name its request
    // (another client may use the same id); such a client ends its HTTP request instead.
    if (m.kind != jsonrpc::Kind::Request)
        return QHttpServerResponse(Status::Accepted);
    if (m.method == "server/discover"_L1) {
        return McpHttpSessions::jsonResponse(
            McpHttpSessions::markComplete(jsonrpc::makeResult(m.id, discoverResult(kind, name))));
    }
    if (m.method == "ping"_L1)
        return McpHttpSessions::jsonResponse(
            McpHttpSessions::markComplete(jsonrpc::makeResult(m.id, QJsonObject {})));
    // Every request on its own, through the engine's session like a session's requests.
    *later = forwardLater(kind, name, in.object, QString(), true);
    return QHttpServerResponse(Status::Accepted); // not sent: `later` answers
}

GatewayEndpoint::Later GatewayEndpoint::forwardLater(Gateway::TargetKind kind, const QString &name,
    const QJsonObject &message, const QString &sessionKey, bool stateless)
{
    const QJsonValue id = message.value("id"_L1);
    return [this, kind, name, message, id, sessionKey, stateless](
               std::shared_ptr<QHttpServerResponder> responder, QPointer<QTcpSocket> socket) {
        const quint64 ticket = Gateway::newTicket();
        Waiting &w
            = m_waiting.insert(ticket, Waiting {std::move(responder), socket, sessionKey, id, stateless})
                  .value();
        // Closing the request is how a client without a session cancels (the SDKs abort it too).
        if (socket)
            w.clientGone
                = connect(socket, &QTcpSocket::disconnected, this, [this, ticket] { abandon(ticket); });
        if (kind == Gateway::TargetKind::All)
            m_engine->forwardAll(ticket, message);
        else
            m_engine->forward(ticket, kind == Gateway::TargetKind::Group, name, message);
    };
}

QJsonObject GatewayEndpoint::initializeResult(
    const QJsonObject &params, bool group, const QString &name, QString *version) const
{
    *version = McpHttpSessions::negotiate(params.value("protocolVersion"_L1).toString());
    // The upstream as last seen: for a group, its active member (the others are alike, or they
    // would not stand in for each other).
    QString server = name;
    if (group) {
        const auto g = m_data->group(name);
        server = g && !g->active.isEmpty() ? g->active : g ? g->primary : name;
    }
    const auto s = m_data->snapshot(server);
    QJsonObject info = s ? s->serverInfo : QJsonObject {};
    if (info.isEmpty())
        info = QJsonObject {{"name"_L1, name}, {"version"_L1, "unknown"_L1}};
    QJsonObject capabilities = s ? s->capabilities : QJsonObject {};
    if (capabilities.isEmpty()) // never seen up: offer what a client would look for, the calls tell
        capabilities = QJsonObject {
            {"tools"_L1, QJsonObject {}}, {"resources"_L1, QJsonObject {}}, {"prompts"_L1, QJsonObject {}}};
    return QJsonObject {{"protocolVersion"_L1, *version}, {"capabilities"_L1, capabilities},
        {"serverInfo"_L1, info},
        {"instructions"_L1,
            u"Served through MCP Lifeline, which keeps this session across the server's restarts and failovers."_s}};
}

QJsonObject GatewayEndpoint::discoverResult(Gateway::TargetKind kind, const QString &name) const
{
    // What initialize tells of the upstream; the stateless revision is the only one discovered
    // (the others are negotiated by initialize).
    QString version;
    QJsonObject result = kind == Gateway::TargetKind::All
        ? allInitializeResult({}, &version)
        : initializeResult({}, kind == Gateway::TargetKind::Group, name, &version);
    result.remove("protocolVersion"_L1);
    result.insert("supportedVersions"_L1, QJsonArray {QLatin1StringView(McpHttpSessions::kStatelessVersion)});
    return result;
}

QJsonObject GatewayEndpoint::allInitializeResult(const QJsonObject &params, QString *version) const
{
    *version = McpHttpSessions::negotiate(params.value("protocolVersion"_L1).toString());
    // The union of what the enabled members offered when last up; listChanged always, since
    // Lifeline itself tells when a member's list comes or goes.
    QJsonObject capabilities;
    bool subscribe = false;
    for (const ServerSnapshot &s : m_data->snapshots()) {
        if (s.state == HealthState::Disabled)
            continue;
        for (const QString &key :
            {u"tools"_s, u"prompts"_s, u"resources"_s, u"logging"_s, u"completions"_s}) {
            if (s.capabilities.contains(key))
                capabilities.insert(key, QJsonObject {});
        }
        subscribe
            = subscribe || s.capabilities.value("resources"_L1).toObject().value("subscribe"_L1).toBool();
    }
    if (capabilities.isEmpty()) // none seen up yet: what a client looks for; the lists tell
        capabilities = QJsonObject {
            {"tools"_L1, QJsonObject {}}, {"resources"_L1, QJsonObject {}}, {"prompts"_L1, QJsonObject {}}};
    for (const QString &key : {u"tools"_s, u"prompts"_s, u"resources"_s}) {
        if (!capabilities.contains(key))
            continue;
        QJsonObject c {{"listChanged"_L1, true}};
        if (key == "resources"_L1 && subscribe)
            c.insert("subscribe"_L1, true);
        capabilities.insert(key, c);
    }
    return QJsonObject {{"protocolVersion"_L1, *version}, {"capabilities"_L1, capabilities},
        {"serverInfo"_L1,
            QJsonObject {{"name"_L1, "mcp-lifeline"_L1}, {"title"_L1, "MCP Lifeline: all servers"_L1},
                {"version"_L1, QStringLiteral(LIFELINE_VERSION)}}},
        {"instructions"_L1,
            u"Every server MCP Lifeline watches, through one session: tools and prompts are named "
            u"server__name, "
            "resource URIs are the servers' own. A server that is down is left out of the lists until it is "
            "back (notifications/tools/list_changed tells)."_s}};
}

void GatewayEndpoint::cancel(const QString &sessionKey, const QJsonValue &requestId)
{
    for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
        if (it->sessionKey == sessionKey && it->id == requestId) {
            m_engine->cancelForward(it.key());
            const Waiting w = *it;
            m_waiting.erase(it);
            write(w, jsonrpc::makeError(requestId, kRequestCancelled, u"Request cancelled by the client"_s));
            return;
        }
    }
}

void GatewayEndpoint::abandon(quint64 ticket)
{
    const auto it = m_waiting.find(ticket);
    if (it == m_waiting.end())
        return;
    m_engine->cancelForward(ticket);
    m_waiting.erase(it);
}

void GatewayEndpoint::onAnswered(quint64 ticket, const QJsonObject &answer)
{
    const auto it = m_waiting.find(ticket);
    if (it == m_waiting.end())
        return; // another endpoint's, or cancelled
    const Waiting w = *it;
    m_waiting.erase(it);
    write(w, w.stateless ? McpHttpSessions::markComplete(answer) : answer);
}

void GatewayEndpoint::write(const Waiting &waiting, const QJsonObject &answer)
{
    QObject::disconnect(waiting.clientGone); // a kept-alive connection goes on to other requests
    if (!waiting.socket)
        return; // the client left
    QHttpServerResponse r = McpHttpSessions::jsonResponse(answer);
    r.addHeader("Cache-Control"_ba, "no-store"_ba);
    r.write(std::move(*waiting.responder));
}

} // namespace lifeline
