#include "apihttpserver.h"

#include "apitcpserver.h"
#include "gatewayfront.h"
#include "engine/enginethread.h"
#include "store/historystore.h"
#include "statusdata.h"

#include "prometheusexporter.h"

#include "apiconnection.h"
#include "apirequest.h"
#include "apiresponder.h"

#include <array>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include "config/duration.h"

using namespace Qt::StringLiterals;

namespace lifeline {

using Status = ApiResponse::StatusCode;
using Method = ApiRequest::Method;

namespace {

constexpr qint64 kWebSocketBacklogBytes = 8 * 1024 * 1024; // a client this far behind is dropped
constexpr qsizetype kDefaultEventLimit = 500;
constexpr qsizetype kMaxWebSocketClients = 256;

const QStringList kServerActions {u"restart"_s, u"stop"_s, u"start"_s, u"check"_s, u"enable"_s, u"disable"_s};

// Path segments, each percent-decoded on its own (an encoded "/" stays inside its segment), read
// through QUrl: for a path with bytes QUrl would change (see plainPath()).
QStringList segments(const QUrl &url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    if (!path.contains(u'%'))
        return path.split(u'/', Qt::SkipEmptyParts);
    QStringList out;
    for (const QString &s : path.split(u'/', Qt::SkipEmptyParts))
        out.append(QUrl::fromPercentEncoding(s.toUtf8()));
    return out;
}

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A path QUrl reads as it is (RFC 3986 pchar and "/", valid %XX escapes): its segments decode to
// the same names directly as through QUrl, without a QUrl and a QString per segment. Anything
// else (non-ASCII bytes, stray "%", characters QUrl would escape) goes the QUrl way.
bool plainPath(QByteArrayView path)
{
    for (qsizetype i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            continue;
        switch (c) {
        case '/':
        case '-':
        case '.':
        case '_':
        case '~':
        case '!':
        case '$':
        case '&':
        case '\'':
        case '(':
        case ')':
        case '*':
        case '+':
        case ',':
        case ';':
        case '=':
        case ':':
        case '@':
            continue;
        case '%':
            if (i + 2 < path.size() && isHexDigit(path[i + 1]) && isHexDigit(path[i + 2])) {
                i += 2;
                continue;
            }
            return false;
        default:
            return false;
        }
    }
    return true;
}

// One segment of a plain path, percent-decoded (UTF-8).
QString decodedSegment(QByteArrayView s)
{
    if (!s.contains('%'))
        return QString::fromLatin1(s); // ASCII: plainPath() said so
    return QString::fromUtf8(QByteArray::fromPercentEncoding(s.toByteArray()));
}

bool segmentIs(QByteArrayView s, QLatin1StringView word)
{
    if (!s.contains('%'))
        return s == QByteArrayView(word.data(), word.size());
    return decodedSegment(s) == word;
}

// Calls f(segment) for each non-empty segment of `path`, raw, until it returns false.
template<typename F>
void forEachSegment(QByteArrayView path, F &&f)
{
    qsizetype at = 0;
    while (at < path.size()) {
        qsizetype slash = path.indexOf('/', at);
        if (slash < 0)
            slash = path.size();
        if (slash > at && !f(path.sliced(at, slash - at)))
            return;
        at = slash + 1;
    }
}

QStringList segments(const ApiRequest &request)
{
    const QByteArrayView path = request.path();
    if (!plainPath(path))
        return segments(request.url());
    QStringList out;
    forEachSegment(path, [&](QByteArrayView s) {
        out.append(decodedSegment(s));
        return true;
    });
    return out;
}

} // namespace

ApiHttpServer::ApiHttpServer(QObject *parent)
    : QObject(parent)
    , m_data(new StatusData(this))
    // Named as QAbstractHttpServer named it (the handshake's Server header).
    , m_webSockets(new QWebSocketServer(
          QCoreApplication::applicationName() + u'/' + QCoreApplication::applicationVersion(),
          QWebSocketServer::NonSecureMode, this))
    , m_idleTimeoutMs(ApiTcpServer::kIdleTimeoutMs)
{
    connect(m_webSockets, &QWebSocketServer::newConnection, this, &ApiHttpServer::acceptWebSockets);
    connect(m_data, &StatusData::eventAdded, this, &ApiHttpServer::broadcast);
}

ApiHttpServer::~ApiHttpServer()
{
    shutdown();
}

quint16 ApiHttpServer::listenOn(const QHostAddress &address, quint16 port, QString *error)
{
    auto *tcp = new ApiTcpServer(this);
    tcp->setListenBacklogSize(ApiTcpServer::kListenBacklog); // a burst of clients (scrapers, dashboards)
    if (!tcp->listen(address, port)) {
        if (error)
            *error = tcp->errorString();
        delete tcp;
        return 0;
    }
    m_tcp = tcp;
    connect(tcp, &QTcpServer::newConnection, this, &ApiHttpServer::acceptConnections);
    m_guard.setBoundAddress(address);
    return tcp->serverPort();
}

void ApiHttpServer::shutdown()
{
    if (m_tcp)
        m_tcp->close();
    const QList<QWebSocket *> clients = std::exchange(m_clients, {});
    for (QWebSocket *ws : clients) {
        ws->disconnect(this);
        ws->close(QWebSocketProtocol::CloseCodeGoingAway, u"Lifeline is stopping"_s);
        ws->deleteLater();
    }
    // Connections still open (keep-alive) end with the listener.
    if (m_tcp) {
        for (QTcpSocket *s : findChildren<QTcpSocket *>())
            s->abort();
    }
}

QByteArray ApiHttpServer::redact(QByteArray text) const
{
    for (const QByteArray &secret : m_secrets)
        text.replace(secret, "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"); // ••••
    return text;
}

ApiResponse ApiHttpServer::json(const QJsonObject &body, ApiResponse::StatusCode status) const
{
    return ApiResponse(
        "application/json"_ba, redact(QJsonDocument(body).toJson(QJsonDocument::Compact)), status);
}

ApiResponse ApiHttpServer::failure(ApiResponse::StatusCode status, const QString &message) const
{
    ApiResponse r = json(StatusJson::error(message), status);
    if (status == Status::Unauthorized)
        r.addHeader("WWW-Authenticate"_ba, "Bearer realm=\"mcp-lifeline\""_ba);
    return r;
}

void ApiHttpServer::send(ApiResponse &&response, ApiResponder &responder)
{
    response.addHeader("Cache-Control"_ba, "no-store"_ba);
    response.addHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    responder.write(response);
}

ApiHttpServer::GatewayPath ApiHttpServer::gatewayPath(const ApiRequest &request)
{
    // Most requests are not the gateway's: tell by the raw path first, then read it as route() does.
    const QByteArrayView path = request.path();
    const bool prefixed = path.startsWith("/mcp/");
    if (!prefixed && !path.first(std::min<qsizetype>(5, path.size())).contains('%'))
        return {}; // no escape QUrl could decode into "/mcp/" either
    if (!prefixed || !plainPath(path)) {
        // The rare path QUrl would change: read exactly as it always was.
        if (!request.url().path(QUrl::FullyEncoded).startsWith("/mcp/"_L1))
            return {};
        const QStringList p = segments(request.url());
        if (p.size() == 3 && p[0] == "mcp"_L1 && (p[1] == "servers"_L1 || p[1] == "groups"_L1))
            return {p[1] == "groups"_L1 ? GatewayPath::Kind::Group : GatewayPath::Kind::Server, p[2]};
        if (p.size() == 2 && p[0] == "mcp"_L1 && p[1] == "all"_L1)
            return {GatewayPath::Kind::All, u"all"_s};
        return {};
    }
    // Every gateway call: the segments as views, decoded only where they hold an escape.
    std::array<QByteArrayView, 3> p;
    qsizetype n = 0;
    forEachSegment(path, [&](QByteArrayView s) {
        if (n < qsizetype(p.size()))
            p[n] = s;
        ++n;
        return n <= qsizetype(p.size());
    });
    if (n < 2 || n > 3 || p[0] != "mcp") // "/mcp/" begins the path: the first segment is "mcp" raw
        return {};
    if (n == 3 && segmentIs(p[1], "servers"_L1))
        return {GatewayPath::Kind::Server, decodedSegment(p[2])};
    if (n == 3 && segmentIs(p[1], "groups"_L1))
        return {GatewayPath::Kind::Group, decodedSegment(p[2])};
    if (n == 2 && segmentIs(p[1], "all"_L1))
        return {GatewayPath::Kind::All, u"all"_s};
    return {};
}

std::optional<ApiResponse> ApiHttpServer::gate(
    const RequestGuard &guard, const ApiRequest &request, const QHostAddress &local, bool *tokenValid)
{
    const auto refuse = [](Status status, const QString &message) {
        ApiResponse r("application/json"_ba,
            QJsonDocument(StatusJson::error(message)).toJson(QJsonDocument::Compact), status);
        if (status == Status::Unauthorized)
            r.addHeader("WWW-Authenticate"_ba, "Bearer realm=\"mcp-lifeline\""_ba);
        return r;
    };
    // 1. DNS rebinding, on every path (unknown ones, /ws and /mcp included).
    if (!guard.hostAllowed(request.field("host"), local)
        || !guard.originAllowed(request.field("origin"), local))
        return refuse(Status::Forbidden, u"Host or Origin not allowed"_s);
    const bool valid = guard.tokenValid(request.field("authorization"));
    if (tokenValid)
        *tokenValid = valid;
    // 2. Beyond loopback every request needs the token, before anything about routes is told.
    if (guard.tokenRequiredForReads() && !valid)
        return refuse(Status::Unauthorized, u"a bearer token is required"_s);
    if (request.body().size() > ApiTcpServer::kMaxBodyBytes)
        return refuse(Status::PayloadTooLarge, u"request body too large"_s);
    return std::nullopt;
}

void ApiHttpServer::setGatewayFront(GatewayFront *front, QThread *frontThread)
{
    m_front = front;
    m_frontThread = frontThread;
    syncGuard();
}

void ApiHttpServer::syncGuard()
{
    if (GatewayFront *front = m_front)
        QMetaObject::invokeMethod(
            front, [front, guard = m_guard] { front->setGuard(guard); }, Qt::QueuedConnection);
}

ApiConnection::Handler ApiHttpServer::connectionHandler()
{
    return
        [this](ApiConnection *connection, const ApiRequest &request, std::shared_ptr<ApiResponder> responder,
            bool upgrade) { handle(connection, request, std::move(responder), upgrade); };
}

void ApiHttpServer::acceptConnections()
{
    while (m_tcp && m_tcp->hasPendingConnections()) {
        QTcpSocket *socket = m_tcp->nextPendingConnection();
        if (!socket)
            break;
        new ApiConnection(socket, m_idleTimeoutMs, connectionHandler());
    }
}

void ApiHttpServer::handle(ApiConnection *connection, const ApiRequest &request,
    std::shared_ptr<ApiResponder> responder, bool webSocketUpgrade)
{
    QTcpSocket *socket = connection->socket();
    if (!socket->parent() && m_tcp)
        socket->setParent(m_tcp); // back from the gateway front: it ends with the listener again
    if (m_front && !webSocketUpgrade && gatewayPath(request).kind != GatewayPath::Kind::None) {
        // Served where the gateway's sessions are (GatewayFront): no thread hop per call.
        GatewayFront *front = m_front;
        connection->handOver(m_frontThread, front->handler(), request, std::move(responder), false,
            [front, guard = m_guard](ApiConnection *arrived) { front->arrive(arrived, guard); });
        return;
    }
    Outcome outcome = route(request, socket, webSocketUpgrade);
    if (webSocketUpgrade) {
        if (outcome.upgrade) {
            if (m_tcp)
                m_tcp->releaseToWebSocket(socket);
            connection->releaseSocket(); // the handshake goes back on the socket, for the WebSocket server
            m_webSockets->handleConnection(socket);
            return;
        }
        // Refused: answered, then closed (as QAbstractHttpServer did).
        connection->closeAfterAnswer();
        const QString message
            = QJsonDocument::fromJson(outcome.response.data()).object().value("error"_L1).toString();
        send(failure(outcome.response.statusCode(), message), *responder);
        return;
    }
    if (outcome.later) {
        outcome.later(std::move(responder), QPointer<QTcpSocket>(socket));
        return;
    }
    send(std::move(outcome.response), *responder);
}

ApiHttpServer::Outcome ApiHttpServer::route(
    const ApiRequest &request, QTcpSocket *socket, bool webSocketUpgrade)
{
    const QHostAddress local = socket ? socket->localAddress() : QHostAddress();
    const QByteArray authorization = request.value("authorization"_ba);
    const Method method = request.method();

    bool tokenValid = false;
    if (auto refusal = gate(m_guard, request, local, &tokenValid))
        return {std::move(*refusal)};

    const QStringList p = segments(request);
    auto methodNotAllowed = [&](const char *allow) {
        Outcome o {failure(Status::MethodNotAllowed, u"method not allowed"_s)};
        o.response.addHeader("Allow"_ba, QByteArray(allow));
        return o;
    };
    auto readOnly = [&](auto &&answer) -> Outcome {
        if (method != Method::Get)
            return methodNotAllowed("GET");
        return {answer()};
    };
    auto mutating = [&](auto &&answer) -> Outcome {
        if (method != Method::Post)
            return methodNotAllowed("POST");
        if (!tokenValid) // 3. Every mutation needs the token.
            return {failure(Status::Unauthorized,
                authorization.isEmpty() ? u"a bearer token is required"_s : u"wrong token"_s)};
        return {answer()};
    };

    // /mcp: the MCP endpoint (Streamable HTTP), written separately: McpEndpoint::handle().
    if (p.size() == 1 && p[0] == "mcp"_L1) {
        if (m_mcp)
            return {m_mcp(request, tokenValid)};
        return {failure(Status::NotImplemented, u"the MCP endpoint is not available in this build"_s)};
    }
    // /mcp/servers/{name}, /mcp/groups/{group}: the gateway to the servers themselves (Gateway).
    if (p.size() == 3 && p[0] == "mcp"_L1 && (p[1] == "servers"_L1 || p[1] == "groups"_L1)) {
        // Served by the gateway front when there is one (handle()): here only without.
        return {failure(Status::NotImplemented, u"the gateway is not enabled"_s)};
    }
    if (p.size() == 2 && p[0] == "mcp"_L1 && p[1] == "all"_L1) {
        return {failure(Status::NotImplemented, u"the gateway is not enabled"_s)};
    }
    if (webSocketUpgrade) {
        if (p == QStringList {u"ws"_s} && method == Method::Get) {
            if (m_clients.size() >= kMaxWebSocketClients)
                return {failure(Status::ServiceUnavailable, u"too many WebSocket clients"_s)};
            Outcome o;
            o.upgrade = true;
            return o;
        }
        return {failure(Status::NotFound, u"WebSocket upgrades go to /ws"_s)};
    }
    if (p.isEmpty())
        return {failure(Status::NotFound,
            u"no such route; see /health, /health/ecosystem, /api/servers, /metrics, /ws"_s)};

    if (p[0] == "health"_L1 && p.size() == 1)
        return readOnly([&] {
            return json(StatusJson::health(*m_data,
                StatusJson::probeHistory(m_data->historyState().open ? m_history : nullptr),
                QDateTime::currentDateTimeUtc()));
        });
    if (p[0] == "health"_L1 && p.size() == 2 && p[1] == "ecosystem"_L1)
        return readOnly(
            [&] { return json(StatusJson::ecosystem(*m_data, QDateTime::currentDateTimeUtc())); });
    if (p[0] == "metrics"_L1 && p.size() == 1) {
        return readOnly([&] {
            return ApiResponse(
                QByteArray(PrometheusExporter::kContentType), redact(PrometheusExporter::render(*m_data)));
        });
    }
    if (p[0] == "ws"_L1 && p.size() == 1) {
        return readOnly([&] {
            ApiResponse r = failure(Status::UpgradeRequired, u"connect with a WebSocket"_s);
            r.addHeader("Upgrade"_ba, "websocket"_ba);
            return r;
        });
    }
    if (p[0] != "api"_L1 || p.size() < 2)
        return {failure(Status::NotFound, u"no such route"_s)};

    const QString &kind = p[1];
    if (kind == "servers"_L1) {
        if (p.size() == 2)
            return readOnly([&] { return json(StatusJson::servers(*m_data)); });
        const auto snapshot = m_data->snapshot(p[2]);
        if (p.size() == 3) {
            return readOnly([&] {
                return snapshot ? json(StatusJson::serverDetails(*m_data, *snapshot))
                                : failure(Status::NotFound, u"no server named %1"_s.arg(p[2]));
            });
        }
        if (p.size() == 4 && kServerActions.contains(p[3])) {
            return mutating([&] {
                return snapshot ? serverAction(p[2], p[3])
                                : failure(Status::NotFound, u"no server named %1"_s.arg(p[2]));
            });
        }
    } else if (kind == "groups"_L1) {
        if (p.size() == 2) {
            return readOnly([&] {
                QJsonArray groups;
                for (const FailoverGroupSnapshot &g : m_data->groups())
                    groups.append(g.toJson());
                return json(QJsonObject {{"groups"_L1, groups}});
            });
        }
        if (p.size() == 4 && (p[3] == "failover"_L1 || p[3] == "restore"_L1))
            return mutating([&] { return groupAction(p[2], p[3], request); });
    } else if (kind == "events"_L1 && p.size() == 2) {
        if (method != Method::Get)
            return methodNotAllowed("GET");
        return events(request);
    } else if (kind == "alerts"_L1) {
        if (p.size() == 2) {
            return readOnly([&] {
                const bool firingOnly = request.query().queryItemValue(u"state"_s) == "firing"_L1;
                QJsonArray alerts;
                for (const Alert &a : m_data->alerts(firingOnly))
                    alerts.append(a.toJson());
                return json(QJsonObject {{"alerts"_L1, alerts}});
            });
        }
        if (p.size() == 4 && p[3] == "ack"_L1) {
            return mutating([&] {
                if (!m_data->alert(p[2]))
                    return failure(Status::NotFound, u"no alert with id %1"_s.arg(p[2]));
                Q_EMIT acknowledgeRequested(p[2]);
                return json(QJsonObject {{"accepted"_L1, true}, {"action"_L1, "ack"_L1}, {"alert"_L1, p[2]}},
                    Status::Accepted);
            });
        }
    }
    return {failure(Status::NotFound, u"no such route"_s)};
}

ApiResponse ApiHttpServer::serverAction(const QString &name, const QString &action)
{
    if (!m_engine)
        return failure(Status::ServiceUnavailable, u"the engine is not running"_s);
    if (action == "restart"_L1)
        m_engine->restartServer(name);
    else if (action == "stop"_L1)
        m_engine->stopServer(name);
    else if (action == "start"_L1)
        m_engine->startServer(name);
    else if (action == "check"_L1)
        m_engine->checkNow(name);
    else if (action == "enable"_L1)
        m_engine->enableServer(name);
    else if (action == "disable"_L1)
        m_engine->disableServer(name);
    return json(
        QJsonObject {{"accepted"_L1, true}, {"action"_L1, action}, {"server"_L1, name}}, Status::Accepted);
}

ApiResponse ApiHttpServer::groupAction(const QString &group, const QString &action, const ApiRequest &request)
{
    const auto g = m_data->group(group);
    if (!g)
        return failure(Status::NotFound, u"no failover group named %1"_s.arg(group));
    if (!m_engine)
        return failure(Status::ServiceUnavailable, u"the engine is not running"_s);
    if (action == "restore"_L1) {
        m_engine->restorePrimary(group);
        return json(QJsonObject {{"accepted"_L1, true}, {"action"_L1, action}, {"group"_L1, group},
                        {"member"_L1, g->primary}},
            Status::Accepted);
    }
    // The member to fail over to: {"member": "x"} in the body, or ?member=x; none: the next healthy one.
    QString member = request.query().queryItemValue(u"member"_s, QUrl::FullyDecoded);
    if (!request.body().trimmed().isEmpty()) {
        QJsonParseError error {};
        const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return failure(
                Status::BadRequest, u"body: expected a JSON object such as {\"member\": \"name\"}"_s);
        const QJsonValue m = doc.object().value("member"_L1);
        if (!m.isUndefined() && !m.isNull() && !m.isString())
            return failure(Status::BadRequest, u"body: member: expected a server name"_s);
        if (m.isString())
            member = m.toString();
    }
    if (!member.isEmpty() && member != g->primary && !g->fallbacks.contains(member))
        return failure(Status::BadRequest, u"%1 is not a member of group %2"_s.arg(member, group));
    m_engine->failover(group, member);
    return json(QJsonObject {{"accepted"_L1, true}, {"action"_L1, action}, {"group"_L1, group},
                    {"member"_L1, member.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(member)}},
        Status::Accepted);
}

ApiHttpServer::Outcome ApiHttpServer::events(const ApiRequest &request)
{
    const QUrlQuery q = request.query();
    QDateTime since;
    const QString sinceText = q.queryItemValue(u"since"_s, QUrl::FullyDecoded);
    if (!sinceText.isEmpty()) {
        since = QDateTime::fromString(sinceText, Qt::ISODateWithMs);
        if (!since.isValid()) {
            QString err;
            const auto ago = parseDuration(sinceText, &err); // "15m": the last 15 minutes
            if (!ago) {
                return {failure(Status::BadRequest,
                    u"since: expected a time (2026-11-21T10:00:00Z) or a duration (15m), got '%1'"_s.arg(
                        sinceText))};
            }
            since = QDateTime::currentDateTimeUtc().addMSecs(-*ago);
        }
        since = since.toUTC();
    }
    qsizetype limit = kDefaultEventLimit;
    if (q.hasQueryItem(u"limit"_s)) {
        bool ok = false;
        limit = q.queryItemValue(u"limit"_s).toLongLong(&ok);
        if (!ok || limit < 1 || limit > StatusData::kEventCapacity)
            return {
                failure(Status::BadRequest, u"limit: expected 1 to %1"_s.arg(StatusData::kEventCapacity))};
    }
    const QString server = q.queryItemValue(u"server"_s, QUrl::FullyDecoded);
    QList<QJsonObject> recent;
    for (const HealthEvent &e : m_data->events(since, server))
        recent.append(e.toJson());
    auto body = [since](const QList<QJsonObject> &older, const QList<QJsonObject> &recent, qsizetype limit) {
        QJsonArray out;
        const qsizetype total = older.size() + recent.size();
        const qsizetype skip = std::max<qsizetype>(0, total - limit); // the newest `limit`
        for (qsizetype i = skip; i < total; ++i)
            out.append(i < older.size() ? older[i] : recent[i - older.size()]);
        return QJsonObject {
            {"since"_L1, since.isValid() ? QJsonValue(HealthEvent::formatTimestamp(since)) : QJsonValue()},
            {"events"_L1, out}, {"truncated"_L1, skip > 0},
            {"from_history"_L1, int(std::max<qsizetype>(0, older.size() - skip))}};
    };
    // Older than what memory holds (dropped from the ring, or from before this start): the history.
    const QDateTime coverFrom = m_data->eventsCoverFrom();
    if (!since.isValid() || since >= coverFrom || !m_history || !m_data->historyState().open
        || recent.size() >= limit)
        return {json(body({}, recent, limit))};
    Outcome o;
    o.later = [this, since, coverFrom, server, limit, recent, body](
                  std::shared_ptr<ApiResponder> responder, QPointer<QTcpSocket> socket) {
        m_history
            ->query([since, coverFrom, server, limit](HistoryQueries &h) {
                QList<StoredEvent> all;
                for (const QString &name : server.isEmpty() ? h.servers() : QStringList {server})
                    all += h.events(name, since, coverFrom);
                std::stable_sort(all.begin(), all.end(),
                    [](const StoredEvent &a, const StoredEvent &b) { return a.at < b.at; });
                if (all.size() > limit)
                    all = all.mid(all.size() - limit);
                return all;
            })
            .then(this, [this, responder, socket, recent, limit, body](const QList<StoredEvent> &stored) {
                if (!socket)
                    return; // the client left
                QList<QJsonObject> older;
                for (const StoredEvent &e : stored)
                    older.append(e.payload);
                ApiResponse r = json(body(older, recent, limit));
                r.addHeader("Cache-Control"_ba, "no-store"_ba);
                responder->write(r);
            });
    };
    return o;
}

void ApiHttpServer::acceptWebSockets()
{
    while (m_webSockets->hasPendingConnections()) {
        QWebSocket *ws = m_webSockets->nextPendingConnection();
        if (!ws)
            break;
        ws->setParent(this);
        ws->setMaxAllowedIncomingMessageSize(64 * 1024); // we expect nothing from clients
        ws->setMaxAllowedIncomingFrameSize(64 * 1024);
        m_clients.append(ws);
        connect(ws, &QWebSocket::disconnected, this, [this, ws] {
            m_clients.removeOne(ws);
            ws->deleteLater();
        });
        ws->sendTextMessage(QString::fromUtf8(
            redact(QJsonDocument(StatusJson::snapshotMessage(*m_data)).toJson(QJsonDocument::Compact))));
    }
}

void ApiHttpServer::broadcast(const HealthEvent &event)
{
    if (m_clients.isEmpty())
        return;
    const QString message
        = QString::fromUtf8(redact(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
    const QList<QWebSocket *> clients = m_clients;
    for (QWebSocket *ws : clients) {
        if (ws->bytesToWrite() > kWebSocketBacklogBytes) {
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated, u"too far behind"_s);
            continue;
        }
        ws->sendTextMessage(message);
    }
}

} // namespace lifeline
