#pragma once

// Shared by the gateway tests: a Streamable HTTP MCP client of one gateway path.

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace lifeline::test {

using namespace Qt::StringLiterals;

// The answer to one POST: the HTTP status, the session header and the JSON-RPC object.
struct Answer
{
    int status = 0;
    QByteArray sessionId;
    QJsonObject body;
    bool finished = false;
    QJsonObject result() const { return body.value("result"_L1).toObject(); }
    QJsonObject error() const { return body.value("error"_L1).toObject(); }
};

// Several requests may be out at once. Without initialize() it sends no session: with
// setProtocolVersion("2026-07-28") it is a stateless client.
class Client
{
public:
    Client(QNetworkAccessManager *nam, const QUrl &url)
        : m_nam(nam)
        , m_url(url)
    { }

    void setProtocolVersion(const QByteArray &version) { m_protocolVersion = version; }
    QNetworkReply *post(const QByteArray &body, const QByteArray &contentType = "application/json")
    {
        QNetworkRequest r(m_url);
        r.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        r.setRawHeader("Accept", "application/json, text/event-stream");
        if (!m_sessionId.isEmpty())
            r.setRawHeader("Mcp-Session-Id", m_sessionId);
        if (!m_protocolVersion.isEmpty())
            r.setRawHeader("MCP-Protocol-Version", m_protocolVersion);
        r.setTransferTimeout(60000);
        return m_nam->post(r, body);
    }
    QNetworkReply *send(const QString &method, const QJsonObject &params = {})
    {
        return post(QJsonDocument(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, ++m_nextId},
                                      {"method"_L1, method}, {"params"_L1, params}})
                        .toJson(QJsonDocument::Compact));
    }
    QNetworkReply *notify(const QString &method, const QJsonObject &params = {})
    {
        return post(QJsonDocument(
            QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, method}, {"params"_L1, params}})
                        .toJson(QJsonDocument::Compact));
    }
    static Answer wait(QNetworkReply *reply, int timeoutMs = 15000)
    {
        Answer a;
        if (!reply->isFinished()) {
            // An event loop rather than qWaitFor(), whose 10 ms naps would swamp a latency figure.
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec();
        }
        a.finished = reply->isFinished();
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.sessionId = reply->rawHeader("Mcp-Session-Id");
        const QByteArray body = reply->readAll();
        if (reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().startsWith("text/event-stream")) {
            // Something was relayed before the answer (a server's log message, say): the answer is
            // the stream's last message.
            for (const QByteArray &line : body.split('\n')) {
                if (line.startsWith("data:"))
                    a.body = QJsonDocument::fromJson(line.mid(5).trimmed()).object();
            }
        } else {
            a.body = QJsonDocument::fromJson(body).object();
        }
        reply->deleteLater();
        return a;
    }
    Answer call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 15000)
    {
        return wait(send(method, params), timeoutMs);
    }
    // By default a client that can be asked everything a server may ask (sampling, elicitation, roots).
    bool initialize(const QJsonObject &capabilities
        = {{"sampling"_L1, QJsonObject {}}, {"elicitation"_L1, QJsonObject {}}, {"roots"_L1, QJsonObject {}}})
    {
        const Answer a = call(u"initialize"_s,
            {{"protocolVersion"_L1, "2025-06-18"_L1}, {"capabilities"_L1, capabilities},
                {"clientInfo"_L1, QJsonObject {{"name"_L1, "tst_gateway"_L1}, {"version"_L1, "1"_L1}}}});
        m_sessionId = a.sessionId;
        m_initializeResult = a.result();
        notify(u"notifications/initialized"_s);
        return a.status == 200 && !m_sessionId.isEmpty();
    }
    QByteArray sessionId() const { return m_sessionId; }
    QJsonObject initializeResult() const { return m_initializeResult; }
    int lastId() const { return m_nextId; }

private:
    QNetworkAccessManager *m_nam;
    QUrl m_url;
    QByteArray m_sessionId;
    QByteArray m_protocolVersion;
    QJsonObject m_initializeResult;
    int m_nextId = 0;
};

// The first text content of a tools/call result, of its whole answer, of an Answer.
inline QString contentText(const QJsonObject &result)
{
    return result.value("content"_L1).toArray().first().toObject().value("text"_L1).toString();
}
inline QString resultText(const QJsonObject &answer)
{
    return contentText(answer.value("result"_L1).toObject());
}
inline QString text(const Answer &a)
{
    return contentText(a.result());
}

} // namespace lifeline::test
