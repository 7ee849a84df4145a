#pragma once

#include "store/historytypes.h"

#include <QFuture>
#include <QWidget>

#include <functional>

class QAreaSeries;
class QButtonGroup;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QTimer;
class QValueAxis;

namespace lifeline {

class AvailabilityBand;

// One server's history in the detail pane: latency (min–max band, average, p95, the warning and
// critical thresholds), an availability band (up / partly down / down / no data), the error
// rate and the gateway's calls per minute, over 15 min … 30 d. Data comes from the history store
// through `Fetcher` and `CallsFetcher` (futures: the GUI thread never waits) and is refreshed while
// shown, faster for short ranges.
class ServerHistoryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerHistoryView)
public:
    enum class Range { Minutes15, Hour1, Hours24, Days7, Days30 };
    using Fetcher = std::function<QFuture<QList<LatencyPoint>>(
        const QString &server, const QDateTime &from, const QDateTime &to, int maxPoints)>;
    // The history's `throughput` rows: one per minute with calls, oldest first.
    using CallsFetcher = std::function<QFuture<QList<ThroughputPoint>>(
        const QString &server, const QDateTime &from, const QDateTime &to)>;

    explicit ServerHistoryView(QWidget *parent = nullptr);
    ~ServerHistoryView() override;

    void setFetcher(Fetcher fetcher);
    void setCallsFetcher(CallsFetcher fetcher);
    // How long the history keeps call counts (raw rows, `samples` retention); -1: for ever.
    // A range reaching further back says so instead of drawing days of zeros.
    void setCallsKeptMs(qint64 ms);
    void setServer(const QString &name, int latencyWarningMs, int latencyCriticalMs);
    void setRange(Range range);
    Range range() const { return m_range; }
    void refresh();

    // What the charts show now (tests and screenshots).
    QList<LatencyPoint> points() const { return m_points; }
    QChart *latencyChart() const { return m_latency; }
    QList<ThroughputPoint> calls() const { return m_calls; } // the minutes of the last answer
    QChart *callsChart() const { return m_callsChart; }
    QLineSeries *callRateSeries() const { return m_callRate; } // calls/min, a step per bucket
    QLineSeries *callErrorSeries() const { return m_callErrors; } // errors/min, same buckets
    bool callsChartShown() const; // false: the empty-state text stands in its place
    QString callsEmptyText() const;
    // Minutes per bucket of the calls chart for a range (1 for 15 min and 1 h).
    static int callBucketMinutes(Range range);
    static qint64 spanMs(Range range);

    // The latency and error-rate lines, one series per continuous run of samples: where Lifeline
    // was not running the line breaks instead of joining the two sides. Runs without points are
    // left out. The first of each is the series named "average" / "failed checks %".
    QList<QLineSeries *> latencyRuns() const;
    QList<QLineSeries *> errorRuns() const;
    // Where one run of buckets ends: two buckets further apart than this (ms) have a gap between
    // them. Three times the usual spacing of the answer's buckets (the check interval, or the
    // bucket width when several checks share a bucket), and never less than three buckets.
    static qint64 gapMs(const QList<LatencyPoint> &points, qint64 bucketMs);

    // A time axis on round times: from and to widened to whole units (10 min for 1 h, hours for
    // 24 h, days for 7 d and 30 d, local time) and as many ticks, at most `maxTicks`, as divide the
    // span into whole units.
    struct TimeAxis
    {
        QDateTime min, max;
        int tickCount = 2;
    };
    static TimeAxis timeAxis(Range range, const QDateTime &from, const QDateTime &to, int maxTicks);

Q_SIGNALS:
    void refreshed(); // the charts show a new answer
    void callsRefreshed(); // the calls chart shows a new answer

private:
    void show(const QList<LatencyPoint> &points, const QDateTime &from, const QDateTime &to);
    void showCalls(const QList<ThroughputPoint> &minutes, const QDateTime &from, const QDateTime &to);
    // The extra series for run `index` (> 0) of the latency and error charts, made on first use.
    struct Run
    {
        QLineSeries *avg, *p95, *min, *max, *errors;
    };
    Run run(int index);
    int refreshIntervalMs() const;

    Fetcher m_fetcher;
    QString m_server;
    int m_warningMs = 1000;
    int m_criticalMs = 5000;
    Range m_range = Range::Minutes15; // a fresh history fills it; longer ranges are a click away
    quint64 m_generation = 0; // answers to an older request are dropped
    QList<LatencyPoint> m_points;
    CallsFetcher m_callsFetcher;
    qint64 m_callsKeptMs = -1;
    QList<ThroughputPoint> m_calls;

    QButtonGroup *m_ranges;
    QLabel *m_summary;
    QChart *m_latency;
    QChartView *m_latencyView;
    QDateTimeAxis *m_latencyX;
    QValueAxis *m_latencyY;
    QLineSeries *m_avg;
    QLineSeries *m_p95;
    QLineSeries *m_min;
    QLineSeries *m_max;
    QAreaSeries *m_spread;
    QLineSeries *m_warning;
    QLineSeries *m_critical;
    AvailabilityBand *m_band;
    QChart *m_errors;
    QChartView *m_errorsView;
    QDateTimeAxis *m_errorsX;
    QValueAxis *m_errorsY;
    QLineSeries *m_errorRate;
    QList<Run> m_runs; // index 0: the members above; more as the data has gaps
    int m_runsShown = 0;
    QStackedWidget *m_callsStack;
    QLabel *m_callsEmpty;
    QChart *m_callsChart;
    QChartView *m_callsView;
    QDateTimeAxis *m_callsX;
    QValueAxis *m_callsY;
    QLineSeries *m_callRate;
    QLineSeries *m_callErrors;
    QTimer *m_refresh;
};

} // namespace lifeline
