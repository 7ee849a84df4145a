#pragma once

#include "configdiscovery.h"
#include "configwriter.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace lifeline {

// Puts discovered servers into Lifeline's config: added when new, never overwriting a server the
// config already has unless asked to, written with ConfigWriter (atomic, .bak, unknown keys kept).
// The files the servers came from are only ever read.
class ConfigImport
{
public:
    enum class Action {
        Add, // new in the config
        Replace, // a different server of this name was there; replaced (asked for)
        AlreadyThere, // the same server is in the config already
        NameTaken, // a different server of this name is in the config; kept
        NotUsable, // the entry has problems (DiscoveredServer::problems)
    };
    struct Item
    {
        QString name; // the name in Lifeline's config
        Action action = Action::Add;
        QString reason; // for the skipped ones
        bool writes() const { return action == Action::Add || action == Action::Replace; }
    };
    struct Plan
    {
        QList<Item> items;
        QList<ConfigWriter::Edit> edits;
        int writeCount() const;
    };

    // What an import dialog shows: the servers found and the target's servers. Reads files only:
    // run it on a worker thread (QtConcurrent) from the GUI.
    struct Scan
    {
        DiscoveryResult found;
        QJsonObject existing; // the target's servers
        QString targetError; // set when the target cannot be read (then nothing can be imported)
    };
    static Scan scan(const ConfigDiscovery::Locations &locations, const QString &target,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // Why `target` cannot be imported into: it is another tool's config.
    static QString toolConfigMessage(const QString &target, const DiscoveryOrigin &tool);

    // The server entries the config at `path` has now (mcpServers and servers), as written; an
    // empty object when there is no file yet. nullopt when the file cannot be read or parsed.
    static std::optional<QJsonObject> existingServers(const QString &path, QString *error = nullptr);

    static Plan plan(const QList<DiscoveredServer> &picked, const QJsonObject &existing, bool replace);

    // Writes the plan's edits to `path` (creating it and its folder). Nothing to write: ok, no write.
    static ConfigWriter::Result write(const QString &path, const Plan &plan,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};

} // namespace lifeline
