#pragma once

#include <QString>

namespace lifeline {

// "Start MCP Lifeline when I log in": the XDG autostart entry
// $XDG_CONFIG_HOME/autostart/<desktop id>.desktop, which every desktop following the XDG
// Autostart spec (GNOME, KDE, Xfce, …) runs at login. Core only, so the settings dialog, the
// command line and the tests can all use it.
class Autostart
{
public:
    // The application's id, shared by the .desktop file, the AppStream metainfo and the icons.
    static QString desktopId(); // io.github.mcp_lifeline.McpLifeline

    // configHome: the base folder; empty for $XDG_CONFIG_HOME (else ~/.config).
    explicit Autostart(const QString &configHome = {});

    QString filePath() const;

    // True when the entry exists and is not switched off (Hidden=true or
    // X-GNOME-Autostart-enabled=false, as a desktop's own settings may leave it).
    bool isEnabled() const;

    // Writes or removes the entry. `program` is what the entry runs: empty for the running
    // binary (an installed one is /usr/bin/mcp-lifeline). False with *error naming the file on failure.
    bool setEnabled(bool enabled, QString *error = nullptr, const QString &program = {}) const;

    // The entry's text (exposed for the tests).
    static QByteArray entryText(const QString &program);

private:
    QString m_configHome;
};

} // namespace lifeline
