#pragma once

#include "config/configloader.h"
#include "fieldbinding.h"

#include <QGroupBox>
#include <QJsonObject>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace lifeline {

// The monitor settings of `lifeline.defaults` or of one server's `lifeline.servers.<name>`:
// interval, timeout, thresholds, probe, restart ladder, circuit breaker. An empty field (or
// "Inherit") is not written; its placeholder shows what applies instead (the base). Values are
// checked by the loader's own rules (ConfigLoader::parseSettings).
class MonitorSettingsEditor final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorSettingsEditor)
public:
    // `settings`: the raw settings object as the file has it. `forDefaults`: the defaults' own
    // settings (no "no probe, even if the defaults have one").
    MonitorSettingsEditor(bool forDefaults, const QJsonObject &settings, QWidget *parent = nullptr);

    // What applies to a field left empty: the built-in values for the defaults, the defaults'
    // effective values for a server. False when it was that already.
    bool setBase(const MonitorSettings &base);
    MonitorSettings effective() const; // these settings over the base (valid fields only)

    const QJsonObject &rawSettings() const { return m_rawSettings; }
    QJsonObject settingsObject() const; // the raw settings with the touched fields applied

    // Marks the fields in error; returns the problems no single field owns.
    QStringList validate();
    int errorCount() const { return m_binding.errorCount(); }
    QStringList errors() const { return m_binding.errors(); }

Q_SIGNALS:
    void edited(); // a field changed

private:
    QLineEdit *durationEdit(const QString &key);
    QSpinBox *countSpin(const QString &key);
    QDoubleSpinBox *percentSpin(const QString &key);
    void build(QFormLayout *form);
    void load(const QJsonObject &settings);
    void updateInherited();
    void updateVisibility();

    bool m_forDefaults;
    QJsonObject m_rawSettings;
    MonitorSettings m_base;
    FieldBinding m_binding;

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
    QFormLayout *m_probeForm = nullptr;
};

} // namespace lifeline
