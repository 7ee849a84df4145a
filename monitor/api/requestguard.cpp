#include "requestguard.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace lifeline {

bool RequestGuard::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Time depends on the length of `a` (the presented token) only, never on where they differ.
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i])
            ^ static_cast<unsigned char>(b.isEmpty() ? 0 : b[i % b.size()]);
    return diff == 0;
}

bool RequestGuard::nameAllowed(const QString &hostName, const QHostAddress &localAddress) const
{
    QString name = hostName.toLower();
    if (name.endsWith(u'.')) // "localhost." is the same name
        name.chop(1);
    if (name.isEmpty())
        return false;
    if (name == "localhost"_L1)
        return true;
    QHostAddress address;
    if (!address.setAddress(name))
        return false; // any other name may resolve anywhere: exactly what rebinding exploits
    constexpr auto mode = QHostAddress::TolerantConversion;
    if (address.isEqual(QHostAddress(QHostAddress::LocalHost), mode)
        || address.isEqual(QHostAddress(QHostAddress::LocalHostIPv6), mode))
        return true;
    const bool boundAny = m_bound == QHostAddress(QHostAddress::Any)
        || m_bound == QHostAddress(QHostAddress::AnyIPv4) || m_bound == QHostAddress(QHostAddress::AnyIPv6);
    if (!boundAny && address.isEqual(m_bound, mode))
        return true;
    return !localAddress.isNull() && address.isEqual(localAddress, mode);
}

bool RequestGuard::hostAllowed(const QByteArray &host, const QHostAddress &localAddress) const
{
    const QString h = QString::fromLatin1(host.trimmed());
    QString name;
    if (h.startsWith(u'[')) {
        const qsizetype close = h.indexOf(u']');
        if (close < 0)
            return false;
        const QString rest = h.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return false;
        name = h.mid(1, close - 1);
    } else {
        const qsizetype colon = h.indexOf(u':');
        if (colon >= 0 && h.indexOf(u':', colon + 1) >= 0)
            return false; // bare IPv6 is not a valid Host
        name = colon >= 0 ? h.left(colon) : h;
    }
    return nameAllowed(name, localAddress);
}

bool RequestGuard::originAllowed(const QByteArray &origin, const QHostAddress &localAddress) const
{
    if (origin.isEmpty())
        return true; // not a browser's cross-origin request
    const QUrl url(QString::fromLatin1(origin.trimmed()), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
        return false; // "null" (sandboxed pages, file:) included
    return nameAllowed(url.host(), localAddress);
}

bool RequestGuard::tokenValid(const QByteArray &authorization) const
{
    if (m_token.isEmpty())
        return false;
    const QByteArray a = authorization.trimmed();
    if (a.size() < 7 || qstrnicmp(a.constData(), "bearer ", 7) != 0)
        return false;
    return constantTimeEquals(a.mid(7).trimmed(), m_token);
}

RequestGuard::Verdict RequestGuard::check(const QByteArray &host, const QByteArray &origin,
    const QByteArray &authorization, bool mutating, const QHostAddress &localAddress) const
{
    if (!hostAllowed(host, localAddress) || !originAllowed(origin, localAddress))
        return Verdict::Forbidden;
    if ((mutating || m_tokenForReads) && !tokenValid(authorization))
        return Verdict::Unauthorized;
    return Verdict::Allow;
}

} // namespace lifeline
