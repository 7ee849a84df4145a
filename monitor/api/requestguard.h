#pragma once

#include <QByteArray>
#include <QHostAddress>

namespace lifeline {

// The status server's gate, one decision per request before any route runs:
// - DNS rebinding: the Host header (and Origin, when sent) must name the bound address, the address
//   the connection arrived on, localhost, 127.0.0.1 or [::1] — otherwise 403, on every route.
// - Bearer token: needed for every mutating request, and for every request at all when the server
//   listens beyond loopback. Compared in constant time. No token configured: nothing mutates.
class RequestGuard
{
public:
    enum class Verdict { Allow, Forbidden, Unauthorized };

    void setBoundAddress(const QHostAddress &address);
    void setToken(const QByteArray &token) { m_token = token; }
    void setTokenRequiredForReads(bool required) { m_tokenForReads = required; }
    bool tokenRequiredForReads() const { return m_tokenForReads; }

    // `host` and `origin` are the raw header values (origin empty when absent); `localAddress` is
    // where the connection arrived (it is allowed when the server listens on every address).
    Verdict check(QByteArrayView host, QByteArrayView origin, QByteArrayView authorization, bool mutating,
        const QHostAddress &localAddress = {}) const;

    bool hostAllowed(QByteArrayView host, const QHostAddress &localAddress = {}) const;
    bool originAllowed(QByteArrayView origin, const QHostAddress &localAddress = {}) const;
    bool tokenValid(QByteArrayView authorization) const; // "Bearer <token>"

    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

private:
    bool nameAllowed(QByteArrayView hostName, const QHostAddress &localAddress) const;
    bool nameAllowed(const QString &hostName, const QHostAddress &localAddress) const;

    QHostAddress m_bound = QHostAddress(QHostAddress::LocalHost);
    // Of m_bound, worked out once (every request asks): its text, and whether it is a wildcard.
    QByteArray m_boundText = QByteArrayLiteral("127.0.0.1");
    bool m_boundAny = false;
    QByteArray m_token;
    bool m_tokenForReads = false;
};

} // namespace lifeline
