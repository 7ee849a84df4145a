#include "mcpendpoint.h"

#include "mcphealthresources.h"
#include "protocol/jsonrpc.h"
#include "statusdata.h"
#include "statusjson.h"

#include "apirequest.h"
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

using Status = QHttpServerResponder::StatusCode;

constexpr int kResourceNotFound = -32002; // MCP's code for resources/read

ApiResponse jsonResponse(const QJsonObject &body)
{
    return McpHttpSessions::jsonResponse(body);
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
    return McpHttpSessions::supportedVersions();
}

McpEndpoint::McpEndpoint(StatusData *data, EngineThread *engine, HistoryStore *history, QObject *parent)
    : QObject(parent)
    , m_data(data)
    , m_tools(data, engine, history)
{ }

ApiResponse McpEndpoint::handle(const ApiRequest &request, bool tokenValid)
{
    switch (request.method()) {
    case ApiRequest::Method::Post:
        return post(request, tokenValid);
    case ApiRequest::Method::Delete:
        return m_sessions.remove(request);
    default:
        return McpHttpSessions::methodNotAllowed(u"/mcp"_s);
    }
}

ApiResponse McpEndpoint::post(const ApiRequest &request, bool tokenValid)
{
    McpHttpSessions::Incoming in = McpHttpSessions::read(request);
    if (in.refusal)
        return std::move(*in.refusal);
    const jsonrpc::Message &m = in.message;
    const QJsonObject &params = in.params;

    if (m.kind == jsonrpc::Kind::Request && m.method == "initialize"_L1) {
        QString version;
        const QJsonObject result = initializeResult(params, &version);
        const QByteArray sid = m_sessions.open(version, params.value("clientInfo"_L1).toObject());
        ApiResponse r = jsonResponse(jsonrpc::makeResult(m.id, result));
        r.setHeader("Mcp-Session-Id"_ba, sid);
        return r;
    }

    const QByteArray &versionHeader = in.versionHeader;
    const QByteArray &sid = in.sessionId;
    // The stateless revision: every request stands alone.
    const bool stateless = McpHttpSessions::isStateless(in);
    if (auto refusal = McpHttpSessions::refuseVersion(versionHeader, true))
        return std::move(*refusal);

    if (!stateless) {
        std::optional<ApiResponse> refusal;
        McpHttpSessions::Session *session = m_sessions.use(sid, &refusal);
        if (!session)
            return std::move(*refusal);
        if (m.kind == jsonrpc::Kind::Notification && m.method == "notifications/initialized"_L1)
            session->initialized = true;
    }
    // Notifications (initialized, cancelled, …) and answers to requests we never send: accepted.
    if (m.kind != jsonrpc::Kind::Request)
        return ApiResponse(Status::Accepted);

    const QJsonObject answer = dispatch(m.method, m.id, params, stateless, tokenValid);
    return jsonResponse(stateless ? McpHttpSessions::markComplete(answer) : answer);
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
    *version = McpHttpSessions::negotiate(requested);
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

} // namespace lifeline
