#pragma once

#include "config/alertseverity.h"
#include "health/healthevent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace lifeline {

enum class AlertState { Firing, Resolved };

QString alertStateName(AlertState state); // firing | resolved

// One alert: fired once per server + rule, active until it resolves. A value type: it crosses
// threads (alert manager → store, status server, window). toJson() is what /api/alerts shows;
// toEvent() the headless JSON line and WebSocket message
// {"ts","event":"alert","server","rule","severity","state","message",…}: keys are a machine
// interface, extend, never rename.
struct Alert
{
    QString id; // stable for the alert's life (also in the alerts table): /api/alerts/{id}/ack
    QString server; // empty: about Lifeline itself
    QString rule; // state | latency | error_rate | availability | consecutive_failures | trend |
                  // error_spike | flapping | restart_loop
    AlertSeverity severity = AlertSeverity::Warning;
    AlertState state = AlertState::Firing;
    QString message;
    QJsonObject details; // rule-specific figures (value, threshold, window, slope …)
    QDateTime firedAt; // UTC
    QDateTime resolvedAt; // UTC, invalid while firing
    QDateTime acknowledgedAt; // UTC, invalid until acknowledged
    bool silenced = false; // firing, but a silence or maintenance window keeps it quiet
    int notifications = 0; // how often a channel was told so far (1: the first, more: reminders)

    bool isActive() const { return state == AlertState::Firing; }
    bool isAcknowledged() const { return acknowledgedAt.isValid(); }
    QJsonObject toJson() const;
    HealthEvent toEvent() const; // ts = resolvedAt when resolved, else firedAt
};

} // namespace lifeline

Q_DECLARE_METATYPE(lifeline::Alert)
