// `mcp-lifeline connect`'s backoff before it opens its GET stream again: the steps (250 ms doubling
// to 10 s, or from the server's retry:) and the jitter that keeps many clients out of lockstep; and
// the head it keeps of a line it sends on unparsed.
#include "connectcommand.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

using namespace lifeline;

class TestConnectBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepsDoubleFromTheBaseUpToTheCap_data();
    void stepsDoubleFromTheBaseUpToTheCap();
    void jitterStaysWithinHalfAndAllOfTheStep_data();
    void jitterStaysWithinHalfAndAllOfTheStep();
    void drawsAreSpreadNotInLockstep();
    void plainHeadKeepsIdAndMethodOrDefersToTheParser_data();
    void plainHeadKeepsIdAndMethodOrDefersToTheParser();
};

void TestConnectBackoff::stepsDoubleFromTheBaseUpToTheCap_data()
{
    QTest::addColumn<int>("retryMs");
    QTest::addColumn<QList<int>>("steps");
    QTest::newRow("no retry:") << 0 << QList<int> {250, 500, 1000, 2000, 4000, 8000, 10000, 10000};
    QTest::newRow("retry: 3000 is the base") << 3000 << QList<int> {3000, 6000, 10000, 10000};
    QTest::newRow("retry: above the cap") << 60000 << QList<int> {10000, 10000};
}

void TestConnectBackoff::stepsDoubleFromTheBaseUpToTheCap()
{
    QFETCH(int, retryMs);
    QFETCH(QList<int>, steps);
    int step = 0;
    for (int expected : steps) {
        step = ConnectBridge::nextReopenStepMs(step, retryMs);
        QCOMPARE(step, expected);
    }
}

void TestConnectBackoff::jitterStaysWithinHalfAndAllOfTheStep_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("first") << 250;
    QTest::newRow("retry:") << 3000;
    QTest::newRow("cap") << 10000;
}

void TestConnectBackoff::jitterStaysWithinHalfAndAllOfTheStep()
{
    QFETCH(int, step);
    QCOMPARE(ConnectBridge::jitteredMs(step, 0.0), step / 2);
    QCOMPARE(ConnectBridge::jitteredMs(step, 1.0), step); // never above the step, so never above the cap
    QRandomGenerator random(42);
    for (int i = 0; i < 1000; ++i) {
        const int d = ConnectBridge::jitteredMs(step, random.generateDouble());
        QVERIFY2(d >= step / 2 && d <= step, qPrintable(QString::number(d)));
    }
}

void TestConnectBackoff::drawsAreSpreadNotInLockstep()
{
    // 100 clients dropped together: their first reopens fall over the whole 125–250 ms range.
    QRandomGenerator random(7);
    QSet<int> delays;
    int lowest = 250, highest = 0;
    for (int i = 0; i < 100; ++i) {
        const int d
            = ConnectBridge::jitteredMs(ConnectBridge::nextReopenStepMs(0, 0), random.generateDouble());
        delays.insert(d);
        lowest = std::min(lowest, d);
        highest = std::max(highest, d);
    }
    QVERIFY2(delays.size() > 50, qPrintable(QString::number(delays.size())));
    QVERIFY(lowest < 150);
    QVERIFY(highest > 225);
}

// The bridge sends a plain line on unparsed, keeping only its id and method (what answering it
// needs); the head must read exactly what the parser would, or the line takes the parser.
void TestConnectBackoff::plainHeadKeepsIdAndMethodOrDefersToTheParser_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("plain");
    QTest::newRow("call") << R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x"}})"_ba
                          << true;
    QTest::newRow("string id, spaces")
        << R"( { "method" : "ping" , "id" : "a-1" , "jsonrpc":"2.0" } )"_ba << true;
    QTest::newRow("notification") << R"({"jsonrpc":"2.0","method":"notifications/initialized"})"_ba << true;
    QTest::newRow("answer to a relayed request")
        << R"({"jsonrpc":"2.0","id":"lifeline-relay-3","result":{}})"_ba << true;
    QTest::newRow("escaped method") << R"({"jsonrpc":"2.0","id":1,"method":"tools\/call"})"_ba << false;
    QTest::newRow("escaped id") << R"({"jsonrpc":"2.0","id":"a\"b","method":"ping"})"_ba << false;
    QTest::newRow("fraction id") << R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})"_ba << false;
    QTest::newRow("16-digit id") << R"({"jsonrpc":"2.0","id":1234567890123456,"method":"ping"})"_ba << false;
    QTest::newRow("null id") << R"({"jsonrpc":"2.0","id":null,"method":"ping"})"_ba << false;
    QTest::newRow("method not a string") << R"({"jsonrpc":"2.0","id":1,"method":5})"_ba << false;
    QTest::newRow("two methods") << R"({"jsonrpc":"2.0","id":1,"method":"a","method":"b"})"_ba << false;
    QTest::newRow("batch") << R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"_ba << false;
    QTest::newRow("not JSON") << "hello"_ba << false;
}

void TestConnectBackoff::plainHeadKeepsIdAndMethodOrDefersToTheParser()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, plain);
    const std::optional<QJsonObject> head = ConnectBridge::plainHead(line);
    QCOMPARE(head.has_value(), plain);
    if (!plain)
        return;
    const QJsonObject parsed = QJsonDocument::fromJson(line).object();
    QCOMPARE(head->value("id"_L1), parsed.value("id"_L1));
    QCOMPARE(head->value("method"_L1), parsed.value("method"_L1));
    QCOMPARE(head->size(), int(parsed.contains("id"_L1)) + int(parsed.contains("method"_L1)));
}

QTEST_APPLESS_MAIN(TestConnectBackoff)
#include "tst_connectbackoff.moc"
