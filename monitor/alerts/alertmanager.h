#pragma once

#include "alert.h"
#include "config/serverconfig.h"
#include "alertevaluator.h"
#include "engine/engineupdate.h"

#include <QHash>
#include <QObject>

#include <optional>

class QTimer;

namespace lifeline {

class MonitorEngine;
struct ServerSnapshot;

// The alerts' lifecycle. Fed by the engine's signals (attach(), or the record… slots), it turns
// the evaluator's verdicts into alerts: one per server + rule, fired once, active until it
// resolves. It says when a channel should notify (notificationDue): at the fire, at the resolve
// (`notifyResolved`), again every `renotify` while unacknowledged; never while a silence or a
// maintenance window covers the alert (one that fired meanwhile notifies when it ends), and never
// per state transition while the server flaps. Lives on any one thread (the engine's, or the
// owner's: it only computes); a 1 s timer runs durations out. Tests inject the clock and call
// tick() themselves (setTickInterval(0)).
class AlertManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertManager)
public:
    explicit AlertManager(QObject *parent = nullptr);
    ~AlertManager() override;

    void setClock(AlertEvaluator::Clock clock);
    void setTickInterval(int ms); // 0: no timer
    void attach(MonitorEngine *engine); // updatesReady, eventOccurred, serverRemoved

    QList<Alert> activeAlerts() const; // firing, oldest first
    std::optional<Alert> alert(const QString &id) const; // active ones only
    bool isSilenced(const QString &server, const QString &rule) const; // a silence, now
    bool inMaintenance(const QString &server) const; // a maintenance window, now
    bool isFlapping(const QString &server) const; // a window may mute its own per-transition popups
    QList<AlertSilence> silences() const; // the config's and the runtime ones still in force
    const AlertConfig &config() const { return m_evaluator.config(); }

public Q_SLOTS:
    void applyConfig(const lifeline::Config &config);
    bool acknowledge(const QString &id); // false: no active alert with that id
    // Empty server: every server; empty rule: every rule. Replaces a silence of the same scope.
    void silence(const QString &server, const QString &rule, const QDateTime &until);
    void unsilence(const QString &server, const QString &rule);
    void recordCheck(const lifeline::CheckResult &result);
    void recordSnapshot(const lifeline::ServerSnapshot &snapshot);
    void recordUpdates(const lifeline::EngineUpdates &updates); // recordSnapshot(), recordCheck() in order
    void recordEvent(const lifeline::HealthEvent &event);
    void removeServer(const QString &name);
    void tick(); // durations, renotify, silences and windows that began or ended

Q_SIGNALS:
    void alertChanged(const lifeline::Alert &alert); // fired, escalated, resolved, acknowledged, (un)silenced
    void notificationDue(const lifeline::Alert &alert);
    void eventOccurred(const lifeline::HealthEvent &event); // the "alert" event, per fire and resolve
    void acknowledged(const QString &id, bool ok);
    void activeCountChanged(int count); // firing alerts, after each fire and resolve (a badge, the tray)

private:
    struct Tracked
    {
        Alert alert;
        QDateTime lastNotified; // invalid: never told
    };
    static QString key(const QString &server, const QString &rule) { return server + u'\n' + rule; }
    bool quiet(const QString &server, const QString &rule, const QDateTime &now) const;
    void handle(const QList<AlertChange> &changes);
    void notify(Tracked &t, const QDateTime &now);

    AlertEvaluator m_evaluator;
    QTimer *m_timer;
    bool m_notifyResolved = true;
    qint64 m_renotifyMs = 0;
    QList<AlertSilence> m_configSilences;
    QList<AlertSilence> m_silences; // from the API or the window
    QList<MaintenanceWindow> m_maintenance;
    QHash<QString, Tracked> m_active; // by server + rule
    QHash<QString, QString> m_keyOf; // id → key
};

} // namespace lifeline
