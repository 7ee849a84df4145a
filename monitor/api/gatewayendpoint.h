#pragma once

#include "apihttpserver.h"
#include "gateway/gateway.h"
#include "mcphttpsessions.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace lifeline {

class EngineThread;
class StatusData;

// The gateway's HTTP side: /mcp/servers/{name} and /mcp/groups/{group}, Streamable HTTP. Lifeline
// ends the client's MCP session itself, so that it outlives the upstream's restarts and failovers:
// it answers initialize (with the upstream's serverInfo and capabilities as last seen), absorbs
// notifications/initialized and answers ping; every other request goes to the engine's Gateway
// and its answer is written when it comes (the api thread never waits for the engine).
// notifications/cancelled for a request still waiting cancels it upstream too.
// What the upstream sends the client while a call is out (its requests for sampling, elicitation
// or roots, progress, log messages) turns that call's answer into a text/event-stream: those
// messages as events, then the answer, then the stream ends. The client's POSTed responses to
// relayed requests go back upstream; DELETE of a session cancels its calls still out.
// Lives on the status server's thread (with `data`); not thread-safe.
class GatewayEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayEndpoint)
public:
    static constexpr int kRequestCancelled = -32800; // the client cancelled it: the HTTP request ends

    GatewayEndpoint(StatusData *data, EngineThread *engine, QObject *parent = nullptr);
    ~GatewayEndpoint() override;

    ApiHttpServer::Outcome handle(const QHttpServerRequest &request, bool group, const QString &name);
    int callsWaiting() const { return int(m_waiting.size()); }

private:
    struct Waiting
    {
        std::shared_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        QString sessionKey; // target + session id: what a cancellation names
        QJsonValue id;
        bool streaming = false; // answering as text/event-stream: something was relayed first
        bool acceptsStream = true; // the client listed text/event-stream (or */*) in Accept
        QJsonObject clientCapabilities; // sampling, elicitation, roots: what the client may be asked
    };

    QHttpServerResponse post(const QHttpServerRequest &request, bool group, const QString &name,
        McpHttpSessions &sessions,
        std::function<void(std::shared_ptr<QHttpServerResponder>, QPointer<QTcpSocket>)> *later);
    QJsonObject initializeResult(
        const QJsonObject &params, bool group, const QString &name, QString *version) const;
    void cancel(const QString &sessionKey, const QJsonValue &requestId);
    void onAnswered(quint64 ticket, const QJsonObject &answer);
    void onRelayed(quint64 ticket, const QJsonObject &message);
    void endSession(const QString &sessionKey);
    void forgetRelays(quint64 ticket);
    ApiHttpServer::Outcome openStream(const QHttpServerRequest &request, const QString &path,
        const QString &sessionKeyPrefix, McpHttpSessions &sessions);
    void onBroadcast(Gateway::TargetKind kind, const QString &target, const QJsonObject &notification);
    static void write(const Waiting &waiting, const QJsonObject &answer);
    static void writeEvent(Waiting &waiting, const QJsonObject &message);

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
        std::shared_ptr<QHttpServerResponder> responder; // kept: the connection is ours till the end
    };
    QHash<QString, Stream> m_streams; // by session key; one per session, a new GET replaces it
};

} // namespace lifeline
