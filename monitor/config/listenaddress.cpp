#include "listenaddress.h"

using namespace Qt::StringLiterals;

namespace lifeline {

std::optional<ListenAddress> ListenAddress::parse(const QString &text, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<ListenAddress> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString t = text.trimmed();
    ListenAddress out;
    if (t.isEmpty())
        return out;
    if (t == "off"_L1) {
        out.off = true;
        return out;
    }
    const qsizetype colon = t.lastIndexOf(u':');
    if (colon <= 0)
        return fail(u"expected HOST:PORT or off, got '%1'"_s.arg(t));
    QString host = t.left(colon);
    bool ok = false;
    const int port = t.mid(colon + 1).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return fail(u"'%1': the port must be a number from 0 to 65535"_s.arg(t));
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(u':'))
        return fail(u"'%1': write an IPv6 address in brackets, e.g. [::1]:7733"_s.arg(t));
    if (host == "localhost"_L1)
        out.address = QHostAddress(QHostAddress::LocalHost);
    else if (host == "*"_L1)
        out.address = QHostAddress(QHostAddress::Any);
    else if (!out.address.setAddress(host))
        return fail(u"'%1': expected an IP address, localhost or *"_s.arg(host));
    out.port = quint16(port);
    return out;
}

QString ListenAddress::format(const QHostAddress &address, quint16 port)
{
    if (address == QHostAddress(QHostAddress::Any))
        return u"*:%1"_s.arg(port);
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + address.toString() + u']'
        : address.toString();
    return u"%1:%2"_s.arg(host).arg(port);
}

QString ListenAddress::toString() const
{
    return off ? u"off"_s : format(address, port);
}

} // namespace lifeline
