// `mcp-lifeline import`: lists what it finds without asking, imports into a new or an existing
// config (keeping what is there), writes nothing on --dry-run, never touches the source files,
// and exits 2 with the place named when a file cannot be read.
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <unistd.h>

#include "commandline.h"
#include "config/configloader.h"
#include "fakehome.h"
#include "importcommand.h"

using namespace Qt::StringLiterals;
using namespace lifeline;
using lifeline::test::FakeHome;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Every source file's bytes and modification time.
QMap<QString, QPair<QByteArray, QDateTime>> snapshot(const FakeHome &home)
{
    QMap<QString, QPair<QByteArray, QDateTime>> out;
    const ConfigDiscovery d(home.locations());
    for (const DiscoveryOrigin &o : d.candidateFiles()) {
        QFile f(o.file);
        if (f.open(QIODevice::ReadOnly))
            out.insert(o.file, {f.readAll(), QFileInfo(o.file).lastModified()});
    }
    return out;
}

} // namespace

class TestImportCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesImportOptions_data();
    void parsesImportOptions();
    void listsWithoutAskingAndSaysHowToImport();
    void listsAsJsonWithoutSecrets();
    void nothingFoundExitsOne();
    void importsAllIntoANewConfig();
    void importsNamedServersIntoAnExistingConfigKeepingItsKeys();
    void existingServerIsKeptUnlessReplace();
    void dryRunWritesNothing();
    void sourceFilesAreNeverModified();
    void fromOneSourceOrAFile();
    void unreadableFileExitsTwoNamingIt();
    void brokenTargetExitsTwo();
    void unknownServerExitsOne();
    void neverImportsIntoAToolsConfig();

private:
    Run run(const FakeHome &home, const QStringList &args);
};

Run TestImportCommand::run(const FakeHome &home, const QStringList &args)
{
    const CommandLine cl = CommandLine::parse(QStringList {u"mcp-lifeline"_s, u"import"_s} + args);
    Run r;
    if (cl.mode != CommandLine::Mode::Import) {
        r.err = cl.error;
        return r;
    }
    QProcessEnvironment env;
    env.insert(u"HOME"_s, home.home());
    QByteArray out, err;
    r.code = runImportCommand(cl, home.locations(), env, &out, &err);
    r.out = QString::fromUtf8(out);
    r.err = QString::fromUtf8(err);
    return r;
}

void TestImportCommand::parsesImportOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("list") << QStringList {} << true << QString();
    QTest::newRow("all dry run") << QStringList {u"--all"_s, u"--dry-run"_s, u"--from"_s, u"cursor"_s} << true
                                 << QString();
    QTest::newRow("servers") << QStringList {u"--server"_s, u"a"_s, u"b"_s, u"--server"_s, u"c"_s} << true
                             << QString();
    QTest::newRow("all and server") << QStringList {u"--all"_s, u"--server"_s, u"a"_s} << false << u"--all"_s;
    QTest::newRow("list and all") << QStringList {u"--list"_s, u"--all"_s} << false << u"--list"_s;
    QTest::newRow("stray argument") << QStringList {u"memory"_s} << false << u"--server NAME"_s;
    QTest::newRow("empty from") << QStringList {u"--from"_s, QString()} << false << u"--from"_s;
    QTest::newRow("check option") << QStringList {u"--depth"_s, u"basic"_s} << false << u"depth"_s;
}

void TestImportCommand::parsesImportOptions()
{
    QFETCH(QStringList, args);
    QFETCH(bool, ok);
    QFETCH(QString, errorContains);
    const CommandLine cl = CommandLine::parse(QStringList {u"mcp-lifeline"_s, u"import"_s} + args);
    QCOMPARE(cl.mode == CommandLine::Mode::Import, ok);
    if (!ok)
        QVERIFY2(cl.error.contains(errorContains), qPrintable(cl.error));
    if (QLatin1StringView(QTest::currentDataTag()) == "servers"_L1)
        QCOMPARE(cl.importServers, (QStringList {u"a"_s, u"c"_s, u"b"_s}));
    const CommandLine help = CommandLine::parse({u"mcp-lifeline"_s, u"import"_s, u"--help"_s});
    QCOMPARE(help.mode, CommandLine::Mode::Help);
    QVERIFY(help.helpText.contains(u"mcp-lifeline import [--from SOURCE|FILE]"_s));
}

void TestImportCommand::listsWithoutAskingAndSaysHowToImport()
{
    FakeHome home;
    home.writeAll();
    const Run r = run(home, {});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(u"Found 10 MCP server(s) in 7 file(s)"_s), qPrintable(r.out));
    for (const QString &name : lifeline::test::kAllServers)
        QVERIFY2(r.out.contains(name), qPrintable(name));
    QVERIFY(r.out.contains(u"Claude Desktop, Cursor"_s)); // memory, found twice
    QVERIFY(r.out.contains(u"https://mcp.example.com/mcp"_s));
    QVERIFY(r.out.contains(u"mcp-lifeline import --all"_s));
    QVERIFY(r.out.contains(u"not usable"_s)); // broken
    // The broken mcp-hub file is named with its line, on stderr; the listing goes on.
    QVERIFY2(r.err.contains(home.path(u".config/mcphub/servers.json:4:"_s)), qPrintable(r.err));
    for (const QString &secret : lifeline::test::kSecrets)
        QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
    QVERIFY(
        !QFileInfo::exists(home.configHome() + u"/mcp-lifeline/servers.json"_s)); // listing writes nothing
}

void TestImportCommand::listsAsJsonWithoutSecrets()
{
    FakeHome home;
    home.writeAll();
    const Run r = run(home, {u"--json"_s});
    QCOMPARE(r.code, 0);
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonArray servers = doc.value(u"servers"_s).toArray();
    QCOMPARE(servers.size(), 10);
    QCOMPARE(servers.at(0).toObject().value(u"name"_s).toString(), u"github"_s);
    QCOMPARE(
        servers.at(0).toObject().value(u"env"_s).toArray(), QJsonArray {u"GITHUB_PERSONAL_ACCESS_TOKEN"_s});
    QCOMPARE(servers.at(0).toObject().value(u"status"_s).toString(), u"add"_s);
    QCOMPARE(doc.value(u"problems"_s).toArray().size(), 1);
    for (const QString &secret : lifeline::test::kSecrets)
        QVERIFY(!r.out.contains(secret));
}

void TestImportCommand::nothingFoundExitsOne()
{
    FakeHome home;
    const Run r = run(home, {});
    QCOMPARE(r.code, 1);
    QVERIFY(r.out.contains(u"No MCP servers found"_s));
    QVERIFY(r.out.contains(home.path(u".cursor/mcp.json"_s) + u"  (missing)"_s));
    QCOMPARE(run(home, {u"--all"_s}).code, 1);
}

void TestImportCommand::importsAllIntoANewConfig()
{
    FakeHome home;
    home.writeAll();
    const QString target = home.configHome() + u"/mcp-lifeline/servers.json"_s;
    const Run r = run(home, {u"--all"_s});
    QCOMPARE(r.code, 1); // "broken" could not be imported
    QVERIFY2(r.out.contains(u"Skipped broken: "_s), qPrintable(r.out));
    QVERIFY(r.out.contains(u"Added git (cursor)"_s));
    QVERIFY(r.out.contains(u"Wrote "_s + target));
    const QJsonObject servers = readJson(target).value(u"mcpServers"_s).toObject();
    QStringList expected = lifeline::test::kAllServers;
    expected.removeAll(u"broken"_s);
    expected.sort();
    QCOMPARE(servers.keys(), expected);
    // As the source wrote it, secrets included (the user's own config), and loadable.
    QCOMPARE(servers.value(u"github"_s)
                 .toObject()
                 .value(u"env"_s)
                 .toObject()
                 .value(u"GITHUB_PERSONAL_ACCESS_TOKEN"_s),
        QJsonValue(lifeline::test::kSecrets.first()));
    QCOMPARE(servers.value(u"git (cursor)"_s).toObject().value(u"command"_s).toString(), u"docker"_s);
    QVERIFY(ConfigLoader::loadFile(target).ok());
    QCOMPARE(QFileInfo(target).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
        QFileDevice::Permissions {});

    // Again: everything is there already; nothing changes.
    const Run again = run(home, {u"--server"_s, u"github"_s, u"memory"_s});
    QCOMPARE(again.code, 0);
    QVERIFY(again.out.contains(u"Skipped github: already in the config"_s));
    QVERIFY(again.out.contains(u"Nothing to write"_s));
}

void TestImportCommand::importsNamedServersIntoAnExistingConfigKeepingItsKeys()
{
    FakeHome home;
    home.writeAll();
    const QString target = home.write(u"lifeline.json"_s, R"({
  "$schema": "https:\/\/example.com/lifeline.schema.json",
  "mcpServers": {
    "mine": {"command": "my-server", "vendorExtra": {"keep": true}}
  },
  "lifeline": {"defaults": {"interval": "10s"}, "servers": {"mine": {"timeout": "2s"}}},
  "otherTool": [1, 2]
}
)");
    const Run r = run(home, {u"--config"_s, target, u"--server"_s, u"time"_s, u"--server"_s, u"remote"_s});
    QCOMPARE(r.code, 0);
    const QJsonObject doc = readJson(target);
    QCOMPARE(doc.value(u"mcpServers"_s).toObject().keys(), (QStringList {u"mine"_s, u"remote"_s, u"time"_s}));
    QCOMPARE(doc.value(u"$schema"_s).toString(), u"https://example.com/lifeline.schema.json"_s);
    QCOMPARE(doc.value(u"otherTool"_s).toArray().size(), 2);
    QVERIFY(doc.value(u"mcpServers"_s).toObject().value(u"mine"_s).toObject().contains(u"vendorExtra"_s));
    QCOMPARE(
        doc.value(u"lifeline"_s).toObject().value(u"defaults"_s).toObject().value(u"interval"_s).toString(),
        u"10s"_s);
    QCOMPARE(doc.value(u"mcpServers"_s)
                 .toObject()
                 .value(u"remote"_s)
                 .toObject()
                 .value(u"headers"_s)
                 .toObject()
                 .value(u"Authorization"_s),
        QJsonValue(u"Bearer hdr-DO-NOT-PRINT-5678"_s));
    QVERIFY(QFileInfo::exists(target + u".bak"_s));
}

void TestImportCommand::existingServerIsKeptUnlessReplace()
{
    FakeHome home;
    home.writeAll();
    const QString target
        = home.write(u"lifeline.json"_s, R"({"mcpServers": {"git": {"command": "my-git"}}})");
    const Run kept = run(home, {u"--config"_s, target, u"--server"_s, u"git"_s});
    QCOMPARE(kept.code, 1);
    QVERIFY2(kept.out.contains(u"Skipped git: a different server of this name"_s), qPrintable(kept.out));
    QCOMPARE(readJson(target)
                 .value(u"mcpServers"_s)
                 .toObject()
                 .value(u"git"_s)
                 .toObject()
                 .value(u"command"_s)
                 .toString(),
        u"my-git"_s);
    const Run replaced = run(home, {u"--config"_s, target, u"--server"_s, u"git"_s, u"--replace"_s});
    QCOMPARE(replaced.code, 0);
    QVERIFY(replaced.out.contains(u"Replaced git"_s));
    QCOMPARE(readJson(target)
                 .value(u"mcpServers"_s)
                 .toObject()
                 .value(u"git"_s)
                 .toObject()
                 .value(u"command"_s)
                 .toString(),
        u"uvx"_s);
}

void TestImportCommand::dryRunWritesNothing()
{
    FakeHome home;
    home.writeAll();
    const QString newTarget = home.path(u"new/servers.json"_s);
    const Run r = run(home, {u"--config"_s, newTarget, u"--all"_s, u"--dry-run"_s});
    QVERIFY(r.out.contains(u"Would add github"_s));
    QVERIFY(r.out.contains(u"Nothing written (--dry-run)"_s));
    QVERIFY(!QFileInfo::exists(newTarget));
    QVERIFY(!QFileInfo::exists(home.path(u"new"_s)));

    const QByteArray original = R"({"mcpServers": {"git": {"command": "my-git"}}})";
    const QString target = home.write(u"lifeline.json"_s, original);
    const Run replace
        = run(home, {u"--config"_s, target, u"--all"_s, u"--replace"_s, u"--dry-run"_s, u"--json"_s});
    const QJsonObject doc = QJsonDocument::fromJson(replace.out.toUtf8()).object();
    QCOMPARE(doc.value(u"dry_run"_s).toBool(), true);
    QCOMPARE(doc.value(u"written"_s).toBool(), false);
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), original);
    QVERIFY(!QFileInfo::exists(target + u".bak"_s));
}

void TestImportCommand::sourceFilesAreNeverModified()
{
    FakeHome home;
    home.writeAll();
    // Old modification times, so that any write would show even within the same second.
    const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-3);
    for (const QString &file : snapshot(home).keys()) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(old, QFileDevice::FileModificationTime));
    }
    const auto before = snapshot(home);
    QCOMPARE(before.size(), 7);
    QCOMPARE(run(home, {u"--all"_s, u"--replace"_s}).code, 1);
    QCOMPARE(run(home, {u"--all"_s, u"--replace"_s}).code, 1);
    QCOMPARE(run(home, {u"--from"_s, home.path(u".claude.json"_s), u"--all"_s}).code, 0);
    const auto after = snapshot(home);
    QCOMPARE(after.keys(), before.keys());
    for (auto it = before.begin(); it != before.end(); ++it) {
        QVERIFY2(after.value(it.key()).first == it.value().first, qPrintable(it.key()));
        QCOMPARE(after.value(it.key()).second, it.value().second);
    }
    QVERIFY(!QFileInfo::exists(home.path(u".cursor/mcp.json.bak"_s)));
}

void TestImportCommand::fromOneSourceOrAFile()
{
    FakeHome home;
    home.writeAll();
    const Run cursor = run(home, {u"--from"_s, u"cursor"_s, u"--json"_s});
    QCOMPARE(cursor.code, 0);
    const QJsonArray servers
        = QJsonDocument::fromJson(cursor.out.toUtf8()).object().value(u"servers"_s).toArray();
    QCOMPARE(servers.size(), 4);
    const Run file
        = run(home, {u"--from"_s, home.path(u"project/.vscode/mcp.json"_s), u"--all"_s, u"--json"_s});
    QCOMPARE(file.code, 0);
    const QJsonObject doc = QJsonDocument::fromJson(file.out.toUtf8()).object();
    QCOMPARE(doc.value(u"written"_s).toBool(), true);
    QCOMPARE(doc.value(u"servers"_s).toArray().size(), 1);
    QCOMPARE(doc.value(u"servers"_s).toArray().at(0).toObject().value(u"name"_s).toString(), u"fetch"_s);
}

void TestImportCommand::unreadableFileExitsTwoNamingIt()
{
    FakeHome home;
    const QString missing = home.path(u"missing.json"_s);
    const Run r = run(home, {u"--from"_s, missing});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(missing), qPrintable(r.err));
    const QString broken
        = home.write(u"broken.json"_s, "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"\n  }\n");
    const Run b = run(home, {u"--from"_s, broken, u"--all"_s});
    QCOMPARE(b.code, 2);
    QVERIFY2(b.err.contains(broken + u':'), qPrintable(b.err));
    QVERIFY(!QFileInfo::exists(home.configHome() + u"/mcp-lifeline/servers.json"_s));
    if (::geteuid() != 0) { // root reads anything
        const QString locked = home.write(u"locked.json"_s, R"({"mcpServers": {}})");
        QFile::setPermissions(locked, QFileDevice::WriteOwner);
        const Run l = run(home, {u"--from"_s, locked});
        QCOMPARE(l.code, 2);
        QVERIFY(l.err.contains(locked));
    }
    QCOMPARE(run(home, {u"--project"_s, home.path(u"nowhere"_s)}).code, 2);
}

void TestImportCommand::brokenTargetExitsTwo()
{
    FakeHome home;
    home.writeAll();
    const QString target = home.write(u"lifeline.json"_s, "{\"mcpServers\": {\n  \"x\": }\n");
    const Run r = run(home, {u"--config"_s, target, u"--all"_s});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(target + u":2:"_s), qPrintable(r.err));
}

void TestImportCommand::unknownServerExitsOne()
{
    FakeHome home;
    home.writeAll();
    const Run r = run(home, {u"--server"_s, u"time"_s, u"nosuch"_s});
    QCOMPARE(r.code, 1);
    QVERIFY(r.out.contains(u"Added time"_s));
    QVERIFY(r.out.contains(u"Not found: nosuch"_s));
}

void TestImportCommand::neverImportsIntoAToolsConfig()
{
    FakeHome home;
    home.writeAll();
    const auto before = snapshot(home);
    for (const QString &target : {home.path(u".cursor/mcp.json"_s), home.path(u"project/.mcp.json"_s),
             home.path(u".cursor/../.claude.json"_s)}) {
        const Run r = run(home, {u"--config"_s, target, u"--all"_s, u"--replace"_s});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"never changes another tool's files"_s), qPrintable(r.err));
    }
    QCOMPARE(snapshot(home), before);
}

QTEST_GUILESS_MAIN(TestImportCommand)
#include "tst_importcommand.moc"
