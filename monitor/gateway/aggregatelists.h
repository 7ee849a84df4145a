#pragma once

#include "aggregatecatalog.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>

#include <functional>

namespace lifeline {

class McpSession;
class MonitorEngine;
class ServerSupervisor;

// Keeps AggregateCatalog filled for /mcp/all: each member that is up has its tools, prompts,
// resources and resource templates fetched (every page) on its current session; a member that
// goes down has its lists dropped, and they are fetched again when it is back (restart, failover,
// reconnect: a new session) or when it sends notifications/…/list_changed. Idle until the first
// /mcp/all request (activate()): nobody asked, nothing is fetched.
// Lives on the engine thread, a child of the Gateway.
class AggregateLists final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AggregateLists)
public:
    using List = AggregateCatalog::List;
    using Usable = std::function<ServerSupervisor *(const QString &server)>;

    AggregateLists(MonitorEngine *engine, Usable usable, QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void activate();
    bool isActive() const { return m_active; }
    const AggregateCatalog &catalog() const { return m_catalog; }
    McpSession *session(const QString &server) const; // the member's session lists come from
    QStringList unavailable() const; // enabled, not up: left out of the lists until they are back

    // `done` runs once every member that is up has `list` fetched on its session (or failed to).
    void whenFetched(List list, std::function<void()> done);
    void markServed(List list) { m_served[int(list)] = true; }

Q_SIGNALS:
    // The merged list changed after a client was given it: clients are to list again.
    void listChanged(lifeline::AggregateCatalog::List list);
    void toolsFetched(const QString &server, const QJsonArray &tools);

private:
    struct Member
    {
        QPointer<McpSession> session;
        const QObject *key = nullptr; // compared only: QPointer turns null, this does not
        int generation = 0; // a fetch of an older session is ignored
        unsigned inFlight = 0; // bit per List
    };

    void sync();
    void follow(const QString &server, McpSession *session);
    void fetch(const QString &server, List list);
    void fetchPage(const QString &server, List list, int generation, int page, const QString &cursor,
        const QJsonArray &items);
    void update(const std::function<void()> &change);
    void onNotification(const QString &server, const QObject *session, const QString &method);
    void runWaiters();

    MonitorEngine *m_engine;
    Usable m_usable;
    AggregateCatalog m_catalog;
    QHash<QString, Member> m_members;
    QList<std::pair<List, std::function<void()>>> m_waiters;
    bool m_served[AggregateCatalog::kListCount] = {};
    bool m_active = false;
    int m_timeoutMs = 30000;
};

} // namespace lifeline
