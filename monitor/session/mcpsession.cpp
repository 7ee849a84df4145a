#include "mcpsession.h"

#include "protocol/jsonrpc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaMethod>
#include <QTimer>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace lifeline {

const QStringList &McpSession::acceptedVersions()
{
    static const QStringList versions {u"2024-11-05"_s, u"2025-03-26"_s, u"2025-06-18"_s, u"2025-11-25"_s};
    return versions;
}

McpSession::McpSession(const ServerConfig &config, const Options &options, QObject *parent)
    : McpSession(config, options, defaultTransportFactory(), parent)
{ }

McpSession::McpSession(
    const ServerConfig &config, const Options &options, TransportFactory factory, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_options(options)
    , m_factory(factory ? std::move(factory) : defaultTransportFactory())
{
    m_clock.start();
}

McpSession::~McpSession()
{
    m_pending.clear();
    if (m_transport)
        m_transport->terminate();
}

QString McpSession::describe() const
{
    return m_transport ? m_transport->describe() : QString();
}

bool McpSession::createTransport(TransportKind kind)
{
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->terminate();
        m_transport->deleteLater();
    }
    // AutoHttp is the session's question, not a transport: Streamable HTTP first, SSE after a 4xx.
    m_activeKind = kind == TransportKind::AutoHttp ? TransportKind::StreamableHttp : kind;
    TransportOptions options;
    options.maxMessageBytes = m_options.maxMessageBytes;
    Transport *t = m_factory(m_activeKind, m_config, options, this);
    if (!t) {
        m_transport = nullptr;
        return false;
    }
    if (t->parent() != this)
        t->setParent(this);
    m_transport = t;
    connect(t, &Transport::opened, this, &McpSession::onOpened);
    connect(t, &Transport::messageReceived, this, &McpSession::onMessage);
    connect(t, &Transport::resultReceived, this, &McpSession::onResult);
    connect(t, &Transport::requestFailed, this, &McpSession::onRequestFailed);
    connect(t, &Transport::protocolViolation, this, &McpSession::onProtocolViolation);
    connect(t, &Transport::transportFailed, this, &McpSession::onTransportFailed);
    connect(t, &Transport::sessionExpired, this, &McpSession::onSessionExpired);
    connect(t, &Transport::closed, this, [this] {
        if (m_state == State::Closing) {
            m_state = State::Closed;
            Q_EMIT closed();
        }
    });
    return true;
}

void McpSession::start()
{
    Q_ASSERT(m_state == State::Idle);
    m_state = State::Opening;
    m_handshakeTimer.start();
    const bool built = createTransport(m_config.transport);
    // Opening covers process start and the SSE endpoint event: bounded like any request.
    m_openTimer = new QTimer(this);
    m_openTimer->setSingleShot(true);
    connect(m_openTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Opening)
            fail(Failure::make(
                FailureType::Timeout, u"transport not open within %1 ms"_s.arg(m_options.timeoutMs)));
    });
    m_openTimer->start(m_options.timeoutMs);
    if (!built) {
        // Reported later, like every other failure: the caller connects after start().
        QTimer::singleShot(0, this, [this] { failNoTransport(m_activeKind); });
        return;
    }
    m_transport->open();
}

void McpSession::failNoTransport(TransportKind kind)
{
    fail(Failure::make(
        FailureType::ConnectionError, u"no %1 transport could be made"_s.arg(transportKindName(kind))));
}

void McpSession::onOpened()
{
    if (m_state != State::Opening)
        return;
    m_openTimer->stop();
    m_state = State::Handshaking;
    // The legacy SSE transport predates the stateless revision: no point asking.
    if (m_options.eraHint == Era::Legacy || m_activeKind == TransportKind::Sse)
        initialize();
    else
        discover();
}

QJsonObject McpSession::withMeta(const QJsonObject &params) const
{
    QJsonObject p = params;
    QJsonObject meta = p.value("_meta"_L1).toObject();
    meta.insert("io.modelcontextprotocol/protocolVersion"_L1, QLatin1StringView(kModernVersion));
    meta.insert("io.modelcontextprotocol/clientCapabilities"_L1, clientCapabilities());
    meta.insert("io.modelcontextprotocol/clientInfo"_L1,
        QJsonObject {{"name"_L1, "mcp-lifeline"_L1}, {"version"_L1, QStringLiteral(LIFELINE_VERSION)}});
    p.insert("_meta"_L1, meta);
    return p;
}

void McpSession::discover()
{
    const int timeout = qMin(m_options.discoverTimeoutMs, m_options.timeoutMs);
    QElapsedTimer t;
    t.start();
    // Ask with the modern header so that a modern HTTP server can route it.
    if (m_transport)
        m_transport->setProtocolVersion(QLatin1StringView(kModernVersion));
    request(u"server/discover"_s, withMeta({}), timeout, [this](const Reply &reply) {
        if (m_state != State::Handshaking)
            return;
        const QJsonArray versions = reply.result.toObject().value("supportedVersions"_L1).toArray();
        if (reply.ok && versions.contains(QLatin1StringView(kModernVersion))) {
            const QJsonObject r = reply.result.toObject();
            m_era = Era::Modern;
            m_protocolVersion = QLatin1StringView(kModernVersion);
            m_capabilities = r.value("capabilities"_L1).toObject();
            m_serverInfo = r.value("serverInfo"_L1).toObject();
            if (m_serverInfo.isEmpty())
                m_serverInfo = r.value("_meta"_L1)
                                   .toObject()
                                   .value("io.modelcontextprotocol/serverInfo"_L1)
                                   .toObject();
            m_handshakeUs = reply.elapsedUs;
            m_state = State::Ready;
            Q_EMIT ready();
            return;
        }
        if (m_transport) {
            m_transport->setProtocolVersion({});
            m_transport->resetSession();
        }
        initialize();
    });
}

void McpSession::initialize()
{
    m_era = Era::Legacy;
    const QJsonObject params {
        {"protocolVersion"_L1, QLatin1StringView(kLatestVersion)},
        {"capabilities"_L1, clientCapabilities()},
        {"clientInfo"_L1,
            QJsonObject {{"name"_L1, "mcp-lifeline"_L1}, {"title"_L1, "MCP Lifeline"_L1},
                {"version"_L1, QStringLiteral(LIFELINE_VERSION)}}},
    };
    request(
        u"initialize"_s, params, m_options.timeoutMs, [this](const Reply &reply) { onInitialized(reply); });
}

void McpSession::onInitialized(const Reply &reply)
{
    if (m_state != State::Handshaking)
        return;
    if (!reply.ok) {
        const int status = reply.failure.httpStatus;
        const bool fallBack = m_config.transport == TransportKind::AutoHttp
            && m_activeKind == TransportKind::StreamableHttp && status >= 400 && status < 500 && status != 401
            && status != 403 && status != 429;
        if (fallBack) {
            // The spec's backwards-compatibility rule: a 4xx to the POST means an old HTTP+SSE server.
            m_state = State::Opening;
            if (!createTransport(TransportKind::Sse)) {
                failNoTransport(TransportKind::Sse);
                return;
            }
            m_openTimer->start(m_options.timeoutMs);
            m_transport->open();
            return;
        }
        fail(reply.failure);
        return;
    }
    const QJsonObject r = reply.result.toObject();
    const QString version = r.value("protocolVersion"_L1).toString();
    if (!acceptedVersions().contains(version)) {
        fail(Failure::make(FailureType::ProtocolError,
            version.isEmpty() ? u"initialize answer has no protocolVersion"_s
                              : u"server speaks unsupported protocol version '%1'"_s.arg(version.left(40))));
        return;
    }
    m_protocolVersion = version;
    m_serverInfo = r.value("serverInfo"_L1).toObject();
    m_capabilities = r.value("capabilities"_L1).toObject();
    m_handshakeUs = reply.elapsedUs;
    if (m_transport)
        m_transport->setProtocolVersion(version);
    notify(u"notifications/initialized"_s);
    m_state = State::Ready;
    if (m_reinitializing) {
        m_reinitializing = false;
        const QList<Pending> again = std::exchange(m_resendAfterReinit, {});
        for (const Pending &p : again)
            request(p.method, p.params, qMax(1, p.timeoutMs - int(p.elapsed.elapsed())), p.callback);
        return;
    }
    if (m_options.openEventStream && m_transport)
        m_transport->openEventStream();
    Q_EMIT ready();
}

void McpSession::keepLogMessage(const QJsonObject &params)
{
    // MCP logging: {level, logger?, data (any JSON)}. Kept like stderr: the last lines, bounded.
    const QJsonValue data = params.value("data"_L1);
    QString text = data.isString()
        ? data.toString()
        : QString::fromUtf8(QJsonDocument(QJsonArray {data}).toJson(QJsonDocument::Compact))
              .mid(1)
              .chopped(1);
    QString line = u"[%1] "_s.arg(params.value("level"_L1).toString(u"info"_s));
    const QString logger = params.value("logger"_L1).toString();
    if (!logger.isEmpty())
        line += logger + u": "_s;
    line += text.left(kLogLineChars);
    m_logTail.append(line);
    if (m_logTail.size() > kLogLines)
        m_logTail.removeFirst();
}

qint64 McpSession::request(const QString &method, const QJsonObject &params, int timeoutMs, Callback callback,
    const QByteArray &paramsText, ReplyForm form)
{
    if (!m_transport || (m_state != State::Ready && m_state != State::Handshaking)) {
        Reply r;
        r.failure = Failure::make(FailureType::ConnectionError, u"no session"_s);
        QTimer::singleShot(0, this, [callback, r] { callback(r); });
        return 0;
    }
    const qint64 key = m_nextId++;
    const QJsonValue id = double(key);
    Pending p;
    p.id = id;
    p.method = method;
    p.params = params;
    p.callback = std::move(callback);
    p.timeoutMs = timeoutMs;
    p.form = form;
    p.elapsed.start();
    p.deadlineMs = m_clock.elapsed() + timeoutMs;
    armDeadline(p.deadlineMs);
    const bool withMetaAdded = m_era == Era::Modern && method != "server/discover"_L1;
    m_pending.insert(key, std::move(p));
    if (!paramsText.isEmpty() && !withMetaAdded)
        m_transport->send(jsonrpc::encodeRequest(key, method, QByteArrayView(paramsText)), id);
    else
        m_transport->send(jsonrpc::encodeRequest(key, method, withMetaAdded ? withMeta(params) : params), id);
    return key;
}

void McpSession::cancel(qint64 key, const QString &reason)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return;
    const QJsonValue id = it->id;
    const bool initialize = it->method == "initialize"_L1;
    m_pending.erase(it);
    if (!initialize && m_transport && m_transport->isOpen())
        notify(u"notifications/cancelled"_s, {{"requestId"_L1, id}, {"reason"_L1, reason}});
    if (m_transport)
        m_transport->abandon(id);
}

void McpSession::notify(const QString &method, const QJsonObject &params)
{
    if (m_transport && m_transport->isOpen())
        m_transport->send(jsonrpc::encode(jsonrpc::makeNotification(method, params)));
}

QJsonObject McpSession::clientCapabilities()
{
    return QJsonObject {{"sampling"_L1, QJsonObject {}}, {"elicitation"_L1, QJsonObject {}},
        // listChanged: the gateway passes a client's notifications/roots/list_changed on.
        {"roots"_L1, QJsonObject {{"listChanged"_L1, true}}}};
}

void McpSession::respond(const QJsonValue &id, const QJsonValue &result)
{
    if (m_transport && m_transport->isOpen())
        m_transport->send(jsonrpc::encode(jsonrpc::makeResult(id, result)));
}

void McpSession::respondError(const QJsonValue &id, const QJsonObject &error)
{
    if (!m_transport || !m_transport->isOpen())
        return;
    QJsonObject answer = jsonrpc::makeError(id, 0, {});
    answer.insert("error"_L1, error);
    m_transport->send(jsonrpc::encode(answer));
}

void McpSession::finish(Pending &&pending, const Reply &reply)
{
    Reply r = reply;
    r.elapsedUs = pending.elapsed.nsecsElapsed() / 1000;
    if (pending.callback)
        pending.callback(r);
}

void McpSession::onMessage(
    const QJsonObject &message, const QJsonValue &relatedRequestId, const QByteArray &text)
{
    const jsonrpc::Message m = jsonrpc::decode(message);
    const qint64 relatedKey = std::max<qint64>(pendingKey(relatedRequestId), 0);
    switch (m.kind) {
    case jsonrpc::Kind::Response:
    case jsonrpc::Kind::Error: {
        std::optional<Pending> p = takePending(pendingKey(m.id));
        if (!p) {
            ++m_lateAnswers; // answered after its timeout, or never asked: ignored
            return;
        }
        Reply r;
        r.text = text;
        if (m.kind == jsonrpc::Kind::Response) {
            r.ok = true;
            r.result = m.result;
        } else {
            r.failure = classifyJsonRpcError(m.errorCode, m.errorMessage);
            r.error = message.value("error"_L1).toObject();
        }
        finish(std::move(*p), r);
        return;
    }
    case jsonrpc::Kind::Request:
        if (m.method == "ping"_L1)
            m_transport->send(jsonrpc::encode(jsonrpc::makeResult(m.id, QJsonObject {})));
        else if (isSignalConnected(QMetaMethod::fromSignal(&McpSession::requestReceived)))
            Q_EMIT requestReceived(m.id, m.method, m.params.toObject(), relatedKey);
        else if (clientCapabilities().contains(m.method.section(u'/', 0, 0)))
            // Declared for the gateway's clients, but no gateway is listening on this session yet.
            m_transport->send(jsonrpc::encode(jsonrpc::makeError(m.id, jsonrpc::kMethodNotFound,
                u"Method not found: no client is waiting on a call through MCP Lifeline's gateway to answer %1"_s
                    .arg(m.method.left(100)))));
        else
            m_transport->send(
                jsonrpc::encode(jsonrpc::makeError(m.id, jsonrpc::kMethodNotFound, u"Method not found"_s)));
        return;
    case jsonrpc::Kind::Notification:
        if (m.method == "notifications/message"_L1)
            keepLogMessage(m.params.toObject());
        Q_EMIT notificationReceived(m.method, m.params.toObject(), relatedKey);
        return;
    case jsonrpc::Kind::Invalid: {
        // A malformed answer to one of our requests fails that request; anything else is noise.
        if (std::optional<Pending> p = takePending(pendingKey(message.value("id"_L1)))) {
            finish(std::move(*p),
                Reply {false, {},
                    Failure::make(FailureType::ProtocolError, u"malformed message: "_s + m.invalidReason), 0,
                    {}});
        }
        // Otherwise well-formed JSON answering nothing we asked (e.g. a "result" with no id sent back
        // for a notification): noise, never a reason to fail what we wait for.
        return;
    }
    }
}

void McpSession::onResult(qint64 id, const QJsonValue &relatedRequestId, const QByteArray &text)
{
    const auto it = m_pending.constFind(id);
    if (it != m_pending.cend() && it->form == ReplyForm::Parsed) {
        // Its reader wants the result: parsed here, as the transport would otherwise have done.
        const jsonrpc::Parsed parsed = jsonrpc::parse(text);
        if (parsed.objects.size() == 1) {
            onMessage(parsed.objects.first(), relatedRequestId, text);
            return;
        }
        // Only if the parser refuses what jsontext::isValid() accepted (it is stricter by design).
        if (std::optional<Pending> p = takePending(id)) {
            finish(std::move(*p),
                Reply {false, {},
                    Failure::make(FailureType::ProtocolError, u"malformed message: "_s + parsed.error), 0,
                    {}});
        }
        return;
    }
    std::optional<Pending> p = takePending(id);
    if (!p) {
        ++m_lateAnswers; // answered after its timeout, or never asked: ignored
        return;
    }
    Reply r;
    r.ok = true;
    r.result = QJsonValue(QJsonValue::Undefined); // not read: `text` holds it
    r.text = text;
    finish(std::move(*p), r);
}

std::optional<McpSession::Pending> McpSession::takePending(qint64 key)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end())
        return std::nullopt;
    Pending p = std::move(*it);
    m_pending.erase(it);
    return p;
}

void McpSession::onRequestFailed(const QJsonValue &id, const Failure &failure)
{
    std::optional<Pending> p = takePending(pendingKey(id));
    if (!p)
        return;
    if (m_reinitializing && failure.httpStatus == 404 && p->method != "initialize"_L1) {
        // The server forgot our session: this request goes again once initialize is done.
        m_resendAfterReinit.append(std::move(*p));
        return;
    }
    finish(std::move(*p), Reply {false, {}, failure, 0, {}});
}

void McpSession::rehandshake()
{
    if (!m_transport || !m_transport->isOpen() || m_state == State::Closing || m_state == State::Closed) {
        QTimer::singleShot(0, this, [this] {
            fail(Failure::make(FailureType::ConnectionError, u"no transport to reconnect over"_s));
        });
        return;
    }
    failAllPending(Failure::make(FailureType::ConnectionError, u"session restarted"_s));
    m_state = State::Handshaking;
    m_handshakeTimer.start();
    m_transport->resetSession();
    m_transport->setProtocolVersion({});
    if (m_era == Era::Modern)
        discover();
    else
        initialize();
}

void McpSession::onSessionExpired()
{
    if (m_state != State::Ready || m_era != Era::Legacy)
        return;
    m_reinitializing = true;
    m_state = State::Handshaking;
    if (m_transport) {
        m_transport->resetSession();
        m_transport->setProtocolVersion({});
    }
    initialize();
}

void McpSession::onProtocolViolation(const Failure &failure)
{
    // Bytes we cannot read stand where an answer should be: whatever we wait for failed.
    failAllPending(failure);
}

void McpSession::onTransportFailed(const Failure &failure)
{
    fail(failure);
}

qint64 McpSession::pendingKey(const QJsonValue &id)
{
    // Our ids are integers; a server that echoes them as strings is forgiven.
    if (id.isDouble())
        return qint64(id.toDouble());
    if (id.isString()) {
        bool ok = false;
        const qint64 v = id.toString().toLongLong(&ok);
        return ok ? v : -1;
    }
    return -1;
}

void McpSession::armDeadline(qint64 deadlineMs)
{
    // One timer for all requests, armed for the earliest deadline: no timer per request.
    if (!m_deadlineTimer) {
        m_deadlineTimer = new QTimer(this);
        m_deadlineTimer->setSingleShot(true);
        // Detection time is timeout × failureThreshold: a coarse timer's 5 % slack would add up.
        m_deadlineTimer->setTimerType(Qt::PreciseTimer);
        connect(m_deadlineTimer, &QTimer::timeout, this, &McpSession::expireRequests);
    }
    if (m_deadlineTimer->isActive() && m_armedFor <= deadlineMs)
        return;
    m_armedFor = deadlineMs;
    m_deadlineTimer->start(int(qMax<qint64>(0, deadlineMs - m_clock.elapsed())));
}

void McpSession::expireRequests()
{
    const qint64 now = m_clock.elapsed();
    QList<qint64> expired;
    qint64 next = std::numeric_limits<qint64>::max();
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->deadlineMs <= now)
            expired.append(it.key());
        else
            next = qMin(next, it->deadlineMs);
    }
    if (next != std::numeric_limits<qint64>::max())
        armDeadline(next);
    std::sort(expired.begin(), expired.end());
    for (qint64 key : std::as_const(expired)) {
        std::optional<Pending> taken = takePending(key);
        if (!taken)
            continue;
        Pending p = std::move(*taken);
        if (p.method != "initialize"_L1 && m_transport && m_transport->isOpen())
            notify(u"notifications/cancelled"_s, {{"requestId"_L1, p.id}, {"reason"_L1, "timeout"_L1}});
        if (m_transport)
            m_transport->abandon(p.id);
        const Failure f = Failure::make(
            FailureType::Timeout, u"no answer to %1 within %2 ms"_s.arg(p.method).arg(p.timeoutMs));
        finish(std::move(p), Reply {false, {}, f, 0, {}});
    }
}

void McpSession::failAllPending(const Failure &failure)
{
    const QList<qint64> keys = m_pending.keys();
    for (qint64 key : keys) {
        if (std::optional<Pending> p = takePending(key))
            finish(std::move(*p), Reply {false, {}, failure, 0, {}});
    }
    const QList<Pending> queued = std::exchange(m_resendAfterReinit, {});
    for (const Pending &p : queued) {
        if (p.callback)
            p.callback(Reply {false, {}, failure, 0, {}});
    }
}

void McpSession::fail(const Failure &failure)
{
    if (m_state == State::Failed || m_state == State::Closed)
        return;
    m_state = State::Failed;
    if (m_openTimer)
        m_openTimer->stop();
    failAllPending(failure);
    Q_EMIT failed(failure);
}

void McpSession::close()
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    const bool hadTransport = m_transport;
    m_state = State::Closing;
    failAllPending(Failure::make(FailureType::ConnectionError, u"session closed"_s));
    if (hadTransport && m_transport)
        m_transport->close();
    else
        QTimer::singleShot(0, this, [this] {
            m_state = State::Closed;
            Q_EMIT closed();
        });
}

void McpSession::terminate()
{
    m_state = State::Closed;
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->terminate();
    }
    m_pending.clear();
    m_resendAfterReinit.clear();
}

} // namespace lifeline
