#include "headlessrunner.h"

#include "health/healthevent.h"
#include "log/logfile.h"

#include <unistd.h>

namespace lifeline {

static void writeAll(int fd, const QByteArray &bytes)
{
    const char *p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n <= 0)
            return; // a closed pipe loses the line, never the process (SIGPIPE is ignored)
        p += n;
        left -= n;
    }
}

HeadlessRunner::HeadlessRunner(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_logStderr(commandLine.logStderr)
    , m_lifeline(commandLine, {Lifeline::Mode::Headless, false})
{
    connect(&m_lifeline, &Lifeline::lineRecorded, this, &HeadlessRunner::write);
    connect(&m_lifeline, &Lifeline::eventOccurred, this,
        [this](const HealthEvent &event) { write(event.toJsonLine()); });
}

HeadlessRunner::~HeadlessRunner()
{
    stop();
}

void HeadlessRunner::write(const QByteArray &line)
{
    writeAll(STDOUT_FILENO, line);
    if (m_logStderr)
        writeAll(STDERR_FILENO, line);
}

int HeadlessRunner::start()
{
    const int code = m_lifeline.start();
    if (code == 0)
        m_lifeline.run();
    return code;
}

void HeadlessRunner::reload()
{
    m_lifeline.reload();
}

void HeadlessRunner::stop()
{
    m_lifeline.stop();
}

} // namespace lifeline
