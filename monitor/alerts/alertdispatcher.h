#pragma once

#include "alert.h"
#include "config/channelsettings.h"
#include "config/serverconfig.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace lifeline {

class AlertChannel;

// What the UI and the headless log show about one channel.
struct ChannelStatus
{
    QString name;
    ChannelType type = ChannelType::Tray;
    bool failing = false;
    bool unavailable = false;
    QString lastError;
    int queued = 0;
    qint64 delivered = 0;
    qint64 abandoned = 0;
    qint64 dropped = 0;
};

// Sends the alerts the alert engine says are due (AlertManager::notificationDue) to the channels
// of `lifeline.alerts.channels`, each taking the severities it is configured for. Never blocks the
// caller: a slow or dead channel queues, retries with backoff and reports (channelFailed /
// channelRecovered); it does not hold up the others. Tray notifications are asked for with
// trayNotificationRequested: the window shows them.
class AlertDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertDispatcher)

public:
    explicit AlertDispatcher(QObject *parent = nullptr);
    ~AlertDispatcher() override;

    // Replaces the channels. A channel whose settings did not change keeps its queue and state.
    void setChannels(const QList<ChannelSettings> &channels);
    QList<ChannelSettings> channels() const { return m_settings; }
    QList<ChannelStatus> channelStatuses() const;

public Q_SLOTS:
    void applyConfig(const lifeline::Config &config); // its channels (parsed by the loader)
    void dispatch(const lifeline::Alert &alert);

Q_SIGNALS:
    // The channels that took the alert (for the log and the tests); emitted by dispatch().
    void alertRouted(const lifeline::Alert &alert, const QStringList &channels);
    void trayNotificationRequested(const lifeline::Alert &alert);
    void channelFailed(const QString &channel, const QString &message);
    void channelRecovered(const QString &channel);
    // An alert a channel gave up on: every attempt failed, or it was pushed out of a full queue.
    void alertUndelivered(const QString &channel, const QString &alertId, const QString &reason);

private:
    AlertChannel *createChannel(const ChannelSettings &settings);

    QList<ChannelSettings> m_settings;
    QList<AlertChannel *> m_channels; // one per m_settings entry; nullptr for tray entries
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::ChannelStatus)
