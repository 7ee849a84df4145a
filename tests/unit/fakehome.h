// A home folder with the MCP configs of every tool Lifeline imports from (tests/data/discovery),
// for the discovery, import command and import dialog tests.
#pragma once

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "config/configdiscovery.h"

namespace lifeline::test {

// Secret values in the fake home's files: they must never show up in any listing.
inline const QStringList kSecrets {QStringLiteral("sk-live-DO-NOT-PRINT-1234"),
    QStringLiteral("hdr-DO-NOT-PRINT-5678"), QStringLiteral("pw-DO-NOT-PRINT")};

// The servers the full fake home holds, in discovery order (by source, then by name).
inline const QStringList kAllServers {QStringLiteral("github"), QStringLiteral("memory"),
    QStringLiteral("git"), QStringLiteral("db"), QStringLiteral("docs"), QStringLiteral("broken"),
    QStringLiteral("git (cursor)"), QStringLiteral("remote"), QStringLiteral("fetch"),
    QStringLiteral("time")};

class FakeHome
{
public:
    FakeHome() { QDir(m_dir.path()).mkpath(QStringLiteral("project")); }

    bool isValid() const { return m_dir.isValid(); }
    QString home() const { return m_dir.path(); }
    QString configHome() const { return m_dir.path() + QStringLiteral("/.config"); }
    QString project() const { return m_dir.path() + QStringLiteral("/project"); }
    QString path(const QString &relative) const { return m_dir.path() + u'/' + relative; }

    ConfigDiscovery::Locations locations(bool withProject = true) const
    {
        ConfigDiscovery::Locations l;
        l.home = home();
        l.configHome = configHome();
        if (withProject)
            l.projectDir = project();
        return l;
    }

    // Writes `text` at `relative` (under the home), creating folders.
    QString write(const QString &relative, const QByteArray &text) const
    {
        const QString file = path(relative);
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file));
        f.write(text);
        return file;
    }

    // Every source: a duplicate (memory in Claude Desktop and Cursor), a clash (git in Claude Code
    // and Cursor differ), JSONC, Claude Code projects, a broken file (mcp-hub), an unusable entry
    // (Cursor's "broken"), and secrets in env, args, URL and headers.
    void writeAll() const
    {
        const QString source = QStringLiteral(LIFELINE_TEST_DATA_DIR "/discovery");
        QDirIterator it(source, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            QFile f(file);
            f.open(QIODevice::ReadOnly);
            write(QDir(source).relativeFilePath(file), f.readAll());
        }
    }

private:
    QTemporaryDir m_dir;
};

} // namespace lifeline::test
