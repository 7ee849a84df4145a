#pragma once

#include "config/serverconfig.h"
#include "health/checkresult.h"
#include "health/healthevent.h"
#include "health/healthstate.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace lifeline {

struct ServerSnapshot;

// What the evaluator decided for one server + rule: an alert starts, changes severity, or ends.
struct AlertChange
{
    enum class Kind { Fire, Update, Resolve };
    Kind kind = Kind::Fire;
    QString server;
    QString rule;
    AlertSeverity severity = AlertSeverity::Warning;
    QString message;
    QJsonObject details;
};

// A least-squares line through (x, y) points, with the figures the noise guard needs.
struct TrendFit
{
    double slope = 0; // y per x
    double intercept = 0;
    double r2 = 0;
    double tStat = 0; // slope / its standard error; large when the rise is not noise
    int n = 0;
    double at(double x) const { return intercept + slope * x; }
};

// Decides, per server and rule, whether an alert holds. Pure logic: it is fed checks, snapshots
// and events, reads the time from an injected clock, and owns no timer (the caller runs
// evaluate() now and then so that durations run out without new input). It keeps one verdict per
// server + rule, so a condition that stays true yields one Fire and, later, one Resolve.
//
// The noise guard of `trend`: a rise counts only when the line explains the data (R² ≥ minR2)
// and its slope is significant at p ≤ kTrendMaxP (Student's t with n − 2 degrees of freedom, so a
// short window needs a much clearer rise than a long one); the projection at the horizon must
// cross the critical threshold. Evaluated at every check, a steady noisy server would pass a
// lax test now and then: at 1e-6 it is about once in a million checks. It resolves when the
// slope is no longer significant (t < 1) or the projection stays under the threshold.
class AlertEvaluator
{
public:
    using Clock = std::function<QDateTime()>; // UTC
    static constexpr double kTrendMaxP = 1e-6;
    static constexpr int kErrorRateWindow = 20; // checks, as the health tracker's window
    static constexpr int kMinErrorRateChecks = 5;
    static constexpr int kMinAvailabilityChecks = 10; // and checks over at least half the window
    static constexpr int kMinBaselineChecks = 20;

    explicit AlertEvaluator(Clock clock = {});

    void setClock(Clock clock);
    QDateTime now() const;
    void applyConfig(const AlertConfig &config, const QList<ServerConfig> &servers);
    const AlertConfig &config() const { return m_config; }

    QList<AlertChange> addCheck(const CheckResult &result);
    QList<AlertChange> addSnapshot(const ServerSnapshot &snapshot);
    QList<AlertChange> addEvent(const HealthEvent &event);
    QList<AlertChange> evaluate(); // every server, at now()
    QList<AlertChange> removeServer(const QString &name); // resolves what it had

    // While a server flaps, its per-transition rules (state, consecutive_failures) neither fire
    // nor resolve: the one flapping alert speaks for them.
    bool isFlapping(const QString &server) const;
    std::optional<AlertSeverity> activeSeverity(const QString &server, const QString &rule) const;

    static std::optional<TrendFit> fit(const QList<QPair<double, double>> &points);
    // P(T ≥ t) for Student's t: the chance that noise alone makes a slope this steep (one-sided).
    static double tTail(double t, int dof);

private:
    struct Sample
    {
        qint64 ms;
        bool ok;
        double latencyMs; // < 0: none (a failed check)
        qint64 failedUpTo; // failed checks so far, this one included: window counts by subtraction
    };
    struct Verdict
    {
        std::optional<bool> holds; // nullopt: keep what it was (hysteresis, not enough data)
        QString message;
        QJsonObject details;
    };
    struct Entry
    {
        qint64 since = -1; // the condition has held since (ms); -1: it does not
        QString message;
        QJsonObject details;
    };
    struct Server
    {
        QList<Sample> samples; // oldest first
        HealthState state = HealthState::Starting;
        bool stateKnown = false;
        bool stateFromEvents = false; // then snapshots do not set it: their event follows with the why
        bool byUser = false; // the state was the user's doing: offline is then no alert
        bool stoppedOnPurpose() const
        {
            return state == HealthState::Disabled || (state == HealthState::Offline && byUser);
        }
        QString failure; // what the last down transition said
        QString detail; // the last transition's own words ("start limit reached: …")
        int consecutiveFailures = 0;
        QList<qint64> changes; // state transitions (ms)
        QList<Entry> entries; // by index into the config's rules
        QHash<QString, AlertSeverity> active; // by rule name
        // The trend changes with new checks only: its verdict is kept until the next one.
        struct TrendCache
        {
            qint64 lastSampleMs = -1;
            qsizetype samples = -1;
            HealthState state = HealthState::Starting;
            const AlertRule *rule = nullptr;
            Verdict verdict;
        };
        mutable QList<TrendCache> trendCache;
    };

    qint64 nowMs() const;
    QList<AlertChange> evaluate(const QString &name, Server &s);
    Verdict verdict(const AlertRule &rule, const QString &name, const ServerConfig *cfg, const Server &s,
        qint64 now) const;
    Verdict trend(const AlertRule &rule, const QString &name, const ServerConfig *cfg, const Server &s,
        qint64 now) const;
    void prune(Server &s, qint64 now) const;
    static qsizetype firstWithin(const Server &s, qint64 now, qint64 ageMs); // oldest with age <= ageMs
    static qint64 failedIn(const Server &s, qsizetype from, qsizetype to); // samples [from, to)
    const ServerConfig *serverConfig(const QString &name) const;

    Clock m_clock;
    AlertConfig m_config;
    QHash<QString, ServerConfig> m_servers;
    QHash<QString, Server> m_state;
    qint64 m_keepMs = 0;
};

} // namespace lifeline
