#include "importcommand.h"

#include "config/configimport.h"

#include <algorithm>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

QString actionName(ConfigImport::Action action)
{
    switch (action) {
    case ConfigImport::Action::Add:
        return u"add"_s;
    case ConfigImport::Action::Replace:
        return u"replace"_s;
    case ConfigImport::Action::AlreadyThere:
        return u"already-there"_s;
    case ConfigImport::Action::NameTaken:
        return u"name-taken"_s;
    case ConfigImport::Action::NotUsable:
        break;
    }
    return u"not-usable"_s;
}

// What the listing says about a server against the target config.
QString statusText(ConfigImport::Action action)
{
    switch (action) {
    case ConfigImport::Action::Add:
    case ConfigImport::Action::Replace:
        return u"new"_s;
    case ConfigImport::Action::AlreadyThere:
        return u"in config"_s;
    case ConfigImport::Action::NameTaken:
        return u"name taken"_s;
    case ConfigImport::Action::NotUsable:
        break;
    }
    return u"not usable"_s;
}

QString fromText(const DiscoveredServer &s)
{
    QStringList labels;
    for (const DiscoveryOrigin &o : s.origins)
        labels.append(o.label());
    labels.removeDuplicates();
    return labels.join(u", "_s);
}

QString cell(const QString &text, qsizetype width)
{
    return text.size() > width ? text.left(width - 1) + u'…' : text.leftJustified(width);
}

QString table(const QList<QStringList> &rows, const QList<qsizetype> &maxWidths)
{
    QList<qsizetype> widths(maxWidths.size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::min(std::max(widths[c], row[c].size()), maxWidths[c]);
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 == row.size() ? row[c] : cell(row[c], widths[c]) + u"  "_s;
        out += line.trimmed() + u'\n';
    }
    return out;
}

} // namespace

int runImportCommand(const CommandLine &cl, const ConfigDiscovery::Locations &baseLocations,
    const QProcessEnvironment &env, QByteArray *out, QByteArray *err)
{
    const auto print = [out](const QString &text) { *out += text.toUtf8(); };
    const auto fail = [err](const QString &message) {
        *err += "mcp-lifeline import: " + message.toUtf8() + '\n';
        return 2;
    };

    ConfigDiscovery::Locations locations = baseLocations;
    if (!cl.projectDir.isEmpty()) {
        if (!QFileInfo(cl.projectDir).isDir())
            return fail(u"--project %1: no such folder"_s.arg(cl.projectDir));
        locations.projectDir = cl.projectDir;
    }
    const QString target
        = cl.configPath.isEmpty() ? locations.configHome + u"/mcp-lifeline/servers.json"_s : cl.configPath;

    const ConfigDiscovery discovery(locations, env);
    DiscoveryResult found;
    const std::optional<DiscoverySource> kind = discoverySourceFromName(cl.importFrom);
    if (cl.importFrom.isEmpty()) {
        found = discovery.discover();
    } else if (kind) {
        found = discovery.discover(kind);
    } else {
        found = discovery.discoverFile(cl.importFrom);
        // A file the user named that cannot be read at all: the command could not run.
        for (const ConfigIssue &issue : found.problems) {
            if (issue.keyPath.isEmpty())
                return fail(issue.toString());
        }
    }

    // The sources are only read: never import into one of them.
    if (const std::optional<DiscoveryOrigin> tool = discovery.toolConfig(target))
        return fail(ConfigImport::toolConfigMessage(target, *tool));
    QString targetError;
    const std::optional<QJsonObject> existing = ConfigImport::existingServers(target, &targetError);
    if (!existing)
        return fail(u"the config to import into cannot be read: "_s + targetError);
    for (const ConfigIssue &issue : found.problems)
        *err += "mcp-lifeline import: not read: " + issue.toString().toUtf8() + '\n';

    const bool importing = cl.importAll || !cl.importServers.isEmpty();
    if (!importing) {
        const ConfigImport::Plan status = ConfigImport::plan(found.servers, *existing, cl.replace);
        if (cl.json) {
            QJsonArray servers;
            for (qsizetype i = 0; i < found.servers.size(); ++i) {
                QJsonObject o = found.servers[i].toJson();
                o.insert("status"_L1, actionName(status.items[i].action));
                servers.append(o);
            }
            QJsonArray problems;
            for (const ConfigIssue &issue : found.problems)
                problems.append(issue.toString());
            const QJsonObject doc {{"target"_L1, target}, {"servers"_L1, servers}, {"problems"_L1, problems},
                {"files_read"_L1, QJsonArray::fromStringList(found.filesRead)}};
            *out += QJsonDocument(doc).toJson(QJsonDocument::Indented);
            return found.servers.isEmpty() ? 1 : 0;
        }
        if (found.servers.isEmpty()) {
            print(u"No MCP servers found. Looked in:\n"_s);
            const QList<DiscoveryOrigin> places = kind || cl.importFrom.isEmpty()
                ? discovery.candidateFiles(kind)
                : QList<DiscoveryOrigin> {{DiscoverySource::File, cl.importFrom, {}}};
            for (const DiscoveryOrigin &o : places)
                print(u"  %1  %2\n"_s.arg(
                    o.file, QFileInfo::exists(o.file) ? u"(no servers)"_s : u"(missing)"_s));
            return 1;
        }
        QList<QStringList> rows {{u"NAME"_s, u"STATUS"_s, u"TRANSPORT"_s, u"FROM"_s, u"COMMAND / URL"_s}};
        for (qsizetype i = 0; i < found.servers.size(); ++i) {
            const DiscoveredServer &s = found.servers[i];
            rows.append({s.importName, statusText(status.items[i].action), s.transportName(), fromText(s),
                s.importable() ? s.target() : s.problems.join(u"; "_s)});
        }
        print(u"Found %1 MCP server(s) in %2 file(s):\n\n"_s.arg(found.servers.size())
                  .arg(found.filesRead.size()));
        print(table(rows, {40, 10, 9, 48, 1000}));
        print(
            u"\nTo add them to %1:\n  mcp-lifeline import --all%2\n  mcp-lifeline import --server NAME …%2\n"_s
                .arg(target, cl.configPath.isEmpty() ? QString() : u" --config "_s + cl.configPath));
        return 0;
    }

    QList<DiscoveredServer> picked;
    QStringList missing;
    if (cl.importAll) {
        picked = found.servers;
    } else {
        for (const QString &name : cl.importServers) {
            if (const DiscoveredServer *s = found.find(name))
                picked.append(*s);
            else
                missing.append(name);
        }
    }
    const ConfigImport::Plan plan = ConfigImport::plan(picked, *existing, cl.replace);
    bool written = false;
    QString backup;
    if (!cl.dryRun && plan.writeCount() > 0) {
        const ConfigWriter::Result result = ConfigImport::write(target, plan, env);
        if (!result.ok) {
            QStringList lines;
            for (const ConfigIssue &issue : result.errors)
                lines.append(issue.toString());
            return fail(u"nothing was written to %1:\n%2"_s.arg(target, lines.join(u'\n')));
        }
        written = true;
        backup = result.backupPath;
    }

    bool complete = !found.servers.isEmpty() && missing.isEmpty();
    for (const ConfigImport::Item &item : plan.items) {
        if (item.action == ConfigImport::Action::NameTaken || item.action == ConfigImport::Action::NotUsable)
            complete = false;
    }
    if (cl.json) {
        QJsonArray items;
        for (const ConfigImport::Item &item : plan.items) {
            QJsonObject o {{"name"_L1, item.name}, {"action"_L1, actionName(item.action)}};
            if (!item.reason.isEmpty())
                o.insert("reason"_L1, item.reason);
            items.append(o);
        }
        for (const QString &name : missing)
            items.append(QJsonObject {{"name"_L1, name}, {"action"_L1, u"not-found"_s}});
        const QJsonObject doc {
            {"target"_L1, target}, {"dry_run"_L1, cl.dryRun}, {"written"_L1, written}, {"servers"_L1, items}};
        *out += QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return complete ? 0 : 1;
    }
    const QString verb = cl.dryRun ? u"Would add"_s : u"Added"_s;
    for (const ConfigImport::Item &item : plan.items) {
        if (item.action == ConfigImport::Action::Add)
            print(u"%1 %2\n"_s.arg(verb, item.name));
        else if (item.action == ConfigImport::Action::Replace)
            print(u"%1 %2\n"_s.arg(cl.dryRun ? u"Would replace"_s : u"Replaced"_s, item.name));
        else
            print(u"Skipped %1: %2\n"_s.arg(item.name, item.reason));
    }
    for (const QString &name : missing)
        print(u"Not found: %1 (mcp-lifeline import --list shows what was found)\n"_s.arg(name));
    if (found.servers.isEmpty())
        print(u"No MCP servers found to import.\n"_s);
    if (cl.dryRun)
        print(u"Nothing written (--dry-run); the config is %1\n"_s.arg(target));
    else if (written)
        print(u"Wrote %1%2\n"_s.arg(
            target, backup.isEmpty() ? QString() : u" (previous file: %1)"_s.arg(backup)));
    else
        print(u"Nothing to write; %1 is unchanged\n"_s.arg(target));
    return complete ? 0 : 1;
}

int runImportCommand(const CommandLine &cl)
{
    QByteArray out, err;
    ConfigDiscovery::Locations locations = ConfigDiscovery::Locations::fromEnvironment();
    // Run in a project, it reads that project's files too; run at home, home's are read anyway.
    locations.projectDir = QDir::currentPath();
    const int code = runImportCommand(cl, locations, QProcessEnvironment::systemEnvironment(), &out, &err);
    std::fputs(err.constData(), stderr);
    std::fputs(out.constData(), stdout);
    return code;
}

} // namespace lifeline
