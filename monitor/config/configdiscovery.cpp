#include "configdiscovery.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

#include "configloader.h"
#include "configwriter.h"
#include "secrets.h"

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr qint64 kMaxFileSize = ConfigLoader::kMaxFileSize;

const QStringList &lifelineKeys()
{
    static const QStringList keys {
        u"command"_s, u"args"_s, u"env"_s, u"cwd"_s, u"url"_s, u"headers"_s, u"type"_s, u"disabled"_s};
    return keys;
}

QStringList namesOf(const QJsonValue &value)
{
    return value.isObject() ? value.toObject().keys() : QStringList {};
}

} // namespace

QString discoverySourceName(DiscoverySource source)
{
    switch (source) {
    case DiscoverySource::ClaudeDesktop:
        return u"claude-desktop"_s;
    case DiscoverySource::ClaudeCode:
        return u"claude-code"_s;
    case DiscoverySource::Cursor:
        return u"cursor"_s;
    case DiscoverySource::VsCode:
        return u"vscode"_s;
    case DiscoverySource::McpHub:
        return u"mcp-hub"_s;
    case DiscoverySource::File:
        break;
    }
    return u"file"_s;
}

std::optional<DiscoverySource> discoverySourceFromName(const QString &name)
{
    for (const DiscoverySource s : {DiscoverySource::ClaudeDesktop, DiscoverySource::ClaudeCode,
             DiscoverySource::Cursor, DiscoverySource::VsCode, DiscoverySource::McpHub}) {
        if (discoverySourceName(s) == name)
            return s;
    }
    return std::nullopt;
}

QString DiscoveryOrigin::label() const
{
    QString tool;
    switch (source) {
    case DiscoverySource::ClaudeDesktop:
        tool = u"Claude Desktop"_s;
        break;
    case DiscoverySource::ClaudeCode:
        tool = u"Claude Code"_s;
        break;
    case DiscoverySource::Cursor:
        tool = u"Cursor"_s;
        break;
    case DiscoverySource::VsCode:
        tool = u"VS Code"_s;
        break;
    case DiscoverySource::McpHub:
        tool = u"mcp-hub"_s;
        break;
    case DiscoverySource::File:
        return file;
    }
    return scope.isEmpty() ? tool : tool + u" ("_s + scope + u')';
}

QString DiscoveredServer::transportName() const
{
    return importable() ? transportKindName(config.transport) : u"?"_s;
}

QString DiscoveredServer::target() const
{
    // From the entry as written: "${TOKEN}" shows as such, and a literal token is masked.
    if (entry.contains(u"url"_s)) {
        const QUrl url(entry.value(u"url"_s).toString());
        return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
    }
    QStringList args;
    for (const QJsonValue &a : entry.value(u"args"_s).toArray())
        args.append(a.toVariant().toString());
    return maskSecrets(entry.value(u"command"_s).toString(), args);
}

QStringList DiscoveredServer::envNames() const
{
    return namesOf(entry.value(u"env"_s));
}

QStringList DiscoveredServer::headerNames() const
{
    return namesOf(entry.value(u"headers"_s));
}

QJsonObject DiscoveredServer::toJson() const
{
    QJsonArray origins;
    for (const DiscoveryOrigin &o : this->origins) {
        QJsonObject obj {{"source"_L1, discoverySourceName(o.source)}, {"file"_L1, o.file}};
        if (!o.scope.isEmpty())
            obj.insert("scope"_L1, o.scope);
        origins.append(obj);
    }
    QJsonObject out {{"name"_L1, name}, {"import_name"_L1, importName}, {"origins"_L1, origins},
        {"transport"_L1, transportName()}, {"target"_L1, target()},
        {"env"_L1, QJsonArray::fromStringList(envNames())},
        {"headers"_L1, QJsonArray::fromStringList(headerNames())}, {"importable"_L1, importable()}};
    if (!problems.isEmpty())
        out.insert("problems"_L1, QJsonArray::fromStringList(problems));
    return out;
}

int DiscoveryResult::importableCount() const
{
    return int(std::count_if(
        servers.begin(), servers.end(), [](const DiscoveredServer &s) { return s.importable(); }));
}

const DiscoveredServer *DiscoveryResult::find(const QString &name) const
{
    for (const DiscoveredServer &s : servers) {
        if (s.importName == name)
            return &s;
    }
    for (const DiscoveredServer &s : servers) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

ConfigDiscovery::Locations ConfigDiscovery::Locations::fromEnvironment(const QProcessEnvironment &env)
{
    Locations l;
    l.home = env.value(u"HOME"_s);
    if (l.home.isEmpty())
        l.home = QDir::homePath();
    l.configHome = env.value(u"XDG_CONFIG_HOME"_s);
    if (l.configHome.isEmpty() || QDir::isRelativePath(l.configHome)) // the XDG spec ignores relative paths
        l.configHome = l.home + u"/.config"_s;
    return l;
}

ConfigDiscovery::ConfigDiscovery(const Locations &locations, const QProcessEnvironment &env)
    : m_locations(locations)
    , m_env(env)
{ }

QList<DiscoveryOrigin> ConfigDiscovery::candidateFiles(std::optional<DiscoverySource> only) const
{
    const QString home = m_locations.home;
    const QString config = m_locations.configHome;
    const QString project
        = m_locations.projectDir.isEmpty() ? QString() : QDir(m_locations.projectDir).absolutePath();
    QList<DiscoveryOrigin> out;
    const auto add = [&](DiscoverySource source, const QString &file, const QString &scope = {}) {
        if (!only || *only == source)
            out.append({source, QDir::cleanPath(file), scope});
    };
    add(DiscoverySource::ClaudeDesktop, config + u"/Claude/claude_desktop_config.json"_s);
    // ~/.claude.json: user scope at the top, local scope under projects.<path>.
    add(DiscoverySource::ClaudeCode, home + u"/.claude.json"_s, u"user"_s);
    if (!project.isEmpty())
        add(DiscoverySource::ClaudeCode, project + u"/.mcp.json"_s, u"project "_s + project);
    add(DiscoverySource::Cursor, home + u"/.cursor/mcp.json"_s);
    if (!project.isEmpty())
        add(DiscoverySource::Cursor, project + u"/.cursor/mcp.json"_s, u"project "_s + project);
    if (!project.isEmpty())
        add(DiscoverySource::VsCode, project + u"/.vscode/mcp.json"_s, u"workspace "_s + project);
    add(DiscoverySource::VsCode, config + u"/Code/User/mcp.json"_s, u"user"_s);
    add(DiscoverySource::VsCode, config + u"/Code/User/settings.json"_s, u"user settings"_s);
    // mcphub.nvim and ravitemer/mcp-hub share ~/.config/mcphub/servers.json; others use mcp-hub/.
    add(DiscoverySource::McpHub, config + u"/mcphub/servers.json"_s);
    add(DiscoverySource::McpHub, config + u"/mcp-hub/servers.json"_s);
    return out;
}

DiscoveryResult ConfigDiscovery::discover(std::optional<DiscoverySource> only) const
{
    DiscoveryResult result;
    QSet<QString> seen; // a project folder that is the home folder must not read a file twice
    for (const DiscoveryOrigin &origin : candidateFiles(only)) {
        const QFileInfo fi(origin.file);
        const QString key = fi.exists() ? fi.canonicalFilePath() : origin.file;
        if (seen.contains(key))
            continue;
        seen.insert(key);
        readFile(origin, false, result);
    }
    return result;
}

std::optional<DiscoveryOrigin> ConfigDiscovery::toolConfig(const QString &path) const
{
    const QFileInfo target(path);
    const QString canonical
        = target.exists() ? target.canonicalFilePath() : QDir::cleanPath(target.absoluteFilePath());
    for (const DiscoveryOrigin &origin : candidateFiles()) {
        const QFileInfo fi(origin.file);
        if ((fi.exists() ? fi.canonicalFilePath() : origin.file) == canonical)
            return origin;
    }
    return std::nullopt;
}

DiscoveryResult ConfigDiscovery::discoverFile(const QString &path) const
{
    DiscoveryResult result;
    readFile({DiscoverySource::File, path, {}}, true, result);
    return result;
}

void ConfigDiscovery::readFile(const DiscoveryOrigin &origin, bool mustExist, DiscoveryResult &result) const
{
    const auto problem = [&](const QString &message) {
        result.problems.append({origin.file, 0, 0, {}, message});
    };
    QFile file(origin.file);
    if (!file.exists()) {
        if (mustExist)
            problem(u"cannot open: no such file"_s);
        return;
    }
    if (QFileInfo(origin.file).isDir()) {
        problem(u"cannot open: is a folder"_s);
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        problem(u"cannot open: "_s + file.errorString());
        return;
    }
    result.filesRead.append(origin.file);
    const QByteArray data = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError) {
        problem(u"cannot read: "_s + file.errorString());
        return;
    }
    if (data.size() > kMaxFileSize) {
        problem(u"the file is larger than 16 MiB; not read"_s);
        return;
    }
    // Lenient like VS Code (comments, trailing commas); values as written ("${TOKEN}" kept).
    ConfigIssue error;
    const std::optional<QJsonObject> root = ConfigWriter::readDocument(data, origin.file, &error);
    if (!root) {
        if (error.line > 0)
            result.problems.append(error);
        else
            problem(error.message.isEmpty() ? u"not a JSON object"_s : error.message);
        return;
    }
    const auto section = [&](const QJsonObject &object, const QString &key, const DiscoveryOrigin &where,
                             const QString &keyPath) {
        const QJsonValue v = object.value(key);
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isObject()) {
            result.problems.append({origin.file, 0, 0, keyPath, u"expected an object of servers"_s});
            return;
        }
        const QJsonObject servers = v.toObject();
        for (auto it = servers.begin(); it != servers.end(); ++it)
            addServer(it.key(), it.value(), where, keyPath + u'.' + it.key(), result);
    };
    section(*root, u"mcpServers"_s, origin, u"mcpServers"_s);
    section(*root, u"servers"_s, origin, u"servers"_s); // VS Code's .vscode/mcp.json, mcp-hub
    if (root->value(u"mcp"_s).isObject()) // VS Code's settings.json
        section(root->value(u"mcp"_s).toObject(), u"servers"_s, origin, u"mcp.servers"_s);
    // Claude Code's local scope: one server list per project folder.
    if (root->value(u"projects"_s).isObject()) {
        const QJsonObject projects = root->value(u"projects"_s).toObject();
        for (auto it = projects.begin(); it != projects.end(); ++it) {
            if (!it.value().isObject())
                continue;
            DiscoveryOrigin where = origin;
            where.scope = u"project "_s + it.key();
            section(
                it.value().toObject(), u"mcpServers"_s, where, u"projects."_s + it.key() + u".mcpServers"_s);
        }
    }
}

bool ConfigDiscovery::sameServer(const QJsonObject &a, const QJsonObject &b)
{
    if (a.contains(u"url"_s) || b.contains(u"url"_s))
        return a.value(u"url"_s) == b.value(u"url"_s);
    return a.value(u"command"_s) == b.value(u"command"_s) && a.value(u"args"_s) == b.value(u"args"_s);
}

QJsonObject ConfigDiscovery::lifelineEntry(const QJsonObject &entry)
{
    QJsonObject out;
    for (const QString &key : lifelineKeys()) {
        if (entry.contains(key))
            out.insert(key, entry.value(key));
    }
    return out;
}

void ConfigDiscovery::addServer(const QString &name, const QJsonValue &value, const DiscoveryOrigin &origin,
    const QString &keyPath, DiscoveryResult &result) const
{
    DiscoveredServer server;
    server.name = name;
    server.origins.append(origin);
    if (!value.isObject()) {
        server.problems.append(keyPath + u": expected an object (command/args or url)"_s);
    } else {
        // Other tools' keys (autoApprove, envFile, timeout, …) are theirs: Lifeline reads these.
        server.entry = lifelineEntry(value.toObject());
        // The loader decides what is usable, exactly as it will when the imported config is read.
        const QJsonObject probe {{u"mcpServers"_s, QJsonObject {{name, server.entry}}}};
        const ConfigLoader::Result loaded
            = ConfigLoader::parse(QJsonDocument(probe).toJson(QJsonDocument::Compact), origin.file, m_env);
        if (loaded.ok() && !loaded.config->servers.isEmpty()) {
            server.config = loaded.config->servers.first();
        } else {
            const QString prefix = u"mcpServers."_s + name;
            for (const ConfigIssue &issue : loaded.errors) {
                QString where = issue.keyPath;
                if (where.startsWith(prefix))
                    where = keyPath + where.mid(prefix.size());
                server.problems.append((where.isEmpty() ? keyPath : where) + u": "_s + issue.message);
            }
            if (server.problems.isEmpty())
                server.problems.append(keyPath + u": not a usable server"_s);
        }
    }

    // The same server in several tools is one server with several origins.
    for (DiscoveredServer &other : result.servers) {
        if (other.name != name || !value.isObject() || !other.problems.isEmpty()
            || !server.problems.isEmpty())
            continue;
        if (sameServer(other.entry, server.entry)) {
            if (!other.origins.contains(origin))
                other.origins.append(origin);
            return;
        }
    }
    // Another server of the same name: a name that says where it came from, else a number.
    const auto taken = [&](const QString &candidate) {
        return std::any_of(result.servers.begin(), result.servers.end(),
            [&](const DiscoveredServer &s) { return s.importName == candidate; });
    };
    server.importName = name;
    if (taken(server.importName)) {
        server.importName = name + u" ("_s + discoverySourceName(origin.source) + u')';
        for (int n = 2; taken(server.importName); ++n)
            server.importName = name + u'-' + QString::number(n);
    }
    result.servers.append(server);
}

} // namespace lifeline
