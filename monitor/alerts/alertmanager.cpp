#include "alertmanager.h"

#include "engine/monitorengine.h"
#include "engine/serversnapshot.h"

#include <QTimer>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lifeline {

AlertManager::AlertManager(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &AlertManager::tick);
    m_timer->start();
    const AlertConfig defaults;
    m_notifyResolved = defaults.notifyResolved;
    m_renotifyMs = defaults.renotifyMs;
}

AlertManager::~AlertManager() = default;

void AlertManager::setClock(AlertEvaluator::Clock clock)
{
    m_evaluator.setClock(std::move(clock));
}

void AlertManager::setTickInterval(int ms)
{
    if (ms <= 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(ms);
}

void AlertManager::attach(MonitorEngine *engine)
{
    connect(engine, &MonitorEngine::updatesReady, this, &AlertManager::recordUpdates);
    connect(engine, &MonitorEngine::eventOccurred, this, &AlertManager::recordEvent);
    connect(engine, &MonitorEngine::serverRemoved, this, &AlertManager::removeServer);
}

QList<Alert> AlertManager::activeAlerts() const
{
    QList<Alert> out;
    out.reserve(m_active.size());
    for (const Tracked &t : m_active)
        out.append(t.alert);
    std::sort(out.begin(), out.end(), [](const Alert &a, const Alert &b) {
        return std::tie(a.firedAt, a.server, a.rule) < std::tie(b.firedAt, b.server, b.rule);
    });
    return out;
}

std::optional<Alert> AlertManager::alert(const QString &id) const
{
    const auto it = m_keyOf.constFind(id);
    if (it == m_keyOf.cend())
        return std::nullopt;
    return m_active.value(it.value()).alert;
}

bool AlertManager::isSilenced(const QString &server, const QString &rule) const
{
    const QDateTime now = m_evaluator.now();
    for (const QList<AlertSilence> *list : {&m_configSilences, &m_silences}) {
        for (const AlertSilence &s : *list) {
            if ((s.server.isEmpty() || s.server == server) && (s.rule.isEmpty() || s.rule == rule)
                && now < s.until)
                return true;
        }
    }
    return false;
}

bool AlertManager::inMaintenance(const QString &server) const
{
    const QDateTime now = m_evaluator.now();
    return std::any_of(m_maintenance.cbegin(), m_maintenance.cend(),
        [&](const MaintenanceWindow &w) { return w.contains(now, server); });
}

bool AlertManager::isFlapping(const QString &server) const
{
    return m_evaluator.isFlapping(server);
}

QList<AlertSilence> AlertManager::silences() const
{
    const QDateTime now = m_evaluator.now();
    QList<AlertSilence> out;
    for (const AlertSilence &s : m_configSilences + m_silences) {
        if (now < s.until)
            out.append(s);
    }
    return out;
}

bool AlertManager::quiet(const QString &server, const QString &rule, const QDateTime &) const
{
    return isSilenced(server, rule) || inMaintenance(server);
}

void AlertManager::applyConfig(const Config &config)
{
    const AlertConfig &c = config.alerts;
    m_evaluator.applyConfig(c, config.servers);
    m_notifyResolved = c.notifyResolved;
    m_renotifyMs = c.renotifyMs;
    m_configSilences = c.silences;
    m_maintenance = c.maintenance;
    tick(); // rules that went away resolve, silences that came apply
}

bool AlertManager::acknowledge(const QString &id)
{
    const auto it = m_keyOf.constFind(id);
    bool ok = false;
    if (it != m_keyOf.cend()) {
        Tracked &t = m_active[it.value()];
        if (!t.alert.isAcknowledged()) {
            t.alert.acknowledgedAt = m_evaluator.now();
            Q_EMIT alertChanged(t.alert);
        }
        ok = true;
    }
    Q_EMIT acknowledged(id, ok);
    return ok;
}

void AlertManager::silence(const QString &server, const QString &rule, const QDateTime &until)
{
    m_silences.removeIf([&](const AlertSilence &s) { return s.server == server && s.rule == rule; });
    if (until.isValid())
        m_silences.append({server, rule, until.toUTC()});
    tick();
}

void AlertManager::unsilence(const QString &server, const QString &rule)
{
    m_silences.removeIf([&](const AlertSilence &s) { return s.server == server && s.rule == rule; });
    tick();
}

void AlertManager::recordCheck(const CheckResult &result)
{
    handle(m_evaluator.addCheck(result));
}

void AlertManager::recordSnapshot(const ServerSnapshot &snapshot)
{
    handle(m_evaluator.addSnapshot(snapshot));
}

void AlertManager::recordUpdates(const EngineUpdates &updates)
{
    for (const EngineUpdate &u : updates) {
        if (const auto *snapshot = std::get_if<ServerSnapshot>(&u))
            recordSnapshot(*snapshot);
        else
            recordCheck(std::get<CheckResult>(u));
    }
}

void AlertManager::recordEvent(const HealthEvent &event)
{
    handle(m_evaluator.addEvent(event));
}

void AlertManager::removeServer(const QString &name)
{
    handle(m_evaluator.removeServer(name));
}

void AlertManager::notify(Tracked &t, const QDateTime &now)
{
    t.lastNotified = now;
    ++t.alert.notifications;
    Q_EMIT notificationDue(t.alert);
}

void AlertManager::handle(const QList<AlertChange> &changes)
{
    if (changes.isEmpty())
        return;
    const QDateTime now = m_evaluator.now();
    const qsizetype countBefore = m_active.size();
    for (const AlertChange &c : changes) {
        const QString k = key(c.server, c.rule);
        switch (c.kind) {
        case AlertChange::Kind::Fire: {
            Tracked t;
            t.alert.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            t.alert.server = c.server;
            t.alert.rule = c.rule;
            t.alert.severity = c.severity;
            t.alert.state = AlertState::Firing;
            t.alert.message = c.message;
            t.alert.details = c.details;
            t.alert.firedAt = now;
            t.alert.silenced = quiet(c.server, c.rule, now);
            Tracked &stored = m_active[k] = t;
            m_keyOf.insert(t.alert.id, k);
            Q_EMIT alertChanged(stored.alert);
            Q_EMIT eventOccurred(stored.alert.toEvent());
            if (!stored.alert.silenced)
                notify(stored, now);
            break;
        }
        case AlertChange::Kind::Update: {
            const auto it = m_active.find(k);
            if (it == m_active.end())
                break;
            const bool escalated = c.severity > it->alert.severity;
            it->alert.severity = c.severity;
            it->alert.message = c.message;
            it->alert.details = c.details;
            Q_EMIT alertChanged(it->alert);
            if (escalated) {
                // Worse than what was told: a new event, and a new notification (a new acknowledgement).
                it->alert.acknowledgedAt = {};
                Q_EMIT eventOccurred(it->alert.toEvent());
                if (!it->alert.silenced)
                    notify(*it, now);
            }
            break;
        }
        case AlertChange::Kind::Resolve: {
            const auto it = m_active.find(k);
            if (it == m_active.end())
                break;
            Tracked t = *it;
            m_active.erase(it);
            m_keyOf.remove(t.alert.id);
            t.alert.state = AlertState::Resolved;
            t.alert.resolvedAt = now;
            const bool wasQuiet = t.alert.silenced;
            Q_EMIT alertChanged(t.alert);
            Q_EMIT eventOccurred(t.alert.toEvent());
            // "Resolved" only about something a person was told of, and not in a quiet time.
            if (m_notifyResolved && t.lastNotified.isValid() && !wasQuiet && !quiet(c.server, c.rule, now))
                notify(t, now);
            break;
        }
        }
    }
    if (m_active.size() != countBefore)
        Q_EMIT activeCountChanged(int(m_active.size()));
}

void AlertManager::tick()
{
    handle(m_evaluator.evaluate());
    const QDateTime now = m_evaluator.now();
    m_silences.removeIf([&](const AlertSilence &s) { return !(now < s.until); });
    for (auto it = m_active.begin(); it != m_active.end(); ++it) {
        Tracked &t = it.value();
        const bool q = quiet(t.alert.server, t.alert.rule, now);
        if (q != t.alert.silenced) {
            t.alert.silenced = q;
            Q_EMIT alertChanged(t.alert);
            if (!q && !t.lastNotified.isValid()) {
                notify(t, now); // fired during the quiet time and still firing: tell now
                continue;
            }
        }
        if (!q && t.lastNotified.isValid() && !t.alert.isAcknowledged() && m_renotifyMs > 0
            && t.lastNotified.msecsTo(now) >= m_renotifyMs)
            notify(t, now);
    }
}

} // namespace lifeline
