#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <array>
#include <map>
#include <optional>

class QSocketNotifier;

namespace lifeline {

class GatewayEndpoint;
class LinePipe;

// The running Lifeline's side of `mcp-lifeline connect`: instead of relaying every line between
// the agent and Lifeline (a second extra process on each call's way, and a TCP hop), the connect
// process hands its stdin, stdout and stderr to Lifeline over a Unix socket (SCM_RIGHTS) and waits.
// Lifeline serves the client itself (LinePipe), on the engine thread where the gateway is: the
// agent's pipe is read where its calls are served, with no HTTP between. The socket
// (SOCK_SEQPACKET, one JSON object a packet) stays open as the connect process's lifeline:
//   connect → Lifeline: {"path": "/mcp/servers/NAME"} (or /mcp/groups/G, /mcp/all) with the three
//     descriptors, and "initialize" (the client's, answered) when connect relayed for it until now;
//   Lifeline → connect: {"ok": true} or {"error": "…"}; then {"initialize": {…}} when the client
//     sends its initialize (for a takeover), {"exit": N} when the client's input ended and every
//     answer is written, or {"handback": {"initialize": {…}, "input": "<base64>"}} when Lifeline stops.
// When the socket closes without "exit" (Lifeline stopped or died), the connect process bridges
// over HTTP itself, as it does when no Lifeline takes the descriptors (see ConnectBridge).
// Only the same user gets in: the socket's folder is the user's own (0700), and each peer's
// credentials are checked on both sides.
// Listens from any thread; start() on the thread it serves on (the engine's); not thread-safe.
class ConnectHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectHost)
public:
    // The socket of the Lifeline whose status server is at `address`:`port` (an "any" address
    // reads as loopback, as connect reads it): $XDG_RUNTIME_DIR/mcp-lifeline/, else
    // <temp>/mcp-lifeline-<uid>/, then connect-<address>-<port>.sock.
    static QString socketPath(const QHostAddress &address, quint16 port);
    // Where connect looks, in turn: socketPath(), then /run/user/<uid>/mcp-lifeline/ and the temp
    // folder's, for a connect started without the session's XDG_RUNTIME_DIR (or with another one).
    static QStringList socketPaths(const QHostAddress &address, quint16 port);
    // The connect process's side: hands `fds` (its stdin, stdout and stderr) to the Lifeline at
    // `path` with `hello`, and returns the socket once Lifeline took them; -1 (with `why`) when
    // none is there or it refused them: then nothing was handed over.
    static int handOver(
        const QString &path, const QJsonObject &hello, QString *why, std::array<int, 3> fds = {0, 1, 2});
    // One packet: nothing at the socket's end (or on an error), an empty object when none waits.
    static std::optional<QJsonObject> readPacket(int fd);
    static bool sendPacket(int fd, const QJsonObject &packet);

    // Clients are served by `endpoint` (the status server's gateway, on the same thread).
    explicit ConnectHost(GatewayEndpoint *endpoint);
    ~ConnectHost() override; // every guest handed back, the socket removed
    bool listen(const QString &path, QString *error);
    void start(); // on its thread: takes connect processes from now on
    int guests() const { return int(m_guests.size()); }
    QString path() const { return m_path; }

private:
    struct Guest
    {
        QSocketNotifier *notifier = nullptr;
        LinePipe *pipe = nullptr; // null until the hello came
    };
    void accept();
    void onControl(int control);
    void welcome(int control, Guest &guest);
    // How a guest goes: its socket just closes (Close: refused, or the connect process is gone),
    // after {"exit": exitCode} (Exit: the client is done), or after {"handback": …} (HandBack:
    // Lifeline stops; the client goes back to its connect process).
    enum class Ending { Close, Exit, HandBack };
    void end(int control, Ending ending, int exitCode = 0);

    QPointer<GatewayEndpoint> m_endpoint;
    QString m_path;
    int m_listener = -1;
    QSocketNotifier *m_acceptNotifier = nullptr;
    std::map<int, Guest> m_guests; // by control socket
};

} // namespace lifeline
