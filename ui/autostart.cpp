#include "autostart.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace lifeline {

QString Autostart::desktopId()
{
    return u"io.github.mcp_lifeline.McpLifeline"_s;
}

Autostart::Autostart(const QString &configHome)
    : m_configHome(configHome)
{
    if (m_configHome.isEmpty())
        m_configHome = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
}

QString Autostart::filePath() const
{
    return m_configHome + u"/autostart/"_s + desktopId() + u".desktop"_s;
}

// Desktop Entry spec: Exec arguments with reserved characters are double-quoted, and inside the
// quotes ", `, $ and \ are escaped with a backslash.
static QString quotedExec(const QString &program)
{
    static const QString reserved = u" \t\n\"'\\><~|&;$*?#()`"_s;
    if (std::none_of(program.begin(), program.end(), [](QChar c) { return reserved.contains(c); }))
        return program;
    QString out = u"\""_s;
    for (QChar c : program) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out + u'"';
}

QByteArray Autostart::entryText(const QString &program)
{
    // A literal % in Exec must be doubled (field codes).
    QString exec = quotedExec(program);
    exec.replace(u"%"_s, u"%%"_s);
    return u"[Desktop Entry]\n"
           "Type=Application\n"
           "Name=MCP Lifeline\n"
           "Comment=Keeps your MCP servers alive\n"
           "Exec=%1\n"
           "Icon=%2\n"
           "Terminal=false\n"
           "X-GNOME-Autostart-enabled=true\n"_s.arg(exec, desktopId())
               .toUtf8();
}

bool Autostart::isEnabled() const
{
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    bool inMainGroup = false;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.startsWith('[')) {
            inMainGroup = line == "[Desktop Entry]";
            continue;
        }
        if (!inMainGroup)
            continue;
        const qsizetype eq = line.indexOf('=');
        if (eq < 0)
            continue;
        const QByteArray key = line.left(eq).trimmed();
        const QByteArray value = line.mid(eq + 1).trimmed();
        if ((key == "Hidden" && value == "true") || (key == "X-GNOME-Autostart-enabled" && value == "false"))
            return false;
    }
    return true;
}

bool Autostart::setEnabled(bool enabled, QString *error, const QString &program) const
{
    const QString path = filePath();
    if (!enabled) {
        if (!QFile::exists(path) || QFile::remove(path))
            return true;
        if (error)
            *error = QCoreApplication::translate("Autostart", "%1: cannot remove the file").arg(path);
        return false;
    }
    QString exec = program;
    if (exec.isEmpty()) {
        exec = QCoreApplication::applicationFilePath();
        if (exec.isEmpty() || !QFileInfo(exec).isExecutable())
            exec = u"/usr/bin/mcp-lifeline"_s;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QCoreApplication::translate("Autostart", "%1: cannot create the folder")
                         .arg(QFileInfo(path).absolutePath());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(entryText(exec)) < 0 || !file.commit()) {
        if (error)
            *error = u"%1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace lifeline
