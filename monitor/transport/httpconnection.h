#pragma once

#include "httpexchange.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

class QTcpSocket;
class QTimer;

namespace lifeline {

// One keep-alive HTTP/1.1 connection to a plain http:// origin, carrying one exchange at a time:
// Content-Length, chunked and close-delimited bodies; the body goes to the exchange as it arrives
// (an SSE stream is streamed, never buffered here). A reused connection that the server closed
// while it was idle is reopened once and the request sent again (nothing of the answer had arrived).
// Owned by KeepAliveHttpClient.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;
    static constexpr int kIdleTimeoutMs = 30'000; // an idle connection is closed after this

    HttpConnection(const QString &host, quint16 port, QObject *parent = nullptr);
    ~HttpConnection() override;

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    bool isIdle() const { return !m_exchange && !m_dead; }
    bool isDead() const { return m_dead; }
    // Sends `bytes` (a whole request) for `exchange`, on this connection (opening it if needed).
    void start(HttpExchange *exchange, const QByteArray &bytes);

Q_SIGNALS:
    void becameIdle(); // the exchange ended and the connection can carry another
    void died(); // closed for good: the client forgets it
    // The answer was a same-origin redirect: the exchange (its URL already changed) must be sent again.
    void redirected(lifeline::HttpExchange *exchange);

private:
    enum class Body { None, Length, ChunkSize, ChunkData, ChunkEnd, Trailers, UntilClose };

    void openSocket();
    void onReadyRead();
    void onDisconnected();
    void parse();
    bool parseHead();
    void deliver(const QByteArray &chunk);
    void complete();
    void fail(FailureType type, const QString &detail, bool notDelivered = false);
    void kill();
    bool retryStale();
    void restartTimer();

    QString m_host;
    quint16 m_port;
    QTcpSocket *m_socket = nullptr;
    QTimer *m_timer = nullptr; // the exchange's inactivity timeout, or the idle timeout
    QPointer<HttpExchange> m_exchange;
    QByteArray m_request; // kept until the answer starts, to resend on a stale connection
    QByteArray m_buffer;
    Body m_body = Body::None;
    qint64 m_remaining = 0; // bytes left of a Content-Length body or of a chunk
    qint64 m_received = 0; // body bytes so far, against the exchange's limit
    bool m_headDone = false;
    bool m_answerStarted = false;
    bool m_keepAlive = true;
    bool m_reused = false; // carried an exchange before this one
    bool m_retried = false;
    bool m_connected = false; // this socket reached the server (bytes may have gone out)
    bool m_redirectPending = false; // the body of a followed redirect is read and dropped
    bool m_eventStream = false; // no overall body limit (each event has one)
    bool m_dead = false;
};

} // namespace lifeline
