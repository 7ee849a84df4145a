#include "fieldbinding.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

const QString kInvalidStyle = u"%1 { border: 2px solid #c0392b; }"_s;

bool matches(const QString &keyPath, const QString &key)
{
    return keyPath == key || keyPath.startsWith(key + u'.') || keyPath.startsWith(key + u'[');
}

void put(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
}

} // namespace

FieldBinding::FieldBinding(QWidget *owner)
    : m_owner(owner)
{ }

void FieldBinding::addRow(QFormLayout *form, const QString &label, QWidget *editor, const QString &key,
    std::function<QJsonValue()> value, const QString &styleSelector)
{
    auto *cell = new QWidget(m_owner);
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
    f.editor = editor;
    f.message = message;
    f.value = std::move(value);
    f.styleSelector = styleSelector;
    m_fields.append(f);
}

void FieldBinding::markLoaded()
{
    for (Field &f : m_fields)
        f.initial = f.value();
}

FieldBinding::Field *FieldBinding::field(const QString &key)
{
    for (Field &f : m_fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

FieldBinding::Field *FieldBinding::owner(const QString &keyPath)
{
    Field *owner = nullptr;
    for (Field &f : m_fields) {
        if (matches(keyPath, f.key))
            owner = &f;
    }
    return owner;
}

QJsonObject FieldBinding::withTouched(QJsonObject raw) const
{
    for (const Field &f : m_fields) {
        if (touched(f))
            putPath(raw, f.key, f.value());
    }
    return raw;
}

void FieldBinding::clearErrors()
{
    m_errorCount = 0;
    for (Field &f : m_fields) {
        f.message->hide();
        f.message->clear();
        if (!f.editor->styleSheet().isEmpty()) // a restyle per field per keystroke adds up over many pages
            f.editor->setStyleSheet(QString());
        f.editor->setAccessibleDescription(QString());
    }
}

void FieldBinding::showError(Field &f, const QString &message)
{
    if (!f.message->isHidden())
        return; // the first problem of a field is the one to fix first
    f.message->setText(message);
    f.message->show();
    const QString selector = f.styleSelector.isEmpty()
        ? QString::fromLatin1(f.editor->metaObject()->className())
        : f.styleSelector;
    f.editor->setStyleSheet(kInvalidStyle.arg(selector));
    f.editor->setAccessibleDescription(message);
    ++m_errorCount;
}

QStringList FieldBinding::errors() const
{
    QStringList out;
    for (const Field &f : m_fields) {
        if (!f.message->isHidden())
            out.append(f.key + u": "_s + f.message->text());
    }
    return out;
}

void FieldBinding::putPath(QJsonObject &object, QStringView path, const QJsonValue &value)
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

QJsonValue FieldBinding::valueAt(const QJsonObject &object, QStringView path)
{
    const qsizetype dot = path.indexOf(u'.');
    if (dot < 0)
        return object.value(path.toString());
    return valueAt(object.value(path.left(dot).toString()).toObject(), path.mid(dot + 1));
}

} // namespace lifeline
