#pragma once

#include "apihttpserver.h"
#include "eventreplaybuffer.h"
#include "gateway/gateway.h"
#include "mcphttpsessions.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <memory>

class QTcpSocket;

namespace lifeline {

class EngineThread;
class StatusData;

// The gateway's HTTP side: /mcp/servers/{name} and /mcp/groups/{group}, Streamable HTTP. Lifeline
// ends the client's MCP session itself, so that it outlives the upstream's restarts and failovers:
// it answers initialize (with the upstream's serverInfo and capabilities as last seen), absorbs
// notifications/initialized and answers ping; every other request goes to the engine's Gateway
// and its answer is written when it comes (nothing waits: the gateway answers by signal).
// notifications/cancelled for a request still waiting cancels it upstream too, and so does closing
// the connection it came on. Stateless (2026-07-28) clients send no initialize and have no session:
// each request is forwarded on its own, server/discover answered like initialize.
// What the upstream sends the client while a call is out (its requests for sampling, elicitation
// or roots, progress, log messages) turns that call's answer into a text/event-stream: those
// messages as events, then the answer, then the stream ends. The client's POSTed responses to
// relayed requests go back upstream; DELETE of a session cancels its calls still out.
// /mcp/all is every enabled server at once (Gateway::TargetKind::All): Lifeline's own serverInfo
// and the union of the members' capabilities.
// Lives on the engine thread, in GatewayFront (with its `data`), beside the gateway it forwards to;
// not thread-safe.
class GatewayEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayEndpoint)
public:
    static constexpr int kRequestCancelled = -32800; // the client cancelled it: the HTTP request ends

    GatewayEndpoint(StatusData *data, EngineThread *engine, QObject *parent = nullptr);
    ~GatewayEndpoint() override;

    ApiHttpServer::Outcome handle(const ApiRequest &request, bool group, const QString &name);
    ApiHttpServer::Outcome handleAll(const ApiRequest &request); // /mcp/all
    int callsWaiting() const { return int(m_waiting.size()); }

    // A client on JSON lines instead of HTTP: a connect process's stdin and stdout, handed to
    // Lifeline (ConnectHost, LinePipe). One session for the client's life, with no session id and
    // no streams: every message for it (answers, what the upstream relays during a call, roots
    // requests, broadcasts for its target) goes to `send` as one JSON text, in order. On stdio a
    // cancelled call is not answered (MCP: the receiver should not). `gone` is called if this
    // endpoint ends first (Lifeline stops), with the ids of the client's calls still out.
    using LineSink = std::function<void(const QByteArray &json)>;
    using LineGone = std::function<void(const QList<QJsonValue> &callsOut)>;
    // 0: no such server or group (`why` says so).
    quint64 openLineClient(
        Gateway::TargetKind kind, const QString &name, LineSink send, LineGone gone, QString *why);
    void lineFromClient(quint64 client, const QByteArray &line);
    // A client that initialized before it came here (over HTTP, through connect): its initialize
    // params, for what it may be asked.
    void lineClientInitialized(quint64 client, const QJsonObject &initializeParams);
    // The client's calls still out are cancelled upstream; their ids are returned (nobody answered them).
    QList<QJsonValue> closeLineClient(quint64 client);
    int lineCallsOut(quint64 client) const;

private:
    struct Waiting
    {
        std::shared_ptr<ApiResponder> responder;
        QPointer<QTcpSocket> socket;
        QString sessionKey; // target + session id: what a cancellation names
        QJsonValue id;
        bool stateless = false; // a 2026-07-28 client's: its result says it is complete
        QMetaObject::Connection clientGone; // the connection closed before the answer: cancel upstream
        bool streaming = false; // answering as text/event-stream: something was relayed first
        bool acceptsStream = true; // the client listed text/event-stream (or */*) in Accept
        QJsonObject clientCapabilities; // sampling, elicitation, roots: what the client may be asked
        quint64 ticket = 0; // names its event stream's ids
        quint64 lineClient = 0; // a line client's call (socket and responder unused)
    };
    struct LineClient
    {
        Gateway::TargetKind kind = Gateway::TargetKind::Server;
        QString name;
        QString path; // "/mcp/servers/x": what a broadcast names
        LineSink send;
        LineGone gone;
        QJsonObject capabilities; // from its initialize
    };
    static QString lineSessionKey(quint64 client);
    static quint64 lineClientOf(const QString &sessionKey); // 0: an HTTP session's key
    bool reachable(const Waiting &waiting) const; // its connection is open, or it is a line client's
    void sendToLine(quint64 client, const QByteArray &json) const;
    using Later = std::function<void(std::shared_ptr<ApiResponder>, QPointer<QTcpSocket>)>;

    ApiResponse post(const ApiRequest &request, Gateway::TargetKind kind, const QString &name,
        McpHttpSessions &sessions, Later *later);
    // A stateless (2026-07-28) client's request: no session; server/discover answered here.
    ApiResponse postStateless(
        const McpHttpSessions::Incoming &in, Gateway::TargetKind kind, const QString &name, Later *later);
    struct Caller // who a forwarded call answers to
    {
        QString sessionKey; // empty: a stateless client
        bool stateless = false;
        bool acceptsStream = true;
        QJsonObject capabilities;
    };
    Later forwardLater(Gateway::TargetKind kind, const QString &name, const McpHttpSessions::Incoming &in,
        const Caller &caller);
    static QString sessionKeyPrefix(Gateway::TargetKind kind, const QString &name);
    ApiHttpServer::Outcome serve(const ApiRequest &request, Gateway::TargetKind kind, const QString &name);
    QJsonObject initializeResult(
        const QJsonObject &params, bool group, const QString &name, QString *version) const;
    QJsonObject allInitializeResult(const QJsonObject &params, QString *version) const;
    QJsonObject discoverResult(Gateway::TargetKind kind, const QString &name) const;
    void cancel(const QString &sessionKey, const QJsonValue &requestId);
    void abandon(quint64 ticket); // the client closed its connection while the call was out
    void onAnswered(quint64 ticket, const GatewayAnswer &answer);
    // A session's notifications/roots/list_changed goes upstream (Gateway::notifyUpstream); the
    // server's roots/list that follows is relayed on that session's GET stream.
    void rootsChanged(Gateway::TargetKind kind, const QString &name, const QString &sessionKey,
        const QJsonObject &notification);
    void relayOnStream(quint64 ticket, const QString &sessionKey, const QJsonObject &message);
    void onRelayed(quint64 ticket, const QJsonObject &message);
    void endSession(const QString &sessionKey);
    void forgetRelays(quint64 ticket);
    ApiHttpServer::Outcome openStream(const ApiRequest &request, const QString &path,
        const QString &sessionKeyPrefix, McpHttpSessions &sessions);
    void onBroadcast(Gateway::TargetKind kind, const QString &target, const QJsonObject &notification);
    void write(const Waiting &waiting, const GatewayAnswer &answer);
    void writeEvent(Waiting &waiting, const QJsonObject &message);
    QByteArray callEvent(const Waiting &waiting, const QByteArray &json); // on a POST's stream
    QByteArray nextEventId(const QByteArray &stream); // unique in the endpoint, so in any session

    StatusData *m_data;
    EngineThread *m_engine;
    QHash<QString, McpHttpSessions> m_sessions; // per target ("servers/x", "groups/y")
    QHash<quint64, Waiting> m_waiting;
    struct RelayOwner
    {
        QString sessionKey; // only this session may answer it
        quint64 ticket = 0; // the call it came during: answered, the relay is moot
    };
    QHash<QString, RelayOwner> m_relayOwners; // by the relayed request's id
    struct Stream // a client session's GET stream
    {
        QString path; // "/mcp/servers/x": what a broadcast names
        QPointer<QTcpSocket> socket;
        std::shared_ptr<ApiResponder> responder; // kept: the connection is ours till the end
        QByteArray sessionId;
        EventReplayBuffer replay; // what Last-Event-ID resumes from, kept while the stream is down
    };
    QHash<QString, quint64> m_rootsTickets; // session key → its ticket for roots (rootsChanged())
    QHash<quint64, QString> m_rootsSessions; // and back
    // By session key; one per session, a new GET replaces it. Kept after the client's connection
    // went (a GET with Last-Event-ID picks it up) until the session ends.
    QHash<QString, Stream> m_streams;
    quint64 m_lastEventId = 0;
    QHash<quint64, LineClient> m_lineClients;
    quint64 m_lastLineClient = 0;
};

} // namespace lifeline
