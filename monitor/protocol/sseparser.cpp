#include "sseparser.h"

namespace lifeline {

SseParser::Output SseParser::feed(const QByteArray &chunk)
{
    Output out;
    QByteArray joined;
    QByteArrayView view(chunk);
    if (m_firstChunk) {
        // A UTF-8 BOM may open the stream (possibly split across chunks); it is not part of a field.
        static constexpr QByteArrayView bom("\xEF\xBB\xBF");
        joined = m_bomProbe + chunk;
        m_bomProbe.clear();
        if (joined.size() < bom.size() && bom.startsWith(QByteArrayView(joined))) {
            m_bomProbe = joined;
            return out;
        }
        m_firstChunk = false;
        view = QByteArrayView(joined);
        if (view.startsWith(bom))
            view = view.sliced(bom.size());
    }
    for (qsizetype i = 0; i < view.size(); ++i) {
        const char c = view[i];
        if (m_sawCr) {
            m_sawCr = false;
            if (c == '\n')
                continue; // CRLF is one line end
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r')
                m_sawCr = true;
            if (m_skippingLine) {
                m_skippingLine = false;
                m_line.clear();
                continue;
            }
            processLine(m_line, out);
            m_line.clear();
            continue;
        }
        if (m_skippingLine)
            continue;
        if (m_line.size() >= m_max) {
            m_skippingLine = true;
            m_line.clear();
            out.oversized = true;
            continue;
        }
        m_line.append(c);
    }
    return out;
}

void SseParser::processLine(QByteArrayView line, Output &out)
{
    if (line.isEmpty()) {
        // Dispatch. An event with no data lines is not dispatched (but its id still counts).
        if (m_hasData) {
            SseEvent ev;
            ev.type = m_eventType.isEmpty() ? QStringLiteral("message") : m_eventType;
            ev.data = m_data;
            ev.id = m_lastEventId;
            out.events.append(ev);
        }
        m_data.clear();
        m_eventType.clear();
        m_hasData = false;
        return;
    }
    if (line.startsWith(':'))
        return; // comment, e.g. keep-alive
    QByteArrayView field = line;
    QByteArrayView value;
    const qsizetype colon = line.indexOf(':');
    if (colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_max) {
            out.oversized = true;
            m_data.clear();
            m_hasData = false;
            return;
        }
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value.data(), value.size());
        m_hasData = true;
    } else if (field == "event") {
        m_eventType = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
    } else if (field == "retry") {
        bool ok = !value.isEmpty();
        for (char ch : value)
            ok = ok && ch >= '0' && ch <= '9';
        if (ok) {
            const qlonglong ms = QByteArray(value.data(), value.size()).toLongLong(&ok);
            if (ok)
                m_retryMs = int(qMin<qlonglong>(ms, 24LL * 3600 * 1000));
        }
    }
}

void SseParser::reset()
{
    m_line.clear();
    m_data.clear();
    m_eventType.clear();
    m_hasData = false;
    m_sawCr = false;
    m_skippingLine = false;
    m_firstChunk = true;
    m_bomProbe.clear();
}

} // namespace lifeline
