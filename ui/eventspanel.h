#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QTabWidget;
class QTableView;

namespace lifeline {

class EventLogModel;
class FailuresModel;
class LogFilterModel;

// The dashboard's log of what happened: an "Events" tab (state changes, restarts, failovers, …)
// and a "Failures" tab (the failure episodes of the history). Each tab filters by text and,
// when asked, by the server selected elsewhere in the window. Owns both models; the window feeds
// them. Double-clicking a row asks the window to select that row's server.
class EventsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventsPanel)
public:
    enum Tab { EventsTab, FailuresTab };

    explicit EventsPanel(QWidget *parent = nullptr);

    EventLogModel *events() const { return m_events; }
    FailuresModel *failures() const { return m_failures; }

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

Q_SIGNALS:
    void serverActivated(const QString &server);

private:
    QWidget *makeTab(QTableView *view, LogFilterModel *filter, QLineEdit *text, QCheckBox *only,
        const QString &placeholder);
    void applyServerFilters();

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
    QString m_selected;
};

} // namespace lifeline
