// The fixture's --conformance mode without npm: what the conformance suite's scenarios rely on
// (progress and logs before the answer, a client request whose answer becomes the result, the
// SEP-1699 pause and resume, the Host/Origin guard), so that a break shows here, under the
// sanitizers too, and not only as a failed scenario in the interop run.
#include "fixturehelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline::test;

namespace {

QByteArray encode(const QJsonObject &message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QJsonObject request(int id, const QString &method, const QJsonObject &params = {})
{
    return {{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}, {u"params"_s, params}};
}

QJsonObject initialize()
{
    return request(0, u"initialize"_s,
        {{u"protocolVersion"_s, u"2025-11-25"_s}, {u"capabilities"_s, QJsonObject {}},
            {u"clientInfo"_s, QJsonObject {{u"name"_s, u"test"_s}, {u"version"_s, u"1"_s}}}});
}

// The fixture over stdio, one JSON message a line.
class StdioFixture
{
public:
    StdioFixture()
    {
        m_process.setProgram(fixturePath());
        m_process.setArguments({u"--conformance"_s});
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
    }
    ~StdioFixture()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool started() { return m_process.waitForStarted(5000); }
    void send(const QJsonObject &message) { m_process.write(encode(message) + '\n'); }
    // The next message, or an empty object after 5 s.
    QJsonObject next()
    {
        if (!QTest::qWaitFor([this] { return m_process.canReadLine(); }, 5000))
            return {};
        return QJsonDocument::fromJson(m_process.readLine()).object();
    }

private:
    QProcess m_process;
};

QNetworkRequest mcpRequest(const QUrl &url, const QByteArray &sessionId = {})
{
    QNetworkRequest r(url);
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    r.setRawHeader("Accept", "application/json, text/event-stream");
    if (!sessionId.isEmpty())
        r.setRawHeader("Mcp-Session-Id", sessionId);
    return r;
}

bool finishes(QNetworkReply *reply)
{
    return QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000);
}

} // namespace

class TestFixtureConformance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void initializeAnnouncesWhatTheSuiteUses();
    void progressAndLogsComeBeforeTheAnswer_data();
    void progressAndLogsComeBeforeTheAnswer();
    void samplingAsksTheClientAndAnswersWithItsReply();
    void unknownToolAndResourceAreErrors();
    void reconnectionEndsTheStreamAndResumesWithLastEventId();
    void foreignOriginIsRefused();

private:
    QProcess m_http;
    QUrl m_url;
    QNetworkAccessManager m_network;
};

void TestFixtureConformance::initTestCase()
{
    m_http.setProgram(fixturePath());
    m_http.setArguments({u"--mode"_s, u"http"_s, u"--conformance"_s, u"--port"_s, u"0"_s});
    m_http.setReadChannel(QProcess::StandardOutput);
    m_http.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_http.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_http.canReadLine(), 5000);
    const QByteArray line = m_http.readLine().trimmed();
    QVERIFY2(line.startsWith("LISTENING "), line.constData());
    m_url = QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(QString::fromLatin1(line.mid(10))));
}

void TestFixtureConformance::cleanupTestCase()
{
    m_http.terminate();
    if (!m_http.waitForFinished(5000)) {
        m_http.kill();
        m_http.waitForFinished(5000);
    }
}

void TestFixtureConformance::initializeAnnouncesWhatTheSuiteUses()
{
    StdioFixture fixture;
    QVERIFY(fixture.started());
    fixture.send(initialize());
    const QJsonObject capabilities
        = fixture.next().value(u"result"_s).toObject().value(u"capabilities"_s).toObject();
    for (const QString &key : {u"tools"_s, u"resources"_s, u"prompts"_s, u"logging"_s, u"completions"_s})
        QVERIFY2(capabilities.contains(key), qPrintable(key));
    QVERIFY(capabilities.value(u"resources"_s).toObject().value(u"subscribe"_s).toBool());

    fixture.send(request(1, u"tools/list"_s));
    const QJsonArray tools = fixture.next().value(u"result"_s).toObject().value(u"tools"_s).toArray();
    QStringList names;
    for (const QJsonValue &tool : tools)
        names.append(tool.toObject().value(u"name"_s).toString());
    QVERIFY2(names.contains(u"test_sampling"_s) && names.contains(u"json_schema_2020_12_tool"_s),
        qPrintable(names.join(u", "_s)));
    QVERIFY(!names.contains(u"echo"_s)); // the suite's set, not the fixture's usual tools
}

void TestFixtureConformance::progressAndLogsComeBeforeTheAnswer_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("notification");
    QTest::newRow("progress") << u"test_tool_with_progress"_s << u"notifications/progress"_s;
    QTest::newRow("logging") << u"test_tool_with_logging"_s << u"notifications/message"_s;
}

void TestFixtureConformance::progressAndLogsComeBeforeTheAnswer()
{
    QFETCH(QString, tool);
    QFETCH(QString, notification);
    StdioFixture fixture;
    QVERIFY(fixture.started());
    fixture.send(initialize());
    QVERIFY(fixture.next().contains(u"result"_s));
    fixture.send(request(7, u"tools/call"_s,
        {{u"name"_s, tool}, {u"arguments"_s, QJsonObject {}},
            {u"_meta"_s, QJsonObject {{u"progressToken"_s, u"token-7"_s}}}}));
    QList<double> progress;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject message = fixture.next();
        QCOMPARE(message.value(u"method"_s).toString(), notification);
        const QJsonObject params = message.value(u"params"_s).toObject();
        if (notification == u"notifications/progress"_s) {
            QCOMPARE(params.value(u"progressToken"_s).toString(), u"token-7"_s);
            progress.append(params.value(u"progress"_s).toDouble());
        }
    }
    if (!progress.isEmpty())
        QCOMPARE(progress, (QList<double> {0, 50, 100}));
    const QJsonObject answer = fixture.next();
    QCOMPARE(answer.value(u"id"_s).toInt(), 7);
    QVERIFY(answer.value(u"result"_s).toObject().value(u"content"_s).toArray().size() == 1);
}

void TestFixtureConformance::samplingAsksTheClientAndAnswersWithItsReply()
{
    StdioFixture fixture;
    QVERIFY(fixture.started());
    fixture.send(initialize());
    QVERIFY(fixture.next().contains(u"result"_s));
    fixture.send(request(3, u"tools/call"_s,
        {{u"name"_s, u"test_sampling"_s}, {u"arguments"_s, QJsonObject {{u"prompt"_s, u"say hi"_s}}}}));
    const QJsonObject asked = fixture.next();
    QCOMPARE(asked.value(u"method"_s).toString(), u"sampling/createMessage"_s);
    const QJsonObject first
        = asked.value(u"params"_s).toObject().value(u"messages"_s).toArray().first().toObject();
    QCOMPARE(first.value(u"content"_s).toObject().value(u"text"_s).toString(), u"say hi"_s);
    QVERIFY(!asked.value(u"id"_s).isUndefined());

    fixture.send({{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, asked.value(u"id"_s)},
        {u"result"_s,
            QJsonObject {{u"role"_s, u"assistant"_s}, {u"model"_s, u"test"_s},
                {u"content"_s,
                    QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, u"hi from the client"_s}}}}}});
    const QJsonObject answer = fixture.next();
    QCOMPARE(answer.value(u"id"_s).toInt(), 3);
    const QString text = answer.value(u"result"_s)
                             .toObject()
                             .value(u"content"_s)
                             .toArray()
                             .first()
                             .toObject()
                             .value(u"text"_s)
                             .toString();
    QVERIFY2(text.contains(u"hi from the client"_s), qPrintable(text));
}

void TestFixtureConformance::unknownToolAndResourceAreErrors()
{
    StdioFixture fixture;
    QVERIFY(fixture.started());
    fixture.send(initialize());
    QVERIFY(fixture.next().contains(u"result"_s));
    fixture.send(request(1, u"tools/call"_s, {{u"name"_s, u"nope"_s}}));
    QCOMPARE(fixture.next().value(u"error"_s).toObject().value(u"code"_s).toInt(), -32602);
    fixture.send(request(2, u"resources/read"_s, {{u"uri"_s, u"test://nope"_s}}));
    QCOMPARE(fixture.next().value(u"error"_s).toObject().value(u"code"_s).toInt(), -32002);
    fixture.send(request(3, u"resources/read"_s, {{u"uri"_s, u"test://template/42/data"_s}}));
    const QString text = fixture.next()
                             .value(u"result"_s)
                             .toObject()
                             .value(u"contents"_s)
                             .toArray()
                             .first()
                             .toObject()
                             .value(u"text"_s)
                             .toString();
    QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object().value(u"id"_s).toString(), u"42"_s);
}

void TestFixtureConformance::reconnectionEndsTheStreamAndResumesWithLastEventId()
{
    std::unique_ptr<QNetworkReply> init(m_network.post(mcpRequest(m_url), encode(initialize())));
    QVERIFY(finishes(init.get()));
    const QByteArray sessionId = init->rawHeader("Mcp-Session-Id");
    QVERIFY(!sessionId.isEmpty());

    std::unique_ptr<QNetworkReply> call(m_network.post(mcpRequest(m_url, sessionId),
        encode(request(1, u"tools/call"_s, {{u"name"_s, u"test_reconnection"_s}}))));
    QVERIFY(finishes(call.get()));
    QCOMPARE(call->error(), QNetworkReply::NoError);
    // Only a priming event (an id, a retry, no data): the stream ended before the answer.
    const QByteArray primed = call->readAll();
    QVERIFY2(primed.contains("retry: ") && !primed.contains("\"result\""), primed.constData());
    const qsizetype idAt = primed.indexOf("id: ");
    QVERIFY(idAt >= 0);
    const QByteArray eventId = primed.mid(idAt + 4, primed.indexOf('\n', idAt) - idAt - 4);

    QNetworkRequest resume(m_url);
    resume.setRawHeader("Accept", "text/event-stream");
    resume.setRawHeader("Mcp-Session-Id", sessionId);
    resume.setRawHeader("Last-Event-ID", eventId);
    std::unique_ptr<QNetworkReply> resumed(m_network.get(resume));
    QVERIFY(finishes(resumed.get()));
    const QByteArray events = resumed->readAll();
    QVERIFY2(
        events.contains("\"id\":1") && events.contains("Reconnection test completed"), events.constData());
}

void TestFixtureConformance::foreignOriginIsRefused()
{
    QNetworkRequest evil = mcpRequest(m_url);
    evil.setRawHeader("Origin", "http://evil.example.com");
    std::unique_ptr<QNetworkReply> refused(m_network.post(evil, encode(initialize())));
    QVERIFY(finishes(refused.get()));
    QCOMPARE(refused->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);

    QNetworkRequest local = mcpRequest(m_url);
    local.setRawHeader("Origin", "http://localhost:1234");
    std::unique_ptr<QNetworkReply> accepted(m_network.post(local, encode(initialize())));
    QVERIFY(finishes(accepted.get()));
    QCOMPARE(accepted->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
}

QTEST_GUILESS_MAIN(TestFixtureConformance)
#include "tst_fixtureconformance.moc"
