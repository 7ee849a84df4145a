#pragma once

// A stand-in for the status server around McpEndpoint, for tests only: QHttpServer on 127.0.0.1,
// the Host/Origin rule (DNS rebinding protection) and the bearer token in front of /mcp.

#include "api/mcpendpoint.h"
#include "api/statusdata.h"
#include "engine/monitorengine.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QUrl>

namespace lifeline::test {

using namespace Qt::StringLiterals;

// Host and Origin must name this machine's loopback: localhost, 127.0.0.1, [::1] (any port).
inline bool loopbackName(QByteArray host)
{
    host = host.trimmed().toLower();
    if (host.startsWith('[')) {
        const qsizetype end = host.indexOf(']');
        if (end < 0)
            return false;
        host = host.left(end + 1);
    } else if (const qsizetype colon = host.lastIndexOf(':'); colon >= 0) {
        host = host.left(colon);
    }
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

inline bool hostAndOriginAllowed(const QHttpServerRequest &request)
{
    QByteArray host, origin;
    for (const auto &h : request.headers()) {
        if (h.first.compare("Host", Qt::CaseInsensitive) == 0)
            host = h.second;
        else if (h.first.compare("Origin", Qt::CaseInsensitive) == 0)
            origin = h.second;
    }
    if (!loopbackName(host))
        return false;
    if (origin.isEmpty())
        return true;
    const QUrl url(QString::fromLatin1(origin));
    if (!url.isValid() || url.host().isEmpty())
        return false;
    const QString h = url.host();
    return loopbackName(h == "::1"_L1 ? "[::1]"_ba : h.toLatin1());
}

// The status server's feed: the engine's queued signals of values into StatusData.
inline void feed(MonitorEngine *engine, StatusData *data)
{
    QObject::connect(engine, &MonitorEngine::snapshotChanged, data, &StatusData::updateSnapshot);
    QObject::connect(engine, &MonitorEngine::serverRemoved, data, &StatusData::removeServer);
    QObject::connect(engine, &MonitorEngine::eventOccurred, data, &StatusData::addEvent);
    QObject::connect(engine, &MonitorEngine::checkFinished, data, &StatusData::addCheck);
    QObject::connect(engine, &MonitorEngine::groupChanged, data, &StatusData::updateGroup);
}

// A small ecosystem without processes: alpha (healthy, primary of group "main"), beta (healthy
// fallback), slow (degraded: p95 1.8 s, 12 % errors, 5 restarts in the last hour, no group) and
// broken (unhealthy for 10 minutes: connection_error, no group).
inline void addSyntheticServers(StatusData &data, const QDateTime &now = QDateTime::currentDateTimeUtc())
{
    const auto snapshot
        = [&](const QString &name, TransportKind transport, HealthState state, double latency) {
              ServerSnapshot s;
              s.name = name;
              s.transport = s.activeTransport = transport;
              s.target = transport == TransportKind::Stdio ? u"/usr/bin/%1-server"_s.arg(name)
                                                           : u"http://127.0.0.1:9/%1"_s.arg(name);
              s.state = state;
              s.stateSince = now.addSecs(-600);
              s.lastCheck = now.addSecs(-5);
              s.lastLatencyMs = latency;
              s.protocolVersion = u"2025-11-25"_s;
              return s;
          };
    const auto checks = [&](const QString &name, int n, int failures, qint64 durationUs, FailureType type) {
        for (int i = 0; i < n; ++i) {
            CheckResult r;
            r.server = name;
            r.startedAt = now.addSecs(-3600 + i * 60);
            r.ok = i >= failures;
            if (!r.ok)
                r.failure = Failure::make(type, u"synthetic"_s);
            r.durationUs = r.latencyUs = durationUs;
            data.addCheck(r);
        }
    };
    const auto stateEvent = [&](const QString &name, const QDateTime &ts, const QString &from,
                                const QString &to, const Failure &failure = {}) {
        HealthEvent e;
        e.ts = ts;
        e.kind = HealthEvent::Kind::State;
        e.server = name;
        if (!from.isEmpty())
            e.from = healthStateFromName(from);
        e.to = healthStateFromName(to);
        e.failure = failure;
        data.addEvent(e);
    };

    ServerSnapshot alpha = snapshot(u"alpha"_s, TransportKind::Stdio, HealthState::Healthy, 12);
    alpha.group = u"main"_s;
    alpha.groupActive = u"alpha"_s;
    ServerSnapshot beta = snapshot(u"beta"_s, TransportKind::Stdio, HealthState::Healthy, 20);
    beta.group = u"main"_s;
    beta.groupActive = u"alpha"_s;
    ServerSnapshot slow = snapshot(u"slow"_s, TransportKind::StreamableHttp, HealthState::Degraded, 1800);
    slow.errorRate = 0.12;
    slow.stderrTail = QStringList {u"warning: cache cold"_s};
    slow.lastFailure = Failure::make(FailureType::Timeout, u"no answer to ping within 5000 ms"_s);
    slow.lastFailureAt = now.addSecs(-120);
    ServerSnapshot broken = snapshot(u"broken"_s, TransportKind::StreamableHttp, HealthState::Unhealthy, -1);
    broken.lastFailure = Failure::make(FailureType::ConnectionError, u"connection refused"_s);
    broken.lastFailureAt = now.addSecs(-30);
    broken.consecutiveFailures = 12;
    for (const ServerSnapshot &s : {alpha, beta, slow, broken})
        data.updateSnapshot(s);

    FailoverGroupSnapshot main;
    main.name = u"main"_s;
    main.primary = u"alpha"_s;
    main.fallbacks = QStringList {u"beta"_s};
    main.active = u"alpha"_s;
    main.strategy = u"alternative_server"_s;
    main.activeSince = now.addSecs(-3600);
    data.updateGroup(main);

    checks(u"alpha"_s, 50, 0, 12000, FailureType::None);
    checks(u"beta"_s, 50, 0, 20000, FailureType::None);
    checks(u"slow"_s, 50, 6, 1800000, FailureType::Timeout);
    checks(u"broken"_s, 50, 12, 30000, FailureType::ConnectionError);

    // Events in time order (the status server's copy keeps them so).
    stateEvent(u"broken"_s, now.addSecs(-3000), QString(), u"healthy"_s);
    for (int i = 0; i < 5; ++i) {
        HealthEvent e;
        e.ts = now.addSecs(-2400 + i * 60);
        e.kind = HealthEvent::Kind::Restart;
        e.server = u"slow"_s;
        data.addEvent(e);
    }
    stateEvent(u"slow"_s, now.addSecs(-600), u"healthy"_s, u"degraded"_s);
    stateEvent(u"broken"_s, now.addSecs(-600), u"healthy"_s, u"unhealthy"_s,
        Failure::make(FailureType::ConnectionError, u"connection refused"_s));
}

// The endpoint's answer as QHttpServer sends it.
inline QHttpServerResponse toQt(const ApiResponse &r)
{
    QHttpServerResponse q(r.mimeType(), r.data(), r.statusCode());
    for (const auto &[name, value] : r.fields())
        q.addHeader(name, value);
    return q;
}

class McpTestHost
{
public:
    McpTestHost(StatusData *data, EngineThread *engine, HistoryStore *history, const QByteArray &token = {})
        : m_endpoint(data, engine, history)
        , m_token(token)
    {
        m_server.route(u"/mcp"_s, [this](const QHttpServerRequest &request) {
            if (!hostAndOriginAllowed(request))
                return QHttpServerResponse("application/json"_ba,
                    R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Forbidden: Host/Origin is not this machine"}})"_ba,
                    QHttpServerResponder::StatusCode::Forbidden);
            return toQt(m_endpoint.handle(ApiRequest::from(request), tokenValid(request)));
        });
    }

    quint16 listen(quint16 port = 0) { return m_port = m_server.listen(QHostAddress::LocalHost, port); }
    quint16 port() const { return m_port; }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)); }
    McpEndpoint &endpoint() { return m_endpoint; }

private:
    bool tokenValid(const QHttpServerRequest &request) const
    {
        if (m_token.isEmpty())
            return false;
        for (const auto &h : request.headers()) {
            if (h.first.compare("Authorization", Qt::CaseInsensitive) == 0)
                return h.second.trimmed() == "Bearer " + m_token;
        }
        return false;
    }

    QHttpServer m_server;
    McpEndpoint m_endpoint;
    QByteArray m_token;
    quint16 m_port = 0;
};

} // namespace lifeline::test
