#pragma once

#include "engine/serversnapshot.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class QTimer;

namespace lifeline {

// The window's one-click actions run in the engine; this tells the user how each one ended
// ("Restarted demo in 640 ms", "Stopped demo") by watching the server's snapshots, and says so
// when nothing happened within the time limit. One pending action per server: a new one replaces it.
class ActionTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionTracker)
public:
    enum class Kind { CheckNow, Restart, Stop, Start, Disable, Enable, Failover, RestorePrimary };

    explicit ActionTracker(QObject *parent = nullptr);
    ~ActionTracker() override;

    // `target`: the member a failover or restore should make active.
    void begin(Kind kind, const QString &server, const QString &target = {});
    void snapshotSeen(const ServerSnapshot &snapshot);
    bool isPending(const QString &server) const { return m_pending.contains(server); }
    QStringList pendingServers() const { return m_pending.keys(); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    static QString runningText(Kind kind, const QString &server, const QString &target = {});

Q_SIGNALS:
    void finished(const QString &server, const QString &message, bool ok);

private:
    struct Pending
    {
        Kind kind;
        QString target;
        QDateTime since; // UTC: snapshot times after this answer the action
        QElapsedTimer clock;
    };
    void expire();

    QHash<QString, Pending> m_pending;
    QTimer *m_expiry;
    int m_timeoutMs = 30000;
};

} // namespace lifeline
