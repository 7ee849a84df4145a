#include "keyvalueeditor.h"

#include "config/secrets.h"
#include "engine/serversnapshot.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lifeline {

KeyValueEditor::KeyValueEditor(
    const QString &namePlaceholder, const QString &valuePlaceholder, QWidget *parent)
    : QWidget(parent)
    , m_namePlaceholder(namePlaceholder)
    , m_valuePlaceholder(valuePlaceholder)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    auto *add = new QPushButton(tr("Add"), this);
    add->setObjectName(u"add"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow();
        m_rows.constLast().name->setFocus();
        Q_EMIT edited();
    });
    auto *addLine = new QHBoxLayout;
    addLine->addWidget(add);
    addLine->addStretch();
    layout->addLayout(addLine);
}

void KeyValueEditor::setPairs(const KeyValueList &pairs)
{
    while (!m_rows.isEmpty())
        removeRow(m_rows.constLast().widget);
    for (const auto &[name, value] : pairs)
        addRow(name, value);
}

KeyValueList KeyValueEditor::pairs() const
{
    KeyValueList out;
    for (const Row &row : m_rows) {
        if (!row.name->text().trimmed().isEmpty())
            out.append({row.name->text().trimmed(), row.value->text()});
    }
    return out;
}

void KeyValueEditor::addRow(const QString &name, const QString &value)
{
    Row row;
    row.widget = new QWidget(this);
    auto *line = new QHBoxLayout(row.widget);
    line->setContentsMargins(0, 0, 0, 0);
    row.name = new QLineEdit(name, row.widget);
    row.name->setPlaceholderText(m_namePlaceholder);
    row.name->setAccessibleName(tr("Name"));
    row.value = new QLineEdit(value, row.widget);
    row.value->setPlaceholderText(m_valuePlaceholder);
    row.value->setAccessibleName(tr("Value"));
    row.show = new QToolButton(row.widget);
    row.show->setText(tr("Show"));
    row.show->setCheckable(true);
    row.show->setToolTip(tr("Show the value; it is hidden because the name looks like a secret"));
    QSizePolicy keepPlace = row.show->sizePolicy(); // rows stay aligned whether or not a value is masked
    keepPlace.setRetainSizeWhenHidden(true);
    row.show->setSizePolicy(keepPlace);
    auto *remove = new QToolButton(row.widget);
    remove->setText(u"✕"_s);
    remove->setToolTip(tr("Remove this entry"));
    remove->setAccessibleName(tr("Remove"));
    line->addWidget(row.name, 2);
    line->addWidget(row.value, 3);
    line->addWidget(row.show);
    line->addWidget(remove);
    m_rowsLayout->addWidget(row.widget);
    m_rows.append(row);
    updateMask(row);

    connect(row.name, &QLineEdit::textChanged, this, [this, row] {
        updateMask(row);
        Q_EMIT edited();
    });
    connect(row.value, &QLineEdit::textChanged, this, &KeyValueEditor::edited);
    connect(row.show, &QToolButton::toggled, this, [this, row] { updateMask(row); });
    QWidget *widget = row.widget;
    connect(remove, &QToolButton::clicked, this, [this, widget] {
        removeRow(widget);
        Q_EMIT edited();
    });
}

void KeyValueEditor::updateMask(const Row &row)
{
    const bool secret = looksSecret(row.name->text());
    row.show->setVisible(secret);
    if (!secret)
        row.show->setChecked(false);
    row.value->setEchoMode(secret && !row.show->isChecked() ? QLineEdit::Password : QLineEdit::Normal);
}

void KeyValueEditor::removeRow(QWidget *widget)
{
    m_rows.removeIf([widget](const Row &row) { return row.widget == widget; });
    widget->hide();
    widget->deleteLater();
}

} // namespace lifeline
