#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>

namespace lifeline {

// Which calls may be sent again when the upstream session died while they were in flight: the
// server may have run them already, so only those whose second run changes nothing. List and
// read methods always; tools/call only for a tool the server annotated readOnlyHint or
// idempotentHint (learned from the tools/list answers that pass through the gateway).
class ReplayPolicy
{
public:
    // A tools/list answer; `paged`: a follow-up page (params had a cursor), added to the first.
    void learnTools(const QString &server, const QJsonArray &tools, bool paged);
    void forget(const QString &server) { m_safeTools.remove(server); }
    bool isSafe(const QString &server, const QString &method, const QJsonObject &params) const;

private:
    QHash<QString, QSet<QString>> m_safeTools;
};

} // namespace lifeline
