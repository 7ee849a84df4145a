#pragma once

#include "alertchannel.h"

#include <QDBusConnection>
#include <QHash>
#include <QStringList>

#include <optional>

namespace lifeline {

// Desktop notifications through the freedesktop service (org.freedesktop.Notifications.Notify on
// the session bus), asynchronously. Where there is no session bus or no such service (a server, a
// container), it reports itself unavailable once and then stays quiet. A resolved notice replaces
// the bubble of the alert it resolves.
class DesktopNotifyChannel final : public AlertChannel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifyChannel)

public:
    explicit DesktopNotifyChannel(const ChannelSettings &settings, QObject *parent = nullptr);

    // The bus to use instead of the session bus (tests run a private one).
    void setBus(const QDBusConnection &bus) { m_bus = bus; }

    static QString summary(const Alert &alert);

protected:
    void deliver(const Alert &alert) override;

private:
    std::optional<QDBusConnection> m_bus;
    QHash<QString, uint> m_bubbles; // alert id → notification id, while the alert fires
    QStringList m_bubbleOrder; // bounded: the oldest are forgotten
};

} // namespace lifeline
