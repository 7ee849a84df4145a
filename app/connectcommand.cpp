#include "connectcommand.h"

#include "configsource.h"
#include "connecthost.h"

#include "api/apitoken.h"
#include "config/listenaddress.h"
#include "protocol/jsonrpc.h"
#include "protocol/jsontext.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr int kReopenBaseMs = 250; // a dropped GET stream is opened again after this, doubling
constexpr int kReopenCapMs = 10000;

} // namespace

ConnectBridge::ConnectBridge(const QUrl &endpoint, const QByteArray &token, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_token(token)
{
    m_reopenTimer.setSingleShot(true);
    connect(&m_reopenTimer, &QTimer::timeout, this, &ConnectBridge::openEventStream);
    connect(&m_channel, &LineChannel::lineRead, this, &ConnectBridge::handleLine);
    connect(&m_channel, &LineChannel::drained, this, &ConnectBridge::finishIfDone);
    connect(&m_channel, &LineChannel::inputEnded, this, [this] {
        m_reopenTimer.stop();
        if (HttpExchange *stream = std::exchange(m_eventStream, nullptr))
            stream->abort(); // the client is gone: nobody to tell
        finishIfDone();
    });
}

void ConnectBridge::start()
{
    if (!m_handOverPaths.isEmpty()) {
        m_handOverTimer.setInterval(kHandOverRetryMs);
        connect(&m_handOverTimer, &QTimer::timeout, this, &ConnectBridge::handOverIfIdle);
        if (tryHandOver())
            return;
        m_handOverTimer.start();
    }
    m_channel.start();
}

bool ConnectBridge::tryHandOver()
{
    // Not a byte of stdin is read while Lifeline decides: what it takes, it takes from the pipe.
    m_channel.stopReading();
    QJsonObject hello {{"path"_L1, m_endpoint.path()}};
    if (!m_initialize.isEmpty() && !m_initializing)
        hello.insert("initialize"_L1, m_initialize); // the client is past it: Lifeline needs its capabilities
    for (const QString &path : std::as_const(m_handOverPaths)) {
        QString why;
        const int control = ConnectHost::handOver(path, hello, &why);
        if (control < 0)
            continue;
        m_control = control;
        m_handOverTimer.stop();
        m_reopenTimer.stop();
        if (HttpExchange *stream = std::exchange(m_eventStream, nullptr))
            stream->abort(); // Lifeline writes the client's notifications itself now
        m_sessionId.clear(); // that session is left to expire: Lifeline serves the client another way
        m_lastEventId.clear();
        m_controlNotifier = new QSocketNotifier(control, QSocketNotifier::Read, this);
        connect(m_controlNotifier, &QSocketNotifier::activated, this, &ConnectBridge::onControl);
        if (m_toldUnreachable || hello.contains("initialize"_L1)) // not at the start: a change to tell
            m_channel.diagnose(u"Lifeline is there again: it serves this client"_s);
        return true;
    }
    m_channel.start(); // ours to read again
    return false;
}

void ConnectBridge::handOverIfIdle()
{
    // Only between calls: nothing out, nothing held, no half line read, every answer written.
    if (m_control >= 0 || m_inFlight > 0 || m_initializing || !m_held.isEmpty() || m_channel.atEnd()
        || !m_channel.pendingInput().isEmpty() || !m_channel.isDrained())
        return;
    tryHandOver();
}

void ConnectBridge::onControl()
{
    for (;;) {
        const std::optional<QJsonObject> packet = ConnectHost::readPacket(m_control);
        if (packet && packet->isEmpty())
            return; // none waiting
        if (packet && packet->contains("exit"_L1)) {
            m_controlNotifier->setEnabled(false);
            // Lifeline's 0, unless it could not be reached at some point (then 1, as when relaying).
            Q_EMIT finished(m_toldUnreachable ? 1 : packet->value("exit"_L1).toInt());
            return;
        }
        if (packet && packet->contains("initialize"_L1)) {
            m_initialize = packet->value("initialize"_L1).toObject();
            continue;
        }
        if (packet && packet->contains("handback"_L1)) {
            const QJsonObject back = packet->value("handback"_L1).toObject();
            if (const QJsonObject init = back.value("initialize"_L1).toObject(); !init.isEmpty())
                m_initialize = init;
            m_channel.setPendingInput(QByteArray::fromBase64(back.value("input"_L1).toString().toLatin1()));
            continue;
        }
        if (packet)
            continue; // something newer than us: not ours to read
        // Lifeline let go of the client (it stopped, or died): we relay from where it left off,
        // with a new session made from the client's initialize at its next message.
        m_controlNotifier->deleteLater();
        m_controlNotifier = nullptr;
        ::close(std::exchange(m_control, -1));
        m_channel.diagnose(
            u"Lifeline let go of this client; bridging over HTTP to %1"_s.arg(m_endpoint.toString()));
        m_resuming = !m_initialize.isEmpty();
        m_channel.start();
        m_handOverTimer.start();
        return;
    }
}

std::optional<QJsonObject> ConnectBridge::plainHead(const QByteArray &line)
{
    jsontext::Span found[2];
    if (!jsontext::isValid(line) || !jsontext::members(line, {"id", "method"}, found))
        return std::nullopt;
    const QByteArrayView text(line);
    // A string with no escape in it reads as its bytes: anything else the parser reads instead.
    const auto plainString = [&](jsontext::Span s) -> std::optional<QString> {
        const QByteArrayView v = text.sliced(s.begin, s.size());
        if (v.size() < 2 || v.front() != '"' || v.contains('\\'))
            return std::nullopt;
        return QString::fromUtf8(v.sliced(1, v.size() - 2));
    };
    QJsonObject head;
    if (found[1].isValid()) {
        const std::optional<QString> method = plainString(found[1]);
        if (!method)
            return std::nullopt;
        head.insert("method"_L1, *method);
    }
    if (found[0].isValid()) {
        if (const qint64 id = jsontext::plainInteger(text.sliced(found[0].begin, found[0].size())); id >= 0) {
            head.insert("id"_L1, double(id));
        } else if (const std::optional<QString> s = plainString(found[0])) {
            head.insert("id"_L1, *s);
        } else {
            return std::nullopt; // a fraction, an exponent, null, an escaped string: parsed instead
        }
    }
    return head;
}

void ConnectBridge::handleLine(const QByteArray &line)
{
    // Lifeline let go of a client it served (onControl()): the client believes itself initialized,
    // so a session is made for it first.
    if (m_resuming && m_sessionId.isEmpty() && !m_initializing)
        reinitialize();
    // Most lines go to Lifeline as the client wrote them, unparsed: only their id and method are
    // kept, for the answer's sake. Lifeline checks the rest (and answers a bad message itself).
    if (!m_initializing) {
        if (const std::optional<QJsonObject> head = plainHead(line);
            head && head->value("method"_L1).toString() != "initialize"_L1) {
            post(*head, false, line);
            return;
        }
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        writeLine(jsonrpc::makeError(QJsonValue::Null, jsonrpc::kParseError,
            pe.error != QJsonParseError::NoError ? u"Parse error: %1"_s.arg(pe.errorString())
                                                 : u"Invalid Request: not a JSON-RPC object"_s));
        return;
    }
    const QJsonObject message = doc.object();
    if (message.value("method"_L1).toString() == "initialize"_L1) {
        m_initialize = message;
        m_initializing = true;
        post(message);
        return;
    }
    if (m_initializing) {
        m_held.append(message); // it needs the session that initialize is about to give
        return;
    }
    post(message);
}

HttpRequest ConnectBridge::request(const QByteArray &method) const
{
    HttpRequest r;
    r.method = method;
    r.url = m_endpoint;
    if (!m_token.isEmpty())
        r.headers.append({"Authorization"_ba, "Bearer " + m_token});
    r.timeoutMs = 0; // a tool call may take as long as it takes; Lifeline bounds it
    r.maxBodyBytes = 256 * 1024 * 1024; // Lifeline's answer, whatever the server put in it
    return r;
}

void ConnectBridge::post(const QJsonObject &message, bool again, const QByteArray &text)
{
    HttpRequest r = request("POST"_ba);
    r.headers.append({"Content-Type"_ba, "application/json"_ba});
    r.headers.append({"Accept"_ba, "application/json, text/event-stream"_ba});
    if (!m_sessionId.isEmpty() && message.value("method"_L1).toString() != "initialize"_L1)
        r.headers.append({"Mcp-Session-Id"_ba, m_sessionId});
    r.body = text.isEmpty() ? jsonrpc::encode(message) : text;
    ++m_inFlight;
    HttpExchange *reply = m_http.send(r, this);
    connect(reply, &HttpExchange::readyRead, this, [this, reply, message] { readEvents(reply, message); });
    connect(reply, &HttpExchange::finished, this,
        [this, reply, message, again] { onReply(reply, message, again); });
}

void ConnectBridge::openEventStream()
{
    if (m_channel.atEnd() || m_sessionId.isEmpty() || m_eventStream || m_initializing)
        return;
    HttpRequest r = request("GET"_ba);
    r.headers.append({"Accept"_ba, "text/event-stream"_ba});
    r.headers.append({"Mcp-Session-Id"_ba, m_sessionId});
    if (!m_lastEventId.isEmpty())
        r.headers.append({"Last-Event-ID"_ba, m_lastEventId});
    HttpExchange *reply = m_http.send(r, this);
    m_eventStream = reply;
    connect(reply, &HttpExchange::readyRead, this, [this, reply] { readEvents(reply, {}); });
    connect(reply, &HttpExchange::finished, this, [this, reply] { onEventStreamFinished(reply); });
}

void ConnectBridge::onEventStreamFinished(HttpExchange *reply)
{
    m_streams.remove(reply);
    reply->deleteLater();
    if (m_eventStream != reply)
        return; // ended by us: the client left, or a new session has a stream of its own
    m_eventStream = nullptr;
    if (m_channel.atEnd() || m_sessionId.isEmpty())
        return;
    const int status = reply->status();
    if (status == 404) {
        m_channel.diagnose(u"Lifeline no longer knows our session (it restarted?): starting a new one; "
                           "notifications sent meanwhile are lost"_s);
        reinitialize();
        return;
    }
    if (status == 405 || status == 406 || status == 400 || status == 401 || status == 403) {
        // No stream to be had here (a Lifeline without it, a token it refuses): asking again changes nothing.
        m_channel.diagnose(
            u"the event stream at %1 answered %2; not opened again"_s.arg(m_endpoint.toString()).arg(status));
        return;
    }
    // Ended by Lifeline, a dropped connection, a Lifeline restarting: again after a backoff that
    // doubles while it keeps failing (an open stream resets it). Lines on stdin go on meanwhile.
    m_reopenDelayMs = nextReopenStepMs(m_reopenDelayMs, m_retryMs);
    m_reopenTimer.start(jitteredMs(m_reopenDelayMs, QRandomGenerator::global()->generateDouble()));
}

int ConnectBridge::nextReopenStepMs(int previousMs, int retryMs)
{
    if (previousMs <= 0)
        return retryMs > 0 ? std::min(retryMs, kReopenCapMs) : kReopenBaseMs;
    return std::min(previousMs * 2, kReopenCapMs);
}

int ConnectBridge::jitteredMs(int stepMs, double unit)
{
    // Equal jitter: half the step is always waited (a Lifeline that is restarting gets that much
    // air), the other half is spread; never above the step, so never above the cap.
    const int half = stepMs / 2;
    return half + int(std::clamp(unit, 0.0, 1.0) * (stepMs - half));
}

void ConnectBridge::reinitialize()
{
    if (m_initializing || m_initialize.isEmpty())
        return; // one is out already; its answer opens the stream
    m_initializing = true;
    post(m_initialize, true);
}

bool ConnectBridge::readEvents(HttpExchange *reply, const QJsonObject &message)
{
    if (!reply->isEventStream())
        return false; // plain JSON: read whole when finished
    // The project's SSE parser (CRLF, comments, id and retry as the spec reads them); its default
    // bound, 16 MiB an event, is far above the status server's own limit per message.
    SseParser &parser = m_streams[reply];
    const QByteArray chunk = reply->readAll();
    const SseParser::Output out = parser.feed(chunk);
    if (reply == m_eventStream) {
        if (!parser.lastEventId().isEmpty())
            m_lastEventId = parser.lastEventId().toUtf8();
        if (parser.retryMs() > 0)
            m_retryMs = std::min(parser.retryMs(), kReopenCapMs);
        if (!chunk.isEmpty())
            m_reopenDelayMs = 0; // it is open: a later drop starts the backoff again
    }
    for (const SseEvent &event : out.events) {
        const QJsonObject m = QJsonDocument::fromJson(event.data).object();
        if (m.isEmpty())
            continue; // a comment, a priming event
        if (!m.contains("method"_L1) && m.value("id"_L1) == message.value("id"_L1))
            m_answeredStreams.insert(reply);
        writeLine(m);
    }
    return true;
}

void ConnectBridge::onReply(HttpExchange *reply, const QJsonObject &message, bool again)
{
    reply->deleteLater();
    --m_inFlight;
    const int status = reply->status();
    const QString error = reply->failure().detail; // the connection's, when status is 0
    if (status == 200 && readEvents(reply, message)) {
        m_streams.remove(reply);
        const bool answered = m_answeredStreams.remove(reply);
        if (!answered && message.contains("id"_L1) && message.contains("method"_L1))
            writeLine(jsonrpc::makeError(message.value("id"_L1), kUnreachable,
                u"Lifeline's event stream ended without an answer (%1)"_s.arg(
                    reply->failure().isFailure() ? reply->failure().detail : u"closed"_s)));
        finishIfDone();
        return;
    }
    m_streams.remove(reply);
    m_answeredStreams.remove(reply);
    const QByteArray body = reply->readAll();
    const bool isInitialize = message.value("method"_L1).toString() == "initialize"_L1;
    if (status == 0) {
        // Our own initialize again (the client's was answered long ago): no line for it.
        unreachable(isInitialize && again ? QJsonObject {} : message, error);
        if (isInitialize) {
            m_initializing = false;
            for (const QJsonObject &held : std::exchange(m_held, {}))
                unreachable(held, error);
        }
        finishIfDone();
        return;
    }
    if (isInitialize && status == 200) {
        m_sessionId = reply->rawHeader("Mcp-Session-Id");
        if (!again)
            writeLine(QJsonDocument::fromJson(body).object());
        else // our own re-initialize: the client has one session; it needs to hear nothing
            post(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/initialized"_L1}});
        m_initializing = false;
        for (const QJsonObject &held : std::exchange(m_held, {}))
            post(held);
        // A new session (Lifeline restarted): a new stream, resuming nothing of the old one's.
        if (HttpExchange *old = std::exchange(m_eventStream, nullptr))
            old->abort();
        m_reopenTimer.stop();
        m_lastEventId.clear();
        m_reopenDelayMs = 0;
        openEventStream();
        finishIfDone();
        return;
    }
    if (isInitialize) {
        // Refused (an unknown server, say): the messages held for its session go on their own and
        // get Lifeline's own answers, not wait for ever.
        m_initializing = false;
        for (const QJsonObject &held : std::exchange(m_held, {}))
            post(held);
        if (again) { // ours: the client has its answer to initialize already
            m_resuming = false;
            m_channel.diagnose(u"Lifeline refused a new session (%1): %2"_s.arg(status).arg(
                QString::fromUtf8(body.left(500))));
            finishIfDone();
            return;
        }
    }
    if (status == 404 && !isInitialize && !again && !m_sessionId.isEmpty() && !m_initialize.isEmpty()
        && QJsonDocument::fromJson(body).object().value("error"_L1).toObject().value("code"_L1).toInt()
            == -32001) {
        // Lifeline restarted and forgot our session: a new one, then this message again.
        m_channel.diagnose(u"Lifeline no longer knows our session (it restarted?): starting a new one"_s);
        m_held.prepend(message);
        reinitialize();
        return;
    }
    const bool request = message.contains("id"_L1) && message.contains("method"_L1);
    if (request && writeAsItCame(body)) {
        finishIfDone();
        return;
    }
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (request && !answer.isEmpty()) {
        QJsonObject a = answer;
        if (a.value("id"_L1).isNull()) // an HTTP-level refusal names no id: the client needs its own
            a.insert("id"_L1, message.value("id"_L1));
        writeLine(a);
    } else if (status >= 400) {
        m_channel.diagnose(u"%1 answered %2: %3"_s.arg(m_endpoint.toString())
                               .arg(status)
                               .arg(QString::fromUtf8(body.left(500))));
    }
    finishIfDone();
}

void ConnectBridge::unreachable(const QJsonObject &message, const QString &why)
{
    const QString text = u"no Lifeline is running at %1 (%2); start it with 'mcp-lifeline --headless' "
                         "or open its window"_s.arg(m_endpoint.authority(), why);
    if (!m_toldUnreachable) {
        m_channel.diagnose(text);
        m_toldUnreachable = true;
    }
    if (message.contains("id"_L1) && message.contains("method"_L1))
        writeLine(jsonrpc::makeError(message.value("id"_L1), kUnreachable, text));
}

bool ConnectBridge::writeAsItCame(const QByteArray &body)
{
    // Lifeline's answer is the server's own text with the client's id: written as it came when it
    // is one valid JSON object on one line with an id (nearly every answer), not parsed and encoded
    // again. An HTTP-level refusal (id null) and anything odd take writeLine().
    jsontext::Span id;
    if (body.contains('\n') || body.contains('\r') || !jsontext::isValid(body)
        || !jsontext::members(body, {"id"}, &id) || !id.isValid()
        || QByteArrayView(body).sliced(id.begin, id.size()) == QByteArrayView("null"))
        return false;
    m_channel.write(body + '\n');
    return true;
}

void ConnectBridge::writeLine(const QJsonObject &message)
{
    m_channel.write(jsonrpc::encode(message) + '\n');
}

void ConnectBridge::finishIfDone()
{
    if (m_channel.atEnd() && m_inFlight == 0 && !m_initializing && m_channel.isDrained())
        Q_EMIT finished(m_toldUnreachable ? 1 : 0);
}

namespace {

// The status flags of stdin, stdout and stderr as they were at the start, set back at the end.
class FdFlags
{
public:
    FdFlags()
    {
        for (int fd = 0; fd < 3; ++fd)
            m_flags[fd] = ::fcntl(fd, F_GETFL);
    }
    ~FdFlags()
    {
        for (int fd = 0; fd < 3; ++fd) {
            if (m_flags[fd] >= 0)
                ::fcntl(fd, F_SETFL, m_flags[fd]);
        }
    }
    Q_DISABLE_COPY_MOVE(FdFlags)

private:
    int m_flags[3] = {-1, -1, -1};
};

} // namespace

int runConnectCommand(const CommandLine &commandLine)
{
    // --listen, else the config's lifeline.listen as the running Lifeline read it, else the
    // default; a config that does not load leaves the default.
    const ConfigLoader::Result config = commandLine.listen.isEmpty()
        ? ConfigSource::choose(commandLine.configPath).load()
        : ConfigLoader::Result {};
    QString problem;
    const auto listen = commandLine.listenFor(config.ok() ? *config.config : Config {}, &problem);
    if (!listen || listen->off) {
        std::fprintf(stderr, "mcp-lifeline connect: %s\n",
            qPrintable(listen ? u"the status server is off (lifeline.listen); connect needs it"_s
                              : u"lifeline.listen: "_s + problem));
        return 2;
    }
    QHostAddress host = listen->address;
    if (host == QHostAddress(QHostAddress::Any) || host == QHostAddress(QHostAddress::AnyIPv4))
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress(QHostAddress::AnyIPv6))
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url(u"http://"_s + ListenAddress::format(host, listen->port));
    url.setPath(commandLine.connectAll ? u"/mcp/all"_s
                                       : (commandLine.connectGroup ? u"/mcp/groups/"_s : u"/mcp/servers/"_s)
                + commandLine.connectTarget);

    // The token when there is one; never made here (that is the running Lifeline's business).
    QByteArray token = qgetenv(ApiToken::kEnvironmentVariable);
    if (token.isEmpty() && QFileInfo::exists(ApiToken::defaultPath()))
        token = ApiToken::load(ApiToken::defaultPath(), nullptr).value();

    // Lifeline's own socket first: it takes our stdin, stdout and stderr and serves the client
    // itself, one process less on each call's way (ConnectHost). We only wait, and bridge over HTTP
    // ourselves when none takes them, or when Lifeline goes away while it has them.
    // LIFELINE_CONNECT_HANDOVER=0 keeps the bridge here (tests of the HTTP way use it).
    const FdFlags flags; // Lifeline sets them non-blocking; a terminal gets them back as they were
    ConnectBridge bridge(url, token);
    if (qEnvironmentVariable("LIFELINE_CONNECT_HANDOVER") != "0"_L1)
        bridge.setHandOverPaths(ConnectHost::socketPaths(host, listen->port));
    QObject::connect(&bridge, &ConnectBridge::finished, qApp, [](int code) { QCoreApplication::exit(code); });
    bridge.start();
    return QCoreApplication::exec();
}

} // namespace lifeline
