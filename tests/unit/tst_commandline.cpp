#include "commandline.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using Mode = CommandLine::Mode;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void exportValues();
    void connectValues();
    void checkInlineCommandKeepsItsOwnOptions();
    void checkCallArgs();
    void checkTimeoutAndDepth();
};

void TestCommandLine::parses_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("errorContains");

    QTest::newRow("window") << QStringList {} << int(Mode::Window) << QString();
    QTest::newRow("window with config and db") << QStringList {u"--config"_s, u"a.json"_s, u"--db"_s,
        u"h.sqlite"_s} << int(Mode::Window) << QString();
    QTest::newRow("headless") << QStringList {u"--headless"_s, u"--listen"_s, u"127.0.0.1:7733"_s}
                              << int(Mode::Headless) << QString();
    QTest::newRow("listen off") << QStringList {u"--headless"_s, u"--listen"_s, u"off"_s}
                                << int(Mode::Headless) << QString();
    QTest::newRow("listen ipv6") << QStringList {u"--headless"_s, u"--listen"_s, u"[::1]:9000"_s}
                                 << int(Mode::Headless) << QString();
    QTest::newRow("bad listen") << QStringList {u"--headless"_s, u"--listen"_s, u"nowhere"_s}
                                << int(Mode::Error) << u"--listen"_s;
    QTest::newRow("headless log to stderr")
        << QStringList {u"--headless"_s, u"--log-stderr"_s} << int(Mode::Headless) << QString();
    QTest::newRow("log to stderr without headless")
        << QStringList {u"--log-stderr"_s} << int(Mode::Error) << u"--log-stderr needs --headless"_s;
    QTest::newRow("log to stderr in check")
        << QStringList {u"check"_s, u"--log-stderr"_s} << int(Mode::Error) << u"log-stderr"_s;
    QTest::newRow("help") << QStringList {u"--help"_s} << int(Mode::Help) << QString();
    QTest::newRow("version") << QStringList {u"--version"_s} << int(Mode::Version) << QString();
    QTest::newRow("unknown option") << QStringList {u"--frobnicate"_s} << int(Mode::Error) << u"frobnicate"_s;
    QTest::newRow("stray argument") << QStringList {u"servers.json"_s} << int(Mode::Error) << u"unexpected"_s;
    QTest::newRow("check all") << QStringList {u"check"_s} << int(Mode::Check) << QString();
    QTest::newRow("check url") << QStringList {u"check"_s, u"--json"_s, u"http://127.0.0.1:3001/mcp"_s}
                               << int(Mode::Check) << QString();
    QTest::newRow("check url last") << QStringList {u"check"_s, u"--timeout"_s, u"2s"_s,
        u"https://example.test/mcp"_s}
                                    << int(Mode::Check) << QString();
    QTest::newRow("check not a url") << QStringList {u"check"_s, u"npx"_s} << int(Mode::Error)
                                     << u"after '--'"_s;
    QTest::newRow("check ftp") << QStringList {u"check"_s, u"ftp://x/y"_s} << int(Mode::Error)
                               << u"http(s)"_s;
    QTest::newRow("check empty command")
        << QStringList {u"check"_s, u"--"_s} << int(Mode::Error) << u"nothing after"_s;
    QTest::newRow("check url and command")
        << QStringList {u"check"_s, u"http://a/b"_s, u"--"_s, u"x"_s} << int(Mode::Error) << u"not both"_s;
    QTest::newRow("check bad depth") << QStringList {u"check"_s, u"--depth"_s, u"deep"_s} << int(Mode::Error)
                                     << u"--depth"_s;
    QTest::newRow("check bad timeout")
        << QStringList {u"check"_s, u"--timeout"_s, u"soon"_s} << int(Mode::Error) << u"--timeout"_s;
    QTest::newRow("check args without call")
        << QStringList {u"check"_s, u"--args"_s, u"{}"_s} << int(Mode::Error) << u"--call"_s;
    QTest::newRow("check args not object") << QStringList {u"check"_s, u"--call"_s, u"t"_s, u"--args"_s,
        u"[1]"_s} << int(Mode::Error) << u"JSON object"_s;
    QTest::newRow("check server and url") << QStringList {u"check"_s, u"--server"_s, u"x"_s, u"http://a/b"_s}
                                          << int(Mode::Error) << u"--server"_s;
    QTest::newRow("headless option in check")
        << QStringList {u"check"_s, u"--headless"_s} << int(Mode::Error) << u"headless"_s;
    QTest::newRow("connect") << QStringList {u"connect"_s, u"memory"_s} << int(Mode::Connect) << QString();
    QTest::newRow("connect group at an address")
        << QStringList {u"connect"_s, u"--group"_s, u"search"_s, u"--listen"_s, u"127.0.0.1:9000"_s}
        << int(Mode::Connect) << QString();
    QTest::newRow("connect nothing") << QStringList {u"connect"_s} << int(Mode::Error)
                                     << u"name the server"_s;
    QTest::newRow("connect name and group")
        << QStringList {u"connect"_s, u"a"_s, u"--group"_s, u"g"_s} << int(Mode::Error) << u"not both"_s;
    QTest::newRow("connect two names")
        << QStringList {u"connect"_s, u"a"_s, u"b"_s} << int(Mode::Error) << u"one server"_s;
    QTest::newRow("connect to off") << QStringList {u"connect"_s, u"a"_s, u"--listen"_s, u"off"_s}
                                    << int(Mode::Error) << u"--listen"_s;
    QTest::newRow("connect all") << QStringList {u"connect"_s, u"--all"_s} << int(Mode::Connect) << QString();
    QTest::newRow("connect all and a name")
        << QStringList {u"connect"_s, u"a"_s, u"--all"_s} << int(Mode::Error) << u"--all is every server"_s;
    QTest::newRow("connect all and a group") << QStringList {u"connect"_s, u"--all"_s, u"--group"_s, u"g"_s}
                                             << int(Mode::Error) << u"--all is every server"_s;
    QTest::newRow("connect with a check option")
        << QStringList {u"connect"_s, u"a"_s, u"--json"_s} << int(Mode::Error) << u"json"_s;
    const QStringList exp {u"export"_s, u"--server"_s, u"mem"_s, u"--since"_s, u"7d"_s};
    QTest::newRow("export") << exp + QStringList {u"--format"_s, u"csv"_s} << int(Mode::Export) << QString();
    QTest::newRow("export json with db")
        << exp + QStringList {u"--format"_s, u"json"_s, u"--db"_s, u"h.sqlite"_s} << int(Mode::Export)
        << QString();
    QTest::newRow("export bad format")
        << exp + QStringList {u"--format"_s, u"xml"_s} << int(Mode::Error) << u"--format"_s;
    QTest::newRow("export no server") << QStringList {u"export"_s, u"--since"_s, u"1h"_s, u"--format"_s,
        u"csv"_s} << int(Mode::Error) << u"--server"_s;
    QTest::newRow("export no since") << QStringList {u"export"_s, u"--server"_s, u"a"_s, u"--format"_s,
        u"csv"_s} << int(Mode::Error) << u"--since"_s;
    QTest::newRow("export bad since")
        << QStringList {u"export"_s, u"--server"_s, u"a"_s, u"--since"_s, u"soon"_s, u"--format"_s, u"csv"_s}
        << int(Mode::Error) << u"--since"_s;
}

void TestCommandLine::parses()
{
    QFETCH(QStringList, args);
    QFETCH(int, mode);
    QFETCH(QString, errorContains);
    const CommandLine c = CommandLine::parse(QStringList {u"mcp-lifeline"_s} + args);
    QVERIFY2(int(c.mode) == mode, qPrintable(c.error));
    if (!errorContains.isEmpty())
        QVERIFY2(c.error.contains(errorContains), qPrintable(c.error));
    QCOMPARE(c.logStderr, mode == int(Mode::Headless) && args.contains(u"--log-stderr"_s));
}

void TestCommandLine::connectValues()
{
    CommandLine c = CommandLine::parse({u"mcp-lifeline"_s, u"connect"_s, u"memory"_s});
    QCOMPARE(c.connectTarget, u"memory"_s);
    QVERIFY(!c.connectGroup);
    QVERIFY(c.listen.isEmpty());
    c = CommandLine::parse({u"mcp-lifeline"_s, u"connect"_s, u"--group"_s, u"search"_s, u"--listen"_s,
        u"[::1]:9000"_s, u"--config"_s, u"x.json"_s});
    QCOMPARE(c.connectTarget, u"search"_s);
    QVERIFY(c.connectGroup);
    QCOMPARE(c.listen, u"[::1]:9000"_s);
    QCOMPARE(c.configPath, u"x.json"_s);
    QVERIFY(!c.connectAll);
    c = CommandLine::parse({u"mcp-lifeline"_s, u"connect"_s, u"--all"_s});
    QVERIFY(c.connectAll);
    QVERIFY(!c.connectGroup);
    QVERIFY(c.connectTarget.isEmpty());
}

void TestCommandLine::exportValues()
{
    const CommandLine c = CommandLine::parse({u"mcp-lifeline"_s, u"export"_s, u"--server"_s, u"mem"_s,
        u"--since"_s, u"1d12h"_s, u"--format"_s, u"json"_s, u"--db"_s, u"postgresql://me@127.0.0.1/h"_s});
    QCOMPARE(int(c.mode), int(CommandLine::Mode::Export));
    QCOMPARE(c.serverName, u"mem"_s);
    QCOMPARE(c.sinceMs, 36LL * 3600 * 1000);
    QCOMPARE(c.format, u"json"_s);
    QCOMPARE(c.dbPath, u"postgresql://me@127.0.0.1/h"_s);
}

void TestCommandLine::checkInlineCommandKeepsItsOwnOptions()
{
    const CommandLine c = CommandLine::parse({u"mcp-lifeline"_s, u"check"_s, u"--json"_s, u"--"_s, u"npx"_s,
        u"-y"_s, u"@modelcontextprotocol/server-memory"_s, u"--json"_s});
    QCOMPARE(c.mode, Mode::Check);
    QVERIFY(c.json);
    QCOMPARE(
        c.command, (QStringList {u"npx"_s, u"-y"_s, u"@modelcontextprotocol/server-memory"_s, u"--json"_s}));
    QVERIFY(c.url.isEmpty());
}

void TestCommandLine::checkCallArgs()
{
    const CommandLine c = CommandLine::parse({u"mcp-lifeline"_s, u"check"_s, u"--call"_s, u"add_numbers"_s,
        u"--args"_s, u"{\"a\":5,\"b\":3}"_s, u"http://localhost:1234"_s});
    QCOMPARE(c.mode, Mode::Check);
    QVERIFY(c.call);
    QCOMPARE(c.call->tool, u"add_numbers"_s);
    QCOMPARE(c.call->arguments.value("a"_L1).toInt(), 5);
    QCOMPARE(c.url, u"http://localhost:1234"_s);
}

void TestCommandLine::checkTimeoutAndDepth()
{
    const CommandLine c = CommandLine::parse({u"mcp-lifeline"_s, u"check"_s, u"--timeout"_s, u"750ms"_s,
        u"--depth"_s, u"comprehensive"_s, u"--server"_s, u"mem"_s, u"--config"_s, u"x.json"_s});
    QCOMPARE(c.mode, Mode::Check);
    QCOMPARE(c.timeoutMs, std::optional<qint64>(750));
    QCOMPARE(c.depth, std::optional<ProbeDepth>(ProbeDepth::Comprehensive));
    QCOMPARE(c.serverName, u"mem"_s);
    QCOMPARE(c.configPath, u"x.json"_s);
}

QTEST_APPLESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
