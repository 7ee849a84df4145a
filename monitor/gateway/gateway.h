#pragma once

#include "aggregatecatalog.h"
#include "config/gatewaysettings.h"
#include "gatewayanswer.h"
#include "gatewaymetrics.h"
#include "health/failure.h"
#include "session/mcpsession.h"
#include "replaypolicy.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

class QTimer;

namespace lifeline {

class AggregateLists;
class MonitorEngine;
class ServerSupervisor;
struct ServerSnapshot;

// Agents' calls through Lifeline: each client request goes to a server's live session (or to the
// active member of a failover group) on the engine thread, and its answer comes back as a value,
// the upstream's JSON-RPC error object kept unchanged. Recovery is hidden where that is safe: a
// call for a server that is not up waits for it (settings().waitForMemberMs); a call in flight
// when the upstream session dies is sent again once a member is up if ReplayPolicy says a second
// run changes nothing, and otherwise answered with an error that says what happened.
// Lives on the engine thread, a child of the engine; other threads use forward() and cancel()
// through queued calls (EngineThread) and hear answered().
// TargetKind::All is /mcp/all: every enabled server at once, names prefixed `server__`
// (AggregateCatalog); its calls are routed to their member and then go the way a Server call goes.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)
public:
    enum class TargetKind { Server, Group, All };
    Q_ENUM(TargetKind)
    static constexpr int kErrorCode = -32000; // JSON-RPC "server error": Lifeline's own answers

    explicit Gateway(MonitorEngine *engine);
    ~Gateway() override;

    void setSettings(const GatewaySettings &settings);
    const GatewaySettings &settings() const { return m_settings; }

    // `request` is one JSON-RPC request object of the client's (its id is the client's). The answer
    // (result or error, with that id) comes as answered(ticket, …), exactly once, unless cancelled.
    // `requestText`, when given, is `request` as the client sent it: its params go upstream as they
    // are when nothing in them changes (no progress token to map, no name to route).
    void forward(quint64 ticket, TargetKind kind, const QString &target, const QJsonObject &request,
        const QByteArray &requestText = {});
    void cancel(quint64 ticket); // the client gave up: the upstream is told; no answer follows
    // A client's notification for the server(s) behind its target. Only
    // notifications/roots/list_changed is passed on — Lifeline ends the client's session itself
    // (initialized), cancellations name calls (cancel()), and anything else has no upstream meaning
    // and is dropped. It goes to every upstream session that may serve this client: the server's,
    // a group's active member (every member up when the group spreads its calls), every member up
    // for All. The server's next roots/list on such a session is relayed to `ticket` (relayed() with
    // no answered() after it), even with no call out; one with no such client gets the no_client error.
    void notifyUpstream(
        quint64 ticket, TargetKind kind, const QString &target, const QJsonObject &notification);
    static quint64 newTicket(); // unique across every caller of every gateway

    int callsInFlight() const { return int(m_calls.size()); }
    // The counters behind callFinished(), for a reader on another thread (the status server's
    // /metrics): kept current as each call ends, before its answer goes out.
    std::shared_ptr<const GatewayMetrics> metrics() const { return m_metrics; }

    // Server→client traffic (see relayed()): the client's answer to a relayed request, a JSON-RPC
    // response or error object whose id is the relayed request's; it goes upstream with the
    // upstream's own id. Unknown or answered ids are ignored.
    void answerRelayed(const QJsonObject &answer);
    // The id a relayed request carries to the client: unique across every client session, so
    // that it names the relay by itself ("lifeline-relay-<n>").
    static QString relayId(quint64 key);
    static quint64 relayKey(const QJsonValue &id); // 0: not one of ours

    // Lifeline's own error answer: {code: kErrorCode, message, data: {lifeline: {reason, …}}}.
    static QJsonObject errorAnswer(
        const QJsonValue &id, const QString &message, const QString &reason, const QJsonObject &detail = {});

Q_SIGNALS:
    void answered(quint64 ticket, const lifeline::GatewayAnswer &answer);
    // A message from the upstream for the client of call `ticket`, before its answer: a request
    // (sampling/createMessage, elicitation/create, roots/list… with an id of relayId()), its
    // notifications/cancelled, a notifications/progress with the client's own progressToken, or a
    // notifications/message. A relayed request is owed answerRelayed(), else the upstream waits.
    void relayed(quint64 ticket, const QJsonObject &message);
    // A notification not tied to a call (tools/resources/prompts list_changed, resources/updated,
    // a log message while no call is out): for every client session of that target with a GET
    // stream open. A server's goes to the server's target and to every group it is active in; for
    // All, target "all": notifications/{tools,resources,prompts}/list_changed when the merged
    // list changed, and a member's resources/updated (URI unchanged) and notifications/message
    // (logger prefixed "prefix__", params._meta.lifeline.server naming the member).
    void broadcast(
        lifeline::Gateway::TargetKind kind, const QString &target, const QJsonObject &notification);
    // A call went upstream (attempt 2 and on: a replay) — who serves what, as it happens.
    void callSent(const QString &server, const QString &method, int attempt);
    // For /metrics: outcome is ok | tool_error (a tools/call answered with result.isError: the
    // server works) | error (the upstream's JSON-RPC error) | unavailable | lost | timeout |
    // circuit_open | unknown_target | disabled; `server` is the member that served it (the
    // target when none did); `method` an MCP method or "other".
    void callFinished(const QString &server, const QString &method, const QString &outcome, double seconds);

private:
    struct Call
    {
        quint64 ticket = 0;
        TargetKind kind = TargetKind::Server;
        QString target;
        QJsonValue id;
        QString method;
        QJsonObject params;
        QByteArray paramsText; // `params` as the client wrote them; empty once they are changed
        QString server; // the member it went to last
        const QObject *session = nullptr; // the session it is in flight on (compared, never used)
        qint64 upstreamKey = 0; // 0: not in flight
        int attempt = 0; // each try has its own callback: a stale one is known by its number
        int sent = 0; // times it really went upstream
        qint64 waitDeadlineMs = -1; // on m_clock; -1: not waiting
        QString lostBecause; // what happened upstream, for the error when the wait ends
        // The member's good checks when the call was lost there: it goes there again only after
        // another one, not to a session that still looks ready (an HTTP server that is gone).
        qint64 goodChecksAtLoss = -1;
        QElapsedTimer elapsed;
        QJsonValue progressToken; // the client's; upstream it is replaced by one unique to the call
        quint64 sentOrder = 0; // m_sendCount when last sent: the most recent call in flight
    };
    struct Relay // a server→client request handed to a call's client
    {
        QPointer<McpSession> session;
        QJsonValue upstreamId;
        quint64 ticket = 0;
    };

    QString resolve(const Call &call) const; // the member to send to now; empty: unknown target
    QStringList groupMembers(const QString &group) const; // primary first, then the fallbacks
    ServerSupervisor *usable(const QString &server) const;
    ServerSupervisor *sendable(
        const Call &call, const QString &member) const; // usable, and not where it was just lost
    qint64 goodChecks(const QString &server) const;
    void dispatch(Call &call);
    void send(Call &call, ServerSupervisor *supervisor);
    void wait(Call &call);
    void onReply(quint64 ticket, int attempt, const McpSession::Reply &reply);
    void lost(Call &call, const Failure &failure);
    void retryWaiting();
    void expireWaiting();
    void armWaitTimer();
    void watch(McpSession *session);
    void onSessionDestroyed(QObject *session);
    void finish(quint64 ticket, const GatewayAnswer &answer, const QString &outcome);
    static GatewayAnswer passOn(const Call &call, const McpSession::Reply &reply);
    Call *latestCallOn(const McpSession *session);
    Call *callFor(const McpSession *session, qint64 relatedKey);
    void onUpstreamRequest(McpSession *session, const QJsonValue &id, const QString &method,
        const QJsonObject &params, qint64 relatedKey);
    void onUpstreamNotification(
        McpSession *session, const QString &method, const QJsonObject &params, qint64 relatedKey);
    void dropRelays(quint64 ticket);
    void watchSessionOf(const ServerSnapshot &snapshot);
    void broadcastFrom(const McpSession *session, const QJsonObject &notification);
    QString describeDown(const Call &call) const;
    // /mcp/all (aggregate): answered from the merged lists, or routed to one member.
    void forwardAll(Call &call);
    void answerList(quint64 ticket, AggregateCatalog::List list);
    void routeAll(quint64 ticket, const AggregateCatalog::Route &route, const QJsonObject &params);
    void setLevelAll(Call &call);

    MonitorEngine *m_engine;
    GatewaySettings m_settings;
    ReplayPolicy m_replay;
    QHash<quint64, Call> m_calls;
    QSet<const QObject *> m_watched;
    QHash<quint64, Relay> m_relays;
    struct RootsAsker // who told an upstream session that its roots changed, and when (m_clock)
    {
        quint64 ticket = 0;
        qint64 atMs = 0;
    };
    QHash<const QObject *, RootsAsker> m_rootsAskers;
    static constexpr qint64 kRootsAskMs = 30000; // a server that asks later asks for its own reasons
    quint64 m_sendCount = 0;
    QHash<QString, int> m_turns; // calls sent per group, for round_robin
    QTimer *m_waitTimer;
    QElapsedTimer m_clock;
    AggregateLists *m_aggregate;
    std::shared_ptr<GatewayMetrics> m_metrics = std::make_shared<GatewayMetrics>();
};

} // namespace lifeline
