#include "settingsform.h"

#include "monitorsettingseditor.h"
#include "serverentryeditor.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lifeline {

SettingsForm::SettingsForm(
    const QString &server, const QJsonObject &settings, const QJsonObject &entry, bool isNew, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_original(server)
    , m_isNew(isNew)
{
    auto *layout = new QVBoxLayout(this);
    if (!isDefaults()) {
        m_entry = new ServerEntryEditor(entry, this);
        setServerTitle();
        layout->addWidget(m_entry);
        connect(m_entry, &ServerEntryEditor::edited, this, [this] {
            validate();
            Q_EMIT edited();
        });
    } else {
        auto *intro = new QLabel(
            tr("These settings apply to every server that does not set its own. Leave a field empty "
               "to use the built-in value."),
            this);
        intro->setWordWrap(true);
        layout->addWidget(intro);
    }
    m_settings = new MonitorSettingsEditor(isDefaults(), settings, this);
    m_settings->setTitle(isDefaults() ? tr("Defaults for all servers") : tr("Monitoring"));
    layout->addWidget(m_settings);
    connect(m_settings, &MonitorSettingsEditor::edited, this, [this] {
        validate();
        Q_EMIT edited();
    });
    m_general = new QLabel(this);
    m_general->setObjectName(u"generalMessage"_s);
    m_general->setWordWrap(true);
    m_general->setStyleSheet(u"QLabel { color: #c0392b; }"_s);
    m_general->hide();
    layout->addWidget(m_general);
    layout->addStretch();
    validate();
}

void SettingsForm::setServerTitle()
{
    // '&' in a name would otherwise turn into a mnemonic.
    m_entry->setTitle(tr("Server %1").arg(QString(m_server).replace(u'&', u"&&"_s)));
}

void SettingsForm::setBase(const MonitorSettings &base)
{
    if (m_settings->setBase(base))
        validate(); // the latency and error-rate pairs are checked against the inherited half
}

MonitorSettings SettingsForm::effective() const
{
    return m_settings->effective();
}

void SettingsForm::validate()
{
    QStringList general = m_settings->validate();
    if (m_entry)
        general += m_entry->validate(m_server);
    m_general->setText(general.join(u'\n'));
    m_general->setVisible(!general.isEmpty());
    m_errorCount = m_settings->errorCount() + (m_entry ? m_entry->errorCount() : 0) + int(general.size());
}

QStringList SettingsForm::errors() const
{
    QStringList out;
    if (m_entry)
        out += m_entry->errors();
    out += m_settings->errors();
    if (!m_general->isHidden())
        out.append(m_general->text());
    return out;
}

void SettingsForm::rename(const QString &name)
{
    if (isDefaults() || name.isEmpty())
        return;
    m_server = name;
    setServerTitle();
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
        out.append(Edit::setServer(m_server, m_entry->entryObject()));
        const QJsonObject settings = m_settings->settingsObject();
        for (auto it = settings.begin(); it != settings.end(); ++it)
            out.append(Edit::setSetting(m_server, it.key(), it.value()));
        return out;
    }
    if (!isDefaults()) {
        const QJsonObject entry = m_entry->entryObject();
        if (m_isNew || entry != m_entry->rawEntry())
            out.append(Edit::setServer(m_server, entry));
    }
    const QJsonObject raw = m_settings->rawSettings();
    const QJsonObject settings = m_settings->settingsObject();
    for (auto it = raw.begin(); it != raw.end(); ++it) {
        if (!settings.contains(it.key()))
            out.append(Edit::removeSetting(m_server, it.key()));
    }
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (raw.value(it.key()) != it.value() || !raw.contains(it.key()))
            out.append(Edit::setSetting(m_server, it.key(), it.value()));
    }
    return out;
}

} // namespace lifeline
