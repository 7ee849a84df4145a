#pragma once

// HTTP answers read off a raw socket, for the tests that write requests by hand (the status
// server's own HTTP handling is what they test, so no client library stands in between).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace lifeline::test {

struct RawReply
{
    int status = 0; // 0: no whole answer came
    QByteArray head;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

    // Takes one whole answer (Content-Length framed) off the front of `buffer`; false while
    // there is not one yet.
    static bool take(QByteArray &buffer, RawReply *out)
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        RawReply r;
        r.head = buffer.left(end);
        const qint64 length = r.header("content-length").toLongLong();
        if (buffer.size() - end - 4 < length)
            return false;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        const QList<QByteArray> statusLine = r.head.left(r.head.indexOf('\r')).split(' ');
        r.status = statusLine.size() > 1 ? statusLine[1].toInt() : 0;
        *out = r;
        return true;
    }
};

} // namespace lifeline::test
