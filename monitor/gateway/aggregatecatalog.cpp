#include "aggregatecatalog.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

constexpr QLatin1StringView kSeparator = "__"_L1;

bool nameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'
        || c == u'-';
}

// An RFC 6570 template as a pattern: each {expression} stands for any text ({+x}, {/x}, {#x} may
// hold '/', a plain {x} may not); good enough to tell whose template a URI came from.
QRegularExpression templatePattern(const QString &uriTemplate)
{
    QString pattern = u"^"_s;
    qsizetype i = 0;
    while (i < uriTemplate.size()) {
        const qsizetype open = uriTemplate.indexOf(u'{', i);
        const qsizetype close = open < 0 ? -1 : uriTemplate.indexOf(u'}', open);
        if (open < 0 || close < 0) {
            pattern += QRegularExpression::escape(uriTemplate.mid(i));
            break;
        }
        pattern += QRegularExpression::escape(uriTemplate.mid(i, open - i));
        const QChar op = close > open + 1 ? uriTemplate.at(open + 1) : QChar();
        pattern += (op == u'+' || op == u'/' || op == u'#' || op == u'.' || op == u';' || op == u'?'
                       || op == u'&')
            ? u".*"_s
            : u"[^/]*"_s;
        i = close + 1;
    }
    return QRegularExpression(pattern + u'$');
}

} // namespace

QString AggregateCatalog::prefixFor(const QString &server)
{
    QString out;
    out.reserve(server.size());
    for (const QChar c : server) {
        const QChar fit = nameChar(c) ? c : u'_';
        if (fit == u'_' && out.endsWith(u'_'))
            continue; // no "__" inside a prefix: it is the separator
        out += fit;
    }
    while (out.endsWith(u'_'))
        out.chop(1); // "a_" + "__" would read as "a" + "__" + "_…"
    return out.isEmpty() ? u"server"_s : out;
}

QString AggregateCatalog::method(List list)
{
    switch (list) {
    case List::Tools:
        return u"tools/list"_s;
    case List::Prompts:
        return u"prompts/list"_s;
    case List::Resources:
        return u"resources/list"_s;
    case List::ResourceTemplates:
        return u"resources/templates/list"_s;
    }
    return {};
}

QString AggregateCatalog::itemsKey(List list)
{
    switch (list) {
    case List::Tools:
        return u"tools"_s;
    case List::Prompts:
        return u"prompts"_s;
    case List::Resources:
        return u"resources"_s;
    case List::ResourceTemplates:
        return u"resourceTemplates"_s;
    }
    return {};
}

QString AggregateCatalog::capability(List list)
{
    switch (list) {
    case List::Tools:
        return u"tools"_s;
    case List::Prompts:
        return u"prompts"_s;
    case List::Resources:
    case List::ResourceTemplates:
        return u"resources"_s;
    }
    return {};
}

bool AggregateCatalog::collectPage(
    List list, const QJsonObject &result, int page, QJsonArray *items, QString *cursor)
{
    for (const QJsonValue &v : result.value(itemsKey(list)).toArray()) {
        if (v.isObject())
            items->append(v);
    }
    const QString next = result.value("nextCursor"_L1).toString();
    if (next.isEmpty() || next == *cursor || page >= kMaxPages)
        return false;
    *cursor = next;
    return true;
}

void AggregateCatalog::setServers(const QStringList &servers)
{
    m_servers = servers;
    m_prefixes.clear();
    m_byPrefix.clear();
    m_conflicts.clear();
    QHash<QString, QStringList> claimants;
    for (const QString &s : servers)
        claimants[prefixFor(s)].append(s);
    for (auto it = claimants.cbegin(); it != claimants.cend(); ++it) {
        if (it->size() == 1) {
            m_prefixes.insert(it->first(), it.key());
            m_byPrefix.insert(it.key(), it->first());
            continue;
        }
        QStringList names = *it;
        names.sort();
        for (const QString &s : std::as_const(names)) {
            m_conflicts.insert(s,
                u"servers %1 would all be named %2__…; rename all but one to serve them on /mcp/all"_s.arg(
                    names.join(u", "_s), it.key()));
        }
    }
    for (QHash<QString, QJsonArray> &lists : m_lists) {
        for (auto it = lists.begin(); it != lists.end();) {
            if (servers.contains(it.key()))
                ++it;
            else
                it = lists.erase(it);
        }
    }
}

void AggregateCatalog::setList(const QString &server, List list, const QJsonArray &items)
{
    m_lists[int(list)].insert(server, items);
}

void AggregateCatalog::removeServer(const QString &server)
{
    for (QHash<QString, QJsonArray> &lists : m_lists)
        lists.remove(server);
}

bool AggregateCatalog::hasList(const QString &server, List list) const
{
    return m_lists[int(list)].contains(server);
}

QStringList AggregateCatalog::serversWithLists() const
{
    QStringList out;
    for (const QString &s : m_servers) {
        for (const QHash<QString, QJsonArray> &lists : m_lists) {
            if (lists.contains(s)) {
                out.append(s);
                break;
            }
        }
    }
    return out;
}

QJsonArray AggregateCatalog::merged(List list) const
{
    QJsonArray out;
    const QHash<QString, QJsonArray> &lists = m_lists[int(list)];
    if (list == List::Tools || list == List::Prompts) {
        for (const QString &s : m_servers) {
            const QString prefix = m_prefixes.value(s);
            if (prefix.isEmpty())
                continue;
            for (const QJsonValue &v : lists.value(s)) {
                QJsonObject item = v.toObject();
                const QString name = prefix + kSeparator + item.value("name"_L1).toString();
                if (name.size() > kMaxNameLength)
                    continue; // a client would refuse the whole list for it (refusedNames())
                item.insert("name"_L1, name);
                out.append(item);
            }
        }
        return out;
    }
    const QString key = list == List::Resources ? u"uri"_s : u"uriTemplate"_s;
    QStringList refused;
    const QHash<QString, QString> owners = uriOwners(list, &refused);
    for (const QString &s : m_servers) {
        for (const QJsonValue &v : lists.value(s)) {
            if (owners.value(v.toObject().value(key).toString()) == s)
                out.append(v);
        }
    }
    return out;
}

QMap<QString, QString> AggregateCatalog::refusedNames(List list) const
{
    QMap<QString, QString> out;
    if (list != List::Tools && list != List::Prompts)
        return out;
    for (const QString &s : m_servers) {
        const QString prefix = m_prefixes.value(s);
        if (prefix.isEmpty())
            continue;
        for (const QJsonValue &v : m_lists[int(list)].value(s)) {
            const QString name = prefix + kSeparator + v.toObject().value("name"_L1).toString();
            if (name.size() > kMaxNameLength)
                out.insert(name,
                    u"the name would be %1 characters, more than the %2 MCP allows; call it through "
                    "/mcp/servers/%3 or give the server a shorter name"_s.arg(
                        QString::number(name.size()), QString::number(kMaxNameLength), s));
        }
    }
    return out;
}

QHash<QString, QString> AggregateCatalog::uriOwners(List list, QStringList *refused) const
{
    const QString key = list == List::Resources ? u"uri"_s : u"uriTemplate"_s;
    QHash<QString, QString> owners;
    QSet<QString> shared;
    for (const QString &s : m_servers) {
        if (m_conflicts.contains(s))
            continue;
        for (const QJsonValue &v : m_lists[int(list)].value(s)) {
            const QString uri = v.toObject().value(key).toString();
            if (uri.isEmpty())
                continue;
            const auto it = owners.constFind(uri);
            if (it != owners.cend() && *it != s)
                shared.insert(uri);
            else
                owners.insert(uri, s);
        }
    }
    for (const QString &uri : std::as_const(shared)) {
        owners.remove(uri);
        refused->append(uri);
    }
    return owners;
}

QStringList AggregateCatalog::refusedUris() const
{
    QStringList refused;
    uriOwners(List::Resources, &refused);
    uriOwners(List::ResourceTemplates, &refused);
    refused.sort();
    return refused;
}

AggregateCatalog::Route AggregateCatalog::routeName(const QString &mergedName) const
{
    const qsizetype at = mergedName.indexOf(kSeparator);
    if (at <= 0) {
        return {{}, {},
            u"%1 is not a name of /mcp/all: names there are server__name (see tools/list)"_s.arg(
                mergedName.left(200))};
    }
    const QString prefix = mergedName.left(at);
    const QString name = mergedName.mid(at + kSeparator.size());
    if (const auto it = m_byPrefix.constFind(prefix); it != m_byPrefix.cend())
        return {*it, name, {}};
    for (auto it = m_conflicts.cbegin(); it != m_conflicts.cend(); ++it) {
        if (prefixFor(it.key()) == prefix)
            return {{}, {}, *it};
    }
    return {{}, {},
        u"no server with the prefix %1 on /mcp/all (%2 is server__name)"_s.arg(
            prefix.left(200), mergedName.left(200))};
}

AggregateCatalog::Route AggregateCatalog::routeUri(const QString &uri) const
{
    QStringList refused;
    const QHash<QString, QString> owners = uriOwners(List::Resources, &refused);
    if (const auto it = owners.constFind(uri); it != owners.cend())
        return {*it, uri, {}};
    if (refused.contains(uri))
        return {{}, {},
            u"%1 is listed by more than one server; read it through /mcp/servers/{name}"_s.arg(
                uri.left(500))};
    // Not listed: a URI made from a template is its owner's, when only one member's template fits.
    QStringList fits;
    const QHash<QString, QString> templates = uriOwners(List::ResourceTemplates, &refused);
    for (auto it = templates.cbegin(); it != templates.cend(); ++it) {
        if (templatePattern(it.key()).match(uri).hasMatch() && !fits.contains(*it))
            fits.append(*it);
    }
    if (fits.size() == 1)
        return {fits.first(), uri, {}};
    if (fits.size() > 1) {
        fits.sort();
        return {{}, {},
            u"%1 fits the resource templates of %2; read it through /mcp/servers/{name}"_s.arg(
                uri.left(500), fits.join(u", "_s))};
    }
    return {{}, {},
        u"no server listed the resource %1 (see resources/list and resources/templates/list)"_s.arg(
            uri.left(500))};
}

AggregateCatalog::Route AggregateCatalog::routeTemplate(const QString &uriTemplate) const
{
    QStringList refused;
    const QHash<QString, QString> owners = uriOwners(List::ResourceTemplates, &refused);
    if (const auto it = owners.constFind(uriTemplate); it != owners.cend())
        return {*it, uriTemplate, {}};
    return routeUri(uriTemplate);
}

} // namespace lifeline
