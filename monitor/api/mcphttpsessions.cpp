#include "mcphttpsessions.h"

#include "apirequest.h"
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

using Status = QHttpServerResponder::StatusCode;

bool mediaTypeIs(QByteArrayView value, QByteArrayView type)
{
    const qsizetype semi = value.indexOf(';');
    const QByteArrayView bare = (semi < 0 ? value : value.first(semi)).trimmed();
    return bare.compare(type, Qt::CaseInsensitive) == 0;
}

// A call's answer is JSON unless something was relayed before it (the gateway): an Accept that
// rules JSON out cannot be served. Clients are told to list text/event-stream too; we do not
// insist on it: a client without it simply gets nothing relayed.
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

} // namespace

McpHttpSessions::McpHttpSessions()
{
    m_clock.start();
}

const QStringList &McpHttpSessions::supportedVersions()
{
    static const QStringList versions {u"2024-11-05"_s, u"2025-03-26"_s, u"2025-06-18"_s, u"2025-11-25"_s};
    return versions;
}

QString McpHttpSessions::negotiate(const QString &requested)
{
    return supportedVersions().contains(requested) ? requested : supportedVersions().constLast();
}

bool McpHttpSessions::isStateless(const Incoming &in)
{
    const QString metaVersion = in.params.value("_meta"_L1)
                                    .toObject()
                                    .value("io.modelcontextprotocol/protocolVersion"_L1)
                                    .toString();
    return in.versionHeader == kStatelessVersion
        || (in.versionHeader.isEmpty() && in.sessionId.isEmpty()
            && metaVersion == QLatin1StringView(kStatelessVersion))
        || (in.message.kind == jsonrpc::Kind::Request && in.message.method == "server/discover"_L1);
}

QJsonObject McpHttpSessions::markComplete(QJsonObject answer)
{
    if (!answer.value("result"_L1).isObject())
        return answer;
    QJsonObject result = answer.value("result"_L1).toObject();
    if (!result.contains("resultType"_L1)) // an upstream of that revision said so already
        result.insert("resultType"_L1, "complete"_L1);
    answer.insert("result"_L1, result);
    return answer;
}

QByteArray McpHttpSessions::header(const ApiRequest &request, QByteArrayView name)
{
    // Header names are case-insensitive (ApiRequest::field() compares them so).
    return request.field(name).trimmed().toByteArray();
}

ApiResponse McpHttpSessions::jsonResponse(const QJsonObject &body, ApiResponse::StatusCode status)
{
    return ApiResponse("application/json"_ba, jsonrpc::encode(body), status);
}

ApiResponse McpHttpSessions::httpError(
    ApiResponse::StatusCode status, int code, const QString &message, const QJsonValue &id)
{
    return jsonResponse(jsonrpc::makeError(id, code, message), status);
}

ApiResponse McpHttpSessions::methodNotAllowed(const QString &path)
{
    ApiResponse r = httpError(Status::MethodNotAllowed, jsonrpc::kInvalidRequest,
        u"Method not allowed: %1 takes POST (JSON-RPC) and DELETE (end the session)"_s.arg(path));
    r.setHeader("Allow"_ba, "POST, DELETE"_ba);
    return r;
}

McpHttpSessions::Incoming McpHttpSessions::read(const ApiRequest &request)
{
    Incoming in;
    const QByteArray body = request.body();
    if (body.size() > kMaxBodyBytes) {
        in.refusal = httpError(Status::PayloadTooLarge, jsonrpc::kInvalidRequest,
            u"Payload too large: at most %1 bytes per message"_s.arg(kMaxBodyBytes));
        return in;
    }
    // The four fields in one pass over the head (the first of each, trimmed, like header()).
    QByteArray contentType;
    QByteArray accept;
    QByteArray sessionId;
    QByteArray versionHeader;
    unsigned seen = 0;
    for (qsizetype i = 0; i < request.fieldCount(); ++i) {
        const QByteArrayView name = request.fieldName(i);
        const auto take = [&](QByteArray *field, unsigned bit) {
            if (!(seen & bit))
                *field = request.fieldValue(i).trimmed().toByteArray();
            seen |= bit;
        };
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            take(&contentType, 1);
        else if (name.compare("Accept", Qt::CaseInsensitive) == 0)
            take(&accept, 2);
        else if (name.compare("Mcp-Session-Id", Qt::CaseInsensitive) == 0)
            take(&sessionId, 4);
        else if (name.compare("MCP-Protocol-Version", Qt::CaseInsensitive) == 0)
            take(&versionHeader, 8);
    }
    if (!mediaTypeIs(contentType, "application/json")) {
        in.refusal = httpError(Status::UnsupportedMediaType, jsonrpc::kInvalidRequest,
            u"Unsupported Media Type: Content-Type must be application/json"_s);
        return in;
    }
    if (!acceptsJson(accept)) {
        in.refusal = httpError(Status::NotAcceptable, jsonrpc::kInvalidRequest,
            u"Not Acceptable: this endpoint answers application/json; list it in Accept"_s);
        return in;
    }
    Checked checked = check(body);
    if (checked.error) {
        in.refusal = jsonResponse(*checked.error, checked.malformed ? Status::BadRequest : Status::Ok);
        return in;
    }
    in.object = std::move(checked.object);
    in.text = body;
    in.message = std::move(checked.message);
    in.params = std::move(checked.params);
    in.sessionId = sessionId;
    in.versionHeader = versionHeader;
    in.accept = accept;
    return in;
}

McpHttpSessions::Checked McpHttpSessions::check(const QByteArray &text)
{
    Checked c;
    const auto refuse = [&c](int code, const QString &message, const QJsonValue &id = QJsonValue::Null) {
        c.error = jsonrpc::makeError(id, code, message);
        c.malformed = true;
        return c;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError)
        return refuse(
            jsonrpc::kParseError, u"Parse error: %1 at offset %2"_s.arg(pe.errorString()).arg(pe.offset));
    if (doc.isArray())
        return refuse(jsonrpc::kInvalidRequest,
            u"Invalid Request: JSON-RPC batches are not supported (removed in MCP 2025-06-18); send one "
            u"message at a time"_s);
    if (!doc.isObject())
        return refuse(jsonrpc::kInvalidRequest, u"Invalid Request: not a JSON-RPC object"_s);
    c.object = doc.object();
    c.message = jsonrpc::decode(c.object);
    const jsonrpc::Message &m = c.message;
    if (m.kind == jsonrpc::Kind::Invalid) {
        const QJsonValue id = c.object.value("id"_L1);
        return refuse(jsonrpc::kInvalidRequest, u"Invalid Request: "_s + m.invalidReason,
            id.isString() || id.isDouble() ? id : QJsonValue(QJsonValue::Null));
    }
    if (m.kind == jsonrpc::Kind::Request && !m.params.isUndefined() && !m.params.isObject()) {
        c.error = jsonrpc::makeError(m.id, jsonrpc::kInvalidParams, u"Invalid params: must be an object"_s);
        return c;
    }
    c.params = m.params.toObject();
    return c;
}

std::optional<ApiResponse> McpHttpSessions::refuseVersion(const QByteArray &versionHeader, bool statelessToo)
{
    if (versionHeader.isEmpty() || (statelessToo && versionHeader == kStatelessVersion)
        || supportedVersions().contains(QString::fromLatin1(versionHeader)))
        return std::nullopt;
    QString supported = supportedVersions().join(u", "_s);
    if (statelessToo)
        supported += u", "_s + QLatin1StringView(kStatelessVersion);
    return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
        u"Bad Request: unsupported MCP-Protocol-Version '%1' (supported: %2)"_s.arg(
            QString::fromLatin1(versionHeader.left(40)), supported));
}

QByteArray McpHttpSessions::open(const QString &version, const QJsonObject &clientInfo)
{
    expire();
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

McpHttpSessions::Session *McpHttpSessions::use(
    const QByteArray &sessionId, std::optional<ApiResponse> *refusal)
{
    if (sessionId.isEmpty()) {
        *refusal = httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
            u"Bad Request: Mcp-Session-Id header is required (send initialize first)"_s);
        return nullptr;
    }
    const auto it = m_sessions.find(sessionId);
    if (it == m_sessions.end()) {
        *refusal = httpError(Status::NotFound, kSessionNotFound, u"Session not found"_s);
        return nullptr;
    }
    it->lastUsedMs = m_clock.elapsed();
    return &*it;
}

ApiResponse McpHttpSessions::remove(const ApiRequest &request)
{
    const QByteArray sid = header(request, "Mcp-Session-Id");
    if (sid.isEmpty())
        return httpError(Status::BadRequest, jsonrpc::kInvalidRequest,
            u"Bad Request: Mcp-Session-Id header is required"_s);
    if (!m_sessions.remove(sid))
        return httpError(Status::NotFound, kSessionNotFound, u"Session not found"_s);
    return ApiResponse(Status::NoContent);
}

void McpHttpSessions::expire()
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
