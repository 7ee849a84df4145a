#pragma once

#include "config/serverconfig.h"
#include "health/checkresult.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <optional>

namespace lifeline {

// The outcome of a one-shot check, with what the user needs to understand it.
struct CheckOutcome
{
    ServerConfig config;
    CheckResult result;
    QStringList stderrTail;
    QString transport; // the transport that was used ("stdio", "http", "sse")
    QJsonObject capabilities;

    QString status() const; // "healthy" | "degraded" | "unhealthy"
    QJsonObject toJson() const; // name, status, latency_ms, failure, detail, protocolVersion, serverInfo, …
};

// `mcp-lifeline check`: opens a session to each server at once, runs one check at the configured
// depth (plus an optional tool call), closes the sessions, and reports every outcome.
class CheckRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckRunner)
public:
    explicit CheckRunner(QObject *parent = nullptr)
        : QObject(parent)
    { }

    void run(const QList<ServerConfig> &servers, const std::optional<ProbeCall> &extraCall = std::nullopt);
    QList<CheckOutcome> outcomes() const { return m_outcomes; }

Q_SIGNALS:
    void finished();

private:
    void checkOne(int index, const std::optional<ProbeCall> &extraCall);
    void complete(int index, const CheckResult &result, class McpSession *session);

    QList<CheckOutcome> m_outcomes;
    int m_remaining = 0;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::CheckOutcome)
