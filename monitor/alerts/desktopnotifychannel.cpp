#include "desktopnotifychannel.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {
constexpr qsizetype kMaxBubbles = 256;
const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;
} // namespace

DesktopNotifyChannel::DesktopNotifyChannel(const ChannelSettings &settings, QObject *parent)
    : AlertChannel(settings, parent)
{ }

QString DesktopNotifyChannel::summary(const Alert &alert)
{
    const QString where = alert.server.isEmpty() ? u"MCP Lifeline"_s : alert.server;
    if (alert.state == AlertState::Resolved)
        return tr("Resolved: %1").arg(where);
    switch (alert.severity) {
    case AlertSeverity::Critical:
        return tr("Critical: %1").arg(where);
    case AlertSeverity::Warning:
        return tr("Warning: %1").arg(where);
    case AlertSeverity::Info:
        break;
    }
    return tr("Info: %1").arg(where);
}

void DesktopNotifyChannel::deliver(const Alert &alert)
{
    // The session bus is looked at only when the first notification is due: a headless run that
    // never alerts never touches D-Bus.
    const QDBusConnection bus = m_bus ? *m_bus : QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        markUnavailable(tr("desktop notifications are unavailable: no D-Bus session bus"));
        return;
    }
    const bool resolved = alert.state == AlertState::Resolved;
    const uint replaces = resolved ? m_bubbles.value(alert.id, 0) : 0;
    const uchar urgency = resolved                  ? 1
        : alert.severity == AlertSeverity::Critical ? 2
        : alert.severity == AlertSeverity::Warning  ? 1
                                                    : 0;
    const QString icon = resolved                   ? u"dialog-information"_s
        : alert.severity == AlertSeverity::Critical ? u"dialog-error"_s
        : alert.severity == AlertSeverity::Warning  ? u"dialog-warning"_s
                                                    : u"dialog-information"_s;
    QVariantMap hints;
    hints.insert(u"urgency"_s, QVariant::fromValue(urgency));
    hints.insert(u"category"_s, u"device"_s);
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, u"Notify"_s);
    call << u"MCP Lifeline"_s << replaces << icon << summary(alert) << alert.message.toHtmlEscaped()
         << QStringList {} << hints << int(-1);
    QDBusPendingCallWatcher *watcher
        = new QDBusPendingCallWatcher(bus.asyncCall(call, settings().timeoutMs), this);
    const QString id = alert.id;
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this, [this, id, resolved](QDBusPendingCallWatcher *w) {
            w->deleteLater();
            const QDBusPendingReply<uint> reply = *w;
            if (reply.isError()) {
                const QDBusError::ErrorType type = reply.error().type();
                if (type == QDBusError::ServiceUnknown || type == QDBusError::NoServer
                    || type == QDBusError::Disconnected) {
                    markUnavailable(
                        tr("desktop notifications are unavailable: %1").arg(reply.error().message()));
                    return;
                }
                attemptFailed(tr("the notification service failed: %1").arg(reply.error().message()));
                return;
            }
            if (resolved) {
                m_bubbles.remove(id);
                m_bubbleOrder.removeOne(id);
            } else {
                if (!m_bubbles.contains(id))
                    m_bubbleOrder.append(id);
                m_bubbles.insert(id, reply.value());
                if (m_bubbleOrder.size() > kMaxBubbles)
                    m_bubbles.remove(m_bubbleOrder.takeFirst());
            }
            attemptSucceeded();
        });
}

} // namespace lifeline
