#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace lifeline {

// Config values as the config loader, the alert rules and the alert channels check and show them,
// shared so that a wrong setting reads the same ("got %1") wherever it is.

// Text safe to put in a one-line message: control characters escaped as \uXXXX.
QString printableText(QStringView text);

// A string as the user wrote it: quoted, cut after 60 characters (with "…"), control characters escaped.
QString quotedValue(const QString &text);

// Any JSON value: a quoted string, the number, true/false, null, "an array", "an object" or "nothing".
QString writtenValue(const QJsonValue &value);

// An HTTP header name: a token of letters, digits and !#$%&'*+-.^_`|~ (RFC 9110).
bool isHttpHeaderName(QStringView name);

} // namespace lifeline
