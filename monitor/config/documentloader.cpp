#include "documentloader.h"

#include <algorithm>
#include <cmath>

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include "alertconfig.h"
#include "channelsettings.h"
#include "configloader.h"
#include "duration.h"
#include "listenaddress.h"
#include "settingvalue.h"

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr int kMaxNameLength = 128;

// Numbers in args, env and headers are accepted as their text ("PORT": 3000).
std::optional<QString> scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    return std::nullopt;
}

constexpr qint64 kMinLogBytes = 64 * 1024;
constexpr qint64 kMaxLogBytes = 1024LL * 1024 * 1024;

// A size in bytes: a whole number, or a string with a binary unit ("512KiB", "5MiB", "1GiB";
// K, M, G and KB, MB, GB mean the same powers of two: nobody sizes a log in powers of ten).
std::optional<qint64> parseByteSize(const QJsonValue &value, QString *why)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d >= 0 && d == std::floor(d) && d < 9007199254740992.0)
            return qint64(d);
        *why = u"expected a whole number of bytes or a size like \"5MiB\", got %1"_s.arg(writtenValue(value));
        return std::nullopt;
    }
    static const QRegularExpression re(u"^\\s*(\\d{1,7})\\s*(B|K|KB|KiB|M|MB|MiB|G|GB|GiB)?\\s*$"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m
        = value.isString() ? re.match(value.toString()) : QRegularExpressionMatch();
    if (!m.hasMatch()) {
        *why = u"expected a whole number of bytes or a size like \"5MiB\", got %1"_s.arg(writtenValue(value));
        return std::nullopt;
    }
    const QChar unit = m.captured(2).isEmpty() ? u'B' : m.captured(2).at(0).toUpper();
    int shift = 0;
    if (unit == u'K')
        shift = 10;
    else if (unit == u'M')
        shift = 20;
    else if (unit == u'G')
        shift = 30;
    return m.captured(1).toLongLong() << shift;
}

} // namespace

DocumentLoader::DocumentLoader(ConfigContext &ctx, const QProcessEnvironment &env)
    : m_ctx(ctx)
    , m_settings(ctx)
    , m_env(env)
{ }

QString DocumentLoader::expand(const QString &text, const Path &path)
{
    QStringList warnings;
    const QString out = ConfigLoader::expandVariables(text, m_env, &warnings);
    for (const QString &w : warnings)
        m_ctx.warning(path, w);
    return out;
}

std::optional<QString> DocumentLoader::stringField(
    const QJsonObject &object, const QString &key, const Path &path)
{
    const QJsonValue v = object.value(key);
    if (!v.isString()) {
        m_ctx.error(path / key, u"expected a string"_s);
        return std::nullopt;
    }
    return expand(v.toString(), path / key);
}

// env and headers: an object of strings, in file order.
std::optional<KeyValueList> DocumentLoader::keyValues(
    const QJsonObject &object, const QString &key, const Path &path, bool headers)
{
    const QJsonValue v = object.value(key);
    const Path here = path / key;
    if (!v.isObject()) {
        m_ctx.error(here, u"expected an object of strings"_s);
        return std::nullopt;
    }
    const QJsonObject map = v.toObject();
    const int before = m_ctx.errorCount();
    KeyValueList out;
    for (const QString &name : m_ctx.orderedKeys(map, here)) {
        const Path at = here / name;
        if (headers && !isHttpHeaderName(name)) {
            m_ctx.error(at, u"%1 is not a valid HTTP header name"_s.arg(quotedValue(name)));
            continue;
        }
        if (!headers && (name.isEmpty() || name.contains(u'=') || name.contains(QChar(0)))) {
            m_ctx.error(at, u"%1 is not a valid environment variable name"_s.arg(quotedValue(name)));
            continue;
        }
        const std::optional<QString> text = scalarText(map.value(name));
        if (!text) {
            m_ctx.error(at, u"expected a string"_s);
            continue;
        }
        const QString value = expand(*text, at);
        if (headers && (value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0)))) {
            m_ctx.error(at, u"a header value must not contain line breaks or NUL"_s);
            continue;
        }
        out.append({name, value});
    }
    if (m_ctx.errorCount() != before)
        return std::nullopt;
    return out;
}

std::optional<ServerConfig> DocumentLoader::parseServer(
    const QString &name, const QJsonValue &value, const Path &path)
{
    if (!value.isObject()) {
        m_ctx.error(path, u"expected an object describing the server"_s);
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    m_ctx.warnUnknownKeys(
        o, path, {u"command", u"args", u"env", u"cwd", u"url", u"headers", u"type", u"disabled"});
    const int before = m_ctx.errorCount();
    ServerConfig server;
    server.name = name;

    const bool hasCommand = o.contains(u"command"_s);
    const bool hasUrl = o.contains(u"url"_s);
    std::optional<TransportKind> declared;
    QString typeText;
    if (o.contains(u"type"_s)) {
        typeText = o.value(u"type"_s).toString();
        const QString t = typeText.toLower();
        if (!o.value(u"type"_s).isString())
            m_ctx.error(path / u"type"_s, u"expected a string: \"stdio\", \"http\" or \"sse\""_s);
        else if (t == u"stdio")
            declared = TransportKind::Stdio;
        else if (t == u"http" || t == u"streamable-http" || t == u"streamablehttp")
            declared = TransportKind::StreamableHttp;
        else if (t == u"sse")
            declared = TransportKind::Sse;
        else
            m_ctx.error(path / u"type"_s,
                u"unknown type %1 (use \"stdio\", \"http\" or \"sse\")"_s.arg(quotedValue(typeText)));
    }

    if (hasCommand && hasUrl) {
        m_ctx.error(
            path, u"has both \"command\" and \"url\"; a server is either local (command) or remote (url)"_s);
    } else if (!hasCommand && !hasUrl) {
        m_ctx.error(path, u"needs \"command\" (a local stdio server) or \"url\" (a remote server)"_s);
    } else if (declared == TransportKind::Stdio && !hasCommand) {
        m_ctx.error(path / u"type"_s, u"type \"stdio\" needs \"command\", not \"url\""_s);
    } else if (declared && declared != TransportKind::Stdio && !hasUrl) {
        m_ctx.error(path / u"type"_s, u"type %1 needs \"url\", not \"command\""_s.arg(quotedValue(typeText)));
    }
    server.transport
        = declared.value_or(hasUrl && !hasCommand ? TransportKind::AutoHttp : TransportKind::Stdio);

    if (hasCommand) {
        if (const auto command = stringField(o, u"command"_s, path)) {
            server.command = *command;
            if (command->trimmed().isEmpty())
                m_ctx.error(path / u"command"_s, u"must not be empty"_s);
        }
    }
    if (o.contains(u"args"_s)) {
        const QJsonValue v = o.value(u"args"_s);
        if (!v.isArray()) {
            m_ctx.error(path / u"args"_s, u"expected an array of strings"_s);
        } else {
            const QJsonArray array = v.toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const Path at = path / u"args"_s / ConfigContext::indexComponent(i);
                if (const auto text = scalarText(array.at(i)))
                    server.args.append(expand(*text, at));
                else
                    m_ctx.error(at, u"expected a string"_s);
            }
        }
    }
    if (o.contains(u"env"_s)) {
        if (const auto env = keyValues(o, u"env"_s, path, false))
            server.env = *env;
    }
    if (o.contains(u"cwd"_s)) {
        if (const auto cwd = stringField(o, u"cwd"_s, path))
            server.cwd = *cwd;
    }
    if (hasUrl) {
        const QJsonValue v = o.value(u"url"_s);
        if (const auto text = stringField(o, u"url"_s, path)) {
            // Messages show the URL as written: the expanded one may carry a token.
            const QString written = quotedValue(v.toString());
            const QUrl url(text->trimmed(), QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (text->trimmed().isEmpty())
                m_ctx.error(path / u"url"_s, u"must not be empty"_s);
            else if (!url.isValid())
                m_ctx.error(path / u"url"_s, u"%1 is not a valid URL"_s.arg(written));
            else if (scheme != u"http" && scheme != u"https")
                m_ctx.error(path / u"url"_s, u"%1 is not an http or https URL"_s.arg(written));
            else if (url.host().isEmpty())
                m_ctx.error(path / u"url"_s, u"%1 has no host"_s.arg(written));
            else
                server.url = url;
        }
    }
    if (o.contains(u"headers"_s)) {
        if (const auto headers = keyValues(o, u"headers"_s, path, true))
            server.headers = *headers;
    }
    if (o.contains(u"disabled"_s)) {
        if (o.value(u"disabled"_s).isBool())
            server.disabled = o.value(u"disabled"_s).toBool();
        else
            m_ctx.error(path / u"disabled"_s, u"expected true or false"_s);
    }
    if (hasCommand != hasUrl) {
        const QStringList misplaced
            = hasUrl ? QStringList {u"args"_s, u"env"_s, u"cwd"_s} : QStringList {u"headers"_s};
        for (const QString &key : misplaced) {
            if (o.contains(key)) {
                m_ctx.warning(path / key,
                    hasUrl ? u"ignored: only local (command) servers use it"_s
                           : u"ignored: only remote (url) servers use it"_s);
            }
        }
    }
    if (m_ctx.errorCount() != before)
        return std::nullopt;
    return server;
}

std::optional<Config> DocumentLoader::read(const QJsonObject &root)
{
    Config config;
    const bool hasMcp = root.contains(u"mcpServers"_s);
    const bool hasVsCode = root.contains(u"servers"_s);
    if (!hasMcp && !hasVsCode)
        m_ctx.error(
            {}, u"no \"mcpServers\" object (or VS Code's \"servers\"): there is nothing to monitor"_s);

    // Which section each name came from, to name both places when one is defined twice.
    QHash<QString, QString> sectionOf;
    QList<ServerConfig> servers;
    for (const QString &section : {u"mcpServers"_s, u"servers"_s}) {
        if (!root.contains(section))
            continue;
        const Path sectionPath {section};
        const QJsonValue v = root.value(section);
        if (!v.isObject()) {
            m_ctx.error(sectionPath, u"expected an object mapping server names to their settings"_s);
            continue;
        }
        const QJsonObject entries = v.toObject();
        for (const QString &name : m_ctx.orderedKeys(entries, sectionPath)) {
            const Path path = sectionPath / name;
            if (name.isEmpty()) {
                m_ctx.error(path, u"a server name must not be empty"_s);
                continue;
            }
            if (name.toUcs4().size() > kMaxNameLength) {
                m_ctx.error(path, u"a server name must be at most %1 characters"_s.arg(kMaxNameLength));
                continue;
            }
            if (std::any_of(
                    name.begin(), name.end(), [](QChar c) { return c.category() == QChar::Other_Control; })) {
                m_ctx.error(path, u"a server name must not contain control characters"_s);
                continue;
            }
            if (sectionOf.contains(name)) {
                m_ctx.error(path,
                    u"server %1 is also defined at %2.%3; names must be unique"_s.arg(
                        quotedValue(name), sectionOf.value(name), name));
                continue;
            }
            sectionOf.insert(name, section);
            if (auto server = parseServer(name, entries.value(name), path))
                servers.append(*server);
        }
    }

    if (root.contains(u"lifeline"_s))
        parseLifeline(root.value(u"lifeline"_s), config, servers, sectionOf);

    if (m_ctx.errorCount() > 0)
        return std::nullopt;
    std::sort(servers.begin(), servers.end(),
        [](const ServerConfig &a, const ServerConfig &b) { return a.name < b.name; });
    config.servers = servers;
    return config;
}

// `lifeline.history`: {"retention": {"samples": "48h", "minutes": "14d", "hours": "180d",
// "days": "forever", "events": "180d"}, "flushInterval": "1s", "batchRows": 2000}
void DocumentLoader::parseHistory(const QJsonValue &value, const Path &path, HistorySettings &h)
{
    if (!value.isObject()) {
        m_ctx.error(path, u"expected an object like {\"retention\": {\"samples\": \"48h\"}}"_s);
        return;
    }
    const QJsonObject o = value.toObject();
    m_ctx.warnUnknownKeys(o, path, {u"retention", u"flushInterval", u"batchRows"});
    if (o.contains(u"retention"_s)) {
        const Path rp = path / u"retention"_s;
        if (!o.value(u"retention"_s).isObject()) {
            m_ctx.error(rp, u"expected an object"_s);
        } else {
            const QJsonObject r = o.value(u"retention"_s).toObject();
            m_ctx.warnUnknownKeys(r, rp, {u"samples", u"minutes", u"hours", u"days", u"events"});
            const std::pair<const char16_t *, qint64 *> keys[]
                = {{u"samples", &h.samplesMs}, {u"minutes", &h.minutesMs}, {u"hours", &h.hoursMs},
                    {u"days", &h.daysMs}, {u"events", &h.eventsMs}};
            for (const auto &[key, target] : keys) {
                const QString k = QString::fromUtf16(key);
                if (!r.contains(k))
                    continue;
                const QJsonValue v = r.value(k);
                if (v.toString() == u"forever") {
                    *target = -1;
                    continue;
                }
                QString why;
                const auto ms = parseDuration(v, &why);
                if (!ms)
                    m_ctx.error(rp / k, why + u" (or \"forever\")"_s);
                else if (*ms < 3600000)
                    m_ctx.error(rp / k, u"%1 is too short; keep history at least 1h"_s.arg(writtenValue(v)));
                else
                    *target = *ms;
            }
        }
    }
    if (o.contains(u"flushInterval"_s)) {
        if (const auto ms = m_settings.duration(o.value(u"flushInterval"_s), path / u"flushInterval"_s, 50))
            h.flushIntervalMs = *ms;
    }
    if (o.contains(u"batchRows"_s)) {
        const QJsonValue v = o.value(u"batchRows"_s);
        if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() > 1000000 || v.toDouble() != double(v.toInt()))
            m_ctx.error(path / u"batchRows"_s, u"expected a whole number from 1 to 1000000"_s);
        else
            h.batchRows = v.toInt();
    }
}

// `lifeline.log`: {"enabled": true, "maxSize": "5MiB", "files": 5}
void DocumentLoader::parseLog(const QJsonValue &value, const Path &path, LogSettings &log)
{
    if (!value.isObject()) {
        m_ctx.error(path, u"expected an object like {\"maxSize\": \"5MiB\", \"files\": 5}"_s);
        return;
    }
    const QJsonObject o = value.toObject();
    m_ctx.warnUnknownKeys(o, path, {u"enabled", u"maxSize", u"files"});
    if (o.contains(u"enabled"_s)) {
        if (!o.value(u"enabled"_s).isBool())
            m_ctx.error(path / u"enabled"_s, u"expected true or false"_s);
        else
            log.enabled = o.value(u"enabled"_s).toBool();
    }
    if (o.contains(u"maxSize"_s)) {
        const QJsonValue v = o.value(u"maxSize"_s);
        QString why;
        const std::optional<qint64> bytes = parseByteSize(v, &why);
        if (!bytes)
            m_ctx.error(path / u"maxSize"_s, why);
        else if (*bytes < kMinLogBytes || *bytes > kMaxLogBytes)
            m_ctx.error(
                path / u"maxSize"_s, u"%1 is out of range; expected 64KiB to 1GiB"_s.arg(writtenValue(v)));
        else
            log.maxBytes = *bytes;
    }
    if (o.contains(u"files"_s)) {
        QString why;
        if (const auto n = wholeNumberInRange(o.value(u"files"_s), 1, 100, &why))
            log.files = *n;
        else
            m_ctx.error(path / u"files"_s, why);
    }
}

// `lifeline.gateway`: {"enabled": true, "waitForMember": "10s", "callTimeout": "2m",
// "retry": "safe" | "never", "maxReplays": 2, "strategy": "round_robin" | {"group": "least_latency"}}
void DocumentLoader::parseGateway(const QJsonValue &value, const Path &path, GatewaySettings &gateway)
{
    if (!value.isObject()) {
        m_ctx.error(path, u"expected an object like {\"waitForMember\": \"10s\"}"_s);
        return;
    }
    const QJsonObject o = value.toObject();
    m_ctx.warnUnknownKeys(
        o, path, {u"enabled", u"waitForMember", u"callTimeout", u"retry", u"maxReplays", u"strategy"});
    if (o.contains(u"enabled"_s)) {
        if (!o.value(u"enabled"_s).isBool())
            m_ctx.error(path / u"enabled"_s, u"expected true or false"_s);
        else
            gateway.enabled = o.value(u"enabled"_s).toBool();
    }
    const auto duration = [&](const QString &key, qint64 minMs, qint64 maxMs, int &target, bool zeroIsOff) {
        if (!o.contains(key))
            return;
        QString why;
        if (const auto ms = durationInRange(o.value(key), minMs, maxMs, &why, zeroIsOff))
            target = int(*ms);
        else
            m_ctx.error(path / key, why);
    };
    duration(u"waitForMember"_s, 10, 3600LL * 1000, gateway.waitForMemberMs, true);
    duration(u"callTimeout"_s, 100, 24LL * 3600 * 1000, gateway.callTimeoutMs, false);
    if (o.contains(u"retry"_s)) {
        const QString retry = o.value(u"retry"_s).toString();
        if (retry != "safe"_L1 && retry != "never"_L1)
            m_ctx.error(path / u"retry"_s,
                u"expected \"safe\" (replay list/read calls and read-only or idempotent tools) or \"never\""_s);
        else
            gateway.replaySafeCalls = retry == "safe"_L1;
    }
    if (o.contains(u"maxReplays"_s)) {
        QString why;
        if (const auto n = wholeNumberInRange(o.value(u"maxReplays"_s), 0, 10, &why))
            gateway.maxReplays = *n;
        else
            m_ctx.error(path / u"maxReplays"_s, why);
    }
    // "strategy": "round_robin" for every group, or {"group": "least_latency", …} for some.
    const auto strategy = [&](const QJsonValue &v, const Path &at) -> std::optional<GatewayStrategy> {
        for (GatewayStrategy s :
            {GatewayStrategy::Failover, GatewayStrategy::RoundRobin, GatewayStrategy::LeastLatency}) {
            if (v.toString() == gatewayStrategyName(s))
                return s;
        }
        m_ctx.error(at, u"expected \"failover\", \"round_robin\" or \"least_latency\""_s);
        return std::nullopt;
    };
    const QJsonValue s = o.value(u"strategy"_s);
    if (s.isObject()) {
        const QJsonObject groups = s.toObject();
        for (auto it = groups.begin(); it != groups.end(); ++it) {
            if (const auto st = strategy(it.value(), path / u"strategy"_s / it.key()))
                gateway.groupStrategies.insert(it.key(), *st);
        }
    } else if (!s.isUndefined()) {
        if (const auto st = strategy(s, path / u"strategy"_s))
            gateway.strategy = *st;
    }
}

void DocumentLoader::parseLifeline(const QJsonValue &value, Config &config, QList<ServerConfig> &servers,
    const QHash<QString, QString> &known)
{
    const Path path {u"lifeline"_s};
    if (!value.isObject()) {
        m_ctx.error(path, u"expected an object"_s);
        return;
    }
    const QJsonObject lifeline = value.toObject();
    m_ctx.warnUnknownKeys(lifeline, path,
        {u"defaults", u"servers", u"failover", u"alerts", u"listen", u"history", u"log", u"gateway"});
    if (lifeline.contains(u"gateway"_s))
        parseGateway(lifeline.value(u"gateway"_s), path / u"gateway"_s, config.gateway);
    if (lifeline.contains(u"history"_s))
        parseHistory(lifeline.value(u"history"_s), path / u"history"_s, config.history);
    if (lifeline.contains(u"log"_s))
        parseLog(lifeline.value(u"log"_s), path / u"log"_s, config.log);
    if (lifeline.contains(u"listen"_s)) {
        const QJsonValue v = lifeline.value(u"listen"_s);
        QString problem;
        if (!v.isString())
            m_ctx.error(path / u"listen"_s, u"expected \"HOST:PORT\" or \"off\""_s);
        else if (const auto listen = ListenAddress::parse(v.toString(), &problem))
            config.listen = listen;
        else
            m_ctx.error(path / u"listen"_s, problem);
    }

    if (lifeline.contains(u"defaults"_s)) {
        const QJsonValue d = lifeline.value(u"defaults"_s);
        if (d.isObject())
            config.defaults = m_settings.settings(d.toObject(), MonitorSettings {}, path / u"defaults"_s);
        else
            m_ctx.error(path / u"defaults"_s, u"expected an object"_s);
    }
    QHash<QString, QJsonObject> overrides;
    if (lifeline.contains(u"servers"_s)) {
        const Path serversPath = path / u"servers"_s;
        const QJsonValue s = lifeline.value(u"servers"_s);
        if (!s.isObject()) {
            m_ctx.error(serversPath, u"expected an object mapping server names to settings"_s);
        } else {
            const QJsonObject map = s.toObject();
            for (const QString &name : m_ctx.orderedKeys(map, serversPath)) {
                const QJsonValue entry = map.value(name);
                if (!entry.isObject()) {
                    m_ctx.error(serversPath / name, u"expected an object"_s);
                    continue;
                }
                if (!known.contains(name)) {
                    m_ctx.warning(serversPath / name,
                        u"no server named %1 in mcpServers or servers"_s.arg(quotedValue(name)));
                }
                overrides.insert(name, entry.toObject());
                // Validated even for unknown servers, so a typo in the name does not hide a typo inside.
                const MonitorSettings merged
                    = m_settings.settings(entry.toObject(), config.defaults, serversPath / name);
                for (ServerConfig &server : servers) {
                    if (server.name == name)
                        server.settings = merged;
                }
            }
        }
    }
    for (ServerConfig &server : servers) {
        if (!overrides.contains(server.name))
            server.settings = config.defaults;
    }
    if (lifeline.contains(u"failover"_s))
        parseFailover(lifeline.value(u"failover"_s), path / u"failover"_s, config, known);
    if (lifeline.contains(u"alerts"_s))
        config.alerts = AlertConfig::parse(lifeline.value(u"alerts"_s), m_ctx, path / u"alerts"_s);
    if (const QJsonObject alerts = lifeline.value(u"alerts"_s).toObject(); alerts.contains(u"channels"_s))
        parseAlertChannels(alerts.value(u"channels"_s), path / u"alerts"_s / u"channels"_s, config);
}

// `lifeline.alerts.channels`; a bad channel refuses the file with the channel's place in it.
void DocumentLoader::parseAlertChannels(const QJsonValue &value, const Path &path, Config &config)
{
    config.channelsConfigured = true;
    config.channels = parseChannelSettings(value, m_ctx, path,
        [this, &path](const QString &text, const QStringList &at) { return expand(text, path + at); });
}

void DocumentLoader::parseFailover(
    const QJsonValue &value, const Path &path, Config &config, const QHash<QString, QString> &known)
{
    if (!value.isObject()) {
        m_ctx.error(
            path, u"expected an object mapping group names to {\"primary\": …, \"fallbacks\": [ … ]}"_s);
        return;
    }
    const QJsonObject groups = value.toObject();
    QHash<QString, QString> groupOf; // member → group: a server belongs to one group at most
    auto member = [&](const QJsonValue &v, const Path &at, const QString &group) -> QString {
        if (!v.isString() || v.toString().isEmpty()) {
            m_ctx.error(at, u"expected a server name"_s);
            return {};
        }
        const QString name = v.toString();
        if (!known.contains(name)) {
            m_ctx.error(at, u"no server named %1 in mcpServers or servers"_s.arg(quotedValue(name)));
            return {};
        }
        if (groupOf.contains(name)) {
            m_ctx.error(at,
                u"server %1 is already in group %2; a server belongs to one group"_s.arg(
                    quotedValue(name), quotedValue(groupOf.value(name))));
            return {};
        }
        groupOf.insert(name, group);
        return name;
    };
    for (const QString &name : m_ctx.orderedKeys(groups, path)) {
        const Path gp = path / name;
        if (!groups.value(name).isObject()) {
            m_ctx.error(gp, u"expected an object like {\"primary\": \"a\", \"fallbacks\": [\"b\"]}"_s);
            continue;
        }
        const QJsonObject g = groups.value(name).toObject();
        m_ctx.warnUnknownKeys(g, gp, {u"primary", u"fallbacks", u"auto", u"restoreAfter", u"strategy"});
        const int before = m_ctx.errorCount();
        FailoverGroup group;
        group.name = name;
        if (!g.contains(u"primary"_s))
            m_ctx.error(gp, u"a failover group needs \"primary\": the name of its main server"_s);
        else
            group.primary = member(g.value(u"primary"_s), gp / u"primary"_s, name);
        if (g.contains(u"fallbacks"_s)) {
            const QJsonValue f = g.value(u"fallbacks"_s);
            if (!f.isArray()) {
                m_ctx.error(gp / u"fallbacks"_s, u"expected a list of server names"_s);
            } else {
                const QJsonArray a = f.toArray();
                for (qsizetype i = 0; i < a.size(); ++i) {
                    const QString m
                        = member(a.at(i), gp / u"fallbacks"_s / ConfigContext::indexComponent(i), name);
                    if (!m.isEmpty())
                        group.fallbacks.append(m);
                }
            }
        }
        if (g.contains(u"auto"_s)) {
            if (g.value(u"auto"_s).isBool())
                group.automatic = g.value(u"auto"_s).toBool();
            else
                m_ctx.error(gp / u"auto"_s, u"expected true or false"_s);
        }
        if (g.contains(u"restoreAfter"_s)) {
            if (const auto ms = m_settings.duration(g.value(u"restoreAfter"_s), gp / u"restoreAfter"_s, 0))
                group.restoreAfterMs = *ms;
        }
        if (g.contains(u"strategy"_s)) {
            if (const auto strategy
                = m_ctx.choice<FailoverStrategy>(g.value(u"strategy"_s), gp / u"strategy"_s,
                    {{u"alternative_server", FailoverStrategy::AlternativeServer},
                        {u"graceful_degradation", FailoverStrategy::GracefulDegradation},
                        {u"manual", FailoverStrategy::Manual}}))
                group.strategy = *strategy;
        }
        if (m_ctx.errorCount() == before)
            config.failover.append(group);
    }
    std::sort(config.failover.begin(), config.failover.end(),
        [](const FailoverGroup &a, const FailoverGroup &b) { return a.name < b.name; });
}

} // namespace lifeline
