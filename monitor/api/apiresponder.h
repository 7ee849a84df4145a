#pragma once

#include <QByteArray>
#include <QPointer>

class QTcpSocket;

namespace lifeline {

class ApiConnection;
class ApiResponse;

// The answer to one request on an ApiConnection: write() an ApiResponse, or writeBytes() a hand-written
// answer (a chunked event stream). The answer is finished by end() or when the last shared_ptr to it goes:
// only then does the connection read the next request (HTTP/1.1 answers in order). The connection may be gone
// by then; writing to a gone connection does nothing.
class ApiResponder final
{
    Q_DISABLE_COPY_MOVE(ApiResponder)
public:
    explicit ApiResponder(ApiConnection *connection);
    ~ApiResponder();

    // Status line, the response's headers, Content-Length, body; then end().
    void write(const ApiResponse &response);
    void writeBytes(QByteArrayView bytes);
    void end();
    QTcpSocket *socket() const;

    // The bytes write() sends for `response` (tests compare them with QHttpServerResponder's).
    static QByteArray serialize(const ApiResponse &response, bool keepAliveHeader = false);

private:
    QPointer<ApiConnection> m_connection;
    bool m_ended = false;
};

} // namespace lifeline
