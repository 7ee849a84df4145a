#include "monitorsettingseditor.h"

#include "config/duration.h"

#include <cmath>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr int kMaxCount = 10000; // the loader's limit for thresholds and attempts

QString durationText(const QJsonValue &value)
{
    if (value.isDouble() && value.toDouble() >= 0 && value.toDouble() == std::floor(value.toDouble()))
        return formatDuration(qint64(value.toDouble()));
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return value.toString();
}

// What the file should hold for a typed duration: the file's style ("1m30s") when it parses; as
// typed otherwise, so that the loader's check names the problem.
QJsonValue durationValue(const QString &text)
{
    if (const auto ms = parseDuration(text))
        return formatDuration(*ms);
    return text.trimmed();
}

QString percentText(double rate)
{
    return QString::number(rate * 100, 'g', QLocale::FloatingPointShortest) + u" %"_s;
}

} // namespace

MonitorSettingsEditor::MonitorSettingsEditor(bool forDefaults, const QJsonObject &settings, QWidget *parent)
    : QGroupBox(parent)
    , m_forDefaults(forDefaults)
    , m_rawSettings(settings)
    , m_binding(this)
{
    build(new QFormLayout(this));
    load(settings);
    m_binding.markLoaded();
    updateInherited();
    updateVisibility();
}

QLineEdit *MonitorSettingsEditor::durationEdit(const QString &key)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(key);
    edit->setClearButtonEnabled(true);
    edit->setToolTip(tr("A duration such as 250ms, 30s, 5m, 1h or 1m30s"));
    return edit;
}

QSpinBox *MonitorSettingsEditor::countSpin(const QString &key)
{
    // 0 is the "inherit" state: the loader accepts 1 and up.
    auto *spin = new QSpinBox(this);
    spin->setObjectName(key);
    spin->setRange(0, kMaxCount);
    return spin;
}

QDoubleSpinBox *MonitorSettingsEditor::percentSpin(const QString &key)
{
    // The file holds a rate from 0 to 1; people think in percent. -1 is the "inherit" state.
    auto *spin = new QDoubleSpinBox(this);
    spin->setObjectName(key);
    spin->setRange(-1, 100);
    spin->setDecimals(2);
    spin->setSingleStep(1);
    spin->setSuffix(u" %"_s);
    spin->setValue(-1);
    return spin;
}

void MonitorSettingsEditor::build(QFormLayout *form)
{
    const auto changed = [this] { Q_EMIT edited(); };
    const auto durationRow = [&](QLineEdit *&edit, const QString &key, const QString &label) {
        edit = durationEdit(key);
        connect(edit, &QLineEdit::textChanged, this, changed);
        QLineEdit *e = edit;
        m_binding.addRow(form, label, edit, key, [e]() -> QJsonValue {
            return e->text().trimmed().isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                 : durationValue(e->text());
        });
    };
    const auto countRow = [&](QSpinBox *&spin, const QString &key, const QString &label) {
        spin = countSpin(key);
        connect(spin, &QSpinBox::valueChanged, this, changed);
        QSpinBox *s = spin;
        m_binding.addRow(form, label, spin, key, [s]() -> QJsonValue {
            return s->value() == 0 ? QJsonValue(QJsonValue::Undefined) : QJsonValue(s->value());
        });
    };
    const auto percentRow = [&](QDoubleSpinBox *&spin, const QString &key, const QString &label) {
        spin = percentSpin(key);
        connect(spin, &QDoubleSpinBox::valueChanged, this, changed);
        QDoubleSpinBox *s = spin;
        m_binding.addRow(form, label, spin, key, [s]() -> QJsonValue {
            return s->value() < 0 ? QJsonValue(QJsonValue::Undefined) : QJsonValue(s->value() / 100);
        });
    };
    const auto comboRow = [&](QComboBox *&combo, const QString &key, const QString &label,
                              const QList<QPair<QString, QString>> &items) {
        combo = new QComboBox(this);
        combo->setObjectName(key);
        for (const auto &[text, data] : items)
            combo->addItem(text, data);
        connect(combo, &QComboBox::currentIndexChanged, this, changed);
        QComboBox *c = combo;
        m_binding.addRow(form, label, combo, key, [c]() -> QJsonValue {
            const QString data = c->currentData().toString();
            return data.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(data);
        });
    };

    durationRow(m_interval, u"interval"_s, tr("Check every:"));
    durationRow(m_timeout, u"timeout"_s, tr("Timeout:"));
    countRow(m_failureThreshold, u"failureThreshold"_s, tr("Failures before unhealthy:"));
    countRow(m_successThreshold, u"successThreshold"_s, tr("Successes before healthy:"));
    durationRow(m_latencyWarning, u"latencyWarning"_s, tr("Latency warning:"));
    durationRow(m_latencyCritical, u"latencyCritical"_s, tr("Latency critical:"));
    percentRow(m_errorRateWarning, u"errorRateWarning"_s, tr("Error rate warning:"));
    percentRow(m_errorRateCritical, u"errorRateCritical"_s, tr("Error rate critical:"));
    comboRow(m_depth, u"depth"_s, tr("Check depth:"),
        {{QString(), QString()}, {tr("Basic (ping)"), u"basic"_s},
            {tr("Comprehensive (also list tools and resources)"), u"comprehensive"_s}});

    // The probe: one field in the file ("probe": {…} or null), three editors here.
    m_probeMode = new QComboBox(this);
    m_probeMode->setObjectName(u"probe"_s);
    m_probeMode->addItem(QString(), QString());
    if (!m_forDefaults)
        m_probeMode->addItem(tr("No probe, even if the defaults have one"), u"none"_s);
    m_probeMode->addItem(tr("Call a tool"), u"tool"_s);
    m_probeTool = new QLineEdit(this);
    m_probeTool->setObjectName(u"probeTool"_s);
    m_probeTool->setPlaceholderText(tr("The name of a tool the server lists"));
    m_probeTool->setAccessibleName(tr("Probe tool"));
    m_probeArguments = new QPlainTextEdit(this);
    m_probeArguments->setObjectName(u"probeArguments"_s);
    m_probeArguments->setPlaceholderText(tr("Arguments as a JSON object, e.g. {\"query\": \"ping\"}"));
    m_probeArguments->setAccessibleName(tr("Probe arguments"));
    m_probeArguments->setMaximumHeight(m_probeArguments->fontMetrics().lineSpacing() * 4);
    m_probeExpect = new QLineEdit(this);
    m_probeExpect->setObjectName(u"probeExpect"_s);
    m_probeExpect->setPlaceholderText(tr("Text the result must contain (optional)"));
    m_probeExpect->setAccessibleName(tr("Expected text"));
    auto *probeBox = new QWidget(this);
    m_probeForm = new QFormLayout(probeBox);
    m_probeForm->setContentsMargins(0, 0, 0, 0);
    m_probeForm->addRow(m_probeMode);
    m_probeForm->addRow(tr("Tool:"), m_probeTool);
    m_probeForm->addRow(tr("Arguments:"), m_probeArguments);
    m_probeForm->addRow(tr("Expect:"), m_probeExpect);
    connect(m_probeMode, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        Q_EMIT edited();
    });
    connect(m_probeTool, &QLineEdit::textChanged, this, changed);
    connect(m_probeArguments, &QPlainTextEdit::textChanged, this, changed);
    connect(m_probeExpect, &QLineEdit::textChanged, this, changed);
    m_probeMode->setAccessibleName(tr("Probe"));
    m_binding.addRow(
        form, tr("Probe:"), probeBox, u"probe"_s,
        [this]() -> QJsonValue {
            const QString mode = m_probeMode->currentData().toString();
            if (mode.isEmpty())
                return QJsonValue::Undefined;
            if (mode == u"none")
                return QJsonValue::Null;
            QJsonObject probe
                = m_rawSettings.value(u"probe"_s).toObject(); // keys the form does not show stay
            probe.insert(u"tool"_s, m_probeTool->text().trimmed());
            const QString arguments = m_probeArguments->toPlainText().trimmed();
            const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8());
            if (arguments.isEmpty())
                probe.remove(u"arguments"_s);
            else if (doc.isObject())
                probe.insert(u"arguments"_s, doc.object());
            if (m_probeExpect->text().isEmpty())
                probe.remove(u"expect"_s);
            else
                probe.insert(u"expect"_s, m_probeExpect->text());
            return probe;
        },
        u"QComboBox, QLineEdit, QPlainTextEdit"_s);

    comboRow(m_restartPolicy, u"restart.policy"_s, tr("Restart:"),
        {{QString(), QString()}, {tr("On failure"), u"on-failure"_s},
            {tr("Always, also after a clean exit"), u"always"_s}, {tr("Never"), u"never"_s}});
    m_backoff = durationEdit(u"restart.backoff"_s);
    m_backoff->setToolTip(
        tr("Delays before restart attempt 1, 2, 3 …, separated by commas; the last one repeats"));
    connect(m_backoff, &QLineEdit::textChanged, this, changed);
    m_binding.addRow(
        form, tr("Wait before restarts:"), m_backoff, u"restart.backoff"_s, [this]() -> QJsonValue {
            QJsonArray steps;
            for (const QString &part : m_backoff->text().split(u',')) {
                if (!part.trimmed().isEmpty())
                    steps.append(durationValue(part));
            }
            return steps.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(steps);
        });
    countRow(m_maxAttempts, u"restart.maxAttempts"_s, tr("Restart attempts:"));

    // The finer points of the restart ladder and the circuit breaker, under a heading of their own.
    auto *heading = new QLabel(tr("Restart limits and circuit breaker"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    form->addRow(heading);
    m_jitter = new QComboBox(this);
    m_jitter->setObjectName(u"restart.jitter"_s);
    m_jitter->addItem(QString());
    m_jitter->addItem(tr("Yes: wait a random part of each step"), true);
    m_jitter->addItem(tr("No: wait exactly"), false);
    connect(m_jitter, &QComboBox::currentIndexChanged, this, changed);
    m_binding.addRow(form, tr("Randomize waits:"), m_jitter, u"restart.jitter"_s, [this]() -> QJsonValue {
        return m_jitter->currentIndex() == 0 ? QJsonValue(QJsonValue::Undefined)
                                             : QJsonValue(m_jitter->currentIndex() == 1);
    });
    countRow(m_burst, u"restart.burst"_s, tr("Starts allowed in a burst:"));
    durationRow(m_burstWindow, u"restart.burstWindow"_s, tr("Burst window:"));
    durationRow(m_resetAfter, u"restart.resetAfter"_s, tr("Forget attempts after healthy for:"));
    percentRow(
        m_circuitRate, u"restart.circuit.failureRateThreshold"_s, tr("Open the circuit at failure rate:"));
    countRow(m_circuitMinimum, u"restart.circuit.minimumCalls"_s, tr("Circuit: results before judging:"));
    countRow(m_circuitWindow, u"restart.circuit.windowSize"_s, tr("Circuit: results considered:"));
    durationRow(m_circuitOpenFor, u"restart.circuit.openFor"_s, tr("Circuit: stay open for:"));
    countRow(
        m_circuitHalfOpen, u"restart.circuit.halfOpenCalls"_s, tr("Circuit: trial checks when half-open:"));
}

void MonitorSettingsEditor::load(const QJsonObject &s)
{
    const auto loadDuration = [&](QLineEdit *edit, const QString &key) {
        if (const QJsonValue v = FieldBinding::valueAt(s, key); !v.isUndefined())
            edit->setText(durationText(v));
    };
    const auto loadCount = [](QSpinBox *spin, const QJsonValue &v) {
        const double d = v.toDouble(-1);
        if (v.isDouble() && d == std::floor(d) && d >= 1 && d <= kMaxCount)
            spin->setValue(int(d));
    };
    const auto loadRate = [&](QDoubleSpinBox *spin, const QString &key) {
        const QJsonValue v = FieldBinding::valueAt(s, key);
        const double d = v.toDouble(-1);
        if (v.isDouble() && d >= 0 && d <= 1)
            spin->setValue(d * 100);
    };
    const auto loadCombo = [](QComboBox *combo, const QString &data) {
        if (const int i = combo->findData(data); i > 0)
            combo->setCurrentIndex(i);
    };
    loadDuration(m_interval, u"interval"_s);
    loadDuration(m_timeout, u"timeout"_s);
    loadCount(m_failureThreshold, s.value(u"failureThreshold"_s));
    loadCount(m_successThreshold, s.value(u"successThreshold"_s));
    loadDuration(m_latencyWarning, u"latencyWarning"_s);
    loadDuration(m_latencyCritical, u"latencyCritical"_s);
    loadRate(m_errorRateWarning, u"errorRateWarning"_s);
    loadRate(m_errorRateCritical, u"errorRateCritical"_s);
    loadCombo(m_depth, s.value(u"depth"_s).toString());

    const QJsonValue probe = s.value(u"probe"_s);
    if (probe.isNull() && !m_forDefaults) {
        loadCombo(m_probeMode, u"none"_s);
    } else if (probe.isObject()) {
        const QJsonObject p = probe.toObject();
        loadCombo(m_probeMode, u"tool"_s);
        m_probeTool->setText(p.value(u"tool"_s).toString());
        if (p.contains(u"arguments"_s))
            m_probeArguments->setPlainText(QString::fromUtf8(
                QJsonDocument(p.value(u"arguments"_s).toObject()).toJson(QJsonDocument::Compact)));
        m_probeExpect->setText(p.value(u"expect"_s).toString());
    }

    const QJsonObject restart = s.value(u"restart"_s).toObject();
    loadCombo(m_restartPolicy, restart.value(u"policy"_s).toString());
    QStringList steps;
    for (const QJsonValue &step : restart.value(u"backoff"_s).toArray())
        steps.append(durationText(step));
    m_backoff->setText(steps.join(u", "_s));
    loadCount(m_maxAttempts, restart.value(u"maxAttempts"_s));
    if (const QJsonValue jitter = restart.value(u"jitter"_s); jitter.isBool())
        m_jitter->setCurrentIndex(jitter.toBool() ? 1 : 2);
    loadCount(m_burst, restart.value(u"burst"_s));
    loadDuration(m_burstWindow, u"restart.burstWindow"_s);
    loadDuration(m_resetAfter, u"restart.resetAfter"_s);
    loadRate(m_circuitRate, u"restart.circuit.failureRateThreshold"_s);
    const QJsonObject circuit = restart.value(u"circuit"_s).toObject();
    loadCount(m_circuitMinimum, circuit.value(u"minimumCalls"_s));
    loadCount(m_circuitWindow, circuit.value(u"windowSize"_s));
    loadDuration(m_circuitOpenFor, u"restart.circuit.openFor"_s);
    loadCount(m_circuitHalfOpen, circuit.value(u"halfOpenCalls"_s));
}

bool MonitorSettingsEditor::setBase(const MonitorSettings &base)
{
    if (base == m_base)
        return false;
    m_base = base;
    updateInherited();
    return true;
}

void MonitorSettingsEditor::updateInherited()
{
    const MonitorSettings &b = m_base;
    const auto inherited = [this](const QString &value) {
        return m_forDefaults ? tr("Default: %1").arg(value) : tr("Inherit: %1").arg(value);
    };
    const auto placeholder = [&](QLineEdit *edit, int ms) {
        edit->setPlaceholderText(m_forDefaults ? tr("%1 (built-in)").arg(formatDuration(ms))
                                               : tr("%1 (from defaults)").arg(formatDuration(ms)));
    };
    placeholder(m_interval, b.intervalMs);
    placeholder(m_timeout, b.timeoutMs);
    placeholder(m_latencyWarning, b.latencyWarningMs);
    placeholder(m_latencyCritical, b.latencyCriticalMs);
    m_failureThreshold->setSpecialValueText(inherited(QString::number(b.failureThreshold)));
    m_successThreshold->setSpecialValueText(inherited(QString::number(b.successThreshold)));
    m_maxAttempts->setSpecialValueText(inherited(QString::number(b.restart.maxAttempts)));
    m_jitter->setItemText(0, inherited(b.restart.jitter ? tr("yes") : tr("no")));
    m_burst->setSpecialValueText(inherited(QString::number(b.restart.burst)));
    placeholder(m_burstWindow, b.restart.burstWindowMs);
    placeholder(m_resetAfter, b.restart.resetAfterMs);
    m_circuitRate->setSpecialValueText(inherited(percentText(b.restart.circuit.failureRateThreshold)));
    m_circuitMinimum->setSpecialValueText(inherited(QString::number(b.restart.circuit.minimumCalls)));
    m_circuitWindow->setSpecialValueText(inherited(QString::number(b.restart.circuit.windowSize)));
    placeholder(m_circuitOpenFor, b.restart.circuit.openForMs);
    m_circuitHalfOpen->setSpecialValueText(inherited(QString::number(b.restart.circuit.halfOpenCalls)));
    m_errorRateWarning->setSpecialValueText(inherited(percentText(b.errorRateWarning)));
    m_errorRateCritical->setSpecialValueText(inherited(percentText(b.errorRateCritical)));
    m_depth->setItemText(0, inherited(b.depth == ProbeDepth::Basic ? tr("basic") : tr("comprehensive")));
    m_probeMode->setItemText(
        0, m_forDefaults ? tr("No probe") : inherited(b.probe ? b.probe->tool : tr("no probe")));
    QString policy;
    switch (b.restart.policy) {
    case RestartPolicy::OnFailure:
        policy = tr("on failure");
        break;
    case RestartPolicy::Always:
        policy = tr("always");
        break;
    case RestartPolicy::Never:
        policy = tr("never");
        break;
    }
    m_restartPolicy->setItemText(0, inherited(policy));
    QStringList steps;
    for (const int ms : b.restart.backoffMs)
        steps.append(formatDuration(ms));
    m_backoff->setPlaceholderText(m_forDefaults ? tr("%1 (built-in)").arg(steps.join(u", "_s))
                                                : tr("%1 (from defaults)").arg(steps.join(u", "_s)));
}

void MonitorSettingsEditor::updateVisibility()
{
    const bool tool = m_probeMode->currentData().toString() == u"tool";
    for (QWidget *w : {static_cast<QWidget *>(m_probeTool), static_cast<QWidget *>(m_probeArguments),
             static_cast<QWidget *>(m_probeExpect)})
        m_probeForm->setRowVisible(w, tool);
}

QJsonObject MonitorSettingsEditor::settingsObject() const
{
    return m_binding.withTouched(m_rawSettings);
}

MonitorSettings MonitorSettingsEditor::effective() const
{
    QList<ConfigIssue> errors;
    QList<ConfigIssue> warnings;
    return ConfigLoader::parseSettings(settingsObject(), m_base, QString(), errors, warnings, QString());
}

QStringList MonitorSettingsEditor::validate()
{
    m_binding.clearErrors();
    // Messages of our own where the typing mistake is obvious; the loader's rules for the rest.
    for (FieldBinding::Field &f : m_binding.fields()) {
        if (auto *edit = qobject_cast<QLineEdit *>(f.editor); edit && !edit->text().trimmed().isEmpty()) {
            const QStringList parts
                = f.key == u"restart.backoff" ? edit->text().split(u',') : QStringList {edit->text()};
            for (const QString &part : parts) {
                if (!part.trimmed().isEmpty() && !parseDuration(part)) {
                    m_binding.showError(
                        f, tr("“%1” is not a duration; write e.g. 30s, 1m30s or 250ms").arg(part.trimmed()));
                    break;
                }
            }
        }
    }
    if (m_probeMode->currentData().toString() == u"tool") {
        const QString arguments = m_probeArguments->toPlainText().trimmed();
        if (!arguments.isEmpty() && !QJsonDocument::fromJson(arguments.toUtf8()).isObject())
            m_binding.showError(*m_binding.field(u"probe"_s),
                tr("The arguments must be a JSON object, e.g. {\"query\": \"ping\"}"));
        else if (m_probeTool->text().trimmed().isEmpty())
            m_binding.showError(*m_binding.field(u"probe"_s), tr("Name the tool to call"));
    }

    QStringList general;
    QList<ConfigIssue> errors;
    QList<ConfigIssue> warnings;
    ConfigLoader::parseSettings(settingsObject(), m_base, QString(), errors, warnings, QString());
    for (const ConfigIssue &issue : std::as_const(errors)) {
        if (FieldBinding::Field *owner = m_binding.owner(issue.keyPath))
            m_binding.showError(*owner, issue.message);
        else
            general.append(issue.keyPath.isEmpty() ? issue.message : issue.keyPath + u": "_s + issue.message);
    }
    return general;
}

} // namespace lifeline
