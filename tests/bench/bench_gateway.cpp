// The gateway's cost (figures go in the issue notes, not into assertions). Real processes only:
// the fixture server, and `mcp-lifeline --headless` on a free loopback port whose servers are that
// fixture over HTTP (by URL), over stdio, and over stdio with BENCH_TOOL_MS of work per answer. Prints:
//  (a) added latency: p50/p95 of sequential tools/call round trips (echo), one client,
//      - HTTP: the fixture's /mcp directly vs /mcp/servers/http through Lifeline;
//      - stdio: the fixture over a pipe (this process writes JSON lines) vs /mcp/servers/stdio, for an
//        instant echo and for a tool that takes BENCH_TOOL_MS (default 1 ms: the fixture's --latency);
//      and the same slow calls through floorrelay, a bare HTTP-to-pipe relay: the least any
//      separate process adds here (its wake-ups), against which Lifeline's own share is read;
//  (b) throughput: calls/s with N concurrent keep-alive clients through one gateway, for each upstream.
// With LIFELINE_NPM_CACHE (the test script's npm cache) also a real stdio server: server-memory's read_graph.
// Run: build/tests/bench/bench_gateway   (BENCH_CALLS, BENCH_CLIENTS, BENCH_SECONDS, BENCH_TOOL_MS)
// Profile the gateway: BENCH_LIFELINE_PREFIX="valgrind --tool=callgrind" runs Lifeline under it;
// BENCH_ONLY=http (or stdio) then runs just BENCH_CALLS sequential calls through that member, so that
// two runs with different BENCH_CALLS give the instructions per call (the difference over the calls).
#include "benchstats.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using lifeline::bench::envInt;
using lifeline::bench::percentileMs;

namespace {

struct Figures
{
    std::vector<qint64> latenciesNs;
    qint64 errors = 0;
};

// The tools/call every client sends: the fixture's echo, or BENCH's real-server call (setToolCall).
QByteArray g_toolCallParams = R"({"name":"echo","arguments":{"text":"hello"}})";

QByteArray callBody(qint64 id)
{
    return R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"method":"tools/call","params":)"
        + g_toolCallParams + '}';
}

// Runs the event loop until done() or the bound passes; false on the bound. It sleeps between
// events like a real client: processEvents(flags, ms) drops WaitForMoreEvents and would busy-poll,
// which takes a core from Lifeline's threads and makes a direct client's wake-ups free.
bool spin(const std::function<bool()> &done, int boundMs)
{
    QTimer tick; // wakes the wait below now and then, to look at the bound
    tick.start(50);
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > boundMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// A Streamable HTTP MCP client on one keep-alive connection: initialize, then tools/call (echo)
// one after the other, as fast as the answers come, until the end time or the count.
class HttpClient
{
public:
    HttpClient(quint16 port, const QByteArray &path, Figures &figures, const QElapsedTimer &clock,
        qint64 endNs, qint64 maxCalls)
        : m_port(port)
        , m_path(path)
        , m_figures(figures)
        , m_clock(clock)
        , m_endNs(endNs)
        , m_maxCalls(maxCalls)
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, [this] {
            send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
                 R"("capabilities":{},"clientInfo":{"name":"bench_gateway","version":"1"}}})");
        });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { read(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] {
            if (m_waiting)
                ++m_figures.errors;
            m_waiting = false;
            m_closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    }
    bool finished() const { return m_closed || (!m_waiting && m_step == Step::Calls && timeUp()); }

private:
    enum class Step { Initialize, Initialized, Calls };

    bool timeUp() const { return m_clock.nsecsElapsed() >= m_endNs || m_calls >= m_maxCalls; }
    void send(const QByteArray &body)
    {
        QByteArray request = "POST " + m_path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
            + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
              "MCP-Protocol-Version: 2025-06-18\r\n";
        if (!m_sessionId.isEmpty())
            request += "Mcp-Session-Id: " + m_sessionId + "\r\n";
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        m_waiting = true;
        m_sentAt = m_clock.nsecsElapsed();
        m_socket.write(request);
    }
    void nextCall()
    {
        if (timeUp())
            return;
        ++m_calls;
        send(callBody(m_calls));
    }
    void read()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = m_buffer.left(end);
            const QByteArray lower = head.toLower();
            const qsizetype cl = lower.indexOf("content-length:");
            const qint64 length
                = cl < 0 ? 0 : lower.mid(cl + 15, lower.indexOf('\r', cl) - cl - 15).trimmed().toLongLong();
            if (m_buffer.size() - end - 4 < length)
                return;
            const QByteArray body = m_buffer.mid(end + 4, length);
            m_buffer.remove(0, end + 4 + length);
            answered(head, lower, body);
        }
    }
    void answered(const QByteArray &head, const QByteArray &lower, const QByteArray &body)
    {
        const qint64 took = m_clock.nsecsElapsed() - m_sentAt;
        m_waiting = false;
        const bool ok = head.startsWith("HTTP/1.1 200") || head.startsWith("HTTP/1.1 202");
        switch (m_step) {
        case Step::Initialize: {
            if (const qsizetype s = lower.indexOf("mcp-session-id:"); s >= 0)
                m_sessionId = head.mid(s + 15, head.indexOf('\r', s) - s - 15).trimmed();
            if (!ok) {
                ++m_figures.errors;
                std::fprintf(stderr, "initialize failed: %s\n%s\n", head.constData(), body.constData());
                m_socket.close();
                return;
            }
            m_step = Step::Initialized;
            send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
            return;
        }
        case Step::Initialized:
            m_step = Step::Calls;
            nextCall();
            return;
        case Step::Calls:
            if (!ok || !body.contains("\"result\"")) {
                if (m_figures.errors++ < 3)
                    std::fprintf(stderr, "call failed: %s\n%s\n", head.constData(), body.constData());
            } else {
                m_figures.latenciesNs.push_back(took);
            }
            nextCall();
            return;
        }
    }

    QTcpSocket m_socket;
    quint16 m_port;
    QByteArray m_path;
    Figures &m_figures;
    const QElapsedTimer &m_clock;
    qint64 m_endNs;
    qint64 m_maxCalls;
    qint64 m_calls = 0;
    qint64 m_sentAt = 0;
    bool m_waiting = false;
    bool m_closed = false;
    Step m_step = Step::Initialize;
    QByteArray m_sessionId;
    QByteArray m_buffer;
};

Figures runHttp(quint16 port, const QByteArray &path, int clients, qint64 maxCalls, int seconds)
{
    Figures figures;
    QElapsedTimer clock;
    clock.start();
    const qint64 endNs = qint64(seconds) * 1'000'000'000;
    std::vector<std::unique_ptr<HttpClient>> pool;
    for (int i = 0; i < clients; ++i)
        pool.push_back(std::make_unique<HttpClient>(port, path, figures, clock, endNs, maxCalls));
    const bool done = spin(
        [&] { return std::all_of(pool.begin(), pool.end(), [](const auto &c) { return c->finished(); }); },
        seconds * 1000 + 30'000);
    if (!done)
        ++figures.errors;
    return figures;
}

// A stdio server over a pipe, no Lifeline: JSON lines written and read here, one call at a time.
// The fixture unless `program` is given.
Figures runStdioDirect(qint64 calls, const QStringList &extraArgs = {}, const QString &program = {},
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    Figures figures;
    QProcess fixture;
    fixture.setStandardErrorFile(QProcess::nullDevice());
    fixture.setProcessEnvironment(env);
    if (program.isEmpty())
        fixture.start(QStringLiteral(LIFELINE_FIXTURE_PATH), QStringList {u"--quiet"_s} + extraArgs);
    else
        fixture.start(program, extraArgs);
    if (!fixture.waitForStarted(5000)) {
        ++figures.errors;
        return figures;
    }
    QElapsedTimer clock;
    clock.start();
    QByteArray buffer;
    qint64 sent = 0;
    qint64 sentAt = 0;
    bool initialized = false;
    const auto send = [&](const QByteArray &line) {
        sentAt = clock.nsecsElapsed();
        fixture.write(line + '\n');
    };
    QObject::connect(&fixture, &QProcess::readyReadStandardOutput, [&] {
        buffer += fixture.readAllStandardOutput();
        qsizetype nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            const QByteArray line = buffer.left(nl);
            buffer.remove(0, nl + 1);
            if (!line.contains("\"id\""))
                continue; // a notification
            if (!initialized) {
                initialized = true;
                fixture.write(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
                              "\n");
            } else if (line.contains("\"result\"")) {
                figures.latenciesNs.push_back(clock.nsecsElapsed() - sentAt);
            } else {
                ++figures.errors;
            }
            if (sent < calls)
                send(callBody(++sent));
        }
    });
    send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
         R"("capabilities":{},"clientInfo":{"name":"bench_gateway","version":"1"}}})");
    if (!spin([&] { return qint64(figures.latenciesNs.size()) + figures.errors >= calls; }, 120'000))
        ++figures.errors;
    fixture.closeWriteChannel();
    if (!fixture.waitForFinished(3000))
        fixture.kill();
    fixture.waitForFinished(1000);
    return figures;
}

// The port a process it started writes to `portFile`; 0 when it ends or 10 s pass first.
quint16 portFrom(const QString &portFile, const QProcess &process)
{
    quint16 port = 0;
    spin(
        [&] {
            QFile f(portFile);
            if (f.open(QIODevice::ReadOnly))
                port = quint16(f.readAll().trimmed().toUInt());
            return port != 0 || process.state() == QProcess::NotRunning;
        },
        10'000);
    return port;
}

// The fixture in HTTP mode on a free port.
class HttpFixture
{
public:
    explicit HttpFixture(const QString &portFile)
    {
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start(QStringLiteral(LIFELINE_FIXTURE_PATH),
            {u"--mode"_s, u"http"_s, u"--port"_s, u"0"_s, u"--port-file"_s, portFile, u"--quiet"_s});
        m_port = portFrom(portFile, m_process);
    }
    ~HttpFixture()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
    quint16 port() const { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

// The real program: `mcp-lifeline --headless`, its JSON lines read until every server is healthy.
class Lifeline
{
public:
    Lifeline(const QTemporaryDir &dir, const QByteArray &config, const QStringList &servers)
    {
        const QString configPath = dir.filePath(u"servers.json"_s);
        QFile f(configPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(config) != config.size())
            return;
        f.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
        env.insert(u"XDG_STATE_HOME"_s, dir.filePath(u"state"_s));
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList healthy;
        QByteArray buffer;
        const QMetaObject::Connection reading
            = QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [&, this] {
                  buffer += m_process.readAllStandardOutput();
                  qsizetype nl;
                  while ((nl = buffer.indexOf('\n')) >= 0) {
                      const QJsonObject line = QJsonDocument::fromJson(buffer.left(nl)).object();
                      buffer.remove(0, nl + 1);
                      if (line.value("status"_L1) == "started"_L1 && m_port == 0)
                          m_port = quint16(line.value("listen"_L1).toString().section(u':', -1).toUInt());
                      const QString server = line.value("server"_L1).toString();
                      if (servers.contains(server) && !healthy.contains(server)
                          && line.value("to"_L1) == "healthy"_L1)
                          healthy.append(server);
                  }
              });
        // BENCH_LIFELINE_PREFIX runs it under a profiler, e.g. "valgrind --tool=callgrind".
        QStringList command = qEnvironmentVariable("BENCH_LIFELINE_PREFIX").split(u' ', Qt::SkipEmptyParts);
        command += {QStringLiteral(LIFELINE_BIN), u"--headless"_s, u"--config"_s, configPath, u"--db"_s,
            dir.filePath(u"history.sqlite"_s), u"--listen"_s, u"127.0.0.1:0"_s};
        m_process.start(command.takeFirst(), command);
        m_ready = spin(
                      [&] {
                          return (m_port != 0 && healthy.size() == servers.size())
                              || m_process.state() == QProcess::NotRunning;
                      },
                      120'000)
            && m_port != 0 && healthy.size() == servers.size();
        QObject::disconnect(reading);
        // Keep draining its lines so that it never blocks on a full pipe.
        QObject::connect(
            &m_process, &QProcess::readyReadStandardOutput, [this] { m_process.readAllStandardOutput(); });
    }
    ~Lifeline()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(30'000)) // a profiler writes its data first
            m_process.kill();
        m_process.waitForFinished(1000);
    }
    bool ready() const { return m_ready; }
    quint16 port() const { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
    bool m_ready = false;
};

void printLatency(const char *what, const Figures &f)
{
    std::printf("%-34s %6zu calls, %lld errors: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms\n", what,
        f.latenciesNs.size(), qlonglong(f.errors), percentileMs(f.latenciesNs, 0.50),
        percentileMs(f.latenciesNs, 0.95), percentileMs(f.latenciesNs, 0.99));
    std::fflush(stdout);
}

void printAdded(const char *what, const Figures &direct, const Figures &gateway)
{
    const double d50 = percentileMs(direct.latenciesNs, 0.5);
    const double g50 = percentileMs(gateway.latenciesNs, 0.5);
    const double d95 = percentileMs(direct.latenciesNs, 0.95);
    const double g95 = percentileMs(gateway.latenciesNs, 0.95);
    std::printf("%-34s p50 +%.3f ms (x%.2f), p95 +%.3f ms (x%.2f)\n", what, g50 - d50,
        d50 > 0 ? g50 / d50 : 0, g95 - d95, d95 > 0 ? g95 / d95 : 0);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int calls = envInt("BENCH_CALLS", 3000);
    const int clients = envInt("BENCH_CLIENTS", 16);
    const int seconds = envInt("BENCH_SECONDS", 5);
    const int toolMs = envInt("BENCH_TOOL_MS", 1); // the work of a "real" stdio tool, for the ratio
    constexpr int kWarmup = 200;

    QTemporaryDir dir;
    HttpFixture upstream(dir.filePath(u"port"_s));
    if (upstream.port() == 0) {
        std::fprintf(stderr, "the HTTP fixture did not start\n");
        return 2;
    }
    const QByteArray config = R"({"mcpServers": {"http": {"url": "http://127.0.0.1:)"
        + QByteArray::number(upstream.port())
        + R"(/mcp"}, "stdio": {"command": ")" LIFELINE_FIXTURE_PATH
          R"(", "args": ["--quiet"]}, "stdio-slow": {"command": ")" LIFELINE_FIXTURE_PATH
          R"(", "args": ["--quiet", "--latency", ")"
        + QByteArray::number(toolMs)
        + R"("]}}, "lifeline": {"defaults": {"interval": "10s", "timeout": "5s"}}})";
    // A real stdio server from npm as well, when the test script installed it: server-memory's
    // read_graph over a small graph (the file is read on every call, like a real tool's work).
    const QString memoryPackage = qEnvironmentVariable("LIFELINE_NPM_CACHE")
        + u"/servers/node_modules/@modelcontextprotocol/server-memory/dist/index.js"_s;
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    const bool withMemory = !node.isEmpty() && QFile::exists(memoryPackage);
    const QString memoryFile = dir.filePath(u"memory.json"_s);
    if (withMemory) {
        QFile graph(memoryFile);
        if (graph.open(QIODevice::WriteOnly)) {
            for (int i = 0; i < 20; ++i)
                graph.write(R"({"type":"entity","name":"service-)" + QByteArray::number(i)
                    + R"(","entityType":"service","observations":["runs on port )"
                    + QByteArray::number(7000 + i) + R"(","owned by the platform team"]})" + '\n');
        }
    }
    QByteArray servers = config;
    QStringList names {u"http"_s, u"stdio"_s, u"stdio-slow"_s};
    if (withMemory) {
        servers.replace(R"(}}, "lifeline")",
            R"(}, "memory": {"command": ")" + node.toUtf8() + R"(", "args": [")" + memoryPackage.toUtf8()
                + R"("], "env": {"MEMORY_FILE_PATH": ")" + memoryFile.toUtf8() + R"("}}}, "lifeline")");
        names.append(u"memory"_s);
    }
    Lifeline lifeline(dir, servers, names);
    if (!lifeline.ready()) {
        std::fprintf(stderr, "mcp-lifeline --headless did not report both servers healthy\n");
        return 2;
    }
    std::printf(
        "fixture http on 127.0.0.1:%u, Lifeline on 127.0.0.1:%u; %d sequential calls per latency run\n",
        upstream.port(), lifeline.port(), calls);

    constexpr int kNoTimeLimit = 600;
    if (const QByteArray only = qgetenv("BENCH_ONLY"); !only.isEmpty()) {
        const Figures f = runHttp(lifeline.port(), "/mcp/servers/" + only, 1, calls, kNoTimeLimit);
        printLatency(("through /mcp/servers/" + only).constData(), f);
        return f.errors == 0 ? 0 : 1;
    }
    // Warm-up runs first (connections, code paths, the upstream session), then the measured ones.
    runHttp(upstream.port(), "/mcp", 1, kWarmup, kNoTimeLimit);
    runHttp(lifeline.port(), "/mcp/servers/http", 1, kWarmup, kNoTimeLimit);
    runHttp(lifeline.port(), "/mcp/servers/stdio", 1, kWarmup, kNoTimeLimit);
    runStdioDirect(kWarmup);

    const Figures httpDirect = runHttp(upstream.port(), "/mcp", 1, calls, kNoTimeLimit);
    const Figures httpGateway = runHttp(lifeline.port(), "/mcp/servers/http", 1, calls, kNoTimeLimit);
    const Figures stdioDirect = runStdioDirect(calls);
    const Figures stdioGateway = runHttp(lifeline.port(), "/mcp/servers/stdio", 1, calls, kNoTimeLimit);
    printLatency("http direct (fixture /mcp)", httpDirect);
    printLatency("http through /mcp/servers/http", httpGateway);
    printAdded("http added by the gateway", httpDirect, httpGateway);
    printLatency("stdio direct (pipe)", stdioDirect);
    printLatency("stdio through /mcp/servers/stdio", stdioGateway);
    printAdded("stdio added by the gateway", stdioDirect, stdioGateway);
    // The same with a tool that takes BENCH_TOOL_MS (the fixture's --latency) to answer.
    const qint64 slowCalls = std::max(100, calls / 5);
    const Figures slowDirect = runStdioDirect(slowCalls, {u"--latency"_s, QString::number(toolMs)});
    const Figures slowGateway
        = runHttp(lifeline.port(), "/mcp/servers/stdio-slow", 1, slowCalls, kNoTimeLimit);
    const QByteArray slowName = "stdio, " + QByteArray::number(toolMs) + " ms tool";
    printLatency((slowName + " direct (pipe)").constData(), slowDirect);
    printLatency((slowName + " through gateway").constData(), slowGateway);
    printAdded((slowName + " added").constData(), slowDirect, slowGateway);

    // The agent's side in stdio too: it launches `mcp-lifeline connect` (what a client config that
    // goes through Lifeline runs), which hands its stdin and stdout to Lifeline (ConnectHost, LinePipe)...
    const QStringList connectArgs {
        u"connect"_s, u"stdio-slow"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(lifeline.port())};
    runStdioDirect(kWarmup, connectArgs, QStringLiteral(LIFELINE_BIN));
    const Figures slowConnect = runStdioDirect(slowCalls, connectArgs, QStringLiteral(LIFELINE_BIN));
    printLatency((slowName + " through connect").constData(), slowConnect);
    printAdded((slowName + " added by connect + gateway").constData(), slowDirect, slowConnect);
    // ...or, without that socket, posts each line to the gateway over HTTP itself.
    qputenv("LIFELINE_CONNECT_HANDOVER", "0");
    runStdioDirect(kWarmup, connectArgs, QStringLiteral(LIFELINE_BIN));
    const Figures slowRelayed = runStdioDirect(slowCalls, connectArgs, QStringLiteral(LIFELINE_BIN));
    qunsetenv("LIFELINE_CONNECT_HANDOVER");
    printLatency((slowName + " through connect relaying over HTTP").constData(), slowRelayed);
    printAdded((slowName + " added by connect relaying + gateway").constData(), slowDirect, slowRelayed);

    qint64 errors = httpDirect.errors + httpGateway.errors + stdioDirect.errors + stdioGateway.errors
        + slowDirect.errors + slowGateway.errors + slowConnect.errors + slowRelayed.errors;
    // The floor: the same calls through a bare relay process (floorrelay: HTTP in, the pipe out,
    // nothing parsed). What it adds, any separate process adds on this machine (its wake-ups);
    // the rest of the gateway's figure is Lifeline's own work.
    {
        QProcess relay;
        relay.setStandardErrorFile(QProcess::nullDevice());
        const QString portFile = dir.filePath(u"relay-port"_s);
        relay.start(QStringLiteral(LIFELINE_FLOOR_RELAY),
            {portFile, QStringLiteral(LIFELINE_FIXTURE_PATH), u"--quiet"_s, u"--latency"_s,
                QString::number(toolMs)});
        const quint16 relayPort = portFrom(portFile, relay);
        if (relayPort != 0) {
            runHttp(relayPort, "/mcp", 1, kWarmup, kNoTimeLimit);
            const Figures floor = runHttp(relayPort, "/mcp", 1, slowCalls, kNoTimeLimit);
            printLatency((slowName + " through a bare relay").constData(), floor);
            printAdded((slowName + " added by a bare relay").constData(), slowDirect, floor);
            printAdded((slowName + " gateway over the relay").constData(), floor, slowGateway);
            errors += floor.errors;
        } else {
            std::fprintf(stderr, "floorrelay did not start\n");
            ++errors;
        }
        relay.terminate();
        if (!relay.waitForFinished(3000))
            relay.kill();
        relay.waitForFinished(1000);
    }
    if (withMemory) {
        g_toolCallParams = R"({"name":"read_graph","arguments":{}})";
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"MEMORY_FILE_PATH"_s, memoryFile);
        runStdioDirect(kWarmup, {memoryPackage}, node, env);
        runHttp(lifeline.port(), "/mcp/servers/memory", 1, kWarmup, kNoTimeLimit);
        const Figures memoryDirect = runStdioDirect(slowCalls, {memoryPackage}, node, env);
        const Figures memoryGateway
            = runHttp(lifeline.port(), "/mcp/servers/memory", 1, slowCalls, kNoTimeLimit);
        // And as an agent's stdio config runs it through Lifeline: `mcp-lifeline connect memory`.
        const QStringList memoryConnect {
            u"connect"_s, u"memory"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(lifeline.port())};
        runStdioDirect(kWarmup, memoryConnect, QStringLiteral(LIFELINE_BIN));
        const Figures memoryConnected
            = runStdioDirect(slowCalls, memoryConnect, QStringLiteral(LIFELINE_BIN));
        printLatency("server-memory read_graph direct", memoryDirect);
        printLatency("server-memory through gateway", memoryGateway);
        printAdded("server-memory read_graph added", memoryDirect, memoryGateway);
        printLatency("server-memory through connect", memoryConnected);
        printAdded("server-memory added by connect + gateway", memoryDirect, memoryConnected);
        errors += memoryDirect.errors + memoryGateway.errors + memoryConnected.errors;
        g_toolCallParams = R"({"name":"echo","arguments":{"text":"hello"}})";
    } else {
        std::printf("server-memory rows skipped: set LIFELINE_NPM_CACHE to the test script's npm cache\n");
    }
    for (const QByteArray &path : {"/mcp/servers/stdio"_ba, "/mcp/servers/http"_ba}) {
        const Figures f = runHttp(lifeline.port(), path, clients, 1'000'000, seconds);
        std::printf(
            "%-20s %d clients %d s: %zu calls (%.0f calls/s), %lld errors, p50 %.3f ms, p95 %.3f ms\n",
            path.constData(), clients, seconds, f.latenciesNs.size(), double(f.latenciesNs.size()) / seconds,
            qlonglong(f.errors), percentileMs(f.latenciesNs, 0.5), percentileMs(f.latenciesNs, 0.95));
        std::fflush(stdout);
        errors += f.errors;
    }
    return errors == 0 ? 0 : 1;
}
