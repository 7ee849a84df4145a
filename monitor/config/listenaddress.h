#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace lifeline {

// Where the status server listens: `HOST:PORT` (an IPv4 or IPv6 literal — `[::1]:7733` — or
// `localhost`, or `*` for every address), or `off`. The same rules for --listen and the config's
// `lifeline.listen`. Port 0 lets the system choose a free port.
struct ListenAddress
{
    static constexpr quint16 kDefaultPort = 7733;

    bool off = false;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = kDefaultPort;

    // 127.0.0.1:7733 when `text` is empty; nullopt and `error` when it cannot be read.
    static std::optional<ListenAddress> parse(const QString &text, QString *error = nullptr);
    static ListenAddress defaultAddress() { return {}; }
    bool isLoopback() const { return address.isLoopback(); }
    QString toString() const; // "127.0.0.1:7733", "[::1]:7733", "off"
    static QString format(const QHostAddress &address, quint16 port);
};

} // namespace lifeline
