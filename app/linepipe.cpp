#include "linepipe.h"

#include "api/gatewayendpoint.h"
#include "protocol/jsonrpc.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace lifeline {

LinePipe::LinePipe(GatewayEndpoint *endpoint, LineChannel::Fds fds, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_channel(fds)
{
    connect(&m_channel, &LineChannel::lineRead, this, &LinePipe::onLine);
    connect(&m_channel, &LineChannel::inputEnded, this, &LinePipe::finishIfDone);
    connect(&m_channel, &LineChannel::drained, this, &LinePipe::finishIfDone);
}

LinePipe::~LinePipe()
{
    if (m_endpoint && m_client)
        answerLost(m_endpoint->closeLineClient(m_client));
}

bool LinePipe::open(Gateway::TargetKind kind, const QString &name, QString *why)
{
    if (!m_endpoint) {
        *why = u"the gateway is not serving"_s;
        return false;
    }
    m_client = m_endpoint->openLineClient(
        kind, name,
        [this](const QByteArray &json) {
            m_channel.write(json + '\n');
            if (m_channel.atEnd())
                finishIfDone();
        },
        [this](const QList<QJsonValue> &ids) {
            m_client = 0;
            answerLost(ids);
            Q_EMIT endpointGone();
        },
        why);
    return m_client != 0;
}

void LinePipe::resume(const QJsonObject &initialize, const QByteArray &input)
{
    m_channel.setPendingInput(input);
    if (initialize.isEmpty() || !m_endpoint || !m_client)
        return;
    m_initialize = initialize;
    m_endpoint->lineClientInitialized(m_client, initialize.value("params"_L1).toObject());
}

void LinePipe::start()
{
    m_channel.start();
}

void LinePipe::onLine(const QByteArray &line)
{
    if (!m_endpoint || !m_client)
        return;
    // The client's initialize is kept for a hand-back: the connect process opens a new session with it.
    if (line.contains("\"initialize\"")) {
        const QJsonObject message = QJsonDocument::fromJson(line).object();
        if (message.value("method"_L1).toString() == "initialize"_L1) {
            m_initialize = message;
            Q_EMIT initializeSeen(message);
        }
    }
    m_endpoint->lineFromClient(m_client, line);
}

void LinePipe::answerLost(const QList<QJsonValue> &ids)
{
    for (const QJsonValue &id : ids)
        m_channel.write(jsonrpc::encode(jsonrpc::makeError(id, Gateway::kErrorCode,
                            u"Lifeline stopped while the call was out; it was not answered"_s))
            + '\n');
}

void LinePipe::finishIfDone()
{
    if (m_finished || !m_channel.atEnd() || !m_channel.isDrained())
        return;
    if (m_endpoint && m_client && m_endpoint->lineCallsOut(m_client) > 0)
        return;
    m_finished = true;
    Q_EMIT finished(0);
}

} // namespace lifeline
