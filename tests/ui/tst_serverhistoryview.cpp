// The detail pane's charts: they ask the history for the chosen range, draw what comes back
// (thresholds included), drop an answer that arrives after the user moved on, and refresh. The
// gateway's calls per minute get a chart of their own, or a sentence when there were none.
#include "serverhistoryview.h"

#include "store/historyqueries.h"
#include "store/historywriter.h"

#include <QAbstractButton>
#include <QLabel>
#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QTemporaryDir>
#include <QLineSeries>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

struct Request
{
    QString server;
    QDateTime from, to;
    int points;
    std::shared_ptr<QPromise<QList<LatencyPoint>>> promise;
};

struct CallsRequest
{
    QString server;
    QDateTime from, to;
    std::shared_ptr<QPromise<QList<ThroughputPoint>>> promise;
};

ThroughputPoint minute(const QDateTime &at, qint64 calls, qint64 errors)
{
    ThroughputPoint p;
    p.minute = at;
    p.calls = calls;
    p.errors = errors;
    return p;
}

// The value the step series holds at time `x` (each bucket is a pair of points at its two ends).
double valueAt(const QLineSeries *series, const QDateTime &x)
{
    const double t = double(x.toMSecsSinceEpoch());
    for (int i = 0; i + 1 < series->count(); i += 2) {
        if (series->at(i).x() <= t && t < series->at(i + 1).x())
            return series->at(i).y();
    }
    return -1;
}

QList<LatencyPoint> fabricated(const QDateTime &from, int n, double latency)
{
    QList<LatencyPoint> out;
    for (int i = 0; i < n; ++i) {
        LatencyPoint p;
        p.start = from.addSecs(i * 10);
        p.minMs = latency - 1;
        p.avgMs = latency;
        p.maxMs = latency + 1;
        p.p95Ms = latency + 0.5;
        p.checks = 10;
        p.failures = i == 0 ? 5 : 0;
        out << p;
    }
    return out;
}

QLineSeries *series(QChart *chart, const QString &name)
{
    for (QAbstractSeries *s : chart->series()) {
        if (s->name() == name)
            return qobject_cast<QLineSeries *>(s);
    }
    return nullptr;
}

} // namespace

class TestServerHistoryView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void drawsTheAnswerForTheRange();
    void rangeButtonsAskForTheirSpan();
    void staleAnswerIsDropped();
    void thresholdsInSightAreDrawn();
    void callsChartShowsCallsPerMinute();
    void noCallsShowsTheEmptyState();
    void longRangeBucketsCallsAndSaysWhatIsKept();
    void staleCallsAnswerIsDropped();
    void latencyLineBreaksWhereLifelineWasNotRunning();
    void sevenDaysOfCallsFromTheHourRollup();
    void timeAxesTickOnRoundTimes();

private:
    void fetchCalls();
    // Answers the last calls request with `minutes`; waits until the view shows it.
    bool answerCalls(const QList<ThroughputPoint> &minutes);

    std::unique_ptr<ServerHistoryView> m_view;
    QList<Request> m_requests;
    QList<CallsRequest> m_callsRequests;
};

void TestServerHistoryView::fetchCalls()
{
    m_callsRequests.clear();
    m_view->setCallsFetcher([this](const QString &server, const QDateTime &from, const QDateTime &to) {
        auto promise = std::make_shared<QPromise<QList<ThroughputPoint>>>();
        promise->start();
        m_callsRequests.append({server, from, to, promise});
        return promise->future();
    });
}

bool TestServerHistoryView::answerCalls(const QList<ThroughputPoint> &minutes)
{
    QSignalSpy shown(m_view.get(), &ServerHistoryView::callsRefreshed);
    m_callsRequests.last().promise->addResult(minutes);
    m_callsRequests.last().promise->finish();
    return !shown.isEmpty() || shown.wait(5000); // the continuation may run at once, on this thread
}

void TestServerHistoryView::init()
{
    m_requests.clear();
    m_view = std::make_unique<ServerHistoryView>();
    m_view->setFetcher([this](const QString &server, const QDateTime &from, const QDateTime &to, int points) {
        auto promise = std::make_shared<QPromise<QList<LatencyPoint>>>();
        promise->start();
        m_requests.append({server, from, to, points, promise});
        return promise->future();
    });
    QVERIFY(m_requests.isEmpty()); // no server yet: nothing to ask
}

void TestServerHistoryView::drawsTheAnswerForTheRange()
{
    m_view->setServer(u"mem"_s, 1000, 5000);
    QCOMPARE(m_requests.size(), 1);
    const Request r = m_requests.first();
    QCOMPARE(r.server, u"mem"_s);
    QCOMPARE(r.from.msecsTo(r.to), ServerHistoryView::spanMs(ServerHistoryView::Range::Minutes15));
    QVERIFY(r.points > 0 && r.points <= 1000);
    QSignalSpy refreshed(m_view.get(), &ServerHistoryView::refreshed);
    r.promise->addResult(fabricated(r.from, 30, 12.0));
    r.promise->finish();
    QTRY_VERIFY(refreshed.size() >= 1);
    QCOMPARE(m_view->points().size(), 30);
    QLineSeries *avg = series(m_view->latencyChart(), u"average"_s);
    QVERIFY(avg);
    QCOMPARE(avg->count(), 30);
    QCOMPARE(avg->at(0).y(), 12.0);
    QCOMPARE(series(m_view->latencyChart(), u"p95"_s)->at(3).y(), 12.5);
}

void TestServerHistoryView::rangeButtonsAskForTheirSpan()
{
    m_view->setServer(u"mem"_s, 1000, 5000);
    for (auto range : {ServerHistoryView::Range::Hour1, ServerHistoryView::Range::Hours24,
             ServerHistoryView::Range::Days7, ServerHistoryView::Range::Days30}) {
        auto *button = m_view->findChild<QAbstractButton *>(u"range%1"_s.arg(int(range)));
        QVERIFY(button);
        const qsizetype before = m_requests.size();
        button->click();
        QCOMPARE(m_view->range(), range);
        QCOMPARE(m_requests.size(), before + 1);
        QCOMPARE(m_requests.last().from.msecsTo(m_requests.last().to), ServerHistoryView::spanMs(range));
    }
}

void TestServerHistoryView::staleAnswerIsDropped()
{
    m_view->setServer(u"a"_s, 1000, 5000);
    m_view->setServer(u"b"_s, 1000, 5000); // the user moved on before a's answer came
    QCOMPARE(m_requests.size(), 2);
    QSignalSpy refreshed(m_view.get(), &ServerHistoryView::refreshed);
    m_requests.at(0).promise->addResult(fabricated(m_requests.at(0).from, 5, 99.0));
    m_requests.at(0).promise->finish();
    m_requests.at(1).promise->addResult(fabricated(m_requests.at(1).from, 7, 3.0));
    m_requests.at(1).promise->finish();
    QTRY_VERIFY(refreshed.size() >= 1);
    QCOMPARE(refreshed.size(), 1);
    QCOMPARE(m_view->points().size(), 7);
    QCOMPARE(m_view->points().first().avgMs, 3.0);
}

void TestServerHistoryView::thresholdsInSightAreDrawn()
{
    // Latency around 400 ms: the 1 s warning is in sight, a 60 s critical would flatten the chart.
    m_view->setServer(u"slow"_s, 1000, 60000);
    QSignalSpy refreshed(m_view.get(), &ServerHistoryView::refreshed);
    m_requests.last().promise->addResult(fabricated(m_requests.last().from, 10, 400.0));
    m_requests.last().promise->finish();
    QTRY_VERIFY(refreshed.size() >= 1);
    QLineSeries *warning = series(m_view->latencyChart(), u"warning"_s);
    QCOMPARE(warning->count(), 2);
    QCOMPARE(warning->at(0).y(), 1000.0);
    QCOMPARE(series(m_view->latencyChart(), u"critical"_s)->count(), 0);
}

void TestServerHistoryView::callsChartShowsCallsPerMinute()
{
    fetchCalls();
    m_view->resize(500, 600);
    m_view->QWidget::show();
    m_view->setServer(u"mem"_s, 1000, 5000);
    QCOMPARE(m_callsRequests.size(), 1);
    const CallsRequest r = m_callsRequests.first();
    QCOMPARE(r.server, u"mem"_s);
    QVERIFY(r.to.msecsTo(QDateTime::currentDateTimeUtc()) < 5000);
    QVERIFY(r.from.msecsTo(r.to) >= ServerHistoryView::spanMs(ServerHistoryView::Range::Minutes15));
    QVERIFY(r.from.msecsTo(r.to) < ServerHistoryView::spanMs(ServerHistoryView::Range::Minutes15) + 60'000);
    // Whole minutes of the range, as the history stores them.
    const QDateTime last
        = QDateTime::fromMSecsSinceEpoch(r.to.toMSecsSinceEpoch() / 60'000 * 60'000 - 60'000, Qt::UTC);
    const QDateTime busy = last.addSecs(-5 * 60), quiet = last.addSecs(-2 * 60);
    QVERIFY(answerCalls({minute(busy, 120, 6), minute(quiet, 30, 0), minute(last, 45, 1)}));
    QVERIFY(m_view->callsChartShown());
    QVERIFY(m_view->findChild<QLabel *>(u"callsEmpty"_s)->isHidden());
    QCOMPARE(m_view->calls().size(), 3);
    QLineSeries *calls = m_view->callRateSeries();
    QLineSeries *errors = m_view->callErrorSeries();
    // One bucket a minute over 15 min: 15 or 16 steps (the range's first minute may be partial).
    QVERIFY2(calls->count() >= 30 && calls->count() <= 32, qPrintable(QString::number(calls->count())));
    QCOMPARE(errors->count(), calls->count());
    QCOMPARE(valueAt(calls, busy.addSecs(30)), 120.0);
    QCOMPARE(valueAt(errors, busy.addSecs(30)), 6.0);
    QCOMPARE(valueAt(calls, quiet.addSecs(30)), 30.0);
    QCOMPARE(valueAt(errors, quiet.addSecs(30)), 0.0);
    QCOMPARE(valueAt(calls, last.addSecs(30)), 45.0);
    QCOMPARE(valueAt(calls, busy.addSecs(90)), 0.0); // a minute without a row had no calls
    // The minute under way is not drawn as a drop to zero: it has no row yet.
    QCOMPARE(calls->at(calls->count() - 1).x(), double(last.addSecs(60).toMSecsSinceEpoch()));
    QVERIFY(m_view->callsChart()->title().contains(u"195"_s));
    QVERIFY(m_view->callsChart()->title().contains(u"7 failed"_s));
    QVERIFY(errors->isVisible());
    // No failed call in the range: nothing red — no "0 failed", no errors line along the axis.
    m_view->refresh();
    QVERIFY(answerCalls({minute(busy, 120, 0), minute(last, 45, 0)}));
    QVERIFY2(
        m_view->callsChart()->title().contains(u"none failed"_s), qPrintable(m_view->callsChart()->title()));
    QVERIFY(!m_view->callsChart()->title().contains(u"span"_s));
    QVERIFY(!errors->isVisible());
}

void TestServerHistoryView::noCallsShowsTheEmptyState()
{
    fetchCalls();
    m_view->resize(500, 600);
    m_view->QWidget::show();
    m_view->setServer(u"mem"_s, 1000, 5000);
    QVERIFY(answerCalls({}));
    QVERIFY(!m_view->callsChartShown());
    auto *empty = m_view->findChild<QLabel *>(u"callsEmpty"_s);
    QVERIFY(empty);
    QVERIFY(empty->isVisible());
    QVERIFY2(m_view->callsEmptyText().contains(u"No calls through the gateway in this range"_s),
        qPrintable(m_view->callsEmptyText()));
    // Calls later: the chart comes back.
    m_view->refresh();
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(
        m_callsRequests.last().to.toMSecsSinceEpoch() / 60'000 * 60'000 - 60'000, Qt::UTC);
    QVERIFY(answerCalls({minute(last, 3, 0)}));
    QVERIFY(m_view->callsChartShown());
    QVERIFY(!empty->isVisible());
    // And a range with none again: the sentence, not the old bars.
    m_view->refresh();
    QVERIFY(answerCalls({}));
    QVERIFY(!m_view->callsChartShown());
}

void TestServerHistoryView::longRangeBucketsCallsAndSaysWhatIsKept()
{
    fetchCalls();
    m_view->setCallsKeptMs(48 * 3600 * 1000LL);
    m_view->setServer(u"mem"_s, 1000, 5000);
    m_view->setRange(ServerHistoryView::Range::Hours24);
    const CallsRequest r = m_callsRequests.last();
    const int bucketMinutes = ServerHistoryView::callBucketMinutes(ServerHistoryView::Range::Hours24);
    QCOMPARE(bucketMinutes, 5);
    // The request starts on a bucket's edge, so the first bucket is whole.
    QCOMPARE(r.from.toMSecsSinceEpoch() % (bucketMinutes * 60'000LL), 0);
    // Two minutes of one five-minute bucket: 100 calls in it, 20 a minute on average.
    const qint64 bucket = bucketMinutes * 60'000LL;
    const QDateTime b = QDateTime::fromMSecsSinceEpoch(
        (r.to.toMSecsSinceEpoch() - 3 * 3600'000LL) / bucket * bucket, Qt::UTC);
    QVERIFY(answerCalls({minute(b, 60, 0), minute(b.addSecs(120), 40, 5)}));
    QLineSeries *calls = m_view->callRateSeries();
    QVERIFY(calls->count() <= 2 * 300);
    QCOMPARE(valueAt(calls, b.addSecs(150)), 20.0);
    QCOMPARE(valueAt(m_view->callErrorSeries(), b.addSecs(150)), 1.0);
    QVERIFY(!m_view->callsChart()->title().contains(u"48 h"_s)); // 24 h of 48 h kept: nothing cut

    // 7 days with call counts kept for 48 h: nothing drawn before that, and the chart says so.
    m_view->setRange(ServerHistoryView::Range::Days7);
    QVERIFY(answerCalls({minute(b, 60, 0)}));
    const double keptFrom = double(m_callsRequests.last().to.toMSecsSinceEpoch() - 48 * 3600'000LL);
    QVERIFY(calls->count() > 0);
    QVERIFY(calls->at(0).x() >= keptFrom);
    QVERIFY2(m_view->callsChart()->title().contains(u"48 h"_s), qPrintable(m_view->callsChart()->title()));
    m_view->setRange(ServerHistoryView::Range::Days30);
    QVERIFY(answerCalls({}));
    QVERIFY2(m_view->callsEmptyText().contains(u"48 h"_s), qPrintable(m_view->callsEmptyText()));
}

void TestServerHistoryView::staleCallsAnswerIsDropped()
{
    fetchCalls();
    m_view->setServer(u"a"_s, 1000, 5000);
    m_view->setServer(u"b"_s, 1000, 5000);
    QCOMPARE(m_callsRequests.size(), 2);
    QCOMPARE(m_callsRequests.at(1).server, u"b"_s);
    QSignalSpy shown(m_view.get(), &ServerHistoryView::callsRefreshed);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(
        m_callsRequests.at(0).to.toMSecsSinceEpoch() / 60'000 * 60'000 - 60'000, Qt::UTC);
    m_callsRequests.at(0).promise->addResult(QList<ThroughputPoint> {minute(last, 999, 0)});
    m_callsRequests.at(0).promise->finish();
    m_callsRequests.at(1).promise->addResult(QList<ThroughputPoint> {});
    m_callsRequests.at(1).promise->finish();
    QTRY_VERIFY(shown.size() >= 1);
    QCOMPARE(shown.size(), 1);
    QVERIFY(m_view->calls().isEmpty());
    QVERIFY(!m_view->callsChartShown());
}

void TestServerHistoryView::latencyLineBreaksWhereLifelineWasNotRunning()
{
    // A history with a check a minute for two hours, nothing for two hours (Lifeline was not
    // running), and checks again for the last hour.
    QTemporaryDir dir;
    HistoryWriter w;
    QString error;
    QVERIFY2(w.open(DatabaseTarget::parse(dir.filePath(u"h.sqlite"_s)), {}, &error), qPrintable(error));
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000;
    const qint64 holeFrom = now - 3 * 3600'000LL, holeTo = now - 3600'000LL;
    for (qint64 t = now - 5 * 3600'000LL; t < now; t += 60'000) {
        if (t > holeFrom && t < holeTo)
            continue;
        CheckResult r;
        r.server = u"mem"_s;
        r.startedAt = QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc());
        r.ok = (t / 60'000) % 10 != 0; // a failure now and then: the error rate is not flat zero
        r.latencyUs = r.ok ? 10'000 + (t / 60'000 % 7) * 1000 : -1;
        w.recordCheck(r);
    }
    QVERIFY(w.flush());
    m_view->setFetcher([&w](const QString &server, const QDateTime &from, const QDateTime &to, int points) {
        return QtFuture::makeReadyFuture(
            HistoryQueries(w.database()).latencySeries(server, from, to, points));
    });
    m_view->setVisible(true); // legend markers are visible only on a shown chart
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QSignalSpy refreshed(m_view.get(), &ServerHistoryView::refreshed);
    m_view->setServer(u"mem"_s, 1000, 5000);
    for (auto range : {ServerHistoryView::Range::Hours24, ServerHistoryView::Range::Days7}) {
        refreshed.clear();
        m_view->setRange(range);
        QVERIFY(!refreshed.isEmpty() || refreshed.wait(5000)); // a ready answer may show at once
        for (const QList<QLineSeries *> &runs : {m_view->latencyRuns(), m_view->errorRuns()}) {
            QCOMPARE(runs.size(), 2);
            // The first run ends before the hole, the second begins after it; no segment of
            // either crosses it.
            QVERIFY(runs[0]->at(runs[0]->count() - 1).x() <= double(holeFrom));
            QVERIFY(runs[1]->at(0).x() >= double(holeTo) - 3600'000.0); // a 7 d bucket is ~34 min
            for (QLineSeries *s : runs) {
                QVERIFY(s->count() > 1);
                for (int i = 1; i < s->count(); ++i)
                    QVERIFY2(!(s->at(i - 1).x() < double(holeFrom) + 1 && s->at(i).x() > double(holeTo) - 1),
                        "a line joins the two sides of the hole");
            }
        }
        // One legend entry per line, however many runs.
        const auto averages = [this] {
            int n = 0;
            for (QLegendMarker *m : m_view->latencyChart()->legend()->markers()) {
                if (m->isVisible() && m->label() == u"average"_s)
                    ++n;
            }
            return n;
        };
        QTRY_COMPARE(averages(), 1); // the legend lays itself out on the next event loop turn
    }
    m_view->setFetcher({});
    w.close();
}

void TestServerHistoryView::sevenDaysOfCallsFromTheHourRollup()
{
    // A week of calls, one minute an hour; the writer rolls up the hours as time goes and prunes
    // the raw rows after 48 h, as the running program does.
    QTemporaryDir dir;
    HistoryWriter w;
    const qint64 realNow = QDateTime::currentMSecsSinceEpoch();
    qint64 clock = realNow - 7 * 24 * 3600'000LL;
    w.setClock([&clock] { return clock; });
    QString error;
    QVERIFY2(w.open(DatabaseTarget::parse(dir.filePath(u"h.sqlite"_s)), {}, &error), qPrintable(error));
    const qint64 firstHour = (realNow - 7 * 24 * 3600'000LL) / 3600'000 * 3600'000 + 3600'000;
    qint64 total = 0;
    for (qint64 h = firstHour; h + 3600'000 < realNow; h += 3600'000) {
        clock = h + 10 * 60'000;
        w.recordCallMinutes({{u"mem"_s, h + 5 * 60'000, 120, 6}});
        total += 120;
        QVERIFY(w.flush());
        w.maintain();
    }
    clock = realNow;
    w.maintain();
    fetchCalls();
    m_view->setCallsKeptMs(HistorySettings {}.hoursMs); // what the dashboard says: the hour rollup's
    m_view->setServer(u"mem"_s, 1000, 5000);
    m_view->setRange(ServerHistoryView::Range::Days7);
    const CallsRequest r = m_callsRequests.last();
    QVERIFY(answerCalls(HistoryQueries(w.database()).throughput(r.server, r.from, r.to, 3600'000)));
    QVERIFY(m_view->callsChartShown());
    // Every call of the week, in hourly bars from its first day on, and no "kept for" remark.
    QVERIFY2(m_view->callsChart()->title().contains(QLocale().toString(total)),
        qPrintable(m_view->callsChart()->title()));
    QVERIFY2(!m_view->callsChart()->title().contains(u"keeps"_s), qPrintable(m_view->callsChart()->title()));
    const QDateTime early = QDateTime::fromMSecsSinceEpoch(firstHour + 30 * 60'000, QTimeZone::utc());
    QCOMPARE(valueAt(m_view->callRateSeries(), early), 2.0); // 120 calls in the hour: 2 a minute
    QCOMPARE(valueAt(m_view->callErrorSeries(), early), 0.1);
    w.close();
}

void TestServerHistoryView::timeAxesTickOnRoundTimes()
{
    using R = ServerHistoryView::Range;
    m_view->setServer(u"mem"_s, 1000, 5000);
    for (auto [range, unit] :
        {std::pair {R::Hours24, 3600'000LL}, {R::Days7, 86400'000LL}, {R::Days30, 86400'000LL}}) {
        m_view->setRange(range);
        const Request req = m_requests.last();
        QSignalSpy refreshed(m_view.get(), &ServerHistoryView::refreshed);
        req.promise->addResult(fabricated(req.to.addSecs(-600), 3, 5.0));
        req.promise->finish();
        QTRY_VERIFY(refreshed.size() >= 1);
        for (QChart *chart : {m_view->latencyChart()}) {
            auto *axis = qobject_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).value(0));
            QVERIFY(axis);
            const QDateTime min = axis->min(), max = axis->max();
            // Starts on a whole hour (or local midnight), covers the range, ticks whole units apart.
            QCOMPARE(min.time().minute(), 0);
            QCOMPARE(min.time().second(), 0);
            if (unit == 86400'000LL)
                QCOMPARE(min.time(), QTime(0, 0));
            QVERIFY(min <= req.from && max >= req.to);
            QVERIFY(req.to.msecsTo(max) < unit); // no stretch of future beyond the next whole unit
            QVERIFY(min.msecsTo(max) <= ServerHistoryView::spanMs(range) + 3 * unit);
            QVERIFY(axis->tickCount() >= 3 && axis->tickCount() <= 6);
            const qint64 step = min.msecsTo(max) / (axis->tickCount() - 1);
            QCOMPARE(min.msecsTo(max) % (axis->tickCount() - 1), 0);
            QCOMPARE(step % unit, 0);
        }
    }
}

QTEST_MAIN(TestServerHistoryView)
#include "tst_serverhistoryview.moc"
