#include "api/eventreplaybuffer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

QByteArray idOf(int n)
{
    return "get-"_ba + QByteArray::number(n);
}

QList<QByteArray> ids(const QList<EventReplayBuffer::Event> &events)
{
    QList<QByteArray> out;
    for (const EventReplayBuffer::Event &e : events)
        out.append(e.id);
    return out;
}

} // namespace

class TestEventReplayBuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replaysExactlyTheEventsAfterTheNamedOne();
    void theNewestIdReplaysNothing();
    void unknownIdIsNotReplayed();
    void keepsAtMostMaxEventsDroppingTheOldest();
    void keepsAtMostMaxBytesDroppingTheOldest();
    void keepsTheNewestEventWhateverItsSize();
    void appendToAFullBufferAndResumeFromItsOldest(); // a benchmark: the cost per broadcast and per resume
};

void TestEventReplayBuffer::replaysExactlyTheEventsAfterTheNamedOne()
{
    EventReplayBuffer b;
    for (int i = 1; i <= 5; ++i)
        b.append(idOf(i), "{\"n\":"_ba + QByteArray::number(i) + '}');
    const auto after = b.after(idOf(2));
    QVERIFY(after.has_value());
    QCOMPARE(ids(*after), (QList<QByteArray> {idOf(3), idOf(4), idOf(5)}));
    QCOMPARE(after->first().data, "{\"n\":3}"_ba);
}

void TestEventReplayBuffer::theNewestIdReplaysNothing()
{
    EventReplayBuffer b;
    b.append(idOf(1), "a"_ba);
    b.append(idOf(2), "b"_ba);
    const auto after = b.after(idOf(2));
    QVERIFY(after.has_value()); // known: the client missed nothing
    QVERIFY(after->isEmpty());
}

void TestEventReplayBuffer::unknownIdIsNotReplayed()
{
    EventReplayBuffer b;
    QVERIFY(!b.after(idOf(1)).has_value()); // empty
    b.append(idOf(1), "a"_ba);
    QVERIFY(!b.after("get-99"_ba).has_value());
    QVERIFY(!b.after(QByteArray()).has_value());
}

void TestEventReplayBuffer::keepsAtMostMaxEventsDroppingTheOldest()
{
    EventReplayBuffer b(3, 1024);
    for (int i = 1; i <= 10; ++i)
        b.append(idOf(i), "x"_ba);
    QCOMPARE(b.size(), 3);
    QVERIFY(!b.after(idOf(7)).has_value()); // dropped: expired
    QCOMPARE(ids(*b.after(idOf(8))), (QList<QByteArray> {idOf(9), idOf(10)}));
    QCOMPARE(b.bytes(), idOf(8).size() + idOf(9).size() + idOf(10).size() + 3);
}

void TestEventReplayBuffer::keepsAtMostMaxBytesDroppingTheOldest()
{
    const QByteArray data(100, 'd');
    const qsizetype each = idOf(10).size() + data.size(); // ids 10..99: same size
    EventReplayBuffer b(256, 4 * each + each / 2);
    for (int i = 10; i < 30; ++i)
        b.append(idOf(i), data);
    QCOMPARE(b.size(), 4);
    QVERIFY(b.bytes() <= 4 * each + each / 2);
    QVERIFY(!b.after(idOf(25)).has_value());
    QCOMPARE(ids(*b.after(idOf(26))), (QList<QByteArray> {idOf(27), idOf(28), idOf(29)}));
}

void TestEventReplayBuffer::keepsTheNewestEventWhateverItsSize()
{
    EventReplayBuffer b(256, 10);
    b.append(idOf(1), "small"_ba);
    b.append(idOf(2), QByteArray(1000, 'x'));
    QCOMPARE(b.size(), 1);
    QVERIFY(b.after(idOf(2)).has_value());
    QVERIFY(!b.after(idOf(1)).has_value());
}

void TestEventReplayBuffer::appendToAFullBufferAndResumeFromItsOldest()
{
    // A list_changed-sized message; the buffer full (256 events), so each append drops one.
    const QByteArray data = R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})";
    EventReplayBuffer b;
    int n = 0;
    for (; n < EventReplayBuffer::kDefaultMaxEvents; ++n)
        b.append(idOf(n), data);
    qsizetype replayed = 0;
    QBENCHMARK
    {
        b.append(idOf(n), data);
        ++n;
        replayed = b.after(idOf(n - EventReplayBuffer::kDefaultMaxEvents))->size();
    }
    QCOMPARE(replayed, EventReplayBuffer::kDefaultMaxEvents - 1);
    QCOMPARE(b.size(), EventReplayBuffer::kDefaultMaxEvents);
}

QTEST_APPLESS_MAIN(TestEventReplayBuffer)
#include "tst_eventreplaybuffer.moc"
