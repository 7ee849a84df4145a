#pragma once

#include <QString>

namespace lifeline {

// The embedded demo config (a few fixture servers, one flaky), for a first start without a config.
QString demoConfigResource(); // ":/lifeline/demo/servers.json"
// Where the fixture server is: beside the executable (build tree, tarball) or in the package's libexec.
QString findFixtureServer();

} // namespace lifeline
