#pragma once

#include "alertconfig.h"
#include "channelsettings.h"
#include "listenaddress.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

#include "gateway/gatewaysettings.h"

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

enum class RestartPolicy { OnFailure, Always, Never };
QString restartPolicyName(RestartPolicy policy); // "on-failure", "always", "never"

// `restart.circuit`: a breaker over the last `windowSize` results.
struct CircuitSettings
{
    double failureRateThreshold = 0.5;
    int minimumCalls = 5;
    int windowSize = 10;
    int openForMs = 30000;
    int halfOpenCalls = 1;
    bool operator==(const CircuitSettings &) const = default;
};

// `restart`: the recovery ladder. Attempt k waits backoff[k-1] (the last step repeats when
// maxAttempts is longer than the list); after maxAttempts, or beyond `burst` starts within
// `burstWindow`, the server is `failed` and waits for a person.
QList<int> defaultBackoff();

struct RestartSettings
{
    RestartPolicy policy = RestartPolicy::OnFailure;
    QList<int> backoffMs = defaultBackoff(); // the seeds' ladder: 1 s, 5 s, 30 s
    bool jitter = false;
    int maxAttempts = 3;
    int burst = 5;
    int burstWindowMs = 60000;
    int resetAfterMs = 600000;
    CircuitSettings circuit;
    bool operator==(const RestartSettings &) const = default;
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
    RestartSettings restart;
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

// `lifeline.failover.<group>` (the seeds' failover_configurations): one active member at a time.
enum class FailoverStrategy { AlternativeServer, GracefulDegradation, Manual };
QString failoverStrategyName(FailoverStrategy strategy); // "alternative_server", …

struct FailoverGroup
{
    QString name;
    QString primary;
    QStringList fallbacks; // in order of preference
    bool automatic = true; // the "auto" key
    int restoreAfterMs = 60000;
    FailoverStrategy strategy = FailoverStrategy::AlternativeServer;
    QStringList members() const { return QStringList {primary} + fallbacks; }
    bool operator==(const FailoverGroup &) const = default;
};

// `lifeline.history`: how long each layer of the history is kept (-1: forever).
struct HistorySettings
{
    qint64 samplesMs = 48LL * 3600 * 1000; // raw check samples
    qint64 minutesMs = 14LL * 86400 * 1000;
    qint64 hoursMs = 180LL * 86400 * 1000;
    qint64 daysMs = -1;
    qint64 eventsMs = 180LL * 86400 * 1000; // health_events; failures and alerts are kept
    int flushIntervalMs = 1000; // at most this much is lost when Lifeline is killed
    int batchRows = 2000; // a flush also happens when this many rows wait
    bool operator==(const HistorySettings &) const = default;
};

// `lifeline.log`: the JSON-lines log file ($XDG_STATE_HOME/mcp-lifeline/logs/lifeline.log) and its
// size-based rotation: at most `files` files (the live one and .1 … .N-1) of at most `maxBytes` each.
struct LogSettings
{
    bool enabled = true;
    qint64 maxBytes = 5LL * 1024 * 1024;
    int files = 5;
    bool operator==(const LogSettings &) const = default;
};

struct Config
{
    QString sourcePath;
    MonitorSettings defaults;
    QList<ServerConfig> servers; // sorted by name
    QList<FailoverGroup> failover; // sorted by name
    HistorySettings history;
    LogSettings log;
    AlertConfig alerts; // `lifeline.alerts`
    // `lifeline.alerts.channels`, ${VAR} expanded; the defaults (tray, desktop) when not given.
    QList<ChannelSettings> channels = defaultChannelSettings();
    bool channelsConfigured = false; // the file names its channels (the defaults may be trimmed when not)
    std::optional<ListenAddress> listen; // `lifeline.listen`; unset: the command line's or the default
    GatewaySettings gateway; // `lifeline.gateway`
    // The whole "lifeline" object as written: only to tell whether a reload changed anything.
    // Every section is parsed once by the loader into the typed members above; read those.
    QJsonObject lifeline;
    QList<ConfigIssue> warnings; // unknown keys, unset variables: reported, not fatal

    const ServerConfig *server(const QString &name) const;
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::ServerConfig)
Q_DECLARE_METATYPE(lifeline::Config)
