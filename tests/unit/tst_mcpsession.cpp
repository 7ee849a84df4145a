#include "protocol/jsonrpc.h"
#include "session/mcpsession.h"
#include "transport/transport.h"
#include "transport/transportfactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

// An in-memory transport: what the session sends is recorded and handed to a scripted server,
// whose answers come back on the next turn of the event loop, as from a real peer.
class FakeTransport final : public Transport
{
public:
    // Returns the messages the server sends back for one message from the session.
    using Server = std::function<void(FakeTransport *transport, const QJsonObject &message)>;

    FakeTransport(TransportKind kind, Server server, QObject *parent)
        : Transport(parent)
        , m_kind(kind)
        , m_server(std::move(server))
    { }

    void open() override
    {
        QTimer::singleShot(0, this, [this] {
            m_open = true;
            Q_EMIT opened();
        });
    }
    void send(const QByteArray &message, const QJsonValue &requestId = QJsonValue::Undefined) override
    {
        Q_UNUSED(requestId)
        const QJsonObject object = QJsonDocument::fromJson(message).object();
        m_sent.append(object);
        if (m_server)
            m_server(this, object);
    }
    void abandon(const QJsonValue &requestId) override { m_abandoned.append(requestId); }
    void close() override
    {
        m_open = false;
        QTimer::singleShot(0, this, [this] { Q_EMIT closed(); });
    }
    void terminate() override
    {
        m_open = false;
        m_terminated = true;
    }
    bool isOpen() const override { return m_open; }
    void setProtocolVersion(const QString &version) override { m_versions.append(version); }
    QString describe() const override { return u"fake %1"_s.arg(transportKindName(m_kind)); }

    // From the server, later: as a peer would, and as the real transports hand it over — a plain
    // success response unparsed (resultReceived), anything else as an object with its text.
    void deliver(const QJsonObject &message, const QJsonValue &relatedRequestId = QJsonValue::Undefined)
    {
        const QByteArray text = QJsonDocument(message).toJson(QJsonDocument::Compact);
        QTimer::singleShot(0, this, [this, message, relatedRequestId, text] {
            if (const qint64 id = jsonrpc::plainResultId(text); id >= 0)
                Q_EMIT resultReceived(id, relatedRequestId, text);
            else
                Q_EMIT messageReceived(message, relatedRequestId, text);
        });
    }
    void failRequest(const QJsonValue &id, const Failure &failure)
    {
        QTimer::singleShot(0, this, [this, id, failure] { Q_EMIT requestFailed(id, failure); });
    }

    QList<QJsonObject> sentWithMethod(const QString &method) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : m_sent) {
            if (m.value("method"_L1).toString() == method)
                out.append(m);
        }
        return out;
    }
    QStringList sentMethods() const
    {
        QStringList out;
        for (const QJsonObject &m : m_sent)
            out.append(m.value("method"_L1).toString());
        return out;
    }

    TransportKind m_kind;
    Server m_server;
    bool m_open = false;
    bool m_terminated = false;
    QList<QJsonObject> m_sent;
    QList<QJsonValue> m_abandoned;
    QStringList m_versions;
};

QJsonObject initializeResult(const QString &version = u"2025-11-25"_s)
{
    return QJsonObject {{"protocolVersion"_L1, version},
        {"capabilities"_L1, QJsonObject {{"tools"_L1, QJsonObject {}}}},
        {"serverInfo"_L1, QJsonObject {{"name"_L1, "fake"_L1}, {"version"_L1, "1.0"_L1}}}};
}

// A server of the 2025 revisions: no server/discover, initialize answered; further requests go to
// `more` (unanswered when it is empty or returns false).
FakeTransport::Server legacyServer(std::function<bool(FakeTransport *, const QJsonObject &)> more = {})
{
    return [more](FakeTransport *t, const QJsonObject &m) {
        const QString method = m.value("method"_L1).toString();
        const QJsonValue id = m.value("id"_L1);
        if (id.isUndefined() || method.isEmpty())
            return; // a notification or our answer to the server
        if (method == "server/discover"_L1)
            t->deliver(jsonrpc::makeError(id, jsonrpc::kMethodNotFound, u"Method not found"_s));
        else if (method == "initialize"_L1)
            t->deliver(jsonrpc::makeResult(id, initializeResult()));
        else if (more)
            more(t, m);
    };
}

struct Built
{
    QList<TransportKind> kinds;
    QList<QPointer<FakeTransport>> transports;
    QList<qsizetype> maxBytes;
};

// A factory of fakes, one server script per kind; it remembers what it was asked for.
TransportFactory fakeFactory(Built *built, QMap<TransportKind, FakeTransport::Server> servers)
{
    return [built, servers](TransportKind kind, const ServerConfig &, const TransportOptions &options,
               QObject *parent) -> Transport * {
        built->kinds.append(kind);
        built->maxBytes.append(options.maxMessageBytes);
        auto *t = new FakeTransport(kind, servers.value(kind), parent);
        built->transports.append(t);
        return t;
    };
}

ServerConfig config(TransportKind kind)
{
    ServerConfig c;
    c.name = u"fake"_s;
    c.transport = kind;
    if (kind == TransportKind::Stdio)
        c.command = u"/nonexistent/never-started"_s;
    else
        c.url = QUrl(u"http://127.0.0.1:9/mcp"_s);
    return c;
}

McpSession::Options fastOptions()
{
    McpSession::Options o;
    o.timeoutMs = 2000;
    o.discoverTimeoutMs = 2000;
    return o;
}

} // namespace

class TestMcpSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void legacyHandshakeSendsInitializeThenInitialized();
    void modernHandshakeNeedsOnlyDiscover();
    void requestIsAnswered();
    void plainAnswerComesInTheFormItsReaderAsked();
    void timeoutSendsCancelledAndIgnoresLateAnswer();
    void cancelTellsServerAndNeverCallsBack();
    void serverPingIsAnswered();
    void unknownServerRequestGetsMethodNotFound();
    void serverMessagesNameTheRequestWhoseStreamCarriedThem();
    void jsonRpcErrorIsKeptInReply();
    void oldServerSignalAsksFactoryForSse();
    void oldServerSignalOnExplicitStreamableHttpFails();
    void authenticationRefusalDoesNotFallBack();
    void factoryThatBuildsNothingFailsTheSession();
};

void TestMcpSession::legacyHandshakeSendsInitializeThenInitialized()
{
    Built built;
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer()}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    QCOMPARE(built.kinds, QList<TransportKind> {TransportKind::Stdio});
    QCOMPARE(built.maxBytes.value(0), fastOptions().maxMessageBytes);
    FakeTransport *t = built.transports.value(0);
    QVERIFY(t);
    QCOMPARE(t->sentMethods(),
        (QStringList {u"server/discover"_s, u"initialize"_s, u"notifications/initialized"_s}));
    const QJsonObject params = t->sentWithMethod(u"initialize"_s).value(0).value("params"_L1).toObject();
    QCOMPARE(params.value("protocolVersion"_L1).toString(), QLatin1StringView(McpSession::kLatestVersion));
    QCOMPARE(params.value("clientInfo"_L1).toObject().value("name"_L1).toString(), u"mcp-lifeline"_s);
    QVERIFY(t->sentWithMethod(u"notifications/initialized"_s).value(0).value("id"_L1).isUndefined());
    QCOMPARE(s.era(), McpSession::Era::Legacy);
    QCOMPARE(s.protocolVersion(), u"2025-11-25"_s);
    QCOMPARE(s.serverInfo().value("name"_L1).toString(), u"fake"_s);
    QVERIFY(s.capabilities().contains("tools"_L1));
    QCOMPARE(s.activeTransport(), TransportKind::Stdio);
    // The transport learns the negotiated version (Streamable HTTP sends it as a header).
    QCOMPARE(t->m_versions.last(), u"2025-11-25"_s);
}

void TestMcpSession::modernHandshakeNeedsOnlyDiscover()
{
    Built built;
    const FakeTransport::Server modern = [](FakeTransport *t, const QJsonObject &m) {
        if (m.value("method"_L1).toString() == "server/discover"_L1)
            t->deliver(jsonrpc::makeResult(m.value("id"_L1),
                QJsonObject {{"supportedVersions"_L1, QJsonArray {u"2025-11-25"_s, u"2026-07-28"_s}},
                    {"capabilities"_L1, QJsonObject {}},
                    {"serverInfo"_L1, QJsonObject {{"name"_L1, "modern"_L1}}}}));
    };
    McpSession s(config(TransportKind::StreamableHttp), fastOptions(),
        fakeFactory(&built, {{TransportKind::StreamableHttp, modern}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    FakeTransport *t = built.transports.value(0);
    QVERIFY(t);
    QCOMPARE(t->sentMethods(), QStringList {u"server/discover"_s});
    QCOMPARE(s.era(), McpSession::Era::Modern);
    QCOMPARE(s.protocolVersion(), QLatin1StringView(McpSession::kModernVersion));
    QCOMPARE(s.serverInfo().value("name"_L1).toString(), u"modern"_s);
    QCOMPARE(t->m_versions.value(0), QLatin1StringView(McpSession::kModernVersion));
}

void TestMcpSession::requestIsAnswered()
{
    Built built;
    auto tools = [](FakeTransport *t, const QJsonObject &m) {
        if (m.value("method"_L1).toString() != "tools/list"_L1)
            return false;
        t->deliver(jsonrpc::makeResult(m.value("id"_L1), QJsonObject {{"tools"_L1, QJsonArray {}}}));
        return true;
    };
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer(tools)}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    std::optional<McpSession::Reply> reply;
    const qint64 key = s.request(u"tools/list"_s, {}, 2000, [&](const McpSession::Reply &r) { reply = r; });
    QVERIFY(key > 0);
    QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 2000);
    QVERIFY(reply->ok);
    QVERIFY(reply->result.toObject().value("tools"_L1).isArray());
    QVERIFY(reply->error.isEmpty());
    QCOMPARE(s.lateAnswers(), 0);
}

// A plain success response comes from the transport unparsed: a reader that passes it on
// (TextWhenPlain) gets the text alone; every other reader gets the result parsed, as before.
void TestMcpSession::plainAnswerComesInTheFormItsReaderAsked()
{
    Built built;
    const QJsonObject result {
        {"content"_L1, QJsonArray {QJsonObject {{"type"_L1, "text"_L1}, {"text"_L1, "hi"_L1}}}}};
    auto echo = [result](FakeTransport *t, const QJsonObject &m) {
        if (m.value("method"_L1).toString() != "tools/call"_L1)
            return false;
        t->deliver(jsonrpc::makeResult(m.value("id"_L1), result));
        return true;
    };
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer(echo)}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000)); // initialize's own answer took the unparsed way too, and was read
    QCOMPARE(s.serverInfo().value("name"_L1).toString(), u"fake"_s);
    std::optional<McpSession::Reply> parsed;
    std::optional<McpSession::Reply> text;
    s.request(u"tools/call"_s, {}, 2000, [&](const McpSession::Reply &r) { parsed = r; });
    s.request(
        u"tools/call"_s, {}, 2000, [&](const McpSession::Reply &r) { text = r; }, {},
        McpSession::ReplyForm::TextWhenPlain);
    QTRY_VERIFY_WITH_TIMEOUT(parsed.has_value() && text.has_value(), 2000);
    QVERIFY(parsed->ok);
    QCOMPARE(parsed->result.toObject(), result);
    QVERIFY(text->ok);
    QVERIFY(text->result.isUndefined());
    const QJsonObject answer = QJsonDocument::fromJson(text->text).object();
    QCOMPARE(answer.value("result"_L1).toObject(), result);
    QCOMPARE(answer.value("id"_L1).toInteger(), 4); // discover, initialize, then the two calls: 3 and 4
    QCOMPARE(s.lateAnswers(), 0);
}

void TestMcpSession::timeoutSendsCancelledAndIgnoresLateAnswer()
{
    Built built;
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer()}})); // "slow" is never answered
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    FakeTransport *t = built.transports.value(0);
    QVERIFY(t);
    int calls = 0;
    McpSession::Reply reply;
    s.request(u"slow"_s, {}, 30, [&](const McpSession::Reply &r) {
        ++calls;
        reply = r;
    });
    const QJsonValue id = t->sentWithMethod(u"slow"_s).value(0).value("id"_L1);
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 2000);
    QVERIFY(!reply.ok);
    QCOMPARE(reply.failure.type, FailureType::Timeout);
    const QList<QJsonObject> cancelled = t->sentWithMethod(u"notifications/cancelled"_s);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled[0].value("params"_L1).toObject().value("requestId"_L1), id);
    QCOMPARE(cancelled[0].value("params"_L1).toObject().value("reason"_L1).toString(), u"timeout"_s);
    QCOMPARE(t->m_abandoned, QList<QJsonValue> {id});

    t->deliver(jsonrpc::makeResult(id, QJsonObject {{"late"_L1, true}}));
    QTRY_COMPARE_WITH_TIMEOUT(s.lateAnswers(), 1, 2000);
    QCOMPARE(calls, 1);
    QVERIFY(s.isReady()); // a late answer is noise, not a reason to fail the session
}

void TestMcpSession::cancelTellsServerAndNeverCallsBack()
{
    Built built;
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer()}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    FakeTransport *t = built.transports.value(0);
    int calls = 0;
    const qint64 key = s.request(u"slow"_s, {}, 30, [&](const McpSession::Reply &) { ++calls; });
    s.cancel(key, u"caller gave up"_s);
    const QList<QJsonObject> cancelled = t->sentWithMethod(u"notifications/cancelled"_s);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled[0].value("params"_L1).toObject().value("reason"_L1).toString(), u"caller gave up"_s);
    // A later request with a longer timeout times out after the cancelled one would have: by then
    // the cancelled one has had every chance to call back or be cancelled a second time.
    bool laterDone = false;
    s.request(u"slow"_s, {}, 60, [&](const McpSession::Reply &) { laterDone = true; });
    QTRY_VERIFY_WITH_TIMEOUT(laterDone, 2000);
    QCOMPARE(calls, 0);
    QCOMPARE(t->sentWithMethod(u"notifications/cancelled"_s).size(), 2); // the later one's timeout
}

void TestMcpSession::serverPingIsAnswered()
{
    Built built;
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer()}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    FakeTransport *t = built.transports.value(0);
    const qsizetype before = t->m_sent.size();
    t->deliver(jsonrpc::makeRequest(u"srv-1"_s, u"ping"_s));
    QTRY_COMPARE_WITH_TIMEOUT(t->m_sent.size(), before + 1, 2000);
    const QJsonObject answer = t->m_sent.last();
    QCOMPARE(answer.value("id"_L1), QJsonValue(u"srv-1"_s));
    QCOMPARE(answer.value("result"_L1), QJsonValue(QJsonObject {}));
    QVERIFY(!answer.contains("error"_L1));
}

void TestMcpSession::serverMessagesNameTheRequestWhoseStreamCarriedThem()
{
    Built built;
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer()}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    FakeTransport *t = built.transports.value(0);
    const qint64 older = s.request(u"tools/call"_s, {}, 5000, [](const McpSession::Reply &) {});
    const qint64 newer = s.request(u"tools/call"_s, {}, 5000, [](const McpSession::Reply &) {});
    QVERIFY(older > 0 && newer > 0 && older != newer);
    QSignalSpy requests(&s, &McpSession::requestReceived);
    QSignalSpy notifications(&s, &McpSession::notificationReceived);
    // On the older request's stream (the transport names it by its JSON-RPC id), then on no
    // request's (stdio, a GET stream).
    t->deliver(jsonrpc::makeRequest(u"srv-1"_s, u"roots/list"_s), QJsonValue(double(older)));
    t->deliver(jsonrpc::makeNotification(u"notifications/message"_s, {{"level"_L1, "info"_L1}}),
        QJsonValue(double(older)));
    t->deliver(jsonrpc::makeRequest(u"srv-2"_s, u"roots/list"_s));
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 2, 2000);
    QCOMPARE(requests.at(0).at(3).toLongLong(), older);
    QCOMPARE(requests.at(1).at(3).toLongLong(), 0);
    QCOMPARE(notifications.size(), 1);
    QCOMPARE(notifications.at(0).at(2).toLongLong(), older);
}

void TestMcpSession::unknownServerRequestGetsMethodNotFound()
{
    Built built;
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer()}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    FakeTransport *t = built.transports.value(0);
    const qsizetype before = t->m_sent.size();
    t->deliver(
        jsonrpc::makeRequest(7, u"sampling/createMessage"_s, QJsonObject {{"messages"_L1, QJsonArray {}}}));
    QTRY_COMPARE_WITH_TIMEOUT(t->m_sent.size(), before + 1, 2000);
    const QJsonObject answer = t->m_sent.last();
    QCOMPARE(answer.value("id"_L1).toInt(), 7);
    QCOMPARE(answer.value("error"_L1).toObject().value("code"_L1).toInt(), jsonrpc::kMethodNotFound);
    QVERIFY(!answer.contains("result"_L1));
}

void TestMcpSession::jsonRpcErrorIsKeptInReply()
{
    Built built;
    const QJsonObject error {{"code"_L1, jsonrpc::kInvalidParams}, {"message"_L1, "bad arguments"_L1},
        {"data"_L1, QJsonObject {{"field"_L1, "name"_L1}}}};
    auto refuse = [error](FakeTransport *t, const QJsonObject &m) {
        t->deliver(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m.value("id"_L1)}, {"error"_L1, error}});
        return true;
    };
    McpSession s(config(TransportKind::Stdio), fastOptions(),
        fakeFactory(&built, {{TransportKind::Stdio, legacyServer(refuse)}}));
    QSignalSpy ready(&s, &McpSession::ready);
    s.start();
    QVERIFY(ready.wait(2000));
    std::optional<McpSession::Reply> reply;
    s.request(u"tools/call"_s, {}, 2000, [&](const McpSession::Reply &r) { reply = r; });
    QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 2000);
    QVERIFY(!reply->ok);
    QCOMPARE(reply->error, error); // as the server sent it, data included: a gateway passes it on
    QCOMPARE(reply->failure.jsonRpcCode, jsonrpc::kInvalidParams);
    QVERIFY(s.isReady());
}

void TestMcpSession::oldServerSignalAsksFactoryForSse()
{
    Built built;
    // An old HTTP+SSE server answers a POST to its URL with 405: that is the signal.
    const FakeTransport::Server oldPost = [](FakeTransport *t, const QJsonObject &m) {
        if (m.contains("id"_L1))
            t->failRequest(m.value("id"_L1), classifyHttpStatus(405, {}, u"Method Not Allowed"_s));
    };
    McpSession s(config(TransportKind::AutoHttp), fastOptions(),
        fakeFactory(
            &built, {{TransportKind::StreamableHttp, oldPost}, {TransportKind::Sse, legacyServer()}}));
    QSignalSpy ready(&s, &McpSession::ready);
    QSignalSpy failed(&s, &McpSession::failed);
    s.start();
    QVERIFY(ready.wait(2000));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(built.kinds, (QList<TransportKind> {TransportKind::StreamableHttp, TransportKind::Sse}));
    QCOMPARE(s.activeTransport(), TransportKind::Sse);
    QVERIFY(built.transports.value(0).isNull() || built.transports.value(0)->m_terminated);
    // Over SSE the session goes straight to initialize: SSE predates server/discover.
    FakeTransport *sse = built.transports.value(1);
    QVERIFY(sse);
    QCOMPARE(sse->sentMethods(), (QStringList {u"initialize"_s, u"notifications/initialized"_s}));
    QCOMPARE(s.era(), McpSession::Era::Legacy);
}

void TestMcpSession::oldServerSignalOnExplicitStreamableHttpFails()
{
    Built built;
    const FakeTransport::Server oldPost = [](FakeTransport *t, const QJsonObject &m) {
        if (m.contains("id"_L1))
            t->failRequest(m.value("id"_L1), classifyHttpStatus(405, {}, u"Method Not Allowed"_s));
    };
    McpSession s(config(TransportKind::StreamableHttp), fastOptions(),
        fakeFactory(&built, {{TransportKind::StreamableHttp, oldPost}}));
    QSignalSpy failed(&s, &McpSession::failed);
    s.start();
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.first().first().value<Failure>().httpStatus, 405);
    QCOMPARE(built.kinds, QList<TransportKind> {TransportKind::StreamableHttp}); // the user said http
}

void TestMcpSession::authenticationRefusalDoesNotFallBack()
{
    Built built;
    const FakeTransport::Server denied = [](FakeTransport *t, const QJsonObject &m) {
        if (m.contains("id"_L1))
            t->failRequest(m.value("id"_L1), classifyHttpStatus(401, {}, u"Unauthorized"_s));
    };
    McpSession s(config(TransportKind::AutoHttp), fastOptions(),
        fakeFactory(&built, {{TransportKind::StreamableHttp, denied}, {TransportKind::Sse, legacyServer()}}));
    QSignalSpy failed(&s, &McpSession::failed);
    s.start();
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.first().first().value<Failure>().type, FailureType::Authentication);
    QCOMPARE(built.kinds, QList<TransportKind> {TransportKind::StreamableHttp});
}

void TestMcpSession::factoryThatBuildsNothingFailsTheSession()
{
    const TransportFactory none = [](TransportKind, const ServerConfig &, const TransportOptions &,
                                      QObject *) -> Transport * { return nullptr; };
    McpSession s(config(TransportKind::Stdio), fastOptions(), none);
    QSignalSpy failed(&s, &McpSession::failed);
    s.start();
    QVERIFY(failed.wait(2000));
    QCOMPARE(failed.first().first().value<Failure>().type, FailureType::ConnectionError);
    QCOMPARE(s.state(), McpSession::State::Failed);
    // Requests on a session without a transport fail cleanly, later.
    std::optional<McpSession::Reply> reply;
    QCOMPARE(s.request(u"ping"_s, {}, 100, [&](const McpSession::Reply &r) { reply = r; }), 0);
    QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 2000);
    QVERIFY(!reply->ok);
}

QTEST_GUILESS_MAIN(TestMcpSession)
#include "tst_mcpsession.moc"
