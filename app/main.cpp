// mcp-lifeline: the dashboard, the headless monitor and the one-shot check, by command line.
#include "autostart.h"
#include "checkcommand.h"
#include "connectcommand.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "commandline.h"
#include "dashboard.h"
#include "headlessrunner.h"
#include "statusicons.h"
#include "signalwatcher.h"

#include "engine/monitorengine.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QLocale>
#include <QTranslator>

#include <memory>

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
    if (cl.mode == lifeline::CommandLine::Mode::Import) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(u"mcp-lifeline"_s);
        return lifeline::runImportCommand(cl);
    }
    if (cl.mode == lifeline::CommandLine::Mode::Connect) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(u"mcp-lifeline"_s);
        return lifeline::runConnectCommand(cl);
    }
    if (cl.mode == lifeline::CommandLine::Mode::Export) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(u"mcp-lifeline"_s);
        return lifeline::runExportCommand(cl);
    }
    if (cl.mode == lifeline::CommandLine::Mode::Check) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(u"mcp-lifeline"_s);
        lifeline::registerMetaTypes();
        return lifeline::runCheckCommand(cl);
    }

    // The window needs a GUI application; headless mode must run where there is no display.
    std::unique_ptr<QCoreApplication> app;
    if (cl.mode == lifeline::CommandLine::Mode::Window) {
        auto *gui = new QApplication(argc, argv);
        auto *translator = new QTranslator(gui);
        // The user's language, else English (whose file holds just the plural forms).
        if (translator->load(QLocale(), u"mcp-lifeline"_s, u"_"_s, u":/i18n"_s)
            || translator->load(u"mcp-lifeline_en"_s, u":/i18n"_s))
            QCoreApplication::installTranslator(translator);
        // The installed icon (hicolor theme) when there is one, else the drawn one.
        gui->setWindowIcon(QIcon::fromTheme(
            lifeline::Autostart::desktopId(), lifeline::statusIcon(lifeline::HealthState::Healthy, 64)));
        // Matches the installed .desktop file, so that docks and Wayland compositors pair them.
        QGuiApplication::setDesktopFileName(lifeline::Autostart::desktopId());
        app.reset(gui);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(u"mcp-lifeline"_s);
    QCoreApplication::setOrganizationName(u"mcp-lifeline"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LIFELINE_VERSION));
    lifeline::registerMetaTypes();

    lifeline::SignalWatcher watcher;
    watcher.watch(SIGINT);
    watcher.watch(SIGTERM);
    watcher.watch(SIGHUP);

    if (cl.mode == lifeline::CommandLine::Mode::Window) {
        lifeline::Dashboard dashboard(cl);
        QObject::connect(&watcher, &lifeline::SignalWatcher::signalReceived, app.get(), [&](int sig) {
            if (sig != SIGHUP)
                QCoreApplication::quit();
        });
        const int started = dashboard.start();
        if (started != 0)
            return started;
        const int code = app->exec();
        dashboard.stop(); // servers end before the application object goes
        return code;
    }

    lifeline::HeadlessRunner runner(cl);
    QObject::connect(&watcher, &lifeline::SignalWatcher::signalReceived, app.get(), [&](int sig) {
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
    return app->exec();
}
