// The gateway's JSON text scanner: it finds a top-level member's value in text a parser accepted,
// and says "not found" for what it cannot be sure of (duplicates, escaped keys), so the caller
// takes the slow path. Checked against QJsonDocument on written cases and on generated objects.
#include "protocol/jsonrpc.h"
#include "protocol/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestJsonText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void memberFindsTheTopLevelValue_data();
    void memberFindsTheTopLevelValue();
    void memberAgreesWithTheParserOnGeneratedObjects();
    void replacedKeepsEverythingElse();
    void encodedIdsReadBackAsTheSameId_data();
    void encodedIdsReadBackAsTheSameId();
    void requestWithParamsTextIsTheSameRequest();
};

void TestJsonText::memberFindsTheTopLevelValue_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value"); // empty: not found
    QTest::newRow("first") << R"({"id":17,"result":{}})"_ba
                           << "id"_ba
                           << "17"_ba;
    QTest::newRow("last") << R"({"result":{"id":1},"jsonrpc":"2.0","id":"x"})"_ba
                          << "id"_ba
                          << R"("x")"_ba;
    QTest::newRow("nested is not top level") << R"({"result":{"id":1}})"_ba
                                             << "id"_ba << QByteArray();
    QTest::newRow("spaces everywhere") << " \t{ \"a\" : [ 1 , {\"id\":2} ] ,\r\n \"id\" : -1.5e3 } \n"_ba
                                       << "id"_ba
                                       << "-1.5e3"_ba;
    QTest::newRow("braces and quotes in strings") << R"({"a":"}{][\"","id":"q\"uo\\","b":"\\"})"_ba
                                                  << "id"_ba
                                                  << R"("q\"uo\\")"_ba;
    QTest::newRow("backslashes before a quote") << R"({"a":"x\\\\","id":null})"_ba
                                                << "id"_ba
                                                << "null"_ba;
    QTest::newRow("object value") << R"({"params":{"name":"echo","arguments":{"t":"}"}},"id":1})"_ba
                                  << "params"_ba
                                  << R"({"name":"echo","arguments":{"t":"}"}})"_ba;
    QTest::newRow("array value") << R"({"params":[1,[2,{"x":"]"}]]})"_ba
                                 << "params"_ba
                                 << R"([1,[2,{"x":"]"}]])"_ba;
    QTest::newRow("literals") << R"({"a":true,"b":false,"id":0})"_ba
                              << "b"_ba
                              << "false"_ba;
    QTest::newRow("empty object") << "{}"_ba
                                  << "id"_ba << QByteArray();
    QTest::newRow("duplicate: not sure") << R"({"id":1,"id":2})"_ba
                                         << "id"_ba << QByteArray();
    QTest::newRow("escaped key: not matched") << R"({"\u0069d":1})"_ba
                                              << "id"_ba << QByteArray();
    QTest::newRow("key is a prefix") << R"({"idx":1,"i":2})"_ba
                                     << "id"_ba << QByteArray();
    QTest::newRow("array text") << R"([{"id":1}])"_ba
                                << "id"_ba << QByteArray();
    QTest::newRow("cut short") << R"({"id":1,"result":{"a":)"_ba
                               << "id"_ba << QByteArray();
    QTest::newRow("unterminated string") << R"({"a":"xyz,"id":1)"_ba
                                         << "id"_ba << QByteArray();
    QTest::newRow("garbage") << "not json at all"_ba
                             << "id"_ba << QByteArray();
    QTest::newRow("empty") << QByteArray() << "id"_ba << QByteArray();
}

void TestJsonText::memberFindsTheTopLevelValue()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    const jsontext::Span span = jsontext::member(text, key);
    QCOMPARE(span.isValid(), !value.isEmpty());
    if (span.isValid())
        QCOMPARE(text.mid(span.begin, span.size()), value);
}

namespace {

QJsonValue randomValue(QRandomGenerator &random, int depth);

QString randomString(QRandomGenerator &random)
{
    // The characters that trip scanners: quotes, backslashes, braces, brackets, controls, non-ASCII.
    static const QString alphabet = u"ab\"\\{}[]:, \n\t\u00e9\u2713/0"_s;
    QString s;
    const int n = random.bounded(8);
    for (int i = 0; i < n; ++i)
        s += alphabet.at(random.bounded(int(alphabet.size())));
    return s;
}

QJsonObject randomObject(QRandomGenerator &random, int depth)
{
    QJsonObject o;
    const int n = random.bounded(5);
    for (int i = 0; i < n; ++i)
        o.insert(random.bounded(3) == 0 ? u"id"_s : randomString(random), randomValue(random, depth + 1));
    return o;
}

QJsonValue randomValue(QRandomGenerator &random, int depth)
{
    switch (random.bounded(depth > 3 ? 4 : 6)) {
    case 0:
        return random.bounded(2) == 1;
    case 1:
        return random.bounded(-1000, 1000) / 8.0;
    case 2:
        return randomString(random);
    case 3:
        return QJsonValue::Null;
    case 4:
        return randomObject(random, depth);
    default: {
        QJsonArray a;
        const int n = random.bounded(4);
        for (int i = 0; i < n; ++i)
            a.append(randomValue(random, depth + 1));
        return a;
    }
    }
}

} // namespace

void TestJsonText::memberAgreesWithTheParserOnGeneratedObjects()
{
    QRandomGenerator random(20261207);
    int found = 0;
    for (int i = 0; i < 2000; ++i) {
        const QJsonObject object = randomObject(random, 0);
        for (const auto format : {QJsonDocument::Compact, QJsonDocument::Indented}) {
            const QByteArray text = QJsonDocument(object).toJson(format);
            for (const QString &key : object.keys()) {
                const QByteArray utf8 = key.toUtf8();
                const jsontext::Span span = jsontext::member(text, utf8);
                const bool escaped = utf8.contains('"') || utf8.contains('\\') || utf8.contains('\n')
                    || utf8.contains('\t') || utf8.contains('/');
                if (escaped) // the encoder writes such a key with escapes: the scanner must not match wrongly
                    continue;
                QVERIFY2(span.isValid(), text.constData());
                // The value's text parses to the value the parser found.
                const QJsonDocument doc
                    = QJsonDocument::fromJson("[" + text.mid(span.begin, span.size()) + "]");
                QCOMPARE(doc.array().first(), object.value(key));
                ++found;
            }
            QVERIFY(!jsontext::member(text, "no such key").isValid());
        }
    }
    QVERIFY(found > 1000);
}

void TestJsonText::replacedKeepsEverythingElse()
{
    const QByteArray text = "  {\"jsonrpc\":\"2.0\",\"id\":17,\"result\":{\"n\":1.50}}\r\n"_ba;
    const jsontext::Span id = jsontext::member(text, "id");
    QVERIFY(id.isValid());
    QCOMPARE(jsontext::replaced(text, id, R"("client-1")"),
        R"({"jsonrpc":"2.0","id":"client-1","result":{"n":1.50}})"_ba); // 1.50 as written

    // An indented answer (an HTTP server's body, an SSE event's several data lines) comes out on
    // one line, the same JSON: it goes into an event stream's data field as it is.
    const QJsonObject object {{"jsonrpc"_L1, "2.0"_L1}, {"id"_L1, 3},
        {"result"_L1, QJsonObject {{"text"_L1, "line\nbreak \"q\""_L1}, {"list"_L1, QJsonArray {1, 2}}}}};
    const QByteArray indented
        = QJsonDocument(object).toJson(QJsonDocument::Indented).replace("\n  ", "\r\n  ");
    QVERIFY(indented.contains('\n') && indented.contains('\r'));
    const QByteArray oneLine = jsontext::replaced(indented, jsontext::member(indented, "id"), "4");
    QVERIFY2(!oneLine.contains('\n') && !oneLine.contains('\r'), oneLine.constData());
    QJsonObject expected = object;
    expected.insert("id"_L1, 4);
    QCOMPARE(QJsonDocument::fromJson(oneLine).object(), expected);
}

void TestJsonText::encodedIdsReadBackAsTheSameId_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::newRow("small") << QJsonValue(3);
    QTest::newRow("zero") << QJsonValue(0);
    QTest::newRow("negative") << QJsonValue(-42);
    QTest::newRow("2^53") << QJsonValue(9007199254740992.0);
    QTest::newRow("big") << QJsonValue(1e300);
    QTest::newRow("fraction") << QJsonValue(1.5);
    QTest::newRow("plain string") << QJsonValue(u"req-7"_s);
    QTest::newRow("empty string") << QJsonValue(u""_s);
    QTest::newRow("string to escape") << QJsonValue(u"a \"q\" \\ \n\t\u0001 \u00e9\u2713"_s);
}

void TestJsonText::encodedIdsReadBackAsTheSameId()
{
    QFETCH(QJsonValue, id);
    const QByteArray text = jsontext::encodeId(id);
    QVERIFY(!text.isEmpty());
    const QJsonDocument doc = QJsonDocument::fromJson("{\"id\":" + text + "}");
    QVERIFY2(doc.isObject(), text.constData());
    QCOMPARE(doc.object().value("id"_L1), id);
    QVERIFY(jsontext::encodeId(QJsonValue(QJsonValue::Null)).isEmpty());
    QVERIFY(jsontext::encodeId(QJsonObject {}).isEmpty());
}

void TestJsonText::requestWithParamsTextIsTheSameRequest()
{
    const QJsonObject params {
        {"name"_L1, "echo"_L1}, {"arguments"_L1, QJsonObject {{"text"_L1, "caf\u00e9 \"x\""_L1}}}};
    const QByteArray paramsText = QJsonDocument(params).toJson(QJsonDocument::Indented);
    for (const QString &method : {u"tools/call"_s, u"odd \"method\""_s}) {
        const QByteArray fromText = jsonrpc::encodeRequest(9, method, QByteArrayView(paramsText));
        const QByteArray fromObject = jsonrpc::encodeRequest(9, method, params);
        QCOMPARE(QJsonDocument::fromJson(fromText).object(), QJsonDocument::fromJson(fromObject).object());
    }
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
