#include "statusicons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace lifeline {

QColor statusColor(HealthState state)
{
    switch (state) {
    case HealthState::Healthy:
        return QColor(0x2e, 0xa0, 0x43);
    case HealthState::Degraded:
        return QColor(0xd9, 0x8e, 0x04);
    case HealthState::Unhealthy:
        return QColor(0xd7, 0x3a, 0x3a);
    case HealthState::Failed:
        return QColor(0xb0, 0x1e, 0x2d);
    case HealthState::Recovering:
        return QColor(0x7c, 0x4d, 0xd6);
    case HealthState::Starting:
        return QColor(0x3b, 0x82, 0xd6);
    case HealthState::Offline:
    case HealthState::Disabled:
        return QColor(0x8a, 0x8f, 0x98);
    }
    return Qt::gray;
}

static QPixmap paint(HealthState state, int size, qreal dpr)
{
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = statusColor(state);
    const qreal m = size * 0.12;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    // A thin dark-or-light outline keeps the shape visible on any background.
    QPen outline(c.darker(140), qMax(1.0, size / 16.0));
    switch (state) {
    case HealthState::Healthy:
        p.setPen(outline);
        p.setBrush(c);
        p.drawEllipse(r);
        break;
    case HealthState::Degraded: {
        QPainterPath tri;
        tri.moveTo(r.center().x(), r.top());
        tri.lineTo(r.right(), r.bottom());
        tri.lineTo(r.left(), r.bottom());
        tri.closeSubpath();
        p.setPen(outline);
        p.setBrush(c);
        p.drawPath(tri);
        break;
    }
    case HealthState::Unhealthy:
        p.setPen(outline);
        p.setBrush(c);
        p.drawRect(r.adjusted(1, 1, -1, -1));
        break;
    case HealthState::Failed: {
        p.setPen(outline);
        p.setBrush(c);
        p.drawRect(r.adjusted(1, 1, -1, -1));
        QPen x(Qt::white, qMax(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap);
        p.setPen(x);
        const QRectF in = r.adjusted(size * 0.22, size * 0.22, -size * 0.22, -size * 0.22);
        p.drawLine(in.topLeft(), in.bottomRight());
        p.drawLine(in.topRight(), in.bottomLeft());
        break;
    }
    case HealthState::Starting: {
        QPen ring(c, qMax(1.5, size / 7.0), Qt::DotLine, Qt::RoundCap);
        p.setPen(ring);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    }
    case HealthState::Recovering: {
        // A ring with a gap and an arrow head: "coming back".
        const qreal w = qMax(1.5, size / 7.0);
        p.setPen(QPen(c, w, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        const QRectF ring = r.adjusted(w / 2 + 1, w / 2 + 1, -w / 2 - 1, -w / 2 - 1);
        p.drawArc(ring, 60 * 16, 280 * 16);
        QPainterPath head;
        const QPointF tip(ring.center().x() + ring.width() / 2 * 0.5, ring.top() - w * 0.2);
        head.moveTo(tip + QPointF(-size * 0.22, -size * 0.02));
        head.lineTo(tip + QPointF(size * 0.12, -size * 0.16));
        head.lineTo(tip + QPointF(size * 0.08, size * 0.2));
        head.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPath(head);
        break;
    }
    case HealthState::Offline:
        p.setPen(QPen(c, qMax(1.5, size / 7.0)));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    case HealthState::Disabled:
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRoundedRect(QRectF(r.left(), r.center().y() - size * 0.1, r.width(), size * 0.2), 1, 1);
        break;
    }
    return pm;
}

QIcon statusIcon(HealthState state, int size)
{
    QIcon icon;
    icon.addPixmap(paint(state, size, 1.0));
    icon.addPixmap(paint(state, size, 2.0));
    return icon;
}

} // namespace lifeline
