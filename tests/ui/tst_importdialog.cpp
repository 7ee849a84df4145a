// The import dialog: shows the servers found, grouped by where they were found, with what cannot
// be imported greyed out; checking two and pressing Import writes exactly those two.
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include "../unit/fakehome.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "servertablemodel.h"

using namespace Qt::StringLiterals;
using namespace lifeline;
using lifeline::test::FakeHome;

namespace {

QPushButton *button(ImportDialog &dialog, const QString &text)
{
    for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
        if (b->text().remove(u'&') == text)
            return b;
    }
    return nullptr;
}

QTreeWidgetItem *item(ImportDialog &dialog, const QString &name)
{
    const auto found = dialog.serverList()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? nullptr : found.first();
}

QStringList configServers(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(u"mcpServers"_s).toObject().keys();
}

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsFoundServersGroupedBySource();
    void checkingTwoAndImportWritesExactlyThose();
    void selectAllNoneAndKeyboard();
    void serversTheConfigHasAreGreyedOut();
    void firstRunOffersTheDemo();
    void discoversOnAWorker();
    void aToolsConfigIsNeverTheTarget();
    void fileMenuAsksForTheImport();
};

void TestImportDialog::showsFoundServersGroupedBySource()
{
    FakeHome home;
    home.writeAll();
    ImportDialog dialog(home.path(u"lifeline/servers.json"_s), ImportDialog::Mode::Menu);
    dialog.setScan(ConfigImport::scan(home.locations(), dialog.targetPath()));
    QTreeWidget *list = dialog.serverList();
    QStringList groups;
    for (int g = 0; g < list->topLevelItemCount(); ++g)
        groups.append(list->topLevelItem(g)->text(0).section(u" — "_s, 0, 0));
    QCOMPARE(groups,
        (QStringList {u"Claude Desktop"_s, u"Claude Code (user)"_s, u"Claude Code (project /work/shop)"_s,
            u"Claude Code (project "_s + home.project() + u')', u"Cursor"_s,
            u"VS Code (workspace "_s + home.project() + u')', u"VS Code (user settings)"_s}));
    QTreeWidgetItem *memory = item(dialog, u"memory"_s);
    QVERIFY(memory);
    QCOMPARE(memory->text(int(ImportDialog::Column::Transport)), u"stdio"_s);
    QCOMPARE(
        memory->text(int(ImportDialog::Column::Target)), u"npx -y @modelcontextprotocol/server-memory"_s);
    QVERIFY(memory->text(int(ImportDialog::Column::Note)).contains(u"Cursor"_s)); // also found there
    QVERIFY(item(dialog, u"git (cursor)"_s)->text(int(ImportDialog::Column::Note)).contains(u"git"_s));
    QTreeWidgetItem *broken = item(dialog, u"broken"_s);
    QVERIFY(!(broken->flags() & Qt::ItemIsEnabled));
    QVERIFY(broken->text(int(ImportDialog::Column::Note)).contains(u"command"_s));
    // Secrets: masked or absent in every cell.
    for (QTreeWidgetItemIterator it(list); *it; ++it) {
        for (int c = 0; c < list->columnCount(); ++c) {
            for (const QString &secret : lifeline::test::kSecrets)
                QVERIFY(!(*it)->text(c).contains(secret));
        }
    }
    // Everything usable starts checked; the broken mcp-hub file is named.
    QCOMPARE(dialog.checkedServers().size(), 9);
    const auto labels = dialog.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [&](QLabel *l) {
        return l->isVisibleTo(&dialog) && l->text().contains(home.path(u".config/mcphub/servers.json:4"_s));
    }));
}

void TestImportDialog::checkingTwoAndImportWritesExactlyThose()
{
    FakeHome home;
    home.writeAll();
    const QString target = home.path(u"lifeline/servers.json"_s);
    ImportDialog dialog(target, ImportDialog::Mode::Menu);
    dialog.setScan(ConfigImport::scan(home.locations(), target));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QPushButton *none = button(dialog, u"Select none"_s);
    QPushButton *import = button(dialog, u"Import"_s);
    QVERIFY(none && import);
    QTest::mouseClick(none, Qt::LeftButton);
    QVERIFY(dialog.checkedServers().isEmpty());
    QVERIFY(!import->isEnabled());
    item(dialog, u"time"_s)->setCheckState(0, Qt::Checked);
    item(dialog, u"git (cursor)"_s)->setCheckState(0, Qt::Checked);
    QVERIFY(import->isEnabled());
    QSignalSpy written(&dialog, &ImportDialog::configWritten);
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(written.size(), 1);
    QCOMPARE(written.first().at(0).toString(), target);
    QCOMPARE(written.first().at(1).toStringList(), (QStringList {u"git (cursor)"_s, u"time"_s}));
    QCOMPARE(configServers(target), (QStringList {u"git (cursor)"_s, u"time"_s}));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestImportDialog::selectAllNoneAndKeyboard()
{
    FakeHome home;
    home.writeAll();
    ImportDialog dialog(home.path(u"lifeline/servers.json"_s), ImportDialog::Mode::Menu);
    dialog.setScan(ConfigImport::scan(home.locations(), dialog.targetPath()));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setAllChecked(false);
    QTest::mouseClick(button(dialog, u"Select all"_s), Qt::LeftButton);
    QCOMPARE(dialog.checkedServers().size(), 9);
    // A group's checkbox checks its servers; Space on a server toggles it.
    QTreeWidgetItem *cursor = dialog.serverList()->findItems(u"Cursor — "_s, Qt::MatchStartsWith).first();
    cursor->setCheckState(0, Qt::Unchecked);
    QVERIFY(!dialog.checkedServers().contains(u"remote"_s));
    QVERIFY(!dialog.checkedServers().contains(u"git (cursor)"_s));
    QVERIFY(dialog.checkedServers().contains(
        u"memory"_s)); // listed under Claude Desktop, where it was found first
    QTreeWidget *list = dialog.serverList();
    list->setFocus();
    list->setCurrentItem(item(dialog, u"remote"_s));
    QTest::keyClick(list, Qt::Key_Space);
    QVERIFY(dialog.checkedServers().contains(u"remote"_s));
    QCOMPARE(cursor->checkState(0), Qt::PartiallyChecked);
    QTest::keyClick(list, Qt::Key_Space);
    QVERIFY(!dialog.checkedServers().contains(u"remote"_s));
    QVERIFY(!dialog.setChecked(u"broken"_s, true)); // cannot be imported
    QVERIFY(dialog.setChecked(u"remote"_s, true));
}

void TestImportDialog::serversTheConfigHasAreGreyedOut()
{
    FakeHome home;
    home.writeAll();
    const QString target = home.write(u"lifeline/servers.json"_s,
        R"({"mcpServers": {"time": {"command": "uvx", "args": ["mcp-server-time"]}, "github": {"command": "gh-mcp"}}, "x": 1})");
    ImportDialog dialog(target, ImportDialog::Mode::Menu);
    dialog.setScan(ConfigImport::scan(home.locations(), target));
    QVERIFY(!(item(dialog, u"time"_s)->flags() & Qt::ItemIsEnabled));
    QVERIFY(item(dialog, u"time"_s)->text(int(ImportDialog::Column::Note)).contains(u"already"_s));
    QVERIFY(!(item(dialog, u"github"_s)->flags() & Qt::ItemIsEnabled));
    QCOMPARE(dialog.checkedServers().size(), 7);
    dialog.setAllChecked(false);
    QVERIFY(dialog.setChecked(u"fetch"_s, true));
    QVERIFY(dialog.importChecked());
    QCOMPARE(configServers(target), (QStringList {u"fetch"_s, u"github"_s, u"time"_s}));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(f.readAll()).object().value(u"x"_s).toInt(), 1);
}

void TestImportDialog::firstRunOffersTheDemo()
{
    FakeHome home;
    home.writeAll();
    const QString target = home.path(u"lifeline/servers.json"_s);
    ImportDialog dialog(target, ImportDialog::Mode::FirstRun);
    dialog.setScan(ConfigImport::scan(home.locations(), target));
    QPushButton *demo = button(dialog, u"Use the demo"_s);
    QVERIFY(demo);
    QSignalSpy chosen(&dialog, &ImportDialog::demoChosen);
    dialog.show();
    QTest::mouseClick(demo, Qt::LeftButton);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!QFileInfo::exists(target));
    ImportDialog menu(target, ImportDialog::Mode::Menu);
    QVERIFY(!button(menu, u"Use the demo"_s));
}

void TestImportDialog::discoversOnAWorker()
{
    FakeHome home;
    home.writeAll();
    ImportDialog dialog(home.path(u"lifeline/servers.json"_s), ImportDialog::Mode::Menu);
    QSignalSpy finished(&dialog, &ImportDialog::scanFinished);
    dialog.discover(home.locations());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(item(dialog, u"fetch"_s));
    QCOMPARE(dialog.checkedServers().size(), 9);
    QVERIFY(button(dialog, u"Project folder…"_s)->isEnabled());

    // Without the project first; the project folder button adds its files.
    ImportDialog later(home.path(u"lifeline/servers.json"_s), ImportDialog::Mode::Menu);
    QSignalSpy rescanned(&later, &ImportDialog::scanFinished);
    later.discover(home.locations(false));
    QTRY_COMPARE_WITH_TIMEOUT(rescanned.size(), 1, 10000);
    QVERIFY(!item(later, u"fetch"_s));
    later.addProject(home.project());
    QTRY_COMPARE_WITH_TIMEOUT(rescanned.size(), 2, 10000);
    QVERIFY(item(later, u"fetch"_s));
    QVERIFY(item(later, u"docs"_s));
}

void TestImportDialog::aToolsConfigIsNeverTheTarget()
{
    FakeHome home;
    home.writeAll();
    // `mcp-lifeline --config ~/.cursor/mcp.json`, then File → Import servers…
    const QString cursor = home.path(u".cursor/mcp.json"_s);
    QFile f(cursor);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    ImportDialog dialog(cursor, ImportDialog::Mode::Menu);
    dialog.setScan(ConfigImport::scan(home.locations(), cursor));
    QVERIFY(!button(dialog, u"Import"_s)->isEnabled());
    QVERIFY(!dialog.importChecked());
    f.seek(0);
    QCOMPARE(f.readAll(), before);
    const auto labels = dialog.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
        [&](QLabel *l) { return l->isVisibleTo(&dialog) && l->text().contains(u"another tool's files"_s); }));
}

void TestImportDialog::fileMenuAsksForTheImport()
{
    ServerTableModel model;
    MainWindow window(&model);
    auto *action = window.findChild<QAction *>(u"importServers"_s);
    QVERIFY(action);
    QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(action));
    QSignalSpy requested(&window, &MainWindow::importRequested);
    action->trigger();
    QCOMPARE(requested.size(), 1);
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
