#pragma once

#include "config/configloader.h"

namespace lifeline {

// Where the config comes from: --config FILE, else the default location, else the built-in demo.
struct ConfigSource
{
    QString path; // the file read (a ":/" resource for the demo)
    bool isDemo = false;
    bool explicitPath = false;

    static ConfigSource choose(const QString &explicitPath);
    ConfigLoader::Result load() const;
    // The file's bytes, for load-if-changed: an error (no file, unreadable, too big) is not read.
    std::optional<QByteArray> read() const;
    ConfigLoader::Result parse(const QByteArray &text) const; // as load() would, from `text`
    static QProcessEnvironment environment(); // the system's, plus LIFELINE_FIXTURE for the demo
};

} // namespace lifeline
