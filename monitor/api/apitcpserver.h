#pragma once

#include <QTcpServer>

namespace lifeline {

// The status server's listening socket, with limits no request can talk its way past:
// - at most kMaxConnections open at once (more are closed at once);
// - each connection buffers at most a request's head plus kMaxBodyBytes (a bigger one stalls
//   and is closed by the idle timeout, never grows memory);
// - a connection idle for kIdleTimeoutMs is closed (WebSockets excepted: release them);
// - a first request that announces a body over kMaxBodyBytes gets 413 before it is read, and a
//   head over kMaxHeadBytes gets 431.
class ApiTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiTcpServer)
public:
    static constexpr qint64 kMaxBodyBytes = 1024 * 1024;
    static constexpr qint64 kMaxHeadBytes = 64 * 1024;
    static constexpr int kIdleTimeoutMs = 30000;
    static constexpr int kMaxConnections = 1024;
    static constexpr int kListenBacklog = 256;
    // Set on a connection that was already answered 413/431 and is closing: ignore its request.
    static constexpr const char *kRefusedProperty = "lifelineRefused";

    explicit ApiTcpServer(QObject *parent = nullptr);

    // The connection became a WebSocket: no idle timeout for it, and it no longer counts here
    // (the WebSocket clients have their own limit).
    void releaseToWebSocket(QTcpSocket *socket);
    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    int m_open = 0;
};

} // namespace lifeline
