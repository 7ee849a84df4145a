#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "alerts/alertdispatcher.h"
#include "alerts/webhookchannel.h"
#include "config/configloader.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

// Declared first: moc reads no further than it must (it stumbles over the raw strings below).
class TestAlertDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void routesBySeverity_data();
    void routesBySeverity();
    void oneTrayBubbleForSeveralTrayEntries();
    void defaultsAreTrayAndDesktopForWarningAndCritical();
    void emptyChannelListSendsNothing();
    void parsesChannelSettings();
    void expandsVariablesInSecrets();
    void keepsUnchangedChannelsOnReload();
    void retryDelayDoublesUpToTheCap();
    void fullQueueDropsOldestAndCounts();
    void buildsJsonAndSlackBodies();
    void loaderReportsChannelErrors_data();
    void loaderReportsChannelErrors();
    void loaderWarnsAboutUnknownChannelKeys();
    void loaderAcceptsValidChannels();
};

namespace {

Alert makeAlert(const QString &id, AlertSeverity severity, AlertState state = AlertState::Firing)
{
    Alert a;
    a.id = id;
    a.server = u"search"_s;
    a.rule = u"latency"_s;
    a.severity = severity;
    a.state = state;
    a.message = u"latency 5200 ms above 5000 ms"_s;
    a.firedAt = QDateTime(QDate(2026, 11, 22), QTime(1, 2, 3), Qt::UTC);
    if (state == AlertState::Resolved)
        a.resolvedAt = a.firedAt.addSecs(60);
    return a;
}

// A config file with these channels, read by the loader (which parses and expands them once).
Config configWithChannels(const QJsonValue &channels, const QProcessEnvironment &env = QProcessEnvironment())
{
    QJsonObject alerts;
    if (!channels.isUndefined())
        alerts.insert(u"channels"_s, channels);
    const QJsonObject file {
        {u"mcpServers"_s, QJsonObject {}}, {u"lifeline"_s, QJsonObject {{u"alerts"_s, alerts}}}};
    const ConfigLoader::Result r = ConfigLoader::parse(QJsonDocument(file).toJson(), u"servers.json"_s, env);
    if (!r.ok())
        qFatal("config refused: %s", qPrintable(r.errors.first().toString()));
    return *r.config;
}

QJsonArray parseArray(const char *json)
{
    return QJsonDocument::fromJson(json).array();
}

QStringList messages(const QList<ConfigIssue> &issues)
{
    QStringList out;
    for (const ConfigIssue &issue : issues)
        out.append(issue.toString());
    return out;
}

QByteArray fileWithChannels(const QByteArray &channels)
{
    return "{\"mcpServers\": {\"a\": {\"command\": \"x\"}},\n \"lifeline\": {\"alerts\": {\"channels\": [\n"
        + channels + "\n]}}}\n";
}

// The channels of the routing table: each takes other severities.
const char *const kRoutingChannels = R"([
    {"type": "tray", "name": "tray-critical", "severities": ["critical"]},
    {"type": "webhook", "name": "hook", "minSeverity": "warning", "url": "http://127.0.0.1:9/x"},
    {"type": "command", "name": "info-only", "severities": ["info"], "command": "true", "resolved": false},
    {"type": "desktop", "name": "all-firing", "minSeverity": "info", "resolved": false}
])";

} // namespace

void TestAlertDispatcher::routesBySeverity_data()
{
    QTest::addColumn<int>("severity");
    QTest::addColumn<bool>("resolved");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("tray");

    QTest::newRow("critical firing") << int(AlertSeverity::Critical) << false
                                     << QStringList {u"tray-critical"_s, u"hook"_s, u"all-firing"_s} << true;
    QTest::newRow("warning firing") << int(AlertSeverity::Warning) << false
                                    << QStringList {u"hook"_s, u"all-firing"_s} << false;
    QTest::newRow("info firing") << int(AlertSeverity::Info) << false
                                 << QStringList {u"info-only"_s, u"all-firing"_s} << false;
    QTest::newRow("critical resolved")
        << int(AlertSeverity::Critical) << true << QStringList {u"tray-critical"_s, u"hook"_s} << true;
    QTest::newRow("info resolved") << int(AlertSeverity::Info) << true << QStringList {} << false;
}

void TestAlertDispatcher::routesBySeverity()
{
    QFETCH(int, severity);
    QFETCH(bool, resolved);
    QFETCH(QStringList, expected);
    QFETCH(bool, tray);

    AlertDispatcher d;
    d.applyConfig(configWithChannels(parseArray(kRoutingChannels)));
    QCOMPARE(d.channels().size(), 4);
    QSignalSpy routed(&d, &AlertDispatcher::alertRouted);
    QSignalSpy trayRequests(&d, &AlertDispatcher::trayNotificationRequested);
    const Alert a
        = makeAlert(u"a1"_s, AlertSeverity(severity), resolved ? AlertState::Resolved : AlertState::Firing);
    d.dispatch(a);
    QCOMPARE(routed.size(), 1);
    QCOMPARE(routed.first().at(1).toStringList(), expected);
    QCOMPARE(trayRequests.size(), tray ? 1 : 0);
    if (tray)
        QCOMPARE(trayRequests.first().first().value<Alert>().id, u"a1"_s);
    // Queued, nothing sent yet: dispatch() returns before any delivery starts.
    for (const ChannelStatus &s : d.channelStatuses())
        QCOMPARE(s.queued, s.type != ChannelType::Tray && expected.contains(s.name) ? 1 : 0);
}

void TestAlertDispatcher::oneTrayBubbleForSeveralTrayEntries()
{
    AlertDispatcher d;
    d.applyConfig(
        configWithChannels(parseArray(R"([{"type": "tray"}, {"type": "tray", "minSeverity": "info"}])")));
    QCOMPARE(d.channels().at(0).name, u"tray"_s);
    QCOMPARE(d.channels().at(1).name, u"tray-2"_s);
    QSignalSpy trayRequests(&d, &AlertDispatcher::trayNotificationRequested);
    d.dispatch(makeAlert(u"a"_s, AlertSeverity::Critical));
    QCOMPARE(trayRequests.size(), 1);
    d.dispatch(makeAlert(u"b"_s, AlertSeverity::Info));
    QCOMPARE(trayRequests.size(), 2);
}

void TestAlertDispatcher::defaultsAreTrayAndDesktopForWarningAndCritical()
{
    const QList<AlertSeverity> warnAndCrit {AlertSeverity::Warning, AlertSeverity::Critical};
    for (const Config &config : {Config {}, configWithChannels(QJsonValue::Undefined)}) {
        const QList<ChannelSettings> channels = config.channels;
        QCOMPARE(channels.size(), 2);
        QCOMPARE(channels.at(0).type, ChannelType::Tray);
        QCOMPARE(channels.at(1).type, ChannelType::Desktop);
        for (const ChannelSettings &c : channels)
            QCOMPARE(c.severities, warnAndCrit);
    }
    AlertDispatcher d; // before any config: the defaults
    QCOMPARE(d.channels(), defaultChannelSettings());
    QSignalSpy trayRequests(&d, &AlertDispatcher::trayNotificationRequested);
    d.dispatch(makeAlert(u"i"_s, AlertSeverity::Info));
    QCOMPARE(trayRequests.size(), 0);
    d.dispatch(makeAlert(u"w"_s, AlertSeverity::Warning));
    QCOMPARE(trayRequests.size(), 1);
}

void TestAlertDispatcher::emptyChannelListSendsNothing()
{
    AlertDispatcher d;
    d.applyConfig(configWithChannels(QJsonArray {}));
    QVERIFY(d.channels().isEmpty());
    QSignalSpy routed(&d, &AlertDispatcher::alertRouted);
    QSignalSpy trayRequests(&d, &AlertDispatcher::trayNotificationRequested);
    d.dispatch(makeAlert(u"c"_s, AlertSeverity::Critical));
    QCOMPARE(routed.first().at(1).toStringList(), QStringList {});
    QCOMPARE(trayRequests.size(), 0);
}

void TestAlertDispatcher::parsesChannelSettings()
{
    const QList<ChannelSettings> channels = configWithChannels(parseArray(R"([
        {"type": "webhook", "name": "slack", "url": "https://hooks.example.com/services/T/B/x", "format": "slack",
         "headers": {"X-Team": "ops"}, "severities": ["critical", "warning", "critical"], "timeout": "5s",
         "retry": {"attempts": 3, "delay": "250ms", "maxDelay": "2s"}, "queue": 10, "resolved": false},
        {"type": "command", "command": "/usr/local/bin/page", "args": ["--team", "ops"], "timeout": "30s"},
        {"type": "webhook", "url": "http://127.0.0.1:8080/hook"}
    ])"))
                                                .channels;
    QCOMPARE(channels.size(), 3);

    const ChannelSettings &slack = channels.at(0);
    QCOMPARE(slack.type, ChannelType::Webhook);
    QCOMPARE(slack.name, u"slack"_s);
    QCOMPARE(slack.url, QUrl(u"https://hooks.example.com/services/T/B/x"_s));
    QCOMPARE(slack.format, WebhookFormat::Slack);
    QCOMPARE(slack.headers, (KeyValueList {{u"X-Team"_s, u"ops"_s}}));
    QCOMPARE(slack.severities, (QList<AlertSeverity> {AlertSeverity::Critical, AlertSeverity::Warning}));
    QCOMPARE(slack.timeoutMs, 5000);
    QCOMPARE(slack.attempts, 3);
    QCOMPARE(slack.retryDelayMs, 250);
    QCOMPARE(slack.retryMaxDelayMs, 2000);
    QCOMPARE(slack.queueLimit, 10);
    QVERIFY(!slack.resolved);

    const ChannelSettings &command = channels.at(1);
    QCOMPARE(command.type, ChannelType::Command);
    QCOMPARE(command.name, u"command"_s);
    QCOMPARE(command.command, u"/usr/local/bin/page"_s);
    QCOMPARE(command.args, (QStringList {u"--team"_s, u"ops"_s}));
    QCOMPARE(command.timeoutMs, 30000);
    QVERIFY(command.resolved);
    QCOMPARE(command.format, WebhookFormat::Json);

    // Unnamed: the type, numbered from the second of a type on.
    QCOMPARE(channels.at(2).name, u"webhook-2"_s);
    QCOMPARE(channels.at(2).format, WebhookFormat::Json);
}

void TestAlertDispatcher::expandsVariablesInSecrets()
{
    QProcessEnvironment env;
    env.insert(u"HOOK_TOKEN"_s, u"s3cret"_s);
    env.insert(u"HOOK_HOST"_s, u"hooks.example.com"_s);
    const Config config = configWithChannels(parseArray(R"([
        {"type": "webhook", "url": "https://${HOOK_HOST}/x", "headers": {"Authorization": "Bearer ${HOOK_TOKEN}"}},
        {"type": "command", "command": "${HOME:-/home/x}/bin/hook", "args": ["${HOOK_TOKEN}"]}
    ])"),
        env);
    AlertDispatcher d;
    d.applyConfig(config);
    QCOMPARE(d.channels().at(0).url, QUrl(u"https://hooks.example.com/x"_s));
    QCOMPARE(d.channels().at(0).headers, (KeyValueList {{u"Authorization"_s, u"Bearer s3cret"_s}}));
    QCOMPARE(d.channels().at(1).command, u"/home/x/bin/hook"_s);
    QCOMPARE(d.channels().at(1).args, QStringList {u"s3cret"_s});
}

void TestAlertDispatcher::keepsUnchangedChannelsOnReload()
{
    AlertDispatcher d;
    const QJsonArray two = parseArray(R"([
        {"type": "command", "name": "a", "command": "true"},
        {"type": "command", "name": "b", "command": "true"}
    ])");
    d.applyConfig(configWithChannels(two));
    d.dispatch(makeAlert(u"x"_s, AlertSeverity::Critical)); // queued in both (no event loop runs)
    QJsonArray changed = two;
    QJsonObject b = changed.at(1).toObject();
    b.insert(u"command"_s, u"false"_s);
    changed.replace(1, b);
    d.applyConfig(configWithChannels(changed));
    const QList<ChannelStatus> s = d.channelStatuses();
    QCOMPARE(s.at(0).queued, 1); // unchanged: kept, with its queue
    QCOMPARE(s.at(1).queued, 0); // changed: a new channel
    QCOMPARE(d.channels().at(1).command, u"false"_s);
}

void TestAlertDispatcher::retryDelayDoublesUpToTheCap()
{
    ChannelSettings c;
    c.retryDelayMs = 1000;
    c.retryMaxDelayMs = 10000;
    QCOMPARE(c.retryDelay(1), 1000);
    QCOMPARE(c.retryDelay(2), 2000);
    QCOMPARE(c.retryDelay(3), 4000);
    QCOMPARE(c.retryDelay(4), 8000);
    QCOMPARE(c.retryDelay(5), 10000);
    QCOMPARE(c.retryDelay(100), 10000);
}

void TestAlertDispatcher::fullQueueDropsOldestAndCounts()
{
    AlertDispatcher d;
    d.applyConfig(configWithChannels(
        parseArray(R"([{"type": "command", "name": "c", "command": "true", "queue": 2}])")));
    QSignalSpy undelivered(&d, &AlertDispatcher::alertUndelivered);
    for (int i = 1; i <= 5; ++i)
        d.dispatch(makeAlert(QString::number(i), AlertSeverity::Critical));
    const ChannelStatus s = d.channelStatuses().first();
    QCOMPARE(s.queued, 2);
    QCOMPARE(s.dropped, 3);
    QCOMPARE(undelivered.size(), 3);
    QStringList dropped;
    for (const QList<QVariant> &args : undelivered) {
        QCOMPARE(args.at(0).toString(), u"c"_s);
        dropped.append(args.at(1).toString());
    }
    QCOMPARE(dropped, (QStringList {u"1"_s, u"2"_s, u"3"_s}));
}

void TestAlertDispatcher::buildsJsonAndSlackBodies()
{
    ChannelSettings json;
    const Alert a = makeAlert(u"al-7"_s, AlertSeverity::Critical);
    const QJsonObject body = QJsonDocument::fromJson(WebhookChannel::payload(json, a)).object();
    QCOMPARE(body.value(u"id"_s).toString(), u"al-7"_s);
    QCOMPARE(body.value(u"severity"_s).toString(), u"critical"_s);
    QCOMPARE(body.value(u"state"_s).toString(), u"firing"_s);
    QCOMPARE(body.value(u"server"_s).toString(), u"search"_s);
    QCOMPARE(body.value(u"source"_s).toString(), u"mcp-lifeline"_s);
    QVERIFY(body.contains(u"host"_s));
    // Every key of the alert's own JSON is there, unchanged.
    const QJsonObject own = a.toJson();
    for (auto it = own.begin(); it != own.end(); ++it)
        QCOMPARE(body.value(it.key()), it.value());

    ChannelSettings slack;
    slack.format = WebhookFormat::Slack;
    const QJsonObject s = QJsonDocument::fromJson(WebhookChannel::payload(slack, a)).object();
    QCOMPARE(s.keys(), QStringList {u"text"_s});
    const QString text = s.value(u"text"_s).toString();
    QVERIFY2(text.contains(u"CRITICAL"_s) && text.contains(u"search"_s) && text.contains(a.message),
        qPrintable(text));
    const QString resolved = QJsonDocument::fromJson(
        WebhookChannel::payload(slack, makeAlert(u"al-7"_s, AlertSeverity::Critical, AlertState::Resolved)))
                                 .object()
                                 .value(u"text"_s)
                                 .toString();
    QVERIFY2(resolved.contains(u"Resolved"_s), qPrintable(resolved));
}

void TestAlertDispatcher::loaderReportsChannelErrors_data()
{
    QTest::addColumn<QByteArray>("channels");
    QTest::addColumn<QString>("error");

    // The channels start on line 3; each entry is on one line from column 1.
    QTest::newRow("no url")
        << QByteArray(R"({"type": "webhook"})")
        << u"servers.json:3:1: lifeline.alerts.channels[0]: a webhook channel needs \"url\": where to POST the alert"_s;
    QTest::newRow("bad url")
        << QByteArray(R"({"type": "webhook", "url": "ftp://x/y"})")
        << u"servers.json:3:21: lifeline.alerts.channels[0].url: \"ftp://x/y\" is not an http or https URL"_s;
    QTest::newRow("second entry")
        << QByteArray("{\"type\": \"tray\"},\n{\"type\": \"pager\"}")
        << u"servers.json:4:2: lifeline.alerts.channels[1].type: unknown channel type \"pager\" (use \"tray\", \"desktop\", \"webhook\" or \"command\")"_s;
    QTest::newRow("no type")
        << QByteArray(R"({"url": "http://x/"})")
        << u"servers.json:3:1: lifeline.alerts.channels[0]: a channel needs \"type\": \"tray\", \"desktop\", \"webhook\" or \"command\""_s;
    QTest::newRow("not an object")
        << QByteArray(R"("webhook")")
        << u"servers.json:3:1: lifeline.alerts.channels[0]: expected an object like {\"type\": \"webhook\", \"url\": \"https://…\"}"_s;
    QTest::newRow("bad severity")
        << QByteArray(R"({"type": "tray", "severities": ["warning", "urgent"]})")
        << u"servers.json:3:44: lifeline.alerts.channels[0].severities[1]: expected \"info\", \"warning\" or \"critical\", got \"urgent\""_s;
    QTest::newRow("both severity keys")
        << QByteArray(R"({"type": "tray", "severities": [], "minSeverity": "info"})")
        << u"servers.json:3:36: lifeline.alerts.channels[0].minSeverity: give either \"severities\" or \"minSeverity\", not both"_s;
    QTest::newRow("bad format")
        << QByteArray(R"({"type": "webhook", "url": "http://x/", "format": "xml"})")
        << u"servers.json:3:41: lifeline.alerts.channels[0].format: expected \"json\" or \"slack\", got \"xml\""_s;
    QTest::newRow("bad header")
        << QByteArray(R"({"type": "webhook", "url": "http://x/", "headers": {"X Y": "1"}})")
        << u"servers.json:3:53: lifeline.alerts.channels[0].headers.X Y: \"X Y\" is not a valid HTTP header name"_s;
    QTest::newRow("bad timeout")
        << QByteArray(R"({"type": "command", "command": "x", "timeout": "1ms"})")
        << u"servers.json:3:37: lifeline.alerts.channels[0].timeout: \"1ms\" is out of range; expected 50ms to 10m"_s;
    QTest::newRow("no command")
        << QByteArray(R"({"type": "command", "args": ["x"]})")
        << u"servers.json:3:1: lifeline.alerts.channels[0]: a command channel needs \"command\": the program that receives the alert"_s;
    QTest::newRow("bad arg")
        << QByteArray(R"({"type": "command", "command": "x", "args": [1]})")
        << u"servers.json:3:46: lifeline.alerts.channels[0].args[0]: expected a string"_s;
    QTest::newRow("bad attempts")
        << QByteArray(R"({"type": "command", "command": "x", "retry": {"attempts": 0}})")
        << u"servers.json:3:47: lifeline.alerts.channels[0].retry.attempts: expected a whole number from 1 to 100, got 0"_s;
    QTest::newRow("max below delay")
        << QByteArray(R"({"type": "command", "command": "x", "retry": {"delay": "2s", "maxDelay": "1s"}})")
        << u"servers.json:3:62: lifeline.alerts.channels[0].retry.maxDelay: must not be shorter than \"delay\""_s;
    QTest::newRow("duplicate name")
        << QByteArray("{\"type\": \"tray\", \"name\": \"x\"},\n{\"type\": \"desktop\", \"name\": \"x\"}")
        << u"servers.json:4:21: lifeline.alerts.channels[1].name: another channel is named \"x\"; names must be unique"_s;
    QTest::newRow("resolved not bool")
        << QByteArray(R"({"type": "tray", "resolved": "yes"})")
        << u"servers.json:3:18: lifeline.alerts.channels[0].resolved: expected true or false"_s;
}

void TestAlertDispatcher::loaderReportsChannelErrors()
{
    QFETCH(QByteArray, channels);
    QFETCH(QString, error);
    const ConfigLoader::Result r
        = ConfigLoader::parse(fileWithChannels(channels), u"servers.json"_s, QProcessEnvironment());
    QVERIFY(!r.ok());
    QCOMPARE(messages(r.errors), QStringList {error});
}

void TestAlertDispatcher::loaderWarnsAboutUnknownChannelKeys()
{
    QProcessEnvironment env;
    const ConfigLoader::Result r = ConfigLoader::parse(
        fileWithChannels(
            R"({"type": "tray", "url": "http://x/"}, {"type": "webhook", "url": "http://x/${NOPE}"})"),
        u"servers.json"_s, env);
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    QCOMPARE(messages(r.config->warnings),
        (QStringList {
            u"servers.json:3:18: lifeline.alerts.channels[0].url: unknown key for a tray channel (ignored)"_s,
            u"servers.json:3:59: lifeline.alerts.channels[1].url: environment variable NOPE is not set"_s}));
}

void TestAlertDispatcher::loaderAcceptsValidChannels()
{
    const ConfigLoader::Result r = ConfigLoader::parse(fileWithChannels(R"(
        {"type": "webhook", "url": "https://hooks.example.com/x", "format": "slack", "minSeverity": "critical"},
        {"type": "command", "command": "/bin/true", "timeout": "2s"},
        {"type": "desktop"}, {"type": "tray", "resolved": false})"),
        u"servers.json"_s, QProcessEnvironment());
    QVERIFY2(r.ok(), qPrintable(messages(r.errors).join(u'\n')));
    QVERIFY2(r.config->warnings.isEmpty(), qPrintable(messages(r.config->warnings).join(u'\n')));
    QCOMPARE(r.config->channels.size(), 4);
    QVERIFY(r.config->channelsConfigured);
}

QTEST_GUILESS_MAIN(TestAlertDispatcher)
#include "tst_alertdispatcher.moc"
