#pragma once

#include "health/failure.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace lifeline {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// What an HTTP request is made of, for either carrier (KeepAliveHttpClient or QNAM).
struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    int timeoutMs = 0; // no byte for this long ends the exchange with a Timeout; 0: none
    qsizetype maxBodyBytes = 16 * 1024 * 1024; // a non-event-stream answer longer than this is refused

    bool hasHeader(const QByteArray &name) const;
};

// One request and its answer, whatever carries it: plain http:// goes over our keep-alive client,
// https:// over QNAM (wrapped by send()). Signals mirror QNetworkReply's so the transport reads
// both the same way: headersReceived once, readyRead per body chunk, finished exactly once.
class HttpExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpExchange)
public:
    explicit HttpExchange(const HttpRequest &request, QObject *parent = nullptr);
    ~HttpExchange() override;

    // Starts `request` on QNAM (https://, or anything the keep-alive client does not speak).
    static HttpExchange *sendWithNam(QNetworkAccessManager *nam, const HttpRequest &request, QObject *parent);

    const HttpRequest &request() const { return m_request; }
    void redirectTo(const QUrl &url, const QByteArray &method); // the carrier follows a redirect
    int redirects() const { return m_redirects; }
    int status() const { return m_status; }
    QByteArray rawHeader(const QByteArray &name) const; // case-insensitive, empty when absent
    bool isEventStream() const;
    QByteArray readAll();
    bool isFinished() const { return m_finished; }
    // After finished(): the transport's failure (none), or the HTTP status's classification.
    Failure failure() const;
    // Ends at once; finished() is emitted before this returns (like QNetworkReply::abort()).
    void abort();

    // The carrier's side.
    void setAbortHandler(std::function<void()> handler) { m_abortHandler = std::move(handler); }
    void receiveHead(int status, const QByteArray &reason, const HttpHeaders &headers);
    void receiveBody(const QByteArray &chunk);
    void finish(const Failure &transportFailure = {});

Q_SIGNALS:
    void headersReceived();
    void readyRead();
    void finished();

private:
    HttpRequest m_request;
    int m_status = 0;
    QByteArray m_reason;
    HttpHeaders m_headers;
    QByteArray m_body;
    Failure m_transportFailure;
    bool m_finished = false;
    int m_redirects = 0;
    std::function<void()> m_abortHandler;
};

} // namespace lifeline
