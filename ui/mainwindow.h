#pragma once

#include "actiontracker.h"
#include "health/healthstate.h"
#include "recovery/failovercoordinator.h"
#include "serverhistoryview.h"

#include <QHash>
#include <QMainWindow>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;
class QToolButton;
class QAction;
class QMenu;
class QSplitter;

namespace lifeline {

class EventsPanel;
class ServerTableModel;
class ServerFilterModel;

// The dashboard's main window: an overview strip (counts by state, each a filter), the servers
// table, and a detail pane for the selected server. Actions are requests: the engine does the work.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(ServerTableModel *model, QWidget *parent = nullptr);

    void setConfigDescription(const QString &text);
    void showConfigProblem(const QString &text); // empty clears it
    void showHistoryProblem(const QString &text); // "history not saved: …"; empty clears it
    QString historyProblem() const;
    QString selectedServer() const;
    void selectServer(const QString &name);
    // Where the charts get their history (the store's latencySeries); none: the charts stay empty.
    void setHistoryFetcher(ServerHistoryView::Fetcher fetcher);
    // Where the calls chart gets the gateway's calls per minute (the store's throughput) and how
    // long the history keeps them.
    void setCallHistoryFetcher(ServerHistoryView::CallsFetcher fetcher, qint64 keptMs = -1);
    void setOverallAvailability(double percent); // -1: unknown
    void updateGroup(const lifeline::FailoverGroupSnapshot &group); // for Fail over / Restore primary
    // Stop, Restart, Disable and Fail over ask first unless the user said not to (remembered).
    void setConfirmationsEnabled(bool on);
    bool confirmationsEnabled() const { return m_confirm; }
    ActionTracker *actionTracker() const { return m_tracker; }
    EventsPanel *eventsPanel() const { return m_events; }
    ServerHistoryView *historyView() const { return m_history; }

    // Where the status server listens (empty: not listening, `problem` says why when it failed)
    // and the token it asks for; the token is only ever copied, never shown.
    // `tokenRequired`: it listens beyond loopback, so the gateway snippets carry the token too.
    void setStatusServer(
        const QString &url, const QString &token, const QString &problem = {}, bool tokenRequired = false);
    QString statusUrl() const { return m_statusUrl; }
    // "Use through Lifeline": the client-config snippet of `server` (or of its failover group) in
    // one of ClientSnippet's forms goes to the clipboard. Returns the text copied (empty: nothing).
    QString copyClientSnippet(const QString &server, int form, bool group = false);

Q_SIGNALS:
    void checkNowRequested(const QString &name);
    void stopRequested(const QString &name);
    void startRequested(const QString &name);
    void restartRequested(const QString &name);
    void disableRequested(const QString &name);
    void enableRequested(const QString &name);
    void failoverRequested(const QString &group, const QString &member);
    void restorePrimaryRequested(const QString &group);
    void settingsRequested();
    void acknowledgeRequested(const QString &alertId);
    void silenceRequested(const QString &server, const QString &rule, const QDateTime &until);
    void importRequested(); // File → Import servers…

protected:
    void hideEvent(QHideEvent *event) override;

private:
    bool confirm(const QString &title, const QString &text);
    void act(ActionTracker::Kind kind, const QString &server, const QString &target = {});
    // First-run column widths (header or typical value, whichever is wider); returns the table's width.
    int fitColumns();
    void saveLayout() const;
    void restoreLayout();
    void updateCounts();
    void updateAlertCount();
    void updateDetails();
    void updateActions();
    void fillUseThroughMenu(QMenu *menu);

    static constexpr int kDetailWidth = 440; // the charts' time axes stay legible
    static constexpr int kLastErrorWidth = 120; // then it stretches
    static constexpr int kMinDefaultWidth = 1180; // the first-run size before it followed the table
    static constexpr int kMinDefaultHeight = 640;
    static constexpr int kEventsHeight = 190; // the dock's first-run height

    ServerTableModel *m_model;
    ServerFilterModel *m_filter;
    QTableView *m_table;
    QTextBrowser *m_details;
    ServerHistoryView *m_history = nullptr;
    QLineEdit *m_search;
    QLabel *m_configLabel;
    QLabel *m_historyLabel;
    QLabel *m_serverCount = nullptr;
    QLabel *m_availability = nullptr;
    QToolButton *m_alertsButton = nullptr;
    QAction *m_copyToken = nullptr;
    QLabel *m_apiLabel = nullptr;
    QString m_apiToken;
    QString m_statusUrl;
    bool m_tokenRequired = false;
    QAction *m_useThrough = nullptr;
    QLabel *m_problem;
    QHash<HealthState, QToolButton *> m_counts;
    QAction *m_checkNow;
    QAction *m_stop;
    QAction *m_start;
    QAction *m_restart;
    QAction *m_disable;
    QAction *m_failover = nullptr;
    QAction *m_restore = nullptr;
    ActionTracker *m_tracker = nullptr;
    EventsPanel *m_events = nullptr;
    QHash<QString, FailoverGroupSnapshot> m_groups;
    bool m_confirm = true;
    QSplitter *m_split = nullptr;
    QSplitter *m_detailSplit = nullptr;
};

} // namespace lifeline
