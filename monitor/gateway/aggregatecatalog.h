#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace lifeline {

// What /mcp/all offers: the tools, prompts, resources and resource templates of every member,
// merged into one list each, and the way back from a merged name or URI to the member that owns
// it. Pure (no sessions, no engine): the Gateway feeds it each member's lists as fetched.
//
// Naming: a tool or prompt `t` of server `s` is `p__t`, `p` being `s` made fit for a tool name
// (prefixFor()). Because a prefix never holds "__" nor ends in '_', the first "__" of a merged
// name ends the prefix, so a call can be routed without a list having been fetched. Servers whose
// prefixes come out the same are all refused (left out, named in conflicts()): which one would
// win must not depend on the order of the config file. Resource URIs are addresses and stay as
// they are; a URI that two members list is left out of the list and refused when read.
class AggregateCatalog final
{
public:
    enum class List { Tools, Prompts, Resources, ResourceTemplates };
    static constexpr int kListCount = 4;
    static constexpr int kMaxPages = 100; // an upstream that pages on without end is cut off here
    static constexpr int kMaxNameLength = 128; // MCP's limit for a tool name, kept for prompts too

    struct Route
    {
        QString server; // empty: not routed, `error` says why
        QString name; // the member's own tool / prompt name, or the URI unchanged
        QString error;
        bool ok() const { return !server.isEmpty(); }
    };

    static QString prefixFor(const QString &server);
    static QString method(List list); // "tools/list", …
    static QString itemsKey(List list); // "tools", "prompts", "resources", "resourceTemplates"
    static QString capability(List list); // the server capability that offers it

    // Appends one page of a list answer to `items`; returns true and sets `cursor` when another
    // page is to be fetched. `page` counts from 1; a repeated cursor or page kMaxPages ends it.
    static bool collectPage(
        List list, const QJsonObject &result, int page, QJsonArray *items, QString *cursor);

    // The enabled servers: sets the prefixes (and finds the conflicts) once per config.
    void setServers(const QStringList &servers);
    QStringList servers() const { return m_servers; }
    QMap<QString, QString> conflicts() const { return m_conflicts; } // server → why it is left out

    void setList(const QString &server, List list, const QJsonArray &items);
    void removeServer(const QString &server); // its lists are gone (down, or removed)
    bool hasList(const QString &server, List list) const;
    QStringList serversWithLists() const;

    // The merged list, in the servers' order, each member's items in its order.
    QJsonArray merged(List list) const;
    QStringList refusedUris() const; // listed by more than one member
    // Tools or prompts left out of merged() because prefix__name would be longer than
    // kMaxNameLength: that merged name → why (for _meta.lifeline.refused).
    QMap<QString, QString> refusedNames(List list) const;

    Route routeName(const QString &mergedName) const; // a tool or prompt
    Route routeUri(const QString &uri) const; // a resource: listed, else matching one template
    Route routeTemplate(const QString &uriTemplate) const; // completion/complete of a ref/resource

private:
    QHash<QString, QString> uriOwners(List list, QStringList *refused) const;

    QStringList m_servers;
    QHash<QString, QString> m_prefixes; // server → prefix (conflicting servers left out)
    QHash<QString, QString> m_byPrefix; // prefix → server
    QMap<QString, QString> m_conflicts;
    QHash<QString, QJsonArray> m_lists[kListCount];
};

} // namespace lifeline
