#pragma once

#include "apihttpserver.h"
#include "apitoken.h"
#include "config/listenaddress.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>

namespace lifeline {

class AlertManager;
class EngineThread;
class GatewayEndpoint;
class GatewayFront;
class HistoryStore;
class MonitorEngine;
class StatusData;
struct Alert;
struct Config;

// The status server: HTTP (/health, /health/ecosystem, /api/…, /metrics), the /ws WebSocket and
// the /mcp endpoint, on its own thread ("lifeline-api") so that no request waits for the GUI or
// the engine. It answers from StatusData, its own copy of the engine's state fed by queued signals.
// The gateway's paths are the exception: their connections move to the engine thread, since
// every call through them is carried by the engine's sessions anyway (GatewayFront).
//
// Wiring (before start()): attach(engine signals), setEngine(actions), attachHistory, setToken,
// setSecrets; alerts come in through updateAlert(), acknowledgements go out as acknowledgeRequested().
// Stop it before the EngineThread it acts on is deleted.
class StatusServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusServer)
public:
    explicit StatusServer(QObject *parent = nullptr);
    ~StatusServer() override; // stop()

    void attach(MonitorEngine *engine); // snapshots, events, checks, groups (queued)
    void setEngine(EngineThread *engine); // POST actions are posted to it from the api thread
    void attachHistory(HistoryStore *history); // /health's database check
    // Alerts for /api/alerts, /metrics and /ws; POST /api/alerts/{id}/ack acknowledges through it.
    void attachAlerts(AlertManager *alerts);
    // Serves /mcp (Lifeline's own MCP endpoint for agents) with these for its actions and reports.
    void enableMcpEndpoint(EngineThread *engine, HistoryStore *history);
    // Serves /mcp/servers/{name}, /mcp/groups/{group} and /mcp/all: agents' calls through Lifeline
    // (Gateway). Their connections are served on the engine thread (GatewayFront, adopted by
    // `engine`), where the upstream sessions are: no thread hop per call.
    void enableGateway(EngineThread *engine);
    // All of the above as the program wires it (window and headless mode alike): attach the
    // engine's signals, its actions, the history, the alerts and the /mcp endpoint.
    void attachAll(EngineThread *engine, HistoryStore *history, AlertManager *alerts);
    void setToken(const ApiToken &token);
    void setSecrets(const Config &config); // env and header values: never in a response
    void setMcpHandler(ApiHttpServer::McpHandler handler); // runs on the api thread
    // Runs `fn` on the api thread and waits for it (at once when called from there): where objects
    // that serve requests are made, e.g. the MCP endpoint, parented to data() so they end with it:
    //   server->runOnApiThread([&] {
    //       auto *mcp = new McpEndpoint(server->data(), engine, server->data());
    //       server->setMcpHandler([mcp](const ApiRequest &r, bool t) { return mcp->handle(r, t); });
    //   });
    void runOnApiThread(const std::function<void()> &fn) { onApiThread(fn); }

    // Binds (waits for the api thread, a few ms). False, with `error` and failedToListen(), when
    // the address cannot be used (port in use, not an address of this machine).
    bool start(const ListenAddress &listen, QString *error = nullptr);
    void stop();

    bool isListening() const { return m_port != 0; }
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; } // the real one, also after asking for port 0
    QString listenAddress() const { return ListenAddress::format(m_address, m_port); } // "127.0.0.1:7733"
    QString url() const; // "http://127.0.0.1:7733"
    const ApiToken &token() const { return m_token; }
    StatusData *data() const; // lives on the api thread: connect to it queued only
    // The gateway's endpoint (enableGateway()), on the engine thread: used there only. Null without one.
    GatewayEndpoint *gatewayEndpoint() const;

    // Secret values of a config (env values whose name looks secret, header values), for tests.
    static QList<QByteArray> secretValues(const Config &config);

public Q_SLOTS:
    void updateAlert(const lifeline::Alert &alert);

Q_SIGNALS:
    void listening(const QHostAddress &address, quint16 port);
    void failedToListen(const QString &message);
    void acknowledgeRequested(const QString &id);

private:
    void onFrontThread(const std::function<void()> &fn); // waits for it; nothing without a front
    template<typename Fn>
    void onApiThread(Fn fn) // waits for it
    {
        if (QThread::currentThread() == &m_thread)
            fn();
        else
            QMetaObject::invokeMethod(m_http, fn, Qt::BlockingQueuedConnection);
    }

    QThread m_thread;
    std::unique_ptr<QObject> m_apiContext; // on m_thread: runs its construction and destruction
    ApiHttpServer *m_http = nullptr; // lives on m_thread
    QPointer<GatewayFront> m_front; // the gateway's connections, on the engine thread
    QPointer<EngineThread> m_frontEngine;
    ApiToken m_token;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace lifeline
