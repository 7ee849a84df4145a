#include "channelsettings.h"

#include "duration.h"
#include "settingvalue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr qint64 kMinTimeoutMs = 50;
constexpr qint64 kMaxTimeoutMs = 10LL * 60 * 1000;
constexpr qint64 kMaxRetryDelayMs = 24LL * 3600 * 1000;
constexpr int kMaxAttempts = 100;
constexpr int kMaxQueue = 100000;

// The keys each type knows; anything else is a warning (a typo should not go unnoticed).
QStringList knownKeys(ChannelType type)
{
    QStringList keys {u"type"_s, u"name"_s, u"severities"_s, u"minSeverity"_s, u"resolved"_s};
    switch (type) {
    case ChannelType::Webhook:
        keys << u"url"_s << u"format"_s << u"headers"_s << u"timeout"_s << u"retry"_s << u"queue"_s;
        break;
    case ChannelType::Command:
        keys << u"command"_s << u"args"_s << u"timeout"_s << u"retry"_s << u"queue"_s;
        break;
    case ChannelType::Desktop:
        keys << u"timeout"_s;
        break;
    case ChannelType::Tray:
        break;
    }
    return keys;
}

class Parser
{
public:
    Parser(const ChannelExpander &expand, QList<ChannelIssue> *issues)
        : m_expand(expand)
        , m_issues(issues)
    { }

    QList<ChannelSettings> parse(const QJsonValue &value)
    {
        QList<ChannelSettings> out;
        if (!value.isArray()) {
            error(
                {}, u"expected a list of channels like [{\"type\": \"webhook\", \"url\": \"https://…\"}]"_s);
            return out;
        }
        const QJsonArray array = value.toArray();
        int perType[4] = {};
        QSet<QString> names;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QStringList at {u'[' + QString::number(i) + u']'};
            std::optional<ChannelSettings> channel = parseChannel(array.at(i), at);
            if (!channel)
                continue;
            const int n = ++perType[int(channel->type)];
            if (channel->name.isEmpty())
                channel->name
                    = channelTypeName(channel->type) + (n > 1 ? u'-' + QString::number(n) : QString());
            if (names.contains(channel->name)) {
                error(array.at(i).toObject().contains(u"name"_s) ? at + QStringList {u"name"_s} : at,
                    u"another channel is named \"%1\"; names must be unique"_s.arg(channel->name));
                continue;
            }
            names.insert(channel->name);
            out.append(*channel);
        }
        return out;
    }

private:
    void error(const QStringList &path, const QString &message)
    {
        ++m_errors;
        if (m_issues)
            m_issues->append({path, message, false});
    }
    void warning(const QStringList &path, const QString &message)
    {
        if (m_issues)
            m_issues->append({path, message, true});
    }

    std::optional<qint64> duration(
        const QJsonValue &value, const QStringList &path, qint64 minMs, qint64 maxMs)
    {
        QString why;
        const std::optional<qint64> ms = parseDuration(value, &why);
        if (!ms) {
            error(path, why);
            return std::nullopt;
        }
        if (*ms < minMs || *ms > maxMs) {
            error(path,
                u"%1 is out of range; expected %2 to %3"_s.arg(
                    writtenValue(value), formatDuration(minMs), formatDuration(maxMs)));
            return std::nullopt;
        }
        return ms;
    }

    std::optional<int> wholeNumber(const QJsonValue &value, const QStringList &path, int min, int max)
    {
        QString why;
        const auto n = wholeNumberInRange(value, min, max, &why);
        if (!n)
            error(path, why);
        return n;
    }

    std::optional<QString> string(const QJsonObject &o, const QString &key, const QStringList &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isString()) {
            error(path + QStringList {key}, u"expected a string"_s);
            return std::nullopt;
        }
        return expand(v.toString(), path + QStringList {key});
    }

    QString expand(const QString &text, const QStringList &path)
    {
        return m_expand ? m_expand(text, path) : text;
    }

    std::optional<ChannelSettings> parseChannel(const QJsonValue &value, const QStringList &path)
    {
        if (!value.isObject()) {
            error(path, u"expected an object like {\"type\": \"webhook\", \"url\": \"https://…\"}"_s);
            return std::nullopt;
        }
        const QJsonObject o = value.toObject();
        const int before = m_errors;
        ChannelSettings c;
        const QStringList typePath = path + QStringList {u"type"_s};
        if (!o.contains(u"type"_s)) {
            error(path, u"a channel needs \"type\": \"tray\", \"desktop\", \"webhook\" or \"command\""_s);
            return std::nullopt;
        }
        const QString type = o.value(u"type"_s).toString();
        if (type == u"tray") {
            c.type = ChannelType::Tray;
        } else if (type == u"desktop") {
            c.type = ChannelType::Desktop;
        } else if (type == u"webhook") {
            c.type = ChannelType::Webhook;
        } else if (type == u"command") {
            c.type = ChannelType::Command;
        } else {
            error(typePath,
                u"unknown channel type %1 (use \"tray\", \"desktop\", \"webhook\" or \"command\")"_s.arg(
                    writtenValue(o.value(u"type"_s))));
            return std::nullopt;
        }
        const QStringList known = knownKeys(c.type);
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!known.contains(it.key()))
                warning(path + QStringList {it.key()},
                    u"unknown key for a %1 channel (ignored)"_s.arg(channelTypeName(c.type)));
        }

        if (o.contains(u"name"_s)) {
            const QJsonValue v = o.value(u"name"_s);
            if (!v.isString() || v.toString().trimmed().isEmpty() || v.toString().size() > 128)
                error(path + QStringList {u"name"_s}, u"expected a name (1 to 128 characters)"_s);
            else
                c.name = v.toString();
        }
        parseSeverities(o, path, c);
        if (o.contains(u"resolved"_s)) {
            if (o.value(u"resolved"_s).isBool())
                c.resolved = o.value(u"resolved"_s).toBool();
            else
                error(path + QStringList {u"resolved"_s}, u"expected true or false"_s);
        }
        if (o.contains(u"timeout"_s) && known.contains(u"timeout"_s)) {
            if (const auto ms = duration(
                    o.value(u"timeout"_s), path + QStringList {u"timeout"_s}, kMinTimeoutMs, kMaxTimeoutMs))
                c.timeoutMs = int(*ms);
        }
        if (o.contains(u"retry"_s) && known.contains(u"retry"_s))
            parseRetry(o.value(u"retry"_s), path + QStringList {u"retry"_s}, c);
        if (o.contains(u"queue"_s) && known.contains(u"queue"_s)) {
            if (const auto n
                = wholeNumber(o.value(u"queue"_s), path + QStringList {u"queue"_s}, 1, kMaxQueue))
                c.queueLimit = *n;
        }
        if (c.type == ChannelType::Webhook)
            parseWebhook(o, path, c);
        else if (c.type == ChannelType::Command)
            parseCommand(o, path, c);
        if (m_errors != before)
            return std::nullopt;
        return c;
    }

    void parseSeverities(const QJsonObject &o, const QStringList &path, ChannelSettings &c)
    {
        const bool list = o.contains(u"severities"_s);
        const bool min = o.contains(u"minSeverity"_s);
        if (list && min) {
            error(path + QStringList {u"minSeverity"_s},
                u"give either \"severities\" or \"minSeverity\", not both"_s);
            return;
        }
        if (list) {
            const QStringList at = path + QStringList {u"severities"_s};
            const QJsonValue v = o.value(u"severities"_s);
            if (!v.isArray()) {
                error(at, u"expected a list like [\"warning\", \"critical\"]"_s);
                return;
            }
            const QJsonArray a = v.toArray();
            c.severities.clear();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const auto s = severityFromName(a.at(i).toString());
                if (!a.at(i).isString() || !s)
                    error(at + QStringList {u'[' + QString::number(i) + u']'},
                        u"expected \"info\", \"warning\" or \"critical\", got %1"_s.arg(
                            writtenValue(a.at(i))));
                else if (!c.severities.contains(*s))
                    c.severities.append(*s);
            }
            if (a.isEmpty())
                warning(at, u"an empty list: this channel sends nothing"_s);
        } else if (min) {
            const QJsonValue v = o.value(u"minSeverity"_s);
            const auto s = severityFromName(v.toString());
            if (!v.isString() || !s) {
                error(path + QStringList {u"minSeverity"_s},
                    u"expected \"info\", \"warning\" or \"critical\", got %1"_s.arg(writtenValue(v)));
                return;
            }
            c.severities.clear();
            for (AlertSeverity each :
                {AlertSeverity::Info, AlertSeverity::Warning, AlertSeverity::Critical}) {
                if (each >= *s)
                    c.severities.append(each);
            }
        }
    }

    void parseRetry(const QJsonValue &value, const QStringList &path, ChannelSettings &c)
    {
        if (!value.isObject()) {
            error(path,
                u"expected an object like {\"attempts\": 5, \"delay\": \"1s\", \"maxDelay\": \"1m\"}"_s);
            return;
        }
        const QJsonObject r = value.toObject();
        for (auto it = r.begin(); it != r.end(); ++it) {
            if (it.key() != u"attempts" && it.key() != u"delay" && it.key() != u"maxDelay")
                warning(path + QStringList {it.key()}, u"unknown key (ignored)"_s);
        }
        if (r.contains(u"attempts"_s)) {
            if (const auto n
                = wholeNumber(r.value(u"attempts"_s), path + QStringList {u"attempts"_s}, 1, kMaxAttempts))
                c.attempts = *n;
        }
        if (r.contains(u"delay"_s)) {
            if (const auto ms
                = duration(r.value(u"delay"_s), path + QStringList {u"delay"_s}, 1, kMaxRetryDelayMs))
                c.retryDelayMs = int(*ms);
        }
        if (r.contains(u"maxDelay"_s)) {
            if (const auto ms
                = duration(r.value(u"maxDelay"_s), path + QStringList {u"maxDelay"_s}, 1, kMaxRetryDelayMs))
                c.retryMaxDelayMs = int(*ms);
        }
        if (c.retryMaxDelayMs < c.retryDelayMs) {
            if (r.contains(u"maxDelay"_s))
                error(path + QStringList {u"maxDelay"_s}, u"must not be shorter than \"delay\""_s);
            else
                c.retryMaxDelayMs = c.retryDelayMs;
        }
    }

    void parseWebhook(const QJsonObject &o, const QStringList &path, ChannelSettings &c)
    {
        const QStringList urlPath = path + QStringList {u"url"_s};
        if (!o.contains(u"url"_s)) {
            error(path, u"a webhook channel needs \"url\": where to POST the alert"_s);
        } else if (const auto text = string(o, u"url"_s, path)) {
            // Messages show the URL as written: the expanded one may carry a token.
            const QString shown = writtenValue(o.value(u"url"_s));
            const QUrl url(text->trimmed(), QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (text->trimmed().isEmpty())
                error(urlPath, u"must not be empty"_s);
            else if (!url.isValid())
                error(urlPath, u"%1 is not a valid URL"_s.arg(shown));
            else if (scheme != u"http" && scheme != u"https")
                error(urlPath, u"%1 is not an http or https URL"_s.arg(shown));
            else if (url.host().isEmpty())
                error(urlPath, u"%1 has no host"_s.arg(shown));
            else
                c.url = url;
        }
        if (o.contains(u"format"_s)) {
            const QJsonValue v = o.value(u"format"_s);
            if (v.toString() == u"json")
                c.format = WebhookFormat::Json;
            else if (v.toString() == u"slack")
                c.format = WebhookFormat::Slack;
            else
                error(path + QStringList {u"format"_s},
                    u"expected \"json\" or \"slack\", got %1"_s.arg(writtenValue(v)));
        }
        if (o.contains(u"headers"_s)) {
            const QStringList at = path + QStringList {u"headers"_s};
            const QJsonValue v = o.value(u"headers"_s);
            if (!v.isObject()) {
                error(at, u"expected an object of strings"_s);
                return;
            }
            const QJsonObject map = v.toObject();
            for (auto it = map.begin(); it != map.end(); ++it) {
                const QStringList here = at + QStringList {it.key()};
                if (!isHttpHeaderName(it.key())) {
                    error(here, u"\"%1\" is not a valid HTTP header name"_s.arg(it.key().left(60)));
                    continue;
                }
                if (!it.value().isString()) {
                    error(here, u"expected a string"_s);
                    continue;
                }
                const QString value = expand(it.value().toString(), here);
                if (value.contains(u'\r') || value.contains(u'\n') || value.contains(QChar(0))) {
                    error(here, u"a header value must not contain line breaks or NUL"_s);
                    continue;
                }
                c.headers.append({it.key(), value});
            }
        }
    }

    void parseCommand(const QJsonObject &o, const QStringList &path, ChannelSettings &c)
    {
        if (!o.contains(u"command"_s)) {
            error(path, u"a command channel needs \"command\": the program that receives the alert"_s);
        } else if (const auto command = string(o, u"command"_s, path)) {
            if (command->trimmed().isEmpty())
                error(path + QStringList {u"command"_s}, u"must not be empty"_s);
            else
                c.command = *command;
        }
        if (o.contains(u"args"_s)) {
            const QStringList at = path + QStringList {u"args"_s};
            const QJsonValue v = o.value(u"args"_s);
            if (!v.isArray()) {
                error(at, u"expected an array of strings"_s);
                return;
            }
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                const QStringList here = at + QStringList {u'[' + QString::number(i) + u']'};
                if (a.at(i).isString())
                    c.args.append(expand(a.at(i).toString(), here));
                else
                    error(here, u"expected a string"_s);
            }
        }
    }

    const ChannelExpander &m_expand;
    QList<ChannelIssue> *m_issues;
    int m_errors = 0;
};

} // namespace

QString channelTypeName(ChannelType type)
{
    switch (type) {
    case ChannelType::Tray:
        return u"tray"_s;
    case ChannelType::Desktop:
        return u"desktop"_s;
    case ChannelType::Webhook:
        return u"webhook"_s;
    case ChannelType::Command:
        return u"command"_s;
    }
    return u"tray"_s;
}

bool ChannelSettings::accepts(AlertSeverity severity, bool resolvedNotice) const
{
    if (resolvedNotice && !resolved)
        return false;
    return severities.contains(severity);
}

int ChannelSettings::retryDelay(int failedAttempts) const
{
    qint64 delay = retryDelayMs;
    for (int i = 1; i < failedAttempts && delay < retryMaxDelayMs; ++i)
        delay *= 2;
    return int(std::min<qint64>(delay, retryMaxDelayMs));
}

QList<ChannelSettings> parseChannelSettings(
    const QJsonValue &value, const ChannelExpander &expand, QList<ChannelIssue> *issues)
{
    return Parser(expand, issues).parse(value);
}

QList<ChannelSettings> defaultChannelSettings()
{
    ChannelSettings tray;
    tray.type = ChannelType::Tray;
    tray.name = u"tray"_s;
    ChannelSettings desktop;
    desktop.type = ChannelType::Desktop;
    desktop.name = u"desktop"_s;
    return {tray, desktop};
}

} // namespace lifeline
