#pragma once

#include "config/serverconfig.h"

#include <QWidget>

class QLineEdit;
class QToolButton;
class QVBoxLayout;

namespace lifeline {

// Name = value rows (a server's env or headers). Values whose name looks like a secret
// (API_KEY, Authorization, …) are masked until "Show" is pressed, so a screen share or a
// screenshot of the settings does not leak a token.
class KeyValueEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueEditor)
public:
    explicit KeyValueEditor(
        const QString &namePlaceholder, const QString &valuePlaceholder, QWidget *parent = nullptr);

    void setPairs(const KeyValueList &pairs);
    KeyValueList pairs() const; // rows without a name are left out
    void addRow(const QString &name = {}, const QString &value = {});
    int rowCount() const { return int(m_rows.size()); }
    QLineEdit *nameEdit(int row) const { return m_rows.value(row).name; }
    QLineEdit *valueEdit(int row) const { return m_rows.value(row).value; }
    QToolButton *showButton(int row) const { return m_rows.value(row).show; }

Q_SIGNALS:
    void edited(); // a row was typed in, added or removed

private:
    struct Row
    {
        QWidget *widget = nullptr;
        QLineEdit *name = nullptr;
        QLineEdit *value = nullptr;
        QToolButton *show = nullptr;
    };
    void updateMask(const Row &row);
    void removeRow(QWidget *widget);

    QString m_namePlaceholder;
    QString m_valuePlaceholder;
    QList<Row> m_rows;
    QVBoxLayout *m_rowsLayout;
};

} // namespace lifeline
