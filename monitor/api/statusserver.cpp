#include "statusserver.h"

#include "config/secrets.h"
#include "alerts/alertmanager.h"
#include "gatewayfront.h"
#include "mcpendpoint.h"

#include "alerts/alert.h"
#include "config/serverconfig.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "gateway/gateway.h"
#include "statusdata.h"
#include "store/historystore.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

StatusServer::StatusServer(QObject *parent)
    : QObject(parent)
    , m_apiContext(std::make_unique<QObject>())
{
    registerMetaTypes();
    qRegisterMetaType<lifeline::Alert>();
    m_thread.setObjectName(u"lifeline-api"_s);
    m_thread.start();
    // Built on its own thread, not moved there: its sockets and timers are made where it lives.
    m_apiContext->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_apiContext.get(), [this] { m_http = new ApiHttpServer; }, Qt::BlockingQueuedConnection);
    connect(m_http, &ApiHttpServer::acknowledgeRequested, this, &StatusServer::acknowledgeRequested);
}

StatusServer::~StatusServer()
{
    stop();
    onFrontThread(
        [front = m_front] { delete front.data(); }); // before the handler it sends connections back to

    QMetaObject::invokeMethod( // on its own thread, and not from inside one of its own events
        m_apiContext.get(), [this] { delete m_http; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

GatewayEndpoint *StatusServer::gatewayEndpoint() const
{
    return m_front ? m_front->endpoint() : nullptr;
}

StatusData *StatusServer::data() const
{
    return m_http->data();
}

void StatusServer::attach(MonitorEngine *engine)
{
    StatusData *d = m_http->data();
    connect(engine, &MonitorEngine::updatesReady, d, &StatusData::applyUpdates);
    connect(engine, &MonitorEngine::serverRemoved, d, &StatusData::removeServer);
    connect(engine, &MonitorEngine::eventOccurred, d, &StatusData::addEvent);
    connect(engine, &MonitorEngine::groupChanged, d, &StatusData::updateGroup);
    // Read at scrape time, not sent per call (see GatewayMetrics).
    onApiThread([d, metrics = engine->gateway()->metrics()] { d->setGatewayMetrics(metrics); });
}

void StatusServer::setEngine(EngineThread *engine)
{
    onApiThread([h = m_http, engine] { h->setEngine(engine); });
}

void StatusServer::attachHistory(HistoryStore *history)
{
    HistoryState state {history->isOpen(), history->isSaving(), history->problem()};
    onApiThread([h = m_http, history, state] {
        h->setHistory(history);
        h->setHistoryState(state);
    });
    connect(
        history, &HistoryStore::savingChanged, this, [this, history](bool saving, const QString &message) {
            HistoryState state {history->isOpen(), saving, message};
            QMetaObject::invokeMethod(m_http, [h = m_http, state] { h->setHistoryState(state); });
        });
}

void StatusServer::attachAlerts(AlertManager *alerts)
{
    StatusData *d = m_http->data();
    const QList<Alert> active = alerts->activeAlerts();
    QMetaObject::invokeMethod(d, [d, active] {
        for (const Alert &a : active)
            d->updateAlert(a);
    });
    connect(alerts, &AlertManager::alertChanged, d, &StatusData::updateAlert);
    connect(alerts, &AlertManager::eventOccurred, d, &StatusData::addEvent);
    connect(this, &StatusServer::acknowledgeRequested, alerts,
        [alerts](const QString &id) { alerts->acknowledge(id); });
}

void StatusServer::attachAll(EngineThread *engine, HistoryStore *history, AlertManager *alerts)
{
    attach(engine->engine());
    setEngine(engine);
    attachHistory(history);
    attachAlerts(alerts);
    enableMcpEndpoint(engine, history);
    enableGateway(engine);
}

void StatusServer::enableGateway(EngineThread *engine)
{
    if (m_front)
        return;
    // On the engine thread, beside the upstream sessions: see GatewayFront.
    auto *front = new GatewayFront(engine, &m_thread, m_http->connectionHandler());
    engine->adopt(front);
    m_front = front;
    m_frontEngine = engine;
    onApiThread([this, front, engine] { m_http->setGatewayFront(front, engine->thread()); });
}

void StatusServer::onFrontThread(const std::function<void()> &fn)
{
    GatewayFront *front = m_front;
    if (!front)
        return;
    if (m_frontEngine && m_frontEngine->thread()->isRunning()
        && QThread::currentThread() != m_frontEngine->thread())
        QMetaObject::invokeMethod(front, fn, Qt::BlockingQueuedConnection);
    else
        fn();
}

void StatusServer::enableMcpEndpoint(EngineThread *engine, HistoryStore *history)
{
    onApiThread([this, engine, history] {
        StatusData *d = data();
        auto *mcp = new McpEndpoint(d, engine, history, d);
        setMcpHandler([mcp](const ApiRequest &r, bool tokenValid) { return mcp->handle(r, tokenValid); });
    });
}

void StatusServer::setToken(const ApiToken &token)
{
    m_token = token;
    onApiThread([h = m_http, value = token.value()] {
        h->guard().setToken(value);
        h->syncGuard();
    });
}

QList<QByteArray> StatusServer::secretValues(const Config &config)
{
    QList<QByteArray> out;
    auto add = [&](const QString &value) {
        // Short values ("1", "on") would blank out ordinary text; they are no secrets worth the name.
        if (value.size() >= 4 && !out.contains(value.toUtf8()))
            out.append(value.toUtf8());
    };
    for (const ServerConfig &s : config.servers) {
        for (const auto &[name, value] : s.env) {
            if (looksSecret(name))
                add(value);
        }
        for (const auto &[name, value] : s.headers) {
            add(value);
            const qsizetype space = value.indexOf(u' '); // "Bearer xyz": xyz alone too
            if (space > 0)
                add(value.mid(space + 1).trimmed());
        }
    }
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(
        out.begin(), out.end(), [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    return out;
}

void StatusServer::setSecrets(const Config &config)
{
    QList<QByteArray> secrets = secretValues(config);
    if (m_token.isValid())
        secrets.append(m_token.value());
    QMetaObject::invokeMethod(m_http, [h = m_http, secrets] { h->setSecrets(secrets); });
}

void StatusServer::setMcpHandler(ApiHttpServer::McpHandler handler)
{
    onApiThread([h = m_http, handler] { h->setMcpHandler(handler); });
}

void StatusServer::updateAlert(const Alert &alert)
{
    QMetaObject::invokeMethod(m_http->data(), [d = m_http->data(), alert] { d->updateAlert(alert); });
}

bool StatusServer::start(const ListenAddress &listen, QString *error)
{
    if (listen.off || isListening())
        return isListening();
    QString problem;
    quint16 port = 0;
    const bool tokenForReads = !listen.isLoopback();
    onApiThread([&] {
        port = m_http->listenOn(listen.address, listen.port, &problem);
        m_http->guard().setTokenRequiredForReads(tokenForReads);
        m_http->syncGuard();
    });
    if (port == 0) {
        const QString message = u"status server: cannot listen on %1: %2"_s.arg(listen.toString(), problem);
        if (error)
            *error = message;
        Q_EMIT failedToListen(message);
        return false;
    }
    m_address = listen.address;
    m_port = port;
    Q_EMIT listening(m_address, m_port);
    return true;
}

void StatusServer::stop()
{
    onApiThread([h = m_http] { h->shutdown(); });
    onFrontThread([front = m_front] { front->closeAll(); });
    m_port = 0;
}

QString StatusServer::url() const
{
    QHostAddress shown = m_address;
    if (shown == QHostAddress(QHostAddress::Any) || shown == QHostAddress(QHostAddress::AnyIPv4))
        shown = QHostAddress(QHostAddress::LocalHost);
    else if (shown == QHostAddress(QHostAddress::AnyIPv6))
        shown = QHostAddress(QHostAddress::LocalHostIPv6);
    return u"http://"_s + ListenAddress::format(shown, m_port);
}

} // namespace lifeline
