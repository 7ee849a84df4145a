#pragma once

#include "alert.h"
#include "config/channelsettings.h"

#include <QObject>
#include <QQueue>
#include <QString>
#include <QTimer>

#include <optional>

namespace lifeline {

// One way out for alerts (a webhook, a command, desktop notifications). The base class owns what
// they share: a bounded queue (one delivery at a time, in order; when full the oldest is dropped
// and counted), retries with exponential backoff, and the failing/recovered report. Nothing here
// blocks: a subclass starts an attempt in deliver() and answers later with attemptSucceeded() or
// attemptFailed().
class AlertChannel : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertChannel)

public:
    explicit AlertChannel(const ChannelSettings &settings, QObject *parent = nullptr);

    const ChannelSettings &settings() const { return m_settings; }
    QString name() const { return m_settings.name; }

    void enqueue(const Alert &alert); // returns at once; the alert goes out when its turn comes

    bool isFailing() const { return m_failing; }
    bool isUnavailable() const { return m_unavailable; }
    QString lastError() const { return m_lastError; }
    int queuedCount() const { return int(m_queue.size()) + (m_current ? 1 : 0); }
    qint64 deliveredCount() const { return m_delivered; }
    qint64 abandonedCount() const { return m_abandoned; } // every attempt failed
    qint64 droppedCount() const { return m_dropped; } // pushed out of a full queue

Q_SIGNALS:
    void delivered(const QString &alertId);
    // Healthy → failing: the first failed attempt after a success (or since the start). Later
    // failures while it keeps failing are not reported again; the alerts that finally could not be
    // delivered are (alertAbandoned).
    void failed(const QString &message);
    void recovered(); // failing → a delivery went through
    void alertAbandoned(const QString &alertId, const QString &reason);

protected:
    virtual void deliver(const Alert &alert) = 0; // start one attempt
    void attemptSucceeded();
    void attemptFailed(const QString &message);
    // Cannot work here at all (no notification service): reported once, then everything it is
    // given is dropped quietly.
    void markUnavailable(const QString &message);

private:
    void startNext();
    void fail(const QString &message);

    ChannelSettings m_settings;
    QQueue<Alert> m_queue;
    std::optional<Alert> m_current; // in flight or waiting for its retry
    int m_failedAttempts = 0; // of m_current
    bool m_inAttempt = false;
    QTimer m_retryTimer;
    bool m_failing = false;
    bool m_unavailable = false;
    QString m_lastError;
    qint64 m_delivered = 0;
    qint64 m_abandoned = 0;
    qint64 m_dropped = 0;
};

} // namespace lifeline
