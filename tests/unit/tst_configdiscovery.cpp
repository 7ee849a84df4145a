// Config discovery: the servers of Claude Desktop, Claude Code, Cursor, VS Code and mcp-hub are
// found in a fake home; broken files are reported with their place and do not stop the others;
// the same server in two tools is one; a clash of names is renamed; secrets never show.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "config/configdiscovery.h"
#include "config/configimport.h"
#include "fakehome.h"

using namespace Qt::StringLiterals;
using namespace lifeline;
using lifeline::test::FakeHome;

class TestConfigDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFilesFindNothing();
    void findsEverySourceInOrder();
    void claudeCodeProjectsAreNamedWithTheirPath();
    void jsoncCommentsAreStrippedOutsideStrings();
    void brokenFileIsReportedWithLineAndOthersStillRead();
    void unusableEntryIsListedWithItsProblem();
    void sameServerInTwoToolsIsShownOnceWithBothOrigins();
    void sameNameDifferentServerIsRenamed();
    void thirdClashGetsANumber();
    void oneSourceOnly();
    void discoverFileReadsAnyFormatAndReportsMissingFile();
    void listingsNeverShowSecrets();
    void entryKeepsOnlyLifelineKeysAsWritten();
    void importPlanSkipsWhatTheConfigHas();
    void xdgConfigHomeFromEnvironment();
};

static QStringList importNames(const DiscoveryResult &r)
{
    QStringList out;
    for (const DiscoveredServer &s : r.servers)
        out.append(s.importName);
    return out;
}

void TestConfigDiscovery::missingFilesFindNothing()
{
    FakeHome home;
    QVERIFY(home.isValid());
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QVERIFY(r.servers.isEmpty());
    QVERIFY(r.problems.isEmpty());
    QVERIFY(r.filesRead.isEmpty());
    // And an empty project folder setting does not make up paths at the file system root.
    for (const DiscoveryOrigin &o : ConfigDiscovery(home.locations(false)).candidateFiles())
        QVERIFY2(o.file.startsWith(home.home()), qPrintable(o.file));
}

void TestConfigDiscovery::findsEverySourceInOrder()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(importNames(r), lifeline::test::kAllServers);
    QCOMPARE(r.filesRead.size(), 7);
    QCOMPARE(r.importableCount(), 9);

    const DiscoveredServer *github = r.find(u"github"_s);
    QVERIFY(github);
    QCOMPARE(github->origins.first().source, DiscoverySource::ClaudeDesktop);
    QCOMPARE(github->origins.first().file, home.path(u".config/Claude/claude_desktop_config.json"_s));
    QCOMPARE(github->config.command, u"npx"_s);
    QCOMPARE(github->transportName(), u"stdio"_s);

    const DiscoveredServer *git = r.find(u"git"_s);
    QCOMPARE(git->origins.first().source, DiscoverySource::ClaudeCode);
    QCOMPARE(git->origins.first().scope, u"user"_s);
    QCOMPARE(git->config.command, u"uvx"_s);

    const DiscoveredServer *docs = r.find(u"docs"_s);
    QCOMPARE(docs->origins.first().source, DiscoverySource::ClaudeCode);
    QCOMPARE(docs->origins.first().file, home.path(u"project/.mcp.json"_s));
    QCOMPARE(docs->config.transport, TransportKind::StreamableHttp);

    const DiscoveredServer *fetch = r.find(u"fetch"_s);
    QCOMPARE(fetch->origins.first().source, DiscoverySource::VsCode);
    QCOMPARE(fetch->origins.first().scope, u"workspace "_s + home.project());

    const DiscoveredServer *time = r.find(u"time"_s);
    QCOMPARE(time->origins.first().source, DiscoverySource::VsCode);
    QCOMPARE(time->origins.first().file, home.path(u".config/Code/User/settings.json"_s));
    QCOMPARE(time->config.args, QStringList {u"mcp-server-time"_s});

    const DiscoveredServer *remote = r.find(u"remote"_s);
    QCOMPARE(remote->origins.first().source, DiscoverySource::Cursor);
    QCOMPARE(remote->config.transport, TransportKind::AutoHttp);
}

void TestConfigDiscovery::claudeCodeProjectsAreNamedWithTheirPath()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover(DiscoverySource::ClaudeCode);
    QCOMPARE(importNames(r), (QStringList {u"git"_s, u"db"_s, u"docs"_s}));
    const DiscoveredServer *db = r.find(u"db"_s);
    QCOMPARE(db->origins.first().scope, u"project /work/shop"_s);
    QCOMPARE(db->origins.first().file, home.path(u".claude.json"_s));
    QCOMPARE(db->origins.first().label(), u"Claude Code (project /work/shop)"_s);
}

void TestConfigDiscovery::jsoncCommentsAreStrippedOutsideStrings()
{
    FakeHome home;
    home.write(u"project/.vscode/mcp.json"_s,
        "{\n  // a comment\n  \"servers\": {\n    /* block */ \"a\": {\"type\": \"http\", \"url\": "
        "\"https:/"
        "/x.example.com/mcp\"}, // after\n    \"b\": {\"command\": \"echo\", \"args\": [\"/* not a "
        "comment */\", \"/"
        "/ nor this\"]},\n  },\n}\n");
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover(DiscoverySource::VsCode);
    QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.value(0).toString()));
    QCOMPARE(importNames(r), (QStringList {u"a"_s, u"b"_s}));
    QCOMPARE(r.find(u"a"_s)->config.url, QUrl(u"https://x.example.com/mcp"_s));
    QCOMPARE(r.find(u"b"_s)->config.args, (QStringList {u"/* not a comment */"_s, u"// nor this"_s}));
}

void TestConfigDiscovery::brokenFileIsReportedWithLineAndOthersStillRead()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(r.problems.size(), 1);
    const ConfigIssue &issue = r.problems.first();
    QCOMPARE(issue.file, home.path(u".config/mcphub/servers.json"_s));
    QCOMPARE(issue.line, 4); // the missing comma after hub-a's entry
    QVERIFY(issue.column > 0);
    QVERIFY(!r.find(u"hub-a"_s));
    QVERIFY(r.find(u"time"_s)); // read before it
    // A file that is not even JSON, and one whose server list is not an object.
    home.write(u".cursor/mcp.json"_s, "\x01\x02 binary");
    home.write(u".config/Claude/claude_desktop_config.json"_s, "{\"mcpServers\": [1, 2]}");
    const DiscoveryResult again = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(again.problems.size(), 3);
    QVERIFY(again.find(u"git"_s));
}

void TestConfigDiscovery::unusableEntryIsListedWithItsProblem()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    const DiscoveredServer *broken = r.find(u"broken"_s);
    QVERIFY(broken);
    QVERIFY(!broken->importable());
    QCOMPARE(broken->problems.size(), 1);
    QVERIFY2(broken->problems.first().startsWith(u"mcpServers.broken.command: "_s),
        qPrintable(broken->problems.first()));
    QCOMPARE(broken->transportName(), u"?"_s);
}

void TestConfigDiscovery::sameServerInTwoToolsIsShownOnceWithBothOrigins()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(importNames(r).count(u"memory"_s), 1);
    const DiscoveredServer *memory = r.find(u"memory"_s);
    QCOMPARE(memory->origins.size(), 2);
    QCOMPARE(memory->origins[0].source, DiscoverySource::ClaudeDesktop);
    QCOMPARE(memory->origins[1].source, DiscoverySource::Cursor);
    // Cursor's own key (autoApprove) is not part of what makes it the same server, nor imported.
    QVERIFY(!memory->entry.contains(u"autoApprove"_s));
}

void TestConfigDiscovery::sameNameDifferentServerIsRenamed()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    const DiscoveredServer *claudeGit = r.find(u"git"_s);
    const DiscoveredServer *cursorGit = r.find(u"git (cursor)"_s);
    QVERIFY(claudeGit && cursorGit);
    QCOMPARE(claudeGit->config.command, u"uvx"_s);
    QCOMPARE(cursorGit->name, u"git"_s);
    QCOMPARE(cursorGit->config.command, u"docker"_s);
    QCOMPARE(cursorGit->origins.first().source, DiscoverySource::Cursor);
}

void TestConfigDiscovery::thirdClashGetsANumber()
{
    FakeHome home;
    home.write(u".cursor/mcp.json"_s, R"({"mcpServers": {"x": {"command": "a"}}})");
    home.write(u"project/.cursor/mcp.json"_s, R"({"mcpServers": {"x": {"command": "b"}}})");
    home.write(u".config/mcphub/servers.json"_s,
        R"({"mcpServers": {"x": {"command": "c"}}, "servers": {"x": {"command": "c"}}})");
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(importNames(r), (QStringList {u"x"_s, u"x (cursor)"_s, u"x (mcp-hub)"_s}));
    home.write(u".config/mcp-hub/servers.json"_s, R"({"mcpServers": {"x": {"command": "d"}}})");
    home.write(u".config/Code/User/mcp.json"_s, R"({"servers": {"x": {"command": "e"}}})");
    const DiscoveryResult more = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(importNames(more),
        (QStringList {u"x"_s, u"x (cursor)"_s, u"x (vscode)"_s, u"x (mcp-hub)"_s, u"x-2"_s}));
}

void TestConfigDiscovery::oneSourceOnly()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover(DiscoverySource::Cursor);
    QCOMPARE(importNames(r), (QStringList {u"broken"_s, u"git"_s, u"memory"_s, u"remote"_s}));
    for (const DiscoveredServer &s : r.servers)
        QCOMPARE(s.origins.first().source, DiscoverySource::Cursor);
    QCOMPARE(discoverySourceFromName(u"vscode"_s), DiscoverySource::VsCode);
    QCOMPARE(discoverySourceFromName(u"claude-desktop"_s), DiscoverySource::ClaudeDesktop);
    QVERIFY(!discoverySourceFromName(u"file"_s));
    QVERIFY(!discoverySourceFromName(u"./cursor"_s));
}

void TestConfigDiscovery::discoverFileReadsAnyFormatAndReportsMissingFile()
{
    FakeHome home;
    home.writeAll();
    const ConfigDiscovery discovery(home.locations());
    const DiscoveryResult claude = discovery.discoverFile(home.path(u".claude.json"_s));
    QCOMPARE(importNames(claude), (QStringList {u"git"_s, u"db"_s}));
    QCOMPARE(claude.servers.first().origins.first().source, DiscoverySource::File);
    const DiscoveryResult vscode = discovery.discoverFile(home.path(u".config/Code/User/settings.json"_s));
    QCOMPARE(importNames(vscode), QStringList {u"time"_s});

    const DiscoveryResult missing = discovery.discoverFile(home.path(u"nope.json"_s));
    QCOMPARE(missing.problems.size(), 1);
    QCOMPARE(missing.problems.first().file, home.path(u"nope.json"_s));
    const DiscoveryResult folder = discovery.discoverFile(home.project());
    QCOMPARE(folder.problems.size(), 1);
}

void TestConfigDiscovery::listingsNeverShowSecrets()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QString shown;
    for (const DiscoveredServer &s : r.servers) {
        shown += QString::fromUtf8(QJsonDocument(s.toJson()).toJson()) + s.target() + s.problems.join(u' ');
        for (const DiscoveryOrigin &o : s.origins)
            shown += o.label();
    }
    for (const QString &secret : lifeline::test::kSecrets)
        QVERIFY2(!shown.contains(secret), qPrintable(secret));
    QVERIFY(!shown.contains(u"user:pw"_s));
    // What is shown instead: names, a masked argument, the URL without its credentials and query.
    QCOMPARE(r.find(u"github"_s)->envNames(), QStringList {u"GITHUB_PERSONAL_ACCESS_TOKEN"_s});
    QCOMPARE(r.find(u"remote"_s)->headerNames(), QStringList {u"Authorization"_s});
    QCOMPARE(r.find(u"remote"_s)->target(), u"https://mcp.example.com/mcp"_s);
    QCOMPARE(r.find(u"db"_s)->target(), u"node db.js --password ••••"_s);
    // The values are kept for the import itself.
    QCOMPARE(r.find(u"github"_s)
                 ->entry.value(u"env"_s)
                 .toObject()
                 .value(u"GITHUB_PERSONAL_ACCESS_TOKEN"_s)
                 .toString(),
        lifeline::test::kSecrets.first());
}

void TestConfigDiscovery::entryKeepsOnlyLifelineKeysAsWritten()
{
    FakeHome home;
    home.write(u".cursor/mcp.json"_s,
        R"({"mcpServers": {"a": {"command": "${TOOLS}/a", "args": ["x"], "env": {"T": "${TOKEN}"}, "cwd": "/tmp",
            "disabled": true, "autoApprove": ["x"], "timeout": 5}}})");
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    QCOMPARE(r.servers.size(), 1);
    const QJsonObject entry = r.servers.first().entry;
    QCOMPARE(entry.keys(), (QStringList {u"args"_s, u"command"_s, u"cwd"_s, u"disabled"_s, u"env"_s}));
    QCOMPARE(entry.value(u"command"_s).toString(), u"${TOOLS}/a"_s); // not expanded
    QCOMPARE(entry.value(u"env"_s).toObject().value(u"T"_s).toString(), u"${TOKEN}"_s);
    QCOMPARE(r.servers.first().target(), u"${TOOLS}/a x"_s);
}

void TestConfigDiscovery::importPlanSkipsWhatTheConfigHas()
{
    FakeHome home;
    home.writeAll();
    const DiscoveryResult r = ConfigDiscovery(home.locations()).discover();
    const QJsonObject existing {
        {u"memory"_s,
            QJsonObject {{u"command"_s, u"npx"_s},
                {u"args"_s, QJsonArray {u"-y"_s, u"@modelcontextprotocol/server-memory"_s}}}},
        {u"git"_s, QJsonObject {{u"command"_s, u"git-mcp"_s}}}};
    const QList<DiscoveredServer> picked {
        *r.find(u"memory"_s), *r.find(u"git"_s), *r.find(u"time"_s), *r.find(u"broken"_s)};
    const ConfigImport::Plan plan = ConfigImport::plan(picked, existing, false);
    QCOMPARE(plan.items.size(), 4);
    QCOMPARE(plan.items[0].action, ConfigImport::Action::AlreadyThere);
    QCOMPARE(plan.items[1].action, ConfigImport::Action::NameTaken);
    QCOMPARE(plan.items[2].action, ConfigImport::Action::Add);
    QCOMPARE(plan.items[3].action, ConfigImport::Action::NotUsable);
    QCOMPARE(plan.edits.size(), 1);
    QCOMPARE(plan.edits.first().server, u"time"_s);
    const ConfigImport::Plan replacing = ConfigImport::plan(picked, existing, true);
    QCOMPARE(replacing.items[1].action, ConfigImport::Action::Replace);
    QCOMPARE(replacing.writeCount(), 2);
}

void TestConfigDiscovery::xdgConfigHomeFromEnvironment()
{
    QProcessEnvironment env;
    env.insert(u"HOME"_s, u"/home/u"_s);
    QCOMPARE(ConfigDiscovery::Locations::fromEnvironment(env).configHome, u"/home/u/.config"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, u"/cfg"_s);
    QCOMPARE(ConfigDiscovery::Locations::fromEnvironment(env).configHome, u"/cfg"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, u"relative"_s); // the spec says: ignore it
    QCOMPARE(ConfigDiscovery::Locations::fromEnvironment(env).configHome, u"/home/u/.config"_s);
    const ConfigDiscovery d(ConfigDiscovery::Locations::fromEnvironment(env));
    QCOMPARE(d.candidateFiles(DiscoverySource::ClaudeDesktop).first().file,
        u"/home/u/.config/Claude/claude_desktop_config.json"_s);
    QCOMPARE(d.candidateFiles(DiscoverySource::Cursor).first().file, u"/home/u/.cursor/mcp.json"_s);
}

QTEST_APPLESS_MAIN(TestConfigDiscovery)
#include "tst_configdiscovery.moc"
