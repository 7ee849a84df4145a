#pragma once

#include "commandline.h"

#include <QByteArray>

namespace lifeline {

struct Sample;
struct StoredEvent;

// `mcp-lifeline export`: a server's history to stdout. Reads the database beside a running
// Lifeline (SQLite's WAL lets a reader in while it writes); never creates one.
// Exit 0 when written, 2 when there is no such history or server.
int runExportCommand(const CommandLine &commandLine);

// The formats, apart from I/O (tests check them directly).
QByteArray exportCsv(const QList<Sample> &samples);
QByteArray exportJson(const QString &server, const QDateTime &from, const QDateTime &to,
    const QList<Sample> &samples, const QList<StoredEvent> &events);

} // namespace lifeline
