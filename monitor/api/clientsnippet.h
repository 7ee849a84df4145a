#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace lifeline {

// What a person pastes into an MCP client so that its calls go through Lifeline's gateway: the
// gateway URL of a server or failover group, the `mcp-lifeline connect` line, and the client-config
// snippets ("Use through Lifeline"). Pure text, no GUI: the window puts it on the clipboard.
class ClientSnippet
{
public:
    enum class Form { ClaudeCode, ClaudeDesktop, Cursor, VsCode };

    // `statusUrl`: the status server's base URL ("http://127.0.0.1:7733"); `group`: a failover
    // group's endpoint instead of one server's. `bearerToken`: set when the status server asks for
    // one (it listens beyond loopback); the HTTP forms then carry an Authorization header.
    ClientSnippet(
        const QString &statusUrl, const QString &name, bool group = false, const QString &bearerToken = {});

    static QList<Form> forms();
    static QString formId(Form form); // claude-code, claude-desktop, cursor, vscode

    QString gatewayUrl() const; // http://HOST:PORT/mcp/servers/NAME or /mcp/groups/GROUP
    QStringList connectArguments() const; // {connect, NAME} or {connect, --group, GROUP}
    QString connectLine() const; // mcp-lifeline connect NAME, quoted for a POSIX shell
    QString text(Form form) const;

private:
    QString m_statusUrl;
    QString m_name;
    bool m_group;
    QString m_token;
};

} // namespace lifeline
