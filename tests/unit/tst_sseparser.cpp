#include "protocol/sseparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesEventsWhateverTheChunking_data();
    void parsesEventsWhateverTheChunking();
    void keepsRetryAndLastEventId();
    void ignoresInvalidRetryAndIdWithNul();
    void dropsOversizedEvent();
    void resetKeepsIdAndRetryForReconnection();
};

void TestSseParser::parsesEventsWhateverTheChunking_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("types");
    QTest::addColumn<QList<QByteArray>>("data");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("one message") << "data: {\"a\":1}\n\n"_ba << QStringList {u"message"_s}
                                 << QList<QByteArray> {"{\"a\":1}"} << QStringList {QString()};
    QTest::newRow("multi-line data") << "data: line1\ndata: line2\ndata:line3\n\n"_ba
                                     << QStringList {u"message"_s}
                                     << QList<QByteArray> {"line1\nline2\nline3"} << QStringList {QString()};
    QTest::newRow("event type and id")
        << "event: endpoint\nid: 7\ndata: /messages?s=1\n\n"_ba << QStringList {u"endpoint"_s}
        << QList<QByteArray> {"/messages?s=1"} << QStringList {u"7"_s};
    QTest::newRow("comments and unknown fields")
        << ": keepalive\nfoo: bar\ndata: x\n\n"_ba << QStringList {u"message"_s} << QList<QByteArray> {"x"}
        << QStringList {QString()};
    QTest::newRow("crlf and cr") << "data: a\r\n\r\ndata: b\r\rdata: c\n\n"_ba
                                 << QStringList {u"message"_s, u"message"_s, u"message"_s}
                                 << QList<QByteArray> {"a", "b", "c"}
                                 << QStringList {QString(), QString(), QString()};
    QTest::newRow("no data is not dispatched, id persists")
        << "id: e1\nretry: 500\n\nevent: message\nid: e2\ndata: m\n\n"_ba << QStringList {u"message"_s}
        << QList<QByteArray> {"m"} << QStringList {u"e2"_s};
    QTest::newRow("empty data line is dispatched empty")
        << "id: e1\ndata:\n\n"_ba << QStringList {u"message"_s} << QList<QByteArray> {""}
        << QStringList {u"e1"_s};
    QTest::newRow("bom") << "\xEF\xBB\xBF"
                            "data: z\n\n"_ba
                         << QStringList {u"message"_s} << QList<QByteArray> {"z"} << QStringList {QString()};
    QTest::newRow("field without colon")
        << "data\n\n"_ba << QStringList {u"message"_s} << QList<QByteArray> {""} << QStringList {QString()};
    QTest::newRow("unterminated event is not dispatched")
        << "data: a\n\ndata: partial\n"_ba << QStringList {u"message"_s} << QList<QByteArray> {"a"}
        << QStringList {QString()};
}

void TestSseParser::parsesEventsWhateverTheChunking()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, types);
    QFETCH(QList<QByteArray>, data);
    QFETCH(QStringList, ids);
    for (int cut = 0; cut <= stream.size(); ++cut) {
        SseParser p;
        QList<SseEvent> events = p.feed(stream.left(cut)).events;
        events += p.feed(stream.mid(cut)).events;
        QCOMPARE(events.size(), types.size());
        for (int i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i].type, types[i]);
            QCOMPARE(events[i].data, data[i]);
            QCOMPARE(events[i].id, ids[i]);
        }
    }
    // And byte by byte.
    SseParser p;
    QList<SseEvent> events;
    for (char c : stream)
        events += p.feed(QByteArray(1, c)).events;
    QCOMPARE(events.size(), types.size());
}

void TestSseParser::keepsRetryAndLastEventId()
{
    SseParser p;
    QCOMPARE(p.retryMs(), -1);
    p.feed("id: event-1\nretry: 500\ndata: \n\n");
    QCOMPARE(p.retryMs(), 500);
    QCOMPARE(p.lastEventId(), u"event-1"_s);
    p.feed("retry: 2500\n\n");
    QCOMPARE(p.retryMs(), 2500);
}

void TestSseParser::ignoresInvalidRetryAndIdWithNul()
{
    SseParser p;
    p.feed("retry: 12a\nretry: -5\nretry:\n\n");
    QCOMPARE(p.retryMs(), -1);
    p.feed("id: good\n\n");
    p.feed(QByteArray("id: b\0d\n\n", 9));
    QCOMPARE(p.lastEventId(), u"good"_s);
}

void TestSseParser::dropsOversizedEvent()
{
    SseParser p(64);
    auto out = p.feed("data: " + QByteArray(100, 'x') + "\n\n" + "data: small\n\n");
    QVERIFY(out.oversized);
    QCOMPARE(out.events.size(), 1);
    QCOMPARE(out.events.first().data, "small"_ba);
    out = p.feed("data: " + QByteArray(40, 'a') + "\ndata: " + QByteArray(40, 'b') + "\n\n");
    QVERIFY(out.oversized);
    QVERIFY(out.events.isEmpty());
}

void TestSseParser::resetKeepsIdAndRetryForReconnection()
{
    SseParser p;
    p.feed("id: 42\nretry: 100\ndata: half");
    p.reset();
    QCOMPARE(p.lastEventId(), u"42"_s);
    QCOMPARE(p.retryMs(), 100);
    const auto out = p.feed("\n\ndata: fresh\n\n");
    QCOMPARE(out.events.size(), 1);
    QCOMPARE(out.events.first().data, "fresh"_ba);
}

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
