#pragma once

#include "config/configwriter.h"

#include <QJsonObject>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace lifeline {

class KeyValueEditor;

// The settings of `lifeline.defaults` (server empty) or of one server: its overrides in
// `lifeline.servers.<name>` and its entry in mcpServers. Every field can be left empty (or at
// "Inherit"): the setting is then not written and the defaults (or built-in values) apply.
// Values are checked as they are typed by the loader's own rules (ConfigLoader::parseSettings
// and ConfigLoader::parse), so the form accepts exactly what the file would.
// Fields the user did not touch are written back as they were, even when the form cannot show
// them faithfully (a threshold written as 2.5, a setting only the file knows).
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
    struct Field
    {
        QString key; // "interval", "restart.backoff", "command", …
        bool entry = false; // a key of the server's entry, not of its settings
        QWidget *editor = nullptr;
        QLabel *message = nullptr;
        std::function<QJsonValue()> value; // Undefined: not set (inherit)
        QJsonValue initial; // value() as loaded: equal means untouched
    };

    QLineEdit *durationEdit(const QString &key);
    QSpinBox *countSpin(const QString &key);
    QDoubleSpinBox *percentSpin(const QString &key);
    void addRow(QFormLayout *form, const QString &label, QWidget *editor, const QString &key,
        std::function<QJsonValue()> value, bool entry = false);
    void buildSettings(QFormLayout *form);
    void buildServer(QFormLayout *form);
    void loadSettings(const QJsonObject &settings);
    void loadEntry(const QJsonObject &entry);
    void updateInherited();
    void updateVisibility();
    Field *field(const QString &key);
    const Field *field(const QString &key) const;
    bool touched(const Field &f) const { return f.value() != f.initial; }

    QJsonObject settingsObject() const; // the raw settings with the touched fields applied
    QJsonObject entryObject() const;
    void validate();
    void showError(Field &f, const QString &message);

    QString m_server;
    QString m_original; // the name the file has it under
    QGroupBox *m_serverBox = nullptr;
    bool m_isNew;
    QJsonObject m_rawSettings;
    QJsonObject m_rawEntry;
    bool m_wasRemote = false;
    MonitorSettings m_base;
    QList<Field> m_fields;
    int m_errorCount = 0;
    bool m_loading = true;

    QLineEdit *m_interval = nullptr;
    QLineEdit *m_timeout = nullptr;
    QSpinBox *m_failureThreshold = nullptr;
    QSpinBox *m_successThreshold = nullptr;
    QLineEdit *m_latencyWarning = nullptr;
    QLineEdit *m_latencyCritical = nullptr;
    QDoubleSpinBox *m_errorRateWarning = nullptr;
    QDoubleSpinBox *m_errorRateCritical = nullptr;
    QComboBox *m_depth = nullptr;
    QComboBox *m_probeMode = nullptr;
    QLineEdit *m_probeTool = nullptr;
    QPlainTextEdit *m_probeArguments = nullptr;
    QLineEdit *m_probeExpect = nullptr;
    QComboBox *m_restartPolicy = nullptr;
    QLineEdit *m_backoff = nullptr;
    QSpinBox *m_maxAttempts = nullptr;
    QComboBox *m_jitter = nullptr;
    QSpinBox *m_burst = nullptr;
    QLineEdit *m_burstWindow = nullptr;
    QLineEdit *m_resetAfter = nullptr;
    QDoubleSpinBox *m_circuitRate = nullptr;
    QSpinBox *m_circuitMinimum = nullptr;
    QSpinBox *m_circuitWindow = nullptr;
    QLineEdit *m_circuitOpenFor = nullptr;
    QSpinBox *m_circuitHalfOpen = nullptr;
    QLabel *m_general = nullptr; // errors no single field owns

    QComboBox *m_transport = nullptr;
    QLineEdit *m_command = nullptr;
    QPlainTextEdit *m_args = nullptr;
    KeyValueEditor *m_env = nullptr;
    QLineEdit *m_cwd = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_type = nullptr;
    KeyValueEditor *m_headers = nullptr;
    QCheckBox *m_disabled = nullptr;
    QFormLayout *m_serverForm = nullptr;
    QFormLayout *m_probeForm = nullptr;
};

} // namespace lifeline
