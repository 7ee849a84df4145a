// ConnectHost and LinePipe: `mcp-lifeline connect` hands its stdin, stdout and stderr to the
// running Lifeline, which serves the client itself, without HTTP. Here in one process, wired as
// Lifeline wires it: the engine and the status server with the gateway on (GatewayTestBase), the
// fixture server "fx" behind it, the host on the engine thread, and pipes for the client's descriptors.
#include "connecthost.h"
#include "gatewaytestbase.h"

#include "api/gatewayendpoint.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QPointer>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

// The client's three pipes: ours are `write` (its stdin) and the read ends of its stdout and stderr.
struct ClientPipes
{
    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
    ClientPipes()
    {
        if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC))
            qFatal("pipe2");
        ::fcntl(out[0], F_SETFL, O_NONBLOCK);
        ::fcntl(err[0], F_SETFL, O_NONBLOCK);
    }
    ~ClientPipes()
    {
        for (int *p : {in, out, err})
            for (int i = 0; i < 2; ++i)
                if (p[i] >= 0)
                    ::close(p[i]);
    }
    std::array<int, 3> theirs() const { return {in[0], out[1], err[1]}; }
    void handedOver() // the host has its own copies now: ours go, as a connect process's stay unused
    {
        for (int *fd : {&in[0], &out[1], &err[1]}) {
            ::close(*fd);
            *fd = -1;
        }
    }
    void write(const QByteArray &bytes) const
    {
        QCOMPARE(::write(in[1], bytes.constData(), bytes.size()), bytes.size());
    }
    void closeInput()
    {
        ::close(in[1]);
        in[1] = -1;
    }
    QByteArray read(int fd)
    {
        char buffer[65536];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        return n > 0 ? QByteArray(buffer, n) : QByteArray();
    }
    QByteArray output;
    QList<QJsonObject> lines() // the whole lines written to stdout so far
    {
        output += read(out[0]);
        QList<QJsonObject> all;
        for (const QByteArray &l : output.split('\n'))
            if (!l.isEmpty() && output.endsWith('\n'))
                all.append(QJsonDocument::fromJson(l).object());
        return all;
    }
};

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

const QJsonObject kInitialize {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 1}, {"method"_L1, "initialize"_L1},
    {"params"_L1, QJsonObject {{"protocolVersion"_L1, "2025-11-25"_L1}}}};

QJsonObject call(int id, const QString &method)
{
    return {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, id}, {"method"_L1, method}};
}

} // namespace

QJsonObject sleepCall(int id, int ms)
{
    return {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, id}, {"method"_L1, "tools/call"_L1},
        {"params"_L1, QJsonObject {{"name"_L1, "sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, ms}}}}}};
}

class TestConnectHost : public GatewayTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void socketPathReadsAnyAsLoopbackInTheUsersOwnFolder();
    void refusesAFolderOthersMayWriteTo();
    void servesTheClientItWasHandedAndSaysWhenItIsDone();
    void cancelledCallIsCancelledUpstreamAndNotAnswered();
    void handsBackWhatItHeldWhenItStops();
    void takesAClientThatInitializedElsewhere();
    void connectProcessGoneEndsItsClientAndItsCalls();
    void refusesWhatIsNotAGatewayPathOrAnUnknownServer();
    void handsBackWhenTheGatewayGoesFirst(); // last: the status server is gone after it

private:
    void startHost();
    // Starts the host and hands `client` over to it with `hello`, as a connect process does: the
    // control socket, or -1 (m_why says why).
    int handOver(ClientPipes &client, const QJsonObject &hello);
    void deleteHost();
    std::optional<QJsonObject> packet(int control); // the next one, waited for
    int lineCallsOut(); // the gateway endpoint's calls waiting for an answer

    QTemporaryDir *m_dir = nullptr;
    QPointer<ConnectHost> m_host;
    QString m_path;
    QString m_why; // handOver()'s, when it failed
};

void TestConnectHost::initTestCase()
{
    Config config;
    config.servers = {stdioFixture({}, u"fx"_s, quickRestarts())};
    QString error;
    QVERIFY2(startGateway(config, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx"_s), u"healthy"_s, 15000);
}

void TestConnectHost::cleanupTestCase()
{
    stopGateway();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a process outlived the test");
}

void TestConnectHost::init()
{
    m_dir = new QTemporaryDir; // mkdtemp: 0700, this user's
    QVERIFY(m_dir->isValid());
    m_path = m_dir->path() + u"/connect.sock"_s;
}

void TestConnectHost::cleanup()
{
    deleteHost();
    delete m_dir;
}

void TestConnectHost::startHost()
{
    // As Lifeline does: made here, serving the status server's gateway endpoint, on the engine thread.
    auto *host = new ConnectHost(m_status->gatewayEndpoint());
    QString error;
    QVERIFY2(host->listen(m_path, &error), qPrintable(error));
    m_host = host;
    m_engine->adopt(host);
    QMetaObject::invokeMethod(host, &ConnectHost::start, Qt::QueuedConnection);
}

int TestConnectHost::handOver(ClientPipes &client, const QJsonObject &hello)
{
    startHost();
    const int control = ConnectHost::handOver(m_path, hello, &m_why, client.theirs());
    if (control >= 0)
        client.handedOver();
    return control;
}

void TestConnectHost::deleteHost()
{
    if (m_host)
        QMetaObject::invokeMethod(
            m_host, [h = m_host.data()] { delete h; }, Qt::BlockingQueuedConnection);
}

std::optional<QJsonObject> TestConnectHost::packet(int control)
{
    std::optional<QJsonObject> p;
    if (!QTest::qWaitFor([&] { return !(p = ConnectHost::readPacket(control)) || !p->isEmpty(); }, 10000))
        return QJsonObject {{"timeout"_L1, true}};
    return p;
}

int TestConnectHost::lineCallsOut()
{
    int n = -1;
    GatewayEndpoint *endpoint = m_status->gatewayEndpoint();
    QMetaObject::invokeMethod(
        endpoint, [&] { n = endpoint->callsWaiting(); }, Qt::BlockingQueuedConnection);
    return n;
}

void TestConnectHost::socketPathReadsAnyAsLoopbackInTheUsersOwnFolder()
{
    const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
    qputenv("XDG_RUNTIME_DIR", "/run/user/1000");
    QCOMPARE(ConnectHost::socketPath(QHostAddress(QHostAddress::AnyIPv4), 7733),
        u"/run/user/1000/mcp-lifeline/connect-127.0.0.1-7733.sock"_s);
    QCOMPARE(ConnectHost::socketPath(QHostAddress(u"127.0.0.1"_s), 7733),
        u"/run/user/1000/mcp-lifeline/connect-127.0.0.1-7733.sock"_s);
    QCOMPARE(ConnectHost::socketPath(QHostAddress(QHostAddress::AnyIPv6), 9),
        u"/run/user/1000/mcp-lifeline/connect-::1-9.sock"_s);
    // connect looks in the session's usual place and the temp folder too.
    QStringList expected {u"/run/user/1000/mcp-lifeline/connect-127.0.0.1-7733.sock"_s};
    if (::geteuid() != 1000)
        expected.append(u"/run/user/%1/mcp-lifeline/connect-127.0.0.1-7733.sock"_s.arg(::geteuid()));
    expected.append(QDir::tempPath() + u"/mcp-lifeline-%1/connect-127.0.0.1-7733.sock"_s.arg(::geteuid()));
    QCOMPARE(ConnectHost::socketPaths(QHostAddress(u"127.0.0.1"_s), 7733), expected);
    qunsetenv("XDG_RUNTIME_DIR");
    const QString temp
        = QDir::tempPath() + u"/mcp-lifeline-%1/connect-127.0.0.1-7733.sock"_s.arg(::geteuid());
    QCOMPARE(ConnectHost::socketPath(QHostAddress(u"127.0.0.1"_s), 7733), temp);
    QCOMPARE(ConnectHost::socketPaths(QHostAddress(u"127.0.0.1"_s), 7733).first(), temp);
    QCOMPARE(ConnectHost::socketPaths(QHostAddress(u"127.0.0.1"_s), 7733).size(), 2);
    if (!saved.isEmpty())
        qputenv("XDG_RUNTIME_DIR", saved);
}

void TestConnectHost::refusesAFolderOthersMayWriteTo()
{
    const QString open = m_dir->path() + u"/open"_s;
    QVERIFY(QDir().mkdir(open));
    QVERIFY(::chmod(QFile::encodeName(open).constData(), 0777) == 0);
    ConnectHost host(nullptr);
    QString error;
    QVERIFY(!host.listen(open + u"/connect.sock"_s, &error));
    QVERIFY2(error.contains("0700"_L1), qPrintable(error));
    // Nor does connect hand its descriptors to whatever listens in such a folder.
    QString why;
    QCOMPARE(ConnectHost::handOver(open + u"/connect.sock"_s, {{"path"_L1, "/mcp/all"_L1}}, &why), -1);
    QVERIFY2(why.contains("0700"_L1), qPrintable(why));
    // Nobody listening: nothing handed over, and it says where it looked.
    QCOMPARE(ConnectHost::handOver(m_path, {{"path"_L1, "/mcp/all"_L1}}, &why), -1);
    QVERIFY2(why.contains(m_path), qPrintable(why));
}

void TestConnectHost::servesTheClientItWasHandedAndSaysWhenItIsDone()
{
    ClientPipes client;
    const int control = handOver(client, {{"path"_L1, "/mcp/servers/fx"_L1}});
    QVERIFY2(control >= 0, qPrintable(m_why));
    client.write(line(kInitialize));
    // Its initialize comes back to the connect process: what it needs to carry the client on alone.
    const std::optional<QJsonObject> init = packet(control);
    QVERIFY(init);
    QCOMPARE(init->value("initialize"_L1).toObject(), kInitialize);
    client.write(line({{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/initialized"_L1}})
        + line(call(2, u"tools/list"_s)) + line(call(3, u"ping"_s)) + "not json\n");
    QTRY_COMPARE(client.lines().size(), 4);
    QHash<int, QJsonObject> byId;
    for (const QJsonObject &l : client.lines())
        byId.insert(l.value("id"_L1).toInt(), l);
    QCOMPARE(byId.value(1).value("result"_L1).toObject().value("serverInfo"_L1).toObject().value("name"_L1),
        u"lifeline-fixture"_s); // the upstream's, as the gateway saw it
    QVERIFY(!byId.value(2).value("result"_L1).toObject().value("tools"_L1).toArray().isEmpty());
    QCOMPARE(byId.value(3).value("result"_L1).toObject(), QJsonObject {}); // Lifeline's own ping
    QCOMPARE(byId.value(0).value("error"_L1).toObject().value("code"_L1).toInt(), -32700); // id null
    QVERIFY(sentUpstream(u"fx"_s, u"tools/list"_s)); // through the engine's session
    // Its input ends with a call still out: the exit waits for its answer.
    client.write(line(sleepCall(4, 300)));
    client.closeInput();
    const std::optional<QJsonObject> done = packet(control);
    QVERIFY(done);
    QCOMPARE(*done, QJsonObject({{"exit"_L1, 0}}));
    QCOMPARE(client.lines().size(), 5);
    QCOMPARE(client.lines().last().value("id"_L1).toInt(), 4);
    QVERIFY(!packet(control)); // then the socket closes
    QTRY_COMPARE(m_host->guests(), 0);
    ::close(control);
}

void TestConnectHost::cancelledCallIsCancelledUpstreamAndNotAnswered()
{
    ClientPipes client;
    const int control = handOver(client, {{"path"_L1, "/mcp/servers/fx"_L1}});
    QVERIFY2(control >= 0, qPrintable(m_why));
    client.write(line(kInitialize) + line(sleepCall(5, 5000)));
    QTRY_COMPARE(lineCallsOut(), 1);
    client.write(line({{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/cancelled"_L1},
                     {"params"_L1, QJsonObject {{"requestId"_L1, 5}, {"reason"_L1, "user"_L1}}}})
        + line(call(6, u"ping"_s)));
    QTRY_COMPARE(client.lines().size(), 2); // initialize's and ping's: none for the cancelled call
    QCOMPARE(client.lines().last().value("id"_L1).toInt(), 6);
    QCOMPARE(lineCallsOut(), 0);
    ::close(control);
}

void TestConnectHost::handsBackWhatItHeldWhenItStops()
{
    ClientPipes client;
    const int control = handOver(client, {{"path"_L1, "/mcp/servers/fx"_L1}});
    QVERIFY2(control >= 0, qPrintable(m_why));
    client.write(line(kInitialize) + line(sleepCall(2, 5000)) + R"({"jsonrpc":"2.0","id":3,"meth)");
    QVERIFY(packet(control)); // the initialize
    QTRY_COMPARE(lineCallsOut(), 1);
    // The host ends: the call it had out is answered with an error (nobody else can now), and the
    // client goes back to the connect process with its initialize and the half line.
    deleteHost();
    const std::optional<QJsonObject> back = packet(control);
    QVERIFY(back);
    const QJsonObject handback = back->value("handback"_L1).toObject();
    QCOMPARE(handback.value("initialize"_L1).toObject(), kInitialize);
    QCOMPARE(QByteArray::fromBase64(handback.value("input"_L1).toString().toLatin1()),
        QByteArray(R"({"jsonrpc":"2.0","id":3,"meth)"));
    QVERIFY(!packet(control));
    QTRY_COMPARE(client.lines().size(), 2);
    const QJsonObject error = client.lines()[1];
    QCOMPARE(error.value("id"_L1).toInt(), 2);
    QVERIFY2(
        error.value("error"_L1).toObject().value("message"_L1).toString().contains("Lifeline stopped"_L1),
        line(error).constData());
    QCOMPARE(lineCallsOut(), 0); // cancelled upstream
    QVERIFY(!QFile::exists(m_path)); // nobody is there to take another client
    ::close(control);
}

void TestConnectHost::takesAClientThatInitializedElsewhere()
{
    // connect relayed over HTTP until now (Lifeline was away): the client is past its initialize,
    // which comes in the hello, and its next line is a call.
    ClientPipes client;
    const int control = handOver(client, {{"path"_L1, "/mcp/servers/fx"_L1}, {"initialize"_L1, kInitialize}});
    QVERIFY2(control >= 0, qPrintable(m_why));
    client.write(line(call(7, u"tools/list"_s)));
    QTRY_COMPARE(client.lines().size(), 1);
    QCOMPARE(client.lines()[0].value("id"_L1).toInt(), 7);
    QVERIFY(client.lines()[0].contains("result"_L1));
    // Handed back, it is the same client: its initialize goes back with it.
    deleteHost();
    const std::optional<QJsonObject> back = packet(control);
    QVERIFY(back);
    QCOMPARE(back->value("handback"_L1).toObject().value("initialize"_L1).toObject(), kInitialize);
    ::close(control);
}

void TestConnectHost::connectProcessGoneEndsItsClientAndItsCalls()
{
    ClientPipes client;
    const int control = handOver(client, {{"path"_L1, "/mcp/all"_L1}});
    QVERIFY2(control >= 0, qPrintable(m_why));
    client.write(line(kInitialize));
    QTRY_COMPARE(client.lines().size(), 1);
    client.write(line({{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 3}, {"method"_L1, "tools/call"_L1},
        {"params"_L1,
            QJsonObject {{"name"_L1, "fx__sleep"_L1}, {"arguments"_L1, QJsonObject {{"ms"_L1, 5000}}}}}}));
    QTRY_COMPARE(lineCallsOut(), 1);
    ::close(control); // killed by its agent
    QTRY_COMPARE(m_host->guests(), 0);
    QTRY_COMPARE(lineCallsOut(), 0); // its call is cancelled upstream
    // ...and answered with an error, should the agent still read; then Lifeline lets go of the
    // client's descriptors: its stdout reaches end of file here.
    QTRY_COMPARE(client.lines().size(), 2);
    QCOMPARE(client.lines()[1].value("id"_L1).toInt(), 3);
    QVERIFY(client.lines()[1].contains("error"_L1));
    char byte;
    QTRY_COMPARE(::read(client.out[0], &byte, 1), ssize_t(0));
}

void TestConnectHost::refusesWhatIsNotAGatewayPathOrAnUnknownServer()
{
    startHost();
    for (const auto &[path, reason] : {std::pair {u"/api/servers"_s, u"no gateway path"_s},
             std::pair {u"/mcp/servers/"_s, u"no gateway path"_s},
             std::pair {u"/mcp/servers/nosuch"_s, u"no server named nosuch"_s},
             std::pair {u"/mcp/groups/nosuch"_s, u"no failover group named nosuch"_s}}) {
        ClientPipes client;
        QString why;
        QCOMPARE(ConnectHost::handOver(m_path, {{"path"_L1, path}}, &why, client.theirs()), -1);
        QVERIFY2(why.contains(reason), qPrintable(why));
        // Nothing of the client was kept: its stdin is ours alone to read again.
        QTRY_COMPARE(m_host->guests(), 0);
        client.write("still ours\n");
        char buffer[32];
        QCOMPARE(::read(client.in[0], buffer, sizeof buffer), ssize_t(11));
    }
}

void TestConnectHost::handsBackWhenTheGatewayGoesFirst()
{
    // Lifeline's own order when it stops: the status server (and its gateway endpoint) first.
    ClientPipes client;
    const int control = handOver(client, {{"path"_L1, "/mcp/servers/fx"_L1}});
    QVERIFY2(control >= 0, qPrintable(m_why));
    client.write(line(kInitialize) + line(sleepCall(2, 5000)) + R"({"jsonrpc")");
    QVERIFY(packet(control));
    QTRY_COMPARE(lineCallsOut(), 1);
    delete m_status;
    m_status = nullptr;
    const std::optional<QJsonObject> back = packet(control);
    QVERIFY(back);
    QCOMPARE(back->value("handback"_L1).toObject().value("input"_L1).toString(),
        QString::fromLatin1(QByteArray(R"({"jsonrpc")").toBase64()));
    QVERIFY(!packet(control));
    QTRY_COMPARE(client.lines().size(), 2);
    QCOMPARE(client.lines()[1].value("id"_L1).toInt(), 2);
    QVERIFY(client.lines()[1].contains("error"_L1));
    QTRY_COMPARE(m_host->guests(), 0);
    ::close(control);
}

QTEST_GUILESS_MAIN(TestConnectHost)
#include "tst_connecthost.moc"
