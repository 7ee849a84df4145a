// ConnectHost: `mcp-lifeline connect` hands its stdin, stdout and stderr to the running Lifeline,
// which serves the client itself. Here in one process: the host on a thread of its own (as on the
// engine's), pipes for the client's descriptors, and a loopback stand-in for the gateway that
// answers each POST with the method it got (and never answers "hang").
#include "connecthost.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using lifeline::ConnectHost;

namespace {

class FakeGateway : public QObject
{
public:
    FakeGateway()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                s->setParent(this);
                connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
            }
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    QStringList methods; // every request's, in order
    QList<QByteArray> sessions; // each request's Mcp-Session-Id

private:
    void read(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buffer.left(end);
            qsizetype length = 0;
            QByteArray session;
            for (const QByteArray &h : head.split('\n')) {
                if (h.toLower().startsWith("content-length:"))
                    length = h.mid(15).trimmed().toLongLong();
                if (h.toLower().startsWith("mcp-session-id:"))
                    session = h.mid(15).trimmed();
            }
            if (buffer.size() < end + 4 + length)
                return;
            const QJsonObject message = QJsonDocument::fromJson(buffer.mid(end + 4, length)).object();
            buffer.remove(0, end + 4 + length);
            if (head.startsWith("GET ")) { // no event stream here: the bridge does not ask again
                s->write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
                continue;
            }
            const QString method = message.value("method"_L1).toString();
            methods.append(method);
            sessions.append(session);
            if (method == "hang"_L1)
                continue;
            if (!message.contains("id"_L1)) {
                s->write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
                continue;
            }
            const QByteArray body
                = QJsonDocument(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, message.value("id"_L1)},
                                    {"result"_L1, QJsonObject {{"method"_L1, method}}}})
                      .toJson(QJsonDocument::Compact);
            s->write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: s-1\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

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

class TestConnectHost : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void socketPathReadsAnyAsLoopbackInTheUsersOwnFolder();
    void refusesAFolderOthersMayWriteTo();
    void servesTheClientItWasHandedAndSaysWhenItIsDone();
    void handsBackWhatItHeldWhenItStops();
    void connectProcessGoneEndsItsClient();
    void refusesWhatIsNotAGatewayPath();

private:
    void startHost();
    std::optional<QJsonObject> packet(int control); // the next one, waited for

    QTemporaryDir *m_dir = nullptr;
    QThread *m_thread = nullptr;
    ConnectHost *m_host = nullptr;
    FakeGateway *m_gateway = nullptr;
    QString m_path;
};

void TestConnectHost::init()
{
    m_dir = new QTemporaryDir; // mkdtemp: 0700, this user's
    QVERIFY(m_dir->isValid());
    m_gateway = new FakeGateway;
    m_path = m_dir->path() + u"/connect.sock"_s;
}

void TestConnectHost::cleanup()
{
    if (m_host)
        QMetaObject::invokeMethod(
            m_host, [h = m_host] { delete h; }, Qt::BlockingQueuedConnection);
    m_host = nullptr;
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
    delete m_thread;
    m_thread = nullptr;
    delete m_gateway;
    delete m_dir;
}

void TestConnectHost::startHost()
{
    m_host = new ConnectHost(m_gateway->url());
    QString error;
    QVERIFY2(m_host->listen(m_path, &error), qPrintable(error));
    m_thread = new QThread;
    m_thread->start();
    m_host->moveToThread(m_thread);
    QMetaObject::invokeMethod(m_host, &ConnectHost::start, Qt::QueuedConnection);
}

std::optional<QJsonObject> TestConnectHost::packet(int control)
{
    std::optional<QJsonObject> p;
    if (!QTest::qWaitFor([&] { return !(p = ConnectHost::readPacket(control)) || !p->isEmpty(); }, 10000))
        return QJsonObject {{"timeout"_L1, true}};
    return p;
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
    qunsetenv("XDG_RUNTIME_DIR");
    QCOMPARE(ConnectHost::socketPath(QHostAddress(u"127.0.0.1"_s), 7733),
        QDir::tempPath() + u"/mcp-lifeline-%1/connect-127.0.0.1-7733.sock"_s.arg(::geteuid()));
    if (!saved.isEmpty())
        qputenv("XDG_RUNTIME_DIR", saved);
}

void TestConnectHost::refusesAFolderOthersMayWriteTo()
{
    const QString open = m_dir->path() + u"/open"_s;
    QVERIFY(QDir().mkdir(open));
    QVERIFY(::chmod(QFile::encodeName(open).constData(), 0777) == 0);
    ConnectHost host(m_gateway->url());
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
    startHost();
    ClientPipes client;
    QString why;
    const int control = ConnectHost::handOver(
        m_path, {{"path"_L1, "/mcp/servers/fx"_L1}, {"token"_L1, "t"_L1}}, &why, client.theirs());
    QVERIFY2(control >= 0, qPrintable(why));
    client.handedOver();
    client.write(line(kInitialize));
    // Its initialize comes back to the connect process: what it needs to carry the client on alone.
    const std::optional<QJsonObject> init = packet(control);
    QVERIFY(init);
    QCOMPARE(init->value("initialize"_L1).toObject(), kInitialize);
    client.write(line({{"jsonrpc"_L1, "2.0"_L1}, {"method"_L1, "notifications/initialized"_L1}})
        + line(call(2, u"tools/list"_s)) + line(call(3, u"tools/call"_s)));
    QTRY_COMPARE(client.lines().size(), 3);
    const QList<QJsonObject> lines = client.lines();
    QCOMPARE(lines[0].value("id"_L1).toInt(), 1);
    QCOMPARE(lines[2].value("result"_L1).toObject().value("method"_L1).toString(), u"tools/call"_s);
    QCOMPARE(m_gateway->methods,
        QStringList({u"initialize"_s, u"notifications/initialized"_s, u"tools/list"_s, u"tools/call"_s}));
    QCOMPARE(m_gateway->sessions.last(), "s-1"); // the session initialize made
    // Its input ends: every answer is out, so the connect process may exit, with 0.
    client.closeInput();
    const std::optional<QJsonObject> done = packet(control);
    QVERIFY(done);
    QCOMPARE(*done, QJsonObject({{"exit"_L1, 0}}));
    QVERIFY(!packet(control)); // then the socket closes
    QTRY_COMPARE(m_host->guests(), 0);
    ::close(control);
}

void TestConnectHost::handsBackWhatItHeldWhenItStops()
{
    startHost();
    ClientPipes client;
    QString why;
    const int control
        = ConnectHost::handOver(m_path, {{"path"_L1, "/mcp/servers/fx"_L1}}, &why, client.theirs());
    QVERIFY2(control >= 0, qPrintable(why));
    client.handedOver();
    client.write(line(kInitialize) + line(call(2, u"hang"_s)) + R"({"jsonrpc":"2.0","id":3,"meth)");
    QVERIFY(packet(control)); // the initialize
    QTRY_VERIFY(m_gateway->methods.contains(u"hang"_s));
    // Lifeline stops: the call it had out is answered with an error (nobody else can now), and the
    // client goes back to the connect process with its initialize and the half line.
    QMetaObject::invokeMethod(
        m_host, [h = m_host] { delete h; }, Qt::BlockingQueuedConnection);
    m_host = nullptr;
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
    QVERIFY(!QFile::exists(m_path)); // nobody is there to take another client
    ::close(control);
}

void TestConnectHost::connectProcessGoneEndsItsClient()
{
    startHost();
    ClientPipes client;
    QString why;
    const int control
        = ConnectHost::handOver(m_path, {{"path"_L1, "/mcp/groups/pair"_L1}}, &why, client.theirs());
    QVERIFY2(control >= 0, qPrintable(why));
    client.handedOver();
    QTRY_COMPARE(m_host->guests(), 1);
    ::close(control); // killed by its agent
    QTRY_COMPARE(m_host->guests(), 0);
    // Lifeline let go of the client's descriptors: its stdout reaches end of file here.
    char byte;
    QTRY_COMPARE(::read(client.out[0], &byte, 1), ssize_t(0));
}

void TestConnectHost::refusesWhatIsNotAGatewayPath()
{
    startHost();
    ClientPipes client;
    QString why;
    QCOMPARE(ConnectHost::handOver(m_path, {{"path"_L1, "/api/servers"_L1}}, &why, client.theirs()), -1);
    QVERIFY2(why.contains("no gateway path"_L1), qPrintable(why));
    // Nothing of the client was kept: its stdin is ours alone to read again.
    QTRY_COMPARE(m_host->guests(), 0);
    client.write("still ours\n");
    char buffer[32];
    QCOMPARE(::read(client.in[0], buffer, sizeof buffer), ssize_t(11));
}

QTEST_GUILESS_MAIN(TestConnectHost)
#include "tst_connecthost.moc"
