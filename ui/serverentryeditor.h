#pragma once

#include "fieldbinding.h"

#include <QGroupBox>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QPlainTextEdit;

namespace lifeline {

class KeyValueEditor;

// A server's entry in mcpServers: a local program (command, args, env, cwd) or a remote URL
// (url, type, headers), and whether it is disabled. Keys the editor does not show stay as they
// are; switching between local and remote drops what only the other kind uses. Checked by the
// loader's own rules (ConfigLoader::parse on the entry alone).
class ServerEntryEditor final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerEntryEditor)
public:
    // `entry`: the server's raw entry (empty for a new server).
    explicit ServerEntryEditor(const QJsonObject &entry, QWidget *parent = nullptr);

    const QJsonObject &rawEntry() const { return m_rawEntry; }
    QJsonObject entryObject() const; // the raw entry with the edits applied

    // Marks the fields in error for a server named `server`; returns the problems no field owns.
    QStringList validate(const QString &server);
    int errorCount() const { return m_binding.errorCount(); }
    QStringList errors() const { return m_binding.errors(); }

Q_SIGNALS:
    void edited(); // a field changed

private:
    void build(QFormLayout *form);
    void load(const QJsonObject &entry);
    void updateVisibility();
    bool isRemote() const;

    QJsonObject m_rawEntry;
    bool m_wasRemote = false;
    FieldBinding m_binding;
    QFormLayout *m_form = nullptr;

    QComboBox *m_transport = nullptr;
    QLineEdit *m_command = nullptr;
    QPlainTextEdit *m_args = nullptr;
    KeyValueEditor *m_env = nullptr;
    QLineEdit *m_cwd = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_type = nullptr;
    KeyValueEditor *m_headers = nullptr;
    QCheckBox *m_disabled = nullptr;
};

} // namespace lifeline
