// `mcp-lifeline connect NAME`: a stdio MCP server that forwards to a real headless Lifeline's
// gateway (a fixture server upstream), and says clearly — on stderr and in a JSON-RPC error for
// each request — when no Lifeline is running.
#include "fixturehelpers.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace lifeline::test;

namespace {

constexpr auto kToken = "connect-test-token-0123456789"_L1;

QProcessEnvironment environment(const QString &dir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LIFELINE_API_TOKEN"_s, QString(kToken));
    env.insert(u"XDG_CONFIG_HOME"_s, dir + u"/config"_s); // no token file of the user's is read
    return env;
}

QByteArray line(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray request(int id, const QString &method, const QJsonObject &params = {})
{
    return line({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, id}, {"method"_L1, method}, {"params"_L1, params}});
}

const QByteArray kInitialize = request(1, u"initialize"_s,
    {{"protocolVersion"_L1, "2025-11-25"_L1},
        {"capabilities"_L1, QJsonObject {{"sampling"_L1, QJsonObject {}}}},
        {"clientInfo"_L1, QJsonObject {{"name"_L1, "tst_connect"_L1}, {"version"_L1, "1"_L1}}}});
const QByteArray kInitialized
    = line({{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/initialized"_L1}});

// The whole JSON lines a process has written to stdout since the last call (`buffer` keeps a
// line's start until its end comes).
QList<QJsonObject> newLines(QIODevice &out, QByteArray *buffer)
{
    *buffer += out.readAll();
    QList<QJsonObject> lines;
    qsizetype nl;
    while ((nl = buffer->indexOf('\n')) >= 0) {
        lines.append(QJsonDocument::fromJson(buffer->left(nl)).object());
        buffer->remove(0, nl + 1);
    }
    return lines;
}

// Reads JSON lines from a process's stdout until `count` have come (or 15 s), keyed by id.
QHash<int, QJsonObject> answers(QProcess &p, int count)
{
    QHash<int, QJsonObject> out;
    QByteArray buffer;
    (void)QTest::qWaitFor(
        [&] {
            for (const QJsonObject &o : newLines(p, &buffer)) {
                if (o.contains("method"_L1) && !o.contains("id"_L1))
                    continue; // a notification (chatty's log messages reach /mcp/all too)
                out.insert(o.value("id"_L1).toInt(), o);
            }
            return out.size() >= count;
        },
        15000);
    return out;
}

QString text(const QJsonObject &answer)
{
    return answer.value("result"_L1)
        .toObject()
        .value("content"_L1)
        .toArray()
        .first()
        .toObject()
        .value("text"_L1)
        .toString();
}

// A TCP proxy between `connect` and Lifeline on loopback, which can drop the connections that carry
// a GET (the event stream), refuse new ones for a while (Lifeline unreachable), or answer the next
// GET itself with a 404 for the session (what a restarted Lifeline says).
class StreamProxy : public QObject
{
public:
    explicit StreamProxy(quint16 target)
        : m_target(target)
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                accept(client);
        });
    }
    QString address() const { return u"127.0.0.1:%1"_s.arg(m_server.serverPort()); }
    void dropStreams()
    {
        for (QTcpSocket *client : std::as_const(m_streams)) {
            if (client)
                client->abort();
        }
    }
    bool refuseStreams = false; // a GET's connection is closed at once
    bool notFoundOnce = false; // the next GET is answered 404 (session unknown) here
    QList<QByteArray> getHeads; // every GET request head that reached Lifeline
    int refused = 0;

private:
    void accept(QTcpSocket *client)
    {
        client->setParent(this);
        auto *upstream = new QTcpSocket(client);
        upstream->connectToHost(QHostAddress::LocalHost, m_target);
        connect(client, &QTcpSocket::readyRead, this, [this, client, upstream] {
            const QByteArray data = client->readAll();
            if (data.startsWith("GET ")) {
                if (refuseStreams) {
                    ++refused;
                    client->abort();
                    return;
                }
                if (notFoundOnce) {
                    notFoundOnce = false;
                    const QByteArray body
                        = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}})";
                    client->write(
                        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    return;
                }
                getHeads.append(data.left(data.indexOf("\r\n\r\n")));
                m_streams.append(client);
            }
            upstream->write(data);
        });
        connect(upstream, &QTcpSocket::readyRead, client,
            [client, upstream] { client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, client, [client] { client->deleteLater(); });
    }

    QTcpServer m_server;
    quint16 m_target;
    QList<QPointer<QTcpSocket>> m_streams;
};

} // namespace

class TestConnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    // _data: each both ways, handed over to Lifeline (ConnectHost) and relayed over HTTP.
    void forwardsToTheRunningLifeline_data();
    void forwardsToTheRunningLifeline();
    void groupGoesToTheActiveMember();
    void allServesEveryServerPrefixed_data();
    void allServesEveryServerPrefixed();
    void withoutLifelineEveryRequestGetsAClearError();
    void serverRequestsAndProgressReachTheClientAndItsAnswersGoBack_data();
    void serverRequestsAndProgressReachTheClientAndItsAnswersGoBack();
    void rootsListChangedGoesUpstreamAndTheServerAsksAgain_data();
    void rootsListChangedGoesUpstreamAndTheServerAsksAgain();
    void droppedEventStreamIsReopenedAndHearsWhatWasSentMeanwhile();
    void eventStreamOfAForgottenSessionStartsANewSession();
    void handsItsClientToLifelineAndCarriesOnAcrossItsRestart();
    void handedOverClientHearsWhatIsSaidToItsServer();
    void handedOverClientSendingA64MiBLineAndAThousandCalls();

private:
    void startConnect(QProcess &p, const QStringList &args);
    // A Lifeline on `listen` with the test's config and history `db` (in the test's folder), once
    // every server is healthy; `address` gets the address it listens on.
    void startLifeline(QProcess &lifeline, const QString &listen, const QString &db, QString *address);

    QTemporaryDir m_dir;
    QProcess m_lifeline;
    QString m_listen;
    bool m_everything = false;
    bool m_updatesOn = false; // server-everything's subscriber updates (a toggle)
    bool m_relay = false; // this row's connect relays over HTTP (LIFELINE_CONNECT_HANDOVER=0)
    void bothWays(); // the _data rows
    void readWay() // in a test with bothWays() rows
    {
        QFETCH(bool, relay);
        m_relay = relay;
    }
};

void TestConnect::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile config(m_dir.path() + u"/servers.json"_s);
    QVERIFY(config.open(QIODevice::WriteOnly));
    const QJsonObject fixture {{"command"_L1, fixturePath()}};
    // chatty: a notifications/message after each answer, so one broadcast per check ("answered ping id=N").
    QJsonObject servers {{"fx"_L1, fixture}, {"backup"_L1, fixture},
        {"chatty"_L1,
            QJsonObject {{"command"_L1, fixturePath()}, {"args"_L1, QJsonArray {"--log-notifications"_L1}}}}};
    const QString everything = npmPackageDir(u"@modelcontextprotocol/server-everything"_s);
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    m_everything = !everything.isEmpty() && !node.isEmpty();
    if (m_everything)
        servers.insert("everything"_L1,
            QJsonObject {{"command"_L1, node},
                {"args"_L1, QJsonArray {everything + u"/dist/index.js"_s, "stdio"_L1}}});
    config.write(QJsonDocument(QJsonObject {{"mcpServers"_L1, servers},
                                   {"lifeline"_L1,
                                       QJsonObject {{"defaults"_L1, QJsonObject {{"interval"_L1, "1s"_L1}}},
                                           {"failover"_L1,
                                               QJsonObject {{"pair"_L1,
                                                   QJsonObject {{"primary"_L1, "fx"_L1},
                                                       {"fallbacks"_L1, QJsonArray {"backup"_L1}}}}}}}}})
                     .toJson());
    config.close();
    startLifeline(m_lifeline, u"127.0.0.1:0"_s, u"h.sqlite"_s, &m_listen);
}

void TestConnect::cleanupTestCase()
{
    m_lifeline.terminate();
    QVERIFY(m_lifeline.waitForFinished(10000));
    QTRY_VERIFY2(ourChildren().isEmpty(), "a process outlived the test");
}

void TestConnect::init()
{
    m_relay = false;
}

void TestConnect::bothWays()
{
    QTest::addColumn<bool>("relay");
    QTest::newRow("handed over") << false;
    QTest::newRow("relayed over HTTP") << true;
}

void TestConnect::forwardsToTheRunningLifeline_data()
{
    bothWays();
}

void TestConnect::allServesEveryServerPrefixed_data()
{
    bothWays();
}

void TestConnect::serverRequestsAndProgressReachTheClientAndItsAnswersGoBack_data()
{
    bothWays();
}

void TestConnect::rootsListChangedGoesUpstreamAndTheServerAsksAgain_data()
{
    bothWays();
}

void TestConnect::startConnect(QProcess &p, const QStringList &args)
{
    QProcessEnvironment env = environment(m_dir.path());
    if (m_relay)
        env.insert(u"LIFELINE_CONNECT_HANDOVER"_s, u"0"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LIFELINE_BIN), QStringList {u"connect"_s} + args);
    QVERIFY(p.waitForStarted(5000));
}

void TestConnect::forwardsToTheRunningLifeline()
{
    readWay();
    QProcess p;
    startConnect(p, {u"fx"_s, u"--listen"_s, m_listen});
    // The client does not wait for initialize's answer before its next lines.
    p.write(kInitialize + kInitialized + request(2, u"tools/list"_s)
        + request(3, u"tools/call"_s,
            {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "over stdio"_L1}}}})
        + request(
            4, u"tools/call"_s, {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, 1}}}})
        + "not json\n");
    const QHash<int, QJsonObject> a = answers(p, 5);
    QCOMPARE(a.value(1)
                 .value("result"_L1)
                 .toObject()
                 .value("serverInfo"_L1)
                 .toObject()
                 .value("name"_L1)
                 .toString(),
        u"lifeline-fixture"_s);
    QCOMPARE(a.value(2).value("result"_L1).toObject().value("tools"_L1).toArray().size(), 3);
    QCOMPARE(text(a.value(3)), u"over stdio"_s);
    QCOMPARE(a.value(4).value("error"_L1).toObject().value("data"_L1).toObject().value("tool"_L1).toString(),
        u"echo"_s);
    QCOMPARE(a.value(0).value("error"_L1).toObject().value("code"_L1).toInt(), -32700); // id null
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

void TestConnect::groupGoesToTheActiveMember()
{
    QProcess p;
    startConnect(p, {u"--group"_s, u"pair"_s, u"--listen"_s, m_listen});
    p.write(kInitialize + kInitialized
        + request(2, u"tools/call"_s,
            {{"name"_L1, "add"_L1}, {"arguments"_L1, QJsonObject {{"a"_L1, 1}, {"b"_L1, 2}}}}));
    const QHash<int, QJsonObject> a = answers(p, 2);
    QCOMPARE(text(a.value(2)), u"3"_s);
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
}

void TestConnect::allServesEveryServerPrefixed()
{
    readWay();
    QProcess p;
    startConnect(p, {u"--all"_s, u"--listen"_s, m_listen});
    p.write(kInitialize + kInitialized + request(2, u"tools/list"_s)
        + request(3, u"tools/call"_s,
            {{"name"_L1, "backup__add"_L1}, {"arguments"_L1, QJsonObject {{"a"_L1, 2}, {"b"_L1, 3}}}})
        + request(4, u"tools/call"_s, {{"name"_L1, "add"_L1}, {"arguments"_L1, QJsonObject {}}}));
    const QHash<int, QJsonObject> a = answers(p, 4);
    QCOMPARE(a.value(1)
                 .value("result"_L1)
                 .toObject()
                 .value("serverInfo"_L1)
                 .toObject()
                 .value("name"_L1)
                 .toString(),
        u"mcp-lifeline"_s);
    QStringList names;
    for (const QJsonValue &t : a.value(2).value("result"_L1).toObject().value("tools"_L1).toArray())
        names.append(t.toObject().value("name"_L1).toString());
    QVERIFY2(names.contains(u"fx__echo"_s) && names.contains(u"backup__add"_s), qPrintable(names.join(u' ')));
    QCOMPARE(text(a.value(3)), u"5"_s);
    QVERIFY(
        a.value(4).value("error"_L1).toObject().value("message"_L1).toString().contains(u"server__name"_s));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
}

void TestConnect::withoutLifelineEveryRequestGetsAClearError()
{
    // A port nobody listens on: taken, then given back.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess p;
    startConnect(p, {u"fx"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)});
    p.write(kInitialize + kInitialized + request(2, u"tools/list"_s));
    const QHash<int, QJsonObject> a = answers(p, 2);
    for (int id : {1, 2}) {
        const QJsonObject error = a.value(id).value("error"_L1).toObject();
        QCOMPARE(error.value("code"_L1).toInt(), -32000);
        QVERIFY2(error.value("message"_L1)
                     .toString()
                     .contains(u"no Lifeline is running at 127.0.0.1:%1"_s.arg(port)),
            qPrintable(error.value("message"_L1).toString()));
    }
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 1);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("no Lifeline is running"), err.constData());
    QCOMPARE(err.count("no Lifeline is running"), 1); // said once, not per request
}

void TestConnect::serverRequestsAndProgressReachTheClientAndItsAnswersGoBack()
{
    readWay();
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QProcess p;
    startConnect(p, {u"everything"_s, u"--listen"_s, m_listen});
    p.write(kInitialize + kInitialized
        + request(2, u"tools/call"_s,
            {{"name"_L1, "trigger-sampling-request"_L1},
                {"arguments"_L1, QJsonObject {{"prompt"_L1, "ping"_L1}, {"maxTokens"_L1, 5}}}}));
    // Every line as it comes: the server's sampling request is answered like a client would.
    QList<QJsonObject> lines;
    QByteArray buffer;
    const auto answered = [&](int id) {
        for (const QJsonObject &o : newLines(p, &buffer)) {
            lines.append(o);
            if (o.value("method"_L1).toString() == "sampling/createMessage"_L1) {
                p.write(line({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, o.value("id"_L1)},
                    {"result"_L1,
                        QJsonObject {{"role"_L1, "assistant"_L1}, {"model"_L1, "tst"_L1},
                            {"content"_L1,
                                QJsonObject {{"type"_L1, "text"_L1}, {"text"_L1, "pong via stdio"_L1}}}}}}));
            }
        }
        return std::any_of(lines.cbegin(), lines.cend(), [id](const QJsonObject &o) {
            return !o.contains("method"_L1) && o.value("id"_L1).toInt() == id;
        });
    };
    QVERIFY(QTest::qWaitFor([&] { return answered(2); }, 20000));
    const auto sampling = std::find_if(lines.cbegin(), lines.cend(),
        [](const QJsonObject &o) { return o.value("method"_L1).toString() == "sampling/createMessage"_L1; });
    QVERIFY(sampling != lines.cend());
    const auto answer = std::find_if(
        lines.cbegin(), lines.cend(), [](const QJsonObject &o) { return o.value("id"_L1).toInt() == 2; });
    QVERIFY2(text(*answer).contains(u"pong via stdio"_s), qPrintable(text(*answer)));

    // Progress, with the client's own token, before the answer.
    p.write(request(3, u"tools/call"_s,
        {{"name"_L1, "trigger-long-running-operation"_L1},
            {"arguments"_L1, QJsonObject {{"duration"_L1, 0.2}, {"steps"_L1, 2}}},
            {"_meta"_L1, QJsonObject {{"progressToken"_L1, 42}}}}));
    QVERIFY(QTest::qWaitFor([&] { return answered(3); }, 20000));
    int progress = 0;
    for (const QJsonObject &o : std::as_const(lines)) {
        if (o.value("method"_L1).toString() == "notifications/progress"_L1) {
            QCOMPARE(o.value("params"_L1).toObject().value("progressToken"_L1).toInt(), 42);
            ++progress;
        }
    }
    QCOMPARE(progress, 2);

    // The GET stream: a subscription's updates come with no call out (at once, then every 5 s).
    const QString uri = u"demo://resource/static/document/architecture.md"_s;
    // The updates are the upstream session's own switch: turned on once, by the first row.
    p.write(request(4, u"resources/subscribe"_s, {{"uri"_L1, uri}})
        + (std::exchange(m_updatesOn, true)
                ? QByteArray()
                : request(5, u"tools/call"_s,
                    {{"name"_L1, "toggle-subscriber-updates"_L1}, {"arguments"_L1, QJsonObject {}}})));
    QVERIFY(QTest::qWaitFor(
        [&] {
            answered(5);
            return std::any_of(lines.cbegin(), lines.cend(), [&](const QJsonObject &o) {
                return o.value("method"_L1).toString() == "notifications/resources/updated"_L1
                    && o.value("params"_L1).toObject().value("uri"_L1).toString() == uri;
            });
        },
        15000));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
}

void TestConnect::rootsListChangedGoesUpstreamAndTheServerAsksAgain()
{
    readWay();
    // The client's notifications/roots/list_changed on stdin reaches server-everything, which asks
    // roots/list again (on the GET stream: no call is out) and logs how many roots it got.
    if (!m_everything)
        QSKIP("server-everything is not in the test cache (run packaging/dev.sh test)");
    QProcess p;
    startConnect(p, {u"everything"_s, u"--listen"_s, m_listen});
    p.write(request(1, u"initialize"_s,
                {{"protocolVersion"_L1, "2025-11-25"_L1},
                    {"capabilities"_L1, QJsonObject {{"roots"_L1, QJsonObject {{"listChanged"_L1, true}}}}},
                    {"clientInfo"_L1, QJsonObject {{"name"_L1, "tst_connect"_L1}, {"version"_L1, "1"_L1}}}})
        + kInitialized);
    QList<QJsonObject> lines;
    QByteArray buffer;
    const QByteArray changed
        = line({{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/roots/list_changed"_L1}});
    const auto seen = [&](const QString &method, const QByteArray &containing = {}) {
        for (const QJsonObject &o : newLines(p, &buffer)) {
            lines.append(o);
            if (o.value("method"_L1).toString() == "roots/list"_L1) {
                p.write(line({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, o.value("id"_L1)},
                    {"result"_L1,
                        QJsonObject {{"roots"_L1,
                            QJsonArray {QJsonObject {{"uri"_L1, "file:///srv/a"_L1}},
                                QJsonObject {{"uri"_L1, "file:///srv/b"_L1}},
                                QJsonObject {{"uri"_L1, "file:///srv/c"_L1}}}}}}}));
            }
        }
        return std::any_of(lines.cbegin(), lines.cend(), [&](const QJsonObject &o) {
            return o.value("method"_L1).toString() == method
                && QJsonDocument(o).toJson(QJsonDocument::Compact).contains(containing);
        });
    };
    QVERIFY(QTest::qWaitFor([&] { return !answers(p, 1).isEmpty(); }, 15000)); // initialized
    // The bridge opens its GET stream right after initialize; until then a roots/list has nobody
    // to go to, so the notification is said again until the server asks.
    QElapsedTimer clock;
    clock.start();
    while (!seen(u"roots/list"_s) && clock.elapsed() < 15000) {
        p.write(changed);
        (void)QTest::qWaitFor([&] { return seen(u"roots/list"_s); }, 1000);
    }
    QVERIFY(seen(u"roots/list"_s));
    QVERIFY(
        QTest::qWaitFor([&] { return seen(u"notifications/message"_s, "Roots updated: 3 root(s)"); }, 10000));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
}

namespace {

// The N of chatty's "answered ping id=N" lines on a connect's stdout (-1 for other lines), in order.
QList<int> loggedIds(QByteArray *buffer, QProcess &p, bool *answered = nullptr)
{
    static const QRegularExpression number(u"id=(\\d+)"_s);
    QList<int> out;
    for (const QJsonObject &o : newLines(p, buffer)) {
        if (answered && o.value("id"_L1).toInt() == 2 && o.contains("result"_L1))
            *answered = true;
        if (o.value("method"_L1) != "notifications/message"_L1)
            continue;
        const auto m = number.match(o.value("params"_L1).toObject().value("data"_L1).toString());
        out.append(m.hasMatch() ? m.captured(1).toInt() : -1);
    }
    return out;
}

} // namespace

void TestConnect::droppedEventStreamIsReopenedAndHearsWhatWasSentMeanwhile()
{
    StreamProxy proxy(quint16(m_listen.section(u':', -1).toUInt()));
    QProcess p;
    startConnect(p, {u"chatty"_s, u"--listen"_s, proxy.address()});
    p.write(kInitialize + kInitialized);
    QByteArray buffer;
    QList<int> ids;
    bool tools = false; // the answer to a tools/list sent while the stream is down
    QVERIFY(QTest::qWaitFor([&] { return (ids += loggedIds(&buffer, p, &tools)).size() >= 2; }, 15000));
    QCOMPARE(proxy.getHeads.size(), 1);
    QVERIFY(!proxy.getHeads.first().contains("Last-Event-ID"));
    // The stream drops and Lifeline cannot be reached for a while: its broadcasts go on meanwhile.
    proxy.refuseStreams = true;
    proxy.dropStreams();
    const int before = int(ids.size());
    QVERIFY(QTest::qWaitFor([&] { return proxy.refused >= 2; }, 10000)); // it tries again, backing off
    QTest::qWait(2500); // chatty's checks come each second: some are said while nobody listens
    ids += loggedIds(&buffer, p, &tools);
    QCOMPARE(ids.size(), before); // nothing heard while down
    // stdin traffic goes on while the stream is down.
    p.write(request(2, u"tools/list"_s));
    proxy.refuseStreams = false;
    QVERIFY(
        QTest::qWaitFor([&] { return (ids += loggedIds(&buffer, p, &tools)).size() >= before + 4; }, 15000));
    QCOMPARE(proxy.getHeads.size(), 2);
    QVERIFY2(proxy.getHeads.last().contains("Last-Event-ID: get-"), proxy.getHeads.last().constData());
    // Every broadcast once, in order: the missed ones were replayed, none twice.
    for (qsizetype i = 1; i < ids.size(); ++i)
        QVERIFY2(ids[i] == ids[i - 1] + 1, qPrintable(u"%1 after %2"_s.arg(ids[i]).arg(ids[i - 1])));
    QVERIFY(ids.last() - ids[before - 1] >= 3); // the 2.5 s down: at least two went by unheard live
    p.closeWriteChannel();
    // Not waitForFinished(): Lifeline's own pipes must be read meanwhile.
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(tools, "the tools/list sent while the stream was down was not answered");
}

void TestConnect::eventStreamOfAForgottenSessionStartsANewSession()
{
    StreamProxy proxy(quint16(m_listen.section(u':', -1).toUInt()));
    proxy.notFoundOnce = true; // the first GET: as if Lifeline had restarted
    QProcess p;
    startConnect(p, {u"chatty"_s, u"--listen"_s, proxy.address()});
    p.write(kInitialize + kInitialized);
    QByteArray buffer;
    QList<int> ids;
    // A new session, its stream open: the log messages come.
    QVERIFY(QTest::qWaitFor([&] { return (ids += loggedIds(&buffer, p)).size() >= 2; }, 15000));
    QCOMPARE(proxy.getHeads.size(), 1);
    QVERIFY(!proxy.getHeads.first().contains("Last-Event-ID"));
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("no longer knows our session"), err.constData());
    p.write(request(2, u"tools/call"_s,
        {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "still here"_L1}}}}));
    p.closeWriteChannel();
    // Not waitForFinished(): Lifeline's own pipes must be read meanwhile.
    const bool done = QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000);
    const QByteArray rest = buffer + p.readAllStandardOutput();
    QVERIFY2(done, (rest + p.readAllStandardError()).constData());
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(rest.contains("still here"), (rest + p.readAllStandardError()).constData());
    // The client's initialize was answered once: Lifeline's second answer was ours alone.
    QCOMPARE(rest.count("\"serverInfo\""), 0);
}

void TestConnect::startLifeline(
    QProcess &lifeline, const QString &listen, const QString &db, QString *address)
{
    lifeline.setProcessEnvironment(environment(m_dir.path()));
    lifeline.start(QStringLiteral(LIFELINE_BIN),
        {u"--headless"_s, u"--config"_s, m_dir.path() + u"/servers.json"_s, u"--db"_s,
            m_dir.path() + u'/' + db, u"--listen"_s, listen});
    // The "started" line names the address and connect's socket; a "healthy" state line for each server
    // follows.
    int healthy = 0;
    QString socket;
    QByteArray buffer;
    address->clear();
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonObject &o : newLines(lifeline, &buffer)) {
                if (o.value("event"_L1) == "lifeline"_L1) {
                    *address = o.value("listen"_L1).toString();
                    socket = o.value("connect_socket"_L1).toString();
                }
                if (o.value("to"_L1) == "healthy"_L1)
                    ++healthy;
            }
            return !address->isEmpty() && healthy >= (m_everything ? 4 : 3);
        },
        30000));
    QVERIFY2(socket.endsWith(".sock"_L1) && QFileInfo(socket).isWritable(), qPrintable(socket));
}

// The pipe (or other file) a process's descriptor is: "pipe:[1234]".
QString descriptor(const QString &link)
{
    char target[256];
    const ssize_t n = ::readlink(QFile::encodeName(link).constData(), target, sizeof target);
    return n > 0 ? QString::fromLatin1(target, n) : QString();
}

void TestConnect::handsItsClientToLifelineAndCarriesOnAcrossItsRestart()
{
    QTcpServer probe; // a free port, for a Lifeline that is started twice on it
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString listen = u"127.0.0.1:%1"_s.arg(probe.serverPort());
    probe.close();
    QProcess lifeline;
    QString address;
    startLifeline(lifeline, listen, u"own.sqlite"_s, &address);
    QProcess p;
    startConnect(p, {u"fx"_s, u"--listen"_s, listen});
    p.write(kInitialize + kInitialized
        + request(2, u"tools/call"_s,
            {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "first"_L1}}}}));
    QCOMPARE(text(answers(p, 2).value(2)), u"first"_s);
    // Lifeline reads and writes the client's own pipes: no process relays them.
    const QString out = descriptor(u"/proc/%1/fd/1"_s.arg(p.processId()));
    QVERIFY2(out.startsWith("pipe:"_L1) || out.startsWith("socket:"_L1), qPrintable(out));
    QStringList held;
    const QString lifelineFds = u"/proc/%1/fd"_s.arg(lifeline.processId());
    for (const QString &fd : QDir(lifelineFds).entryList(QDir::System | QDir::NoDotAndDotDot))
        held.append(descriptor(lifelineFds + u'/' + fd));
    QVERIFY2(held.contains(out), qPrintable(out + u" not in "_s + held.join(u' ')));

    // Lifeline stops while the client is half way through a line: connect takes its client back,
    // with that half line and its initialize, and carries on over HTTP.
    p.write(R"({"jsonrpc":"2.0","id":3,"method":"tools/call",)");
    QTest::qWait(200); // the half line reaches Lifeline before it stops (else it is simply still in the pipe)
    lifeline.terminate();
    QVERIFY(lifeline.waitForFinished(10000));
    QByteArray err;
    QTRY_VERIFY2_WITH_TIMEOUT((err += p.readAllStandardError()).contains("Lifeline let go of this client"),
        (err + lifeline.readAllStandardError() + "state " + QByteArray::number(p.state())).constData(),
        10000);
    QProcess again;
    startLifeline(again, listen, u"own.sqlite"_s, &address);
    p.write(R"("params":{"name":"echo","arguments":{"text":"second"}}})"
            "\n");
    // A new session at the new Lifeline (the client's initialize, sent again), then the call.
    const QHash<int, QJsonObject> a = answers(p, 1);
    QVERIFY2(text(a.value(3)) == u"second"_s, (line(a.value(3)) + p.readAllStandardError()).constData());
    // Idle again, connect hands its client to the new Lifeline: the fast way is back, and the
    // client's session goes on there (Lifeline knows what it may ask it from its initialize).
    const QString againFds = u"/proc/%1/fd"_s.arg(again.processId());
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (const QString &fd : QDir(againFds).entryList(QDir::System | QDir::NoDotAndDotDot)) {
                         if (descriptor(againFds + u'/' + fd) == out)
                             return true;
                     }
                     return false;
                 },
                 2000 * 5),
        "the new Lifeline never took the client");
    QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("Lifeline is there again"), 5000);
    p.write(request(4, u"tools/call"_s,
        {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "third"_L1}}}}));
    QCOMPARE(text(answers(p, 1).value(4)), u"third"_s);
    p.closeWriteChannel();
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000));
    QCOMPARE(p.exitCode(), 0);
    again.terminate();
    QVERIFY(again.waitForFinished(10000));
}

void TestConnect::handedOverClientHearsWhatIsSaidToItsServer()
{
    // Served by Lifeline itself (no GET stream: its stdout is always open), chatty's log messages,
    // said while no call is out, reach the client as they happen, each once and in order.
    QProcess p;
    startConnect(p, {u"chatty"_s, u"--listen"_s, m_listen});
    p.write(kInitialize + kInitialized);
    QByteArray buffer;
    QList<int> ids;
    QVERIFY(QTest::qWaitFor([&] { return (ids += loggedIds(&buffer, p)).size() >= 3; }, 15000));
    for (qsizetype i = 1; i < ids.size(); ++i)
        QVERIFY2(ids[i] == ids[i - 1] + 1, qPrintable(u"%1 after %2"_s.arg(ids[i]).arg(ids[i - 1])));
    p.closeWriteChannel();
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(!p.readAllStandardError().contains("HTTP")); // never fell back to relaying
}

void TestConnect::handedOverClientSendingA64MiBLineAndAThousandCalls()
{
    QProcess p;
    startConnect(p, {u"fx"_s, u"--listen"_s, m_listen});
    p.write(kInitialize + kInitialized);
    QCOMPARE(answers(p, 1).size(), 1);
    // A 64 MiB line: dropped whole with an error naming the bound; the lines after it are served.
    QByteArray big
        = R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":")";
    big += QByteArray(64 * 1024 * 1024, 'x') + "\"}}}\n";
    p.write(big);
    // Then a thousand calls at once, on the same pipe.
    QByteArray calls;
    for (int id = 100; id < 1100; ++id)
        calls += request(id, u"tools/call"_s,
            {{"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, QString::number(id)}}}});
    p.write(calls);
    QHash<int, QJsonObject> got;
    QByteArray buffer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonObject &o : newLines(p, &buffer))
                got.insert(o.value("id"_L1).isNull() ? 0 : o.value("id"_L1).toInt(), o);
            return got.size() >= 1001;
        },
        60000));
    QVERIFY2(
        got.value(0).value("error"_L1).toObject().value("message"_L1).toString().contains("message over"_L1),
        line(got.value(0)).constData());
    QVERIFY(!got.contains(2));
    for (int id = 100; id < 1100; ++id)
        QCOMPARE(text(got.value(id)), QString::number(id));
    p.closeWriteChannel();
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 10000));
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestConnect)
#include "tst_connect.moc"
