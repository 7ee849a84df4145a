#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace lifeline {

class StatusData;

// GET /metrics: the Prometheus text exposition format 0.0.4 (what `promtool check metrics`
// accepts): every family with # HELP and # TYPE, names prefixed `lifeline_`, base units
// (seconds, ratios), counters ending in `_total`, label values escaped.
class PrometheusExporter
{
public:
    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";

    static QByteArray render(const StatusData &data);

    // The building blocks, public for the tests.
    using Labels = QList<QPair<QString, QString>>;
    static QByteArray escapeLabelValue(const QString &value); // \ " and newline
    static QByteArray escapeHelp(const QString &text); // \ and newline
    static QByteArray formatValue(double value); // Prometheus floats: +Inf, -Inf, NaN
    static QByteArray sample(const QByteArray &name, const Labels &labels, double value);
};

} // namespace lifeline
