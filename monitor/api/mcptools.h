#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace lifeline {

class EngineThread;
class HistoryStore;
class StatusData;

// The tools of Lifeline's MCP endpoint, after the seeds' orchestrator tools:
//   integration_monitor  health_check | performance_scan | failure_analysis | optimization_report
//   failover_manager     trigger_recovery | test_fallback | restore_primary | enable_failover (token)
//   performance_report   latency, error rate and uptime over a window, with suggestions
// Every result has a text summary for people and models, and structuredContent that matches the
// tool's outputSchema. Runs on the status server's thread, where `data` lives; engine actions are
// posted to the engine thread, never waited for.
class McpTools final
{
public:
    // How long a tool waits for the history's answer before it falls back to the live figures.
    static constexpr int kHistoryWaitMs = 2000;

    McpTools(StatusData *data, EngineThread *engine, HistoryStore *history);

    QJsonArray definitions() const; // tools/list
    // tools/call: a CallToolResult; nullopt for a tool that does not exist (a protocol error).
    std::optional<QJsonObject> call(const QString &name, const QJsonObject &arguments, bool tokenValid);
    HistoryStore *history() const { return m_history; }

    void setNowForTest(const QDateTime &nowUtc) { m_fixedNow = nowUtc; }

private:
    QDateTime now() const;
    QJsonObject integrationMonitor(const QJsonObject &arguments);
    QJsonObject failoverManager(const QJsonObject &arguments, bool tokenValid);
    QJsonObject performanceReport(const QJsonObject &arguments);

    StatusData *m_data;
    EngineThread *m_engine; // may be null: no actions
    HistoryStore *m_history; // may be null: live figures only
    QDateTime m_fixedNow;
};

} // namespace lifeline
