#pragma once

#include <QWidget>

class QCheckBox;
class QDateTime;
class QPushButton;
class QToolButton;
class QLineEdit;
class QTabWidget;
class QTableView;

namespace lifeline {

class AlertsModel;
class EventLogModel;
class FailuresModel;
class LogFilterModel;

// The dashboard's log of what happened: an "Events" tab (state changes, restarts, failovers, …),
// a "Failures" tab (the failure episodes of the history) and an "Alerts" tab (active and
// resolved alerts, acknowledged or silenced from here). Each tab filters by text and,
// when asked, by the server selected elsewhere in the window. Owns both models; the window feeds
// them. Double-clicking a row asks the window to select that row's server.
class EventsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsPanel)
public:
    enum Tab { EventsTab, FailuresTab, AlertsTab };

    explicit EventsPanel(QWidget *parent = nullptr);

    EventLogModel *events() const { return m_events; }
    FailuresModel *failures() const { return m_failures; }
    AlertsModel *alerts() const { return m_alerts; }

    // The server selected in the window; "Selected server only" shows its rows alone.
    void setSelectedServer(const QString &server);
    QString selectedServer() const { return m_selected; }
    void setCurrentTab(Tab tab);
    Tab currentTab() const;

    // The views and their filters (the window's layout code and tests).
    QTableView *eventsView() const { return m_eventsView; }
    QTableView *failuresView() const { return m_failuresView; }
    QLineEdit *eventsFilter() const { return m_eventsText; }
    QLineEdit *failuresFilter() const { return m_failuresText; }
    QCheckBox *eventsSelectedOnly() const { return m_eventsOnly; }
    QCheckBox *failuresSelectedOnly() const { return m_failuresOnly; }
    QTableView *alertsView() const { return m_alertsView; }
    QCheckBox *alertsActiveOnly() const { return m_alertsActive; }
    QPushButton *acknowledgeButton() const { return m_acknowledge; }
    QString currentAlertId() const; // the alert selected in the Alerts tab

Q_SIGNALS:
    void serverActivated(const QString &server);
    void acknowledgeRequested(const QString &alertId);
    // `rule` empty: every rule of the server; `server` empty: the rule on every server.
    void silenceRequested(const QString &server, const QString &rule, const QDateTime &until);

private:
    QWidget *makeTab(QTableView *view, LogFilterModel *filter, QLineEdit *text, QCheckBox *only,
        const QString &placeholder);
    void applyServerFilters();
    QWidget *makeAlertsTab();
    void updateAlertButtons();
    void updateAlertsTitle();

    EventLogModel *m_events;
    FailuresModel *m_failures;
    LogFilterModel *m_eventsFilter;
    LogFilterModel *m_failuresFilter;
    QTabWidget *m_tabs;
    QTableView *m_eventsView;
    QTableView *m_failuresView;
    QLineEdit *m_eventsText;
    QLineEdit *m_failuresText;
    QCheckBox *m_eventsOnly;
    QCheckBox *m_failuresOnly;
    AlertsModel *m_alerts;
    LogFilterModel *m_alertsFilter;
    QTableView *m_alertsView;
    QLineEdit *m_alertsText;
    QCheckBox *m_alertsOnly;
    QCheckBox *m_alertsActive;
    QPushButton *m_acknowledge;
    QToolButton *m_silence;
    QString m_selected;
};

} // namespace lifeline
