#pragma once

#include "commandline.h"
#include "config/configdiscovery.h"

#include <QByteArray>

namespace lifeline {

// `mcp-lifeline import`: lists the MCP servers found in the user's other tools and, with --all or
// --server, adds them to Lifeline's config. Never asks (CI has no stdin) and never changes the
// files it reads. Exit 0 when done, 1 when nothing (or not everything asked for) was found or
// imported, 2 when it could not run (an unreadable --from FILE or target config, a failed write).
int runImportCommand(const CommandLine &commandLine);

// The same, with the places to look and the output given (tests).
int runImportCommand(const CommandLine &commandLine, const ConfigDiscovery::Locations &locations,
    const QProcessEnvironment &env, QByteArray *out, QByteArray *err);

} // namespace lifeline
