// The autostart entry: written where XDG autostart looks, valid, running the given program,
// reported as enabled only while it is there and not switched off, and removed again.
#include "autostart.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestAutostart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enableWritesTheEntryAndDisableRemovesIt()
    {
        QTemporaryDir home;
        const Autostart autostart(home.path());
        QCOMPARE(
            autostart.filePath(), home.path() + u"/autostart/io.github.mcp_lifeline.McpLifeline.desktop"_s);
        QVERIFY(!autostart.isEnabled());

        QString error;
        QVERIFY2(autostart.setEnabled(true, &error, u"/usr/bin/mcp-lifeline"_s), qPrintable(error));
        QVERIFY(autostart.isEnabled());
        QFile f(autostart.filePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith("[Desktop Entry]\n"));
        QVERIFY(text.contains("\nExec=/usr/bin/mcp-lifeline\n"));
        QVERIFY(text.contains("\nX-GNOME-Autostart-enabled=true\n"));
        QVERIFY(text.contains("\nIcon=io.github.mcp_lifeline.McpLifeline\n"));

        QVERIFY(autostart.setEnabled(true, &error, u"/opt/other/mcp-lifeline"_s)); // rewrites
        QVERIFY(autostart.isEnabled());
        QVERIFY(autostart.setEnabled(false, &error));
        QVERIFY(!QFile::exists(autostart.filePath()));
        QVERIFY(!autostart.isEnabled());
        QVERIFY(autostart.setEnabled(false, &error)); // nothing to remove is fine
    }

    void theDefaultIsXdgConfigHome()
    {
        QTemporaryDir home;
        qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
        QCOMPARE(
            Autostart().filePath(), home.path() + u"/autostart/io.github.mcp_lifeline.McpLifeline.desktop"_s);
    }

    void anEntrySwitchedOffByTheDesktopIsNotEnabled_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("Hidden") << QByteArray("Hidden=true\n");
        QTest::newRow("GNOME switch") << QByteArray("X-GNOME-Autostart-enabled=false\n");
    }

    void anEntrySwitchedOffByTheDesktopIsNotEnabled()
    {
        QFETCH(QByteArray, line);
        QTemporaryDir home;
        const Autostart autostart(home.path());
        QVERIFY(autostart.setEnabled(true, nullptr, u"/usr/bin/mcp-lifeline"_s));
        QFile f(autostart.filePath());
        QVERIFY(f.open(QIODevice::Append));
        f.write(line);
        f.close();
        QVERIFY(!autostart.isEnabled());
    }

    void aProgramPathWithSpacesIsQuoted()
    {
        const QByteArray text = Autostart::entryText(u"/home/a b/100%/mcp-lifeline"_s);
        QVERIFY2(text.contains("\nExec=\"/home/a b/100%%/mcp-lifeline\"\n"), text.constData());
    }

    void anUnwritableFolderFailsNamingIt()
    {
        QTemporaryDir home;
        QFile blocker(home.path() + u"/autostart"_s); // a file where the folder should be
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString error;
        QVERIFY(!Autostart(home.path()).setEnabled(true, &error, u"/usr/bin/mcp-lifeline"_s));
        QVERIFY2(error.contains(home.path() + u"/autostart"_s), qPrintable(error));
    }

    void theEntryIsAValidDesktopFile()
    {
        const QString validator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is not installed (desktop-file-utils)");
        QTemporaryDir home;
        const Autostart autostart(home.path());
        QVERIFY(autostart.setEnabled(true, nullptr, u"/usr/bin/mcp-lifeline"_s));
        QProcess p;
        p.start(validator, {autostart.filePath()});
        QVERIFY(p.waitForFinished(30000));
        const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0 && !out.contains("error"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
