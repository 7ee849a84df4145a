#include "gatewayendpoint.h"
#include "apiresponse.h"

#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "health/healthstate.h"
#include "protocol/jsonrpc.h"
#include "statusdata.h"

#include "apirequest.h"
#include "apiresponder.h"
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

using Status = ApiResponse::StatusCode;

Q_LOGGING_CATEGORY(lcGateway, "lifeline.gateway")

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n"_ba + data + "\r\n"_ba;
}

// Every event has an id (MCP "Resumability and Redelivery"); an empty `data` is a priming event:
// an id for the client to resume from, no message.
QByteArray sseEvent(const QByteArray &id, const QByteArray &data)
{
    if (data.isEmpty())
        return "id: "_ba + id + "\ndata: \n\n"_ba;
    return "id: "_ba + id + "\nevent: message\ndata: "_ba + data + "\n\n"_ba;
}

// Written by hand on the socket (QHttpServerResponder 6.4 sends a body only once): chunked, so
// that the stream's end is the answer's end and the connection stays usable.
const QByteArray kEventStreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n"_ba;

} // namespace

GatewayEndpoint::GatewayEndpoint(StatusData *data, EngineThread *engine, QObject *parent)
    : QObject(parent)
    , m_data(data)
    , m_engine(engine)
{
    // Queued: the gateway answers on the engine thread.
    connect(engine->engine()->gateway(), &Gateway::answered, this, &GatewayEndpoint::onAnswered);
    connect(engine->engine()->gateway(), &Gateway::relayed, this, &GatewayEndpoint::onRelayed);
    connect(engine->engine()->gateway(), &Gateway::broadcast, this, &GatewayEndpoint::onBroadcast);
}

GatewayEndpoint::~GatewayEndpoint()
{
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it)
        m_engine->cancelForward(it.key());
    // Line clients outlive us (their pipes are the connect process's): told, with what they still
    // wait for. Taken first: a client told may close itself.
    const QHash<quint64, LineClient> clients = std::exchange(m_lineClients, {});
    for (auto it = clients.cbegin(); it != clients.cend(); ++it) {
        QList<QJsonValue> out;
        for (const Waiting &w : std::as_const(m_waiting)) {
            if (w.lineClient == it.key())
                out.append(w.id);
        }
        if (it->gone)
            it->gone(out);
    }
}

QString GatewayEndpoint::lineSessionKey(quint64 client)
{
    return u"line/"_s + QString::number(client); // never a target prefix ("servers/x/…")
}

quint64 GatewayEndpoint::lineClientOf(const QString &sessionKey)
{
    return sessionKey.startsWith("line/"_L1) ? sessionKey.mid(5).toULongLong() : 0;
}

quint64 GatewayEndpoint::openLineClient(
    Gateway::TargetKind kind, const QString &name, LineSink send, LineGone gone, QString *why)
{
    QString path = u"/mcp/all"_s;
    if (kind != Gateway::TargetKind::All) {
        const bool group = kind == Gateway::TargetKind::Group;
        if (group ? !m_data->group(name) : !m_data->snapshot(name)) {
            *why = group ? u"no failover group named %1 (see /api/groups)"_s.arg(name.left(200))
                         : u"no server named %1 (see /api/servers)"_s.arg(name.left(200));
            return 0;
        }
        path = u"/mcp/"_s + sessionKeyPrefix(kind, name).chopped(1);
    }
    const quint64 client = ++m_lastLineClient;
    m_lineClients.insert(client, LineClient {kind, name, path, std::move(send), std::move(gone), {}});
    return client;
}

bool GatewayEndpoint::reachable(const Waiting &waiting) const
{
    return waiting.socket || m_lineClients.contains(waiting.lineClient);
}

void GatewayEndpoint::sendToLine(quint64 client, const QByteArray &json) const
{
    if (const auto c = m_lineClients.constFind(client); c != m_lineClients.cend())
        c->send(json);
}

int GatewayEndpoint::lineCallsOut(quint64 client) const
{
    int n = 0;
    for (const Waiting &w : m_waiting)
        n += w.lineClient == client ? 1 : 0;
    return n;
}

void GatewayEndpoint::lineFromClient(quint64 client, const QByteArray &line)
{
    const auto c = m_lineClients.find(client);
    if (c == m_lineClients.end())
        return;
    const McpHttpSessions::Checked checked = McpHttpSessions::check(line);
    if (checked.error)
        return c->send(jsonrpc::encode(*checked.error));
    const QJsonObject &object = checked.object;
    const jsonrpc::Message &m = checked.message;
    const QJsonObject &params = checked.params;
    const QString sessionKey = lineSessionKey(client);
    if (m.kind == jsonrpc::Kind::Notification) {
        if (m.method == "notifications/cancelled"_L1)
            cancel(sessionKey, params.value("requestId"_L1)); // on stdio the call is not answered
        else if (m.method == "notifications/roots/list_changed"_L1 && c->capabilities.contains("roots"_L1)) {
            rootsChanged(c->kind, c->name, sessionKey, object);
        }
        return; // anything else has no meaning upstream (see post())
    }
    if (m.kind != jsonrpc::Kind::Request) {
        const auto owner = m_relayOwners.constFind(object.value("id"_L1).toString());
        if (owner != m_relayOwners.cend() && owner->sessionKey == sessionKey) {
            m_relayOwners.erase(owner);
            m_engine->answerRelayed(object);
        }
        return;
    }
    if (m.method == "initialize"_L1 || m.method == "server/discover"_L1) {
        QString version;
        QJsonObject result;
        if (m.method == "server/discover"_L1) {
            result = discoverResult(c->kind, c->name);
        } else {
            result = c->kind == Gateway::TargetKind::All
                ? allInitializeResult(params, &version)
                : initializeResult(params, c->kind == Gateway::TargetKind::Group, c->name, &version);
            c->capabilities = params.value("capabilities"_L1).toObject();
        }
        return c->send(jsonrpc::encode(jsonrpc::makeResult(m.id, result)));
    }
    if (m.method == "ping"_L1)
        return c->send(jsonrpc::encode(jsonrpc::makeResult(m.id, QJsonObject {})));
    const quint64 ticket = Gateway::newTicket();
    Waiting w;
    w.sessionKey = sessionKey;
    w.id = m.id;
    w.clientCapabilities = c->capabilities;
    w.ticket = ticket;
    w.lineClient = client;
    m_waiting.insert(ticket, std::move(w));
    const Gateway::TargetKind kind = c->kind;
    const QString name = c->name; // `c` may be gone when forward() returns (an answer that closed it)
    m_engine->engine()->gateway()->forward(ticket, kind, name, object, line);
}

void GatewayEndpoint::lineClientInitialized(quint64 client, const QJsonObject &initializeParams)
{
    if (const auto c = m_lineClients.find(client); c != m_lineClients.end())
        c->capabilities = initializeParams.value("capabilities"_L1).toObject();
}

QList<QJsonValue> GatewayEndpoint::closeLineClient(quint64 client)
{
    if (!m_lineClients.remove(client))
        return {};
    QList<QJsonValue> out;
    for (const Waiting &w : std::as_const(m_waiting)) {
        if (w.lineClient == client)
            out.append(w.id);
    }
    // As a deleted session ends; its calls' cancellations go nowhere, the client being gone.
    endSession(lineSessionKey(client));
    return out;
}

ApiHttpServer::Outcome GatewayEndpoint::handle(const ApiRequest &request, bool group, const QString &name)
{
    const bool known = group ? m_data->group(name).has_value() : m_data->snapshot(name).has_value();
    if (!known) {
        return {McpHttpSessions::httpError(Status::NotFound, Gateway::kErrorCode,
            group ? u"no failover group named %1 (see /api/groups)"_s.arg(name.left(200))
                  : u"no server named %1 (see /api/servers)"_s.arg(name.left(200)))};
    }
    return serve(request, group ? Gateway::TargetKind::Group : Gateway::TargetKind::Server, name);
}

ApiHttpServer::Outcome GatewayEndpoint::handleAll(const ApiRequest &request)
{
    return serve(request, Gateway::TargetKind::All, u"all"_s);
}

QString GatewayEndpoint::sessionKeyPrefix(Gateway::TargetKind kind, const QString &name)
{
    switch (kind) {
    case Gateway::TargetKind::Server:
        return u"servers/"_s + name + u'/';
    case Gateway::TargetKind::Group:
        return u"groups/"_s + name + u'/';
    case Gateway::TargetKind::All:
        break;
    }
    return u"all/"_s;
}

ApiHttpServer::Outcome GatewayEndpoint::serve(
    const ApiRequest &request, Gateway::TargetKind kind, const QString &name)
{
    const QString path = kind == Gateway::TargetKind::All
        ? u"/mcp/all"_s
        : u"/mcp/"_s + sessionKeyPrefix(kind, name).chopped(1);
    McpHttpSessions &sessions = m_sessions[path];
    switch (request.method()) {
    case ApiRequest::Method::Post: {
        ApiHttpServer::Outcome o;
        o.response = post(request, kind, name, sessions, &o.later);
        return o;
    }
    case ApiRequest::Method::Get:
        return openStream(request, path, sessionKeyPrefix(kind, name), sessions);
    case ApiRequest::Method::Delete: {
        ApiResponse r = sessions.remove(request);
        if (r.statusCode() == Status::NoContent)
            endSession(sessionKeyPrefix(kind, name)
                + QString::fromLatin1(McpHttpSessions::header(request, "Mcp-Session-Id")));
        return {std::move(r)};
    }
    default: {
        ApiResponse r = McpHttpSessions::httpError(Status::MethodNotAllowed, jsonrpc::kInvalidRequest,
            u"Method not allowed: %1 takes POST (JSON-RPC), GET (the event stream) and DELETE (end the "
            u"session)"_s.arg(path));
        r.setHeader("Allow"_ba, "GET, POST, DELETE"_ba);
        return {std::move(r)};
    }
    }
}

ApiResponse GatewayEndpoint::post(const ApiRequest &request, Gateway::TargetKind kind, const QString &name,
    McpHttpSessions &sessions, Later *later)
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
        ApiResponse r = McpHttpSessions::jsonResponse(jsonrpc::makeResult(m.id, result));
        r.setHeader("Mcp-Session-Id"_ba, sid);
        std::optional<ApiResponse> unused;
        if (McpHttpSessions::Session *opened = sessions.use(sid, &unused))
            opened->capabilities = in.params.value("capabilities"_L1).toObject();
        return r;
    }
    if (McpHttpSessions::isStateless(in))
        return postStateless(in, kind, name, later);
    if (auto refusal = McpHttpSessions::refuseVersion(in.versionHeader, true)) // names the stateless one too
        return std::move(*refusal);
    std::optional<ApiResponse> refusal;
    McpHttpSessions::Session *session = sessions.use(in.sessionId, &refusal);
    if (!session)
        return std::move(*refusal);
    const QString sessionKey = sessionKeyPrefix(kind, name) + QString::fromLatin1(in.sessionId);
    if (m.kind == jsonrpc::Kind::Notification) {
        if (m.method == "notifications/initialized"_L1)
            session->initialized = true;
        else if (m.method == "notifications/cancelled"_L1)
            cancel(sessionKey, in.params.value("requestId"_L1));
        else if (m.method == "notifications/roots/list_changed"_L1
            && session->capabilities.contains("roots"_L1))
            rootsChanged(kind, name, sessionKey, in.object);
        // Anything else (progress for a relayed request, a notification we do not know) has no
        // meaning upstream, where Lifeline's own session speaks for every client: accepted, dropped.
        return ApiResponse(Status::Accepted);
    }
    if (m.kind != jsonrpc::Kind::Request) {
        // The client's answer to a relayed request: upstream it goes, if it is this session's.
        const QString relayed = in.object.value("id"_L1).toString();
        const auto owner = m_relayOwners.constFind(relayed);
        if (owner != m_relayOwners.cend() && owner->sessionKey == sessionKey) {
            m_relayOwners.erase(owner);
            m_engine->answerRelayed(in.object);
        }
        return ApiResponse(Status::Accepted); // else: answers to requests we never sent
    }
    // Lifeline is the client's server: the session's liveness is Lifeline's, not the upstream's.
    if (m.method == "ping"_L1)
        return McpHttpSessions::jsonResponse(jsonrpc::makeResult(m.id, QJsonObject {}));

    const QByteArray &accept = in.accept;
    *later = forwardLater(kind, name, in,
        Caller {sessionKey, false,
            accept.isEmpty() || accept.contains("text/event-stream") || accept.contains("*/*"),
            session->capabilities});
    return ApiResponse(Status::Accepted); // not sent: `later` answers
}

ApiResponse GatewayEndpoint::postStateless(
    const McpHttpSessions::Incoming &in, Gateway::TargetKind kind, const QString &name, Later *later)
{
    if (auto refusal = McpHttpSessions::refuseVersion(in.versionHeader, true))
        return std::move(*refusal);
    const jsonrpc::Message &m = in.message;
    // Notifications stand alone too: without a session, a cancellation cannot name its request
    // (another client may use the same id); such a client ends its HTTP request instead.
    if (m.kind != jsonrpc::Kind::Request)
        return ApiResponse(Status::Accepted);
    if (m.method == "server/discover"_L1) {
        return McpHttpSessions::jsonResponse(
            McpHttpSessions::markComplete(jsonrpc::makeResult(m.id, discoverResult(kind, name))));
    }
    if (m.method == "ping"_L1)
        return McpHttpSessions::jsonResponse(
            McpHttpSessions::markComplete(jsonrpc::makeResult(m.id, QJsonObject {})));
    // Every request on its own, through the engine's session like a session's requests.
    // Such a client declares no capabilities here: it is not asked for sampling, elicitation or roots.
    const QByteArray &accept = in.accept;
    *later = forwardLater(kind, name, in,
        Caller {QString(), true,
            accept.isEmpty() || accept.contains("text/event-stream") || accept.contains("*/*"), {}});
    return ApiResponse(Status::Accepted); // not sent: `later` answers
}

GatewayEndpoint::Later GatewayEndpoint::forwardLater(
    Gateway::TargetKind kind, const QString &name, const McpHttpSessions::Incoming &in, const Caller &caller)
{
    const QJsonObject message = in.object;
    const QByteArray text = in.text;
    const QJsonValue id = in.message.id;
    return [this, kind, name, message, text, id, caller](
               std::shared_ptr<ApiResponder> responder, QPointer<QTcpSocket> socket) {
        const quint64 ticket = Gateway::newTicket();
        Waiting w;
        w.responder = std::move(responder);
        w.socket = socket;
        w.sessionKey = caller.sessionKey;
        w.id = id;
        w.stateless = caller.stateless;
        w.acceptsStream = caller.acceptsStream;
        w.clientCapabilities = caller.capabilities;
        w.ticket = ticket;
        // Closing the request is how a client without a session cancels (the SDKs abort it too).
        if (socket)
            w.clientGone
                = connect(socket, &QTcpSocket::disconnected, this, [this, ticket] { abandon(ticket); });
        m_waiting.insert(ticket, std::move(w));
        // This endpoint lives on the engine thread (GatewayFront): straight to the gateway. Its
        // answer may come before this returns: the entry is in.
        m_engine->engine()->gateway()->forward(ticket, kind, name, message, text);
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
            forgetRelays(it.key());
            const Waiting w = *it;
            m_waiting.erase(it);
            // An HTTP request must end: with this answer. A line client's call gets none (MCP).
            if (!w.lineClient)
                write(w,
                    jsonrpc::makeError(requestId, kRequestCancelled, u"Request cancelled by the client"_s));
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

void GatewayEndpoint::onAnswered(quint64 ticket, const GatewayAnswer &answer)
{
    const auto it = m_waiting.find(ticket);
    if (it == m_waiting.end())
        return; // another endpoint's, or cancelled
    const Waiting w = std::move(*it);
    m_waiting.erase(it);
    forgetRelays(ticket);
    write(w, w.stateless ? GatewayAnswer(McpHttpSessions::markComplete(answer.toObject())) : answer);
}

void GatewayEndpoint::forgetRelays(quint64 ticket)
{
    if (m_relayOwners.isEmpty())
        return; // most calls relay nothing: no walk over the table's buckets on every answer
    for (auto it = m_relayOwners.begin(); it != m_relayOwners.end();) {
        if (it->ticket == ticket)
            it = m_relayOwners.erase(it);
        else
            ++it;
    }
}

void GatewayEndpoint::rootsChanged(
    Gateway::TargetKind kind, const QString &name, const QString &sessionKey, const QJsonObject &notification)
{
    // One ticket per client session: the server's roots/list that follows comes back under it.
    quint64 &ticket = m_rootsTickets[sessionKey];
    if (ticket == 0) {
        ticket = Gateway::newTicket();
        m_rootsSessions.insert(ticket, sessionKey);
    }
    m_engine->notifyUpstream(ticket, kind, name, notification);
}

void GatewayEndpoint::relayOnStream(quint64 ticket, const QString &sessionKey, const QJsonObject &message)
{
    const bool request = message.contains("id"_L1);
    if (const quint64 client = lineClientOf(sessionKey)) { // its stdout is always open
        if (!m_lineClients.contains(client)) {
            if (request)
                m_engine->answerRelayed(Gateway::errorAnswer(message.value("id"_L1),
                    u"the client that said its roots changed is gone"_s, u"no_client"_s));
            return;
        }
        if (request)
            m_relayOwners.insert(message.value("id"_L1).toString(), RelayOwner {sessionKey, ticket});
        sendToLine(client, jsonrpc::encode(message));
        return;
    }
    // No call is out: the session's GET stream is the only way to the client.
    const auto stream = m_streams.find(sessionKey);
    if (stream == m_streams.end() || !stream->socket) {
        if (request)
            m_engine->answerRelayed(Gateway::errorAnswer(message.value("id"_L1),
                u"the client that said its roots changed has no event stream (GET) open to be asked on"_s,
                u"no_client"_s));
        return;
    }
    if (request)
        m_relayOwners.insert(message.value("id"_L1).toString(), RelayOwner {sessionKey, ticket});
    // An event of the GET stream like any other: an id, and kept for a client that resumes.
    const QByteArray data = jsonrpc::encode(message);
    const QByteArray id = nextEventId("get"_ba);
    stream->replay.append(id, data);
    stream->socket->write(chunk(sseEvent(id, data)));
}

void GatewayEndpoint::onRelayed(quint64 ticket, const QJsonObject &message)
{
    if (const auto roots = m_rootsSessions.constFind(ticket); roots != m_rootsSessions.cend()) {
        relayOnStream(ticket, *roots, message);
        return;
    }
    const auto it = m_waiting.find(ticket);
    const bool request = message.contains("id"_L1);
    if (it == m_waiting.end() || !reachable(*it) || !it->acceptsStream) {
        // Another endpoint's call, or a client that left or takes JSON only: an upstream request
        // would wait in vain.
        if (request && it != m_waiting.end())
            m_engine->answerRelayed(Gateway::errorAnswer(message.value("id"_L1),
                reachable(*it) ? u"the client that made the call does not accept text/event-stream"_s
                               : u"the client that made the call is gone"_s,
                u"no_client"_s));
        return;
    }
    const QString method = message.value("method"_L1).toString();
    const QString capability = method.section(u'/', 0, 0);
    if (request && McpSession::clientCapabilities().contains(capability)
        && !it->clientCapabilities.contains(capability)) {
        // Lifeline declared it upstream for every client; this one did not: it must not be asked.
        m_engine->answerRelayed(Gateway::errorAnswer(message.value("id"_L1),
            u"the client that made the call did not declare the %1 capability"_s.arg(capability),
            u"no_client"_s));
        return;
    }
    if (request)
        m_relayOwners.insert(message.value("id"_L1).toString(), RelayOwner {it->sessionKey, ticket});
    else if (message.value("method"_L1).toString() == "notifications/cancelled"_L1)
        m_relayOwners.remove(message.value("params"_L1).toObject().value("requestId"_L1).toString());
    writeEvent(*it, message);
}

ApiHttpServer::Outcome GatewayEndpoint::openStream(const ApiRequest &request, const QString &path,
    const QString &sessionKeyPrefix, McpHttpSessions &sessions)
{
    const QByteArray accept = McpHttpSessions::header(request, "Accept");
    if (!accept.contains("text/event-stream") && !accept.contains("*/*"))
        return {McpHttpSessions::httpError(Status::NotAcceptable, jsonrpc::kInvalidRequest,
            u"Not Acceptable: GET opens an event stream; list text/event-stream in Accept"_s)};
    std::optional<ApiResponse> refusal;
    const QByteArray sid = McpHttpSessions::header(request, "Mcp-Session-Id");
    if (!sessions.use(sid, &refusal))
        return {std::move(*refusal)};
    const QString sessionKey = sessionKeyPrefix + QString::fromLatin1(sid);
    const QByteArray lastEventId = McpHttpSessions::header(request, "Last-Event-ID");
    if (lastEventId.startsWith("post")) {
        // A call's answer stream: its call was cancelled when its connection closed (that is how
        // a client cancels), so nothing more comes on it. An empty stream that ends, not the
        // session's GET stream (which this would take over).
        qCInfo(lcGateway, "%s: Last-Event-ID %s names a call's stream, which ended with its connection",
            qPrintable(path), lastEventId.left(100).constData());
        ApiResponse r("text/event-stream"_ba, QByteArray());
        r.addHeader("Cache-Control"_ba, "no-store"_ba);
        return {std::move(r)};
    }
    ApiHttpServer::Outcome o;
    o.later = [this, path, sessionKey, sid, lastEventId](
                  std::shared_ptr<ApiResponder> responder, QPointer<QTcpSocket> socket) {
        if (!socket)
            return;
        Stream &stream = m_streams[sessionKey]; // a resumed session keeps its replay buffer
        if (stream.socket)
            stream.socket->write("0\r\n\r\n"_ba); // the newer stream takes over
        stream.path = path;
        stream.sessionId = sid;
        stream.socket = socket;
        stream.responder = std::move(responder);
        QByteArray out = kEventStreamHead;
        if (!lastEventId.isEmpty()) {
            // What this stream sent after that id. An id we no longer hold (dropped from the buffer,
            // another stream's, a Lifeline that restarted) replays nothing: the stream goes on live.
            if (const auto missed = stream.replay.after(lastEventId)) {
                for (const EventReplayBuffer::Event &e : *missed) {
                    if (!e.data.isEmpty()) // another connection's priming event: no message
                        out += chunk(sseEvent(e.id, e.data));
                }
            } else {
                qCInfo(lcGateway, "%s: Last-Event-ID %s is not held (expired or unknown): nothing replayed",
                    qPrintable(path), lastEventId.left(100).constData());
            }
        }
        // Then a priming event: the headers and a first byte now, so that the client knows the
        // stream is open, and an id to resume from even before anything happens.
        const QByteArray priming = nextEventId("get"_ba);
        stream.replay.append(priming, {});
        out += chunk(sseEvent(priming, {}));
        socket->write(out);
    };
    return o;
}

QByteArray GatewayEndpoint::nextEventId(const QByteArray &stream)
{
    return stream + '-' + QByteArray::number(++m_lastEventId);
}

QByteArray GatewayEndpoint::callEvent(const Waiting &waiting, const QByteArray &json)
{
    return sseEvent(nextEventId("post"_ba + QByteArray::number(waiting.ticket)), json);
}

void GatewayEndpoint::onBroadcast(
    Gateway::TargetKind kind, const QString &target, const QJsonObject &notification)
{
    QString path;
    switch (kind) {
    case Gateway::TargetKind::Server:
        path = u"/mcp/servers/"_s + target;
        break;
    case Gateway::TargetKind::Group:
        path = u"/mcp/groups/"_s + target;
        break;
    case Gateway::TargetKind::All:
        path = u"/mcp/all"_s;
        break;
    }
    const QByteArray data = jsonrpc::encode(notification);
    const auto sessions = m_sessions.constFind(path);
    for (auto it = m_streams.begin(); it != m_streams.end();) {
        if (it->path != path) {
            ++it;
            continue;
        }
        if (!it->socket && (sessions == m_sessions.cend() || !sessions->contains(it->sessionId))) {
            it = m_streams.erase(it); // the session expired with its stream down: nobody resumes
            continue;
        }
        // Kept whether or not the stream is up: a client whose stream dropped resumes from it.
        const QByteArray id = nextEventId("get"_ba);
        it->replay.append(id, data);
        if (it->socket)
            it->socket->write(chunk(sseEvent(id, data)));
        ++it;
    }
    for (const LineClient &c : std::as_const(m_lineClients)) {
        if (c.path == path)
            c.send(data);
    }
}

void GatewayEndpoint::endSession(const QString &sessionKey)
{
    if (const quint64 roots = m_rootsTickets.take(sessionKey)) {
        m_rootsSessions.remove(roots);
        m_engine->cancelForward(roots); // the gateway forgets it as the one to ask for roots
    }
    if (const Stream stream = m_streams.take(sessionKey); stream.socket)
        stream.socket->write("0\r\n\r\n"_ba);
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (it->sessionKey != sessionKey) {
            ++it;
            continue;
        }
        m_engine->cancelForward(it.key());
        const Waiting w = *it;
        it = m_waiting.erase(it);
        write(
            w, jsonrpc::makeError(w.id, kRequestCancelled, u"Request cancelled: the session was deleted"_s));
    }
    for (auto it = m_relayOwners.begin(); it != m_relayOwners.end();) {
        if (it->sessionKey == sessionKey)
            it = m_relayOwners.erase(it);
        else
            ++it;
    }
}

void GatewayEndpoint::writeEvent(Waiting &waiting, const QJsonObject &message)
{
    if (waiting.lineClient)
        return sendToLine(waiting.lineClient, jsonrpc::encode(message));
    if (!waiting.socket)
        return;
    if (!waiting.streaming) {
        waiting.streaming = true; // the answer goes at the stream's end too
        waiting.socket->write(kEventStreamHead);
    }
    waiting.socket->write(chunk(callEvent(waiting, jsonrpc::encode(message))));
}

void GatewayEndpoint::write(const Waiting &waiting, const GatewayAnswer &answer)
{
    if (waiting.lineClient)
        return sendToLine(waiting.lineClient, answer.toJson());
    QObject::disconnect(waiting.clientGone); // a kept-alive connection goes on to other requests
    if (!waiting.socket)
        return; // the client left
    if (waiting.streaming) {
        waiting.socket->write(chunk(callEvent(waiting, answer.toJson())) + "0\r\n\r\n"_ba);
        waiting.socket->flush();
        return;
    }
    // One write of bytes built here: ApiResponse and its responder cost a header list, a
    // copy of the body and a socket write per header field on every forwarded call. The same bytes
    // as before (HTTP/1.1 is all QHttpServerResponder 6.4 writes too).
    const QByteArray body = answer.toJson();
    QByteArray out;
    out.reserve(body.size() + 112);
    out.append("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
               "Content-Length: ")
        .append(QByteArray::number(body.size()))
        .append("\r\n\r\n")
        .append(body);
    waiting.socket->write(out);
    // Out now, not on the event loop's next turn (QTcpSocket writes its buffer when the loop next
    // finds the socket writable): the client waits for these bytes.
    waiting.socket->flush();
}

} // namespace lifeline
