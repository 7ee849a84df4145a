#include "probe.h"

#include "session/mcpsession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lifeline {

static constexpr int kMaxListPages = 20;

void Probe::run(McpSession *session, const MonitorSettings &settings, Done done)
{
    Q_ASSERT(!m_running);
    m_session = session;
    m_settings = settings;
    m_done = std::move(done);
    m_result = CheckResult {};
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    m_result.protocolVersion = session->protocolVersion();
    m_result.serverInfo = session->serverInfo();
    m_elapsed.start();
    m_running = true;
    m_stage = 0;
    step();
}

void Probe::noteLatency(qint64 us)
{
    m_result.latencyUs = qMax(m_result.latencyUs, us);
}

void Probe::step()
{
    if (!m_session) {
        finish(Failure::make(FailureType::ConnectionError, u"session gone"_s));
        return;
    }
    const bool deep = m_settings.depth == ProbeDepth::Comprehensive;
    const QJsonObject caps = m_session->capabilities();
    switch (m_stage++) {
    case 0:
        liveness();
        return;
    case 1:
        if (deep && caps.contains("tools"_L1)) {
            listTools({}, {}, 0);
            return;
        }
        [[fallthrough]];
    case 2:
        m_stage = 3;
        if (deep && caps.contains("resources"_L1)) {
            listResources();
            return;
        }
        [[fallthrough]];
    case 3:
        m_stage = 4;
        if (m_settings.probe) {
            call(*m_settings.probe, false);
            return;
        }
        [[fallthrough]];
    case 4:
        m_stage = 5;
        if (m_extraCall) {
            call(*m_extraCall, true);
            return;
        }
        [[fallthrough]];
    default:
        finish();
    }
}

void Probe::liveness()
{
    const bool modern = m_session->era() == McpSession::Era::Modern;
    const QString method = modern ? u"server/discover"_s : u"ping"_s;
    m_session->request(method, {}, m_settings.timeoutMs, [this](const McpSession::Reply &reply) {
        m_result.pingUs = reply.elapsedUs;
        noteLatency(reply.elapsedUs);
        // A server without ping still answered: it is alive.
        if (!reply.ok && reply.failure.jsonRpcCode != -32601) {
            finish(reply.failure);
            return;
        }
        step();
    });
}

void Probe::listTools(const QString &cursor, QStringList names, int page)
{
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert("cursor"_L1, cursor);
    m_session->request(u"tools/list"_s, params, m_settings.timeoutMs,
        [this, names, page](const McpSession::Reply &reply) mutable {
            noteLatency(reply.elapsedUs);
            if (!reply.ok) {
                finish(reply.failure);
                return;
            }
            const QJsonObject r = reply.result.toObject();
            const QJsonValue tools = r.value("tools"_L1);
            if (!tools.isArray()) {
                finish(Failure::make(FailureType::ProtocolError, u"tools/list answer has no tools array"_s));
                return;
            }
            for (const QJsonValue &t : tools.toArray())
                names.append(t.toObject().value("name"_L1).toString());
            const QString next = r.value("nextCursor"_L1).toString();
            if (!next.isEmpty() && page + 1 < kMaxListPages) {
                listTools(next, names, page + 1);
                return;
            }
            m_result.toolCount = int(names.size());
            const QSet<QString> now(names.cbegin(), names.cend());
            if (m_haveTools && now != m_knownTools) {
                m_result.toolsChanged = true;
                for (const QString &n : now - m_knownTools)
                    m_result.toolsAdded.append(n);
                for (const QString &n : m_knownTools - now)
                    m_result.toolsRemoved.append(n);
                m_result.toolsAdded.sort();
                m_result.toolsRemoved.sort();
            }
            m_knownTools = now;
            m_haveTools = true;
            step();
        });
}

void Probe::listResources()
{
    m_session->request(u"resources/list"_s, {}, m_settings.timeoutMs, [this](const McpSession::Reply &reply) {
        noteLatency(reply.elapsedUs);
        if (!reply.ok) {
            finish(reply.failure);
            return;
        }
        m_result.resourceCount = int(reply.result.toObject().value("resources"_L1).toArray().size());
        step();
    });
}

QString Probe::resultText(const QJsonObject &callResult)
{
    QStringList parts;
    for (const QJsonValue &block : callResult.value("content"_L1).toArray()) {
        const QJsonObject b = block.toObject();
        if (b.value("type"_L1) == "text"_L1)
            parts.append(b.value("text"_L1).toString());
    }
    if (callResult.contains("structuredContent"_L1))
        parts.append(QString::fromUtf8(QJsonDocument(callResult.value("structuredContent"_L1).toObject())
                                           .toJson(QJsonDocument::Compact)));
    return parts.join(u'\n');
}

void Probe::call(const ProbeCall &probeCall, bool extra)
{
    Q_UNUSED(extra)
    const QJsonObject params {{"name"_L1, probeCall.tool}, {"arguments"_L1, probeCall.arguments}};
    m_session->request(
        u"tools/call"_s, params, m_settings.timeoutMs, [this, probeCall](const McpSession::Reply &reply) {
            noteLatency(reply.elapsedUs);
            m_result.callUs = reply.elapsedUs;
            if (!reply.ok) {
                finish(reply.failure);
                return;
            }
            const QJsonObject r = reply.result.toObject();
            const QString text = resultText(r);
            if (r.value("isError"_L1).toBool()) {
                finish(Failure::make(FailureType::ServerError,
                    u"tool '%1' reported an error: %2"_s.arg(probeCall.tool, text.left(200))));
                return;
            }
            if (!probeCall.expect.isEmpty() && !text.contains(probeCall.expect)) {
                finish(Failure::make(FailureType::ServerError,
                    u"tool '%1' answered without the expected text '%2': %3"_s.arg(
                        probeCall.tool, probeCall.expect, text.left(200))));
                return;
            }
            step();
        });
}

void Probe::finish(const Failure &failure)
{
    if (!m_running)
        return;
    m_running = false;
    m_result.ok = !failure.isFailure();
    m_result.failure = failure;
    m_result.durationUs = m_elapsed.nsecsElapsed() / 1000;
    Done done = std::move(m_done);
    m_done = nullptr;
    const CheckResult result = m_result;
    done(result);
}

} // namespace lifeline
