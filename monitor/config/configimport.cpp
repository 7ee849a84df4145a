#include "configimport.h"

#include <algorithm>

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace lifeline {

int ConfigImport::Plan::writeCount() const
{
    return int(std::count_if(items.begin(), items.end(), [](const Item &i) { return i.writes(); }));
}

std::optional<QJsonObject> ConfigImport::existingServers(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return QJsonObject {};
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"%1: cannot open: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray data = file.read(ConfigLoader::kMaxFileSize + 1);
    ConfigIssue parseError;
    const std::optional<QJsonObject> root = ConfigWriter::readDocument(data, path, &parseError);
    if (!root) {
        if (error)
            *error = parseError.toString();
        return std::nullopt;
    }
    QJsonObject servers;
    for (const QString &section : {u"servers"_s, u"mcpServers"_s}) {
        const QJsonObject entries = root->value(section).toObject();
        for (auto it = entries.begin(); it != entries.end(); ++it)
            servers.insert(it.key(), it.value());
    }
    return servers;
}

QString ConfigImport::toolConfigMessage(const QString &target, const DiscoveryOrigin &tool)
{
    return u"%1 is the config of %2; an import never changes another tool's files: import into "
           "Lifeline's own config (--config FILE)"_s.arg(target, tool.label());
}

ConfigImport::Scan ConfigImport::scan(
    const ConfigDiscovery::Locations &locations, const QString &target, const QProcessEnvironment &env)
{
    Scan scan;
    const ConfigDiscovery discovery(locations, env);
    scan.found = discovery.discover();
    if (const std::optional<DiscoveryOrigin> tool = discovery.toolConfig(target)) {
        scan.targetError = toolConfigMessage(target, *tool);
        return scan;
    }
    if (const std::optional<QJsonObject> existing = existingServers(target, &scan.targetError))
        scan.existing = *existing;
    return scan;
}

ConfigImport::Plan ConfigImport::plan(
    const QList<DiscoveredServer> &picked, const QJsonObject &existing, bool replace)
{
    Plan plan;
    for (const DiscoveredServer &s : picked) {
        Item item;
        item.name = s.importName;
        if (!s.importable()) {
            item.action = Action::NotUsable;
            item.reason = s.problems.join(u"; "_s);
        } else if (existing.contains(s.importName)) {
            const QJsonObject there = existing.value(s.importName).toObject();
            if (ConfigDiscovery::sameServer(there, s.entry)) {
                item.action = Action::AlreadyThere;
                item.reason = u"already in the config"_s;
            } else if (replace) {
                item.action = Action::Replace;
            } else {
                item.action = Action::NameTaken;
                item.reason
                    = u"a different server of this name is in the config; kept (--replace overwrites it)"_s;
            }
        }
        if (item.writes())
            plan.edits.append(ConfigWriter::Edit::setServer(s.importName, s.entry));
        plan.items.append(item);
    }
    return plan;
}

ConfigWriter::Result ConfigImport::write(
    const QString &path, const Plan &plan, const QProcessEnvironment &env)
{
    if (plan.edits.isEmpty()) {
        ConfigWriter::Result nothing;
        nothing.ok = true;
        return nothing;
    }
    return ConfigWriter::write(path, plan.edits, env);
}

} // namespace lifeline
