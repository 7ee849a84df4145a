// LineChannel: a client's stdio as JSON-RPC lines, over real pipes in this process.
#include "linechannel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using lifeline::LineChannel;

namespace {

// The channel's ends (owned by it) and ours: we write its stdin, read its stdout and stderr.
struct Pipes
{
    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
    Pipes()
    {
        if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC | O_NONBLOCK)
            || ::pipe2(err, O_CLOEXEC | O_NONBLOCK))
            qFatal("pipe2");
        ::fcntl(in[0], F_SETFL, O_NONBLOCK);
    }
    ~Pipes()
    {
        for (const int fd : {in[1], out[0], err[0]})
            ::close(fd);
    }
    LineChannel::Fds theirs() const { return {in[0], out[1], err[1], true}; }
    QByteArray readAll(int fd) const
    {
        QByteArray all;
        char buffer[65536];
        ssize_t n;
        while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
            all.append(buffer, n);
        return all;
    }
};

} // namespace

class TestLineChannel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linesComeWholeAndALastOneWithoutNewlineCounts();
    void anOverlongLineIsDroppedWithAnError();
    void writesWaitForRoomWithoutBlocking();
    void aClientThatNeverReadsIsGivenUp();
    void ownedDescriptorsAreClosedWithIt();
};

void TestLineChannel::linesComeWholeAndALastOneWithoutNewlineCounts()
{
    Pipes p;
    LineChannel channel(p.theirs());
    QSignalSpy lines(&channel, &LineChannel::lineRead);
    QSignalSpy ended(&channel, &LineChannel::inputEnded);
    channel.start();
    QCOMPARE(::write(p.in[1], "{\"a\":1}\n\n   \n{\"b\"", 17), 17);
    QTRY_COMPARE(lines.size(), 1);
    QCOMPARE(channel.pendingInput(), QByteArray("{\"b\""));
    QCOMPARE(::write(p.in[1], ":2}", 3), 3);
    ::close(p.in[1]);
    p.in[1] = -1;
    QTRY_COMPARE(ended.size(), 1);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).at(0).toByteArray(), QByteArray("{\"a\":1}"));
    QCOMPARE(lines.at(1).at(0).toByteArray(), QByteArray("{\"b\":2}"));
    QVERIFY(channel.atEnd());
}

void TestLineChannel::anOverlongLineIsDroppedWithAnError()
{
    Pipes p;
    LineChannel channel(p.theirs());
    QSignalSpy lines(&channel, &LineChannel::lineRead);
    channel.start();
    // Written from a second thread: a pipe holds 64 KiB, the channel reads on this one.
    const QByteArray big(2 * LineChannel::kMaxLineBytes, 'x');
    QThread *writer = QThread::create([&] {
        qsizetype done = 0;
        while (done < big.size()) {
            const ssize_t n = ::write(p.in[1], big.constData() + done, size_t(big.size() - done));
            if (n > 0)
                done += n;
        }
        [[maybe_unused]] const ssize_t n = ::write(p.in[1], "\n{\"after\":true}\n", 16);
    });
    writer->start();
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 1, 10000);
    writer->wait();
    delete writer;
    // The whole long line is gone, not its tail taken for a line of its own; the next one is whole.
    QCOMPARE(lines.last().at(0).toByteArray(), QByteArray("{\"after\":true}"));
    const QJsonObject error = QJsonDocument::fromJson(p.readAll(p.out[0]).trimmed()).object();
    QCOMPARE(error.value("id"_L1), QJsonValue(QJsonValue::Null));
    QVERIFY2(error.value("error"_L1).toObject().value("message"_L1).toString().contains("message over"_L1),
        QJsonDocument(error).toJson().constData());
}

void TestLineChannel::writesWaitForRoomWithoutBlocking()
{
    Pipes p;
    LineChannel channel(p.theirs());
    QSignalSpy drained(&channel, &LineChannel::drained);
    ::fcntl(p.out[1], F_SETFL, O_NONBLOCK); // as Lifeline sets a handed-over stdout
    const QByteArray line = QByteArray(1000, 'y') + '\n';
    for (int i = 0; i < 200; ++i) // 200 kB: more than the pipe holds, and this thread is not held
        channel.write(line);
    QVERIFY(!channel.isDrained());
    QByteArray got;
    QTRY_VERIFY((got += p.readAll(p.out[0])).size() == 200 * line.size());
    QTRY_COMPARE(drained.size(), 1);
    QVERIFY(channel.isDrained());
    QCOMPARE(got, line.repeated(200)); // in order, nothing lost
}

void TestLineChannel::aClientThatNeverReadsIsGivenUp()
{
    Pipes p;
    LineChannel channel(p.theirs());
    channel.setMaxWaitingBytes(256 * 1024);
    ::fcntl(p.out[1], F_SETFL, O_NONBLOCK);
    const QByteArray line = QByteArray(1000, 'z') + '\n';
    for (int i = 0; i < 1000; ++i) // 1 MB: the pipe's 64 KiB, then 256 KiB waiting, then no more
        channel.write(line);
    QVERIFY(channel.isDrained()); // nothing kept for it
    QVERIFY2(p.readAll(p.err[0]).contains("has not read its stdout"), "not said on stderr");
    QVERIFY(p.readAll(p.out[0]).size() < 1000 * line.size());
}

void TestLineChannel::ownedDescriptorsAreClosedWithIt()
{
    Pipes p;
    {
        LineChannel channel(p.theirs());
        channel.write("last\n");
    }
    char byte;
    QCOMPARE(p.readAll(p.out[0]), QByteArray("last\n"));
    QCOMPARE(::read(p.out[0], &byte, 1), ssize_t(0)); // end of file: no writer left
}

QTEST_GUILESS_MAIN(TestLineChannel)
#include "tst_linechannel.moc"
