#pragma once

#include "config/serverconfig.h"
#include "health/checkresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>

namespace lifeline {

class McpSession;

// Runs one health check over a ready session: liveness (ping, or server/discover for 2026-07-28
// servers), then for depth "comprehensive" tools/list and resources/list, then the configured
// synthetic call. Keeps what it learnt (the tool set) to notice changes between checks.
class Probe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Probe)
public:
    explicit Probe(QObject *parent = nullptr)
        : QObject(parent)
    { }

    using Done = std::function<void(const CheckResult &)>;
    // `done` is called exactly once, asynchronously. The session must outlive the call or fail it.
    void run(McpSession *session, const MonitorSettings &settings, Done done);
    // A one-off call (the check command's --call), after the regular steps.
    void setExtraCall(const std::optional<ProbeCall> &call) { m_extraCall = call; }
    bool isRunning() const { return m_running; }

    // Text of a tools/call result's content blocks (for `expect`); exposed for tests.
    static QString resultText(const QJsonObject &callResult);

private:
    void step();
    void liveness();
    void listTools(const QString &cursor, QStringList names, int page);
    void listResources();
    void call(const ProbeCall &probeCall, bool extra);
    void finish(const Failure &failure = {});
    void noteLatency(qint64 us);

    QPointer<McpSession> m_session;
    MonitorSettings m_settings;
    std::optional<ProbeCall> m_extraCall;
    Done m_done;
    CheckResult m_result;
    QElapsedTimer m_elapsed;
    QSet<QString> m_knownTools;
    bool m_haveTools = false;
    bool m_running = false;
    int m_stage = 0;
};

} // namespace lifeline
