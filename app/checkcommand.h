#pragma once

#include "commandline.h"

namespace lifeline {

// `mcp-lifeline check …`: runs the checks in an event loop and prints the outcome.
// Returns the exit code: 0 all healthy, 1 any not healthy, 2 could not run.
int runCheckCommand(const CommandLine &commandLine);

} // namespace lifeline
