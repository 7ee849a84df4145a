#pragma once

#include "config/configwriter.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace lifeline {

// Everything the settings dialog reads from and writes to disk: the config file and the autostart
// entry. The dialog runs load() and save() on a worker thread, never on the GUI thread, and gets
// back values only. Access is the seam: the real files by default, wrapped by the tests to see on
// which thread each call happens (and to hold a write in flight).
class SettingsFile
{
public:
    struct ReadResult
    {
        bool exists = false;
        QString error; // the file is there but cannot be read
        QByteArray text;
    };

    struct Access
    {
        std::function<ReadResult(const QString &path)> readConfig;
        std::function<ConfigWriter::Result(const QString &path, const QList<ConfigWriter::Edit> &edits)>
            writeConfig;
        std::function<bool()> autostartEnabled;
        std::function<bool(bool enabled, QString *error)> setAutostart;

        static Access system(); // the file itself (ConfigWriter::write) and the user's autostart entry
    };

    // The file as the dialog shows it.
    struct Snapshot
    {
        bool exists = false;
        QString openError; // exists, but could not be read
        std::optional<QJsonObject> document; // as the edits see it; none: cannot be edited
        QString documentError; // why there is no document
        bool loaderOk = false; // ConfigLoader would use the text
        QList<ConfigIssue> loaderErrors; // why not
        bool hasComments = false;
        bool autostartEnabled = false; // load() only
    };

    struct SaveRequest
    {
        QString path;
        QList<ConfigWriter::Edit> edits; // empty: the config file is not touched
        std::optional<bool> autostart; // the entry to write or remove, when it changed
    };

    struct Saved
    {
        bool autostartChanged = false;
        bool autostartFailed = false; // then nothing was written at all
        QString autostartError;
        bool configTouched = false; // there were edits to write
        ConfigWriter::Result result; // the write, when configTouched
        Snapshot snapshot; // the file as written, when the write succeeded
    };

    static Snapshot load(const Access &access, const QString &path);
    static Saved save(const Access &access, const SaveRequest &request);
};

} // namespace lifeline
