#pragma once

#include <QString>
#include <QStringList>

namespace lifeline {

// Config values never shown in full: env and header names that look secret, and the values that
// follow them on a command line.
bool looksSecret(const QString &name); // key, token, secret, password, auth, cookie, session …
// Masks values that look like secrets in a command line (--token x, API_KEY=x, Bearer x).
QString maskSecrets(const QString &program, const QStringList &args);

} // namespace lifeline
