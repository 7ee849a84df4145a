#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace lifeline {

// Server-Sent Events parser (WHATWG HTML "event stream interpretation"), fed in arbitrary chunks.
struct SseEvent
{
    QString type = QStringLiteral("message"); // the `event:` field, "message" when absent
    QByteArray data; // `data:` lines joined with \n
    QString id; // the last event id in force when this event was dispatched
};

class SseParser
{
public:
    explicit SseParser(qsizetype maxEventBytes = 16 * 1024 * 1024)
        : m_max(maxEventBytes)
    { }

    struct Output
    {
        QList<SseEvent> events;
        bool oversized = false; // an event or line went past the bound and was dropped
    };

    Output feed(const QByteArray &chunk);

    QString lastEventId() const { return m_lastEventId; }
    int retryMs() const { return m_retryMs; } // -1 until the server sent `retry:`
    void reset(); // new connection: keeps lastEventId and retry, as the spec says

private:
    void processLine(QByteArrayView line, Output &out);

    qsizetype m_max;
    QByteArray m_line;
    QByteArray m_bomProbe;
    QByteArray m_data;
    QString m_eventType;
    QString m_lastEventId;
    int m_retryMs = -1;
    bool m_sawCr = false;
    bool m_firstChunk = true;
    bool m_skippingLine = false;
    bool m_hasData = false;
};

} // namespace lifeline
