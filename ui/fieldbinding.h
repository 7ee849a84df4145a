#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QFormLayout;
class QLabel;
class QWidget;

namespace lifeline {

// Binds editor widgets to the keys of a JSON object, one field per key ("interval",
// "restart.backoff", "command", …). A field whose value is Undefined is not set: its key is left
// out of the file, so the value is inherited (from the defaults, or the built-in values). Fields
// the user did not touch keep the file's value as it was, even when the editor cannot show it
// faithfully (a threshold written as 2.5, a setting only the file knows).
class FieldBinding
{
public:
    struct Field
    {
        QString key;
        QWidget *editor = nullptr;
        QLabel *message = nullptr; // the field's problem, under the editor
        std::function<QJsonValue()> value; // Undefined: not set (inherit)
        QJsonValue initial; // value() as loaded: equal means untouched
        QString styleSelector; // the widgets the red frame of a problem goes on
    };

    // `owner`: the widget the rows' cells are created in.
    explicit FieldBinding(QWidget *owner);

    // A row of `form`: the editor and, under it, its message. `styleSelector`: empty for the
    // editor's own class.
    void addRow(QFormLayout *form, const QString &label, QWidget *editor, const QString &key,
        std::function<QJsonValue()> value, const QString &styleSelector = {});
    void markLoaded(); // what the fields show now is what the file has

    QList<Field> &fields() { return m_fields; }
    const QList<Field> &fields() const { return m_fields; }
    Field *field(const QString &key);
    // The field a loader issue belongs to ("restart.circuit.openFor", "headers.X-Key"), or nullptr.
    Field *owner(const QString &keyPath);
    static bool touched(const Field &f) { return f.value() != f.initial; }
    // `raw` with the value of every touched field at its key path.
    QJsonObject withTouched(QJsonObject raw) const;

    void clearErrors();
    void showError(Field &f, const QString &message); // the first problem of a field stays
    int errorCount() const { return m_errorCount; }
    QStringList errors() const; // "key: message" for each field in error

    // `path` like "restart.circuit.openFor": objects on the way are created, and removed again
    // when the last key in them goes. An Undefined value removes the key.
    static void putPath(QJsonObject &object, QStringView path, const QJsonValue &value);
    static QJsonValue valueAt(const QJsonObject &object, QStringView path);

private:
    QWidget *m_owner;
    QList<Field> m_fields;
    int m_errorCount = 0;
};

} // namespace lifeline
