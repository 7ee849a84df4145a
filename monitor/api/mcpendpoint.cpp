#include "mcpendpoint.h"

#include "mcphealthresources.h"
#include "protocol/jsonrpc.h"
#include "statusdata.h"
#include "statusjson.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

using Status = QHttpServerResponder::StatusCode;

constexpr int kSessionNotFound = -32001; // what the SDKs answer with a 404
constexpr int kResourceNotFound = -32002; // MCP's code for resources/read

QByteArray header(const QHttpServerRequest &request, QByteArrayView name)
{
    // Header names are case-insensitive; look them up ourselves rather than rely on the parser.
    for (const auto &h : request.headers()) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    }
    return {};
}

QHttpServerResponse jsonResponse(const QJsonObject &body, Status status = Status::Ok)
{
    return QHttpServerResponse("application/json"_ba, jsonrpc::encode(body), status);
}

QHttpServerResponse httpError(
    Status status, int code, const QString &message, const QJsonValue &id = QJsonValue::Null)
{
    return jsonResponse(jsonrpc::makeError(id, code, message), status);
}

QHttpServerResponse emptyResponse(Status status)
{
    return QHttpServerResponse(status);
}

bool mediaTypeIs(QByteArrayView value, QByteArrayView type)
{
    const qsizetype semi = value.indexOf(';');
    const QByteArrayView bare = (semi < 0 ? value : value.first(semi)).trimmed();
    return bare.compare(type, Qt::CaseInsensitive) == 0;
}

// We only ever answer JSON: an Accept that rules JSON out cannot be served. Clients are told to
// list text/event-stream too; we do not insist on it, since we never send a stream.
bool acceptsJson(const QByteArray &accept)
{
    if (accept.isEmpty())
        return true;
    for (const QByteArray &part : accept.split(',')) {
        if (mediaTypeIs(part, "application/json") || mediaTypeIs(part, "application/*")
            || mediaTypeIs(part, "*/*"))
            return true;
    }
    return false;
}

QJsonObject serverInfo()
{
    return QJsonObject {{"name"_L1, "mcp-lifeline"_L1}, {"title"_L1, "MCP Lifeline"_L1},
        {"version"_L1, QStringLiteral(LIFELINE_VERSION)}};
}

QJsonObject capabilities()
{
    return QJsonObject {{"tools"_L1, QJsonObject {{"listChanged"_L1, false}}},
        {"resources"_L1, QJsonObject {{"subscribe"_L1, false}, {"listChanged"_L1, false}}}};
}

QString instructions()
{
    return u"MCP Lifeline monitors this machine's MCP server integrations and recovers them. Ask "
           "integration_monitor (health_check first) or read health://ecosystem to see which integrations "
           "work; performance_report for latency, error rate and uptime over a window; failover_manager to "
           "restart, test fallbacks or switch back to a primary (needs Lifeline's token)."_s;
}

} // namespace

const QStringList &McpEndpoint::supportedVersions()
{
    static const QStringList versions {u"2024-11-05"_s, u"2025-03-26"_s, u"2025-06-18"_s, u"2025-11-25"_s};
    return versions;
}

McpEndpoint::McpEndpoint(StatusData *data, EngineThread *engine, HistoryStore *history, QObject *parent)
    : QObject(parent)
    , m_data(data)
    , m_tools(data, engine, history)
{
    m_clock.start();
}

QHttpServerResponse McpEndpoint::handle(const QHttpServerRequest &request, bool tokenValid)
{
    switch (request.method()) {
    case QHttpServerRequest::Method::Post:
        return post(request, tokenValid);
    case QHttpServerRequest::Method::Delete:
        return remove(request);
    default: {
        // GET included: we offer no server-initiated stream, which the spec answers with 405.
        QHttpServerResponse r = httpError(Status::MethodNotAllowed, jsonrpc::kInvalidRequest,
            u"Method not allowed: /mcp takes POST (JSON-RPC) and DELETE (end the session)"_s);
        r.setHeader("Allow"_ba, "POST, DELETE"_ba);
        return r;
    }
    }
}

QHttpServerResponse McpEndpoint::remove(const QHttpServerRequest &request)
{
    const QByteArray sid = header(request, "Mcp-Session-Id");
    if (sid.isEmpty())
        return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
            u"Bad Request: Mcp-Session-Id header is required"_s);
    if (!m_sessions.remove(sid))
        return httpError(Status::NotFound, kSessionNotFound, u"Session not found"_s);
    return emptyResponse(Status::NoContent);
}

QHttpServerResponse McpEndpoint::post(const QHttpServerRequest &request, bool tokenValid)
{
    const QByteArray body = request.body();
    if (body.size() > kMaxBodyBytes)
        return httpError(Status::PayloadTooLarge, jsonrpc::kInvalidRequest,
            u"Payload too large: at most %1 bytes per message"_s.arg(kMaxBodyBytes));
    if (!mediaTypeIs(header(request, "Content-Type"), "application/json"))
        return httpError(Status::UnsupportedMediaType, jsonrpc::kInvalidRequest,
            u"Unsupported Media Type: Content-Type must be application/json"_s);
    if (!acceptsJson(header(request, "Accept")))
        return httpError(Status::NotAcceptable, jsonrpc::kInvalidRequest,
            u"Not Acceptable: this endpoint answers application/json; list it in Accept"_s);

    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return httpError(Status::BadRequest, jsonrpc::kParseError,
            u"Parse error: %1 at offset %2"_s.arg(pe.errorString()).arg(pe.offset));
    if (doc.isArray())
        return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
            u"Invalid Request: JSON-RPC batches are not supported (removed in MCP 2025-06-18); send one "
            u"message "
            "per POST"_s);
    if (!doc.isObject())
        return httpError(
            Status::BadRequest, jsonrpc::kInvalidRequest, u"Invalid Request: not a JSON-RPC object"_s);
    const QJsonObject object = doc.object();
    const jsonrpc::Message m = jsonrpc::decode(object);
    if (m.kind == jsonrpc::Kind::Invalid) {
        const QJsonValue id = object.value("id"_L1);
        return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
            u"Invalid Request: "_s + m.invalidReason,
            id.isString() || id.isDouble() ? id : QJsonValue(QJsonValue::Null));
    }
    if (m.kind == jsonrpc::Kind::Request && !m.params.isUndefined() && !m.params.isObject())
        return jsonResponse(
            jsonrpc::makeError(m.id, jsonrpc::kInvalidParams, u"Invalid params: must be an object"_s));
    const QJsonObject params = m.params.toObject();

    if (m.kind == jsonrpc::Kind::Request && m.method == "initialize"_L1) {
        QString version;
        const QJsonObject result = initializeResult(params, &version);
        const QByteArray sid = newSession(version, params.value("clientInfo"_L1).toObject());
        QHttpServerResponse r = jsonResponse(jsonrpc::makeResult(m.id, result));
        r.setHeader("Mcp-Session-Id"_ba, sid);
        return r;
    }

    const QByteArray versionHeader = header(request, "MCP-Protocol-Version");
    const QString metaVersion
        = params.value("_meta"_L1).toObject().value("io.modelcontextprotocol/protocolVersion"_L1).toString();
    const QByteArray sid = header(request, "Mcp-Session-Id");
    // The stateless revision: every request stands alone; the header (or, without it, the
    // request's _meta) says so. server/discover is sessionless in any case.
    const bool stateless = versionHeader == kStatelessVersion
        || (versionHeader.isEmpty() && sid.isEmpty() && metaVersion == QLatin1StringView(kStatelessVersion))
        || (m.kind == jsonrpc::Kind::Request && m.method == "server/discover"_L1);
    if (!versionHeader.isEmpty() && versionHeader != kStatelessVersion
        && !supportedVersions().contains(QString::fromLatin1(versionHeader)))
        return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
            u"Bad Request: unsupported MCP-Protocol-Version '%1' (supported: %2, %3)"_s.arg(
                QString::fromLatin1(versionHeader.left(40)), supportedVersions().join(u", "_s),
                QLatin1StringView(kStatelessVersion)));

    if (!stateless) {
        if (sid.isEmpty())
            return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
                u"Bad Request: Mcp-Session-Id header is required (send initialize first)"_s);
        const auto it = m_sessions.find(sid);
        if (it == m_sessions.end())
            return httpError(Status::NotFound, kSessionNotFound, u"Session not found"_s);
        it->lastUsedMs = m_clock.elapsed();
        if (m.kind == jsonrpc::Kind::Notification && m.method == "notifications/initialized"_L1)
            it->initialized = true;
    }
    // Notifications (initialized, cancelled, …) and answers to requests we never send: accepted.
    if (m.kind != jsonrpc::Kind::Request)
        return emptyResponse(Status::Accepted);

    QJsonObject answer = dispatch(m.method, m.id, params, stateless, tokenValid);
    if (stateless && answer.value("result"_L1).isObject()) {
        QJsonObject result = answer.value("result"_L1).toObject();
        result.insert("resultType"_L1, "complete"_L1);
        answer.insert("result"_L1, result);
    }
    return jsonResponse(answer);
}

QJsonObject McpEndpoint::dispatch(
    const QString &method, const QJsonValue &id, const QJsonObject &params, bool stateless, bool tokenValid)
{
    Q_UNUSED(stateless)
    if (method == "ping"_L1)
        return jsonrpc::makeResult(id, QJsonObject {});
    if (method == "server/discover"_L1)
        return jsonrpc::makeResult(id, discoverResult());
    if (method == "tools/list"_L1)
        return jsonrpc::makeResult(id, QJsonObject {{"tools"_L1, m_tools.definitions()}});
    if (method == "tools/call"_L1) {
        const QJsonValue name = params.value("name"_L1);
        if (!name.isString())
            return jsonrpc::makeError(
                id, jsonrpc::kInvalidParams, u"Invalid params: tools/call needs a tool name"_s);
        const QJsonValue arguments = params.value("arguments"_L1);
        if (!arguments.isUndefined() && !arguments.isNull() && !arguments.isObject())
            return jsonrpc::makeError(
                id, jsonrpc::kInvalidParams, u"Invalid params: arguments must be an object"_s);
        const auto result = m_tools.call(name.toString(), arguments.toObject(), tokenValid);
        if (!result)
            return jsonrpc::makeError(
                id, jsonrpc::kInvalidParams, u"Unknown tool: %1"_s.arg(name.toString().left(100)));
        return jsonrpc::makeResult(id, *result);
    }
    if (method == "resources/list"_L1)
        return jsonrpc::makeResult(id, QJsonObject {{"resources"_L1, healthResourceList()}});
    if (method == "resources/templates/list"_L1)
        return jsonrpc::makeResult(id, QJsonObject {{"resourceTemplates"_L1, QJsonArray {}}});
    if (method == "resources/read"_L1)
        return readResource(id, params);
    return jsonrpc::makeError(id, jsonrpc::kMethodNotFound, u"Method not found: %1"_s.arg(method.left(100)));
}

QJsonObject McpEndpoint::readResource(const QJsonValue &id, const QJsonObject &params)
{
    const QJsonValue uri = params.value("uri"_L1);
    if (!uri.isString())
        return jsonrpc::makeError(
            id, jsonrpc::kInvalidParams, u"Invalid params: resources/read needs a uri"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject body;
    if (uri.toString() == QLatin1StringView(kHealthStatusUri))
        body = StatusJson::health(*m_data,
            StatusJson::probeHistory(m_data->historyState().open ? m_tools.history() : nullptr), now);
    else if (uri.toString() == QLatin1StringView(kHealthEcosystemUri))
        body = StatusJson::ecosystem(*m_data, now);
    else
        return jsonrpc::makeError(
            id, kResourceNotFound, u"Resource not found: %1"_s.arg(uri.toString().left(200)));
    const QJsonObject content {{"uri"_L1, uri}, {"mimeType"_L1, "application/json"_L1},
        {"text"_L1, QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Indented))}};
    return jsonrpc::makeResult(id, QJsonObject {{"contents"_L1, QJsonArray {content}}});
}

QJsonObject McpEndpoint::initializeResult(const QJsonObject &params, QString *version) const
{
    // The client's version when we speak it, else our latest (the client then decides).
    const QString requested = params.value("protocolVersion"_L1).toString();
    *version = supportedVersions().contains(requested) ? requested : supportedVersions().constLast();
    return QJsonObject {{"protocolVersion"_L1, *version}, {"capabilities"_L1, capabilities()},
        {"serverInfo"_L1, serverInfo()}, {"instructions"_L1, instructions()}};
}

QJsonObject McpEndpoint::discoverResult() const
{
    // Only the stateless revision: the others are negotiated by initialize.
    return QJsonObject {{"supportedVersions"_L1, QJsonArray {QLatin1StringView(kStatelessVersion)}},
        {"capabilities"_L1, capabilities()}, {"serverInfo"_L1, serverInfo()},
        {"instructions"_L1, instructions()}};
}

QByteArray McpEndpoint::newSession(const QString &version, const QJsonObject &clientInfo)
{
    expireSessions();
    // 128 random bits, hex: visible ASCII as the spec asks, and not guessable.
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray sid = QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
    Session s;
    s.protocolVersion = version;
    s.clientInfo = clientInfo;
    s.lastUsedMs = m_clock.elapsed();
    m_sessions.insert(sid, s);
    return sid;
}

void McpEndpoint::expireSessions()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (now - it->lastUsedMs > kSessionIdleMs)
            it = m_sessions.erase(it);
        else
            ++it;
    }
    while (m_sessions.size() >= kMaxSessions) {
        auto oldest = m_sessions.begin();
        for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
            if (it->lastUsedMs < oldest->lastUsedMs)
                oldest = it;
        }
        m_sessions.erase(oldest);
    }
}

} // namespace lifeline
