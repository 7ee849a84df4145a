#pragma once

#include "serverconfig.h"

#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>

namespace lifeline {

// The tools whose MCP server lists Lifeline can import. `File` is a file the user named.
enum class DiscoverySource { ClaudeDesktop, ClaudeCode, Cursor, VsCode, McpHub, File };
QString discoverySourceName(DiscoverySource source); // "claude-desktop", "claude-code", …, "file"
std::optional<DiscoverySource> discoverySourceFromName(const QString &name);

// One place a server was found: the tool, the file, and where in the file ("project /home/x/p").
struct DiscoveryOrigin
{
    DiscoverySource source = DiscoverySource::File;
    QString file;
    QString scope; // Claude Code: "user" or "project <path>"; VS Code: "workspace <path>", "user"; else empty
    QString label() const; // "Claude Code (project /home/x/p)": for people, not for parsing
    bool operator==(const DiscoveryOrigin &) const = default;
};

// A server found in another tool's config. `entry` is what the config file said (only the keys
// Lifeline reads; "${VAR}" left as written) and is what an import writes. Its env and header
// values may be secrets: they stay in memory; listings show names and masked commands only.
struct DiscoveredServer
{
    QString name; // as the source names it
    QString importName; // unique among the found servers: name, or "name (cursor)" / "name-2" on a clash
    QList<DiscoveryOrigin> origins; // the first is where it was read; more when the same server is in several
    QJsonObject entry;
    ServerConfig config; // `entry` as the loader reads it (valid when problems is empty)
    QStringList problems; // why it cannot be imported as it is ("mcpServers.x.command: expected a string")

    bool importable() const { return problems.isEmpty(); }
    QString transportName() const; // "stdio", "http", "sse", "auto" ("?" when unreadable)
    QString target() const; // the command with secrets masked, or the URL without credentials/query
    QStringList envNames() const;
    QStringList headerNames() const;
    QJsonObject toJson() const; // for `import --list --json`: names only, never env/header values
};

struct DiscoveryResult
{
    QList<DiscoveredServer> servers;
    QList<ConfigIssue> problems; // files that exist but could not be read or parsed
    QStringList filesRead; // every file that was found and read (parsed or not)

    int importableCount() const;
    const DiscoveredServer *find(const QString &name) const; // by importName, else by name
};

// Finds the MCP servers the user already has in Claude Desktop, Claude Code, Cursor, VS Code and
// mcp-hub. Reads a handful of small JSON (or JSONC) files and never writes any of them. Missing
// files are no problem; a file that cannot be parsed is reported with its line and column and the
// other sources are still read.
class ConfigDiscovery
{
public:
    // Where to look: tests point these at a fake home.
    struct Locations
    {
        QString home; // ~
        QString configHome; // $XDG_CONFIG_HOME, default ~/.config
        QString projectDir; // a project whose .mcp.json, .cursor/mcp.json, .vscode/mcp.json are read; may be
                            // empty
        static Locations fromEnvironment(
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    };

    explicit ConfigDiscovery(const Locations &locations,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // Every source, or only one. Servers come in a stable order: by source, then by name.
    DiscoveryResult discover(std::optional<DiscoverySource> only = {}) const;
    // One file of any of the formats (mcpServers, servers, mcp.servers, projects.<p>.mcpServers).
    // A missing or unreadable file is a problem in the result.
    DiscoveryResult discoverFile(const QString &path) const;

    // The files each source is read from (existing or not), in reading order.
    QList<DiscoveryOrigin> candidateFiles(std::optional<DiscoverySource> only = {}) const;

    // The tool whose config `path` is (the same file, links resolved), if it is one of them.
    std::optional<DiscoveryOrigin> toolConfig(const QString &path) const;

    // Same server: same command and arguments, or same URL (env and headers aside).
    static bool sameServer(const QJsonObject &a, const QJsonObject &b);
    // The entry with only the keys Lifeline reads (command, args, env, cwd, url, headers, type, disabled).
    static QJsonObject lifelineEntry(const QJsonObject &entry);

private:
    void readFile(const DiscoveryOrigin &origin, bool mustExist, DiscoveryResult &result) const;
    void addServer(const QString &name, const QJsonValue &value, const DiscoveryOrigin &origin,
        const QString &keyPath, DiscoveryResult &result) const;

    Locations m_locations;
    QProcessEnvironment m_env;
};

} // namespace lifeline
