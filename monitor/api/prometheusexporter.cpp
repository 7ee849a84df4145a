#include "prometheusexporter.h"

#include "statusdata.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr FailureType kFailureTypes[] = {FailureType::Timeout, FailureType::ConnectionError,
    FailureType::Authentication, FailureType::RateLimit, FailureType::ServerError, FailureType::ProtocolError,
    FailureType::ProcessExit};

constexpr HealthState kStates[]
    = {HealthState::Starting, HealthState::Healthy, HealthState::Degraded, HealthState::Unhealthy,
        HealthState::Recovering, HealthState::Offline, HealthState::Disabled, HealthState::Failed};

class Writer
{
public:
    void family(const char *name, const char *type, const QString &help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += PrometheusExporter::escapeHelp(help);
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    void sample(const QByteArray &name, const PrometheusExporter::Labels &labels, double value)
    {
        m_out += PrometheusExporter::sample(name, labels, value);
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

} // namespace

QByteArray PrometheusExporter::escapeLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray PrometheusExporter::escapeHelp(const QString &text)
{
    QByteArray out;
    for (const char c : text.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray PrometheusExporter::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 15);
}

QByteArray PrometheusExporter::sample(const QByteArray &name, const Labels &labels, double value)
{
    QByteArray out = name;
    if (!labels.isEmpty()) {
        out += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i)
                out += ',';
            out += labels[i].first.toLatin1();
            out += "=\"";
            out += escapeLabelValue(labels[i].second);
            out += '"';
        }
        out += '}';
    }
    out += ' ';
    out += formatValue(value);
    out += '\n';
    return out;
}

QByteArray PrometheusExporter::render(const StatusData &data)
{
    Writer w;
    const QList<ServerSnapshot> servers = data.snapshots();

    w.family("lifeline_build_info", "gauge", u"Lifeline's version (always 1)."_s);
    w.sample("lifeline_build_info", {{u"version"_s, QStringLiteral(LIFELINE_VERSION)}}, 1);
    w.family("lifeline_start_time_seconds", "gauge", u"When Lifeline started, Unix time."_s);
    w.sample("lifeline_start_time_seconds", {}, double(data.startedAt().toMSecsSinceEpoch()) / 1000.0);
    w.family("lifeline_servers", "gauge", u"Configured MCP servers."_s);
    w.sample("lifeline_servers", {}, double(servers.size()));

    w.family("lifeline_server_up", "gauge", u"1 when the server is healthy or degraded, else 0."_s);
    for (const ServerSnapshot &s : servers)
        w.sample("lifeline_server_up", {{u"server"_s, s.name}}, isUp(s.state) ? 1 : 0);

    w.family("lifeline_server_state", "gauge", u"The server's state: 1 for the current one."_s);
    for (const ServerSnapshot &s : servers) {
        for (HealthState st : kStates) {
            w.sample("lifeline_server_state", {{u"server"_s, s.name}, {u"state"_s, healthStateName(st)}},
                s.state == st ? 1 : 0);
        }
    }

    w.family(
        "lifeline_server_state_since_seconds", "gauge", u"When the server entered its state, Unix time."_s);
    for (const ServerSnapshot &s : servers) {
        if (s.stateSince.isValid()) {
            w.sample("lifeline_server_state_since_seconds", {{u"server"_s, s.name}},
                double(s.stateSince.toMSecsSinceEpoch()) / 1000.0);
        }
    }

    w.family(
        "lifeline_server_latency_seconds", "gauge", u"Round trip of the server's last successful check."_s);
    for (const ServerSnapshot &s : servers) {
        if (s.lastLatencyMs >= 0)
            w.sample("lifeline_server_latency_seconds", {{u"server"_s, s.name}}, s.lastLatencyMs / 1000.0);
    }

    w.family("lifeline_server_error_ratio", "gauge", u"Failed share of the server's recent checks."_s);
    for (const ServerSnapshot &s : servers)
        w.sample("lifeline_server_error_ratio", {{u"server"_s, s.name}}, s.errorRate);

    w.family("lifeline_server_consecutive_failures", "gauge", u"Failed checks in a row."_s);
    for (const ServerSnapshot &s : servers)
        w.sample("lifeline_server_consecutive_failures", {{u"server"_s, s.name}}, s.consecutiveFailures);

    w.family("lifeline_server_circuit_open", "gauge",
        u"1 while the server's circuit breaker is open or half-open."_s);
    for (const ServerSnapshot &s : servers)
        w.sample("lifeline_server_circuit_open", {{u"server"_s, s.name}},
            s.circuit == CircuitBreaker::State::Closed ? 0 : 1);

    w.family(
        "lifeline_check_duration_seconds", "histogram", u"Duration of health checks, handshake included."_s);
    for (const ServerSnapshot &s : servers) {
        const ServerCounters c = data.counters(s.name);
        for (size_t i = 0; i < kCheckDurationBuckets.size(); ++i) {
            w.sample("lifeline_check_duration_seconds_bucket",
                {{u"server"_s, s.name},
                    {u"le"_s, QString::fromLatin1(formatValue(kCheckDurationBuckets[i]))}},
                double(c.durationBuckets[i]));
        }
        w.sample("lifeline_check_duration_seconds_bucket", {{u"server"_s, s.name}, {u"le"_s, u"+Inf"_s}},
            double(c.durationCount));
        w.sample("lifeline_check_duration_seconds_sum", {{u"server"_s, s.name}}, c.durationSumSeconds);
        w.sample("lifeline_check_duration_seconds_count", {{u"server"_s, s.name}}, double(c.durationCount));
    }

    const QMap<QString, GatewayCounters> gateway = data.gatewayCounters();
    w.family("lifeline_gateway_requests_total", "counter",
        u"Agents' calls through the gateway, by the server that served them, method and outcome."_s);
    for (auto it = gateway.cbegin(); it != gateway.cend(); ++it) {
        for (auto r = it->requests.cbegin(); r != it->requests.cend(); ++r) {
            w.sample("lifeline_gateway_requests_total",
                {{u"server"_s, it.key()}, {u"method"_s, r.key().first}, {u"outcome"_s, r.key().second}},
                double(r.value()));
        }
    }
    w.family("lifeline_gateway_request_duration_seconds", "histogram",
        u"Duration of calls through the gateway, waiting for a member and replays included."_s);
    for (auto it = gateway.cbegin(); it != gateway.cend(); ++it) {
        const GatewayCounters &c = it.value();
        for (size_t i = 0; i < kGatewayDurationBuckets.size(); ++i) {
            w.sample("lifeline_gateway_request_duration_seconds_bucket",
                {{u"server"_s, it.key()},
                    {u"le"_s, QString::fromLatin1(formatValue(kGatewayDurationBuckets[i]))}},
                double(c.durationBuckets[i]));
        }
        w.sample("lifeline_gateway_request_duration_seconds_bucket",
            {{u"server"_s, it.key()}, {u"le"_s, u"+Inf"_s}}, double(c.durationCount));
        w.sample(
            "lifeline_gateway_request_duration_seconds_sum", {{u"server"_s, it.key()}}, c.durationSumSeconds);
        w.sample("lifeline_gateway_request_duration_seconds_count", {{u"server"_s, it.key()}},
            double(c.durationCount));
    }

    w.family("lifeline_checks_total", "counter", u"Health checks run since Lifeline started."_s);
    for (const ServerSnapshot &s : servers)
        w.sample("lifeline_checks_total", {{u"server"_s, s.name}}, double(data.counters(s.name).checks));

    w.family("lifeline_failures_total", "counter",
        u"Failed health checks since Lifeline started, by failure type."_s);
    for (const ServerSnapshot &s : servers) {
        const ServerCounters c = data.counters(s.name);
        for (FailureType t : kFailureTypes) {
            const QString type = failureTypeName(t);
            w.sample("lifeline_failures_total", {{u"server"_s, s.name}, {u"type"_s, type}},
                double(c.failuresByType.value(type)));
        }
    }

    w.family("lifeline_restarts_total", "counter", u"Restarts and reconnects of the server."_s);
    for (const ServerSnapshot &s : servers)
        w.sample("lifeline_restarts_total", {{u"server"_s, s.name}}, double(data.counters(s.name).restarts));

    const QList<FailoverGroupSnapshot> groups = data.groups();
    w.family("lifeline_failovers_total", "counter",
        u"Failovers and restores of failover groups since Lifeline started."_s);
    w.sample("lifeline_failovers_total", {}, double(data.failoversTotal()));
    w.family(
        "lifeline_group_active_member", "gauge", u"1 for the member that serves its failover group now."_s);
    for (const FailoverGroupSnapshot &g : groups) {
        for (const QString &m : QStringList {g.primary} + g.fallbacks)
            w.sample("lifeline_group_active_member", {{u"group"_s, g.name}, {u"member"_s, m}},
                g.active == m ? 1 : 0);
    }
    w.family("lifeline_group_degraded", "gauge",
        u"1 when the group's active member is down and nothing better is up."_s);
    for (const FailoverGroupSnapshot &g : groups)
        w.sample("lifeline_group_degraded", {{u"group"_s, g.name}}, g.degraded ? 1 : 0);

    w.family("lifeline_alerts_firing", "gauge", u"Alerts firing now, by severity."_s);
    QMap<QString, int> firing {{u"info"_s, 0}, {u"warning"_s, 0}, {u"critical"_s, 0}};
    for (const Alert &a : data.alerts(true))
        ++firing[severityName(a.severity)];
    for (auto it = firing.cbegin(); it != firing.cend(); ++it)
        w.sample("lifeline_alerts_firing", {{u"severity"_s, it.key()}}, it.value());
    return w.take();
}

} // namespace lifeline
