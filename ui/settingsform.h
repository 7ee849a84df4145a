#pragma once

#include "config/configwriter.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;

namespace lifeline {

class MonitorSettingsEditor;
class ServerEntryEditor;

// The settings of `lifeline.defaults` (server empty) or of one server: its overrides in
// `lifeline.servers.<name>` (a MonitorSettingsEditor) and its entry in mcpServers (a
// ServerEntryEditor). Every field can be left empty (or at "Inherit"): the setting is then not
// written and the defaults (or built-in values) apply. Values are checked as they are typed by
// the loader's own rules, so the form accepts exactly what the file would; fields the user did
// not touch are written back as they were.
class SettingsForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsForm)
public:
    // `settings`: the raw settings object as the file has it; `entry`: the server's raw entry
    // (empty for a new server, unused for the defaults).
    SettingsForm(const QString &server, const QJsonObject &settings, const QJsonObject &entry, bool isNew,
        QWidget *parent = nullptr);

    const QString &server() const { return m_server; }
    bool isDefaults() const { return m_server.isEmpty(); }
    bool isNew() const { return m_isNew; }
    // A new name for the server: Apply moves its entry and settings there.
    void rename(const QString &name);
    QString originalName() const { return m_original; }

    // What applies to a field left empty: the built-in values for the defaults, the defaults'
    // effective values for a server.
    void setBase(const MonitorSettings &base);
    MonitorSettings effective() const; // this form's settings over its base (valid fields only)

    bool isValid() const { return m_errorCount == 0; }
    QStringList errors() const; // "interval: …" for each field in error
    QList<ConfigWriter::Edit> edits() const; // empty when nothing changed

Q_SIGNALS:
    void edited(); // a field changed (its validity may have changed too)

private:
    void validate();
    void setServerTitle();

    QString m_server;
    QString m_original; // the name the file has it under
    bool m_isNew;
    ServerEntryEditor *m_entry = nullptr; // none for the defaults
    MonitorSettingsEditor *m_settings;
    QLabel *m_general; // errors no single field owns
    int m_errorCount = 0;
};

} // namespace lifeline
