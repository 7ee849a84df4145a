#include "logfile.h"

#include "health/healthevent.h"

#include <QDir>
#include <QJsonDocument>
#include <QMutexLocker>

using namespace Qt::StringLiterals;

namespace lifeline {

static const QString kFileName = u"lifeline.log"_s;

LogFile::LogFile(QObject *parent)
    : QObject(parent)
    , m_directory(defaultDirectory())
{
    m_thread.setObjectName(u"lifeline-log"_s);
    m_context = new QObject; // parentless: it moves to the log thread
    m_context->moveToThread(&m_thread);
    m_thread.start(QThread::LowPriority);
}

LogFile::~LogFile()
{
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            drain();
            m_file.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
}

QString LogFile::defaultDirectory()
{
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    // The XDG spec: a relative path in the variable is invalid and must be ignored.
    if (state.isEmpty() || QDir::isRelativePath(state))
        state = QDir::homePath() + u"/.local/state"_s;
    return state + u"/mcp-lifeline/logs"_s;
}

void LogFile::setDirectory(const QString &directory)
{
    QMutexLocker lock(&m_mutex);
    m_directory = directory;
}

void LogFile::applySettings(const LogSettings &settings)
{
    m_enabled = settings.enabled;
    QMetaObject::invokeMethod(
        m_context, [this, settings] { m_settings = settings; }, Qt::QueuedConnection);
}

QString LogFile::filePath() const
{
    QMutexLocker lock(&m_mutex);
    return m_directory + u'/' + kFileName;
}

void LogFile::append(const QByteArray &line)
{
    if (!m_enabled.load() || line.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    if (m_pending.size() + line.size() > kMaxPendingBytes) {
        ++m_dropped;
        return;
    }
    m_pending.append(line);
    if (!line.endsWith('\n'))
        m_pending.append('\n');
    if (m_drainQueued)
        return; // one wake-up carries every line appended before it runs
    m_drainQueued = true;
    lock.unlock();
    QMetaObject::invokeMethod(
        m_context, [this] { drain(); }, Qt::QueuedConnection);
}

void LogFile::appendJson(const QJsonObject &object)
{
    if (m_enabled.load())
        append(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

void LogFile::writeEvent(const HealthEvent &event)
{
    if (m_enabled.load())
        append(event.toJsonLine());
}

void LogFile::flush()
{
    if (QThread::currentThread() == &m_thread) {
        drain();
        return;
    }
    QMetaObject::invokeMethod(
        m_context, [this] { drain(); }, Qt::BlockingQueuedConnection);
}

void LogFile::drain()
{
    QByteArray chunk;
    qint64 dropped = 0;
    QString directory;
    {
        QMutexLocker lock(&m_mutex);
        chunk.swap(m_pending);
        dropped = std::exchange(m_dropped, 0);
        m_drainQueued = false;
        directory = m_directory;
    }
    if (directory != m_openDirectory) {
        m_file.reset();
        m_openDirectory = directory;
    }
    if (dropped > 0) {
        const QJsonObject note {{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
            {"event"_L1, "log"_L1}, {"status"_L1, "dropped"_L1}, {"lines"_L1, dropped}};
        chunk.prepend(QJsonDocument(note).toJson(QJsonDocument::Compact) + '\n');
    }
    if (chunk.isEmpty())
        return;
    writeChunk(chunk);
}

void LogFile::writeChunk(const QByteArray &chunk)
{
    if (!ensureOpen())
        return;
    qsizetype from = 0;
    while (from < chunk.size()) {
        qsizetype end = chunk.indexOf('\n', from);
        end = end < 0 ? chunk.size() : end + 1;
        QByteArray line = chunk.mid(from, end - from);
        from = end;
        // A single line larger than a whole file would break the bound: it is replaced by a note.
        if (line.size() > m_settings.maxBytes) {
            const QJsonObject note {{"ts"_L1, HealthEvent::formatTimestamp(QDateTime::currentDateTimeUtc())},
                {"event"_L1, "log"_L1}, {"status"_L1, "line_too_long"_L1}, {"bytes"_L1, qint64(line.size())}};
            line = QJsonDocument(note).toJson(QJsonDocument::Compact) + '\n';
        }
        if (m_size > 0 && m_size + line.size() > m_settings.maxBytes) {
            rotate();
            if (!ensureOpen())
                return;
        }
        if (m_file->write(line) != line.size()) {
            fail(u"%1: %2"_s.arg(m_file->fileName(), m_file->errorString()));
            m_file.reset();
            return;
        }
        m_size += line.size();
    }
    if (!m_file->flush()) {
        fail(u"%1: %2"_s.arg(m_file->fileName(), m_file->errorString()));
        m_file.reset();
        return;
    }
    m_failing = false;
}

bool LogFile::ensureOpen()
{
    if (m_file)
        return true;
    if (!QDir().mkpath(m_openDirectory)) {
        fail(u"%1: cannot create the log folder"_s.arg(m_openDirectory));
        return false;
    }
    auto file = std::make_unique<QFile>(m_openDirectory + u'/' + kFileName);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append)) {
        fail(u"%1: %2"_s.arg(file->fileName(), file->errorString()));
        return false;
    }
    m_size = file->size();
    m_file = std::move(file);
    return true;
}

// lifeline.log → .1 → .2 … ; the oldest beyond `files` goes. Leftovers from a larger `files`
// setting go too, so the bound holds right after the setting shrinks.
void LogFile::rotate()
{
    const QString base = m_openDirectory + u'/' + kFileName;
    m_file.reset();
    m_size = 0;
    const int files = qMax(1, m_settings.files);
    for (int i = files - 1; i <= 100; ++i) // 100: the largest `files` the config allows
        QFile::remove(base + u'.' + QString::number(i));
    for (int i = files - 2; i >= 1; --i)
        QFile::rename(base + u'.' + QString::number(i), base + u'.' + QString::number(i + 1));
    if (files > 1)
        QFile::rename(base, base + u".1"_s);
    else
        QFile::remove(base);
}

void LogFile::fail(const QString &message)
{
    if (m_failing)
        return;
    m_failing = true;
    Q_EMIT writeFailed(message);
}

} // namespace lifeline
