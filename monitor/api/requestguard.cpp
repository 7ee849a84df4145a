#include "requestguard.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace lifeline {

void RequestGuard::setBoundAddress(const QHostAddress &address)
{
    m_bound = address;
    m_boundAny = address == QHostAddress(QHostAddress::Any) || address == QHostAddress(QHostAddress::AnyIPv4)
        || address == QHostAddress(QHostAddress::AnyIPv6);
    m_boundText = address.toString().toLatin1();
}

bool RequestGuard::constantTimeEquals(QByteArrayView a, QByteArrayView b)
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
    if (!m_boundAny && address.isEqual(m_bound, mode))
        return true;
    return !localAddress.isNull() && address.isEqual(localAddress, mode);
}

bool RequestGuard::nameAllowed(QByteArrayView hostName, const QHostAddress &localAddress) const
{
    // What every request names: answered from the bytes. These are exactly names the general
    // rule below allows; any other name goes through it.
    if (hostName == "127.0.0.1" || hostName == "::1")
        return true;
    const QByteArrayView bare = hostName.endsWith('.') ? hostName.chopped(1) : hostName; // "localhost."
    if (bare.compare("localhost", Qt::CaseInsensitive) == 0)
        return true;
    if (!m_boundAny && !m_boundText.isEmpty() && hostName == m_boundText)
        return true; // the bound address as QHostAddress writes it
    return nameAllowed(QString::fromLatin1(hostName), localAddress);
}

bool RequestGuard::hostAllowed(QByteArrayView host, const QHostAddress &localAddress) const
{
    const QByteArrayView h = host.trimmed();
    QByteArrayView name;
    if (h.startsWith('[')) {
        const qsizetype close = h.indexOf(']');
        if (close < 0)
            return false;
        const QByteArrayView rest = h.sliced(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(':'))
            return false;
        name = h.sliced(1, close - 1);
    } else {
        const qsizetype colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) >= 0)
            return false; // bare IPv6 is not a valid Host
        name = colon >= 0 ? h.first(colon) : h;
    }
    return nameAllowed(name, localAddress);
}

bool RequestGuard::originAllowed(QByteArrayView origin, const QHostAddress &localAddress) const
{
    if (origin.isEmpty())
        return true; // not a browser's cross-origin request
    const QUrl url(QString::fromLatin1(origin.trimmed()), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
        return false; // "null" (sandboxed pages, file:) included
    return nameAllowed(url.host(), localAddress);
}

bool RequestGuard::tokenValid(QByteArrayView authorization) const
{
    if (m_token.isEmpty())
        return false;
    const QByteArrayView a = authorization.trimmed();
    if (a.size() < 7 || qstrnicmp(a.data(), 7, "bearer ", 7) != 0)
        return false;
    return constantTimeEquals(a.sliced(7).trimmed(), m_token);
}

RequestGuard::Verdict RequestGuard::check(QByteArrayView host, QByteArrayView origin,
    QByteArrayView authorization, bool mutating, const QHostAddress &localAddress) const
{
    if (!hostAllowed(host, localAddress) || !originAllowed(origin, localAddress))
        return Verdict::Forbidden;
    if ((mutating || m_tokenForReads) && !tokenValid(authorization))
        return Verdict::Unauthorized;
    return Verdict::Allow;
}

} // namespace lifeline
