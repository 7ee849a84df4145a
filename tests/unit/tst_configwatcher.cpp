// The config watcher follows the file the window and headless mode use: edits in place, editors
// that replace the file by rename (again and again), broken edits (the last good config stays),
// and a switch from the demo to a file written later.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "configwatcher.h"
#include "config/configloader.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

constexpr int kTimeoutMs = 10000;

QByteArray configWith(const QStringList &servers)
{
    QByteArray out = "{\"mcpServers\": {";
    for (qsizetype i = 0; i < servers.size(); ++i)
        out += (i ? ", \"" : "\"") + servers[i].toUtf8() + "\": {\"command\": \"true\"}";
    return out + "}}\n";
}

QStringList namesOf(const Config &config)
{
    QStringList out;
    for (const ServerConfig &s : config.servers)
        out.append(s.name);
    out.sort();
    return out;
}

void writeInPlace(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(text), text.size());
}

// What vim, VS Code and QSaveFile do: write a new file and rename it over the old one.
void replaceByRename(const QString &path, const QByteArray &text)
{
    const QString temp = path + u".tmp~"_s;
    writeInPlace(temp, text);
    QVERIFY(::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) == 0);
}

ConfigSource fileSource(const QString &path)
{
    ConfigSource s;
    s.path = path;
    s.explicitPath = true;
    return s;
}

} // namespace

class TestConfigWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editInPlaceIsApplied();
    void replaceByRenameIsAppliedEveryTime();
    void brokenEditKeepsTheLastGoodConfig();
    void deletedAndRecreatedFileIsFollowed();
    void switchFromTheDemoFollowsTheNewFile();
    void adoptedTextIsNotParsedAgain();
    void sameBytesAreNotParsedAgain();
};

void TestConfigWatcher::editInPlaceIsApplied()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeInPlace(path, configWith({u"a"_s}));
    ConfigWatcher watcher(fileSource(path));
    QVERIFY(watcher.load());
    QSignalSpy loaded(&watcher, &ConfigWatcher::configLoaded);
    writeInPlace(path, configWith({u"a"_s, u"b"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), (QStringList {u"a"_s, u"b"_s}), kTimeoutMs);
    QCOMPARE(loaded.size(), 1);
}

void TestConfigWatcher::replaceByRenameIsAppliedEveryTime()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeInPlace(path, configWith({u"a"_s}));
    ConfigWatcher watcher(fileSource(path));
    QVERIFY(watcher.load());
    // After a rename the old inode is gone: the watcher must pick up the new file each time,
    // also for in-place edits of the replacement.
    replaceByRename(path, configWith({u"b"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"b"_s}, kTimeoutMs);
    replaceByRename(path, configWith({u"c"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"c"_s}, kTimeoutMs);
    writeInPlace(path, configWith({u"d"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"d"_s}, kTimeoutMs);
    replaceByRename(path, configWith({u"e"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"e"_s}, kTimeoutMs);
}

void TestConfigWatcher::brokenEditKeepsTheLastGoodConfig()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeInPlace(path, configWith({u"a"_s}));
    ConfigWatcher watcher(fileSource(path));
    QVERIFY(watcher.load());
    QSignalSpy rejected(&watcher, &ConfigWatcher::configRejected);
    QSignalSpy loaded(&watcher, &ConfigWatcher::configLoaded);
    replaceByRename(path, "{\"mcpServers\": {\n  \"b\": {\"command\": }\n}}\n");
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, kTimeoutMs);
    const auto errors = rejected.first().first().value<QList<ConfigIssue>>();
    QCOMPARE(errors.first().line, 2);
    QCOMPARE(namesOf(watcher.config()), QStringList {u"a"_s});
    QCOMPARE(loaded.size(), 0);
    // Mended: the same config as before is news after a rejected edit.
    writeInPlace(path, configWith({u"a"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kTimeoutMs);
    QVERIFY(watcher.errors().isEmpty());
}

void TestConfigWatcher::deletedAndRecreatedFileIsFollowed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeInPlace(path, configWith({u"a"_s}));
    ConfigWatcher watcher(fileSource(path));
    QVERIFY(watcher.load());
    QSignalSpy rejected(&watcher, &ConfigWatcher::configRejected);
    QVERIFY(QFile::remove(path));
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, kTimeoutMs); // gone: said, and the old config runs on
    QCOMPARE(namesOf(watcher.config()), QStringList {u"a"_s});
    writeInPlace(path, configWith({u"f"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"f"_s}, kTimeoutMs);
    writeInPlace(path, configWith({u"g"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"g"_s}, kTimeoutMs);
}

void TestConfigWatcher::switchFromTheDemoFollowsTheNewFile()
{
    QTemporaryDir dir;
    ConfigSource demo;
    demo.path = u":/demo/servers.json"_s;
    demo.isDemo = true;
    ConfigWatcher watcher(demo);
    const QString path = dir.filePath(u"sub/servers.json"_s);
    QVERIFY(QDir().mkpath(dir.filePath(u"sub"_s)));
    writeInPlace(path, configWith({u"imported"_s}));
    watcher.switchTo(fileSource(path));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"imported"_s}, kTimeoutMs);
    replaceByRename(path, configWith({u"imported"_s, u"more"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(
        namesOf(watcher.config()), (QStringList {u"imported"_s, u"more"_s}), kTimeoutMs);
}

QTEST_GUILESS_MAIN(TestConfigWatcher)
#include "tst_configwatcher.moc"

void TestConfigWatcher::adoptedTextIsNotParsedAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeInPlace(path, configWith({u"a"_s}));
    ConfigWatcher watcher(fileSource(path));
    QVERIFY(watcher.load());
    QSignalSpy loaded(&watcher, &ConfigWatcher::configLoaded);
    QSignalSpy unchanged(&watcher, &ConfigWatcher::fileUnchanged);
    // What the settings dialog does: write the file, check it with the loader, hand both over.
    const QByteArray text = configWith({u"a"_s, u"b"_s});
    replaceByRename(path, text);
    const ConfigLoader::Result checked = ConfigLoader::parse(text, path);
    QVERIFY(checked.ok());
    const quint64 before = ConfigLoader::parseCount();
    watcher.adopt(fileSource(path), text, *checked.config);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(namesOf(watcher.config()), (QStringList {u"a"_s, u"b"_s}));
    // The file's change event comes, finds those bytes, and parses nothing.
    QTRY_VERIFY_WITH_TIMEOUT(!unchanged.isEmpty(), kTimeoutMs);
    QCOMPARE(ConfigLoader::parseCount() - before, quint64(0));
    QCOMPARE(loaded.size(), 1);
    // The next real edit is parsed, once.
    replaceByRename(path, configWith({u"c"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(namesOf(watcher.config()), QStringList {u"c"_s}, kTimeoutMs);
    QCOMPARE(ConfigLoader::parseCount() - before, quint64(1));
}

void TestConfigWatcher::sameBytesAreNotParsedAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"servers.json"_s);
    writeInPlace(path, configWith({u"a"_s}));
    ConfigWatcher watcher(fileSource(path));
    QVERIFY(watcher.load());
    QSignalSpy unchanged(&watcher, &ConfigWatcher::fileUnchanged);
    const quint64 before = ConfigLoader::parseCount();
    // Touched, not changed (an editor's save without edits; SIGHUP): read, not parsed, not applied.
    replaceByRename(path, configWith({u"a"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(!unchanged.isEmpty(), kTimeoutMs);
    watcher.reload();
    QTRY_VERIFY_WITH_TIMEOUT(unchanged.size() >= 2, kTimeoutMs);
    QCOMPARE(ConfigLoader::parseCount() - before, quint64(0));
}
