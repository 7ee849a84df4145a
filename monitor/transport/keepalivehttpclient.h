#pragma once

#include "httpexchange.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace lifeline {

class HttpConnection;

// Plain http:// requests to one origin over a small pool of keep-alive connections (QNAM's
// per-request setup cost more than the whole gateway hop). Requests past kMaxConnections wait.
// A same-origin redirect (301/302/303/307/308) is followed, as QNAM's NoLessSafeRedirectPolicy did.
class KeepAliveHttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeepAliveHttpClient)
public:
    static constexpr int kMaxConnections = 32;
    static constexpr int kMaxRedirects = 5;

    explicit KeepAliveHttpClient(QObject *parent = nullptr);
    ~KeepAliveHttpClient() override;

    // Only http:// URLs; the exchange is a child of `parent` and answers asynchronously.
    HttpExchange *send(const HttpRequest &request, QObject *parent);
    int connectionCount() const { return int(m_connections.size()); }
    int connectionsOpened() const { return m_opened; } // for tests: reuse means this stays low

private:
    struct Pending
    {
        QPointer<HttpExchange> exchange;
        QByteArray bytes;
        QString host;
        quint16 port = 0;
    };
    static QByteArray encode(const HttpRequest &request);
    void dispatch(Pending pending);
    void startOn(HttpConnection *connection, const Pending &pending);
    void drainQueue();
    void followRedirects(HttpExchange *outer, HttpRequest request, int hops);

    QList<HttpConnection *> m_connections;
    QList<Pending> m_queue;
    int m_opened = 0;
};

} // namespace lifeline
