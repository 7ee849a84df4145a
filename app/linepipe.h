#pragma once

#include "linechannel.h"

#include "gateway/gateway.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

namespace lifeline {

class GatewayEndpoint;

// A client that a connect process handed to Lifeline (ConnectHost), served without HTTP: each
// line of its stdin goes to the gateway endpoint as a line client's message
// (GatewayEndpoint::lineFromClient), and everything for the client is written to its stdout as
// it comes. So a call through `connect` passes the agent's pipe, the engine thread and the
// upstream's pipe: no relay process, no loopback TCP, no HTTP framing.
// Lives on the engine thread, beside the endpoint; not thread-safe.
class LinePipe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinePipe)
public:
    LinePipe(GatewayEndpoint *endpoint, LineChannel::Fds fds, QObject *parent = nullptr);
    // Its calls still out are cancelled upstream and answered with an error (the connect process
    // cannot answer them: it never saw them), then the descriptors are closed.
    ~LinePipe() override;

    // False (with `why`): no such server or group; nothing was read.
    bool open(Gateway::TargetKind kind, const QString &name, QString *why);
    // A client handed over mid-session (connect relayed until now): its initialize, already
    // answered, and what connect had read of a line. Before start().
    void resume(const QJsonObject &initialize, const QByteArray &input);
    void start();
    void stopReading() { m_channel.stopReading(); } // being handed back: not a byte more is taken
    QJsonObject clientInitialize() const { return m_initialize; }
    QByteArray pendingInput() const { return m_channel.pendingInput(); }

Q_SIGNALS:
    void initializeSeen(const QJsonObject &initialize); // the client's, as it came
    void finished(int exitCode); // stdin ended and every answer is written
    void endpointGone(); // Lifeline is stopping: the client goes back to its connect process

private:
    void onLine(const QByteArray &line);
    void answerLost(const QList<QJsonValue> &ids);
    void finishIfDone();

    QPointer<GatewayEndpoint> m_endpoint;
    quint64 m_client = 0;
    LineChannel m_channel;
    QJsonObject m_initialize;
    bool m_finished = false;
};

} // namespace lifeline
