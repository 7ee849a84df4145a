#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace lifeline {

enum class TransportKind {
    Stdio,
    StreamableHttp, // "http", "streamable-http", "streamableHttp"
    Sse, // legacy HTTP+SSE (2024-11-05)
    AutoHttp, // a url with no type: Streamable HTTP first, SSE on a 4xx
};
QString transportKindName(TransportKind kind); // "stdio", "http", "sse", "auto"

enum class ProbeDepth { Basic, Comprehensive };
QString probeDepthName(ProbeDepth depth);

// A synthetic transaction: call `tool` with `arguments`; the result text must hold `expect`.
struct ProbeCall
{
    QString tool;
    QJsonObject arguments;
    QString expect; // empty: any non-error result passes
    bool operator==(const ProbeCall &) const = default;
};

// Lifeline's per-server settings (`lifeline.defaults`, overridden by `lifeline.servers.<name>`).
struct MonitorSettings
{
    int intervalMs = 30000;
    int timeoutMs = 5000;
    int failureThreshold = 3;
    int successThreshold = 1;
    int latencyWarningMs = 1000;
    int latencyCriticalMs = 5000;
    double errorRateWarning = 0.05;
    double errorRateCritical = 0.25;
    ProbeDepth depth = ProbeDepth::Basic;
    std::optional<ProbeCall> probe;
    QJsonObject restart; // kept as written; the recovery issue gives it meaning
    bool operator==(const MonitorSettings &) const = default;
};

using KeyValueList = QList<QPair<QString, QString>>; // keeps the file's order (headers, env)

struct ServerConfig
{
    QString name;
    TransportKind transport = TransportKind::Stdio;
    // stdio
    QString command;
    QStringList args;
    KeyValueList env;
    QString cwd;
    // http / sse
    QUrl url;
    KeyValueList headers;

    bool disabled = false;
    MonitorSettings settings;

    bool isRemote() const { return transport != TransportKind::Stdio; }
    bool operator==(const ServerConfig &) const = default;
};

struct ConfigIssue
{
    QString file; // file name as given (may be empty for in-memory input)
    int line = 0; // 1-based; 0 when unknown
    int column = 0; // 1-based; 0 when unknown
    QString keyPath; // e.g. "mcpServers.x.command"; empty for syntax errors
    QString message;
    QString toString() const; // "servers.json:3:41: message" or "servers.json: mcpServers.x.command: message"
};

struct Config
{
    QString sourcePath;
    MonitorSettings defaults;
    QList<ServerConfig> servers; // sorted by name
    QJsonObject lifeline; // the whole "lifeline" object, for failover/alerts/listen
    QList<ConfigIssue> warnings; // unknown keys, unset variables: reported, not fatal

    const ServerConfig *server(const QString &name) const;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::ServerConfig)
Q_DECLARE_METATYPE(lifeline::Config)
