// The config writer: edits land where a person would make them, everything else survives, and a
// result the loader would refuse is never written.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "config/configwriter.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

using Edit = ConfigWriter::Edit;

// Keys in an order QJsonObject would not keep, and keys Lifeline does not know. ("\/" because
// moc reads a "//" in a raw string as a comment.)
const QByteArray kOriginal = R"({
    "$schema": "https:\/\/example.com/schema.json",
    "mcpServers": {
        "x": {"command": "node", "args": ["x.js", "--port", "3000"], "env": {"API_TOKEN": "${TOKEN}"},
              "vendorExtra": {"keep": true}},
        "a": {"url": "https:\/\/example.com/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}}
    },
    "otherTool": {"zeta": 1, "alpha": [1.50, 2]},
    "lifeline": {
        "defaults": {"timeout": "5s", "interval": "30s", "restart": {"policy": "always", "jitter": true}},
        "servers": {"a": {"failureThreshold": 5}},
        "alerts": {"custom": "kept"}
    }
}
)";

QProcessEnvironment environment()
{
    QProcessEnvironment env;
    env.insert(u"TOKEN"_s, u"secret-value"_s);
    return env;
}

ConfigWriter::Result apply(const QList<Edit> &edits, const QByteArray &original = kOriginal)
{
    return ConfigWriter::apply(original, edits, u"servers.json"_s, environment());
}

QJsonObject document(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << error.errorString() << text;
    return doc.object();
}

QStringList messages(const QList<ConfigIssue> &issues)
{
    QStringList out;
    for (const ConfigIssue &issue : issues)
        out.append(issue.toString());
    return out;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<missing>";
    return f.readAll();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(data), data.size());
}

} // namespace

class TestConfigWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unknownKeysAndOrderSurvive();
    void valuesAsWrittenAreNotExpanded();
    void serverOverrideIsSetAndRemoved();
    void defaultsAreSetInTheFilesStyle();
    void serverIsAddedAndRemoved();
    void serverGoesToVsCodeSectionWhenThatIsTheFiles();
    void replacedServerKeepsItsKeyOrder();
    void invalidEditIsRefused();
    void commentsAreReported();
    void writeKeepsBackupOfThePreviousFile();
    void writeRefusesInvalidEditAndLeavesFileUntouched();
    void writeCreatesANewFile();
};

void TestConfigWriter::unknownKeysAndOrderSurvive()
{
    const auto result = apply({Edit::setSetting(u"x"_s, u"interval"_s, u"15s"_s)});
    QVERIFY2(result.ok, qPrintable(messages(result.errors).join(u'\n')));
    const QJsonObject doc = document(result.text);
    QCOMPARE(doc.value(u"$schema"_s).toString(), u"https://example.com/schema.json"_s);
    QCOMPARE(doc.value(u"otherTool"_s).toObject().value(u"alpha"_s).toArray().size(), 2);
    const QJsonObject x = doc.value(u"mcpServers"_s).toObject().value(u"x"_s).toObject();
    QCOMPARE(x.value(u"vendorExtra"_s).toObject().value(u"keep"_s).toBool(), true);
    const QJsonObject lifeline = doc.value(u"lifeline"_s).toObject();
    QCOMPARE(lifeline.value(u"alerts"_s).toObject().value(u"custom"_s).toString(), u"kept"_s);
    QCOMPARE(lifeline.value(u"defaults"_s).toObject().value(u"restart"_s).toObject().value(u"jitter"_s),
        QJsonValue(true));

    // Written order, not QJsonObject's sorted one; numbers as written (1.50, not 1.5).
    const QByteArray &t = result.text;
    QVERIFY(t.indexOf("$schema") < t.indexOf("mcpServers"));
    QVERIFY(t.indexOf("mcpServers") < t.indexOf("otherTool"));
    QVERIFY(t.indexOf("otherTool") < t.indexOf("\"lifeline\""));
    QVERIFY(t.indexOf("\"x\"") < t.indexOf("\"a\""));
    QVERIFY(t.indexOf("\"zeta\"") < t.indexOf("\"alpha\""));
    QVERIFY(t.indexOf("\"timeout\"") < t.indexOf("\"interval\""));
    QVERIFY(t.contains("[1.50, 2]"));
    QVERIFY2(t.contains("    \"mcpServers\": {"), t.constData()); // the file's four-space indent
    QVERIFY(!result.droppedComments);
}

void TestConfigWriter::valuesAsWrittenAreNotExpanded()
{
    const auto result = apply({Edit::setSetting({}, u"depth"_s, u"comprehensive"_s)});
    QVERIFY(result.ok);
    QVERIFY(result.text.contains("\"API_TOKEN\": \"${TOKEN}\""));
    QVERIFY(result.text.contains("\"Bearer ${TOKEN}\""));
    QVERIFY(!result.text.contains("secret-value"));
    // …while the loaded config has them expanded, as the engine sees it.
    QCOMPARE(result.config->server(u"x"_s)->env.value(0).second, u"secret-value"_s);
}

void TestConfigWriter::serverOverrideIsSetAndRemoved()
{
    const auto set = apply({Edit::setSetting(u"x"_s, u"interval"_s, u"15s"_s),
        Edit::setSetting(u"x"_s, u"errorRateWarning"_s, 0.1)});
    QVERIFY(set.ok);
    const QJsonObject overrides
        = document(set.text).value(u"lifeline"_s).toObject().value(u"servers"_s).toObject();
    QCOMPARE(overrides.value(u"x"_s).toObject().value(u"interval"_s).toString(), u"15s"_s);
    QCOMPARE(overrides.value(u"a"_s).toObject().value(u"failureThreshold"_s).toInt(), 5);
    QCOMPARE(set.config->server(u"x"_s)->settings.intervalMs, 15000);
    QCOMPARE(set.config->server(u"x"_s)->settings.errorRateWarning, 0.1);
    QCOMPARE(set.config->server(u"x"_s)->settings.timeoutMs, 5000); // still inherited
    QCOMPARE(set.config->server(u"a"_s)->settings.intervalMs, 30000);

    const auto removed = ConfigWriter::apply(set.text,
        {Edit::removeSetting(u"x"_s, u"interval"_s), Edit::removeSetting(u"x"_s, u"errorRateWarning"_s)},
        u"servers.json"_s, environment());
    QVERIFY(removed.ok);
    QCOMPARE(removed.config->server(u"x"_s)->settings.intervalMs, 30000);
    // Its emptied override object goes too; the other server's stays.
    const QJsonObject after
        = document(removed.text).value(u"lifeline"_s).toObject().value(u"servers"_s).toObject();
    QVERIFY(!after.contains(u"x"_s));
    QVERIFY(after.contains(u"a"_s));
}

void TestConfigWriter::defaultsAreSetInTheFilesStyle()
{
    const auto result = apply({Edit::setSetting({}, u"latencyWarning"_s, u"1m30s"_s),
        Edit::setSetting({}, u"latencyCritical"_s, u"2m"_s),
        Edit::setSetting({}, u"restart"_s,
            QJsonObject {{u"policy"_s, u"never"_s}, {u"jitter"_s, true},
                {u"backoff"_s, QJsonArray {u"2s"_s, u"10s"_s}}})});
    QVERIFY2(result.ok, qPrintable(messages(result.errors).join(u'\n')));
    QVERIFY(result.text.contains("\"latencyWarning\": \"1m30s\""));
    QVERIFY(result.text.contains("\"backoff\": [\"2s\", \"10s\"]"));
    // restart's existing keys keep their place; the new one comes after them.
    QVERIFY(result.text.indexOf("\"policy\": \"never\"") < result.text.indexOf("\"jitter\""));
    QVERIFY(result.text.indexOf("\"jitter\"") < result.text.indexOf("\"backoff\""));
    const MonitorSettings &s = result.config->defaults;
    QCOMPARE(s.latencyWarningMs, 90000);
    QCOMPARE(s.restart.policy, RestartPolicy::Never);
    QCOMPARE(s.restart.backoffMs, (QList<int> {2000, 10000}));
}

void TestConfigWriter::serverIsAddedAndRemoved()
{
    const auto added = apply({Edit::setServer(
        u"fresh"_s, QJsonObject {{u"command"_s, u"uvx"_s}, {u"args"_s, QJsonArray {u"mcp-server-time"_s}}})});
    QVERIFY(added.ok);
    const ServerConfig *fresh = added.config->server(u"fresh"_s);
    QVERIFY(fresh);
    QCOMPARE(fresh->command, u"uvx"_s);
    QCOMPARE(fresh->args, QStringList {u"mcp-server-time"_s});
    QVERIFY(document(added.text).value(u"mcpServers"_s).toObject().contains(u"fresh"_s));

    // Removing a server takes its overrides along.
    const auto removed = apply({Edit::removeServer(u"a"_s)});
    QVERIFY(removed.ok);
    QVERIFY(!removed.config->server(u"a"_s));
    QVERIFY(removed.config->server(u"x"_s));
    const QJsonObject lifeline = document(removed.text).value(u"lifeline"_s).toObject();
    QVERIFY(!lifeline.contains(u"servers"_s));
    QVERIFY(lifeline.contains(u"defaults"_s));
    for (const ConfigIssue &warning : removed.config->warnings) // no orphaned override left behind
        QVERIFY2(!warning.keyPath.startsWith(u"lifeline.servers"_s), qPrintable(warning.toString()));
}

void TestConfigWriter::serverGoesToVsCodeSectionWhenThatIsTheFiles()
{
    const QByteArray vscode = R"({"servers": {"one": {"type": "stdio", "command": "a"}}, "inputs": []})";
    const auto result
        = apply({Edit::setServer(u"two"_s, QJsonObject {{u"url"_s, u"http://localhost:9/mcp"_s}})}, vscode);
    QVERIFY2(result.ok, qPrintable(messages(result.errors).join(u'\n')));
    const QJsonObject doc = document(result.text);
    QVERIFY(!doc.contains(u"mcpServers"_s));
    QVERIFY(doc.value(u"servers"_s).toObject().contains(u"two"_s));
    QVERIFY(doc.contains(u"inputs"_s));
    QCOMPARE(result.config->servers.size(), 2);
}

void TestConfigWriter::replacedServerKeepsItsKeyOrder()
{
    QJsonObject entry = document(kOriginal).value(u"mcpServers"_s).toObject().value(u"x"_s).toObject();
    entry.insert(u"command"_s, u"bun"_s);
    entry.insert(u"cwd"_s, u"/srv/x"_s);
    entry.remove(u"env"_s);
    const auto result = apply({Edit::setServer(u"x"_s, entry)});
    QVERIFY(result.ok);
    QCOMPARE(result.config->server(u"x"_s)->command, u"bun"_s);
    QVERIFY(result.config->server(u"x"_s)->env.isEmpty());
    const QByteArray &t = result.text;
    QVERIFY(t.indexOf("\"command\": \"bun\"") < t.indexOf("\"args\""));
    QVERIFY(t.indexOf("\"args\"") < t.indexOf("\"vendorExtra\""));
    QVERIFY(t.indexOf("\"vendorExtra\"") < t.indexOf("\"cwd\""));
    QVERIFY(t.indexOf("\"x\"") < t.indexOf("\"a\"")); // it stays where it was among the servers
}

void TestConfigWriter::invalidEditIsRefused()
{
    const auto result = apply({Edit::setSetting(u"x"_s, u"interval"_s, u"soon"_s)});
    QVERIFY(!result.ok);
    QVERIFY(!result.config);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().keyPath, u"lifeline.servers.x.interval"_s);

    // Cross-key rules count too: a warning above the (inherited) critical latency.
    const auto pair = apply({Edit::setSetting(u"x"_s, u"latencyWarning"_s, u"10s"_s)});
    QVERIFY(!pair.ok);
    QCOMPARE(pair.errors.first().keyPath, u"lifeline.servers.x.latencyWarning"_s);

    // A failover group still naming a removed server.
    const QByteArray withGroup = R"({"mcpServers": {"p": {"command": "a"}, "f": {"command": "b"}},
        "lifeline": {"failover": {"g": {"primary": "p", "fallbacks": ["f"]}}}})";
    const auto group = apply({Edit::removeServer(u"f"_s)}, withGroup);
    QVERIFY(!group.ok);
    QCOMPARE(group.errors.first().keyPath, u"lifeline.failover.g.fallbacks[0]"_s);
}

void TestConfigWriter::commentsAreReported()
{
    const QByteArray jsonc = R"({
  // my servers
  "mcpServers": {"x": {"command": "node", /* port */ "args": ["--port", "1"],},},
})";
    QVERIFY(ConfigWriter::hasComments(jsonc));
    QVERIFY(!ConfigWriter::hasComments(kOriginal));
    const auto result = apply({Edit::setSetting({}, u"interval"_s, u"1m"_s)}, jsonc);
    QVERIFY(result.ok);
    QVERIFY(result.droppedComments);
    QVERIFY(!result.text.contains("//"));
    QCOMPARE(result.config->defaults.intervalMs, 60000);
    QCOMPARE(result.config->server(u"x"_s)->args, (QStringList {u"--port"_s, u"1"_s}));
    // A "//" inside a string is no comment.
    const QByteArray slashes = "{\"mcpServers\": {\"x\": {\"url\": \"https://h//p\"}}}";
    QVERIFY(!ConfigWriter::hasComments(slashes));
}

void TestConfigWriter::writeKeepsBackupOfThePreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeFile(path, kOriginal);
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QVERIFY(QFile::setPermissions(path, ownerOnly)); // it may hold tokens: so may its backup
    const auto first
        = ConfigWriter::write(path, {Edit::setSetting(u"x"_s, u"interval"_s, u"15s"_s)}, environment());
    QVERIFY2(first.ok, qPrintable(messages(first.errors).join(u'\n')));
    QCOMPARE(first.backupPath, path + u".bak"_s);
    QCOMPARE(readAll(path + u".bak"_s), kOriginal);
    QCOMPARE(readAll(path), first.text);
    const auto others = QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());
    QCOMPARE(QFile::permissions(path + u".bak"_s) & others, QFileDevice::Permissions());
    const auto reread = ConfigLoader::loadFile(path, environment());
    QVERIFY(reread.ok());
    QCOMPARE(reread.config->server(u"x"_s)->settings.intervalMs, 15000);

    // The next write backs up the file as the first one left it.
    const auto second
        = ConfigWriter::write(path, {Edit::removeSetting(u"x"_s, u"interval"_s)}, environment());
    QVERIFY(second.ok);
    QCOMPARE(readAll(path + u".bak"_s), first.text);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2); // the file and its .bak, no temp files
}

void TestConfigWriter::writeRefusesInvalidEditAndLeavesFileUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeFile(path, kOriginal);
    const auto result = ConfigWriter::write(path,
        {Edit::setSetting(u"x"_s, u"interval"_s, u"15s"_s), Edit::setSetting({}, u"failureThreshold"_s, 0)},
        environment());
    QVERIFY(!result.ok);
    QCOMPARE(result.errors.first().keyPath, u"lifeline.defaults.failureThreshold"_s);
    QCOMPARE(readAll(path), kOriginal);
    QVERIFY(!QFile::exists(path + u".bak"_s));
}

void TestConfigWriter::writeCreatesANewFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"mcp-lifeline/servers.json"_s);
    const auto result = ConfigWriter::write(path,
        {Edit::setServer(u"time"_s, QJsonObject {{u"command"_s, u"uvx"_s}}),
            Edit::setSetting({}, u"interval"_s, u"10s"_s)},
        environment());
    QVERIFY2(result.ok, qPrintable(messages(result.errors).join(u'\n')));
    QVERIFY(result.backupPath.isEmpty());
    QVERIFY(!QFile::exists(path + u".bak"_s));
    const auto loaded = ConfigLoader::loadFile(path, environment());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->defaults.intervalMs, 10000);
    QCOMPARE(loaded.config->servers.size(), 1);
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
        QFileDevice::Permissions());
}

QTEST_APPLESS_MAIN(TestConfigWriter)
#include "tst_configwriter.moc"
