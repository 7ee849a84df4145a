#pragma once

#include "httprequestparser.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QTcpSocket;
class QThread;

namespace lifeline {

class ApiResponder;

// One client connection of the status server: reads the socket in blocks, parses requests
// (HttpRequestParser) and hands each complete one to the server, one at a time and in order:
// pipelined requests wait in the buffer until the current answer is finished (ApiResponder).
// Keep-alive per HTTP version and Connection; a bad request is answered 400/413/431/501/505
// and the connection closed. A connection that is idle, or sends a request slower than the idle
// timeout (slowloris), is closed. Lives as a child of its socket.
class ApiConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiConnection)
public:
    // Called with each complete request and its responder; `upgrade`: "Upgrade: websocket".
    using Handler = std::function<void(ApiConnection *connection, const ApiRequest &request,
        std::shared_ptr<ApiResponder> responder, bool upgrade)>;

    ApiConnection(QTcpSocket *socket, int idleTimeoutMs, Handler handler);

    QTcpSocket *socket() const { return m_socket; }
    // The request being answered was HTTP/1.0 with "Connection: keep-alive": say it in the answer.
    bool wantsKeepAliveHeader() const { return m_keepAlive && m_http10; }
    // Close the connection after the current answer.
    void closeAfterAnswer() { m_keepAlive = false; }
    // The socket becomes a WebSocket: put the upgrade request back on it, unread, and let go.
    void releaseSocket();
    // Moves the connection (its socket, this, the idle timer) to `thread`, where `handler` gets
    // the request being answered (`before` runs first, there) and every later one. Called from the
    // handler, on the connection's thread; the move itself waits for the current event to end
    // (the reading loop is still on the stack). The socket is parentless from then on.
    void handOver(QThread *thread, Handler handler, const ApiRequest &request,
        std::shared_ptr<ApiResponder> responder, bool upgrade,
        std::function<void(ApiConnection *)> before = {});

    void writeAnswer(QByteArrayView bytes);
    void answerFinished(); // ApiResponder: the next request may be read

    // Answers a request that could not be read, then closes (also ApiTcpServer's format).
    static void refuse(QTcpSocket *socket, int status, QByteArrayView reason, const QString &message);

private:
    void pump();

    QTcpSocket *m_socket;
    Handler m_handler;
    HttpRequestParser m_parser;
    QTimer m_idle {this}; // a child: it moves with the connection
    bool m_busy = false; // a request is being answered
    bool m_pumping = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_continueSent = false;
    bool m_released = false;
};

} // namespace lifeline
