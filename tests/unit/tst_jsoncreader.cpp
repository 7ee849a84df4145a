#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "config/jsonckeyindex.h"
#include "config/jsoncreader.h"

using namespace Qt::StringLiterals;
using lifeline::JsoncKeyIndex;
using lifeline::JsoncReader;

namespace {

// Every scalar in the document, decoded by the reader, in file order.
class ScalarCollector final : public JsoncReader::Handler
{
public:
    void beginContainer(bool, qsizetype) override { }
    void endContainer(qsizetype) override { }
    bool wantsKey(int) const override { return true; }
    void key(const QString &, qsizetype) override { }
    bool wantsValues() const override { return true; }
    void scalar(const QJsonValue &value, QByteArrayView token, qsizetype) override
    {
        values.append(value);
        tokens.append(token.toByteArray());
    }

    QJsonArray values;
    QByteArrayList tokens;
};

QString at(const JsoncReader &reader, qsizetype offset)
{
    const auto [line, column] = reader.lineColumn(offset);
    return QString::number(line) + u':' + QString::number(column);
}

} // namespace

class TestJsoncReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanedTextIsPlainJson_data();
    void cleanedTextIsPlainJson();
    void firstSyntaxErrorIsLocated_data();
    void firstSyntaxErrorIsLocated();
    void nestingIsLimited();
    void emptyTextIsEmptyNotBroken_data();
    void emptyTextIsEmptyNotBroken();
    void columnsCountCharactersNotBytes_data();
    void columnsCountCharactersNotBytes();
    void keyIndexKnowsPositionsOrderAndDuplicates();
    void keyIndexStopsAtItsDepth();
    void scalarsDecodeAsQJsonDocumentDoes_data();
    void scalarsDecodeAsQJsonDocumentDoes();
};

void TestJsoncReader::cleanedTextIsPlainJson_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("json"); // the document, compact
    QTest::addColumn<bool>("comments");

    QTest::newRow("plain") << QByteArray(R"({"a": [1, "x"]})") << QByteArray(R"({"a":[1,"x"]})") << false;
    QTest::newRow("line comment") << QByteArray("{ // note\n\"a\": 1}") << QByteArray(R"({"a":1})") << true;
    QTest::newRow("block comment") << QByteArray("{/* a\n b */\"a\": 1}") << QByteArray(R"({"a":1})") << true;
    QTest::newRow("comment at the end")
        << QByteArray("{\"a\": 1}\n// bye") << QByteArray(R"({"a":1})") << true;
    QTest::newRow("trailing commas") << QByteArray(R"({"a": [1, 2,], "b": {"c": 3,},})")
                                     << QByteArray(R"({"a":[1,2],"b":{"c":3}})") << false;
    QTest::newRow("comma before a comment")
        << QByteArray("{\"a\": 1, // last\n}") << QByteArray(R"({"a":1})") << true;
    QTest::newRow("slashes in a string")
        << QByteArray(R"({"u": "https://h//p/*x*/"})") << QByteArray(R"({"u":"https://h//p/*x*/"})") << false;
    QTest::newRow("escapes") << QByteArray(R"({"e": "q\"b\\s\/n\nu\u00e9"})")
                             << QByteArray(R"({"e":"q\"b\\s/n\nué"})") << false;
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF{\"a\": true}") << QByteArray(R"({"a":true})") << false;
}

void TestJsoncReader::cleanedTextIsPlainJson()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, json);
    QFETCH(bool, comments);
    JsoncReader reader(text);
    QVERIFY2(!reader.failed(), qPrintable(reader.errorMessage()));
    QCOMPARE(reader.cleaned().size(), text.size()); // offsets are kept
    QCOMPARE(reader.hasComments(), comments);
    const std::optional<QJsonObject> object = reader.object();
    QVERIFY(object);
    QCOMPARE(QJsonDocument(*object).toJson(QJsonDocument::Compact), json);
}

void TestJsoncReader::firstSyntaxErrorIsLocated_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("message");

    QTest::newRow("missing comma") << QByteArray("{\"a\": 1\n \"b\": 2}") << u"2:2"_s << u"missing comma"_s;
    QTest::newRow("unterminated string")
        << QByteArray("{\"a\": \"abc\n}") << u"1:7"_s << u"unterminated string"_s;
    QTest::newRow("unterminated string at the end")
        << QByteArray("{\"a\": \"ab\\") << u"1:7"_s << u"unterminated string"_s;
    QTest::newRow("unterminated comment")
        << QByteArray("{\"a\": 1 /* never\nclosed") << u"1:9"_s << u"unterminated comment"_s;
    QTest::newRow("unterminated object")
        << QByteArray("{\"a\": [1, 2]") << u"1:13"_s << u"unexpected end of file: missing '}'"_s;
    QTest::newRow("end after a key") << QByteArray("{\"a\"") << u"1:5"_s
                                     << u"unexpected end of file, expected ':'"_s;
    QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << u"1:6"_s << u"missing ':' after a key"_s;
    QTest::newRow("top level array") << QByteArray("[1]") << u"1:1"_s
                                     << u"expected a JSON object ({ … }) at the top level"_s;
    QTest::newRow("text after the document")
        << QByteArray("{} x") << u"1:4"_s << u"unexpected text after the end of the JSON document"_s;
    QTest::newRow("single quotes") << QByteArray("{'a': 1}") << u"1:2"_s
                                   << u"unexpected \"'\": JSON strings and keys need double quotes"_s;
    QTest::newRow("curly quotes") << QByteArray("{\"a\": \xE2\x80\x9Cx\xE2\x80\x9D}") << u"1:7"_s
                                  << u"unexpected '\u201C': curly quotes are not JSON quotes, use \""_s;
    QTest::newRow("wrong close") << QByteArray("{\"a\": [1}") << u"1:9"_s
                                 << u"expected ',' or ']' but found '}'"_s;
    QTest::newRow("invalid escape") << QByteArray(R"({"a": "\x"})") << u"1:8"_s
                                    << u"invalid escape sequence in a string"_s;
    QTest::newRow("short \\u escape")
        << QByteArray(R"({"a": "\u12"})") << u"1:8"_s << u"invalid \\u escape: expected four hex digits"_s;
    QTest::newRow("control character") << QByteArray("{\"a\": \"\t\"}") << u"1:8"_s
                                       << u"control character U+0009 in a string must be escaped"_s;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"a\": \"\xC0\xAF\"}") << u"1:8"_s
                                   << u"invalid UTF-8 in a string"_s;
    QTest::newRow("stray byte") << QByteArray("{\"a\": \xFF}") << u"1:7"_s
                                << u"unexpected byte 0xff, expected a value"_s;
    QTest::newRow("invalid number") << QByteArray("{\"a\": 01}") << u"1:7"_s << u"invalid number"_s;
    QTest::newRow("unquoted duration") << QByteArray("{\"a\": 5s}") << u"1:7"_s << u"invalid number"_s;
    QTest::newRow("number out of range")
        << QByteArray("{\"a\": 1e999}") << u"1:7"_s << u"number out of range"_s;
    QTest::newRow("bad literal") << QByteArray("{\"a\": nul}") << u"1:7"_s
                                 << u"unexpected 'n', expected a value"_s;
    QTest::newRow("after a BOM") << QByteArray("\xEF\xBB\xBF{,}") << u"1:2"_s
                                 << u"unexpected ',', expected a key in double quotes"_s;
}

void TestJsoncReader::firstSyntaxErrorIsLocated()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    QFETCH(QString, message);
    JsoncReader reader(text);
    QVERIFY(reader.failed());
    QVERIFY(!reader.empty());
    QCOMPARE(reader.errorMessage(), message);
    QCOMPARE(at(reader, reader.errorOffset()), where);
    QVERIFY(!reader.object());
}

void TestJsoncReader::nestingIsLimited()
{
    const int limit = JsoncReader::kMaxNesting;
    const QByteArray deepest = "{\"a\":" + QByteArray(limit - 1, '[') + QByteArray(limit - 1, ']') + '}';
    QVERIFY(!JsoncReader(deepest).failed());
    const QByteArray tooDeep = "{\"a\":" + QByteArray(limit, '[') + QByteArray(limit, ']') + '}';
    JsoncReader reader(tooDeep);
    QVERIFY(reader.failed());
    QCOMPARE(reader.errorMessage(), u"nesting is too deep (more than 1024 levels)"_s);
    QCOMPARE(reader.errorOffset(), qsizetype(5 + limit - 1));
}

void TestJsoncReader::emptyTextIsEmptyNotBroken_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("comments");
    QTest::newRow("nothing") << QByteArray() << false;
    QTest::newRow("blanks") << QByteArray(" \n\t\r\n") << false;
    QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << false;
    QTest::newRow("comments only") << QByteArray("// nothing yet\n/* later */") << true;
}

void TestJsoncReader::emptyTextIsEmptyNotBroken()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, comments);
    JsoncReader reader(text);
    QVERIFY(reader.failed());
    QVERIFY(reader.empty());
    QCOMPARE(reader.errorMessage(), u"the file is empty"_s);
    QCOMPARE(reader.hasComments(), comments);
}

void TestJsoncReader::columnsCountCharactersNotBytes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");

    QTest::newRow("ascii") << QByteArray("{\"ab\": x}") << u"1:8"_s;
    QTest::newRow("two-byte") << QByteArray("{\"\xC3\xA9\xC3\xA9\": x}") << u"1:8"_s; // "éé"
    QTest::newRow("three-byte") << QByteArray("{\"\xE2\x82\xAC\": x}") << u"1:7"_s; // "€"
    QTest::newRow("four-byte") << QByteArray("{\"\xF0\x9F\x98\x80\": x}") << u"1:7"_s; // an emoji
    QTest::newRow("second line") << QByteArray("{\n  \"\xC3\xA9\": x}") << u"2:8"_s;
    QTest::newRow("CRLF") << QByteArray("{\r\n\"a\": x}") << u"2:6"_s;
    QTest::newRow("after a BOM") << QByteArray("\xEF\xBB\xBF{\"a\": x}") << u"1:7"_s;
}

void TestJsoncReader::columnsCountCharactersNotBytes()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    JsoncReader reader(text);
    QVERIFY(reader.failed());
    QCOMPARE(at(reader, reader.errorOffset()), where);
}

void TestJsoncReader::keyIndexKnowsPositionsOrderAndDuplicates()
{
    const QByteArray text = "{\n"
                            "  \"zeta\": 1, // first\n"
                            "  \"alpha\": {\"b\": [10, {\"deep\": true}], \"a\": 2},\n"
                            "  \"zeta\": 3,\n"
                            "}";
    JsoncKeyIndex index;
    JsoncReader reader(text, &index);
    QVERIFY2(!reader.failed(), qPrintable(reader.errorMessage()));
    QCOMPARE(index.keysOf({}), (QStringList {u"zeta"_s, u"alpha"_s}));
    QCOMPARE(index.keysOf({u"alpha"_s}), (QStringList {u"b"_s, u"a"_s}));
    QCOMPARE(at(reader, index.offsetOf({u"alpha"_s})), u"3:3"_s);
    QCOMPARE(at(reader, index.offsetOf({u"alpha"_s, u"a"_s})), u"3:40"_s);
    QCOMPARE(at(reader, index.offsetOf({u"alpha"_s, u"b"_s, u"[0]"_s})), u"3:19"_s);
    QCOMPARE(at(reader, index.offsetOf({u"alpha"_s, u"b"_s, u"[1]"_s})), u"3:23"_s);
    QCOMPARE(at(reader, index.offsetOf({u"alpha"_s, u"b"_s, u"[1]"_s, u"deep"_s})), u"3:24"_s);
    QCOMPARE(index.offsetOf({u"missing"_s}), qsizetype(-1));
    // The last duplicate is the one that counts, as in QJsonDocument.
    QCOMPARE(at(reader, index.offsetOf({u"zeta"_s})), u"4:3"_s);
    QCOMPARE(index.duplicates().size(), 1);
    QCOMPARE(index.duplicates().first().first, (QStringList {u"zeta"_s}));
    QCOMPARE(at(reader, index.duplicates().first().second), u"4:3"_s);
}

void TestJsoncReader::keyIndexStopsAtItsDepth()
{
    QByteArray text;
    for (int i = 0; i < JsoncKeyIndex::kDepth + 1; ++i)
        text += "{\"k" + QByteArray::number(i) + "\":";
    text += "1" + QByteArray(JsoncKeyIndex::kDepth + 1, '}');
    JsoncKeyIndex index;
    JsoncReader reader(text, &index);
    QVERIFY(!reader.failed());
    QStringList path;
    for (int i = 0; i < JsoncKeyIndex::kDepth; ++i)
        path.append(u"k"_s + QString::number(i));
    QVERIFY(index.offsetOf(path) > 0);
    QCOMPARE(index.offsetOf(path + QStringList {u"k6"_s}), qsizetype(-1));
}

void TestJsoncReader::scalarsDecodeAsQJsonDocumentDoes_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArrayList tokens = {"0", "-0", "42", "-17", "9007199254740993", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "1.5", "-0.0", "1e3", "1E-2", "2.5e+10", "true",
        "false", "null", R"("")", R"("a\tb")", R"("\ud83d\ude00")", R"("\ud800")", "\"\xC3\xA9\""};
    for (const QByteArray &token : tokens)
        QTest::newRow(token.constData()) << token;
}

void TestJsoncReader::scalarsDecodeAsQJsonDocumentDoes()
{
    QFETCH(QByteArray, token);
    ScalarCollector collector;
    JsoncReader reader("{\"v\": " + token + "}", &collector);
    QVERIFY2(!reader.failed(), qPrintable(reader.errorMessage()));
    QCOMPARE(collector.tokens, QByteArrayList {token});
    const QJsonValue expected = QJsonDocument::fromJson("{\"v\": " + token + "}").object().value(u"v"_s);
    const QJsonValue actual = collector.values.at(0);
    QCOMPARE(actual, expected);
    QCOMPARE(actual.toInteger(), expected.toInteger());
    QCOMPARE(QJsonDocument(QJsonArray {actual}).toJson(), QJsonDocument(QJsonArray {expected}).toJson());
}

QTEST_APPLESS_MAIN(TestJsoncReader)
#include "tst_jsoncreader.moc"
