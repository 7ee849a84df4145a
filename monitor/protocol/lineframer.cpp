#include "lineframer.h"

#include <algorithm>

namespace lifeline {

static bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; // as trimmed()
}

LineFramer::Output LineFramer::feed(QByteArrayView chunk)
{
    Output out;
    qsizetype pos = 0;
    const qsizetype n = chunk.size();
    while (pos < n) {
        const qsizetype nl = chunk.indexOf('\n', pos);
        const qsizetype end = nl < 0 ? n : nl;
        if (m_skipping) {
            if (nl < 0)
                return out;
            m_skipping = false;
            pos = nl + 1;
            continue;
        }
        const qsizetype piece = end - pos;
        if (m_buffer.size() + piece > m_max) {
            m_buffer.clear();
            m_buffer.squeeze();
            ++out.oversizedLines;
            if (nl < 0) {
                m_skipping = true;
                return out;
            }
            pos = nl + 1;
            continue;
        }
        m_buffer.append(chunk.constData() + pos, piece);
        if (nl < 0)
            return out;
        if (m_buffer.endsWith('\r'))
            m_buffer.chop(1);
        // A blank line is no message; looked at in place (trimmed() would copy every line).
        if (std::any_of(m_buffer.cbegin(), m_buffer.cend(), [](char c) { return !isSpace(c); }))
            out.lines.append(m_buffer); // shares the bytes: the buffer lets go of them just below
        m_buffer.clear();
        pos = nl + 1;
    }
    return out;
}

void LineFramer::reset()
{
    m_buffer.clear();
    m_skipping = false;
}

} // namespace lifeline
