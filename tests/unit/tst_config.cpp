#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "config/configloader.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

const QString kFile = u"servers.json"_s;

QProcessEnvironment testEnvironment()
{
    QProcessEnvironment env;
    env.insert(u"HOME"_s, u"/home/ada"_s);
    env.insert(u"GITHUB_TOKEN"_s, u"ghp_secret"_s);
    env.insert(u"EMPTY"_s, QString());
    env.insert(u"MULTILINE"_s, u"a\r\nX-Injected: 1"_s);
    return env;
}

ConfigLoader::Result parse(const QByteArray &json, const QProcessEnvironment &env = testEnvironment())
{
    return ConfigLoader::parse(json, kFile, env);
}

QString dataPath(const QString &name)
{
    return QStringLiteral(LIFELINE_TEST_DATA_DIR) + u"/config/"_s + name;
}

QStringList messages(const QList<ConfigIssue> &issues)
{
    QStringList out;
    for (const ConfigIssue &issue : issues)
        out.append(issue.toString());
    return out;
}

KeyValueList pairs(std::initializer_list<std::pair<QString, QString>> list)
{
    KeyValueList out;
    for (const auto &[k, v] : list)
        out.append({k, v});
    return out;
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsClaudeDesktopFile();
    void readsVsCodeServersWithComments();
    void readsRemoteServersWithHeadersAndExpansion();
    void appliesDefaultsAndPerServerOverrides();
    void usesBuiltInDefaultsWithoutLifelineObject();
    void readsHistorySettings();
    void mergesMcpServersAndServers();
    void acceptsEmptyMcpServers();
    void sortsServersByName();
    void convertsNumbersInArgsEnvAndHeaders();
    void expandsVariables_data();
    void expandsVariables();

    void reportsErrors_data();
    void reportsErrors();
    void reportsErrorLocationFromFile();
    void collectsAllErrors();
    void capsTheNumberOfErrors();

    void reportsWarnings_data();
    void reportsWarnings();

    void refusesBinaryGarbage();
    void refusesFilesOver16MiB();
    void reportsMissingFileWithOsReason();
    void loadFileKeepsPathAsGiven();
    void parseSettingsReportsKeyPath();
    void defaultConfigPathIsUnderGenericConfig();
    void namesTransportsAndDepths();
    void formatsIssues_data();
    void formatsIssues();
};

void TestConfig::readsClaudeDesktopFile()
{
    const ConfigLoader::Result r
        = ConfigLoader::loadFile(dataPath(u"claude-desktop.json"_s), testEnvironment());
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    const Config &c = *r.config;
    QCOMPARE(c.sourcePath, dataPath(u"claude-desktop.json"_s));
    QCOMPARE(c.servers.size(), 3);
    QVERIFY(c.warnings.isEmpty());

    const ServerConfig *fs = c.server(u"filesystem"_s);
    QVERIFY(fs);
    QCOMPARE(fs->transport, TransportKind::Stdio);
    QVERIFY(!fs->isRemote());
    QCOMPARE(fs->command, u"npx"_s);
    QCOMPARE(fs->args,
        (QStringList {u"-y"_s, u"@modelcontextprotocol/server-filesystem"_s, u"/Users/me/Desktop"_s,
            u"/Users/me/Downloads"_s}));
    QVERIFY(!fs->disabled);

    const ServerConfig *gh = c.server(u"github"_s);
    QVERIFY(gh);
    QCOMPARE(gh->command, u"docker"_s);
    QCOMPARE(gh->args.size(), 6);
    // File order, not QJsonObject's sorted order.
    QCOMPARE(gh->env,
        pairs({{u"GITHUB_PERSONAL_ACCESS_TOKEN"_s, u"ghp_secret"_s},
            {u"GITHUB_HOST"_s, u"https://github.com"_s}, {u"DEBUG"_s, u"0"_s}}));

    const ServerConfig *everything = c.server(u"everything"_s);
    QVERIFY(everything);
    QVERIFY(everything->disabled);
    QCOMPARE(everything->cwd, u"/home/ada/work"_s);
    QCOMPARE(c.server(u"nope"_s), nullptr);
}

void TestConfig::readsVsCodeServersWithComments()
{
    const ConfigLoader::Result r = ConfigLoader::loadFile(dataPath(u"vscode-mcp.json"_s), testEnvironment());
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    const Config &c = *r.config;
    QCOMPARE(c.servers.size(), 2);
    QCOMPARE(c.servers[0].name, u"fetch"_s);
    QCOMPARE(c.servers[0].transport, TransportKind::StreamableHttp);
    QCOMPARE(c.servers[0].url, QUrl(u"http://localhost:8080/mcp"_s));
    QCOMPARE(c.servers[1].name, u"memory"_s);
    QCOMPARE(c.servers[1].transport, TransportKind::Stdio);
    QCOMPARE(c.servers[1].args, (QStringList {u"-y"_s, u"@modelcontextprotocol/server-memory"_s}));
    QVERIFY2(c.warnings.isEmpty(), qPrintable(messages(c.warnings).join(u'\n')));
}

void TestConfig::readsRemoteServersWithHeadersAndExpansion()
{
    QProcessEnvironment env = testEnvironment();
    env.insert(u"LANGUAGE"_s, u"de"_s);
    const ConfigLoader::Result r = ConfigLoader::loadFile(dataPath(u"remote.json"_s), env);
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    const Config &c = *r.config;
    QVERIFY2(c.warnings.isEmpty(), qPrintable(messages(c.warnings).join(u'\n')));
    QCOMPARE(c.servers.size(), 4);

    const ServerConfig *gh = c.server(u"gh"_s);
    QVERIFY(gh);
    QVERIFY(gh->isRemote());
    QCOMPARE(gh->transport, TransportKind::StreamableHttp);
    QCOMPARE(gh->url, QUrl(u"https://api.githubcopilot.com/mcp/"_s));
    QCOMPARE(gh->headers,
        pairs({{u"X-Request-Source"_s, u"mcp-lifeline"_s}, {u"Authorization"_s, u"Bearer ghp_secret"_s},
            {u"Accept-Language"_s, u"de"_s}}));
    QCOMPARE(c.server(u"legacy"_s)->transport, TransportKind::Sse);
    QCOMPARE(c.server(u"guess"_s)->transport, TransportKind::AutoHttp);
    QCOMPARE(c.server(u"camel"_s)->transport, TransportKind::StreamableHttp);

    // Unset variable without a default: empty value and a warning naming the key path.
    const ConfigLoader::Result bare
        = ConfigLoader::loadFile(dataPath(u"remote.json"_s), QProcessEnvironment());
    QVERIFY(bare.ok());
    QCOMPARE(bare.config->server(u"gh"_s)->headers.at(1),
        (QPair<QString, QString>(u"Authorization"_s, u"Bearer "_s)));
    QCOMPARE(bare.config->server(u"gh"_s)->headers.at(2),
        (QPair<QString, QString>(u"Accept-Language"_s, u"en"_s)));
    QCOMPARE(messages(bare.config->warnings),
        QStringList {dataPath(u"remote.json"_s)
            + u":8:9: mcpServers.gh.headers.Authorization: environment variable GITHUB_TOKEN is not set"_s});
}

void TestConfig::appliesDefaultsAndPerServerOverrides()
{
    const ConfigLoader::Result r = ConfigLoader::loadFile(dataPath(u"overrides.json"_s), testEnvironment());
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    const Config &c = *r.config;
    QVERIFY2(c.warnings.isEmpty(), qPrintable(messages(c.warnings).join(u'\n')));

    MonitorSettings defaults;
    defaults.intervalMs = 10000;
    defaults.timeoutMs = 2000;
    defaults.failureThreshold = 2;
    defaults.latencyWarningMs = 750;
    defaults.latencyCriticalMs = 2500;
    defaults.errorRateWarning = 0.1;
    defaults.depth = ProbeDepth::Comprehensive;
    defaults.restart.maxAttempts = 5;
    defaults.restart.backoffMs = {2000, 10000};
    defaults.restart.circuit.openForMs = 60000;
    QCOMPARE(c.defaults, defaults);
    QCOMPARE(c.server(u"plain"_s)->settings, defaults);

    MonitorSettings search = defaults;
    search.intervalMs = 90000;
    search.successThreshold = 2;
    search.probe
        = ProbeCall {u"search"_s, QJsonObject {{u"query"_s, u"ping"_s}, {u"limit"_s, 1}}, u"results"_s};
    QCOMPARE(c.server(u"search"_s)->settings, search);

    MonitorSettings weather = defaults;
    weather.depth = ProbeDepth::Basic;
    weather.errorRateCritical = 0.5;
    weather.restart.policy = RestartPolicy::Never; // merged key by key over the defaults' restart
    QCOMPARE(c.server(u"weather"_s)->settings, weather);

    QCOMPARE(c.failover.size(), 1);
    const FailoverGroup &web = c.failover.first();
    QCOMPARE(web.name, u"web"_s);
    QCOMPARE(web.primary, u"search"_s);
    QCOMPARE(web.fallbacks, QStringList {u"weather"_s});
    QCOMPARE(web.restoreAfterMs, 120000);
    QVERIFY(web.automatic);
    QCOMPARE(web.strategy, FailoverStrategy::AlternativeServer);

    // alerts and listen are parsed into their typed sections, once, by the loader.
    QVERIFY(c.listen.has_value());
    QCOMPARE(c.listen->toString(), u"127.0.0.1:9464"_s);
    AlertConfig defaultAlerts;
    defaultAlerts.renotifyMs = 2 * 3600000;
    QCOMPARE(c.alerts, defaultAlerts);
    QCOMPARE(c.channels, defaultChannelSettings());
    QVERIFY(!c.channelsConfigured);
}

void TestConfig::usesBuiltInDefaultsWithoutLifelineObject()
{
    const ConfigLoader::Result r = parse(R"({"mcpServers": {"a": {"command": "a"}}})");
    QVERIFY(r.ok());
    const MonitorSettings &s = r.config->servers.at(0).settings;
    QCOMPARE(s, MonitorSettings {});
    QCOMPARE(s.intervalMs, 30000);
    QCOMPARE(s.timeoutMs, 5000);
    QCOMPARE(s.failureThreshold, 3);
    QCOMPARE(s.successThreshold, 1);
    QCOMPARE(s.latencyWarningMs, 1000);
    QCOMPARE(s.latencyCriticalMs, 5000);
    QCOMPARE(s.errorRateWarning, 0.05);
    QCOMPARE(s.errorRateCritical, 0.25);
    QCOMPARE(s.depth, ProbeDepth::Basic);
    QVERIFY(!s.probe);
    QVERIFY(r.config->lifeline.isEmpty());
    QCOMPARE(r.config->history, HistorySettings {});
}

void TestConfig::readsHistorySettings()
{
    const ConfigLoader::Result r = parse(R"({"mcpServers": {"a": {"command": "a"}}, "lifeline": {"history": {
        "retention": {"samples": "24h", "minutes": "7d", "hours": "forever", "days": "3650d"},
        "flushInterval": "500ms", "batchRows": 100}}})");
    QVERIFY(r.ok());
    const HistorySettings &h = r.config->history;
    QCOMPARE(h.samplesMs, 24LL * 3600 * 1000);
    QCOMPARE(h.minutesMs, 7LL * 86400 * 1000);
    QCOMPARE(h.hoursMs, -1LL);
    QCOMPARE(h.daysMs, 3650LL * 86400 * 1000);
    QCOMPARE(h.eventsMs, HistorySettings {}.eventsMs);
    QCOMPARE(h.flushIntervalMs, 500);
    QCOMPARE(h.batchRows, 100);
}

void TestConfig::mergesMcpServersAndServers()
{
    const ConfigLoader::Result r
        = parse(R"({"servers": {"b": {"url": "https://b.example"}}, "mcpServers": {"a": {"command": "a"}}})");
    QVERIFY(r.ok());
    QCOMPARE(r.config->servers.size(), 2);
    QCOMPARE(r.config->servers[0].name, u"a"_s);
    QCOMPARE(r.config->servers[1].name, u"b"_s);
}

void TestConfig::acceptsEmptyMcpServers()
{
    const ConfigLoader::Result r = parse(R"({"mcpServers": {}})");
    QVERIFY(r.ok());
    QVERIFY(r.config->servers.isEmpty());
    QVERIFY(r.errors.isEmpty());
}

void TestConfig::sortsServersByName()
{
    const ConfigLoader::Result r = parse(
        R"({"mcpServers": {"zeta": {"command": "z"}, "Alpha": {"command": "A"}, "mid": {"command": "m"}, "alpha": {"command": "a"}}})");
    QVERIFY(r.ok());
    QStringList names;
    for (const ServerConfig &s : r.config->servers)
        names.append(s.name);
    QCOMPARE(names, (QStringList {u"Alpha"_s, u"alpha"_s, u"mid"_s, u"zeta"_s}));
}

void TestConfig::convertsNumbersInArgsEnvAndHeaders()
{
    const ConfigLoader::Result r = parse(R"({"mcpServers": {
        "a": {"command": "srv", "args": ["--port", 8080, 1.5, -2], "env": {"PORT": 3000}},
        "b": {"url": "https://b.example", "headers": {"X-Retries": 3}}}})");
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    QCOMPARE(r.config->server(u"a"_s)->args, (QStringList {u"--port"_s, u"8080"_s, u"1.5"_s, u"-2"_s}));
    QCOMPARE(r.config->server(u"a"_s)->env, pairs({{u"PORT"_s, u"3000"_s}}));
    QCOMPARE(r.config->server(u"b"_s)->headers, pairs({{u"X-Retries"_s, u"3"_s}}));
}

void TestConfig::expandsVariables_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("expanded");

    QTest::newRow("plain") << u"no variables"_s << u"no variables"_s;
    QTest::newRow("braced") << u"${HOME}/x"_s << u"/home/ada/x"_s;
    QTest::newRow("env: prefix") << u"${env:HOME}"_s << u"/home/ada"_s;
    QTest::newRow("default unused") << u"${HOME:-/tmp}"_s << u"/home/ada"_s;
    QTest::newRow("default used when unset") << u"${NOPE:-/tmp}"_s << u"/tmp"_s;
    QTest::newRow("default used when empty") << u"${EMPTY:-fallback}"_s << u"fallback"_s;
    QTest::newRow("empty default") << u"a${NOPE:-}b"_s << u"ab"_s;
    QTest::newRow("env: prefix with default") << u"${env:NOPE:-d}"_s << u"d"_s;
    QTest::newRow("set but empty") << u"[${EMPTY}]"_s << u"[]"_s;
    QTest::newRow("two in a row") << u"${HOME}${HOME}"_s << u"/home/ada/home/ada"_s;
    QTest::newRow("unbraced dollar is literal") << u"$HOME"_s << u"$HOME"_s;
    QTest::newRow("unset without default is empty") << u"<${NOPE}>"_s << u"<>"_s;
}

void TestConfig::expandsVariables()
{
    QFETCH(QString, written);
    QFETCH(QString, expanded);
    const QByteArray json = R"({"mcpServers": {"a": {"command": "x", "args": [)"
        + QJsonDocument(QJsonArray {written}).toJson(QJsonDocument::Compact).mid(1).chopped(1) + "]}}}";
    const ConfigLoader::Result r = parse(json);
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    QCOMPARE(r.config->servers.at(0).args.value(0), expanded);
}

void TestConfig::reportsErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    // Syntax: file:line:column from the raw text.
    QTest::newRow("missing comma") << QByteArray(R"({"mcpServers": {} "x": 1})")
                                   << u"servers.json:1:19: missing comma"_s;
    QTest::newRow("missing comma, second line")
        << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}") << u"servers.json:3:3: missing comma"_s;
    QTest::newRow("unterminated string")
        << QByteArray("{\n  \"mcpServers\": {\"x\": {\"command\": \"npx}\n}}")
        << u"servers.json:2:35: unterminated string"_s;
    QTest::newRow("missing colon") << QByteArray(R"({"mcpServers" {}})")
                                   << u"servers.json:1:15: missing ':' after a key"_s;
    QTest::newRow("unexpected end") << QByteArray(R"({"mcpServers": {)")
                                    << u"servers.json:1:17: unexpected end of file: missing '}'"_s;
    QTest::newRow("end where a value goes") << QByteArray(
        R"({"mcpServers":)") << u"servers.json:1:15: unexpected end of file, expected a value"_s;
    QTest::newRow("garbage after the document")
        << QByteArray("{\"mcpServers\": {}}\n}")
        << u"servers.json:2:1: unexpected text after the end of the JSON document"_s;
    QTest::newRow("wrong closer") << QByteArray(R"({"a": [1, 2}})")
                                  << u"servers.json:1:12: expected ',' or ']' but found '}'"_s;
    QTest::newRow("single quotes")
        << QByteArray(R"({'mcpServers': {}})")
        << u"servers.json:1:2: unexpected \"'\": JSON strings and keys need double quotes"_s;
    QTest::newRow("curly quotes")
        << QByteArray("{\xE2\x80\x9CmcpServers\xE2\x80\x9D: {}}")
        << u"servers.json:1:2: unexpected '“': curly quotes are not JSON quotes, use \""_s;
    QTest::newRow("unquoted key") << QByteArray(R"({mcpServers: {}})")
                                  << u"servers.json:1:2: unexpected 'm', expected a key in double quotes"_s;
    QTest::newRow("bare word value") << QByteArray(R"({"mcpServers": yes})")
                                     << u"servers.json:1:16: unexpected 'y', expected a value"_s;
    QTest::newRow("True is not true")
        << QByteArray(R"({"a": True})") << u"servers.json:1:7: unexpected 'T', expected a value"_s;
    QTest::newRow("unterminated comment")
        << QByteArray("{\n /* note\n \"mcpServers\": {}}") << u"servers.json:2:2: unterminated comment"_s;
    QTest::newRow("invalid escape") << QByteArray(R"({"a": "C:\path"})")
                                    << u"servers.json:1:10: invalid escape sequence in a string"_s;
    QTest::newRow("short unicode escape") << QByteArray(
        R"({"a": "\u12"})") << u"servers.json:1:8: invalid \\u escape: expected four hex digits"_s;
    QTest::newRow("leading zero") << QByteArray(R"({"a": 012})") << u"servers.json:1:7: invalid number"_s;
    QTest::newRow("number out of range")
        << QByteArray(R"({"a": 1e999})") << u"servers.json:1:7: number out of range"_s;
    QTest::newRow("raw tab in a string") << QByteArray(
        "{\"a\": \"x\ty\"}") << u"servers.json:1:9: control character U+0009 in a string must be escaped"_s;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\": \"\xC3\x28\"}")
                                   << u"servers.json:1:8: invalid UTF-8 in a string"_s;
    QTest::newRow("columns count characters")
        << QByteArray("{\"ä\": \"ö\" \"b\": 1}") << u"servers.json:1:11: missing comma"_s;
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{\"a\" 1}")
                                     << u"servers.json:1:6: missing ':' after a key"_s;
    QTest::newRow("too deep") << QByteArray(1100, '[').prepend("{\"a\":")
                              << u"servers.json:1:1029: nesting is too deep (more than 1024 levels)"_s;

    // The document as a whole.
    QTest::newRow("empty file") << QByteArray() << u"servers.json: the file is empty"_s;
    QTest::newRow("only whitespace") << QByteArray(" \n\t\n") << u"servers.json: the file is empty"_s;
    QTest::newRow("only a comment") << QByteArray("// nothing yet\n") << u"servers.json: the file is empty"_s;
    QTest::newRow("top-level array") << QByteArray(
        R"([{"mcpServers": {}}])") << u"servers.json:1:1: expected a JSON object ({ … }) at the top level"_s;
    QTest::newRow("top-level string") << QByteArray(
        "\n  \"mcpServers\"") << u"servers.json:2:3: expected a JSON object ({ … }) at the top level"_s;
    QTest::newRow("no servers at all")
        << QByteArray(R"({"lifeline": {}})")
        << u"servers.json: no \"mcpServers\" object (or VS Code's \"servers\"): there is nothing to monitor"_s;
    QTest::newRow("mcpServers not an object")
        << QByteArray(R"({"mcpServers": []})")
        << u"servers.json:1:2: mcpServers: expected an object mapping server names to their settings"_s;

    // Servers: key path, and the key's line:column.
    QTest::newRow("server not an object")
        << QByteArray(R"({"mcpServers": {"x": "npx"}})")
        << u"servers.json:1:17: mcpServers.x: expected an object describing the server"_s;
    QTest::newRow("command not a string") << QByteArray(R"({"mcpServers": {"x": {"command": 5}}})")
                                          << u"servers.json:1:23: mcpServers.x.command: expected a string"_s;
    QTest::newRow("empty command") << QByteArray(R"({"mcpServers": {"x": {"command": " "}}})")
                                   << u"servers.json:1:23: mcpServers.x.command: must not be empty"_s;
    QTest::newRow("command and url")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "url": "https://h"}}})")
        << u"servers.json:1:17: mcpServers.x: has both \"command\" and \"url\"; a server is either local (command) or remote (url)"_s;
    QTest::newRow("neither command nor url")
        << QByteArray(R"({"mcpServers": {"x": {"args": []}}})")
        << u"servers.json:1:17: mcpServers.x: needs \"command\" (a local stdio server) or \"url\" (a remote server)"_s;
    QTest::newRow("stdio without command")
        << QByteArray(R"({"mcpServers": {"x": {"type": "stdio", "url": "https://h"}}})")
        << u"servers.json:1:23: mcpServers.x.type: type \"stdio\" needs \"command\", not \"url\""_s;
    QTest::newRow("http without url")
        << QByteArray(R"({"mcpServers": {"x": {"type": "http", "command": "a"}}})")
        << u"servers.json:1:23: mcpServers.x.type: type \"http\" needs \"url\", not \"command\""_s;
    QTest::newRow("unknown type")
        << QByteArray(R"({"mcpServers": {"x": {"type": "websocket", "url": "https://h"}}})")
        << u"servers.json:1:23: mcpServers.x.type: unknown type \"websocket\" (use \"stdio\", \"http\" or \"sse\")"_s;
    QTest::newRow("type not a string")
        << QByteArray(R"({"mcpServers": {"x": {"type": 1, "url": "https://h"}}})")
        << u"servers.json:1:23: mcpServers.x.type: expected a string: \"stdio\", \"http\" or \"sse\""_s;
    QTest::newRow("url not http")
        << QByteArray(R"({"mcpServers": {"x": {"url": "ftp://h/mcp"}}})")
        << u"servers.json:1:23: mcpServers.x.url: \"ftp://h/mcp\" is not an http or https URL"_s;
    QTest::newRow("url without scheme")
        << QByteArray(R"({"mcpServers": {"x": {"url": "localhost:8080"}}})")
        << u"servers.json:1:23: mcpServers.x.url: \"localhost:8080\" is not an http or https URL"_s;
    QTest::newRow("url without host")
        << QByteArray(R"({"mcpServers": {"x": {"url": "http:///mcp"}}})")
        << u"servers.json:1:23: mcpServers.x.url: \"http:///mcp\" has no host"_s;
    QTest::newRow("invalid url")
        << QByteArray(R"({"mcpServers": {"x": {"url": "http://exa mple.com"}}})")
        << u"servers.json:1:23: mcpServers.x.url: \"http://exa mple.com\" is not a valid URL"_s;
    QTest::newRow("url empty after expansion") << QByteArray(R"({"mcpServers": {"x": {"url": "${EMPTY}"}}})")
                                               << u"servers.json:1:23: mcpServers.x.url: must not be empty"_s;
    QTest::newRow("url as written, not expanded")
        << QByteArray(R"({"mcpServers": {"x": {"url": "ftp://h?t=${GITHUB_TOKEN}"}}})")
        << u"servers.json:1:23: mcpServers.x.url: \"ftp://h?t=${GITHUB_TOKEN}\" is not an http or https URL"_s;
    QTest::newRow("args not an array")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "args": "-y"}}})")
        << u"servers.json:1:39: mcpServers.x.args: expected an array of strings"_s;
    QTest::newRow("arg not a string")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "args": ["-y", null]}}})")
        << u"servers.json:1:54: mcpServers.x.args[1]: expected a string"_s;
    QTest::newRow("env not an object")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "env": ["A=1"]}}})")
        << u"servers.json:1:39: mcpServers.x.env: expected an object of strings"_s;
    QTest::newRow("env value not a string")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "env": {"A": {"b": 1}}}}})")
        << u"servers.json:1:47: mcpServers.x.env.A: expected a string"_s;
    QTest::newRow("env name with =")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "env": {"A=B": "1"}}}})")
        << u"servers.json:1:47: mcpServers.x.env.A=B: \"A=B\" is not a valid environment variable name"_s;
    QTest::newRow("cwd not a string")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "cwd": false}}})")
        << u"servers.json:1:39: mcpServers.x.cwd: expected a string"_s;
    QTest::newRow("headers not an object")
        << QByteArray(R"({"mcpServers": {"x": {"url": "https://h", "headers": "a"}}})")
        << u"servers.json:1:43: mcpServers.x.headers: expected an object of strings"_s;
    QTest::newRow("header value not a string")
        << QByteArray(R"({"mcpServers": {"x": {"url": "https://h", "headers": {"A": true}}}})")
        << u"servers.json:1:55: mcpServers.x.headers.A: expected a string"_s;
    QTest::newRow("header name with a space")
        << QByteArray(R"({"mcpServers": {"x": {"url": "https://h", "headers": {"X Key": "1"}}}})")
        << u"servers.json:1:55: mcpServers.x.headers.X Key: \"X Key\" is not a valid HTTP header name"_s;
    QTest::newRow("header value with a line break")
        << QByteArray(R"({"mcpServers": {"x": {"url": "https://h", "headers": {"A": "1\r\nB: 2"}}}})")
        << u"servers.json:1:55: mcpServers.x.headers.A: a header value must not contain line breaks or NUL"_s;
    QTest::newRow("header line break from the environment")
        << QByteArray(R"({"mcpServers": {"x": {"url": "https://h", "headers": {"A": "${MULTILINE}"}}}})")
        << u"servers.json:1:55: mcpServers.x.headers.A: a header value must not contain line breaks or NUL"_s;
    QTest::newRow("disabled not a bool")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "disabled": "yes"}}})")
        << u"servers.json:1:39: mcpServers.x.disabled: expected true or false"_s;
    QTest::newRow("empty server name")
        << QByteArray(R"({"mcpServers": {"": {"command": "a"}}})")
        << u"servers.json:1:17: mcpServers.\"\": a server name must not be empty"_s;
    QTest::newRow("server name too long")
        << (R"({"mcpServers": {")" + QByteArray(129, 'n') + R"(": {"command": "a"}}})")
        << u"servers.json:1:17: mcpServers."_s + QString(129, u'n')
            + u": a server name must be at most 128 characters"_s;
    QTest::newRow("server name with a control character")
        << QByteArray(R"({"mcpServers": {"a\u0007b": {"command": "a"}}})")
        << u"servers.json:1:17: mcpServers.a\\u0007b: a server name must not contain control characters"_s;
    QTest::newRow("same name in mcpServers and servers")
        << QByteArray("{\"mcpServers\": {\"x\": {\"command\": \"a\"}},\n \"servers\": {\"x\": {\"command\": "
                      "\"b\"}}}")
        << u"servers.json:2:14: servers.x: server \"x\" is also defined at mcpServers.x; names must be unique"_s;
    QTest::newRow("servers not an object")
        << QByteArray(R"({"servers": "x"})")
        << u"servers.json:1:2: servers: expected an object mapping server names to their settings"_s;

    // Lifeline settings.
    const QByteArray one = R"({"mcpServers": {"x": {"command": "a"}}, "lifeline": )";
    QTest::newRow("lifeline not an object")
        << one + "[]}" << u"servers.json:1:41: lifeline: expected an object"_s;
    QTest::newRow("defaults not an object")
        << one + R"({"defaults": 5}})" << u"servers.json:1:54: lifeline.defaults: expected an object"_s;
    QTest::newRow("interval not a duration")
        << one + R"({"defaults": {"interval": "5 parsecs"}}})"
        << u"servers.json:1:67: lifeline.defaults.interval: \"5 parsecs\" is not a duration (use e.g. \"250ms\", \"30s\", \"5m\")"_s;
    QTest::newRow("interval too short")
        << one + R"({"defaults": {"interval": "50ms"}}})"
        << u"servers.json:1:67: lifeline.defaults.interval: \"50ms\" is too short; the minimum is 100ms"_s;
    QTest::newRow("interval number too short")
        << one + R"({"defaults": {"interval": 99}}})"
        << u"servers.json:1:67: lifeline.defaults.interval: 99 is too short; the minimum is 100ms"_s;
    QTest::newRow("interval too long")
        << one + R"({"defaults": {"interval": "25h"}}})"
        << u"servers.json:1:67: lifeline.defaults.interval: \"25h\" is too long; the maximum is 24h"_s;
    QTest::newRow("timeout too short")
        << one + R"({"defaults": {"timeout": "5ms"}}})"
        << u"servers.json:1:67: lifeline.defaults.timeout: \"5ms\" is too short; the minimum is 10ms"_s;
    QTest::newRow("negative timeout")
        << one + R"({"defaults": {"timeout": -1}}})"
        << u"servers.json:1:67: lifeline.defaults.timeout: -1 is negative; a duration must be 0 or more"_s;
    QTest::newRow("failureThreshold zero")
        << one + R"({"defaults": {"failureThreshold": 0}}})"
        << u"servers.json:1:67: lifeline.defaults.failureThreshold: expected a whole number from 1 to 10000, got 0"_s;
    QTest::newRow("failureThreshold fraction")
        << one + R"({"defaults": {"failureThreshold": 1.5}}})"
        << u"servers.json:1:67: lifeline.defaults.failureThreshold: expected a whole number from 1 to 10000, got 1.5"_s;
    QTest::newRow("successThreshold as a string")
        << one + R"({"defaults": {"successThreshold": "2"}}})"
        << u"servers.json:1:67: lifeline.defaults.successThreshold: expected a whole number from 1 to 10000, got \"2\""_s;
    QTest::newRow("error rate above 1")
        << one + R"({"defaults": {"errorRateCritical": 1.5}}})"
        << u"servers.json:1:67: lifeline.defaults.errorRateCritical: expected a number from 0 to 1, got 1.5"_s;
    QTest::newRow("negative error rate")
        << one + R"({"defaults": {"errorRateWarning": -0.1}}})"
        << u"servers.json:1:67: lifeline.defaults.errorRateWarning: expected a number from 0 to 1, got -0.1"_s;
    QTest::newRow("latency warning above critical")
        << one + R"({"defaults": {"latencyWarning": "6s"}}})"
        << u"servers.json:1:67: lifeline.defaults.latencyWarning: latencyWarning (6s) must not be above latencyCritical (5s)"_s;
    QTest::newRow("error rate warning above critical")
        << one + R"({"defaults": {"errorRateCritical": 0.01}}})"
        << u"servers.json:1:67: lifeline.defaults.errorRateCritical: errorRateWarning (0.05) must not be above errorRateCritical (0.01)"_s;
    QTest::newRow("unknown depth")
        << one + R"({"defaults": {"depth": "deep"}}})"
        << u"servers.json:1:67: lifeline.defaults.depth: unknown depth \"deep\" (use \"basic\" or \"comprehensive\")"_s;
    QTest::newRow("probe without tool")
        << one + R"({"defaults": {"probe": {"expect": "ok"}}}})"
        << u"servers.json:1:67: lifeline.defaults.probe: a probe needs \"tool\": the name of the tool to call"_s;
    QTest::newRow("probe arguments not an object")
        << one + R"({"defaults": {"probe": {"tool": "t", "arguments": [1]}}}})"
        << u"servers.json:1:90: lifeline.defaults.probe.arguments: expected an object"_s;
    QTest::newRow("probe not an object")
        << one + R"({"defaults": {"probe": "echo"}}})"
        << u"servers.json:1:67: lifeline.defaults.probe: expected an object like {\"tool\": \"…\", \"arguments\": {…}, \"expect\": \"…\"}"_s;
    QTest::newRow("restart not an object")
        << one + R"({"defaults": {"restart": true}}})"
        << u"servers.json:1:67: lifeline.defaults.restart: expected an object like {\"policy\": \"on-failure\", \"backoff\": [\"1s\", \"5s\", \"30s\"]}"_s;
    QTest::newRow("failover member unknown")
        << one + R"({"failover": {"g": {"primary": "x", "fallbacks": ["nope"]}}}})"
        << u"servers.json:1:103: lifeline.failover.g.fallbacks[0]: no server named \"nope\" in mcpServers or servers"_s;
    QTest::newRow("failover member twice")
        << one + R"({"failover": {"g": {"primary": "x", "fallbacks": ["x"]}}}})"
        << u"servers.json:1:103: lifeline.failover.g.fallbacks[0]: server \"x\" is already in group \"g\"; a server belongs to one group"_s;
    QTest::newRow("failover strategy unknown")
        << one + R"({"failover": {"g": {"primary": "x", "strategy": "pray"}}}})"
        << u"servers.json:1:89: lifeline.failover.g.strategy: expected \"alternative_server\", \"graceful_degradation\" or \"manual\", got \"pray\""_s;
    QTest::newRow("restart policy unknown")
        << one + R"({"defaults": {"restart": {"policy": "sometimes"}}}})"
        << u"servers.json:1:79: lifeline.defaults.restart.policy: expected \"on-failure\", \"always\" or \"never\", got \"sometimes\""_s;
    QTest::newRow("history retention not a duration")
        << one + R"({"history": {"retention": {"samples": "two days"}}}})"
        << u"servers.json:1:80: lifeline.history.retention.samples: \"two days\" is not a duration (use e.g. \"250ms\", \"30s\", \"5m\") (or \"forever\")"_s;
    QTest::newRow("history retention too short")
        << one + R"({"history": {"retention": {"minutes": "10m"}}}})"
        << u"servers.json:1:80: lifeline.history.retention.minutes: \"10m\" is too short; keep history at least 1h"_s;
    QTest::newRow("history batch rows")
        << one + R"({"history": {"batchRows": 0}}})"
        << u"servers.json:1:66: lifeline.history.batchRows: expected a whole number from 1 to 1000000"_s;
    QTest::newRow("listen not an address")
        << one + R"({"listen": "example.org:80"}})"
        << u"servers.json:1:54: lifeline.listen: 'example.org': expected an IP address, localhost or *"_s;
    QTest::newRow("listen not a string")
        << one + R"({"listen": 7733}})"
        << u"servers.json:1:54: lifeline.listen: expected \"HOST:PORT\" or \"off\""_s;
    QTest::newRow("restart backoff step")
        << one + R"({"defaults": {"restart": {"backoff": ["1s", "soon"]}}}})"
        << u"servers.json:1:97: lifeline.defaults.restart.backoff[1]: \"soon\" is not a duration (use e.g. \"250ms\", \"30s\", \"5m\")"_s;
    QTest::newRow("circuit minimum above window")
        << one + R"({"defaults": {"restart": {"circuit": {"minimumCalls": 20}}}}})"
        << u"servers.json:1:91: lifeline.defaults.restart.circuit.minimumCalls: minimumCalls (20) cannot be above windowSize (10)"_s;
    QTest::newRow("lifeline.servers not an object")
        << one + R"({"servers": []}})"
        << u"servers.json:1:54: lifeline.servers: expected an object mapping server names to settings"_s;
    QTest::newRow("override not an object") << one + R"({"servers": {"x": 1}}})"
                                            << u"servers.json:1:66: lifeline.servers.x: expected an object"_s;
    QTest::newRow("override value")
        << one + R"({"servers": {"x": {"interval": "fast"}}}})"
        << u"servers.json:1:72: lifeline.servers.x.interval: \"fast\" is not a duration (use e.g. \"250ms\", \"30s\", \"5m\")"_s;
    QTest::newRow("override breaks the latency order of the defaults")
        << one + R"({"defaults": {"latencyCritical": "2s"}, "servers": {"x": {"latencyWarning": "3s"}}}})"
        << u"servers.json:1:111: lifeline.servers.x.latencyWarning: latencyWarning (3s) must not be above latencyCritical (2s)"_s;
}

void TestConfig::reportsErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const ConfigLoader::Result r = parse(json);
    QVERIFY(!r.ok());
    QVERIFY(!r.config.has_value());
    QCOMPARE(messages(r.errors), QStringList {error});
}

void TestConfig::reportsErrorLocationFromFile()
{
    const QString path = dataPath(u"bad-command.json"_s);
    const ConfigLoader::Result r = ConfigLoader::loadFile(path, testEnvironment());
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1);
    const ConfigIssue &e = r.errors.first();
    QCOMPARE(e.file, path);
    QCOMPARE(e.line, 7);
    QCOMPARE(e.column, 9);
    QCOMPARE(e.keyPath, u"mcpServers.x.command"_s);
    QCOMPARE(e.message, u"expected a string"_s);
    QCOMPARE(e.toString(), path + u":7:9: mcpServers.x.command: expected a string"_s);
}

void TestConfig::collectsAllErrors()
{
    const ConfigLoader::Result r = parse(R"({
  "mcpServers": {
    "a": {"command": 1},
    "b": {"url": "gopher://h"},
    "c": {"command": "ok"}
  },
  "lifeline": {"defaults": {"interval": "never", "timeout": "1ms"}}
})");
    QVERIFY(!r.ok());
    QCOMPARE(messages(r.errors),
        (QStringList {
            u"servers.json:3:11: mcpServers.a.command: expected a string"_s,
            u"servers.json:4:11: mcpServers.b.url: \"gopher://h\" is not an http or https URL"_s,
            u"servers.json:7:29: lifeline.defaults.interval: \"never\" is not a duration (use e.g. \"250ms\", \"30s\", \"5m\")"_s,
            u"servers.json:7:50: lifeline.defaults.timeout: \"1ms\" is too short; the minimum is 10ms"_s,
        }));
}

void TestConfig::capsTheNumberOfErrors()
{
    QByteArray json = R"({"mcpServers": {"x": {"command": "a", "args": [)";
    for (int i = 0; i < 500; ++i)
        json += i ? ", null" : "null";
    json += "]}}}";
    const ConfigLoader::Result r = parse(json);
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 101);
    QCOMPARE(r.errors.first().toString(), u"servers.json:1:48: mcpServers.x.args[0]: expected a string"_s);
    QCOMPARE(r.errors.last().toString(), u"servers.json: too many errors; only the first 100 are shown"_s);
}

void TestConfig::reportsWarnings_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("warnings");

    QTest::newRow("unset variable in a header")
        << QByteArray(R"({"mcpServers": {
  "gh": {
    "url": "https://api.githubcopilot.com/mcp/",
    "headers": {
      "Authorization": "Bearer ${NO_SUCH_TOKEN}"
    }
  }
}})")
        << QStringList {
               u"servers.json:5:7: mcpServers.gh.headers.Authorization: environment variable NO_SUCH_TOKEN is not set"_s};
    QTest::newRow("unset variables in command, args, env, cwd, url")
        << QByteArray(
               R"({"mcpServers": {"a": {"command": "run${A1}", "args": ["${A2}"], "env": {"K": "${A3}"}, "cwd": "${A4}"},
 "b": {"url": "https://h/${A5}"}}})")
        << QStringList {u"servers.json:1:23: mcpServers.a.command: environment variable A1 is not set"_s,
               u"servers.json:1:55: mcpServers.a.args[0]: environment variable A2 is not set"_s,
               u"servers.json:1:73: mcpServers.a.env.K: environment variable A3 is not set"_s,
               u"servers.json:1:88: mcpServers.a.cwd: environment variable A4 is not set"_s,
               u"servers.json:2:8: mcpServers.b.url: environment variable A5 is not set"_s};
    QTest::newRow("unknown key in a server")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "autoApprove": []}}})")
        << QStringList {u"servers.json:1:39: mcpServers.x.autoApprove: unknown key (ignored)"_s};
    QTest::newRow("unknown keys in lifeline")
        << QByteArray(
               R"({"mcpServers": {"x": {"command": "a"}}, "lifeline": {"default": {}, "defaults": {"intervall": "5s", "probe": {"tool": "t", "expected": "x"}}, "servers": {"x": {"retries": 2}}}})")
        << QStringList {u"servers.json:1:54: lifeline.default: unknown key (ignored)"_s,
               u"servers.json:1:82: lifeline.defaults.intervall: unknown key (ignored)"_s,
               u"servers.json:1:124: lifeline.defaults.probe.expected: unknown key (ignored)"_s,
               u"servers.json:1:161: lifeline.servers.x.retries: unknown key (ignored)"_s};
    QTest::newRow("override for a missing server")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a"}}, "lifeline": {"servers": {"y": {}}}})")
        << QStringList {
               u"servers.json:1:66: lifeline.servers.y: no server named \"y\" in mcpServers or servers"_s};
    QTest::newRow("duplicate key")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "command": "b"}}})")
        << QStringList {u"servers.json:1:39: mcpServers.x.command: duplicate key; the last one is used"_s};
    QTest::newRow("VS Code input is left as written")
        << QByteArray(R"({"servers": {"x": {"url": "https://h", "headers": {"K": "${input:api-key}"}}}})")
        << QStringList {
               u"servers.json:1:52: servers.x.headers.K: \"${input:api-key}\" is not an environment variable reference; left as written"_s};
    QTest::newRow("unterminated ${")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "args": ["${HOME"]}}})")
        << QStringList {u"servers.json:1:48: mcpServers.x.args[0]: unterminated \"${\"; left as written"_s};
    QTest::newRow("stdio keys on a remote server")
        << QByteArray(R"({"mcpServers": {"x": {"url": "https://h", "args": ["-y"]}}})")
        << QStringList {
               u"servers.json:1:43: mcpServers.x.args: ignored: only local (command) servers use it"_s};
    QTest::newRow("headers on a local server")
        << QByteArray(R"({"mcpServers": {"x": {"command": "a", "headers": {}}}})")
        << QStringList {
               u"servers.json:1:39: mcpServers.x.headers: ignored: only remote (url) servers use it"_s};
    QTest::newRow("top-level keys of other tools are fine")
        << QByteArray(R"({"inputs": [], "numStartups": 3, "mcpServers": {"x": {"command": "a"}}})")
        << QStringList {};
}

void TestConfig::reportsWarnings()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, warnings);
    const ConfigLoader::Result r = parse(json);
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    QCOMPARE(messages(r.config->warnings), warnings);
}

void TestConfig::refusesBinaryGarbage()
{
    QRandomGenerator random(20240611);
    for (int round = 0; round < 200; ++round) {
        QByteArray bytes(int(random.bounded(1, 512)), Qt::Uninitialized);
        for (char &b : bytes)
            b = char(random.bounded(256));
        const ConfigLoader::Result r = parse(bytes);
        QVERIFY(!r.ok());
        QVERIFY(!r.errors.isEmpty());
        QVERIFY2(r.errors.first().toString().startsWith(u"servers.json"_s),
            qPrintable(r.errors.first().toString()));
    }
    const ConfigLoader::Result png = parse(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    QCOMPARE(messages(png.errors),
        QStringList {u"servers.json:1:1: expected a JSON object ({ … }) at the top level"_s});
    const ConfigLoader::Result nul = parse(QByteArray("{\"mcpServers\": {}}\0", 19));
    QCOMPARE(messages(nul.errors),
        QStringList {u"servers.json:1:19: unexpected text after the end of the JSON document"_s});
}

void TestConfig::refusesFilesOver16MiB()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"big.json"_s);
    QByteArray big = R"({"mcpServers": {}, "pad": ")";
    big += QByteArray(17 * 1024 * 1024, 'x');
    big += "\"}";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(big), big.size());
    }
    const ConfigLoader::Result r = ConfigLoader::loadFile(path, testEnvironment());
    QVERIFY(!r.ok());
    QCOMPARE(
        messages(r.errors), QStringList {path + u": the file is larger than 16 MiB; refusing to read it"_s});

    const ConfigLoader::Result inMemory = parse(big);
    QCOMPARE(messages(inMemory.errors),
        QStringList {u"servers.json: the input is larger than 16 MiB; refusing to parse it"_s});
}

void TestConfig::reportsMissingFileWithOsReason()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"missing.json"_s);
    const ConfigLoader::Result r = ConfigLoader::loadFile(path, testEnvironment());
    QVERIFY(!r.ok());
    QCOMPARE(messages(r.errors), QStringList {path + u": cannot open: No such file or directory"_s});

    const ConfigLoader::Result directory = ConfigLoader::loadFile(dir.path(), testEnvironment());
    QVERIFY(!directory.ok());
    QCOMPARE(directory.errors.size(), 1);
    QVERIFY(directory.errors.first().toString().startsWith(dir.path() + u": cannot open: "_s));
}

void TestConfig::loadFileKeepsPathAsGiven()
{
    // A relative path stays relative in messages: it is what the user typed.
    QTemporaryDir dir;
    QVERIFY(QFile::copy(dataPath(u"bad-command.json"_s), dir.filePath(u"servers.json"_s)));
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    const ConfigLoader::Result r = ConfigLoader::loadFile(u"./servers.json"_s, testEnvironment());
    QDir::setCurrent(previous);
    QCOMPARE(
        messages(r.errors), QStringList {u"./servers.json:7:9: mcpServers.x.command: expected a string"_s});
}

void TestConfig::parseSettingsReportsKeyPath()
{
    QList<ConfigIssue> errors;
    QList<ConfigIssue> warnings;
    MonitorSettings base;
    base.timeoutMs = 1234;
    const QJsonObject object {{u"interval"_s, u"2m"_s}, {u"timeout"_s, u"1ms"_s}, {u"colour"_s, u"red"_s}};
    const MonitorSettings s
        = ConfigLoader::parseSettings(object, base, u"lifeline.servers.x"_s, errors, warnings, u"cli"_s);
    QCOMPARE(s.intervalMs, 120000);
    QCOMPARE(s.timeoutMs, 1234); // the bad value leaves the base in place
    QCOMPARE(messages(errors),
        QStringList {u"cli: lifeline.servers.x.timeout: \"1ms\" is too short; the minimum is 10ms"_s});
    QCOMPARE(messages(warnings), QStringList {u"cli: lifeline.servers.x.colour: unknown key (ignored)"_s});
}

void TestConfig::defaultConfigPathIsUnderGenericConfig()
{
    QCOMPARE(ConfigLoader::defaultConfigPath(),
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
            + u"/mcp-lifeline/servers.json"_s);
}

void TestConfig::namesTransportsAndDepths()
{
    QCOMPARE(transportKindName(TransportKind::Stdio), u"stdio"_s);
    QCOMPARE(transportKindName(TransportKind::StreamableHttp), u"http"_s);
    QCOMPARE(transportKindName(TransportKind::Sse), u"sse"_s);
    QCOMPARE(transportKindName(TransportKind::AutoHttp), u"auto"_s);
    QCOMPARE(probeDepthName(ProbeDepth::Basic), u"basic"_s);
    QCOMPARE(probeDepthName(ProbeDepth::Comprehensive), u"comprehensive"_s);
}

void TestConfig::formatsIssues_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("keyPath");
    QTest::addColumn<QString>("text");

    QTest::newRow("syntax") << u"servers.json"_s << 3 << 41 << QString() << u"servers.json:3:41: m"_s;
    QTest::newRow("key path") << u"servers.json"_s << 0 << 0 << u"mcpServers.x.command"_s
                              << u"servers.json: mcpServers.x.command: m"_s;
    QTest::newRow("both") << u"servers.json"_s << 7 << 9 << u"mcpServers.x.command"_s
                          << u"servers.json:7:9: mcpServers.x.command: m"_s;
    QTest::newRow("no file") << QString() << 2 << 5 << u"a.b"_s << u"2:5: a.b: m"_s;
    QTest::newRow("nothing but a message") << QString() << 0 << 0 << QString() << u"m"_s;
}

void TestConfig::formatsIssues()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, keyPath);
    QFETCH(QString, text);
    QCOMPARE((ConfigIssue {file, line, column, keyPath, u"m"_s}.toString()), text);
}

QTEST_APPLESS_MAIN(TestConfig)
#include "tst_config.moc"
