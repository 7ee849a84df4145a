// The status server under load (figures go in the issue notes, not into assertions): 200
// concurrent keep-alive clients on loopback poll GET /health/ecosystem for 10 s, then GET /health
// for 10 s; every answer must be a 200. Prints p50/p95/p99 per route and the error count.
// The loop is bounded by time and by count; it talks to 127.0.0.1 only.
// Run: build/tests/bench/bench_statusserver   (BENCH_CLIENTS, BENCH_SECONDS, BENCH_SERVERS)
#include "api/statusserver.h"
#include "api/apiresponse.h"
#include "engine/enginethread.h"
#include "engine/monitorengine.h"

#include "benchstats.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using lifeline::bench::envInt;
using lifeline::bench::percentileMs;
using namespace lifeline;

namespace {

struct Result
{
    std::vector<qint64> latenciesNs;
    qint64 errors = 0;
    qint64 reconnects = 0;
};

// One client: a keep-alive connection that sends the next request as soon as an answer is complete.
class Client
{
public:
    Client(quint16 port, const QByteArray &path, Result &result, const QElapsedTimer &clock, qint64 endNs,
        qint64 maxRequests)
        : m_port(port)
        , m_request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n\r\n")
        , m_result(result)
        , m_clock(clock)
        , m_endNs(endNs)
        , m_maxRequests(maxRequests)
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, [this] { send(); });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { read(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] {
            if (m_waiting) { // the server closed mid-request
                ++m_result.errors;
                m_waiting = false;
            }
            if (!done()) {
                ++m_result.reconnects;
                m_socket.connectToHost(QHostAddress::LocalHost, m_port);
            }
        });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, [this](QAbstractSocket::SocketError e) {
            if (e != QAbstractSocket::RemoteHostClosedError)
                ++m_result.errors;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    }
    bool done() const { return m_clock.nsecsElapsed() >= m_endNs || m_sent >= m_maxRequests; }
    bool idle() const { return !m_waiting; }

private:
    void send()
    {
        if (done() || m_waiting)
            return;
        m_buffer.clear();
        m_waiting = true;
        ++m_sent;
        m_sentAt = m_clock.nsecsElapsed();
        m_socket.write(m_request);
    }
    void read()
    {
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = m_buffer.left(end).toLower();
        const qsizetype cl = head.indexOf("content-length:");
        const qint64 length
            = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toLongLong();
        if (m_buffer.size() - end - 4 < length)
            return;
        m_result.latenciesNs.push_back(m_clock.nsecsElapsed() - m_sentAt);
        if (!m_buffer.startsWith("HTTP/1.1 200"))
            ++m_result.errors;
        m_buffer.remove(0, end + 4 + length);
        m_waiting = false;
        send();
    }

    QTcpSocket m_socket;
    quint16 m_port;
    QByteArray m_request;
    Result &m_result;
    const QElapsedTimer &m_clock;
    qint64 m_endNs;
    qint64 m_maxRequests;
    qint64 m_sent = 0;
    qint64 m_sentAt = 0;
    bool m_waiting = false;
    QByteArray m_buffer;
};

Result run(quint16 port, const QByteArray &path, int clients, int seconds)
{
    Result result;
    QElapsedTimer clock;
    clock.start();
    const qint64 endNs = qint64(seconds) * 1'000'000'000;
    constexpr qint64 kMaxRequestsPerClient = 1'000'000; // a bound besides the time
    std::vector<std::unique_ptr<Client>> pool;
    for (int i = 0; i < clients; ++i)
        pool.push_back(std::make_unique<Client>(port, path, result, clock, endNs, kMaxRequestsPerClient));
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        const bool finished = clock.nsecsElapsed() >= endNs
            && std::all_of(pool.begin(), pool.end(), [](const auto &c) { return c->idle(); });
        if (finished || clock.nsecsElapsed() > endNs + 10'000'000'000LL)
            loop.quit();
    });
    check.start(50);
    loop.exec();
    const double secs = double(clock.nsecsElapsed()) / 1e9;
    std::printf("%-18s %d clients %5.1f s: %zu requests (%.0f/s), %lld errors, %lld reconnects, "
                "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        path.constData(), clients, secs, result.latenciesNs.size(), double(result.latenciesNs.size()) / secs,
        qlonglong(result.errors), qlonglong(result.reconnects), percentileMs(result.latenciesNs, 0.50),
        percentileMs(result.latenciesNs, 0.95), percentileMs(result.latenciesNs, 0.99),
        percentileMs(result.latenciesNs, 1.0));
    std::fflush(stdout);
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    registerMetaTypes();
    const int clients = envInt("BENCH_CLIENTS", 200);
    const int seconds = envInt("BENCH_SECONDS", 10);
    const int servers = envInt("BENCH_SERVERS", 10);

    Config config;
    for (int i = 0; i < servers; ++i) {
        ServerConfig c;
        c.name = u"fixture-%1"_s.arg(i, 2, 10, QChar(u'0'));
        c.command = QStringLiteral(LIFELINE_FIXTURE_PATH);
        c.args = {u"--quiet"_s};
        c.settings.intervalMs = 1000;
        config.servers.append(c);
    }
    EngineThread engine;
    StatusServer status;
    status.attach(engine.engine());
    status.setEngine(&engine);
    QString error;
    if (!status.start(*ListenAddress::parse(u"127.0.0.1:0"_s), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    engine.start();
    engine.applyConfig(config);
    QEventLoop settle; // let the servers come up and report
    QTimer::singleShot(2000, &settle, &QEventLoop::quit);
    settle.exec();

    std::printf("status server on %s, %d servers monitored\n", qPrintable(status.listenAddress()), servers);
    const Result ecosystem = run(status.port(), "/health/ecosystem", clients, seconds);
    const Result health = run(status.port(), "/health", clients, seconds);
    status.stop();
    engine.stop();
    return ecosystem.errors + health.errors == 0 ? 0 : 1;
}
