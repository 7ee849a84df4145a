// A forwarded call's answer is the upstream's own JSON text with only the id changed to the
// client's, and the client's params go upstream as the client wrote them: no parse-and-encode round
// trip per call. What cannot be passed on safely (a duplicate key, a progress token to map) takes
// the object path and still answers right. The engine runs on the test's thread; the upstream is
// the fixture server over stdio.
#include "fixturehelpers.h"

#include "engine/monitorengine.h"
#include "engine/serversupervisor.h"
#include "gateway/gateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;
using namespace lifeline::test;

class TestGatewayPassThrough : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void answerIsTheUpstreamsTextWithTheClientsId_data();
    void answerIsTheUpstreamsTextWithTheClientsId();
    void upstreamErrorKeepsItsDataAsText();
    void whatCannotBePassedOnTakesTheObjectPath_data();
    void whatCannotBePassedOnTakesTheObjectPath();
    void lifelinesOwnAnswersAreObjects();

private:
    GatewayAnswer forward(const QByteArray &text, const QString &target = u"fx"_s);

    std::unique_ptr<MonitorEngine> m_engine;
    QHash<quint64, GatewayAnswer> m_answers;
};

void TestGatewayPassThrough::initTestCase()
{
    registerMetaTypes();
    m_engine = std::make_unique<MonitorEngine>();
    connect(m_engine->gateway(), &Gateway::answered, this,
        [this](quint64 ticket, const GatewayAnswer &answer) { m_answers.insert(ticket, answer); });
    Config config;
    config.servers = {stdioFixture({}, u"fx"_s)};
    m_engine->applyConfig(config);
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->supervisor(u"fx"_s)->state(), HealthState::Healthy, 10000);
}

void TestGatewayPassThrough::cleanupTestCase()
{
    m_engine->shutdown();
    m_engine.reset();
    QTRY_VERIFY2(ourChildren().isEmpty(), "a server process outlived the test");
}

GatewayAnswer TestGatewayPassThrough::forward(const QByteArray &text, const QString &target)
{
    const quint64 ticket = Gateway::newTicket();
    const QJsonObject request = QJsonDocument::fromJson(text).object();
    m_engine->gateway()->forward(ticket, Gateway::TargetKind::Server, target, request, text);
    if (!QTest::qWaitFor([&] { return m_answers.contains(ticket); }, 10000))
        return {};
    return m_answers.take(ticket);
}

void TestGatewayPassThrough::answerIsTheUpstreamsTextWithTheClientsId_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("echoed");
    const auto echo = [](const QByteArray &id, const QByteArray &textJson) {
        return R"({"jsonrpc":"2.0","id":)" + id
            + R"(,"method":"tools/call","params":{"name":"echo","arguments":{"text":)" + textJson + "}}}";
    };
    QTest::newRow("number id") << echo("7", R"("plain")") << u"plain"_s;
    QTest::newRow("negative id") << echo("-3", R"("x")") << u"x"_s;
    QTest::newRow("2^53 id") << echo("9007199254740992", R"("x")") << u"x"_s;
    QTest::newRow("fractional id") << echo("1.5", R"("x")") << u"x"_s;
    QTest::newRow("string id") << echo(R"("req-1")", R"("x")") << u"x"_s;
    QTest::newRow("string id with escapes") << echo(R"("a \"q\" \\ \n \u00e9 ✓")", R"("x")") << u"x"_s;
    QTest::newRow("escapes in the arguments") << echo("8", R"("caf\u00e9 \"quoted\" \\ back\/slash ✓ \n")")
                                              << u"caf\u00e9 \"quoted\" \\ back/slash ✓ \n"_s;
    QTest::newRow("client's own spacing") << "{\n  \"id\" : 9 ,\n  \"jsonrpc\":\"2.0\",\n  \"params\" : { "
                                             "\"arguments\" : { \"text\" : \"spaced\" } ,"
                                             " \"name\" : \"echo\" } ,\n  \"method\" : \"tools/call\"\n}\n"_ba
                                          << u"spaced"_s;
}

void TestGatewayPassThrough::answerIsTheUpstreamsTextWithTheClientsId()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, echoed);
    const GatewayAnswer answer = forward(request);
    QVERIFY2(answer.isText(), "the upstream's answer was rebuilt, not passed on");
    const QJsonObject a = answer.toObject();
    QCOMPARE(a.value("id"_L1), QJsonDocument::fromJson(request).object().value("id"_L1));
    QCOMPARE(a.value("jsonrpc"_L1).toString(), u"2.0"_s);
    const QJsonArray content = a.value("result"_L1).toObject().value("content"_L1).toArray();
    QCOMPARE(content.first().toObject().value("text"_L1).toString(), echoed);
    // Exactly one id, and it is the client's: the upstream's own never leaks.
    QCOMPARE(answer.toJson().count("\"id\""), 1);
}

void TestGatewayPassThrough::upstreamErrorKeepsItsDataAsText()
{
    const GatewayAnswer answer = forward(
        R"({"jsonrpc":"2.0","id":"e1","method":"tools/call","params":{"name":"echo","arguments":{"text":5}}})");
    QVERIFY(answer.isText());
    const QJsonObject error = answer.toObject().value("error"_L1).toObject();
    QCOMPARE(answer.toObject().value("id"_L1).toString(), u"e1"_s);
    QCOMPARE(error.value("code"_L1).toInt(), -32602);
    QCOMPARE(error.value("data"_L1).toObject().value("tool"_L1).toString(), u"echo"_s);
}

void TestGatewayPassThrough::whatCannotBePassedOnTakesTheObjectPath_data()
{
    QTest::addColumn<QByteArray>("request");
    // Parsers differ on which duplicate wins: the scanner refuses to guess, the parsed object rules.
    QTest::newRow("params twice")
        << R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"first"}},"params":{"name":"echo","arguments":{"text":"second"}}})"_ba;
    // The token is Lifeline's upstream (two clients may pick the same one): params are rebuilt.
    QTest::newRow("progress token")
        << R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"_meta":{"progressToken":"t"},"name":"echo","arguments":{"text":"tok"}}})"_ba;
    QTest::newRow("params not an object")
        << R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":[]})"_ba;
    QTest::newRow("no text at all") << QByteArray();
}

void TestGatewayPassThrough::whatCannotBePassedOnTakesTheObjectPath()
{
    QFETCH(QByteArray, request);
    QJsonObject object = QJsonDocument::fromJson(request).object();
    if (request.isEmpty()) {
        object = {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 4}, {"method"_L1, "tools/call"_L1},
            {"params"_L1,
                QJsonObject {
                    {"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "none"_L1}}}}}};
    }
    const quint64 ticket = Gateway::newTicket();
    m_engine->gateway()->forward(ticket, Gateway::TargetKind::Server, u"fx"_s, object, request);
    QTRY_VERIFY_WITH_TIMEOUT(m_answers.contains(ticket), 10000);
    const QJsonObject a = m_answers.take(ticket).toObject();
    QCOMPARE(a.value("id"_L1), object.value("id"_L1));
    QVERIFY2(a.contains("result"_L1), QJsonDocument(a).toJson().constData());
    const QJsonObject params = object.value("params"_L1).toObject();
    if (params.contains("arguments"_L1)) {
        // The text the parsed object holds is the one that went upstream.
        QCOMPARE(
            a.value("result"_L1).toObject().value("content"_L1).toArray().first().toObject().value("text"_L1),
            params.value("arguments"_L1).toObject().value("text"_L1));
    }
}

void TestGatewayPassThrough::lifelinesOwnAnswersAreObjects()
{
    const GatewayAnswer answer
        = forward(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo"}})", u"nobody"_s);
    QVERIFY(!answer.isText());
    QCOMPARE(answer.toObject().value("id"_L1).toInt(), 5);
    QVERIFY(
        answer.toObject().value("error"_L1).toObject().value("message"_L1).toString().contains(u"nobody"_s));
    QVERIFY(answer.toJson().startsWith('{'));
}

QTEST_GUILESS_MAIN(TestGatewayPassThrough)
#include "tst_gatewaypassthrough.moc"
