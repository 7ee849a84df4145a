#pragma once

#include "configsource.h"

#include <QObject>

class QFileSystemWatcher;
class QTimer;

namespace lifeline {

// Loads the config and follows the file: edits made outside Lifeline are applied live; a broken
// edit is reported and the last good config stays in force. Shared by the window and headless mode.
class ConfigWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigWatcher)
public:
    explicit ConfigWatcher(const ConfigSource &source, QObject *parent = nullptr);

    // The first load, synchronous (at startup, before any window); false when the config cannot be
    // used (errors() says why).
    bool load();
    // Later loads run on a worker thread; configLoaded() or configRejected() follows.
    void reload();
    // Watches another file from now on and loads it (the settings dialog wrote the user's first
    // config while the demo ran).
    void switchTo(const ConfigSource &source);
    // `config` is what the loader read from `text`, which the file at `source` now holds (the
    // settings dialog wrote and checked it): applied at once, and the file's change event that
    // follows finds the same bytes and parses nothing. One parse per change.
    void adopt(const ConfigSource &source, const QByteArray &text, const Config &config);
    const ConfigSource &source() const { return m_source; }
    const Config &config() const { return m_config; }
    const QList<ConfigIssue> &errors() const { return m_errors; }

Q_SIGNALS:
    void configLoaded(const lifeline::Config &config); // after a good (re)load
    void configRejected(const QList<lifeline::ConfigIssue> &errors); // a reload that failed
    void fileUnchanged(); // a reload found the bytes parsed last: nothing parsed, nothing applied

private:
    // A load on a worker: the bytes read, and the loader's result unless they are the bytes
    // parsed last (then `unchanged`: nothing to parse or apply).
    struct Loaded
    {
        ConfigLoader::Result result;
        QByteArray digest;
        bool unchanged = false;
    };
    static Loaded loadIfChanged(const ConfigSource &source, const QByteArray &lastDigest);
    static QByteArray digestOf(const QByteArray &text);
    void follow(const ConfigSource &source); // watch this file from now on
    void watch();
    void apply(const ConfigLoader::Result &result);

    ConfigSource m_source;
    Config m_config;
    QList<ConfigIssue> m_errors;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_debounce = nullptr;
    QByteArray m_digest; // of the text parsed last, good or bad
    bool m_loading = false;
    bool m_reloadAgain = false;
};

} // namespace lifeline
