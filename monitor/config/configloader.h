#pragma once

#include "serverconfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <variant>

namespace lifeline {

// Reads the mcpServers format (Claude Desktop, Claude Code, Cursor, mcp-hub), VS Code's
// `servers` key, and Lifeline's own `lifeline` object. Never throws, never crashes on input:
// any problem comes back as issues naming file:line:column or the key path.
class ConfigLoader
{
public:
    // The largest config file read (Claude Code's ~/.claude.json grows with its history); one
    // byte more tells a reader "too big". Every reader of config files uses this one.
    static constexpr qint64 kMaxFileSize = 16 * 1024 * 1024;

    struct Result
    {
        std::optional<Config> config; // set when the file is usable
        QList<ConfigIssue> errors; // set when it is not
        bool ok() const { return config.has_value(); }
    };

    // The text as a JSON tree, from the same reader pass as the config: what an editor of the
    // file (the settings dialog) edits, so that it need not read the text again.
    struct Document
    {
        std::optional<QJsonObject> root; // nullopt: not a JSON object (the loader's errors say why)
        bool empty = false; // nothing but blanks and comments
        bool hasComments = false; // comments outside of a syntax error's aftermath
    };

    static Result loadFile(
        const QString &path, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    static Result parse(const QByteArray &json, const QString &fileName,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
        Document *document = nullptr);

    // Parses one settings object (the shape of `lifeline.defaults`) over `base`.
    static MonitorSettings parseSettings(const QJsonObject &object, const MonitorSettings &base,
        const QString &keyPath, QList<ConfigIssue> &errors, QList<ConfigIssue> &warnings,
        const QString &fileName);

    // ${VAR}, ${env:VAR} and ${VAR:-default} in a config value, as the loader expands them; what
    // it could not expand (an unset variable, a malformed reference) is added to `warnings`.
    static QString expandVariables(
        const QString &text, const QProcessEnvironment &env, QStringList *warnings = nullptr);

    static QString defaultConfigPath(); // $XDG_CONFIG_HOME/mcp-lifeline/servers.json

    // How many texts parse() has read in this process: a config should be parsed once per change
    // and handed to every part as it is (tests hold the program to that).
    static quint64 parseCount();
    // The loader's rules on a piece of a config a person is typing (one server entry, the failover
    // groups), for the settings dialog's fields: the errors only. Not a config load: not counted.
    static QList<ConfigIssue> checkFragment(const QJsonObject &document);
};

} // namespace lifeline
