#pragma once

#include <QTcpServer>

namespace lifeline {

// The status server's listening socket, with limits no request can talk its way past:
// - at most kMaxConnections open at once (more are closed at once);
// - each socket buffers at most a request's head plus kMaxBodyBytes;
// - the bounds below, which ApiConnection and HttpRequestParser apply to every request: a
//   connection idle for kIdleTimeoutMs is closed, a body over kMaxBodyBytes gets 413 before it is
//   read, a head over kMaxHeadBytes gets 431.
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

    explicit ApiTcpServer(QObject *parent = nullptr);

    // The connection became a WebSocket: it no longer counts here
    // (the WebSocket clients have their own limit).
    void releaseToWebSocket(QTcpSocket *socket);
    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    int m_open = 0;
};

} // namespace lifeline
