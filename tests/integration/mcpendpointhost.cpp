// mcp-endpoint-host [--port N] [--token T] [--fixture PATH]
// Serves McpEndpoint on http://127.0.0.1:PORT/mcp behind the status server's Host/Origin rule, for
// the conformance suite and by hand. Without --fixture: a synthetic ecosystem (no processes); with
// it: a real engine running two fixture servers (alpha, beta) in failover group "main".
// Prints "LISTENING <port>" (with --fixture once both servers are up); ends on SIGTERM/SIGINT, stopping its
// servers.

#include "mcptesthost.h"

#include "engine/enginethread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace lifeline;
using namespace Qt::StringLiterals;

static int g_signalPipe[2] = {-1, -1};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    registerMetaTypes();
    QCommandLineParser p;
    const QCommandLineOption port(u"port"_s, u"Port on 127.0.0.1 (0: any)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption token(u"token"_s, u"Bearer token failover_manager needs."_s, u"T"_s);
    const QCommandLineOption fixture(
        u"fixture"_s, u"The fixture server binary: run a real engine."_s, u"PATH"_s);
    p.addOptions({port, token, fixture});
    p.addHelpOption();
    p.process(app);

    if (::pipe(g_signalPipe) != 0)
        return 2;
    const auto onSignal = [](int) {
        const char c = 1;
        [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
    };
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);

    StatusData data;
    std::unique_ptr<EngineThread> engine;
    if (p.isSet(fixture)) {
        engine = std::make_unique<EngineThread>();
        test::feed(engine->engine(), &data);
        engine->start();
        Config config;
        for (const QString &name : {u"alpha"_s, u"beta"_s}) {
            ServerConfig c;
            c.name = name;
            c.command = p.value(fixture);
            c.settings.intervalMs = 2000;
            c.settings.timeoutMs = 2000;
            config.servers.append(c);
        }
        FailoverGroup g;
        g.name = u"main"_s;
        g.primary = u"alpha"_s;
        g.fallbacks = QStringList {u"beta"_s};
        config.failover.append(g);
        // Listen only once both are up: a client's first question then finds them.
        QEventLoop ready;
        QObject::connect(engine->engine(), &MonitorEngine::snapshotChanged, &ready, [&] {
            const auto up
                = [&](const QString &n) { return data.snapshot(n) && isUp(data.snapshot(n)->state); };
            if (up(u"alpha"_s) && up(u"beta"_s))
                ready.quit();
        });
        QTimer::singleShot(15000, &ready, &QEventLoop::quit);
        engine->applyConfig(config);
        ready.exec();
    } else {
        test::addSyntheticServers(data);
    }

    test::McpTestHost host(&data, engine.get(), nullptr, p.value(token).toUtf8());
    if (!host.listen(quint16(p.value(port).toUInt()))) {
        std::fprintf(stderr, "mcp-endpoint-host: cannot listen on 127.0.0.1:%s\n", qPrintable(p.value(port)));
        return 2;
    }
    std::printf("LISTENING %u\n", unsigned(host.port()));
    std::fflush(stdout);
    const int rc = app.exec();
    if (engine)
        engine->stop();
    return rc;
}
