#pragma once

#include "commandline.h"
#include "linechannel.h"
#include "protocol/sseparser.h"
#include "transport/keepalivehttpclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QHash>
#include <QList>
#include <QSet>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <optional>

class QSocketNotifier;

namespace lifeline {

// `mcp-lifeline connect NAME`: a stdio MCP server that an agent's config launches. Each JSON-RPC
// line from stdin is POSTed to the running Lifeline's gateway (/mcp/servers/NAME,
// /mcp/groups/GROUP, or /mcp/all with --all) and each answer written to stdout as one line.
// Lifeline keeps the session across the server's restarts; a restart of Lifeline itself (404 for our session)
// is bridged too: the client's initialize is sent again, then the request. With no Lifeline listening, stderr
// says so once and every request gets a JSON-RPC error, so that the agent shows why.
// An answer that comes as text/event-stream (the server asked the client something, or reported
// progress, before answering) is written event by event; the client's answers to those requests
// are lines on stdin like any other and are POSTed back. Once initialized, the GET stream is open
// too: list_changed and the like come as lines whenever they happen. When that stream ends (Lifeline
// closed it, the connection dropped) it is opened again after a backoff with Last-Event-ID, so that
// Lifeline replays what was sent meanwhile; a 404 for it (Lifeline restarted) starts a new session.
class ConnectBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectBridge)
public:
    static constexpr int kUnreachable = -32000;

    ConnectBridge(const QUrl &endpoint, const QByteArray &token, QObject *parent = nullptr);
    // Lifeline's sockets to hand the client to (ConnectHost::socketPaths). Tried at start(), and
    // while relaying again every kHandOverRetryMs when the bridge is idle (no call out, nothing half
    // read): a Lifeline started after the agent, or started again, takes the client over. While
    // Lifeline has it the bridge only waits for its word; if Lifeline lets go it relays again.
    void setHandOverPaths(const QStringList &paths) { m_handOverPaths = paths; }
    static constexpr int kHandOverRetryMs = 2000;
    void start(); // reads stdin until it ends (or Lifeline does)
    bool isHandedOver() const { return m_control >= 0; }

    // The GET stream's backoff step after `previousMs` (0: the first reopen, which starts from the
    // server's SSE retry: when it sent one, else 250 ms), doubling up to 10 s.
    static int nextReopenStepMs(int previousMs, int retryMs);
    // What is waited for a step: a random 50–100 % of it (equal jitter), so that the clients of one
    // Lifeline, dropped together when it restarts, do not all come back in the same instant.
    // `unit` is uniform in [0, 1).
    static int jitteredMs(int stepMs, double unit);
    // A line's id and method (only those) when it is a valid JSON object whose id (an integer of at
    // most 15 digits, or a string) and method are written plainly, without escapes; else nothing,
    // and the line is parsed whole. Such a line is sent on as the client wrote it.
    static std::optional<QJsonObject> plainHead(const QByteArray &line);

Q_SIGNALS:
    void finished(int exitCode); // stdin ended and every answer is written

private:
    void handleLine(const QByteArray &line);
    // `text`, when given, is `message` as the client wrote it, sent as it is (then `message` may
    // hold only its id and method, all that the answer's handling reads).
    void post(const QJsonObject &message, bool again = false, const QByteArray &text = {});

    void onReply(HttpExchange *reply, const QJsonObject &message, bool again);
    // An event-stream answer: each event's message is a line as it comes; true: the answer was one.
    bool readEvents(HttpExchange *reply, const QJsonObject &message);
    void openEventStream(); // GET: notifications not tied to a call, for the session's life
    void onEventStreamFinished(HttpExchange *reply);
    HttpRequest request(const QByteArray &method) const; // to the endpoint, with the token
    void reinitialize(); // Lifeline forgot our session: the client's initialize again, for a new one
    void unreachable(const QJsonObject &message, const QString &why);
    void writeLine(const QJsonObject &message);
    bool writeAsItCame(const QByteArray &body); // false: not written (see there), take writeLine()
    void finishIfDone();
    bool tryHandOver(); // true: Lifeline has the client now
    void handOverIfIdle();
    void onControl(); // Lifeline's word while it has the client

    // Keep-alive connections of our own, not QNAM: its per-request setup and its HTTP thread cost
    // more than the whole gateway hop (a 1 ms tool call took 40 % longer through connect).
    KeepAliveHttpClient m_http;
    QUrl m_endpoint;
    QByteArray m_token;
    QByteArray m_sessionId;
    QJsonObject m_initialize; // the client's, sent again when Lifeline forgot our session
    bool m_initializing = false;
    bool m_resuming = false; // Lifeline let go of the client: its session is made again at its next message
    QList<QJsonObject> m_held; // sent while initialize is out: they need its session
    LineChannel m_channel {LineChannel::Fds {}}; // stdin, stdout, stderr
    QHash<HttpExchange *, SseParser>
        m_streams; // event-stream answers and the GET stream, each parsed as it comes
    QSet<HttpExchange *> m_answeredStreams; // their answer came as an event
    HttpExchange *m_eventStream = nullptr;
    QByteArray m_lastEventId; // the GET stream's: where a reopened stream resumes
    QTimer m_reopenTimer;
    int m_reopenDelayMs = 0; // the backoff step before jitter; 0: the first reopen waits the base
    int m_retryMs = 0; // the server's SSE retry: field, when it sent one
    int m_inFlight = 0;
    bool m_toldUnreachable = false;
    QStringList m_handOverPaths;
    int m_control = -1; // the socket to the Lifeline that has the client; -1: we relay
    QSocketNotifier *m_controlNotifier = nullptr;
    QTimer m_handOverTimer;
};

// Resolves the address (--listen, the config's lifeline.listen, 127.0.0.1:7733) and the token
// (LIFELINE_API_TOKEN or the token file; never created here), then bridges until stdin ends.
int runConnectCommand(const CommandLine &commandLine);

} // namespace lifeline
