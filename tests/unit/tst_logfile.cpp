// The JSON-lines log: lines land in order, rotation keeps it within files × maxSize however much
// is written, and `lifeline.log` is validated with the place of each mistake.
#include "config/configloader.h"
#include "health/healthevent.h"
#include "log/logfile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestLogFile : public QObject
{
    Q_OBJECT

private:
    static qint64 folderBytes(const QString &dir, int *count = nullptr)
    {
        qint64 total = 0;
        const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files);
        for (const QFileInfo &f : files)
            total += f.size();
        if (count)
            *count = int(files.size());
        return total;
    }

    static QList<QByteArray> lines(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QList<QByteArray> out = f.readAll().split('\n');
        if (!out.isEmpty() && out.last().isEmpty())
            out.removeLast();
        return out;
    }

    static QJsonObject objectOf(const QByteArray &line) { return QJsonDocument::fromJson(line).object(); }

private Q_SLOTS:
    void defaultDirectoryFollowsXdgStateHome()
    {
        const QByteArray saved = qgetenv("XDG_STATE_HOME");
        qputenv("XDG_STATE_HOME", "/tmp/state-home");
        QCOMPARE(LogFile::defaultDirectory(), u"/tmp/state-home/mcp-lifeline/logs"_s);
        qputenv("XDG_STATE_HOME", "relative/ignored"); // the spec: relative values are invalid
        QCOMPARE(LogFile::defaultDirectory(), QDir::homePath() + u"/.local/state/mcp-lifeline/logs"_s);
        qunsetenv("XDG_STATE_HOME");
        QCOMPARE(LogFile::defaultDirectory(), QDir::homePath() + u"/.local/state/mcp-lifeline/logs"_s);
        if (!saved.isNull())
            qputenv("XDG_STATE_HOME", saved);
    }

    void eventsAreWrittenAsTheHeadlessLines()
    {
        QTemporaryDir dir;
        LogFile log;
        log.setDirectory(dir.path() + u"/nested/logs"_s); // created on first write
        HealthEvent e;
        e.ts = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);
        e.kind = HealthEvent::Kind::State;
        e.server = u"mem"_s;
        e.to = HealthState::Healthy;
        log.writeEvent(e);
        log.appendJson({{"event"_L1, "lifeline"_L1}, {"status"_L1, "started"_L1}});
        log.append("{\"n\":3}"); // a missing newline is added
        log.flush();
        const QList<QByteArray> written = lines(log.filePath());
        QCOMPARE(written.size(), 3);
        QCOMPARE(written.at(0) + '\n', e.toJsonLine());
        QCOMPARE(objectOf(written.at(1)).value("status"_L1).toString(), u"started"_s);
        QCOMPARE(written.at(2), QByteArray("{\"n\":3}"));
    }

    void appendsToAnExistingFile()
    {
        QTemporaryDir dir;
        {
            LogFile log;
            log.setDirectory(dir.path());
            log.append("{\"run\":1}\n");
        } // the destructor writes what waits
        LogFile log;
        log.setDirectory(dir.path());
        log.append("{\"run\":2}\n");
        log.flush();
        QCOMPARE(lines(log.filePath()), (QList<QByteArray> {"{\"run\":1}", "{\"run\":2}"}));
    }

    void rotationBoundsTheTotalSize_data()
    {
        QTest::addColumn<int>("files");
        QTest::addColumn<qint64>("maxBytes");
        QTest::newRow("5 files of 64 KiB") << 5 << qint64(64 * 1024);
        QTest::newRow("1 file of 64 KiB") << 1 << qint64(64 * 1024);
        QTest::newRow("3 files of 100 KiB") << 3 << qint64(100 * 1024);
    }

    void rotationBoundsTheTotalSize()
    {
        QFETCH(int, files);
        QFETCH(qint64, maxBytes);
        QTemporaryDir dir;
        LogFile log;
        log.setDirectory(dir.path());
        log.applySettings({true, maxBytes, files});
        // 4 MiB in lines of 100-odd bytes, numbered, flushed in batches like a busy engine would.
        const int total = 40000;
        for (int i = 0; i < total; ++i) {
            log.append(u"{\"ts\":\"2026-11-21T10:00:00.000Z\",\"event\":\"state\",\"server\":\"s\",\"n\":%1,"
                       "\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"_s.arg(i)
                           .toUtf8());
            if (i % 5000 == 4999)
                log.flush();
        }
        log.flush();
        int count = 0;
        const qint64 bytes = folderBytes(dir.path(), &count);
        QVERIFY2(bytes <= files * maxBytes, qPrintable(u"%1 bytes in %2 files"_s.arg(bytes).arg(count)));
        QCOMPARE(count, files);
        QVERIFY(bytes > (files - 1) * maxBytes * 9 / 10); // it keeps as much as it may, not less
        for (const QFileInfo &f : QDir(dir.path()).entryInfoList(QDir::Files))
            QVERIFY2(f.size() <= maxBytes, qPrintable(f.fileName()));

        // The newest lines are in the live file, the older ones in .1, in order, none lost between.
        const QList<QByteArray> live = lines(log.filePath());
        QVERIFY(!live.isEmpty());
        QCOMPARE(objectOf(live.last()).value("n"_L1).toInt(), total - 1);
        if (files > 1) {
            const QList<QByteArray> older = lines(log.filePath() + u".1"_s);
            QCOMPARE(objectOf(older.last()).value("n"_L1).toInt() + 1,
                objectOf(live.first()).value("n"_L1).toInt());
        }
    }

    void shrinkingTheFileCountRemovesLeftovers()
    {
        QTemporaryDir dir;
        LogFile log;
        log.setDirectory(dir.path());
        log.applySettings({true, 64 * 1024, 6});
        const QByteArray line = QByteArray(1000, 'x').prepend("{\"p\":\"").append("\"}\n");
        for (int i = 0; i < 600; ++i)
            log.append(line);
        log.flush();
        QVERIFY(QFile::exists(log.filePath() + u".5"_s));
        log.applySettings({true, 64 * 1024, 2});
        for (int i = 0; i < 100; ++i)
            log.append(line);
        log.flush();
        int count = 0;
        QVERIFY(folderBytes(dir.path(), &count) <= 2 * 64 * 1024);
        QCOMPARE(count, 2);
    }

    void aLineLargerThanAFileIsReplacedByANote()
    {
        QTemporaryDir dir;
        LogFile log;
        log.setDirectory(dir.path());
        log.applySettings({true, 64 * 1024, 2});
        log.append(QByteArray(100 * 1024, 'y'));
        log.flush();
        const QList<QByteArray> written = lines(log.filePath());
        QCOMPARE(written.size(), 1);
        QCOMPARE(objectOf(written.first()).value("status"_L1).toString(), u"line_too_long"_s);
        QCOMPARE(objectOf(written.first()).value("bytes"_L1).toInteger(), 100 * 1024 + 1);
    }

    void disabledWritesNothing()
    {
        QTemporaryDir dir;
        LogFile log;
        log.setDirectory(dir.path());
        log.applySettings({false, 64 * 1024, 2});
        log.append("{\"a\":1}\n");
        log.flush();
        QVERIFY(!QFile::exists(log.filePath()));
    }

    void anUnwritableFolderIsReportedOnceAndNeverBlocks()
    {
        QTemporaryDir dir;
        QFile blocker(dir.path() + u"/file"_s);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        LogFile log;
        log.setDirectory(dir.path() + u"/file/logs"_s); // a folder under a plain file
        QSignalSpy failed(&log, &LogFile::writeFailed);
        log.append("{\"a\":1}\n");
        log.flush();
        log.append("{\"a\":2}\n");
        log.flush();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY(failed.first().first().toString().contains(u"/file/logs"_s));
    }

    void configKeys()
    {
        const auto r = ConfigLoader::parse(R"({"mcpServers": {}, "lifeline": {"log": {
            "enabled": false, "maxSize": "512KiB", "files": 3}}})",
            u"servers.json"_s);
        QVERIFY(r.ok());
        QCOMPARE(r.config->log, (LogSettings {false, 512 * 1024, 3}));
        const auto d = ConfigLoader::parse(R"({"mcpServers": {}})", u"servers.json"_s);
        QCOMPARE(d.config->log, LogSettings {});
        const auto bytes = ConfigLoader::parse(
            R"({"mcpServers": {}, "lifeline": {"log": {"maxSize": 1048576}}})", u"s.json"_s);
        QCOMPARE(bytes.config->log.maxBytes, 1048576);
        const auto m = ConfigLoader::parse(
            R"({"mcpServers": {}, "lifeline": {"log": {"maxSize": "2M"}}})", u"s.json"_s);
        QCOMPARE(m.config->log.maxBytes, 2 * 1024 * 1024);
    }

    void configErrorsNameThePlace_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not an object") << QByteArray(R"({"mcpServers": {}, "lifeline": {"log": 5}})")
                                       << u"servers.json:1:33: lifeline.log: expected an object"_s;
        QTest::newRow("size too small")
            << QByteArray(R"({"mcpServers": {}, "lifeline": {"log": {"maxSize": "1KiB"}}})")
            << u"lifeline.log.maxSize: \"1KiB\" is out of range"_s;
        QTest::newRow("size not a size")
            << QByteArray(R"({"mcpServers": {}, "lifeline": {"log": {"maxSize": "big"}}})")
            << u"lifeline.log.maxSize: expected a whole number of bytes"_s;
        QTest::newRow("files zero") << QByteArray(R"({"mcpServers": {}, "lifeline": {"log": {"files": 0}}})")
                                    << u"lifeline.log.files: expected a whole number from 1 to 100, got 0"_s;
        QTest::newRow("enabled text")
            << QByteArray(R"({"mcpServers": {}, "lifeline": {"log": {"enabled": "yes"}}})")
            << u"lifeline.log.enabled: expected true or false"_s;
    }

    void configErrorsNameThePlace()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const auto r = ConfigLoader::parse(json, u"servers.json"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors.first().toString().contains(error), qPrintable(r.errors.first().toString()));
    }
};

QTEST_GUILESS_MAIN(TestLogFile)
#include "tst_logfile.moc"
