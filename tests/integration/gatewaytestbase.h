#pragma once

// Shared by the gateway tests: a real engine and status server with the gateway on, on a free
// loopback port, the status server's view of the servers, and every call the gateway sent upstream.

#include "fixturehelpers.h"
#include "gatewayclient.h"

#include "api/statusserver.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"
#include "gateway/gateway.h"

#include <QNetworkAccessManager>
#include <QTest>

namespace lifeline::test {

// Restarts that come at once and never run out: the gateway tests kill servers many times.
inline MonitorSettings quickRestarts(MonitorSettings s = fastSettings())
{
    s.restart.backoffMs = {100};
    s.restart.maxAttempts = 100;
    s.restart.burst = 100;
    return s;
}

// A server started by `node` from an npm package's dist/index.js (`args` after it), with checks
// slow enough for node: a check answered in 5 s, every 2 s.
inline ServerConfig nodeServer(
    const QString &name, const QString &node, const QString &packageDir, const QStringList &args = {})
{
    MonitorSettings s = fastSettings();
    s.intervalMs = 2000;
    s.timeoutMs = 5000;
    ServerConfig c = stdioFixture({}, name, s);
    c.command = node;
    c.args = QStringList {packageDir + u"/dist/index.js"_s} + args;
    return c;
}

class GatewayTestBase : public QObject
{
protected:
    // Starts both and applies `config`; false with `error` when the status server cannot listen.
    bool startGateway(const Config &config, QString *error)
    {
        m_engine = new EngineThread(this);
        m_status = new StatusServer(this);
        m_status->attach(m_engine->engine());
        m_status->setEngine(m_engine);
        m_status->enableGateway(m_engine);
        connect(m_engine->engine()->gateway(), &Gateway::callSent, this,
            [this](const QString &server, const QString &method) { m_sent.append(server + u' ' + method); });
        if (!m_status->start(*ListenAddress::parse(u"127.0.0.1:0"_s), error))
            return false;
        m_engine->start();
        m_engine->applyConfig(config);
        return true;
    }
    void stopGateway()
    {
        delete m_status;
        m_status = nullptr;
        if (m_engine)
            m_engine->stop();
        delete m_engine;
        m_engine = nullptr;
    }

    QUrl url(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_status->port()).arg(path));
    }
    QJsonObject server(const QString &name)
    {
        return Client::wait(m_nam.get(QNetworkRequest(url(u"/api/servers/"_s + name)))).body;
    }
    qint64 pid(const QString &name) { return qint64(server(name).value("pid"_L1).toDouble()); }
    QString state(const QString &name) { return server(name).value("state"_L1).toString(); }
    // Waits until the gateway has sent `method` to `name` upstream (count: how many such sends).
    bool sentUpstream(const QString &name, const QString &method, int count = 1, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return m_sent.count(name + u' ' + method) >= count; }, timeoutMs);
    }

    QNetworkAccessManager m_nam;
    EngineThread *m_engine = nullptr;
    StatusServer *m_status = nullptr;
    QStringList m_sent; // "server method", one per upstream send
};

} // namespace lifeline::test
