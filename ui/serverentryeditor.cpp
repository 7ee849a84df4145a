#include "serverentryeditor.h"

#include "config/configloader.h"
#include "keyvalueeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

const QStringList kStdioKeys {u"command"_s, u"args"_s, u"env"_s, u"cwd"_s};
const QStringList kRemoteKeys {u"url"_s, u"type"_s, u"headers"_s};

// Numbers in args, env and headers are text to the loader too ("PORT": 3000).
QString scalarText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return value.toString();
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

} // namespace

ServerEntryEditor::ServerEntryEditor(const QJsonObject &entry, QWidget *parent)
    : QGroupBox(parent)
    , m_rawEntry(entry)
    , m_binding(this)
{
    m_form = new QFormLayout(this);
    build(m_form);
    load(entry);
    m_binding.markLoaded();
    updateVisibility();
}

void ServerEntryEditor::build(QFormLayout *form)
{
    const auto changed = [this] { Q_EMIT edited(); };
    m_transport = new QComboBox(this);
    m_transport->setObjectName(u"transport"_s);
    m_transport->addItem(tr("Local program (stdio)"), u"stdio"_s);
    m_transport->addItem(tr("Remote URL (HTTP or SSE)"), u"remote"_s);
    m_transport->setAccessibleName(tr("Kind"));
    form->addRow(tr("Kind:"), m_transport);
    connect(m_transport, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        Q_EMIT edited();
    });

    const auto textRow
        = [&](QLineEdit *&edit, const QString &key, const QString &label, const QString &placeholder) {
              edit = new QLineEdit(this);
              edit->setObjectName(key);
              edit->setPlaceholderText(placeholder);
              connect(edit, &QLineEdit::textChanged, this, changed);
              QLineEdit *e = edit;
              m_binding.addRow(form, label, edit, key, [e]() -> QJsonValue {
                  return e->text().isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(e->text());
              });
          };
    const auto pairsRow = [&](KeyValueEditor *&editor, const QString &key, const QString &label,
                              const QString &namePlaceholder, const QString &valuePlaceholder) {
        editor = new KeyValueEditor(namePlaceholder, valuePlaceholder, this);
        editor->setObjectName(key);
        connect(editor, &KeyValueEditor::edited, this, changed);
        KeyValueEditor *e = editor;
        m_binding.addRow(
            form, label, editor, key,
            [e]() -> QJsonValue {
                const QJsonObject o = keyValueObject(e->pairs());
                return o.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(o);
            },
            u"QLineEdit"_s);
    };

    textRow(m_command, u"command"_s, tr("Command:"), tr("e.g. npx"));
    m_args = new QPlainTextEdit(this);
    m_args->setObjectName(u"args"_s);
    m_args->setPlaceholderText(tr("One argument per line"));
    m_args->setMaximumHeight(m_args->fontMetrics().lineSpacing() * 6);
    connect(m_args, &QPlainTextEdit::textChanged, this, changed);
    m_binding.addRow(form, tr("Arguments:"), m_args, u"args"_s, [this]() -> QJsonValue {
        QJsonArray args;
        for (const QString &line : m_args->toPlainText().split(u'\n')) {
            if (!line.isEmpty())
                args.append(line);
        }
        return args.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(args);
    });
    pairsRow(m_env, u"env"_s, tr("Environment:"), tr("NAME"), tr("value or ${VARIABLE}"));
    textRow(m_cwd, u"cwd"_s, tr("Working folder:"), tr("Lifeline's own when empty"));
    textRow(m_url, u"url"_s, tr("URL:"), u"https://example.com/mcp"_s);
    m_type = new QComboBox(this);
    m_type->setObjectName(u"type"_s);
    m_type->addItem(tr("Automatic (Streamable HTTP, then SSE)"), QString());
    m_type->addItem(tr("Streamable HTTP"), u"http"_s);
    m_type->addItem(tr("SSE (legacy)"), u"sse"_s);
    connect(m_type, &QComboBox::currentIndexChanged, this, changed);
    m_binding.addRow(form, tr("Protocol:"), m_type, u"type"_s, [this]() -> QJsonValue {
        const QString data = m_type->currentData().toString();
        return data.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(data);
    });
    pairsRow(m_headers, u"headers"_s, tr("Headers:"), tr("Header-Name"), tr("value or ${VARIABLE}"));
    m_disabled = new QCheckBox(tr("Disabled: not started and not watched"), this);
    m_disabled->setObjectName(u"disabled"_s);
    connect(m_disabled, &QCheckBox::toggled, this, changed);
    m_binding.addRow(form, QString(), m_disabled, u"disabled"_s, [this]() -> QJsonValue {
        return m_disabled->isChecked() ? QJsonValue(true) : QJsonValue(QJsonValue::Undefined);
    });
}

void ServerEntryEditor::load(const QJsonObject &e)
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

bool ServerEntryEditor::isRemote() const
{
    return m_transport->currentData().toString() == u"remote";
}

void ServerEntryEditor::updateVisibility()
{
    const bool remote = isRemote();
    for (const FieldBinding::Field &f : m_binding.fields()) {
        if (kStdioKeys.contains(f.key))
            m_form->setRowVisible(f.editor->parentWidget(), !remote);
        else if (kRemoteKeys.contains(f.key))
            m_form->setRowVisible(f.editor->parentWidget(), remote);
    }
}

QJsonObject ServerEntryEditor::entryObject() const
{
    QJsonObject e = m_rawEntry;
    const bool remote = isRemote();
    const bool switched = remote != m_wasRemote;
    for (const FieldBinding::Field &f : m_binding.fields()) {
        const bool active = kStdioKeys.contains(f.key) ? !remote
            : kRemoteKeys.contains(f.key)              ? remote
                                                       : true;
        if (!active) {
            // Switching a server between local and remote drops what only the other kind uses.
            if (switched)
                e.remove(f.key);
            continue;
        }
        if (switched || FieldBinding::touched(f))
            FieldBinding::putPath(e, f.key, f.value());
    }
    return e;
}

QStringList ServerEntryEditor::validate(const QString &server)
{
    m_binding.clearErrors();
    QStringList general;
    // The entry alone, in a file of its own: the loader's rules for commands, URLs and headers.
    const QJsonObject doc {{u"mcpServers"_s, QJsonObject {{server, entryObject()}}}};
    const auto result = ConfigLoader::parse(QJsonDocument(doc).toJson(), QString());
    const QString prefix = u"mcpServers."_s + server;
    for (const ConfigIssue &issue : result.errors) {
        QString rest = issue.keyPath.startsWith(prefix) ? issue.keyPath.mid(prefix.size()) : issue.keyPath;
        if (rest.startsWith(u'.'))
            rest = rest.mid(1);
        if (rest.isEmpty())
            rest = isRemote() ? u"url"_s : u"command"_s;
        if (FieldBinding::Field *owner = m_binding.owner(rest))
            m_binding.showError(*owner, issue.message);
        else
            general.append(issue.message);
    }
    return general;
}

} // namespace lifeline
