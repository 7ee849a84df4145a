// The target: 500 servers updating every second keep every frame under 16 ms.
// Snapshots arrive as the engine sends them (one per server per second, spread over the second);
// the model applies them in batches and the window repaints. Measured: the longest stretch the
// GUI thread is busy per event-loop pass (a frame: the feed, the model's batch, the repaint):
// the time spent delivering events (QApplication::notify, outermost calls) between two moments
// the dispatcher goes to sleep. Figures, not assertions.
#include "mainwindow.h"
#include "servertablemodel.h"

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace lifeline;

// Times every outermost event delivery: what the GUI thread does in a pass is the sum of them.
class TimingApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth++ == 0)
            m_clock.start();
        const bool r = QApplication::notify(receiver, event);
        if (--m_depth == 0)
            m_workNs += m_clock.nsecsElapsed();
        return r;
    }
    qint64 takeWorkUs()
    {
        const qint64 us = m_workNs / 1000;
        m_workNs = 0;
        return us;
    }

private:
    int m_depth = 0;
    qint64 m_workNs = 0;
    QElapsedTimer m_clock;
};

class BenchDashboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fiveHundredServersEverySecond();
};

static double percentile(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return double(v.at(qMin(v.size() - 1, qsizetype(p * double(v.size()))))) / 1000.0;
}

void BenchDashboard::fiveHundredServersEverySecond()
{
    const int servers = qEnvironmentVariableIntValue("BENCH_SERVERS") > 0
        ? qEnvironmentVariableIntValue("BENCH_SERVERS")
        : 500;
    const int seconds = qEnvironmentVariableIntValue("BENCH_SECONDS") > 0
        ? qEnvironmentVariableIntValue("BENCH_SECONDS")
        : 10;
    ServerTableModel model;
    MainWindow window(&model);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto snapshot = [](int i, int tick) {
        ServerSnapshot s;
        s.name = u"server-%1"_s.arg(i, 3, 10, QChar(u'0'));
        s.state = (i + tick) % 97 == 0 ? HealthState::Degraded : HealthState::Healthy;
        s.lastLatencyMs = 0.2 + double((i * 7 + tick) % 50) / 10.0;
        s.lastCheck = QDateTime::currentDateTimeUtc();
        s.checksTotal = tick;
        s.errorRate = double((i + tick) % 5) / 100.0;
        return s;
    };
    for (int i = 0; i < servers; ++i)
        model.updateServer(snapshot(i, 0));
    model.flush();
    window.selectServer(u"server-000"_s);

    // Frames: the work delivered between two moments the dispatcher goes to sleep.
    QList<qint64> busy;
    auto *app = static_cast<TimingApplication *>(QCoreApplication::instance());
    app->takeWorkUs();
    auto *dispatcher = QAbstractEventDispatcher::instance();
    auto c2 = connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [&] {
        const qint64 us = app->takeWorkUs();
        if (us > 0)
            busy.append(us);
    });
    int batches = 0;
    connect(&model, &QAbstractItemModel::dataChanged, this, [&] { ++batches; });

    // The engine's pace: every server once a second, in 50 slices of 20 ms.
    int tick = 0, slice = 0;
    QTimer feed;
    feed.setInterval(20);
    connect(&feed, &QTimer::timeout, this, [&] {
        const int per = (servers + 49) / 50;
        for (int i = slice * per; i < qMin(servers, (slice + 1) * per); ++i)
            model.updateServer(snapshot(i, tick));
        if (++slice == 50) {
            slice = 0;
            ++tick;
        }
    });
    feed.start();
    QElapsedTimer wall;
    wall.start();
    QEventLoop loop; // not QTest::qWait: it polls and never lets the dispatcher sleep
    QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    feed.stop();
    disconnect(c2);
    qInfo("%d servers, %d updates/s for %.1f s: %lld event-loop passes; busy per pass median %.2f ms, "
          "p99 %.2f ms, max %.2f ms (target: every frame < 16 ms)",
        servers, servers, double(wall.elapsed()) / 1000.0, qint64(busy.size()), percentile(busy, 0.5),
        percentile(busy, 0.99), percentile(busy, 1.0));
    qInfo("model batches (ranged dataChanged) applied: %d", batches);
    QList<qint64> sorted = busy;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    QStringList top;
    for (qsizetype i = 0; i < qMin<qsizetype>(8, sorted.size()); ++i)
        top << QString::number(double(sorted.at(i)) / 1000.0, 'f', 1);
    qInfo("longest passes (ms): %s; passes over 16 ms: %lld", qPrintable(top.join(u", "_s)),
        qint64(std::count_if(busy.cbegin(), busy.cend(), [](qint64 us) { return us > 16000; })));
    QVERIFY(!busy.isEmpty());
}

int main(int argc, char **argv)
{
    TimingApplication app(argc, argv);
    BenchDashboard bench;
    return QTest::qExec(&bench, argc, argv);
}
#include "bench_dashboard.moc"
