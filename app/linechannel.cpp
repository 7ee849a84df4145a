#include "linechannel.h"

#include "protocol/jsonrpc.h"

#include <QSocketNotifier>

#include <cerrno>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

// Writes what fits: the bytes written (all of them on a blocking descriptor), -1 when the reader is gone.
qsizetype writeSome(int fd, QByteArrayView bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, size_t(bytes.size() - done));
        if (n > 0)
            done += n;
        else if (n < 0 && errno == EINTR)
            continue;
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        else
            return -1;
    }
    return done;
}

} // namespace

LineChannel::LineChannel(Fds fds, QObject *parent)
    : QObject(parent)
    , m_fds(fds)
{ }

LineChannel::~LineChannel()
{
    if (!m_fds.owned)
        return;
    if (!m_outputBroken && !m_output.isEmpty())
        writeSome(m_fds.out, m_output);
    for (const int fd : {m_fds.in, m_fds.out, m_fds.err})
        ::close(fd);
}

void LineChannel::start()
{
    if (m_reader) { // after stopReading()
        m_reader->setEnabled(!m_inputEnded);
        return;
    }
    m_reader = new QSocketNotifier(m_fds.in, QSocketNotifier::Read, this);
    connect(m_reader, &QSocketNotifier::activated, this, &LineChannel::read);
}

void LineChannel::stopReading()
{
    if (m_reader)
        m_reader->setEnabled(false);
}

void LineChannel::read()
{
    char buffer[65536];
    const ssize_t n = ::read(m_fds.in, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        m_reader->setEnabled(false);
        m_inputEnded = true;
        if (!m_input.trimmed().isEmpty())
            Q_EMIT lineRead(std::exchange(m_input, {}));
        Q_EMIT inputEnded();
        return;
    }
    QByteArrayView data(buffer, n);
    if (m_skipping) { // the rest of an overlong line: dropped up to its end
        const qsizetype end = data.indexOf('\n');
        if (end < 0)
            return;
        data = data.sliced(end + 1);
        m_skipping = false;
    }
    m_input.append(data);
    qsizetype newline;
    while ((newline = m_input.indexOf('\n')) >= 0) {
        const QByteArray line = m_input.left(newline);
        m_input.remove(0, newline + 1);
        if (!line.trimmed().isEmpty())
            Q_EMIT lineRead(line);
    }
    if (m_input.size() > kMaxLineBytes) {
        m_input.clear(); // the rest of that line is dropped with it
        m_skipping = true;
        write(jsonrpc::encode(jsonrpc::makeError(QJsonValue::Null, jsonrpc::kInvalidRequest,
                  u"message over %1 bytes; not sent"_s.arg(kMaxLineBytes)))
            + '\n');
    }
}

void LineChannel::write(QByteArray bytes)
{
    if (m_outputBroken)
        return;
    if (m_output.isEmpty()) {
        const qsizetype n = writeSome(m_fds.out, bytes);
        if (n < 0) {
            m_outputBroken = true;
            return;
        }
        if (n == bytes.size())
            return;
        bytes.remove(0, n);
    }
    if (m_output.size() + bytes.size() > m_maxWaiting) {
        diagnose(u"the client has not read its stdout for %1 MiB: nothing more is written to it"_s.arg(
            (m_output.size() + bytes.size()) >> 20));
        m_outputBroken = true;
        m_output.clear();
        if (m_writer)
            m_writer->setEnabled(false);
        Q_EMIT drained(); // nothing waits any more
        return;
    }
    m_output.append(bytes);
    if (!m_writer) {
        m_writer = new QSocketNotifier(m_fds.out, QSocketNotifier::Write, this);
        connect(m_writer, &QSocketNotifier::activated, this, &LineChannel::flush);
    }
    m_writer->setEnabled(true);
}

void LineChannel::flush()
{
    const qsizetype n = writeSome(m_fds.out, m_output);
    if (n < 0) {
        m_outputBroken = true;
        m_output.clear();
    } else {
        m_output.remove(0, n);
    }
    if (m_output.isEmpty()) {
        m_writer->setEnabled(false);
        Q_EMIT drained();
    }
}

void LineChannel::diagnose(const QString &text)
{
    // Best effort: the client's stderr is a log; a full one is not worth waiting for.
    writeSome(m_fds.err, "mcp-lifeline connect: " + text.toUtf8() + '\n');
}

} // namespace lifeline
