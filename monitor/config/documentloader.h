#pragma once

#include "configcontext.h"
#include "serverconfig.h"
#include "settingsparser.h"

#include <QHash>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <optional>

namespace lifeline {

// Walks a config document section by section: the servers (mcpServers, VS Code's servers) and
// Lifeline's own object (defaults and per-server settings, failover, alerts and their channels,
// listen, history, log), with ${VAR} expanded from `env`. Problems go to the context.
class DocumentLoader
{
public:
    using Path = ConfigPath;

    DocumentLoader(ConfigContext &ctx, const QProcessEnvironment &env);

    // The config, or nullopt when the context got errors.
    std::optional<Config> read(const QJsonObject &root);

private:
    QString expand(const QString &text, const Path &path);
    std::optional<QString> stringField(const QJsonObject &object, const QString &key, const Path &path);
    std::optional<KeyValueList> keyValues(
        const QJsonObject &object, const QString &key, const Path &path, bool headers);
    std::optional<ServerConfig> parseServer(const QString &name, const QJsonValue &value, const Path &path);
    void parseHistory(const QJsonValue &value, const Path &path, HistorySettings &h);
    void parseLog(const QJsonValue &value, const Path &path, LogSettings &log);
    void parseGateway(const QJsonValue &value, const Path &path, GatewaySettings &gateway);
    void parseLifeline(const QJsonValue &value, Config &config, QList<ServerConfig> &servers,
        const QHash<QString, QString> &known);
    void parseAlertChannels(const QJsonValue &value, const Path &path, Config &config);
    void parseFailover(
        const QJsonValue &value, const Path &path, Config &config, const QHash<QString, QString> &known);

    ConfigContext &m_ctx;
    SettingsParser m_settings;
    const QProcessEnvironment &m_env;
};

} // namespace lifeline
