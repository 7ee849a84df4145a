#pragma once

#include "config/serverconfig.h"
#include "health/failure.h"

#include <QNetworkReply>
#include <QNetworkRequest>

namespace lifeline::http {

// A request to `url` carrying the configured headers (their values are never logged).
QNetworkRequest makeRequest(const QUrl &url, const KeyValueList &headers);
int statusOf(const QNetworkReply *reply);
bool isEventStream(const QNetworkReply *reply);
// Failure for a finished reply that did not succeed; None when it did (2xx).
Failure failureOf(QNetworkReply *reply, bool abortedByUs);
QString describeUrl(const QUrl &url); // scheme://host:port/path, without user info or query

inline constexpr qsizetype kDefaultMaxBody = 16 * 1024 * 1024;

} // namespace lifeline::http
