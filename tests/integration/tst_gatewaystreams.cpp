// Resumable gateway streams (MCP Streamable HTTP, "Resumability and Redelivery"): every event of
// the gateway's event streams has an id, unique in the session and naming its stream; a GET with
// Last-Event-ID gets exactly what its stream sent after that id, then the live events; an id that
// is not held replays nothing. Upstream: a fixture that sends a notifications/message after each
// answer, so that each probe makes one broadcast ("answered ping id=N"), numbered.
#include "fixturehelpers.h"
#include "gatewaytestbase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

namespace {

struct Event
{
    QByteArray id;
    QJsonObject message; // empty: a priming event
};

// A GET stream's events as they come.
class EventStream
{
public:
    EventStream(QNetworkAccessManager *nam, const QUrl &url, const QByteArray &sessionId,
        const QByteArray &lastEventId = {})
    {
        QNetworkRequest r(url);
        r.setRawHeader("Accept", "text/event-stream");
        r.setRawHeader("Mcp-Session-Id", sessionId);
        if (!lastEventId.isEmpty())
            r.setRawHeader("Last-Event-ID", lastEventId);
        m_reply = nam->get(r);
        QObject::connect(m_reply, &QNetworkReply::readyRead, m_reply, [this] { read(); });
    }
    ~EventStream()
    {
        m_reply->abort();
        m_reply->deleteLater();
    }
    void abort() { m_reply->abort(); }
    bool finished() const { return m_reply->isFinished(); }
    int status() const { return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }
    const QList<Event> &events() const { return m_events; }
    // The logged texts ("answered ping id=7"), in order.
    QStringList texts() const
    {
        QStringList out;
        for (const Event &e : m_events) {
            if (e.message.value("method"_L1) == "notifications/message"_L1)
                out.append(e.message.value("params"_L1).toObject().value("data"_L1).toString());
        }
        return out;
    }
    QByteArray lastId() const { return m_events.isEmpty() ? QByteArray() : m_events.last().id; }

private:
    void read()
    {
        m_buffer += m_reply->readAll();
        qsizetype end;
        while ((end = m_buffer.indexOf("\n\n")) >= 0) {
            Event e;
            QByteArray data;
            bool any = false;
            for (const QByteArray &line : m_buffer.left(end).split('\n')) {
                if (line.startsWith("id:"))
                    e.id = line.mid(3).trimmed();
                else if (line.startsWith("data:")) {
                    data += line.mid(5).trimmed();
                    any = true;
                }
            }
            m_buffer.remove(0, end + 2);
            if (!any && e.id.isEmpty())
                continue; // a comment
            e.message = QJsonDocument::fromJson(data).object();
            m_events.append(e);
        }
    }

    QNetworkReply *m_reply;
    QByteArray m_buffer;
    QList<Event> m_events;
};

} // namespace

class TestGatewayStreams : public GatewayTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyEventHasAUniqueIdNamingItsStream();
    void resumedGetGetsExactlyTheMissedEventsThenLiveOnes();
    void unknownLastEventIdReplaysNothingAndGoesOnLive();
    void lastEventIdOfACallStreamEndsAtOnceAndLeavesTheGetStream();
    void postStreamEventsHaveIdsOfTheirOwnStream();

private:
    QUrl chatty() const { return url(u"/mcp/servers/chatty"_s); }
};

void TestGatewayStreams::initTestCase()
{
    registerMetaTypes();
    Config config;
    config.servers = {stdioFixture({u"--log-notifications"_s}, u"chatty"_s, quickRestarts()),
        stdioFixture({}, u"fx"_s, quickRestarts())};
    QString error;
    QVERIFY2(startGateway(config, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(state(u"chatty"_s), u"healthy"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(state(u"fx"_s), u"healthy"_s, 10000);
}

void TestGatewayStreams::cleanupTestCase()
{
    stopGateway();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

void TestGatewayStreams::everyEventHasAUniqueIdNamingItsStream()
{
    Client c(&m_nam, chatty());
    QVERIFY(c.initialize());
    EventStream s(&m_nam, chatty(), c.sessionId());
    QTRY_VERIFY_WITH_TIMEOUT(s.texts().size() >= 4, 10000);
    QVERIFY(s.events().first().message.isEmpty()); // the priming event: an id before anything happens
    QSet<QByteArray> ids;
    for (const Event &e : s.events()) {
        QVERIFY2(e.id.startsWith("get-"), e.id.constData());
        ids.insert(e.id);
    }
    QCOMPARE(ids.size(), s.events().size());
}

void TestGatewayStreams::resumedGetGetsExactlyTheMissedEventsThenLiveOnes()
{
    Client c(&m_nam, chatty());
    Client witness(&m_nam, chatty());
    QVERIFY(c.initialize() && witness.initialize());
    // The witness hears every broadcast from before the first stream's first one to the end.
    EventStream all(&m_nam, chatty(), witness.sessionId());
    QTRY_VERIFY_WITH_TIMEOUT(!all.events().isEmpty(), 5000);
    QStringList before;
    QByteArray lastSeen;
    {
        EventStream first(&m_nam, chatty(), c.sessionId());
        QTRY_VERIFY_WITH_TIMEOUT(first.texts().size() >= 3, 10000);
        first.abort(); // the connection drops
        before = first.texts();
        lastSeen = first.lastId();
    }
    const qsizetype at = all.texts().indexOf(before.last());
    QVERIFY(at >= 0);
    // Broadcasts the dropped stream missed.
    QTRY_VERIFY_WITH_TIMEOUT(all.texts().size() >= at + 4, 10000);
    EventStream resumed(&m_nam, chatty(), c.sessionId(), lastSeen);
    QTRY_VERIFY_WITH_TIMEOUT(resumed.texts().size() >= 5, 10000); // missed ones, then live ones
    const QStringList after = resumed.texts();
    for (const QString &t : after)
        QVERIFY2(!before.contains(t), qPrintable(t + u" was sent again"_s));
    // Exactly the witness's sequence from right after the last one seen: none lost, none twice.
    QTRY_VERIFY_WITH_TIMEOUT(all.texts().size() >= at + 1 + after.size(), 5000);
    QCOMPARE(after, all.texts().mid(at + 1, after.size()));
    QSet<QByteArray> ids;
    for (const Event &e : resumed.events())
        ids.insert(e.id);
    QCOMPARE(ids.size(), resumed.events().size());
}

void TestGatewayStreams::unknownLastEventIdReplaysNothingAndGoesOnLive()
{
    Client c(&m_nam, chatty());
    Client witness(&m_nam, chatty());
    QVERIFY(c.initialize() && witness.initialize());
    EventStream all(&m_nam, chatty(), witness.sessionId());
    QByteArray lastSeen;
    {
        EventStream first(&m_nam, chatty(), c.sessionId());
        QTRY_VERIFY_WITH_TIMEOUT(first.texts().size() >= 2, 10000);
        lastSeen = first.lastId();
    }
    QTRY_VERIFY_WITH_TIMEOUT(all.texts().size() >= 4, 10000);
    const qsizetype heard = all.texts().size();
    EventStream resumed(&m_nam, chatty(), c.sessionId(), "get-999999999"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(resumed.texts().size() >= 2, 10000);
    QCOMPARE(resumed.status(), 200);
    // Only what was broadcast after the GET: nothing the witness had heard before it.
    QVERIFY2(all.texts().indexOf(resumed.texts().first()) >= heard, qPrintable(resumed.texts().first()));
    // Another session's id is not this one's either.
    Client d(&m_nam, chatty());
    QVERIFY(d.initialize());
    QStringList dBefore;
    {
        EventStream first(&m_nam, chatty(), d.sessionId());
        QTRY_VERIFY_WITH_TIMEOUT(!first.texts().isEmpty(), 10000);
        dBefore = first.texts();
    }
    QTRY_VERIFY_WITH_TIMEOUT(all.texts().indexOf(dBefore.last()) + 3 <= all.texts().size(), 10000);
    const qsizetype heardByNow = all.texts().size();
    EventStream other(&m_nam, chatty(), d.sessionId(), lastSeen);
    QTRY_VERIFY_WITH_TIMEOUT(!other.texts().isEmpty(), 10000);
    QVERIFY2(all.texts().indexOf(other.texts().first()) >= heardByNow, qPrintable(other.texts().first()));
}

void TestGatewayStreams::lastEventIdOfACallStreamEndsAtOnceAndLeavesTheGetStream()
{
    Client c(&m_nam, chatty());
    QVERIFY(c.initialize());
    EventStream live(&m_nam, chatty(), c.sessionId());
    QTRY_VERIFY_WITH_TIMEOUT(!live.texts().isEmpty(), 10000);
    EventStream call(&m_nam, chatty(), c.sessionId(), "post1-2"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(call.finished(), 5000);
    QCOMPARE(call.status(), 200);
    QVERIFY(call.events().isEmpty());
    const qsizetype n = live.texts().size();
    QTRY_VERIFY_WITH_TIMEOUT(live.texts().size() > n, 10000); // still the session's stream
    QVERIFY(!live.finished());
}

void TestGatewayStreams::postStreamEventsHaveIdsOfTheirOwnStream()
{
    // The fixture's ask tool sends the client a request on the call's stream, then answers.
    Client c(&m_nam, url(u"/mcp/servers/fx"_s));
    QVERIFY(c.initialize());
    QNetworkReply *reply = c.send(u"tools/call"_s,
        {{"name"_L1, "ask"_L1},
            {"arguments"_L1, QJsonObject {{"method"_L1, "roots/list"_L1}, {"log"_L1, "before asking"_L1}}}});
    QByteArray body;
    bool answered = false;
    connect(reply, &QNetworkReply::readyRead, this, [&] {
        body += reply->readAll();
        for (const QByteArray &line : body.split('\n')) {
            const QJsonObject m = QJsonDocument::fromJson(line.mid(5).trimmed()).object();
            if (line.startsWith("data:") && m.value("method"_L1) == "roots/list"_L1 && !answered) {
                answered = true;
                QNetworkReply *sent
                    = c.post(QJsonDocument(QJsonObject {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, m.value("id"_L1)},
                                               {"result"_L1, QJsonObject {{"roots"_L1, QJsonArray {}}}}})
                                 .toJson(QJsonDocument::Compact));
                connect(sent, &QNetworkReply::finished, sent, &QObject::deleteLater);
            }
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    body += reply->readAll();
    reply->deleteLater();
    QList<QByteArray> ids;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("id:"))
            ids.append(line.mid(3).trimmed());
    }
    QCOMPARE(ids.size(), 3); // the log message, the request, the answer
    const QByteArray stream = ids.first().left(ids.first().lastIndexOf('-') + 1);
    QVERIFY2(stream.startsWith("post"), stream.constData());
    for (const QByteArray &id : ids)
        QVERIFY2(id.startsWith(stream), id.constData());
    QCOMPARE(QSet<QByteArray>(ids.cbegin(), ids.cend()).size(), 3);
}

QTEST_GUILESS_MAIN(TestGatewayStreams)
#include "tst_gatewaystreams.moc"
