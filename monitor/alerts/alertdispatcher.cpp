#include "alertdispatcher.h"

#include <QJsonObject>

#include "alertchannel.h"
#include "commandchannel.h"
#include "config/configloader.h"
#include "desktopnotifychannel.h"
#include "webhookchannel.h"

using namespace Qt::StringLiterals;

namespace lifeline {

AlertDispatcher::AlertDispatcher(QObject *parent)
    : QObject(parent)
{
    setChannels(defaultChannelSettings());
}

AlertDispatcher::~AlertDispatcher()
{
    // Children go with the QObject; the command channels kill their hooks on the way.
    qDeleteAll(m_channels);
}

void AlertDispatcher::applyConfig(const Config &config)
{
    setChannels(config.channels);
}

void AlertDispatcher::setChannels(const QList<ChannelSettings> &channels)
{
    QList<AlertChannel *> next;
    QList<AlertChannel *> old = m_channels;
    for (const ChannelSettings &settings : channels) {
        AlertChannel *reused = nullptr;
        for (qsizetype i = 0; i < m_settings.size(); ++i) {
            if (old[i] && m_settings[i] == settings) {
                reused = old[i];
                old[i] = nullptr;
                break;
            }
        }
        next.append(reused ? reused : createChannel(settings));
    }
    qDeleteAll(old); // removed or changed: their queues go with them
    m_settings = channels;
    m_channels = next;
}

AlertChannel *AlertDispatcher::createChannel(const ChannelSettings &settings)
{
    AlertChannel *channel = nullptr;
    switch (settings.type) {
    case ChannelType::Tray:
        return nullptr;
    case ChannelType::Desktop:
        channel = new DesktopNotifyChannel(settings, this);
        break;
    case ChannelType::Webhook:
        channel = new WebhookChannel(settings, this);
        break;
    case ChannelType::Command:
        channel = new CommandChannel(settings, this);
        break;
    }
    const QString name = settings.name;
    connect(channel, &AlertChannel::failed, this,
        [this, name](const QString &message) { Q_EMIT channelFailed(name, message); });
    connect(channel, &AlertChannel::recovered, this, [this, name] { Q_EMIT channelRecovered(name); });
    connect(
        channel, &AlertChannel::alertAbandoned, this, [this, name](const QString &id, const QString &reason) {
            Q_EMIT alertUndelivered(name, id, reason);
        });
    return channel;
}

void AlertDispatcher::dispatch(const Alert &alert)
{
    QStringList routed;
    bool tray = false;
    for (qsizetype i = 0; i < m_settings.size(); ++i) {
        const ChannelSettings &settings = m_settings[i];
        if (!settings.accepts(alert.severity, alert.state == AlertState::Resolved))
            continue;
        if (AlertChannel *channel = m_channels[i]) {
            if (channel->isUnavailable())
                continue;
            channel->enqueue(alert);
        } else if (tray) {
            continue; // one tray bubble, however many tray entries take it
        } else {
            tray = true;
        }
        routed.append(settings.name);
    }
    Q_EMIT alertRouted(alert, routed);
    if (tray)
        Q_EMIT trayNotificationRequested(alert);
}

QList<ChannelStatus> AlertDispatcher::channelStatuses() const
{
    QList<ChannelStatus> out;
    for (qsizetype i = 0; i < m_settings.size(); ++i) {
        ChannelStatus s;
        s.name = m_settings[i].name;
        s.type = m_settings[i].type;
        if (const AlertChannel *c = m_channels[i]) {
            s.failing = c->isFailing();
            s.unavailable = c->isUnavailable();
            s.lastError = c->lastError();
            s.queued = c->queuedCount();
            s.delivered = c->deliveredCount();
            s.abandoned = c->abandonedCount();
            s.dropped = c->droppedCount();
        }
        out.append(s);
    }
    return out;
}

} // namespace lifeline
