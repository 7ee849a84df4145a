#include "gatewayendpoint.h"

#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "gateway/gateway.h"
#include "protocol/jsonrpc.h"
#include "statusdata.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
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
    connect(engine->engine()->gateway(), &Gateway::relayed, this, &GatewayEndpoint::onRelayed);
    connect(engine->engine()->gateway(), &Gateway::broadcast, this, &GatewayEndpoint::onBroadcast);
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
    case QHttpServerRequest::Method::Get:
        return openStream(request, path, (group ? u"groups/"_s : u"servers/"_s) + name + u'/', sessions);
    case QHttpServerRequest::Method::Delete: {
        QHttpServerResponse r = sessions.remove(request);
        if (r.statusCode() == Status::NoContent)
            endSession((group ? u"groups/"_s : u"servers/"_s) + name + u'/'
                + QString::fromLatin1(McpHttpSessions::header(request, "Mcp-Session-Id")));
        return {std::move(r)};
    }
    default: {
        QHttpServerResponse r = McpHttpSessions::httpError(Status::MethodNotAllowed, jsonrpc::kInvalidRequest,
            u"Method not allowed: %1 takes POST (JSON-RPC), GET (the event stream) and DELETE (end the "
            u"session)"_s.arg(path));
        r.setHeader("Allow"_ba, "GET, POST, DELETE"_ba);
        return {std::move(r)};
    }
    }
}

QHttpServerResponse GatewayEndpoint::post(const QHttpServerRequest &request, bool group, const QString &name,
    McpHttpSessions &sessions,
    std::function<void(std::shared_ptr<QHttpServerResponder>, QPointer<QTcpSocket>)> *later)
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
        std::optional<QHttpServerResponse> unused;
        if (McpHttpSessions::Session *opened = sessions.use(sid, &unused))
            opened->capabilities = in.params.value("capabilities"_L1).toObject();
        return r;
    }
    if (auto refusal = McpHttpSessions::refuseVersion(in.versionHeader, false))
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
    if (m.kind != jsonrpc::Kind::Request) {
        // The client's answer to a relayed request: upstream it goes, if it is this session's.
        const QString relayed = in.object.value("id"_L1).toString();
        const auto owner = m_relayOwners.constFind(relayed);
        if (owner != m_relayOwners.cend() && owner->sessionKey == sessionKey) {
            m_relayOwners.erase(owner);
            m_engine->answerRelayed(in.object);
        }
        return QHttpServerResponse(Status::Accepted); // else: answers to requests we never sent
    }
    // Lifeline is the client's server: the session's liveness is Lifeline's, not the upstream's.
    if (m.method == "ping"_L1)
        return McpHttpSessions::jsonResponse(jsonrpc::makeResult(m.id, QJsonObject {}));

    const QJsonObject message = in.object;
    const QJsonValue id = m.id;
    const QByteArray accept = McpHttpSessions::header(request, "Accept");
    const bool acceptsStream
        = accept.isEmpty() || accept.contains("text/event-stream") || accept.contains("*/*");
    const QJsonObject capabilities = session->capabilities;
    *later = [this, group, name, message, id, sessionKey, acceptsStream, capabilities](
                 std::shared_ptr<QHttpServerResponder> responder, QPointer<QTcpSocket> socket) {
        const quint64 ticket = Gateway::newTicket();
        m_waiting.insert(ticket,
            Waiting {std::move(responder), socket, sessionKey, id, false, acceptsStream, capabilities});
        m_engine->forward(ticket, group, name, message);
    };
    return QHttpServerResponse(Status::Accepted); // not sent: `later` answers
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

void GatewayEndpoint::cancel(const QString &sessionKey, const QJsonValue &requestId)
{
    for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
        if (it->sessionKey == sessionKey && it->id == requestId) {
            m_engine->cancelForward(it.key());
            forgetRelays(it.key());
            const Waiting w = *it;
            m_waiting.erase(it);
            write(w, jsonrpc::makeError(requestId, kRequestCancelled, u"Request cancelled by the client"_s));
            return;
        }
    }
}

void GatewayEndpoint::onAnswered(quint64 ticket, const QJsonObject &answer)
{
    const auto it = m_waiting.find(ticket);
    if (it == m_waiting.end())
        return; // another endpoint's, or cancelled
    const Waiting w = *it;
    m_waiting.erase(it);
    forgetRelays(ticket);
    write(w, answer);
}

void GatewayEndpoint::forgetRelays(quint64 ticket)
{
    for (auto it = m_relayOwners.begin(); it != m_relayOwners.end();) {
        if (it->ticket == ticket)
            it = m_relayOwners.erase(it);
        else
            ++it;
    }
}

void GatewayEndpoint::onRelayed(quint64 ticket, const QJsonObject &message)
{
    const auto it = m_waiting.find(ticket);
    const bool request = message.contains("id"_L1);
    if (it == m_waiting.end() || !it->socket || !it->acceptsStream) {
        // Another endpoint's call, or a client that left or takes JSON only: an upstream request
        // would wait in vain.
        if (request && it != m_waiting.end())
            m_engine->answerRelayed(Gateway::errorAnswer(message.value("id"_L1),
                it->socket ? u"the client that made the call does not accept text/event-stream"_s
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

ApiHttpServer::Outcome GatewayEndpoint::openStream(const QHttpServerRequest &request, const QString &path,
    const QString &sessionKeyPrefix, McpHttpSessions &sessions)
{
    const QByteArray accept = McpHttpSessions::header(request, "Accept");
    if (!accept.contains("text/event-stream") && !accept.contains("*/*"))
        return {McpHttpSessions::httpError(Status::NotAcceptable, jsonrpc::kInvalidRequest,
            u"Not Acceptable: GET opens an event stream; list text/event-stream in Accept"_s)};
    std::optional<QHttpServerResponse> refusal;
    const QByteArray sid = McpHttpSessions::header(request, "Mcp-Session-Id");
    if (!sessions.use(sid, &refusal))
        return {std::move(*refusal)};
    const QString sessionKey = sessionKeyPrefix + QString::fromLatin1(sid);
    ApiHttpServer::Outcome o;
    o.later = [this, path, sessionKey](
                  std::shared_ptr<QHttpServerResponder> responder, QPointer<QTcpSocket> socket) {
        if (!socket)
            return;
        if (const auto old = m_streams.constFind(sessionKey); old != m_streams.cend() && old->socket)
            old->socket->write("0\r\n\r\n"_ba); // the newer stream takes over
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                      "X-Content-Type-Options: nosniff\r\nTransfer-Encoding: chunked\r\n\r\n"_ba);
        // A comment: headers and a first byte now, so that the client knows the stream is open.
        socket->write("3\r\n:\n\n\r\n"_ba);
        m_streams.insert(sessionKey, Stream {path, socket, std::move(responder)});
    };
    return o;
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
    default:
        return; // a kind with no route here
    }
    for (auto it = m_streams.begin(); it != m_streams.end();) {
        if (!it->socket) {
            it = m_streams.erase(it); // the client left
            continue;
        }
        if (it->path == path) {
            const QByteArray event = "event: message\ndata: "_ba + jsonrpc::encode(notification) + "\n\n"_ba;
            it->socket->write(QByteArray::number(event.size(), 16) + "\r\n"_ba + event + "\r\n"_ba);
        }
        ++it;
    }
}

void GatewayEndpoint::endSession(const QString &sessionKey)
{
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

namespace {

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n"_ba + data + "\r\n"_ba;
}

QByteArray sseEvent(const QJsonObject &message)
{
    return "event: message\ndata: "_ba + jsonrpc::encode(message) + "\n\n"_ba;
}

} // namespace

void GatewayEndpoint::writeEvent(Waiting &waiting, const QJsonObject &message)
{
    if (!waiting.socket)
        return;
    if (!waiting.streaming) {
        // Written by hand: QHttpServerResponder can send a body only once. Chunked, so that the
        // stream's end is the answer's end and the connection stays usable.
        waiting.streaming = true;
        waiting.socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n"_ba);
    }
    waiting.socket->write(chunk(sseEvent(message)));
}

void GatewayEndpoint::write(const Waiting &waiting, const QJsonObject &answer)
{
    if (!waiting.socket)
        return; // the client left
    if (waiting.streaming) {
        waiting.socket->write(chunk(sseEvent(answer)) + "0\r\n\r\n"_ba);
        return;
    }
    QHttpServerResponse r = McpHttpSessions::jsonResponse(answer);
    r.addHeader("Cache-Control"_ba, "no-store"_ba);
    r.write(std::move(*waiting.responder));
}

} // namespace lifeline
