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
    static QProcessEnvironment environment(); // the system's, plus LIFELINE_FIXTURE for the demo
};

} // namespace lifeline
