#pragma once

#include "config/serverconfig.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace lifeline {

// The command line, exactly as the issue fixes it (scripts depend on it):
//   mcp-lifeline [--config FILE] [--db FILE]
//   mcp-lifeline --headless [--config FILE] [--db FILE] [--listen HOST:PORT] [--log-stderr]
//   mcp-lifeline check [--config FILE] [--server NAME] [--json] [--timeout DURATION]
//                [--depth basic|comprehensive] [--call TOOL [--args JSON]] [--db FILE|URL]
//                [URL | -- COMMAND [ARGS...]]
//   mcp-lifeline export --server NAME --since DURATION --format csv|json [--db FILE]
//   mcp-lifeline import [--from SOURCE|FILE] [--project DIR] [--config TARGET] [--list] [--json]
//                [--all | --server NAME...] [--replace] [--dry-run]
//   mcp-lifeline connect (NAME | --group GROUP | --all) [--config FILE] [--listen HOST:PORT]
struct CommandLine
{
    enum class Mode { Window, Headless, Check, Export, Import, Connect, Help, Version, Error };
    Mode mode = Mode::Window;
    QString error; // Mode::Error: what is wrong
    QString helpText; // Mode::Help

    QString configPath; // empty: the default location, else the demo config
    QString dbPath;
    QString listen; // "HOST:PORT", "off", or empty for the default
    // The status server's address: --listen wins over the config's "listen", else 127.0.0.1:7733.
    std::optional<ListenAddress> listenFor(const Config &config, QString *error = nullptr) const;
    bool logStderr = false; // headless: the log's JSON lines on stderr too

    // check
    QString serverName;
    bool json = false;
    std::optional<qint64> timeoutMs;
    std::optional<ProbeDepth> depth;
    std::optional<ProbeCall> call;
    QString url; // inline remote server
    QStringList command; // inline stdio server: program and arguments

    // export
    qint64 sinceMs = 0;
    QString format; // "csv" or "json"

    // import (configPath is the target; json lists as JSON)
    QString importFrom; // a source name (claude-desktop, …) or a file; empty: every source
    QString projectDir; // empty: the current folder
    QStringList importServers; // --server NAME (repeatable)
    bool importAll = false;
    bool listOnly = false;
    bool dryRun = false;
    bool replace = false;

    // connect: the server (or, connectGroup, the failover group) whose gateway path to bridge to
    QString connectTarget;
    bool connectGroup = false;
    bool connectAll = false; // /mcp/all: every enabled server (connectTarget empty)

    static CommandLine parse(const QStringList &arguments);
    static QString usage();
};

} // namespace lifeline
