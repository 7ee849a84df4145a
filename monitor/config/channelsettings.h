#pragma once

#include "alertseverity.h"

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <functional>

namespace lifeline {

enum class ChannelType { Tray, Desktop, Webhook, Command };
QString channelTypeName(ChannelType type); // tray | desktop | webhook | command

enum class WebhookFormat { Json, Slack };

// One entry of `lifeline.alerts.channels`:
//   {"type": "webhook", "url": "https://…", "format": "json|slack", "headers": {"Authorization": "${TOKEN}"},
//    "severities": ["warning", "critical"] | "minSeverity": "warning", "resolved": true, "timeout": "5s",
//    "retry": {"attempts": 5, "delay": "1s", "maxDelay": "1m"}, "queue": 100, "name": "ops"}
//   {"type": "command", "command": "/usr/local/bin/page", "args": ["--team", "ops"], "timeout": "10s", …}
//   {"type": "desktop", …}   {"type": "tray", …}
struct ChannelSettings
{
    ChannelType type = ChannelType::Tray;
    QString name; // unique; defaults to the type ("webhook", then "webhook-2", …)
    QList<AlertSeverity> severities {AlertSeverity::Warning, AlertSeverity::Critical};
    bool resolved = true; // also send the notice that an alert resolved
    // webhook
    QUrl url; // may carry a secret (Slack's URLs do): never logged, only its host
    WebhookFormat format = WebhookFormat::Json;
    QList<QPair<QString, QString>> headers; // values expanded (${VAR}); never logged
    // command
    QString command;
    QStringList args;
    // delivery
    int timeoutMs = 10000;
    int attempts = 5; // per alert, the first one included
    int retryDelayMs = 1000; // doubles after each failed attempt …
    int retryMaxDelayMs = 60000; // … up to this
    int queueLimit = 100; // alerts waiting; beyond it the oldest is dropped

    // Whether an alert of `severity` goes here; `resolvedNotice`: the notice that it resolved.
    bool accepts(AlertSeverity severity, bool resolvedNotice) const;
    int retryDelay(int failedAttempts) const; // the wait after the n-th failed attempt (n ≥ 1)
    bool operator==(const ChannelSettings &) const = default;
};

// A problem in `lifeline.alerts.channels`; `path` is relative to the array ("[0]", "url") in the
// config loader's form, so it can place the issue at its line and column.
struct ChannelIssue
{
    QStringList path;
    QString message;
    bool warning = false;
};

// ${VAR} expansion of one string value found at `path` (relative, as above).
using ChannelExpander = std::function<QString(const QString &text, const QStringList &path)>;

// Parses the channels array. Invalid entries are left out (and reported in `issues`).
QList<ChannelSettings> parseChannelSettings(
    const QJsonValue &value, const ChannelExpander &expand, QList<ChannelIssue> *issues);

// Without `lifeline.alerts.channels`: the tray and desktop notifications, for warning and critical.
QList<ChannelSettings> defaultChannelSettings();

} // namespace lifeline
