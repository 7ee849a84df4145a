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
    void isValidFollowsTheGrammarStrictly_data();
    void isValidFollowsTheGrammarStrictly();
    void isValidAcceptsWhatTheEncoderWrites();
    void isValidAcceptsNothingTheParserRefuses();
    void membersFindsEachKeyInOnePass();
    void plainIntegerReadsOnlyPlainIntegers();
    void plainResultIdReadsOnlyPlainAnswers_data();
    void plainResultIdReadsOnlyPlainAnswers();
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

void TestJsonText::isValidFollowsTheGrammarStrictly_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("object") << R"({"a":[1,-0.5,2e10,-3E-7,true,false,null,"x",{},[]]})"_ba << true;
    QTest::newRow("spaces around and between") << " \r\n\t{ \"a\" : [ 1 , { } ] } \n"_ba << true;
    QTest::newRow("array") << "[1,2]"_ba << true;
    QTest::newRow("escapes") << R"({"a":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"})"_ba << true;
    QTest::newRow("utf-8 up to 4 bytes") << "{\"a\":\"\xc3\xa9\xe2\x9c\x93\xf0\x9f\x98\x80\"}"_ba << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("only space") << "  "_ba << false;
    QTest::newRow("two values") << "{} {}"_ba << false;
    QTest::newRow("a bare scalar") << "5"_ba << false;
    QTest::newRow("garbage after") << "{}x"_ba << false;
    QTest::newRow("trailing comma in object") << R"({"a":1,})"_ba << false;
    QTest::newRow("trailing comma in array") << "[1,]"_ba << false;
    QTest::newRow("missing colon") << R"({"a" 1})"_ba << false;
    QTest::newRow("key not a string") << "{a:1}"_ba << false;
    QTest::newRow("unclosed") << R"({"a":[1})"_ba << false;
    QTest::newRow("mismatched close") << R"({"a":1])"_ba << false;
    QTest::newRow("single quotes") << "{'a':1}"_ba << false;
    QTest::newRow("leading zero") << R"({"a":01})"_ba << false;
    QTest::newRow("plus sign") << R"({"a":+1})"_ba << false;
    QTest::newRow("bare point") << R"({"a":1.})"_ba << false;
    QTest::newRow("point first") << R"({"a":.5})"_ba << false;
    QTest::newRow("empty exponent") << R"({"a":1e})"_ba << false;
    QTest::newRow("exponent of three digits (may overflow)") << R"({"a":1e400})"_ba << false;
    QTest::newRow("41 digits (may overflow)") << ("{\"a\":" + QByteArray(41, '9') + "}") << false;
    QTest::newRow("NaN") << R"({"a":NaN})"_ba << false;
    QTest::newRow("truncated literal") << R"({"a":tru})"_ba << false;
    QTest::newRow("literal with more") << R"({"a":truex})"_ba << false;
    QTest::newRow("raw newline in a string") << "{\"a\":\"x\ny\"}"_ba << false;
    QTest::newRow("raw NUL in a string") << QByteArray("{\"a\":\"x\0y\"}", 11) << false;
    QTest::newRow("unknown escape") << R"({"a":"\x41"})"_ba << false;
    QTest::newRow("short \\u") << R"({"a":"\u12"})"_ba << false;
    QTest::newRow("lone high surrogate") << R"({"a":"\uD83D"})"_ba << false;
    QTest::newRow("lone low surrogate") << R"({"a":"\uDE00"})"_ba << false;
    QTest::newRow("high then not low") << R"({"a":"\uD83D\u0041"})"_ba << false;
    QTest::newRow("overlong 2-byte") << "{\"a\":\"\xc0\xaf\"}"_ba << false;
    QTest::newRow("overlong 3-byte") << "{\"a\":\"\xe0\x80\xaf\"}"_ba << false;
    QTest::newRow("encoded surrogate") << "{\"a\":\"\xed\xa0\x80\"}"_ba << false;
    QTest::newRow("beyond U+10FFFF") << "{\"a\":\"\xf4\x90\x80\x80\"}"_ba << false;
    QTest::newRow("continuation first") << "{\"a\":\"\x80\"}"_ba << false;
    QTest::newRow("cut sequence") << "{\"a\":\"\xe2\x9c\"}"_ba << false;
    QTest::newRow("latin-1 byte") << "{\"a\":\"caf\xe9\"}"_ba << false;
    QTest::newRow("non-ASCII outside a string") << "{\"a\":1\xc2\xa0}"_ba << false;
    QTest::newRow("256 deep") << (QByteArray(255, '[') + "{}" + QByteArray(255, ']')) << true;
    QTest::newRow("257 deep") << (QByteArray(256, '[') + "{}" + QByteArray(256, ']')) << false;
}

void TestJsonText::isValidFollowsTheGrammarStrictly()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(jsontext::isValid(text), valid);
    // What it accepts, the parser reads too.
    if (valid)
        QVERIFY(!QJsonDocument::fromJson(text).isNull());
}

void TestJsonText::isValidAcceptsWhatTheEncoderWrites()
{
    QRandomGenerator random(4711);
    for (int i = 0; i < 2000; ++i) {
        const QJsonObject object = randomObject(random, 0);
        for (const auto format : {QJsonDocument::Compact, QJsonDocument::Indented}) {
            const QByteArray text = QJsonDocument(object).toJson(format);
            QVERIFY2(jsontext::isValid(text), text.constData());
        }
    }
}

// The property the gateway relies on: text isValid() accepts is passed on unparsed, so it must be
// text the parser would have accepted. Encoded objects with bytes changed, inserted or dropped
// (the bytes that matter to the grammar and to UTF-8): whatever isValid() accepts, the parser reads.
void TestJsonText::isValidAcceptsNothingTheParserRefuses()
{
    static const QByteArray bytes
        = "\"\\u{}[]:,0123456789.eE+-tfn \n\x01\x7f\x80\xbf\xc0\xc3\xe2\xed\xf0\xf4\xf5\xff"_ba;
    QRandomGenerator random(20261207);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray text = QJsonDocument(randomObject(random, 0)).toJson(QJsonDocument::Compact);
        const int edits = 1 + random.bounded(3);
        for (int e = 0; e < edits && !text.isEmpty(); ++e) {
            const qsizetype at = random.bounded(int(text.size()));
            const char b = bytes.at(random.bounded(int(bytes.size())));
            switch (random.bounded(3)) {
            case 0:
                text[at] = b;
                break;
            case 1:
                text.insert(at, b);
                break;
            default:
                text.remove(at, 1);
            }
        }
        if (jsontext::isValid(text)) {
            ++accepted;
            QJsonParseError error;
            QJsonDocument::fromJson(text, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, text.toPercentEncoding().constData());
        } else {
            ++refused;
        }
    }
    QVERIFY(accepted > 1000); // both sides of the line were explored
    QVERIFY(refused > 1000);
}

void TestJsonText::membersFindsEachKeyInOnePass()
{
    const QByteArray text = R"({"id":7, "jsonrpc":"2.0","result":{"id":1,"method":"x"}})"_ba;
    jsontext::Span found[3];
    QVERIFY(jsontext::members(text, {"result", "id", "method"}, found));
    QCOMPARE(text.mid(found[0].begin, found[0].size()), R"({"id":1,"method":"x"})"_ba);
    QCOMPARE(text.mid(found[1].begin, found[1].size()), "7"_ba);
    QVERIFY(!found[2].isValid()); // only inside the result: not a top-level member
    QVERIFY(!jsontext::members(R"({"id":1,"id":2})", {"id"}, found)); // twice
    QVERIFY(jsontext::members(R"({"a":1,"a":2,"id":3})", {"id"}, found)); // a duplicate nobody asked for
    QVERIFY(!jsontext::members(R"({"\u0069d":1})", {"result"}, found)); // any escaped key: unsure
    QVERIFY(!jsontext::members("[1]", {"id"}, found));
    QVERIFY(jsontext::members("{}", {"id"}, found));
    QVERIFY(!found[0].isValid());
}

void TestJsonText::plainIntegerReadsOnlyPlainIntegers()
{
    QCOMPARE(jsontext::plainInteger("0"), 0);
    QCOMPARE(jsontext::plainInteger("42"), 42);
    QCOMPARE(jsontext::plainInteger("999999999999999"), 999999999999999);
    for (const char *other : {"1000000000000000", "01", "-1", "1.0", "1e2", "\"1\"", "", "null", "4 "})
        QCOMPARE(jsontext::plainInteger(other), -1);
}

void TestJsonText::plainResultIdReadsOnlyPlainAnswers_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("id");
    QTest::newRow("answer") << R"({"jsonrpc":"2.0","id":12,"result":{}})"_ba << qint64(12);
    QTest::newRow("any order, spaces")
        << " {\"result\" : [1] , \"id\" : 0 ,\"jsonrpc\":\"2.0\"}\n"_ba << qint64(0);
    QTest::newRow("result null") << R"({"jsonrpc":"2.0","id":3,"result":null})"_ba << qint64(3);
    QTest::newRow("other members") << R"({"jsonrpc":"2.0","id":3,"result":1,"x":{}})"_ba << qint64(3);
    QTest::newRow("15 digits") << R"({"jsonrpc":"2.0","id":999999999999999,"result":1})"_ba
                               << qint64(999999999999999);
    QTest::newRow("error answer") << R"({"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"x"}})"_ba
                                  << qint64(-1);
    QTest::newRow("request") << R"({"jsonrpc":"2.0","id":1,"method":"x","result":1})"_ba << qint64(-1);
    QTest::newRow("string id") << R"({"jsonrpc":"2.0","id":"1","result":1})"_ba << qint64(-1);
    QTest::newRow("negative id") << R"({"jsonrpc":"2.0","id":-1,"result":1})"_ba << qint64(-1);
    QTest::newRow("fraction id") << R"({"jsonrpc":"2.0","id":1.0,"result":1})"_ba << qint64(-1);
    QTest::newRow("exponent id") << R"({"jsonrpc":"2.0","id":1e2,"result":1})"_ba << qint64(-1);
    QTest::newRow("16 digits") << R"({"jsonrpc":"2.0","id":1000000000000000,"result":1})"_ba << qint64(-1);
    QTest::newRow("no id") << R"({"jsonrpc":"2.0","result":1})"_ba << qint64(-1);
    QTest::newRow("no version") << R"({"id":1,"result":1})"_ba << qint64(-1);
    QTest::newRow("other version") << R"({"jsonrpc":"1.0","id":1,"result":1})"_ba << qint64(-1);
    QTest::newRow("escaped version") << R"({"jsonrpc":"2\u002e0","id":1,"result":1})"_ba << qint64(-1);
    QTest::newRow("two ids") << R"({"jsonrpc":"2.0","id":1,"id":2,"result":1})"_ba << qint64(-1);
    QTest::newRow("escaped key") << R"({"jsonrpc":"2.0","i\u0064":1,"result":1})"_ba << qint64(-1);
    QTest::newRow("invalid JSON") << "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"\xc0\xaf\"}"_ba
                                  << qint64(-1);
    QTest::newRow("batch") << R"([{"jsonrpc":"2.0","id":1,"result":1}])"_ba << qint64(-1);
    QTest::newRow("\"result\" only in a string")
        << R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"a":"\"result\""}})"_ba << qint64(-1);
}

// A -1 sends the text to the parser: correct, only slower. An id where decode() would not see a
// plain response would skip the session's checks: each row is checked against decode() too.
void TestJsonText::plainResultIdReadsOnlyPlainAnswers()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, id);
    QCOMPARE(jsonrpc::plainResultId(text), id);
    if (id >= 0) {
        const jsonrpc::Parsed parsed = jsonrpc::parse(text);
        QCOMPARE(parsed.objects.size(), 1);
        const jsonrpc::Message m = jsonrpc::decode(parsed.objects.first());
        QCOMPARE(m.kind, jsonrpc::Kind::Response);
        QCOMPARE(m.id.toInteger(), id);
    }
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
