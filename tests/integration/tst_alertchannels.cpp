#include <csignal>

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QVariantMap>

#include "alerts/alertdispatcher.h"
#include "alerts/desktopnotifychannel.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

// A stand-in for the desktop's notification service, on a private bus.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString app;
        uint replaces = 0;
        QString summary;
        QString body;
        QVariantMap hints;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString &app, uint replaces, const QString &icon, const QString &summary,
        const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        Q_UNUSED(icon);
        Q_UNUSED(actions);
        Q_UNUSED(timeout);
        calls.append({app, replaces, summary, body, hints});
        return replaces ? replaces : uint(100 + calls.size());
    }
};

class TestAlertChannels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void webhookPostsAlertJsonWithHeaders();
    void webhookPostsSlackText();
    void webhookRetriesWithBackoffThenRecovers();
    void webhookDeadUrlIsReportedWithoutBlocking();
    void webhookTimesOutOnSilentReceiver();
    void commandReceivesAlertJsonOnStdin();
    void commandFailureIsReportedWithExitCodeAndStderr();
    void commandMissingProgramIsReported();
    void hangingCommandIsKilledAtTimeout();
    void destroyingDispatcherKillsRunningHook();
    void desktopWithoutBusReportsOnceAndStaysQuiet();
    void desktopNotifiesThroughTheService();
};

namespace {

struct Request
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    qint64 atMs = 0;
};

// A minimal HTTP/1.1 receiver on 127.0.0.1, port 0: records each request and answers with the next
// status of `statuses` (the last one repeats), or never answers when `silent`.
class HttpReceiver : public QObject
{
public:
    explicit HttpReceiver(QList<int> statuses = {200})
        : m_statuses(std::move(statuses))
    {
        m_clock.start();
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
    }

    QUrl url(const QString &path = u"/hook"_s) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
    }

    QList<Request> requests;
    bool silent = false;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer.append(socket->readAll());
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        r.atMs = m_clock.elapsed();
        m_buffers.remove(socket);
        requests.append(r);
        if (silent)
            return;
        const int status = m_statuses.size() > 1 ? m_statuses.takeFirst() : m_statuses.first();
        socket->write("HTTP/1.1 " + QByteArray::number(status)
            + " Status\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QList<int> m_statuses;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QElapsedTimer m_clock;
};

Alert makeAlert(const QString &id, AlertSeverity severity = AlertSeverity::Critical)
{
    Alert a;
    a.id = id;
    a.server = u"search"_s;
    a.rule = u"state"_s;
    a.severity = severity;
    a.message = u"search is unhealthy: process_exit"_s;
    a.firedAt = QDateTime::currentDateTimeUtc();
    return a;
}

ChannelSettings webhook(const QUrl &url, WebhookFormat format = WebhookFormat::Json)
{
    ChannelSettings c;
    c.type = ChannelType::Webhook;
    c.name = u"hook"_s;
    c.url = url;
    c.format = format;
    c.timeoutMs = 5000;
    c.retryDelayMs = 50; // short: the test must not wait seconds
    c.retryMaxDelayMs = 1000;
    return c;
}

ChannelSettings command(const QString &script, const QStringList &args = {})
{
    ChannelSettings c;
    c.type = ChannelType::Command;
    c.name = u"hook"_s;
    c.command = u"/bin/sh"_s;
    c.args = QStringList {u"-c"_s, script} + args;
    c.timeoutMs = 5000;
    c.retryDelayMs = 20;
    return c;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Alive: there is a process with this PID that is not a zombie waiting for its reaper.
bool isAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    const QByteArray stat = readFile(u"/proc/%1/stat"_s.arg(pid));
    const qsizetype close = stat.lastIndexOf(')');
    return close < 0 || (stat.mid(close + 2, 1) != "Z" && stat.mid(close + 2, 1) != "X");
}

} // namespace

void TestAlertChannels::webhookPostsAlertJsonWithHeaders()
{
    HttpReceiver receiver;
    ChannelSettings c = webhook(receiver.url());
    c.headers = {{u"Authorization"_s, u"Bearer t0ken"_s}, {u"X-Team"_s, u"ops"_s}};
    AlertDispatcher d;
    d.setChannels({c});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    d.dispatch(makeAlert(u"a-1"_s));
    QTRY_COMPARE(receiver.requests.size(), 1);
    const Request r = receiver.requests.first();
    QCOMPARE(r.method, "POST");
    QCOMPARE(r.path, "/hook");
    QCOMPARE(r.headers.value("content-type"), "application/json");
    QCOMPARE(r.headers.value("authorization"), "Bearer t0ken");
    QCOMPARE(r.headers.value("x-team"), "ops");
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.value(u"id"_s).toString(), u"a-1"_s);
    QCOMPARE(body.value(u"severity"_s).toString(), u"critical"_s);
    QCOMPARE(body.value(u"state"_s).toString(), u"firing"_s);
    QCOMPARE(body.value(u"source"_s).toString(), u"mcp-lifeline"_s);
    QTRY_COMPARE(d.channelStatuses().first().delivered, 1);
    QCOMPARE(failed.size(), 0);
}

void TestAlertChannels::webhookPostsSlackText()
{
    HttpReceiver receiver;
    AlertDispatcher d;
    d.setChannels({webhook(receiver.url(u"/services/T0/B0/x"_s), WebhookFormat::Slack)});
    d.dispatch(makeAlert(u"a-2"_s, AlertSeverity::Warning));
    QTRY_COMPARE(receiver.requests.size(), 1);
    QCOMPARE(receiver.requests.first().path, "/services/T0/B0/x");
    const QJsonObject body = QJsonDocument::fromJson(receiver.requests.first().body).object();
    QCOMPARE(body.keys(), QStringList {u"text"_s});
    const QString text = body.value(u"text"_s).toString();
    QVERIFY2(text.contains(u"WARNING"_s) && text.contains(u"search is unhealthy: process_exit"_s),
        qPrintable(text));
}

void TestAlertChannels::webhookRetriesWithBackoffThenRecovers()
{
    HttpReceiver receiver({500, 503, 200});
    AlertDispatcher d;
    d.setChannels({webhook(receiver.url())});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    QSignalSpy recovered(&d, &AlertDispatcher::channelRecovered);
    QSignalSpy undelivered(&d, &AlertDispatcher::alertUndelivered);
    d.dispatch(makeAlert(u"a-3"_s));
    QTRY_COMPARE(recovered.size(), 1);
    QCOMPARE(receiver.requests.size(), 3);
    // Reported once when it started failing, not once per attempt; named, with the status.
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), u"hook"_s);
    QVERIFY2(
        failed.first().at(1).toString().contains(u"HTTP 500"_s), qPrintable(failed.first().at(1).toString()));
    QCOMPARE(recovered.first().at(0).toString(), u"hook"_s);
    QCOMPARE(undelivered.size(), 0);
    // The same alert each time, after 50 ms, then 100 ms.
    for (const Request &r : receiver.requests)
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"id"_s).toString(), u"a-3"_s);
    const qint64 firstGap = receiver.requests[1].atMs - receiver.requests[0].atMs;
    const qint64 secondGap = receiver.requests[2].atMs - receiver.requests[1].atMs;
    QVERIFY2(firstGap >= 45, qPrintable(QString::number(firstGap)));
    QVERIFY2(secondGap >= 95, qPrintable(QString::number(secondGap)));
    const ChannelStatus s = d.channelStatuses().first();
    QVERIFY(!s.failing);
    QCOMPARE(s.delivered, 1);
}

void TestAlertChannels::webhookDeadUrlIsReportedWithoutBlocking()
{
    QUrl dead;
    {
        QTcpServer closed; // a port that was just free and is closed again: connection refused
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        dead = QUrl(u"http://127.0.0.1:%1/hook"_s.arg(closed.serverPort()));
    }
    ChannelSettings c = webhook(dead);
    c.attempts = 3;
    c.retryDelayMs = 20;
    AlertDispatcher d;
    d.setChannels({c});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    QSignalSpy undelivered(&d, &AlertDispatcher::alertUndelivered);

    // The event loop keeps turning while the channel fails: a timer ticks throughout.
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(5);
    QElapsedTimer t;
    t.start();
    d.dispatch(makeAlert(u"a-4"_s));
    QVERIFY2(t.elapsed() < 100, qPrintable(QString::number(t.elapsed())));
    QTRY_COMPARE(undelivered.size(), 1);
    QVERIFY(ticks > 0);
    QCOMPARE(failed.size(), 1);
    QVERIFY2(
        failed.first().at(1).toString().contains(u"refused"_s), qPrintable(failed.first().at(1).toString()));
    QCOMPARE(undelivered.first().at(1).toString(), u"a-4"_s);
    QVERIFY2(undelivered.first().at(2).toString().contains(u"3"_s),
        qPrintable(undelivered.first().at(2).toString()));
    const ChannelStatus s = d.channelStatuses().first();
    QVERIFY(s.failing);
    QCOMPARE(s.abandoned, 1);
    QCOMPARE(s.queued, 0);
}

void TestAlertChannels::webhookTimesOutOnSilentReceiver()
{
    HttpReceiver receiver;
    receiver.silent = true;
    ChannelSettings c = webhook(receiver.url());
    c.timeoutMs = 200;
    c.attempts = 1;
    AlertDispatcher d;
    d.setChannels({c});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    d.dispatch(makeAlert(u"a-5"_s));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.first().at(1).toString().contains(u"did not answer within 200ms"_s),
        qPrintable(failed.first().at(1).toString()));
}

void TestAlertChannels::commandReceivesAlertJsonOnStdin()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(u"alert.json"_s);
    AlertDispatcher d;
    d.setChannels(
        {command(u"cat > \"$0\" && printf %s \"$LIFELINE_ALERT_SEVERITY\" > \"$0.severity\""_s, {out})});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    d.dispatch(makeAlert(u"c-1"_s, AlertSeverity::Warning));
    QTRY_COMPARE(d.channelStatuses().first().delivered, 1);
    const QJsonObject body = QJsonDocument::fromJson(readFile(out)).object();
    QCOMPARE(body.value(u"id"_s).toString(), u"c-1"_s);
    QCOMPARE(body.value(u"severity"_s).toString(), u"warning"_s);
    QCOMPARE(body.value(u"source"_s).toString(), u"mcp-lifeline"_s);
    QCOMPARE(readFile(out + u".severity"_s), "warning");
    QCOMPARE(failed.size(), 0);
}

void TestAlertChannels::commandFailureIsReportedWithExitCodeAndStderr()
{
    QTemporaryDir dir;
    const QString count = dir.filePath(u"count"_s);
    ChannelSettings c
        = command(u"cat > /dev/null; echo run >> \"$0\"; echo 'pager says no' >&2; exit 3"_s, {count});
    c.attempts = 2;
    AlertDispatcher d;
    d.setChannels({c});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    QSignalSpy undelivered(&d, &AlertDispatcher::alertUndelivered);
    d.dispatch(makeAlert(u"c-2"_s));
    QTRY_COMPARE(undelivered.size(), 1);
    QCOMPARE(readFile(count), "run\nrun\n"); // retried once
    QCOMPARE(failed.size(), 1);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(u"exited with code 3"_s) && message.contains(u"pager says no"_s),
        qPrintable(message));
}

void TestAlertChannels::commandMissingProgramIsReported()
{
    ChannelSettings c;
    c.type = ChannelType::Command;
    c.name = u"pager"_s;
    c.command = u"/nonexistent/lifeline-hook"_s;
    c.attempts = 1;
    AlertDispatcher d;
    d.setChannels({c});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    d.dispatch(makeAlert(u"c-3"_s));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), u"pager"_s);
    QVERIFY2(failed.first().at(1).toString().contains(u"cannot start /nonexistent/lifeline-hook"_s),
        qPrintable(failed.first().at(1).toString()));
}

void TestAlertChannels::hangingCommandIsKilledAtTimeout()
{
    QTemporaryDir dir;
    const QString pids = dir.filePath(u"pids"_s);
    // The hook starts a child of its own and waits: both must go at the timeout.
    ChannelSettings c = command(u"sleep 60 & echo $$ $! > \"$0\"; wait"_s, {pids});
    c.timeoutMs = 300;
    c.attempts = 1;
    AlertDispatcher d;
    d.setChannels({c});
    QSignalSpy failed(&d, &AlertDispatcher::channelFailed);
    QElapsedTimer t;
    t.start();
    d.dispatch(makeAlert(u"c-4"_s));
    QTRY_VERIFY(readFile(pids).trimmed().split(' ').size() == 2);
    const QList<QByteArray> ids = readFile(pids).trimmed().split(' ');
    const qint64 shell = ids.at(0).toLongLong();
    const qint64 sleeper = ids.at(1).toLongLong();
    QVERIFY(isAlive(sleeper));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(t.elapsed() >= 250, qPrintable(QString::number(t.elapsed())));
    QVERIFY2(failed.first().at(1).toString().contains(u"did not finish within 300ms"_s),
        qPrintable(failed.first().at(1).toString()));
    QTRY_VERIFY(!isAlive(shell));
    QTRY_VERIFY(!isAlive(sleeper));
}

void TestAlertChannels::destroyingDispatcherKillsRunningHook()
{
    QTemporaryDir dir;
    const QString pids = dir.filePath(u"pids"_s);
    auto d = std::make_unique<AlertDispatcher>();
    ChannelSettings c = command(u"sleep 60 & echo $$ $! > \"$0\"; wait"_s, {pids});
    c.timeoutMs = 60000;
    d->setChannels({c});
    d->dispatch(makeAlert(u"c-5"_s));
    QTRY_VERIFY(readFile(pids).trimmed().split(' ').size() == 2);
    const QList<QByteArray> ids = readFile(pids).trimmed().split(' ');
    d.reset();
    QTRY_VERIFY(!isAlive(ids.at(0).toLongLong()));
    QTRY_VERIFY(!isAlive(ids.at(1).toLongLong()));
}

void TestAlertChannels::desktopWithoutBusReportsOnceAndStaysQuiet()
{
    ChannelSettings settings;
    settings.type = ChannelType::Desktop;
    settings.name = u"desktop"_s;
    DesktopNotifyChannel channel(settings);
    channel.setBus(
        QDBusConnection::connectToBus(u"unix:path=/nonexistent/lifeline-bus"_s, u"lifeline-no-bus"_s));
    QSignalSpy failed(&channel, &AlertChannel::failed);
    channel.enqueue(makeAlert(u"d-1"_s));
    QTRY_VERIFY(channel.isUnavailable());
    channel.enqueue(makeAlert(u"d-2"_s));
    channel.enqueue(makeAlert(u"d-3"_s));
    QTest::qWait(20); // nothing is due: a short turn of the event loop to show it stays quiet
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().contains(u"unavailable"_s),
        qPrintable(failed.first().first().toString()));
    QCOMPARE(channel.queuedCount(), 0);
    QDBusConnection::disconnectFromBus(u"lifeline-no-bus"_s);
}

void TestAlertChannels::desktopNotifiesThroughTheService()
{
    const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    if (daemon.isEmpty())
        QSKIP("no dbus-daemon to run a private bus");
    QProcess bus;
    bus.start(daemon, {u"--session"_s, u"--nofork"_s, u"--print-address=1"_s});
    QVERIFY(bus.waitForStarted());
    QTRY_VERIFY(bus.canReadLine());
    const QString address = QString::fromUtf8(bus.readLine()).trimmed();
    const auto cleanup = qScopeGuard([&bus] {
        QDBusConnection::disconnectFromBus(u"lifeline-service"_s);
        QDBusConnection::disconnectFromBus(u"lifeline-client"_s);
        ::kill(pid_t(bus.processId()), SIGTERM);
        bus.waitForFinished(2000);
    });

    QDBusConnection service = QDBusConnection::connectToBus(address, u"lifeline-service"_s);
    QVERIFY(service.isConnected());
    FakeNotifications fake;
    QVERIFY(
        service.registerObject(u"/org/freedesktop/Notifications"_s, &fake, QDBusConnection::ExportAllSlots));
    QVERIFY(service.registerService(u"org.freedesktop.Notifications"_s));

    ChannelSettings settings;
    settings.type = ChannelType::Desktop;
    settings.name = u"desktop"_s;
    DesktopNotifyChannel channel(settings);
    channel.setBus(QDBusConnection::connectToBus(address, u"lifeline-client"_s));
    QSignalSpy failed(&channel, &AlertChannel::failed);

    Alert a = makeAlert(u"d-4"_s);
    channel.enqueue(a);
    QTRY_COMPARE(channel.deliveredCount(), 1);
    QCOMPARE(fake.calls.size(), 1);
    QCOMPARE(fake.calls[0].app, u"MCP Lifeline"_s);
    QCOMPARE(fake.calls[0].replaces, 0u);
    QVERIFY2(fake.calls[0].summary.contains(u"search"_s), qPrintable(fake.calls[0].summary));
    QCOMPARE(fake.calls[0].body, a.message);
    QCOMPARE(fake.calls[0].hints.value(u"urgency"_s).toInt(), 2);

    // The resolved notice replaces the bubble of the alert it resolves.
    a.state = AlertState::Resolved;
    a.resolvedAt = QDateTime::currentDateTimeUtc();
    channel.enqueue(a);
    QTRY_COMPARE(channel.deliveredCount(), 2);
    QCOMPARE(fake.calls.size(), 2);
    QCOMPARE(fake.calls[1].replaces, 101u);
    QCOMPARE(failed.size(), 0);
}

QTEST_GUILESS_MAIN(TestAlertChannels)
#include "tst_alertchannels.moc"
