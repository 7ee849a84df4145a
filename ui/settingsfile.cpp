#include "settingsfile.h"

#include "autostart.h"

#include <QFile>
#include <QFileInfo>

namespace lifeline {
namespace {

constexpr qint64 kMaxFileSize = ConfigLoader::kMaxFileSize;

// `checked`: the loader's verdict on `text` when the writer has it already (it checked what it
// wrote): the text is not parsed a second time.
SettingsFile::Snapshot parse(
    const QString &path, const QByteArray &text, const ConfigWriter::Result *checked = nullptr)
{
    SettingsFile::Snapshot snapshot;
    if (checked) {
        snapshot.document = ConfigWriter::readDocument(text, &snapshot.documentError);
        snapshot.loaderOk = checked->config.has_value();
        snapshot.loaderErrors = checked->errors;
        snapshot.hasComments = ConfigWriter::hasComments(text);
        return snapshot;
    }
    // One reader pass gives both the tree the edits work on and the loader's verdict.
    ConfigLoader::Document read;
    const ConfigLoader::Result loaded = ConfigLoader::parse(
        text, QFileInfo(path).fileName(), QProcessEnvironment::systemEnvironment(), &read);
    snapshot.document = ConfigWriter::editableDocument(read);
    if (!snapshot.document)
        snapshot.documentError = loaded.errors.value(0).message;
    snapshot.loaderOk = loaded.ok();
    snapshot.loaderErrors = loaded.errors;
    snapshot.hasComments = read.hasComments;
    return snapshot;
}

} // namespace

SettingsFile::Access SettingsFile::Access::system()
{
    Access access;
    access.readConfig = [](const QString &path) {
        ReadResult read;
        QFile file(path);
        read.exists = file.exists();
        if (!read.exists)
            return read;
        if (!file.open(QIODevice::ReadOnly))
            read.error = file.errorString();
        else
            read.text = file.read(kMaxFileSize + 1);
        return read;
    };
    access.writeConfig = [](const QString &path, const QList<ConfigWriter::Edit> &edits) {
        return ConfigWriter::write(path, edits);
    };
    access.autostartEnabled = [] { return Autostart().isEnabled(); };
    access.setAutostart = [](bool enabled, QString *error) { return Autostart().setEnabled(enabled, error); };
    return access;
}

SettingsFile::Snapshot SettingsFile::load(const Access &access, const QString &path)
{
    const ReadResult read = access.readConfig(path);
    Snapshot snapshot;
    if (read.exists && !read.error.isEmpty())
        snapshot.openError = read.error;
    else
        snapshot = parse(path, read.text);
    snapshot.exists = read.exists;
    snapshot.autostartEnabled = access.autostartEnabled();
    return snapshot;
}

SettingsFile::Saved SettingsFile::save(const Access &access, const SaveRequest &request)
{
    Saved saved;
    if (request.autostart) {
        if (!access.setAutostart(*request.autostart, &saved.autostartError)) {
            saved.autostartFailed = true;
            return saved;
        }
        saved.autostartChanged = true;
    }
    if (request.edits.isEmpty())
        return saved;
    saved.configTouched = true;
    saved.result = access.writeConfig(request.path, request.edits);
    if (saved.result.ok) {
        // What was written is what the dialog shows next, without reading the file back.
        saved.snapshot = parse(request.path, saved.result.text, &saved.result);
        saved.snapshot.exists = true;
    }
    return saved;
}

} // namespace lifeline
