// What a transport does with an upstream's answer before the session sees it: the unparsed route
// (jsonrpc::plainResultId: a strict validation and one scan of the top-level members) against the
// parse it replaces (QJsonDocument, then the object). A small tools/call answer and an 11 MB
// resources/read answer. Figures go in the issue notes:
//   build/tests/bench/bench_jsontext                      (wall time)
//   valgrind --tool=callgrind build/tests/bench/bench_jsontext -callgrind smallAnswer   (instructions)
#include "protocol/jsonrpc.h"
#include "protocol/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {
QByteArray answer(const QByteArray &kind);
} // namespace

class BenchJsonText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void smallAnswer_data() { columns("small"); }
    void smallAnswer() { run(); }
    void largeAnswer_data() { columns("large"); }
    void largeAnswer() { run(); }

private:
    static void columns(const QByteArray &kind)
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("unparsed");
        const QByteArray text = answer(kind);
        QTest::newRow("plainResultId (unparsed)") << text << true;
        QTest::newRow("QJsonDocument (parsed)") << text << false;
    }
    static void run()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, unparsed);
        QVERIFY(jsonrpc::plainResultId(text) > 0);
        if (unparsed) {
            QBENCHMARK
            {
                if (jsonrpc::plainResultId(text) <= 0)
                    QFAIL("not plain");
            }
        } else {
            QBENCHMARK
            {
                if (QJsonDocument::fromJson(text).object().value("result"_L1).isUndefined())
                    QFAIL("no result");
            }
        }
    }
};

// After the class: moc stops reading the file at these literals' escapes.
namespace {

QByteArray answer(const QByteArray &kind)
{
    if (kind == "small")
        return R"({"jsonrpc":"2.0","id":1047,"result":{"content":[{"type":"text","text":"Echo: hello"}]}})"_ba;
    QByteArray big = R"({"jsonrpc":"2.0","id":7,"result":{"contents":[{"uri":"file:///notes.md","text":")"_ba;
    for (int i = 0; i < 200000; ++i)
        big += "a line of text with \\\"quotes\\\" and \xc3\xa9 accents, 0123456789\\n";
    return big + R"("}]}})";
}

} // namespace

QTEST_GUILESS_MAIN(BenchJsonText)
#include "bench_jsontext.moc"
