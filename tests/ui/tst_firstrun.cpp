// The first run, end to end: no Lifeline config, a server in Claude Desktop's config. The window
// comes up on the demo, the import dialog offers the server, Import writes the config and the
// window watches the imported server instead of the demo.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "commandline.h"
#include "config/configloader.h"
#include "dashboard.h"
#include "engine/monitorengine.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "servertablemodel.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

ImportDialog *importDialog()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *d = qobject_cast<ImportDialog *>(w); d && d->isVisible())
            return d;
    }
    return nullptr;
}

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importOnFirstRunReplacesTheDemo();

private:
    QTemporaryDir m_home;
};

void TestFirstRun::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Before anything reads them: the window's config location and the tools' files live here.
    qputenv("HOME", QFile::encodeName(m_home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.path() + u"/.config"_s));
    const QString claude = m_home.path() + u"/.config/Claude/claude_desktop_config.json"_s;
    QVERIFY(QDir().mkpath(QFileInfo(claude).absolutePath()));
    QFile f(claude);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"mcpServers": {"from-claude": {"command": ")" LIFELINE_FIXTURE_PATH R"("}}})");
}

void TestFirstRun::importOnFirstRunReplacesTheDemo()
{
    const QString target = ConfigLoader::defaultConfigPath();
    QVERIFY2(target.startsWith(m_home.path()), qPrintable(target));
    QVERIFY(!QFileInfo::exists(target));
    Dashboard dashboard(CommandLine::parse({u"mcp-lifeline"_s}));
    QCOMPARE(dashboard.start(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.model()->rowOf(u"demo-steady"_s) >= 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(importDialog(), 10000);
    ImportDialog *dialog = importDialog();
    QCOMPARE(dialog->targetPath(), target);
    QCOMPARE(dialog->checkedServers(), QStringList {u"from-claude"_s});
    QPushButton *import = nullptr;
    for (QPushButton *b : dialog->findChildren<QPushButton *>()) {
        if (b->text().remove(u'&') == "Import"_L1)
            import = b;
    }
    QVERIFY(import);
    QTest::mouseClick(import, Qt::LeftButton);
    QVERIFY(QFileInfo::exists(target));
    // The engine follows the new file: the demo goes, the imported server comes.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.model()->rowOf(u"from-claude"_s) >= 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard.model()->rowOf(u"demo-steady"_s), -1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard.model()->rowCount(), 1, 10000);
    dashboard.stop();
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"tst_firstrun"_s);
    lifeline::registerMetaTypes();
    TestFirstRun test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_firstrun.moc"
