#pragma once

#include "config/serverconfig.h"
#include "health/failure.h"
#include "transport/transport.h"
#include "transport/transportfactory.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

class QTimer;

namespace lifeline {

// One MCP client session over one transport: request ids, a timeout on every request,
// notifications/cancelled on timeout, late answers ignored, the server's ping answered, and the
// handshake (server/discover for 2026-07-28 servers, else initialize + notifications/initialized).
class McpSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpSession)
public:
    enum class Era { Unknown, Legacy, Modern }; // Modern: revision 2026-07-28, stateless
    enum class State { Idle, Opening, Handshaking, Ready, Failed, Closing, Closed };

    struct Options
    {
        int timeoutMs = 5000;
        int discoverTimeoutMs = 1500; // the short wait before falling back to initialize
        Era eraHint = Era::Unknown; // a reconnect can skip the probe for the era
        bool openEventStream = false; // Streamable HTTP: keep the optional GET stream open
        qsizetype maxMessageBytes = 16 * 1024 * 1024;
    };

    struct Reply
    {
        bool ok = false;
        QJsonValue result; // undefined when only `text` holds it (ReplyForm::TextWhenPlain)
        Failure failure;
        qint64 elapsedUs = 0;
        // A JSON-RPC error answer as the server sent it (code, message, data): what a gateway
        // passes on unchanged. Empty when the request failed for another reason.
        QJsonObject error;
        // The answer's own JSON text (result or error), when the transport had it on its own: a
        // gateway passes it on with only the id changed.
        QByteArray text;
    };
    using Callback = std::function<void(const Reply &)>;
    // What a success Reply holds: the result parsed (Parsed); or, when the transport had the
    // answer's text alone and plain (jsonrpc::plainResultId()), only `text`, `result` left
    // undefined (TextWhenPlain: for a reader that passes the text on, the gateway).
    enum class ReplyForm { Parsed, TextWhenPlain };

    static constexpr auto kLatestVersion = "2025-11-25";
    static constexpr auto kModernVersion = "2026-07-28";
    static const QStringList &acceptedVersions(); // 2024-11-05 … 2025-11-25

    // Over the real transports (defaultTransportFactory()).
    McpSession(const ServerConfig &config, const Options &options, QObject *parent = nullptr);
    // Over whatever `factory` builds: the session asks it for a transport of a kind and decides
    // itself when to ask again (the Streamable HTTP → SSE fallback).
    McpSession(const ServerConfig &config, const Options &options, TransportFactory factory,
        QObject *parent = nullptr);
    ~McpSession() override;

    void start();
    // Never delete the session from a callback: use deleteLater(). Returns the request's key for
    // cancel(), or 0 when there is no session (the callback then fails, later).
    // `paramsText`, when given, is `params` as JSON text already (a gateway client's own): sent as
    // it is, unless the session has to add to the params (the 2026-07-28 revision's _meta).
    qint64 request(const QString &method, const QJsonObject &params, int timeoutMs, Callback callback,
        const QByteArray &paramsText = {}, ReplyForm form = ReplyForm::Parsed);
    // The caller gave up on a request: the server is told (notifications/cancelled) and the
    // callback is never called.
    void cancel(qint64 key, const QString &reason);
    void notify(const QString &method, const QJsonObject &params = {});
    // Answers to a server→client request handed out by requestReceived(): exactly one per id.
    void respond(const QJsonValue &id, const QJsonValue &result);
    void respondError(const QJsonValue &id, const QJsonObject &error); // {code, message, data?}
    // What initialize declares: sampling, elicitation and roots, so that servers offer the tools
    // that use them; the gateway relays those requests to its clients (or answers an error).
    static QJsonObject clientCapabilities();
    // A new session over the same transport (stdio: the same process): the handshake again, then
    // ready() or failed(). The recovery ladder's "reconnect" for a live process.
    void rehandshake();
    void close(); // graceful; closed() follows
    void terminate(); // at once, synchronously

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    Era era() const { return m_era; }
    QString protocolVersion() const { return m_protocolVersion; }
    QJsonObject serverInfo() const { return m_serverInfo; }
    QJsonObject capabilities() const { return m_capabilities; }
    qint64 handshakeUs() const { return m_handshakeUs; }
    TransportKind activeTransport() const { return m_activeKind; }
    Transport *transport() const { return m_transport; }
    qint64 lateAnswers() const { return m_lateAnswers; }
    // The server's notifications/message log, newest last, "[level] logger: text".
    QStringList logTail() const { return m_logTail; }
    static constexpr int kLogLines = 100;
    static constexpr int kLogLineChars = 2000;
    QString describe() const;

Q_SIGNALS:
    void ready();
    void failed(const lifeline::Failure &failure); // the session is over; make a new one
    // `relatedKey`: request()'s key of our request whose own stream carried the message
    // (Streamable HTTP sends what serves a request on that request's POST stream); 0 when the
    // transport cannot tell (stdio, legacy SSE, the standalone GET stream).
    void notificationReceived(const QString &method, const QJsonObject &params, qint64 relatedKey);
    // A server→client request other than ping (sampling/createMessage, elicitation/create,
    // roots/list…). With a receiver connected, the receiver owes respond() or respondError();
    // with none, the session answers "Method not found" itself.
    void requestReceived(
        const QJsonValue &id, const QString &method, const QJsonObject &params, qint64 relatedKey);
    void closed();

private:
    struct Pending
    {
        QJsonValue id;
        QString method;
        QJsonObject params;
        Callback callback;
        QElapsedTimer elapsed;
        qint64 deadlineMs = 0; // on m_clock
        int timeoutMs = 0;
        ReplyForm form = ReplyForm::Parsed;
    };

    bool createTransport(TransportKind kind); // false: the factory built nothing
    void failNoTransport(TransportKind kind);
    void onOpened();
    void discover();
    void initialize();
    void onInitialized(const Reply &reply);
    void onMessage(const QJsonObject &message, const QJsonValue &relatedRequestId, const QByteArray &text);
    void onResult(qint64 id, const QJsonValue &relatedRequestId, const QByteArray &text);
    void onRequestFailed(const QJsonValue &id, const Failure &failure);
    void onProtocolViolation(const Failure &failure);
    void onTransportFailed(const Failure &failure);
    void onSessionExpired();
    void expireRequests();
    void armDeadline(qint64 deadlineMs);
    static qint64 pendingKey(const QJsonValue &id);
    std::optional<Pending> takePending(qint64 key); // out of m_pending; nothing when not there
    void fail(const Failure &failure);
    void keepLogMessage(const QJsonObject &params);
    void failAllPending(const Failure &failure);
    void finish(Pending &&pending, const Reply &reply);
    QJsonObject withMeta(const QJsonObject &params) const;

    ServerConfig m_config;
    Options m_options;
    TransportFactory m_factory;
    QPointer<Transport> m_transport;
    TransportKind m_activeKind = TransportKind::Stdio;
    State m_state = State::Idle;
    Era m_era = Era::Unknown;
    QHash<qint64, Pending> m_pending;
    QList<Pending> m_resendAfterReinit;
    qint64 m_nextId = 1;
    qint64 m_lateAnswers = 0;
    QStringList m_logTail;
    QString m_protocolVersion;
    QJsonObject m_serverInfo;
    QJsonObject m_capabilities;
    qint64 m_handshakeUs = 0;
    QElapsedTimer m_handshakeTimer;
    QTimer *m_openTimer = nullptr;
    QTimer *m_deadlineTimer = nullptr;
    qint64 m_armedFor = 0;
    QElapsedTimer m_clock;
    bool m_reinitializing = false;
};

} // namespace lifeline
