// The detail pane's charts: they ask the history for the chosen range, draw what comes back
// (thresholds included), drop an answer that arrives after the user moved on, and refresh.
#include "serverhistoryview.h"

#include <QAbstractButton>
#include <QChart>
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

private:
    std::unique_ptr<ServerHistoryView> m_view;
    QList<Request> m_requests;
};

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

QTEST_MAIN(TestServerHistoryView)
#include "tst_serverhistoryview.moc"
