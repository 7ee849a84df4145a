// GatewayMetrics: the gateway's call counters, written on the engine thread and read by the status
// server's thread at scrape time (no signal per call between them).
#include "gateway/gatewaymetrics.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestGatewayMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsByServerMethodAndOutcome();
    void bucketsAreCumulativeUpperBounds();
    void aReaderOnAnotherThreadSeesWholeCalls();
};

void TestGatewayMetrics::countsByServerMethodAndOutcome()
{
    GatewayMetrics m;
    QVERIFY(m.counters().isEmpty());
    m.record(u"memory"_s, u"tools/call"_s, u"ok"_s, 0.002);
    m.record(u"memory"_s, u"tools/call"_s, u"ok"_s, 0.003);
    m.record(u"memory"_s, u"tools/call"_s, u"lost"_s, 0.1);
    m.record(u"fs"_s, u"tools/list"_s, u"ok"_s, 0.0005);
    const QMap<QString, GatewayCounters> c = m.counters();
    QCOMPARE(c.keys(), (QStringList {u"fs"_s, u"memory"_s}));
    const GatewayCounters &memory = c[u"memory"_s];
    QCOMPARE(memory.requests.size(), 2);
    QCOMPARE(memory.requests.value(qMakePair(u"tools/call"_s, u"ok"_s)), 2);
    QCOMPARE(memory.requests.value(qMakePair(u"tools/call"_s, u"lost"_s)), 1);
    QCOMPARE(memory.durationCount, 3);
    QCOMPARE(memory.durationSumSeconds, 0.105);
    QCOMPARE(c[u"fs"_s].requests.value(qMakePair(u"tools/list"_s, u"ok"_s)), 1);
    QCOMPARE(c[u"fs"_s].durationCount, 1);
}

void TestGatewayMetrics::bucketsAreCumulativeUpperBounds()
{
    GatewayMetrics m;
    m.record(u"s"_s, u"ping"_s, u"ok"_s, 0.001); // on the first bound: counted in it (le)
    m.record(u"s"_s, u"ping"_s, u"ok"_s, 0.02); // in 0.025 and every bound above
    m.record(u"s"_s, u"ping"_s, u"ok"_s, 120); // above the last bound: only in +Inf (the count)
    const GatewayCounters c = m.counters().value(u"s"_s);
    for (size_t i = 0; i < kGatewayDurationBuckets.size(); ++i) {
        const double bound = kGatewayDurationBuckets[i];
        const qint64 expected = (bound >= 0.001 ? 1 : 0) + (bound >= 0.02 ? 1 : 0);
        QCOMPARE(c.durationBuckets[i], expected);
    }
    QCOMPARE(c.durationCount, 3);
}

// The engine thread records while the status server's thread scrapes: every copy a scrape takes
// is of whole calls (count, buckets and requests agree), and nothing is lost.
void TestGatewayMetrics::aReaderOnAnotherThreadSeesWholeCalls()
{
    GatewayMetrics m;
    constexpr int kCalls = 20000;
    std::atomic<bool> done {false};
    QScopedPointer<QThread> writer(QThread::create([&] {
        for (int i = 0; i < kCalls; ++i)
            m.record(u"s"_s, u"tools/call"_s, i % 4 == 0 ? u"error"_s : u"ok"_s, 0.002);
        done = true;
    }));
    writer->start();
    int scrapes = 0;
    qint64 last = 0;
    while (!done || scrapes == 0) {
        const GatewayCounters c = m.counters().value(u"s"_s);
        qint64 requests = 0;
        for (qint64 n : c.requests)
            requests += n;
        QCOMPARE(requests, c.durationCount);
        QCOMPARE(c.durationBuckets[1], c.durationCount); // 0.002 s: from the 0.005 bound up
        QVERIFY(c.durationCount >= last); // a counter never goes down
        last = c.durationCount;
        ++scrapes;
    }
    QVERIFY(writer->wait(10000));
    const GatewayCounters c = m.counters().value(u"s"_s);
    QCOMPARE(c.durationCount, kCalls);
    QCOMPARE(c.requests.value(qMakePair(u"tools/call"_s, u"error"_s)), kCalls / 4);
    QCOMPARE(c.requests.value(qMakePair(u"tools/call"_s, u"ok"_s)), kCalls - kCalls / 4);
}

QTEST_GUILESS_MAIN(TestGatewayMetrics)
#include "tst_gatewaymetrics.moc"
