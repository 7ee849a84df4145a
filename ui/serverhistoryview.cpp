#include "serverhistoryview.h"

#include "statusicons.h"

#include <algorithm>

#include <QAreaSeries>
#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QToolButton>
#include <QStackedWidget>
#include <QTimer>
#include <QTimeZone>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lifeline {

// A strip of the range: each bucket green when up, amber when partly down, red (hatched, so it
// does not rest on colour alone) when mostly down, grey when there is no data. Lined up with the
// latency chart's plot area above it.
class AvailabilityBand final : public QWidget
{
    Q_OBJECT // its own translation context
        public : explicit AvailabilityBand(QWidget *parent = nullptr)
        : QWidget(parent)
    {
        setMinimumHeight(18);
        setMaximumHeight(18);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setData(const QList<LatencyPoint> &points, qint64 fromMs, qint64 toMs, qint64 bucketMs)
    {
        m_points = points;
        m_from = fromMs;
        m_to = toMs;
        m_bucket = bucketMs;
        update();
    }
    void setMargins(int left, int right)
    {
        m_left = left;
        m_right = right;
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        const QRectF area(m_left, 1, qMax(1, width() - m_left - m_right), height() - 2);
        p.fillRect(area, palette().color(QPalette::Mid).lighter(130));
        if (m_to <= m_from)
            return;
        const double scale = area.width() / double(m_to - m_from);
        for (const LatencyPoint &pt : std::as_const(m_points)) {
            const double a = pt.availability();
            if (a < 0)
                continue;
            const qint64 start = pt.start.toMSecsSinceEpoch();
            const QRectF r(area.left() + double(start - m_from) * scale, area.top(),
                qMax(1.0, double(m_bucket) * scale), area.height());
            if (a >= 0.9995) {
                p.fillRect(r, statusColor(HealthState::Healthy));
            } else if (a >= 0.5) {
                p.fillRect(r, statusColor(HealthState::Degraded));
            } else {
                p.fillRect(r, statusColor(HealthState::Unhealthy));
                p.fillRect(r, QBrush(Qt::white, Qt::BDiagPattern));
            }
        }
    }
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(e);
            const double w = qMax(1, width() - m_left - m_right);
            const qint64 t = m_from + qint64(double(help->pos().x() - m_left) / w * double(m_to - m_from));
            QString text = tr("No data");
            for (const LatencyPoint &pt : std::as_const(m_points)) {
                const qint64 s = pt.start.toMSecsSinceEpoch();
                if (t >= s && t < s + m_bucket && pt.availability() >= 0) {
                    text = tr("%1: %2 % available, %3 of %4 checks failed")
                               .arg(QLocale().toString(pt.start.toLocalTime(), QLocale::ShortFormat))
                               .arg(100.0 * pt.availability(), 0, 'f', 2)
                               .arg(pt.failures)
                               .arg(pt.checks);
                    break;
                }
            }
            QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
        return QWidget::event(e);
    }

private:
    QList<LatencyPoint> m_points;
    qint64 m_from = 0, m_to = 0, m_bucket = 1;
    int m_left = 0, m_right = 0;
};

namespace {

constexpr int kMaxPoints = 300; // about one per two pixels of a detail pane

QLineSeries *line(QChart *chart, const QString &name, const QColor &color, Qt::PenStyle style = Qt::SolidLine,
    qreal width = 1.5)
{
    auto *s = new QLineSeries(chart);
    s->setName(name);
    QPen pen(color, width, style);
    pen.setCosmetic(true);
    s->setPen(pen);
    return s;
}

// "48 h", "14 d": how long the history keeps something.
QString keptText(qint64 ms)
{
    const qint64 hours = ms / (3600 * 1000LL);
    if (hours < 72)
        return ServerHistoryView::tr("%n h", nullptr, int(qMax<qint64>(1, hours)));
    return ServerHistoryView::tr("%n d", nullptr, int(hours / 24));
}

QChart *makeChart()
{
    auto *c = new QChart;
    c->setBackgroundRoundness(0);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->legend()->setAlignment(Qt::AlignTop);
    c->legend()->setFont(QFont(c->legend()->font().family(), 8));
    return c;
}

} // namespace

qint64 ServerHistoryView::spanMs(Range range)
{
    switch (range) {
    case Range::Minutes15:
        return 15 * 60 * 1000LL;
    case Range::Hour1:
        return 3600 * 1000LL;
    case Range::Hours24:
        return 24 * 3600 * 1000LL;
    case Range::Days7:
        return 7 * 24 * 3600 * 1000LL;
    case Range::Days30:
        return 30 * 24 * 3600 * 1000LL;
    }
    return 3600 * 1000LL;
}

ServerHistoryView::ServerHistoryView(QWidget *parent)
    : QWidget(parent)
    , m_ranges(new QButtonGroup(this))
    , m_summary(new QLabel)
    , m_latency(makeChart())
    , m_band(new AvailabilityBand)
    , m_errors(makeChart())
    , m_callsStack(new QStackedWidget)
    , m_callsEmpty(new QLabel)
    , m_callsChart(makeChart())
    , m_refresh(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 6, 0); // the summary's last letters off the window's edge
    const std::pair<Range, QString> ranges[] = {{Range::Minutes15, tr("15 min")}, {Range::Hour1, tr("1 h")},
        {Range::Hours24, tr("24 h")}, {Range::Days7, tr("7 d")}, {Range::Days30, tr("30 d")}};
    for (const auto &[r, label] : ranges) {
        // Tool buttons: push buttons' minimum width made the five of them force a wide detail pane.
        auto *b = new QToolButton;
        b->setText(label);
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setChecked(r == m_range);
        b->setToolTip(tr("Show the last %1").arg(label));
        b->setObjectName(u"range%1"_s.arg(int(r)));
        m_ranges->addButton(b, int(r));
        bar->addWidget(b);
    }
    m_ranges->setExclusive(true);
    connect(m_ranges, &QButtonGroup::idClicked, this, [this](int id) { setRange(Range(id)); });
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A narrow pane wraps the summary rather than growing for it.
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    bar->addWidget(m_summary, 1);
    layout->addLayout(bar);

    // Latency: the spread (min–max) as a light band, the average and the p95 as lines, and the
    // thresholds the health model uses.
    m_min = new QLineSeries(m_latency);
    m_max = new QLineSeries(m_latency);
    auto *spread = m_spread = new QAreaSeries(m_max, m_min);
    spread->setName(tr("min–max"));
    QColor band = statusColor(HealthState::Starting);
    band.setAlpha(50);
    spread->setBrush(band);
    spread->setPen(Qt::NoPen);
    m_avg = line(m_latency, tr("average"), statusColor(HealthState::Starting));
    m_p95 = line(m_latency, tr("p95"), statusColor(HealthState::Recovering), Qt::DashLine);
    m_warning = line(m_latency, tr("warning"), statusColor(HealthState::Degraded), Qt::DotLine, 1);
    m_critical = line(m_latency, tr("critical"), statusColor(HealthState::Unhealthy), Qt::DotLine, 1);
    m_latencyX = new QDateTimeAxis(m_latency);
    m_latencyY = new QValueAxis(m_latency);
    m_latencyY->setTitleText(tr("ms"));
    m_latencyY->setLabelFormat(u"%.3g"_s);
    m_latency->addAxis(m_latencyX, Qt::AlignBottom);
    m_latency->addAxis(m_latencyY, Qt::AlignLeft);
    for (QAbstractSeries *s :
        std::initializer_list<QAbstractSeries *> {spread, m_avg, m_p95, m_warning, m_critical}) {
        m_latency->addSeries(s);
        s->attachAxis(m_latencyX);
        s->attachAxis(m_latencyY);
    }
    m_latency->setTitle(tr("Latency"));
    m_latencyView = new QChartView(m_latency);
    m_latencyView->setRenderHint(QPainter::Antialiasing);
    m_latencyView->setMinimumHeight(170);
    layout->addWidget(m_latencyView, 3);

    layout->addWidget(m_band);
    connect(m_latency, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        const QPoint topLeft = m_latencyView->mapFromScene(m_latency->mapToScene(plot.topLeft()));
        const QPoint bottomRight = m_latencyView->mapFromScene(m_latency->mapToScene(plot.bottomRight()));
        m_band->setMargins(topLeft.x(), m_latencyView->width() - bottomRight.x());
    });

    m_errorRate = line(m_errors, tr("failed checks %"), statusColor(HealthState::Unhealthy));
    m_errorsX = new QDateTimeAxis(m_errors);
    m_errorsY = new QValueAxis(m_errors);
    m_errorsY->setRange(0, 100);
    m_errorsY->setTickCount(3); // 0, 50, 100: more labels do not fit the short chart
    m_errorsY->setLabelFormat(u"%d"_s);
    m_errorsY->setTitleText(u"%"_s);
    m_errors->addAxis(m_errorsX, Qt::AlignBottom);
    m_errors->addAxis(m_errorsY, Qt::AlignLeft);
    m_errors->addSeries(m_errorRate);
    m_errorRate->attachAxis(m_errorsX);
    m_errorRate->attachAxis(m_errorsY);
    m_errors->legend()->hide();
    m_runs.append({m_avg, m_p95, m_min, m_max, m_errorRate});
    m_errors->setTitle(tr("Error rate"));
    m_errorsView = new QChartView(m_errors);
    m_errorsView->setRenderHint(QPainter::Antialiasing);
    m_errorsView->setMinimumHeight(110);

    // Gateway calls per minute as a filled step (one bar per bucket: counts, not a trend between
    // samples) and the call errors over it. With no calls in the range a sentence takes the
    // chart's place: an empty axis reads as "broken", not as "nothing went through the gateway".
    m_callRate = new QLineSeries(m_callsChart);
    auto *callArea = new QAreaSeries(m_callRate);
    callArea->setName(tr("calls/min"));
    QColor callFill = statusColor(HealthState::Starting);
    callFill.setAlpha(80);
    callArea->setBrush(callFill);
    QPen callPen(statusColor(HealthState::Starting), 1.5);
    callPen.setCosmetic(true);
    callArea->setPen(callPen);
    m_callErrors = line(m_callsChart, tr("errors/min"), statusColor(HealthState::Unhealthy));
    m_callsX = new QDateTimeAxis(m_callsChart);
    m_callsY = new QValueAxis(m_callsChart);
    m_callsY->setTickCount(3);
    m_callsY->setTitleText(tr("/min")); // the chart is short: a longer title gets cut
    m_callsChart->addAxis(m_callsX, Qt::AlignBottom);
    m_callsChart->addAxis(m_callsY, Qt::AlignLeft);
    for (QAbstractSeries *s : std::initializer_list<QAbstractSeries *> {callArea, m_callErrors}) {
        m_callsChart->addSeries(s);
        s->attachAxis(m_callsX);
        s->attachAxis(m_callsY);
    }
    m_callsChart->setTitle(tr("Gateway calls"));
    m_callsChart->legend()->hide(); // the title names the red part
    m_callsView = new QChartView(m_callsChart);
    m_callsView->setRenderHint(QPainter::Antialiasing);
    m_callsView->setMinimumHeight(110);
    m_callsView->setToolTip(tr("Calls per minute through Lifeline's gateway to this server (blue) and "
                               "those of them that failed (red)"));
    m_callsEmpty->setObjectName(u"callsEmpty"_s);
    m_callsEmpty->setAlignment(Qt::AlignCenter);
    m_callsEmpty->setWordWrap(true);
    m_callsEmpty->setMinimumHeight(40);
    m_callsEmpty->setContentsMargins(8, 4, 8, 4);
    m_callsEmpty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_callsEmpty->setAutoFillBackground(true);
    m_callsEmpty->setBackgroundRole(QPalette::Base);
    m_callsStack->addWidget(m_callsView);
    m_callsStack->addWidget(m_callsEmpty);
    m_callsStack->setCurrentWidget(m_callsEmpty);
    m_callsEmpty->setText(tr("No calls through the gateway in this range"));
    // Side by side: stacked, three charts leave the details below them a few lines only.
    auto *lower = new QHBoxLayout;
    lower->setSpacing(2);
    lower->addWidget(m_errorsView, 1);
    lower->addWidget(m_callsStack, 1);
    layout->addLayout(lower, 2);

    connect(m_refresh, &QTimer::timeout, this, &ServerHistoryView::refresh);
}

ServerHistoryView::~ServerHistoryView() = default;

void ServerHistoryView::setFetcher(Fetcher fetcher)
{
    m_fetcher = std::move(fetcher);
    refresh();
}

void ServerHistoryView::setCallsFetcher(CallsFetcher fetcher)
{
    m_callsFetcher = std::move(fetcher);
    refresh();
}

void ServerHistoryView::setCallsKeptMs(qint64 ms)
{
    m_callsKeptMs = ms;
}

bool ServerHistoryView::callsChartShown() const
{
    return m_callsStack->currentWidget() == m_callsView;
}

QString ServerHistoryView::callsEmptyText() const
{
    return m_callsEmpty->text();
}

int ServerHistoryView::callBucketMinutes(Range range)
{
    // About 300 buckets at most (like the latency chart), in whole minutes a reader can name.
    switch (range) {
    case Range::Minutes15:
    case Range::Hour1:
        return 1;
    case Range::Hours24:
        return 5;
    case Range::Days7:
        return 60;
    case Range::Days30:
        return 240;
    }
    return 1;
}

void ServerHistoryView::setServer(const QString &name, int latencyWarningMs, int latencyCriticalMs)
{
    const bool same
        = name == m_server && latencyWarningMs == m_warningMs && latencyCriticalMs == m_criticalMs;
    m_warningMs = latencyWarningMs;
    m_criticalMs = latencyCriticalMs;
    if (same)
        return;
    const bool otherServer = name != m_server;
    m_server = name;
    if (otherServer) {
        m_points.clear();
        m_calls.clear();
        ++m_generation; // an answer for the previous server must not land here
    }
    refresh();
}

void ServerHistoryView::setRange(Range range)
{
    m_range = range;
    if (QAbstractButton *b = m_ranges->button(int(range)))
        b->setChecked(true);
    ++m_generation;
    refresh();
}

int ServerHistoryView::refreshIntervalMs() const
{
    switch (m_range) {
    case Range::Minutes15:
        return 5000;
    case Range::Hour1:
        return 15000;
    case Range::Hours24:
        return 60000;
    case Range::Days7:
    case Range::Days30:
        return 300000;
    }
    return 15000;
}

void ServerHistoryView::refresh()
{
    m_refresh->start(refreshIntervalMs());
    if ((!m_fetcher && !m_callsFetcher) || m_server.isEmpty())
        return;
    const QDateTime to = QDateTime::currentDateTimeUtc();
    const QDateTime from = to.addMSecs(-spanMs(m_range));
    const quint64 generation = ++m_generation;
    if (m_fetcher) {
        m_fetcher(m_server, from, to, kMaxPoints)
            .then(this, [this, generation, from, to](const QList<LatencyPoint> &p) {
                if (generation == m_generation) // else the user moved on meanwhile
                    show(p, from, to);
            });
    }
    if (m_callsFetcher) {
        // From the start of the first bucket, so that it is not drawn short of its early minutes.
        const qint64 bucket = callBucketMinutes(m_range) * 60'000LL;
        const QDateTime callsFrom
            = QDateTime::fromMSecsSinceEpoch(from.toMSecsSinceEpoch() / bucket * bucket, Qt::UTC);
        m_callsFetcher(m_server, callsFrom, to)
            .then(this, [this, generation, from, to](const QList<ThroughputPoint> &minutes) {
                if (generation == m_generation)
                    showCalls(minutes, from, to);
            });
    }
}

ServerHistoryView::Run ServerHistoryView::run(int index)
{
    while (m_runs.size() <= index) {
        // Same pens and brush as the first run, no legend entry of its own: one line to the reader.
        const auto twin = [](QChart *chart, QLineSeries *like) {
            auto *s = new QLineSeries(chart);
            s->setName(like->name());
            s->setPen(like->pen());
            return s;
        };
        Run r {twin(m_latency, m_avg), twin(m_latency, m_p95), new QLineSeries(m_latency),
            new QLineSeries(m_latency), twin(m_errors, m_errorRate)};
        auto *spread = new QAreaSeries(r.max, r.min);
        spread->setName(m_spread->name());
        spread->setBrush(m_spread->brush());
        spread->setPen(m_spread->pen());
        const std::pair<QChart *, QAbstractSeries *> added[]
            = {{m_latency, spread}, {m_latency, r.avg}, {m_latency, r.p95}, {m_errors, r.errors}};
        for (const auto &[chart, series] : added) {
            chart->addSeries(series);
            for (QAbstractAxis *axis : chart->axes())
                series->attachAxis(axis);
            for (QLegendMarker *marker : chart->legend()->markers(series))
                marker->setVisible(false);
        }
        m_runs.append(r);
    }
    return m_runs.at(index);
}

QList<QLineSeries *> ServerHistoryView::latencyRuns() const
{
    QList<QLineSeries *> out;
    for (int i = 0; i < m_runsShown; ++i) {
        if (m_runs.at(i).avg->count() > 0)
            out << m_runs.at(i).avg;
    }
    return out;
}

QList<QLineSeries *> ServerHistoryView::errorRuns() const
{
    QList<QLineSeries *> out;
    for (int i = 0; i < m_runsShown; ++i) {
        if (m_runs.at(i).errors->count() > 0)
            out << m_runs.at(i).errors;
    }
    return out;
}

qint64 ServerHistoryView::gapMs(const QList<LatencyPoint> &points, qint64 bucketMs)
{
    // The data's own spacing stands for the check interval, which the view is not told: a server
    // checked every 5 min is not "broken" between its checks, one checked every 10 s is after a minute.
    QList<qint64> steps;
    qint64 previous = -1;
    for (const LatencyPoint &p : points) {
        if (p.checks <= 0)
            continue;
        const qint64 t = p.start.toMSecsSinceEpoch();
        if (previous >= 0 && t > previous)
            steps << t - previous;
        previous = t;
    }
    qint64 usual = bucketMs;
    if (!steps.isEmpty()) {
        std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
        usual = qMax(usual, steps.at(steps.size() / 2));
    }
    return 3 * usual;
}

ServerHistoryView::TimeAxis ServerHistoryView::timeAxis(
    Range range, const QDateTime &from, const QDateTime &to, int maxTicks)
{
    TimeAxis axis;
    const QDateTime f = from.toLocalTime(), t = to.toLocalTime();
    qint64 units = 0;
    qint64 unitMs = 0; // 0: days, counted on the calendar (a day with a DST change is not 24 h)
    switch (range) {
    case Range::Minutes15:
        unitMs = 5 * 60'000LL;
        break;
    case Range::Hour1:
        unitMs = 10 * 60'000LL;
        break;
    case Range::Hours24:
        unitMs = 3600'000LL;
        break;
    case Range::Days7:
    case Range::Days30:
        break;
    }
    if (unitMs > 0) {
        // In local time: a zone half an hour off UTC still gets its own whole hours.
        const qint64 offset = qint64(f.offsetFromUtc()) * 1000;
        const qint64 lo = (f.toMSecsSinceEpoch() + offset) / unitMs * unitMs - offset;
        const qint64 hi = (t.toMSecsSinceEpoch() + offset + unitMs - 1) / unitMs * unitMs - offset;
        units = qMax<qint64>(1, (hi - lo) / unitMs);
        axis.max = QDateTime::fromMSecsSinceEpoch(hi).toLocalTime();
    } else {
        QDate last = t.date();
        if (t.time() != QTime(0, 0))
            last = last.addDays(1);
        units = qMax<qint64>(1, f.date().daysTo(last));
        axis.max = QDateTime(last, QTime(0, 0));
    }
    // Widen by whole units until some step of whole units divides the span into 3…maxTicks ticks.
    // Into the past: the right edge stays at the next whole unit after now, not hours of future.
    maxTicks = qMax(3, maxTicks);
    for (qint64 n = units;; ++n) {
        for (qint64 step = 1; step <= n; ++step) {
            const qint64 ticks = n / step + 1;
            if (n % step == 0 && ticks >= 3 && ticks <= maxTicks) {
                axis.tickCount = int(ticks);
                axis.min = unitMs > 0 ? axis.max.addMSecs(-n * unitMs) : axis.max.addDays(-n);
                return axis;
            }
        }
    }
}

void ServerHistoryView::showCalls(
    const QList<ThroughputPoint> &minutes, const QDateTime &from, const QDateTime &to)
{
    m_calls = minutes;
    const qint64 bucket = callBucketMinutes(m_range) * 60'000LL;
    const qint64 fromMs = from.toMSecsSinceEpoch(), toMs = to.toMSecsSinceEpoch();
    // The minute under way has no row yet (it is written once it is over): the chart ends before it
    // rather than showing a drop to zero that is not there.
    const qint64 end = toMs / 60'000 * 60'000;
    qint64 first = fromMs / bucket * bucket;
    // Older call counts are gone from the history: no bars of zeros for that time.
    const bool cut = m_callsKeptMs >= 0 && toMs - m_callsKeptMs > fromMs;
    if (cut)
        first = qMax(first, (toMs - m_callsKeptMs + bucket - 1) / bucket * bucket);
    const qsizetype n = end > first ? (end - first + bucket - 1) / bucket : 0;
    QList<qint64> calls(n, 0), errors(n, 0);
    qint64 totalCalls = 0, totalErrors = 0;
    for (const ThroughputPoint &p : minutes) {
        const qint64 t = p.minute.toMSecsSinceEpoch();
        if (t < first || t >= end)
            continue;
        const qsizetype i = (t - first) / bucket;
        calls[i] += p.calls;
        errors[i] += p.errors;
        totalCalls += p.calls;
        totalErrors += p.errors;
    }
    QList<QPointF> rate, errorRate;
    rate.reserve(2 * n);
    errorRate.reserve(2 * n);
    double top = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const qint64 b = first + i * bucket;
        const qint64 e = qMin(b + bucket, end);
        const double perMinute = 60'000.0 / double(e - b); // the last bucket may be short
        const double c = double(calls.at(i)) * perMinute, f = double(errors.at(i)) * perMinute;
        rate << QPointF(double(b), c) << QPointF(double(e), c);
        errorRate << QPointF(double(b), f) << QPointF(double(e), f);
        top = qMax(top, c);
    }
    m_callRate->replace(rate);
    m_callErrors->replace(errorRate);
    m_callsY->setRange(0, qMax(1.0, top * 1.1));
    m_callsY->applyNiceNumbers();
    m_callsY->setLabelFormat(m_callsY->max() >= 10 ? u"%.0f"_s : u"%.2g"_s);
    const TimeAxis axis = timeAxis(m_range, from, to, 4); // half a pane wide
    m_callsX->setRange(axis.min, axis.max);
    m_callsX->setFormat(spanMs(m_range) <= 24 * 3600 * 1000LL ? u"HH:mm"_s : u"dd MMM"_s);
    m_callsX->setTickCount(axis.tickCount);
    const QLocale loc;
    const QString kept
        = cut ? tr("the history keeps call counts for %1").arg(keptText(m_callsKeptMs)) : QString();
    if (totalCalls == 0) {
        QString text = tr("No calls through the gateway in this range");
        if (cut)
            text += u"\n("_s + kept + u')';
        m_callsEmpty->setText(text);
        m_callsStack->setCurrentWidget(m_callsEmpty);
    } else {
        // The failed count in the errors line's colour: the chart has no room for a legend. None
        // failed: no red at all — neither in the title nor as a line along the axis, which reads
        // as errors at a glance.
        QString title = totalErrors == 0 ? tr("Calls: %1, none failed").arg(loc.toString(totalCalls))
                                         : tr("Calls: %1, <span style='color:%3'>%2 failed</span>")
                                               .arg(loc.toString(totalCalls), loc.toString(totalErrors),
                                                   statusColor(HealthState::Unhealthy).name());
        m_callErrors->setVisible(totalErrors > 0);
        if (cut)
            title += u" ("_s + kept + u')';
        m_callsChart->setTitle(title);
        m_callsStack->setCurrentWidget(m_callsView);
    }
    Q_EMIT callsRefreshed();
}

void ServerHistoryView::show(const QList<LatencyPoint> &points, const QDateTime &from, const QDateTime &to)
{
    m_points = points;
    const qint64 bucket = (to.toMSecsSinceEpoch() - from.toMSecsSinceEpoch() + kMaxPoints - 1) / kMaxPoints;
    // One set of series per run of buckets without a gap (QLineSeries has no "no value" point in
    // Qt 6.4): a time Lifeline was not running is a break, not a straight line across it.
    const qint64 gap = gapMs(points, bucket);
    struct RunPoints
    {
        QList<QPointF> avg, p95, mins, maxs, errors;
    };
    QList<RunPoints> runs;
    qint64 previous = 0;
    double top = 0;
    for (const LatencyPoint &p : points) {
        if (p.checks <= 0)
            continue;
        const qint64 t = p.start.toMSecsSinceEpoch();
        if (runs.isEmpty() || t - previous > gap)
            runs.append(RunPoints {});
        previous = t;
        RunPoints &r = runs.last();
        const double x = double(t);
        if (p.avgMs >= 0) {
            r.avg << QPointF(x, p.avgMs);
            r.mins << QPointF(x, p.minMs);
            r.maxs << QPointF(x, p.maxMs);
            r.p95 << QPointF(x, p.p95Ms >= 0 ? p.p95Ms : p.maxMs);
            top = qMax(top, p.p95Ms >= 0 ? p.p95Ms : p.avgMs);
        }
        r.errors << QPointF(x, 100.0 * double(p.failures) / double(p.checks));
    }
    for (int i = 0; i < qMax(runs.size(), qsizetype(m_runsShown)); ++i) {
        const Run series = run(i);
        const RunPoints r = i < runs.size() ? runs.at(i) : RunPoints {};
        // replace(): one signal per series, not one per point.
        series.avg->replace(r.avg);
        series.p95->replace(r.p95);
        series.min->replace(r.mins);
        series.max->replace(r.maxs);
        series.errors->replace(r.errors);
        // A run of one bucket has no line to draw: its point stands for it.
        series.avg->setPointsVisible(r.avg.size() == 1);
        series.errors->setPointsVisible(r.errors.size() == 1);
    }
    m_runsShown = int(runs.size());
    const double x0 = double(from.toMSecsSinceEpoch()), x1 = double(to.toMSecsSinceEpoch());
    // Thresholds are drawn when they are in sight (the critical one of 5 s would flatten 2 ms pings).
    const double yMax = qMax(1.0, top * 1.25);
    m_warning->replace(m_warningMs <= yMax * 4
            ? QList<QPointF> {{x0, double(m_warningMs)}, {x1, double(m_warningMs)}}
            : QList<QPointF> {});
    m_critical->replace(m_criticalMs <= yMax * 4
            ? QList<QPointF> {{x0, double(m_criticalMs)}, {x1, double(m_criticalMs)}}
            : QList<QPointF> {});
    double shownMax = yMax;
    if (m_warningMs <= yMax * 4)
        shownMax = qMax(shownMax, m_warningMs * 1.1);
    if (m_criticalMs <= yMax * 4)
        shownMax = qMax(shownMax, m_criticalMs * 1.1);
    m_latencyY->setRange(0, shownMax);
    m_latencyY->applyNiceNumbers();
    // Whole milliseconds from 10 ms up ("4000", not "4e+03"); fractions below.
    m_latencyY->setLabelFormat(m_latencyY->max() >= 10 ? u"%.0f"_s : u"%.2g"_s);
    TimeAxis wide;
    for (QDateTimeAxis *axis : {m_latencyX, m_errorsX}) {
        // Ticks on round times: the range widened to whole hours or days (at most one each side).
        const TimeAxis a
            = timeAxis(m_range, from, to, axis == m_latencyX ? 6 : 4); // the error rate is half a pane wide
        axis->setRange(a.min, a.max);
        axis->setFormat(spanMs(m_range) <= 24 * 3600 * 1000LL ? u"HH:mm"_s : u"dd MMM"_s);
        axis->setTickCount(a.tickCount);
        if (axis == m_latencyX)
            wide = a;
    }
    // The band lines up with the latency chart's axis, not with the range asked for.
    m_band->setData(points, wide.min.toMSecsSinceEpoch(), wide.max.toMSecsSinceEpoch(), bucket);

    qint64 checks = 0, failures = 0, up = 0, down = 0;
    for (const LatencyPoint &p : points) {
        checks += p.checks;
        failures += p.failures;
        up += p.upMs;
        down += p.downMs;
    }
    if (checks == 0) {
        m_summary->setText(tr("No history in this range yet"));
    } else {
        const double availability = up + down > 0 ? 100.0 * double(up) / double(up + down)
                                                  : 100.0 * (1.0 - double(failures) / double(checks));
        m_summary->setText(tr("%1 checks, %2 failed, %3 % available")
                               .arg(QLocale().toString(checks))
                               .arg(QLocale().toString(failures))
                               .arg(QLocale().toString(availability, 'f', 2)));
    }
    Q_EMIT refreshed();
}

} // namespace lifeline

#include "serverhistoryview.moc"
