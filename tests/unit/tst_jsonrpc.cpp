#include "protocol/jsonrpc.h"
#include "protocol/lineframer.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestJsonRpc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesKinds_data();
    void decodesKinds();
    void parseReportsGarbageAndBatches();
    void idKeysDistinguishNumbersAndStrings();
    void framerSplitsLinesAcrossChunks();
    void framerDropsOversizedLineWithoutBufferingIt();
    void framerRecoversAfterOversizedLine();
    void framerHandlesCrLfAndBlankLines();
};

void TestJsonRpc::decodesKinds_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("method");
    using K = jsonrpc::Kind;
    QTest::newRow("request") << R"({"jsonrpc":"2.0","id":1,"method":"ping"})"_ba << int(K::Request)
                             << u"ping"_s;
    QTest::newRow("request string id")
        << R"({"jsonrpc":"2.0","id":"a","method":"x","params":{}})"_ba << int(K::Request) << u"x"_s;
    QTest::newRow("notification")
        << R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info"}})"_ba
        << int(K::Notification) << u"notifications/message"_s;
    QTest::newRow("response") << R"({"jsonrpc":"2.0","id":7,"result":{}})"_ba << int(K::Response)
                              << QString();
    QTest::newRow("error") << R"({"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"nope"}})"_ba
                           << int(K::Error) << QString();
    QTest::newRow("no version") << R"({"id":1,"method":"ping"})"_ba << int(K::Invalid) << QString();
    QTest::newRow("wrong version") << R"({"jsonrpc":"1.0","id":1,"method":"ping"})"_ba << int(K::Invalid)
                                   << QString();
    QTest::newRow("object id") << R"({"jsonrpc":"2.0","id":{},"method":"ping"})"_ba << int(K::Invalid)
                               << QString();
    QTest::newRow("result without id")
        << R"({"jsonrpc":"2.0","result":{}})"_ba << int(K::Invalid) << QString();
    QTest::newRow("params scalar") << R"({"jsonrpc":"2.0","id":1,"method":"x","params":3})"_ba
                                   << int(K::Invalid) << QString();
    QTest::newRow("error without code")
        << R"({"jsonrpc":"2.0","id":1,"error":{"message":"x"}})"_ba << int(K::Invalid) << QString();
    QTest::newRow("method not string")
        << R"({"jsonrpc":"2.0","id":1,"method":5})"_ba << int(K::Invalid) << QString();
    QTest::newRow("empty object") << "{}"_ba << int(K::Invalid) << QString();
}

void TestJsonRpc::decodesKinds()
{
    QFETCH(QByteArray, json);
    QFETCH(int, kind);
    QFETCH(QString, method);
    const jsonrpc::Message m = jsonrpc::decode(QJsonDocument::fromJson(json).object());
    QCOMPARE(int(m.kind), kind);
    if (m.kind != jsonrpc::Kind::Invalid)
        QCOMPARE(m.method, method);
    if (m.kind == jsonrpc::Kind::Invalid)
        QVERIFY(!m.invalidReason.isEmpty());
    if (m.kind == jsonrpc::Kind::Error)
        QCOMPARE(m.errorCode, -32601);
}

void TestJsonRpc::parseReportsGarbageAndBatches()
{
    QVERIFY(jsonrpc::parse("hello world").error.startsWith(u"not JSON"_s));
    QVERIFY(!jsonrpc::parse("[1,2]").error.isEmpty());
    QVERIFY(!jsonrpc::parse("42").error.isEmpty());
    QVERIFY(!jsonrpc::parse("[]").error.isEmpty());
    const auto batch
        = jsonrpc::parse(R"([{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","method":"n"}])");
    QVERIFY(batch.error.isEmpty());
    QCOMPARE(batch.objects.size(), 2);
    const QByteArray encoded = jsonrpc::encode(jsonrpc::makeRequest(3, u"ping"_s));
    QVERIFY(!encoded.contains('\n'));
    QCOMPARE(jsonrpc::decode(jsonrpc::parse(encoded).objects.first()).kind, jsonrpc::Kind::Request);
}

void TestJsonRpc::idKeysDistinguishNumbersAndStrings()
{
    QVERIFY(jsonrpc::idKey(QJsonValue(1)) != jsonrpc::idKey(QJsonValue(u"1"_s)));
    QCOMPARE(jsonrpc::idKey(QJsonValue(1)), jsonrpc::idKey(QJsonValue(1.0)));
    QVERIFY(jsonrpc::idKey(QJsonValue()).isEmpty());
}

void TestJsonRpc::framerSplitsLinesAcrossChunks()
{
    const QByteArray stream = "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
    // Every split point gives the same lines.
    for (int cut = 0; cut <= stream.size(); ++cut) {
        LineFramer f;
        QList<QByteArray> lines = f.feed(stream.left(cut)).lines;
        lines += f.feed(stream.mid(cut)).lines;
        QCOMPARE(lines, (QList<QByteArray> {"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
        QCOMPARE(f.bufferedBytes(), 0);
    }
}

void TestJsonRpc::framerDropsOversizedLineWithoutBufferingIt()
{
    LineFramer f(1024);
    const QByteArray chunk(700, 'x');
    int oversized = 0;
    for (int i = 0; i < 100; ++i) { // 70 KB without a newline
        const auto out = f.feed(chunk);
        QVERIFY(out.lines.isEmpty());
        oversized += out.oversizedLines;
        QVERIFY(f.bufferedBytes() <= 1024);
    }
    QCOMPARE(oversized, 1); // reported once, not once per chunk
}

void TestJsonRpc::framerRecoversAfterOversizedLine()
{
    LineFramer f(16);
    auto out = f.feed(QByteArray(40, 'y') + "\n{\"ok\":1}\n");
    QCOMPARE(out.oversizedLines, 1);
    QCOMPARE(out.lines, QList<QByteArray> {"{\"ok\":1}"});
    out = f.feed(QByteArray(20, 'z'));
    QCOMPARE(out.oversizedLines, 1);
    out = f.feed(QByteArray(20, 'z') + "\nshort\n");
    QCOMPARE(out.oversizedLines, 0);
    QCOMPARE(out.lines, QList<QByteArray> {"short"});
}

void TestJsonRpc::framerHandlesCrLfAndBlankLines()
{
    LineFramer f;
    const auto out = f.feed("a\r\n\r\n\nb\n   \n");
    QCOMPARE(out.lines, (QList<QByteArray> {"a", "b"}));
}

QTEST_APPLESS_MAIN(TestJsonRpc)
#include "tst_jsonrpc.moc"
