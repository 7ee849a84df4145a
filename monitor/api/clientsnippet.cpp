#include "clientsnippet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace lifeline {

static QString shellQuoted(const QString &word)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_./:@%+=,-]+$"_s);
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

static QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed();
}

ClientSnippet::ClientSnippet(
    const QString &statusUrl, const QString &name, bool group, const QString &bearerToken)
    : m_statusUrl(statusUrl.endsWith(u'/') ? statusUrl.chopped(1) : statusUrl)
    , m_name(name)
    , m_group(group)
    , m_token(bearerToken)
{ }

QList<ClientSnippet::Form> ClientSnippet::forms()
{
    return {Form::ClaudeCode, Form::ClaudeDesktop, Form::Cursor, Form::VsCode};
}

QString ClientSnippet::formId(Form form)
{
    switch (form) {
    case Form::ClaudeCode:
        return u"claude-code"_s;
    case Form::ClaudeDesktop:
        return u"claude-desktop"_s;
    case Form::Cursor:
        return u"cursor"_s;
    case Form::VsCode:
        return u"vscode"_s;
    }
    return {};
}

QString ClientSnippet::gatewayUrl() const
{
    // A name is one path segment: a space or a slash in it must not change the route.
    return m_statusUrl + (m_group ? u"/mcp/groups/"_s : u"/mcp/servers/"_s)
        + QString::fromLatin1(QUrl::toPercentEncoding(m_name));
}

QStringList ClientSnippet::connectArguments() const
{
    return m_group ? QStringList {u"connect"_s, u"--group"_s, m_name} : QStringList {u"connect"_s, m_name};
}

QString ClientSnippet::connectLine() const
{
    QStringList words {u"mcp-lifeline"_s};
    for (const QString &a : connectArguments())
        words << shellQuoted(a);
    return words.join(u' ');
}

QString ClientSnippet::text(Form form) const
{
    const QString url = gatewayUrl();
    const QString bearer = u"Bearer "_s + m_token;
    switch (form) {
    case Form::ClaudeCode: {
        QString line = u"claude mcp add --transport http %1 %2"_s.arg(shellQuoted(m_name), shellQuoted(url));
        if (!m_token.isEmpty())
            line += u" --header "_s + shellQuoted(u"Authorization: "_s + bearer);
        return line;
    }
    case Form::ClaudeDesktop: {
        // stdio: Claude Desktop launches the bridge, which finds the running Lifeline (and its token).
        const QJsonObject entry {
            {"command"_L1, "mcp-lifeline"_L1}, {"args"_L1, QJsonArray::fromStringList(connectArguments())}};
        return json({{"mcpServers"_L1, QJsonObject {{m_name, entry}}}});
    }
    case Form::Cursor: {
        QJsonObject entry {{"url"_L1, url}};
        if (!m_token.isEmpty())
            entry.insert("headers"_L1, QJsonObject {{"Authorization"_L1, bearer}});
        return json({{"mcpServers"_L1, QJsonObject {{m_name, entry}}}});
    }
    case Form::VsCode: {
        QJsonObject entry {{"type"_L1, "http"_L1}, {"url"_L1, url}};
        if (!m_token.isEmpty())
            entry.insert("headers"_L1, QJsonObject {{"Authorization"_L1, bearer}});
        return json({{"servers"_L1, QJsonObject {{m_name, entry}}}});
    }
    }
    return {};
}

} // namespace lifeline
