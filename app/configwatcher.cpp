#include "configwatcher.h"

#include <utility>

#include <QCryptographicHash>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace lifeline {

ConfigWatcher::ConfigWatcher(const ConfigSource &source, QObject *parent)
    : QObject(parent)
    , m_source(source)
{ }

QByteArray ConfigWatcher::digestOf(const QByteArray &text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

ConfigWatcher::Loaded ConfigWatcher::loadIfChanged(const ConfigSource &source, const QByteArray &lastDigest)
{
    Loaded loaded;
    const std::optional<QByteArray> text = source.read();
    if (!text) { // missing, unreadable, too big: the loader names the problem
        loaded.result = source.load();
        return loaded;
    }
    loaded.digest = digestOf(*text);
    loaded.unchanged = loaded.digest == lastDigest;
    if (!loaded.unchanged)
        loaded.result = source.parse(*text);
    return loaded;
}

bool ConfigWatcher::load()
{
    const Loaded loaded = loadIfChanged(m_source, {});
    m_digest = loaded.digest;
    const ConfigLoader::Result &result = loaded.result;
    if (!result.ok()) {
        m_errors = result.errors;
        return false;
    }
    m_errors.clear();
    m_config = *result.config;
    watch();
    return true;
}

void ConfigWatcher::switchTo(const ConfigSource &source)
{
    follow(source);
    m_digest.clear();
    reload();
}

void ConfigWatcher::follow(const ConfigSource &source)
{
    delete m_watcher;
    m_watcher = nullptr;
    delete m_debounce;
    m_debounce = nullptr;
    m_source = source;
    watch();
}

void ConfigWatcher::adopt(const ConfigSource &source, const QByteArray &text, const Config &config)
{
    if (source.path != m_source.path || source.isDemo != m_source.isDemo)
        follow(source);
    m_digest = digestOf(text);
    ConfigLoader::Result result;
    result.config = config;
    apply(result);
}

void ConfigWatcher::watch()
{
    if (m_source.isDemo || m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    // Editors replace files by rename: watch the directory too, and re-add the file each time.
    const QFileInfo fi(m_source.path);
    m_watcher->addPath(fi.absoluteFilePath());
    m_watcher->addPath(fi.absolutePath());
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, &ConfigWatcher::reload);
    auto changed = [this] { m_debounce->start(); };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
}

void ConfigWatcher::reload()
{
    if (m_watcher) {
        const QString file = QFileInfo(m_source.path).absoluteFilePath();
        if (!m_watcher->files().contains(file) && QFileInfo::exists(file))
            m_watcher->addPath(file);
    }
    if (m_loading) {
        m_reloadAgain = true; // an edit during a load: read it once this load is done
        return;
    }
    // Reading and parsing happen on a worker: the owner may be the GUI thread.
    m_loading = true;
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_loading = false;
        const Loaded loaded = watcher->result();
        // Bytes parsed already (a directory event, a second event for one write, a file the
        // settings dialog wrote and handed over with adopt()): nothing new to apply.
        if (loaded.unchanged) {
            Q_EMIT fileUnchanged();
        } else {
            m_digest = loaded.digest;
            apply(loaded.result);
        }
        if (std::exchange(m_reloadAgain, false))
            reload();
    });
    watcher->setFuture(
        QtConcurrent::run([source = m_source, last = m_digest] { return loadIfChanged(source, last); }));
}

void ConfigWatcher::apply(const ConfigLoader::Result &result)
{
    if (!result.ok()) {
        m_errors = result.errors;
        Q_EMIT configRejected(result.errors);
        return;
    }
    // A directory event that changed nothing of ours (another file in ~/.config) is no reload;
    // but a file mended after a rejected edit is news even when it is the old config again.
    const bool same = *result.config == m_config;
    if (same && m_errors.isEmpty())
        return;
    m_errors.clear();
    m_config = *result.config;
    Q_EMIT configLoaded(m_config);
}

} // namespace lifeline
