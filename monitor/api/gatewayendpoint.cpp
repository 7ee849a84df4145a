#include "gatewayendpoint.h"

#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "gateway/gateway.h"
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
        o.response = post(request, group, name, sessions, &o.later);
        return o;
    }
    case QHttpServerRequest::Method::Delete:
        return {sessions.remove(request)};
    default:
        return {McpHttpSessions::methodNotAllowed(path)};
    }
}

QHttpServerResponse GatewayEndpoint::post(const QHttpServerRequest &request, bool group, const QString &name,
    McpHttpSessions &sessions, Later *later)
{
    McpHttpSessions::Incoming in = McpHttpSessions::read(request);
    if (in.refusal)
        return std::move(*in.refusal);
    const jsonrpc::Message &m = in.message;
    if (m.kind == jsonrpc::Kind::Request && m.method == "initialize"_L1) {
        QString version;
        const QJsonObject result = initializeResult(in.params, group, name, &version);
        const QByteArray sid = sessions.open(version, in.params.value("clientInfo"_L1).toObject());
        QHttpServerResponse r = McpHttpSessions::jsonResponse(jsonrpc::makeResult(m.id, result));
        r.setHeader("Mcp-Session-Id"_ba, sid);
        return r;
    }
    if (McpHttpSessions::isStateless(in))
        return postStateless(in, group, name, later);
    if (auto refusal = McpHttpSessions::refuseVersion(in.versionHeader, true)) // names the stateless one too
        return std::move(*refusal);
    std::optional<QHttpServerResponse> refusal;
    McpHttpSessions::Session *session = sessions.use(in.sessionId, &refusal);
    if (!session)
        return std::move(*refusal);
    const QString sessionKey
        = (group ? u"groups/"_s : u"servers/"_s) + name + u'/' + QString::fromLatin1(in.sessionId);
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

    *later = forwardLater(group, name, in.object, sessionKey, false);
    return QHttpServerResponse(Status::Accepted); // not sent: `later` answers
}

QHttpServerResponse GatewayEndpoint::postStateless(
    const McpHttpSessions::Incoming &in, bool group, const QString &name, Later *later)
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
            McpHttpSessions::markComplete(jsonrpc::makeResult(m.id, discoverResult(group, name))));
    }
    if (m.method == "ping"_L1)
        return McpHttpSessions::jsonResponse(
            McpHttpSessions::markComplete(jsonrpc::makeResult(m.id, QJsonObject {})));
    // Every request on its own, through the engine's session like a session's requests.
    *later = forwardLater(group, name, in.object, QString(), true);
    return QHttpServerResponse(Status::Accepted); // not sent: `later` answers
}

GatewayEndpoint::Later GatewayEndpoint::forwardLater(
    bool group, const QString &name, const QJsonObject &message, const QString &sessionKey, bool stateless)
{
    const QJsonValue id = message.value("id"_L1);
    return [this, group, name, message, id, sessionKey, stateless](
               std::shared_ptr<QHttpServerResponder> responder, QPointer<QTcpSocket> socket) {
        const quint64 ticket = Gateway::newTicket();
        Waiting &w
            = m_waiting.insert(ticket, Waiting {std::move(responder), socket, sessionKey, id, stateless})
                  .value();
        // Closing the request is how a client without a session cancels (the SDKs abort it too).
        if (socket)
            w.clientGone
                = connect(socket, &QTcpSocket::disconnected, this, [this, ticket] { abandon(ticket); });
        m_engine->forward(ticket, group, name, message);
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

QJsonObject GatewayEndpoint::discoverResult(bool group, const QString &name) const
{
    // What initialize tells of the upstream; the stateless revision is the only one discovered
    // (the others are negotiated by initialize).
    QString version;
    QJsonObject result = initializeResult({}, group, name, &version);
    result.remove("protocolVersion"_L1);
    result.insert("supportedVersions"_L1, QJsonArray {QLatin1StringView(McpHttpSessions::kStatelessVersion)});
    return result;
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
