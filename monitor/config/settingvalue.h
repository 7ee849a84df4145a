#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>
#include <optional>

namespace lifeline {

// Config values as the config loader, the alert rules and the alert channels check and show them,
// shared so that a wrong setting reads the same ("got %1") wherever it is.

// Text safe to put in a one-line message: control characters escaped as \uXXXX.
QString printableText(QStringView text);

// A string as the user wrote it: quoted, cut after 60 characters (with "…"), control characters escaped.
QString quotedValue(const QString &text);

// Any JSON value: a quoted string, the number, true/false, null, "an array", "an object" or "nothing".
QString writtenValue(const QJsonValue &value);

// A whole number from min to max. Otherwise nothing, and `error` says why ("expected a whole number
// from 1 to 100, got 0.5"), for the caller to report at the setting's place.
std::optional<int> wholeNumberInRange(const QJsonValue &value, int min, int max, QString *error);

// A duration (see parseDuration) from minMs to maxMs. Otherwise nothing, and `error` says why:
// parseDuration's reason, or "<value> is too short; the minimum is 10ms", or "<value> is too long;
// the maximum is 1d". zeroIsOff: 0 is accepted too, for settings that 0 turns off.
std::optional<qint64> durationInRange(
    const QJsonValue &value, qint64 minMs, qint64 maxMs, QString *error, bool zeroIsOff = false);

// An HTTP header name: a token of letters, digits and !#$%&'*+-.^_`|~ (RFC 9110).
bool isHttpHeaderName(QStringView name);

} // namespace lifeline
