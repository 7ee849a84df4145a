#include "settingsform.h"

#include "config/duration.h"
#include "keyvalueeditor.h"

#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr int kMaxCount = 10000; // the loader's limit for thresholds and attempts
const QString kInvalidStyle = u"%1 { border: 2px solid #c0392b; }"_s;

bool matches(const QString &keyPath, const QString &key)
{
    return keyPath == key || keyPath.startsWith(key + u'.') || keyPath.startsWith(key + u'[');
}

// Numbers in args, env and headers are text to the loader too ("PORT": 3000).
QString scalarText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return value.toString();
}

QString durationText(const QJsonValue &value)
{
    if (value.isDouble() && value.toDouble() >= 0 && value.toDouble() == std::floor(value.toDouble()))
        return formatDuration(qint64(value.toDouble()));
    return scalarText(value);
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

QJsonObject keyValueObject(const KeyValueList &pairs)
{
    QJsonObject out;
    for (const auto &[name, value] : pairs)
        out.insert(name, value);
    return out;
}

KeyValueList keyValuePairs(const QJsonValue &value)
{
    KeyValueList out;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        out.append({it.key(), scalarText(it.value())});
    return out;
}

void put(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
}

// `path` like "restart.circuit.openFor": objects on the way are created, and removed again
// when the last key in them goes.
void putPath(QJsonObject &object, QStringView path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0) {
        put(object, path.toString(), value);
        return;
    }
    const QString head = path.left(dot).toString();
    QJsonObject child = object.value(head).toObject();
    putPath(child, path.mid(dot + 1), value);
    put(object, head, child.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(child));
}

QJsonValue valueAt(const QJsonObject &object, QStringView path)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0)
        return object.value(path.toString());
    return valueAt(object.value(path.left(dot).toString()).toObject(), path.mid(dot + 1));
}

const QStringList kStdioKeys {u"command"_s, u"args"_s, u"env"_s, u"cwd"_s};
const QStringList kRemoteKeys {u"url"_s, u"type"_s, u"headers"_s};

} // namespace

SettingsForm::SettingsForm(
    const QString &server, const QJsonObject &settings, const QJsonObject &entry, bool isNew, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_original(server)
    , m_isNew(isNew)
    , m_rawSettings(settings)
    , m_rawEntry(entry)
{
    auto *layout = new QVBoxLayout(this);
    if (!isDefaults()) {
        // '&' in a name would otherwise turn into a mnemonic.
        m_serverBox = new QGroupBox(tr("Server %1").arg(QString(server).replace(u'&', u"&&"_s)), this);
        m_serverForm = new QFormLayout(m_serverBox);
        buildServer(m_serverForm);
        layout->addWidget(m_serverBox);
    } else {
        auto *intro = new QLabel(
            tr("These settings apply to every server that does not set its own. Leave a field empty "
               "to use the built-in value."),
            this);
        intro->setWordWrap(true);
        layout->addWidget(intro);
    }
    auto *settingsBox = new QGroupBox(isDefaults() ? tr("Defaults for all servers") : tr("Monitoring"), this);
    auto *settingsForm = new QFormLayout(settingsBox);
    buildSettings(settingsForm);
    layout->addWidget(settingsBox);
    m_general = new QLabel(this);
    m_general->setObjectName(u"generalMessage"_s);
    m_general->setWordWrap(true);
    m_general->setStyleSheet(u"QLabel { color: #c0392b; }"_s);
    m_general->hide();
    layout->addWidget(m_general);
    layout->addStretch();

    loadSettings(settings);
    if (!isDefaults())
        loadEntry(entry);
    for (Field &f : m_fields)
        f.initial = f.value();
    updateInherited();
    updateVisibility();
    m_loading = false;
    validate();
}

QLineEdit *SettingsForm::durationEdit(const QString &key)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(key);
    edit->setClearButtonEnabled(true);
    edit->setToolTip(tr("A duration such as 250ms, 30s, 5m, 1h or 1m30s"));
    return edit;
}

QSpinBox *SettingsForm::countSpin(const QString &key)
{
    // 0 is the "inherit" state: the loader accepts 1 and up.
    auto *spin = new QSpinBox(this);
    spin->setObjectName(key);
    spin->setRange(0, kMaxCount);
    return spin;
}

QDoubleSpinBox *SettingsForm::percentSpin(const QString &key)
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

void SettingsForm::addRow(QFormLayout *form, const QString &label, QWidget *editor, const QString &key,
    std::function<QJsonValue()> value, bool entry)
{
    auto *cell = new QWidget(this);
    auto *box = new QVBoxLayout(cell);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    box->addWidget(editor);
    auto *message = new QLabel(cell);
    message->setObjectName(key + u"Message"_s);
    message->setWordWrap(true);
    message->setStyleSheet(u"QLabel { color: #c0392b; }"_s);
    message->hide();
    box->addWidget(message);
    form->addRow(label, cell);
    if (editor->accessibleName().isEmpty() && !label.isEmpty())
        editor->setAccessibleName(QString(label).remove(u'&').remove(u':'));

    Field f;
    f.key = key;
    f.entry = entry;
    f.editor = editor;
    f.message = message;
    f.value = std::move(value);
    m_fields.append(f);
}

void SettingsForm::buildSettings(QFormLayout *form)
{
    const auto changed = [this] {
        if (m_loading)
            return;
        validate();
        Q_EMIT edited();
    };
    const auto durationRow = [&](QLineEdit *&edit, const QString &key, const QString &label) {
        edit = durationEdit(key);
        connect(edit, &QLineEdit::textChanged, this, changed);
        QLineEdit *e = edit;
        addRow(form, label, edit, key, [e]() -> QJsonValue {
            return e->text().trimmed().isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                 : durationValue(e->text());
        });
    };
    const auto countRow = [&](QSpinBox *&spin, const QString &key, const QString &label) {
        spin = countSpin(key);
        connect(spin, &QSpinBox::valueChanged, this, changed);
        QSpinBox *s = spin;
        addRow(form, label, spin, key, [s]() -> QJsonValue {
            return s->value() == 0 ? QJsonValue(QJsonValue::Undefined) : QJsonValue(s->value());
        });
    };
    const auto percentRow = [&](QDoubleSpinBox *&spin, const QString &key, const QString &label) {
        spin = percentSpin(key);
        connect(spin, &QDoubleSpinBox::valueChanged, this, changed);
        QDoubleSpinBox *s = spin;
        addRow(form, label, spin, key, [s]() -> QJsonValue {
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
        addRow(form, label, combo, key, [c]() -> QJsonValue {
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
    if (!isDefaults())
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
    connect(m_probeMode, &QComboBox::currentIndexChanged, this, [this, changed] {
        updateVisibility();
        changed();
    });
    connect(m_probeTool, &QLineEdit::textChanged, this, changed);
    connect(m_probeArguments, &QPlainTextEdit::textChanged, this, changed);
    connect(m_probeExpect, &QLineEdit::textChanged, this, changed);
    m_probeMode->setAccessibleName(tr("Probe"));
    addRow(form, tr("Probe:"), probeBox, u"probe"_s, [this]() -> QJsonValue {
        const QString mode = m_probeMode->currentData().toString();
        if (mode.isEmpty())
            return QJsonValue::Undefined;
        if (mode == u"none")
            return QJsonValue::Null;
        QJsonObject probe = m_rawSettings.value(u"probe"_s).toObject(); // keys the form does not show stay
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
    });

    comboRow(m_restartPolicy, u"restart.policy"_s, tr("Restart:"),
        {{QString(), QString()}, {tr("On failure"), u"on-failure"_s},
            {tr("Always, also after a clean exit"), u"always"_s}, {tr("Never"), u"never"_s}});
    m_backoff = durationEdit(u"restart.backoff"_s);
    m_backoff->setToolTip(
        tr("Delays before restart attempt 1, 2, 3 …, separated by commas; the last one repeats"));
    connect(m_backoff, &QLineEdit::textChanged, this, changed);
    addRow(form, tr("Wait before restarts:"), m_backoff, u"restart.backoff"_s, [this]() -> QJsonValue {
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
    addRow(form, tr("Randomize waits:"), m_jitter, u"restart.jitter"_s, [this]() -> QJsonValue {
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

void SettingsForm::buildServer(QFormLayout *form)
{
    const auto changed = [this] {
        if (m_loading)
            return;
        validate();
        Q_EMIT edited();
    };
    m_transport = new QComboBox(this);
    m_transport->setObjectName(u"transport"_s);
    m_transport->addItem(tr("Local program (stdio)"), u"stdio"_s);
    m_transport->addItem(tr("Remote URL (HTTP or SSE)"), u"remote"_s);
    m_transport->setAccessibleName(tr("Kind"));
    form->addRow(tr("Kind:"), m_transport);
    connect(m_transport, &QComboBox::currentIndexChanged, this, [this, changed] {
        updateVisibility();
        changed();
    });

    const auto textRow
        = [&](QLineEdit *&edit, const QString &key, const QString &label, const QString &placeholder) {
              edit = new QLineEdit(this);
              edit->setObjectName(key);
              edit->setPlaceholderText(placeholder);
              connect(edit, &QLineEdit::textChanged, this, changed);
              QLineEdit *e = edit;
              addRow(
                  form, label, edit, key,
                  [e]() -> QJsonValue {
                      return e->text().isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(e->text());
                  },
                  true);
          };
    const auto pairsRow = [&](KeyValueEditor *&editor, const QString &key, const QString &label,
                              const QString &namePlaceholder, const QString &valuePlaceholder) {
        editor = new KeyValueEditor(namePlaceholder, valuePlaceholder, this);
        editor->setObjectName(key);
        connect(editor, &KeyValueEditor::edited, this, changed);
        KeyValueEditor *e = editor;
        addRow(
            form, label, editor, key,
            [e]() -> QJsonValue {
                const QJsonObject o = keyValueObject(e->pairs());
                return o.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(o);
            },
            true);
    };

    textRow(m_command, u"command"_s, tr("Command:"), tr("e.g. npx"));
    m_args = new QPlainTextEdit(this);
    m_args->setObjectName(u"args"_s);
    m_args->setPlaceholderText(tr("One argument per line"));
    m_args->setMaximumHeight(m_args->fontMetrics().lineSpacing() * 6);
    connect(m_args, &QPlainTextEdit::textChanged, this, changed);
    addRow(
        form, tr("Arguments:"), m_args, u"args"_s,
        [this]() -> QJsonValue {
            QJsonArray args;
            for (const QString &line : m_args->toPlainText().split(u'\n')) {
                if (!line.isEmpty())
                    args.append(line);
            }
            return args.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(args);
        },
        true);
    pairsRow(m_env, u"env"_s, tr("Environment:"), tr("NAME"), tr("value or ${VARIABLE}"));
    textRow(m_cwd, u"cwd"_s, tr("Working folder:"), tr("Lifeline's own when empty"));
    textRow(m_url, u"url"_s, tr("URL:"), u"https://example.com/mcp"_s);
    m_type = new QComboBox(this);
    m_type->setObjectName(u"type"_s);
    m_type->addItem(tr("Automatic (Streamable HTTP, then SSE)"), QString());
    m_type->addItem(tr("Streamable HTTP"), u"http"_s);
    m_type->addItem(tr("SSE (legacy)"), u"sse"_s);
    connect(m_type, &QComboBox::currentIndexChanged, this, changed);
    addRow(
        form, tr("Protocol:"), m_type, u"type"_s,
        [this]() -> QJsonValue {
            const QString data = m_type->currentData().toString();
            return data.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(data);
        },
        true);
    pairsRow(m_headers, u"headers"_s, tr("Headers:"), tr("Header-Name"), tr("value or ${VARIABLE}"));
    m_disabled = new QCheckBox(tr("Disabled: not started and not watched"), this);
    m_disabled->setObjectName(u"disabled"_s);
    connect(m_disabled, &QCheckBox::toggled, this, changed);
    addRow(
        form, QString(), m_disabled, u"disabled"_s,
        [this]() -> QJsonValue {
            return m_disabled->isChecked() ? QJsonValue(true) : QJsonValue(QJsonValue::Undefined);
        },
        true);
}

void SettingsForm::loadSettings(const QJsonObject &s)
{
    const auto loadDuration = [&](QLineEdit *edit, const QString &key) {
        if (const QJsonValue v = valueAt(s, key); !v.isUndefined())
            edit->setText(durationText(v));
    };
    const auto loadCount = [](QSpinBox *spin, const QJsonValue &v) {
        const double d = v.toDouble(-1);
        if (v.isDouble() && d == std::floor(d) && d >= 1 && d <= kMaxCount)
            spin->setValue(int(d));
    };
    const auto loadRate = [&](QDoubleSpinBox *spin, const QString &key) {
        const QJsonValue v = valueAt(s, key);
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
    if (probe.isNull() && !isDefaults()) {
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

void SettingsForm::loadEntry(const QJsonObject &e)
{
    m_wasRemote = e.contains(u"url"_s) && !e.contains(u"command"_s);
    m_transport->setCurrentIndex(m_wasRemote ? 1 : 0);
    m_command->setText(e.value(u"command"_s).toString());
    QStringList args;
    for (const QJsonValue &arg : e.value(u"args"_s).toArray())
        args.append(scalarText(arg));
    m_args->setPlainText(args.join(u'\n'));
    m_env->setPairs(keyValuePairs(e.value(u"env"_s)));
    m_cwd->setText(e.value(u"cwd"_s).toString());
    m_url->setText(e.value(u"url"_s).toString());
    const QString type = e.value(u"type"_s).toString().toLower();
    if (type == u"http" || type == u"streamable-http" || type == u"streamablehttp")
        m_type->setCurrentIndex(1);
    else if (type == u"sse")
        m_type->setCurrentIndex(2);
    m_headers->setPairs(keyValuePairs(e.value(u"headers"_s)));
    m_disabled->setChecked(e.value(u"disabled"_s).toBool());
}

void SettingsForm::setBase(const MonitorSettings &base)
{
    if (base == m_base)
        return;
    m_base = base;
    updateInherited();
    validate(); // the latency and error-rate pairs are checked against the inherited half
}

void SettingsForm::updateInherited()
{
    const MonitorSettings &b = m_base;
    const auto inherited = [this](const QString &value) {
        return isDefaults() ? tr("Default: %1").arg(value) : tr("Inherit: %1").arg(value);
    };
    const auto placeholder = [&](QLineEdit *edit, int ms) {
        edit->setPlaceholderText(isDefaults() ? tr("%1 (built-in)").arg(formatDuration(ms))
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
        0, isDefaults() ? tr("No probe") : inherited(b.probe ? b.probe->tool : tr("no probe")));
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
    m_backoff->setPlaceholderText(isDefaults() ? tr("%1 (built-in)").arg(steps.join(u", "_s))
                                               : tr("%1 (from defaults)").arg(steps.join(u", "_s)));
}

void SettingsForm::updateVisibility()
{
    const bool tool = m_probeMode->currentData().toString() == u"tool";
    for (QWidget *w : {static_cast<QWidget *>(m_probeTool), static_cast<QWidget *>(m_probeArguments),
             static_cast<QWidget *>(m_probeExpect)})
        m_probeForm->setRowVisible(w, tool);
    if (!m_serverForm)
        return;
    const bool remote = m_transport->currentData().toString() == u"remote";
    for (const Field &f : std::as_const(m_fields)) {
        if (kStdioKeys.contains(f.key))
            m_serverForm->setRowVisible(f.editor->parentWidget(), !remote);
        else if (kRemoteKeys.contains(f.key))
            m_serverForm->setRowVisible(f.editor->parentWidget(), remote);
    }
}

SettingsForm::Field *SettingsForm::field(const QString &key)
{
    for (Field &f : m_fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

const SettingsForm::Field *SettingsForm::field(const QString &key) const
{
    return const_cast<SettingsForm *>(this)->field(key);
}

QJsonObject SettingsForm::settingsObject() const
{
    QJsonObject o = m_rawSettings;
    for (const Field &f : m_fields) {
        if (!f.entry && touched(f))
            putPath(o, f.key, f.value());
    }
    return o;
}

QJsonObject SettingsForm::entryObject() const
{
    QJsonObject e = m_rawEntry;
    if (isDefaults())
        return e;
    const bool remote = m_transport->currentData().toString() == u"remote";
    const bool switched = remote != m_wasRemote;
    for (const Field &f : m_fields) {
        if (!f.entry)
            continue;
        const bool active = kStdioKeys.contains(f.key) ? !remote
            : kRemoteKeys.contains(f.key)              ? remote
                                                       : true;
        if (!active) {
            // Switching a server between local and remote drops what only the other kind uses.
            if (switched)
                e.remove(f.key);
            continue;
        }
        if (switched || touched(f))
            put(e, f.key, f.value());
    }
    return e;
}

void SettingsForm::showError(Field &f, const QString &message)
{
    if (!f.message->isHidden())
        return; // the first problem of a field is the one to fix first
    f.message->setText(message);
    f.message->show();
    const QString selector = qobject_cast<KeyValueEditor *>(f.editor) ? u"QLineEdit"_s
        : f.key == u"probe" ? u"QComboBox, QLineEdit, QPlainTextEdit"_s
                            : QString::fromLatin1(f.editor->metaObject()->className());
    f.editor->setStyleSheet(kInvalidStyle.arg(selector));
    f.editor->setAccessibleDescription(message);
    ++m_errorCount;
}

void SettingsForm::validate()
{
    m_errorCount = 0;
    for (Field &f : m_fields) {
        f.message->hide();
        f.message->clear();
        if (!f.editor->styleSheet().isEmpty()) // a restyle per field per keystroke adds up over many pages
            f.editor->setStyleSheet(QString());
        f.editor->setAccessibleDescription(QString());
    }
    QStringList general;

    // Messages of our own where the typing mistake is obvious; the loader's rules for the rest.
    for (Field &f : m_fields) {
        if (auto *edit = qobject_cast<QLineEdit *>(f.editor);
            edit && !f.entry && !edit->text().trimmed().isEmpty()) {
            const QStringList parts
                = f.key == u"restart.backoff" ? edit->text().split(u',') : QStringList {edit->text()};
            for (const QString &part : parts) {
                if (!part.trimmed().isEmpty() && !parseDuration(part)) {
                    showError(
                        f, tr("“%1” is not a duration; write e.g. 30s, 1m30s or 250ms").arg(part.trimmed()));
                    break;
                }
            }
        }
    }
    if (m_probeMode->currentData().toString() == u"tool") {
        const QString arguments = m_probeArguments->toPlainText().trimmed();
        if (!arguments.isEmpty() && !QJsonDocument::fromJson(arguments.toUtf8()).isObject())
            showError(
                *field(u"probe"_s), tr("The arguments must be a JSON object, e.g. {\"query\": \"ping\"}"));
        else if (m_probeTool->text().trimmed().isEmpty())
            showError(*field(u"probe"_s), tr("Name the tool to call"));
    }

    QList<ConfigIssue> errors;
    QList<ConfigIssue> warnings;
    ConfigLoader::parseSettings(settingsObject(), m_base, QString(), errors, warnings, QString());
    for (const ConfigIssue &issue : std::as_const(errors)) {
        Field *owner = nullptr;
        for (Field &f : m_fields) {
            if (!f.entry && matches(issue.keyPath, f.key))
                owner = &f;
        }
        if (owner)
            showError(*owner, issue.message);
        else
            general.append(issue.keyPath.isEmpty() ? issue.message : issue.keyPath + u": "_s + issue.message);
    }

    if (!isDefaults()) {
        // The entry alone, in a file of its own: the loader's rules for commands, URLs and headers.
        const QJsonObject doc {{u"mcpServers"_s, QJsonObject {{m_server, entryObject()}}}};
        const auto result = ConfigLoader::parse(QJsonDocument(doc).toJson(), QString());
        const QString prefix = u"mcpServers."_s + m_server;
        const bool remote = m_transport->currentData().toString() == u"remote";
        for (const ConfigIssue &issue : result.errors) {
            QString rest
                = issue.keyPath.startsWith(prefix) ? issue.keyPath.mid(prefix.size()) : issue.keyPath;
            if (rest.startsWith(u'.'))
                rest = rest.mid(1);
            if (rest.isEmpty())
                rest = remote ? u"url"_s : u"command"_s;
            Field *owner = nullptr;
            for (Field &f : m_fields) {
                if (f.entry && matches(rest, f.key))
                    owner = &f;
            }
            if (owner)
                showError(*owner, issue.message);
            else
                general.append(issue.message);
        }
    }

    m_general->setText(general.join(u'\n'));
    m_general->setVisible(!general.isEmpty());
    m_errorCount += int(general.size());
}

QStringList SettingsForm::errors() const
{
    QStringList out;
    for (const Field &f : m_fields) {
        if (!f.message->isHidden())
            out.append(f.key + u": "_s + f.message->text());
    }
    if (!m_general->isHidden())
        out.append(m_general->text());
    return out;
}

MonitorSettings SettingsForm::effective() const
{
    QList<ConfigIssue> errors;
    QList<ConfigIssue> warnings;
    return ConfigLoader::parseSettings(settingsObject(), m_base, QString(), errors, warnings, QString());
}

void SettingsForm::rename(const QString &name)
{
    if (isDefaults() || name.isEmpty())
        return;
    m_server = name;
    if (m_serverBox)
        m_serverBox->setTitle(tr("Server %1").arg(QString(name).replace(u'&', u"&&"_s)));
    validate();
    Q_EMIT edited();
}

QList<ConfigWriter::Edit> SettingsForm::edits() const
{
    using Edit = ConfigWriter::Edit;
    QList<Edit> out;
    if (!isDefaults() && !m_isNew && m_server != m_original) {
        // Renamed: the entry and every setting move to the new name (the old ones go with the
        // removal), in the order the file had them.
        out.append(Edit::removeServer(m_original));
        out.append(Edit::setServer(m_server, entryObject()));
        const QJsonObject settings = settingsObject();
        for (auto it = settings.begin(); it != settings.end(); ++it)
            out.append(Edit::setSetting(m_server, it.key(), it.value()));
        return out;
    }
    if (!isDefaults()) {
        const QJsonObject entry = entryObject();
        if (m_isNew || entry != m_rawEntry)
            out.append(Edit::setServer(m_server, entry));
    }
    const QJsonObject settings = settingsObject();
    for (auto it = m_rawSettings.begin(); it != m_rawSettings.end(); ++it) {
        if (!settings.contains(it.key()))
            out.append(Edit::removeSetting(m_server, it.key()));
    }
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (m_rawSettings.value(it.key()) != it.value() || !m_rawSettings.contains(it.key()))
            out.append(Edit::setSetting(m_server, it.key(), it.value()));
    }
    return out;
}

} // namespace lifeline
