#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace lifeline {

// Splits a byte stream into newline-delimited lines (stdio transport framing), with a bound:
// a line longer than maxLineBytes is dropped as it streams in (never buffered whole) and reported
// once as oversized, so a server that prints 64 MiB without a newline costs at most the bound.
class LineFramer
{
public:
    explicit LineFramer(qsizetype maxLineBytes = 16 * 1024 * 1024)
        : m_max(maxLineBytes)
    { }

    struct Output
    {
        QList<QByteArray> lines; // complete lines, without the newline (and without a trailing \r)
        int oversizedLines = 0; // lines dropped for being too long, counted when they end or overflow
    };

    Output feed(QByteArrayView chunk); // copied: the caller may reuse its buffer
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    qsizetype maxLineBytes() const { return m_max; }
    void reset();

private:
    qsizetype m_max;
    QByteArray m_buffer;
    bool m_skipping = false; // inside an oversized line: discard until the next newline
};

} // namespace lifeline
