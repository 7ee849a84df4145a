#include "aggregatelists.h"

#include "engine/monitorengine.h"
#include "engine/serversupervisor.h"
#include "health/healthstate.h"
#include "session/mcpsession.h"

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr AggregateCatalog::List kLists[] = {AggregateCatalog::List::Tools, AggregateCatalog::List::Prompts,
    AggregateCatalog::List::Resources, AggregateCatalog::List::ResourceTemplates};

unsigned bit(AggregateCatalog::List list)
{
    return 1U << unsigned(list);
}

} // namespace

AggregateLists::AggregateLists(MonitorEngine *engine, Usable usable, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_usable(std::move(usable))
{
    // A member's state or its session may have changed: its lists go or are fetched again.
    connect(engine, &MonitorEngine::snapshotChanged, this, [this] {
        if (m_active)
            sync();
    });
    connect(engine, &MonitorEngine::serverRemoved, this, [this] {
        if (m_active)
            sync();
    });
    connect(engine, &MonitorEngine::configApplied, this, [this] {
        if (m_active)
            sync();
    });
}

void AggregateLists::activate()
{
    if (m_active)
        return;
    m_active = true;
    sync();
}

McpSession *AggregateLists::session(const QString &server) const
{
    const auto it = m_members.constFind(server);
    return it == m_members.cend() ? nullptr : it->session.data();
}

QStringList AggregateLists::unavailable() const
{
    QStringList out;
    for (const QString &s : m_catalog.servers()) {
        if (!session(s))
            out.append(s);
    }
    return out;
}

void AggregateLists::sync()
{
    QStringList enabled;
    for (const QString &name : m_engine->serverNames()) {
        if (m_engine->supervisor(name)->state() != HealthState::Disabled)
            enabled.append(name);
    }
    if (enabled != m_catalog.servers()) {
        update([&] { m_catalog.setServers(enabled); });
        for (auto it = m_members.begin(); it != m_members.end();) {
            if (enabled.contains(it.key()))
                ++it;
            else
                it = m_members.erase(it);
        }
    }
    for (const QString &name : std::as_const(enabled)) {
        ServerSupervisor *s = m_usable(name);
        McpSession *session = s ? s->session() : nullptr;
        if (m_members.value(name).key != session)
            follow(name, session);
    }
    runWaiters();
}

void AggregateLists::follow(const QString &server, McpSession *session)
{
    Member &m = m_members[server];
    m.session = session;
    m.key = session;
    ++m.generation;
    m.inFlight = 0;
    if (!session) {
        update([&] { m_catalog.removeServer(server); });
        return;
    }
    // The lists of the old session stay until the new ones replace them: a restart that keeps
    // the same tools changes nothing for the clients.
    connect(session, &McpSession::notificationReceived, this,
        [this, server, session](
            const QString &method, const QJsonObject &) { onNotification(server, session, method); });
    connect(session, &QObject::destroyed, this, [this, server](QObject *gone) {
        const auto it = m_members.find(server);
        if (it != m_members.end() && it->key == gone) {
            follow(server, nullptr);
            runWaiters();
        }
    });
    for (const List list : kLists)
        fetch(server, list);
}

void AggregateLists::fetch(const QString &server, List list)
{
    Member &m = m_members[server];
    if (!m.session)
        return;
    if (!m.session->capabilities().contains(AggregateCatalog::capability(list))) {
        update([&] { m_catalog.setList(server, list, {}); });
        return;
    }
    m.inFlight |= bit(list);
    fetchPage(server, list, m.generation, 1, {}, {});
}

void AggregateLists::fetchPage(const QString &server, List list, int generation, int page,
    const QString &cursor, const QJsonArray &items)
{
    const Member m = m_members.value(server);
    if (!m.session || m.generation != generation)
        return;
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert("cursor"_L1, cursor);
    const qint64 key = m.session->request(AggregateCatalog::method(list), params, m_timeoutMs,
        [this, server, list, generation, page, cursor, items](const McpSession::Reply &reply) {
            const auto it = m_members.find(server);
            if (it == m_members.end() || it->generation != generation)
                return; // an older session's: its member has moved on
            if (reply.ok) {
                QJsonArray all = items;
                QString next = cursor;
                if (AggregateCatalog::collectPage(list, reply.result.toObject(), page, &all, &next)) {
                    fetchPage(server, list, generation, page + 1, next, all);
                    return;
                }
                update([&] { m_catalog.setList(server, list, all); });
                if (list == List::Tools)
                    Q_EMIT toolsFetched(server, all);
            } else if (!reply.error.isEmpty()) {
                // The member refused (no templates, say): nothing to offer, and no asking again
                // on every call until its list changes.
                update([&] { m_catalog.setList(server, list, items); });
            }
            // A lost or timed-out fetch keeps what was there: the member's state tells whether it
            // is down.
            const auto still = m_members.find(server);
            if (still != m_members.end() && still->generation == generation)
                still->inFlight &= ~bit(list);
            runWaiters();
        });
    if (key == 0) { // not sent: the session is going
        m_members[server].inFlight &= ~bit(list);
        runWaiters();
    }
}

void AggregateLists::update(const std::function<void()> &change)
{
    QJsonArray before[AggregateCatalog::kListCount];
    for (const List list : kLists)
        before[int(list)] = m_catalog.merged(list);
    change();
    bool resourcesToldOnce = false;
    for (const List list : kLists) {
        if (!m_served[int(list)] || m_catalog.merged(list) == before[int(list)])
            continue;
        const bool resources = list == List::Resources || list == List::ResourceTemplates;
        if (resources && resourcesToldOnce)
            continue; // one notifications/resources/list_changed covers both lists
        resourcesToldOnce = resourcesToldOnce || resources;
        Q_EMIT listChanged(list);
    }
}

void AggregateLists::onNotification(const QString &server, const QObject *session, const QString &method)
{
    if (m_members.value(server).key != session)
        return;
    if (method == "notifications/tools/list_changed"_L1) {
        fetch(server, List::Tools);
    } else if (method == "notifications/prompts/list_changed"_L1) {
        fetch(server, List::Prompts);
    } else if (method == "notifications/resources/list_changed"_L1) {
        fetch(server, List::Resources);
        fetch(server, List::ResourceTemplates);
    }
}

void AggregateLists::whenFetched(List list, std::function<void()> done)
{
    // Lists not fetched yet on a member that is up (it came back, or never had a capability check).
    for (auto it = m_members.begin(); it != m_members.end(); ++it) {
        if (it->session && !(it->inFlight & bit(list)) && !m_catalog.hasList(it.key(), list))
            fetch(it.key(), list);
    }
    m_waiters.append({list, std::move(done)});
    runWaiters();
}

void AggregateLists::runWaiters()
{
    unsigned busy = 0;
    for (const Member &m : std::as_const(m_members))
        busy |= m.session ? m.inFlight : 0U;
    QList<std::function<void()>> ready;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (busy & bit(it->first)) {
            ++it;
            continue;
        }
        ready.append(std::move(it->second));
        it = m_waiters.erase(it);
    }
    for (const std::function<void()> &done : std::as_const(ready))
        done();
}

} // namespace lifeline
