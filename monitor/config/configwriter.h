#pragma once

#include "configloader.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <optional>

namespace lifeline {

// Changes a config file the way a person editing it would: only the edited keys change; other
// top-level keys, unknown keys, key order and values written as "${VAR}" stay as they were.
// A result that ConfigLoader would refuse is never written. JSONC comments cannot be kept (the
// previous file stays in <file>.bak); trailing commas are dropped.
class ConfigWriter
{
public:
    struct Edit
    {
        enum class Kind { SetSetting, RemoveSetting, SetServer, RemoveServer, SetLifeline, RemoveLifeline };
        Kind kind = Kind::SetSetting;
        QString server; // settings edits: empty for lifeline.defaults, else lifeline.servers.<server>
        QString key; // settings edits: a key of the settings object ("interval", "restart", …)
        QJsonValue value; // SetSetting: the value as the file should hold it; SetServer: the entry

        // Durations should be given in the file's style: formatDuration(ms), e.g. "30s".
        static Edit setSetting(const QString &server, const QString &key, const QJsonValue &value);
        static Edit removeSetting(const QString &server, const QString &key);
        // Adds the server (to mcpServers, or to VS Code's servers when that is the file's section),
        // or replaces its entry where it is, keeping the order of the keys the entry already had.
        static Edit setServer(const QString &name, const QJsonObject &entry);
        // Removes the entry and its lifeline.servers.<name> overrides.
        static Edit removeServer(const QString &name);
        // A key of the "lifeline" object itself ("failover", "alerts", "history" …), whole.
        static Edit setLifeline(const QString &key, const QJsonValue &value);
        static Edit removeLifeline(const QString &key);
    };

    struct Result
    {
        bool ok = false; // apply(): the edits give a usable config; write(): and it was written
        QByteArray text; // the new file
        std::optional<Config> config; // what ConfigLoader reads from `text`
        QList<ConfigIssue> errors; // why nothing was (or would be) written
        bool droppedComments = false; // the original had comments, which the new text lacks
        QString backupPath; // write(): the previous file, when there was one
    };

    // The new text for `original` (empty: a new file), checked with ConfigLoader.
    static Result apply(const QByteArray &original, const QList<Edit> &edits, const QString &fileName = {},
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // Applies the edits to the file as it is now (creating it, and its folder, when missing), keeps
    // the previous file as <path>.bak and replaces the file atomically (temp file + rename).
    static Result write(const QString &path, const QList<Edit> &edits,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // The file as the edits see it: comments and trailing commas allowed, values as written
    // ("${TOKEN}" is not expanded). Empty text reads as a new file's {"mcpServers": {}}.
    static std::optional<QJsonObject> readDocument(const QByteArray &text, QString *error = nullptr);
    // The same, with a syntax error located (file:line:column) as the loader reports it.
    static std::optional<QJsonObject> readDocument(
        const QByteArray &text, const QString &fileName, ConfigIssue *error);
    static bool hasComments(const QByteArray &text);
    // The document the edits see, from the loader's own read of the text (ConfigLoader::parse with a
    // Document): readDocument()'s answer without reading the text a second time.
    static std::optional<QJsonObject> editableDocument(const ConfigLoader::Document &read);
    static QString backupPathFor(const QString &path) { return path + QStringLiteral(".bak"); }
};

} // namespace lifeline
