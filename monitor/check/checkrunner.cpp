#include "checkrunner.h"

#include "health/healthtracker.h"
#include "probe/probe.h"
#include "session/mcpsession.h"
#include "transport/transport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace lifeline {

QString CheckOutcome::status() const
{
    if (!result.ok)
        return u"unhealthy"_s;
    if (result.latencyUs > qint64(config.settings.latencyWarningMs) * 1000)
        return u"degraded"_s;
    return u"healthy"_s;
}

QJsonObject CheckOutcome::toJson() const
{
    auto msOrNull
        = [](qint64 us) { return us < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(double(us) / 1000.0); };
    QJsonObject o {
        {"name"_L1, config.name},
        {"status"_L1, status()},
        {"transport"_L1, transport},
        {"latency_ms"_L1, msOrNull(result.latencyUs)},
        {"ping_ms"_L1, msOrNull(result.pingUs)},
        {"handshake_ms"_L1, msOrNull(result.handshakeUs)},
        {"duration_ms"_L1, double(result.durationUs) / 1000.0},
        {"failure"_L1,
            result.failure.isFailure() ? QJsonValue(failureTypeName(result.failure.type))
                                       : QJsonValue(QJsonValue::Null)},
        {"detail"_L1,
            result.failure.isFailure() ? QJsonValue(result.failure.detail) : QJsonValue(QJsonValue::Null)},
        {"protocolVersion"_L1,
            result.protocolVersion.isEmpty() ? QJsonValue(QJsonValue::Null)
                                             : QJsonValue(result.protocolVersion)},
        {"serverInfo"_L1,
            result.serverInfo.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(result.serverInfo)},
    };
    if (result.toolCount >= 0)
        o.insert("tool_count"_L1, result.toolCount);
    if (result.resourceCount >= 0)
        o.insert("resource_count"_L1, result.resourceCount);
    if (result.callUs >= 0)
        o.insert("call_ms"_L1, double(result.callUs) / 1000.0);
    if (result.failure.httpStatus)
        o.insert("http_status"_L1, result.failure.httpStatus);
    if (!result.ok && !stderrTail.isEmpty()) {
        QJsonArray tail;
        for (const QString &l : stderrTail.mid(qMax<qsizetype>(0, stderrTail.size() - 10)))
            tail.append(l);
        o.insert("stderr"_L1, tail);
    }
    return o;
}

void CheckRunner::run(const QList<ServerConfig> &servers, const std::optional<ProbeCall> &extraCall)
{
    m_outcomes.clear();
    for (const ServerConfig &s : servers) {
        CheckOutcome o;
        o.config = s;
        o.transport = transportKindName(s.transport);
        m_outcomes.append(o);
    }
    m_remaining = int(servers.size());
    if (m_remaining == 0) {
        QTimer::singleShot(0, this, &CheckRunner::finished);
        return;
    }
    for (int i = 0; i < servers.size(); ++i)
        checkOne(i, extraCall);
}

void CheckRunner::checkOne(int index, const std::optional<ProbeCall> &extraCall)
{
    const ServerConfig &cfg = m_outcomes[index].config;
    McpSession::Options options;
    options.timeoutMs = cfg.settings.timeoutMs;
    auto *session = new McpSession(cfg, options, this);
    auto *probe = new Probe(session);
    probe->setExtraCall(extraCall);
    struct Run
    {
        QElapsedTimer clock;
        bool reported = false;
    };
    auto run = std::make_shared<Run>();
    run->clock.start();
    // Exactly one report per server, whichever of the probe and the session speaks first.
    auto report = [this, index, session, run](CheckResult r) {
        if (run->reported)
            return;
        run->reported = true;
        r.handshakeUs = session->handshakeUs() > 0 ? session->handshakeUs() : -1;
        r.durationUs = run->clock.nsecsElapsed() / 1000;
        // Deferred: this runs inside the session's own code.
        QTimer::singleShot(0, this, [this, index, r, session] { complete(index, r, session); });
    };
    connect(session, &McpSession::ready, this, [this, index, session, probe, report] {
        probe->run(session, m_outcomes[index].config.settings, report);
    });
    connect(session, &McpSession::failed, this, [report](const Failure &f) {
        CheckResult r;
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.failure = f;
        report(r);
    });
    session->start();
}

void CheckRunner::complete(int index, const CheckResult &result, McpSession *session)
{
    CheckOutcome &o = m_outcomes[index];
    o.result = result;
    o.result.server = o.config.name;
    if (o.result.protocolVersion.isEmpty())
        o.result.protocolVersion = session->protocolVersion();
    if (o.result.serverInfo.isEmpty())
        o.result.serverInfo = session->serverInfo();
    o.capabilities = session->capabilities();
    o.transport = transportKindName(session->activeTransport());
    if (Transport *t = session->transport())
        o.stderrTail = t->stderrTail();
    session->disconnect(this);
    // Close politely but briefly: a one-shot check must not hang on a server that ignores EOF.
    auto done = [this, session] {
        session->terminate();
        session->deleteLater();
        if (--m_remaining == 0)
            Q_EMIT finished();
    };
    if (session->state() == McpSession::State::Ready) {
        auto *guard = new QTimer(session);
        guard->setSingleShot(true);
        connect(guard, &QTimer::timeout, this, done);
        connect(session, &McpSession::closed, guard, [guard] {
            guard->setInterval(0);
            guard->start();
        });
        guard->start(1500);
        session->close();
    } else {
        done();
    }
}

} // namespace lifeline
