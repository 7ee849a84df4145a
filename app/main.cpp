// mcp-lifeline: the dashboard, the headless monitor and the one-shot check, by command line.
#include "checkcommand.h"
#include "commandline.h"
#include "headlessrunner.h"
#include "signalwatcher.h"

#include "engine/monitorengine.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    // A closed stdout or a peer that hangs up must cost a write, never the process.
    std::signal(SIGPIPE, SIG_IGN);

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const lifeline::CommandLine cl = lifeline::CommandLine::parse(arguments);

    switch (cl.mode) {
    case lifeline::CommandLine::Mode::Error:
        std::fprintf(stderr, "mcp-lifeline: %s\nTry 'mcp-lifeline --help'.\n", qPrintable(cl.error));
        return 2;
    case lifeline::CommandLine::Mode::Help:
        std::fputs(cl.helpText.toUtf8().constData(), stdout);
        return 0;
    case lifeline::CommandLine::Mode::Version:
        std::printf("mcp-lifeline %s\n", LIFELINE_VERSION);
        return 0;
    default:
        break;
    }

    // Qt's own Unix event dispatcher: about 10 % less work per round trip than glib's (see the
    // benchmark). Marked, so that server processes get the environment the user had.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB")) {
        qputenv("QT_NO_GLIB", "1");
        qputenv("LIFELINE_SET_QT_NO_GLIB", "1");
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"mcp-lifeline"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LIFELINE_VERSION));
    lifeline::registerMetaTypes();

    if (cl.mode == lifeline::CommandLine::Mode::Check)
        return lifeline::runCheckCommand(cl);

    if (cl.mode == lifeline::CommandLine::Mode::Window)
        std::fprintf(stderr, "mcp-lifeline: the dashboard window is not built yet; running headless\n");

    lifeline::SignalWatcher watcher;
    watcher.watch(SIGINT);
    watcher.watch(SIGTERM);
    watcher.watch(SIGHUP);
    lifeline::HeadlessRunner runner(cl);
    QObject::connect(&watcher, &lifeline::SignalWatcher::signalReceived, &app, [&](int sig) {
        if (sig == SIGHUP) {
            runner.reload();
            return;
        }
        runner.stop();
        QCoreApplication::quit();
    });
    const int started = runner.start();
    if (started != 0)
        return started;
    return app.exec();
}
