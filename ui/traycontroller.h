#pragma once

#include "alerts/alert.h"
#include "health/healthevent.h"
#include "health/healthstate.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSystemTrayIcon>

#include <memory>

class QAction;
class QMenu;
class QTimer;
class QWidget;

namespace lifeline {

class ServerTableModel;

// The system tray: an icon in the shape of the worst server's state, a menu to open the window,
// restart a server that is down, or quit, and a notification when servers go down, come back,
// fail over or fail for good. Where there is a tray, closing the main window hides it: Lifeline
// keeps watching from the tray. Where there is none, nothing changes: closing the window quits.
class TrayController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)
public:
    // Asks QSystemTrayIcon::isSystemTrayAvailable(); setTrayAvailable() overrides the answer.
    TrayController(ServerTableModel *model, QWidget *window, QObject *parent = nullptr);
    ~TrayController() override;

    // With a tray: the icon shows and closing the window hides it. Without: neither.
    // `fromSystem`: the system's answer, asked again every 10 s; false: a fixed answer (tests).
    // When the tray goes away while the window is hidden, the window is shown again.
    void setTrayAvailable(bool available, bool fromSystem = false);
    bool isTrayAvailable() const { return m_available; }
    // How long events are collected into one notification (about 2 s unless changed).
    void setCoalesceInterval(int ms);

    HealthState worstState() const { return m_worst; }
    QString toolTip() const;
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    QMenu *menu() const { return m_menu.get(); }

    static QString closeNoticeKey(); // QSettings: the "keeps running in the tray" notice was shown

public Q_SLOTS:
    void onEvent(const lifeline::HealthEvent &event);
    // An alert routed to the tray channel (fired, re-notified or resolved).
    void showAlert(const lifeline::Alert &alert);
    // While a server's `flapping` alert is active its up/down notifications stay quiet (the
    // alert speaks for the episode); told by the alert manager's changes, whatever the channels.
    void setFlapping(const QString &server, bool flapping);
    void showWindow();

Q_SIGNALS:
    // A notification was shown (or would have been, without a tray): its texts, for tests and logs.
    void notified(const QString &title, const QString &text);
    void restartRequested(const QString &name);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Kind { Down, Recovered, Failed, Failover };
    struct Pending
    {
        Kind kind;
        QString name; // the server; for a failover, the group
        QString target; // a failover's new active member
        QString detail; // why, when known
    };

    void updateState();
    void rebuildMenu();
    void flushPending();
    void notify(const QString &title, const QString &text, QSystemTrayIcon::MessageIcon icon);
    QString singleText(const Pending &p) const;
    QString summaryLine(Kind kind, const QList<Pending> &items) const;

    QSet<QString> m_flapping;
    ServerTableModel *m_model;
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray;
    std::unique_ptr<QMenu> m_menu; // a QMenu is a widget: no QObject parent of ours can own it
    QAction *m_open = nullptr;
    QAction *m_restartSection = nullptr;
    QAction *m_quitSeparator = nullptr;
    QList<QAction *> m_restartActions;
    QTimer *m_coalesce;
    QList<Pending> m_pending;
    HealthState m_worst = HealthState::Healthy;
    bool m_followSystem = true;
    bool m_available = false;
};

} // namespace lifeline
