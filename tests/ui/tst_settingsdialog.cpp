// The settings dialog (offscreen): it refuses what the file would refuse, writes only what was
// changed, and keeps everything else in the file; it reads and writes on a worker, never on the
// GUI thread.
#include "autostart.h"
#include "config/configloader.h"
#include "config/configwriter.h"
#include "config/jsoncreader.h"
#include "failovergroupseditor.h"
#include "keyvalueeditor.h"
#include "settingsdialog.h"
#include "settingsfile.h"
#include "settingsform.h"

#include <memory>

#include <QAtomicInt>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMutex>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace lifeline;

namespace {

// Numbers where the form shows text (5000 ms, the argument 8080) must come back as written when
// untouched. "\/" because moc reads a "//" in a raw string as a comment.
const QByteArray kConfig = R"({
  "mcpServers": {
    "x": {"command": "node", "args": ["x.js", 8080], "env": {"API_TOKEN": "${TOKEN}", "PLAIN": 1}, "vendorExtra": 1},
    "a": {"url": "https:\/\/example.com/mcp"}
  },
  "otherTool": {"keep": true},
  "lifeline": {
    "defaults": {"interval": "30s", "timeout": 5000, "latencyCritical": "5s", "restart": {"backoff": ["1s", 5000]}},
    "servers": {"a": {"failureThreshold": 5}}
  }
}
)";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<missing>";
    return f.readAll();
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

// The dialog reads its file on a worker: its pages exist once that is done.
bool loaded(SettingsDialog &dialog)
{
    return QTest::qWaitFor([&] { return !dialog.isLoading(); }, 5000);
}

// Apply, and wait for the worker's write: true when everything was written.
bool applied(SettingsDialog &dialog)
{
    QSignalSpy finished(&dialog, &SettingsDialog::saveFinished);
    if (!dialog.apply())
        return false;
    if (!dialog.isSaving())
        return true; // nothing to write
    return finished.wait(5000) && finished.first().first().toBool();
}

// Every file access of a dialog, and which of them ran on the GUI thread.
struct IoLog
{
    QMutex mutex;
    QStringList calls;
    QStringList onGuiThread; // must stay empty

    void note(const QString &what)
    {
        const QMutexLocker lock(&mutex);
        calls.append(what);
        if (QThread::currentThread() == QCoreApplication::instance()->thread())
            onGuiThread.append(what);
    }
};

SettingsFile::Access logged(const std::shared_ptr<IoLog> &log, const SettingsFile::Access &real)
{
    SettingsFile::Access access;
    access.readConfig = [log, real](const QString &path) {
        log->note(u"readConfig"_s);
        return real.readConfig(path);
    };
    access.writeConfig = [log, real](const QString &path, const QList<ConfigWriter::Edit> &edits) {
        log->note(u"writeConfig"_s);
        return real.writeConfig(path, edits);
    };
    access.autostartEnabled = [log, real] {
        log->note(u"autostartEnabled"_s);
        return real.autostartEnabled();
    };
    access.setAutostart = [log, real](bool enabled, QString *error) {
        log->note(u"setAutostart"_s);
        return real.setAutostart(enabled, error);
    };
    return access;
}

// Holds a worker inside a file access until the test lets it go on.
struct Gate
{
    QSemaphore entered;
    QSemaphore go;

    void pass()
    {
        entered.release();
        go.acquire();
    }
    bool reached() { return entered.tryAcquire(1, 5000); }
    void open() { go.release(1000); }
};

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void invalidValueIsRefusedAndNothingWritten();
    void validOverrideIsWrittenAndEverythingElseKept();
    void loadReadsTheTextOnce_data();
    void loadReadsTheTextOnce();
    void untouchedDialogWritesNothing();
    void serversInheritTheDefaultsBeingEdited();
    void secretValuesAreMasked();
    void serverIsAddedAndRemoved();
    void serverBecomesRemote();
    void demoConfigOffersTheDefaultLocation();
    void failoverGroupIsWrittenAndChecked();
    void renamedServerTakesItsSettingsAndGroup();
    void circuitSettingsAreWrittenNested();
    void autostartIsWrittenOnApply();
    void noFileIoOnTheGuiThread();
    void opensAtOnceWhileTheFileIsRead();
    void closingWhileLoadingIsSafe();
    void unreadableFileIsNamedInTheDialog();
    void failedWriteKeepsTheEdits();
    void closingWhileWritingFinishesTheWrite();
    void deletingWhileWritingLetsTheWriteFinish();

private:
    QPushButton *button(SettingsDialog &dialog, QDialogButtonBox::StandardButton which) const
    {
        return dialog.findChild<QDialogButtonBox *>()->button(which);
    }
    template<typename T>
    T *field(SettingsDialog &dialog, const QString &server, const QString &name) const
    {
        SettingsForm *form = dialog.form(server);
        return form ? form->findChild<T *>(name) : nullptr;
    }

    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    QString m_path;
};

void TestSettingsDialog::initTestCase()
{
    // Nothing here may touch the user's own config.
    qputenv("XDG_CONFIG_HOME", m_home.path().toLocal8Bit());
    qputenv("TOKEN", "secret-value");
}

void TestSettingsDialog::cleanup()
{
    // Jobs a test left running (a dialog deleted mid-write) end before the next test's files.
    QThreadPool::globalInstance()->waitForDone();
}

void TestSettingsDialog::init()
{
    m_path = m_dir.filePath(u"servers.json"_s);
    QFile::remove(m_path + u".bak"_s);
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(kConfig);
}

void TestSettingsDialog::invalidValueIsRefusedAndNothingWritten()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    QSignalSpy written(&dialog, &SettingsDialog::configWritten);
    QVERIFY(dialog.selectServer(u"x"_s));
    auto *interval = field<QLineEdit>(dialog, u"x"_s, u"interval"_s);
    auto *message = field<QLabel>(dialog, u"x"_s, u"intervalMessage"_s);
    QVERIFY(interval && message);
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(message->isHidden());

    interval->setText(u"soon"_s);
    QVERIFY(!dialog.isValid());
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(!message->isHidden());
    QVERIFY(message->text().contains(u"soon"_s));
    QVERIFY(interval->styleSheet().contains(u"border"_s)); // the red frame

    // The loader's own range rule: below its 100 ms minimum.
    interval->setText(u"50ms"_s);
    QVERIFY(!dialog.isValid());
    QVERIFY(message->text().contains(u"too short"_s));

    QVERIFY(!dialog.apply());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(written.size(), 0);
    QCOMPARE(readAll(m_path), kConfig);
    QVERIFY(!QFile::exists(m_path + u".bak"_s));

    interval->clear(); // back to inheriting: valid again
    QVERIFY(dialog.isValid());
    QVERIFY(message->isHidden());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestSettingsDialog::validOverrideIsWrittenAndEverythingElseKept()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    QSignalSpy written(&dialog, &SettingsDialog::configWritten);
    auto *interval = field<QLineEdit>(dialog, u"x"_s, u"interval"_s);
    QVERIFY(interval);
    QVERIFY(interval->placeholderText().contains(u"30s"_s)); // what it inherits
    interval->setText(u"15s"_s);
    QPushButton *apply = button(dialog, QDialogButtonBox::Apply);
    QVERIFY(apply->isEnabled());
    const quint64 parses = ConfigLoader::parseCount();
    QTest::mouseClick(apply, Qt::LeftButton);

    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(written.first().first().toString(), m_path);
    // One parse for the Apply: the writer's check of what it wrote, handed on with the text.
    QCOMPARE(ConfigLoader::parseCount() - parses, quint64(1));
    QCOMPARE(written.first().at(1).toByteArray(), readAll(m_path));
    QCOMPARE(written.first().at(2).value<Config>().server(u"x"_s)->settings.intervalMs, 15000);
    const QJsonObject doc = readJson(m_path);
    const QJsonObject overrides = doc.value(u"lifeline"_s).toObject().value(u"servers"_s).toObject();
    QCOMPARE(overrides.value(u"x"_s).toObject(), (QJsonObject {{u"interval"_s, u"15s"_s}}));
    QCOMPARE(overrides.value(u"a"_s).toObject().value(u"failureThreshold"_s).toInt(), 5);
    QCOMPARE(doc.value(u"otherTool"_s).toObject().value(u"keep"_s).toBool(), true);
    const QJsonObject x = doc.value(u"mcpServers"_s).toObject().value(u"x"_s).toObject();
    QCOMPARE(x.value(u"vendorExtra"_s).toInt(), 1);
    QCOMPARE(x.value(u"env"_s).toObject().value(u"API_TOKEN"_s).toString(), u"${TOKEN}"_s); // not expanded
    QCOMPARE(readAll(m_path + u".bak"_s), kConfig);

    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->server(u"x"_s)->settings.intervalMs, 15000);
    QCOMPARE(loaded.config->server(u"a"_s)->settings.intervalMs, 30000);

    // The dialog now shows the file as written: nothing left to apply.
    QVERIFY(dialog.edits().isEmpty());
    QVERIFY(!apply->isEnabled());
    QCOMPARE(field<QLineEdit>(dialog, u"x"_s, u"interval"_s)->text(), u"15s"_s);
}

void TestSettingsDialog::untouchedDialogWritesNothing()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    QVERIFY(dialog.isValid());
    QVERIFY(dialog.edits().isEmpty());
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(readAll(m_path), kConfig);
    QVERIFY(!QFile::exists(m_path + u".bak"_s));
}

void TestSettingsDialog::serversInheritTheDefaultsBeingEdited()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    // 10 s is above the defaults' latencyCritical (5 s): the file would refuse it.
    auto *warning = field<QLineEdit>(dialog, u"x"_s, u"latencyWarning"_s);
    warning->setText(u"10s"_s);
    QVERIFY(!dialog.form(u"x"_s)->isValid());
    QVERIFY(!field<QLabel>(dialog, u"x"_s, u"latencyWarningMessage"_s)->isHidden());

    // Raising the defaults' critical latency makes the server's warning fine.
    field<QLineEdit>(dialog, {}, u"latencyCritical"_s)->setText(u"20s"_s);
    QVERIFY(dialog.form(u"x"_s)->isValid());
    QVERIFY(dialog.isValid());
    QVERIFY(field<QLineEdit>(dialog, u"a"_s, u"latencyCritical"_s)->placeholderText().contains(u"20s"_s));
    QVERIFY(applied(dialog));
    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->server(u"x"_s)->settings.latencyWarningMs, 10000);
    QCOMPARE(loaded.config->defaults.latencyCriticalMs, 20000);
}

void TestSettingsDialog::secretValuesAreMasked()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    auto *env = field<KeyValueEditor>(dialog, u"x"_s, u"env"_s);
    QVERIFY(env);
    QCOMPARE(env->rowCount(), 2);
    QCOMPARE(env->nameEdit(0)->text(), u"API_TOKEN"_s);
    QCOMPARE(env->valueEdit(0)->text(), u"${TOKEN}"_s); // as written, never the expanded token
    QCOMPARE(env->valueEdit(0)->echoMode(), QLineEdit::Password);
    QCOMPARE(env->valueEdit(1)->echoMode(), QLineEdit::Normal);
    QVERIFY(env->showButton(1)->isHidden());

    env->showButton(0)->click();
    QCOMPARE(env->valueEdit(0)->echoMode(), QLineEdit::Normal);
    env->showButton(0)->click();
    QCOMPARE(env->valueEdit(0)->echoMode(), QLineEdit::Password);

    // A name typed later that looks secret masks its value too.
    env->nameEdit(1)->setText(u"DB_PASSWORD"_s);
    QCOMPARE(env->valueEdit(1)->echoMode(), QLineEdit::Password);
}

void TestSettingsDialog::serverIsAddedAndRemoved()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    QVERIFY(!dialog.addServer(u"x"_s)); // taken
    QVERIFY(!dialog.addServer(u" "_s));
    QVERIFY(dialog.addServer(u"time"_s));
    QCOMPARE(dialog.selectedServer(), u"time"_s);
    // A new server needs a command (or a URL) before anything can be saved.
    QVERIFY(!dialog.isValid());
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!field<QLabel>(dialog, u"time"_s, u"commandMessage"_s)->isHidden());
    field<QLineEdit>(dialog, u"time"_s, u"command"_s)->setText(u"uvx"_s);
    field<QSpinBox>(dialog, u"time"_s, u"failureThreshold"_s)->setValue(4);
    QVERIFY(dialog.isValid());

    dialog.removeServer(u"a"_s);
    QVERIFY(!dialog.form(u"a"_s));
    QVERIFY(applied(dialog));

    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QVERIFY(!loaded.config->server(u"a"_s));
    QCOMPARE(loaded.config->server(u"time"_s)->command, u"uvx"_s);
    QCOMPARE(loaded.config->server(u"time"_s)->settings.failureThreshold, 4);
    QVERIFY(
        !readJson(m_path).value(u"lifeline"_s).toObject().value(u"servers"_s).toObject().contains(u"a"_s));
}

void TestSettingsDialog::serverBecomesRemote()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    auto *transport = field<QComboBox>(dialog, u"x"_s, u"transport"_s);
    transport->setCurrentIndex(transport->findData(u"remote"_s));
    // No URL yet, then one the loader refuses.
    QVERIFY(!dialog.isValid());
    auto *url = field<QLineEdit>(dialog, u"x"_s, u"url"_s);
    url->setText(u"ftp://example.com/mcp"_s);
    QVERIFY(!dialog.isValid());
    QVERIFY(field<QLabel>(dialog, u"x"_s, u"urlMessage"_s)->text().contains(u"http"_s));
    url->setText(u"http://127.0.0.1:9/mcp"_s);
    QVERIFY(dialog.isValid());
    QVERIFY(applied(dialog));

    const QJsonObject x = readJson(m_path).value(u"mcpServers"_s).toObject().value(u"x"_s).toObject();
    QCOMPARE(x.value(u"url"_s).toString(), u"http://127.0.0.1:9/mcp"_s);
    QVERIFY(!x.contains(u"command"_s));
    QVERIFY(!x.contains(u"args"_s));
    QVERIFY(!x.contains(u"env"_s));
    QCOMPARE(x.value(u"vendorExtra"_s).toInt(), 1);
    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->server(u"x"_s)->transport, TransportKind::AutoHttp);
}

void TestSettingsDialog::demoConfigOffersTheDefaultLocation()
{
    const QString target = ConfigLoader::defaultConfigPath();
    QVERIFY(target.startsWith(m_home.path()));
    QVERIFY(!QFile::exists(target));
    SettingsDialog dialog(u":/demo/servers.json"_s);
    QVERIFY(loaded(dialog));
    QCOMPARE(dialog.configPath(), target);
    QVERIFY(dialog.createsFile());
    QVERIFY(dialog.findChild<QLabel *>(u"banner"_s)->text().contains(target));

    QVERIFY(dialog.addServer(u"memory"_s));
    field<QLineEdit>(dialog, u"memory"_s, u"command"_s)->setText(u"npx"_s);
    QVERIFY(applied(dialog));
    const auto loaded = ConfigLoader::loadFile(target);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->servers.size(), 1);
    QVERIFY(!dialog.createsFile());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"

void TestSettingsDialog::failoverGroupIsWrittenAndChecked()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    FailoverGroupsEditor *groups = dialog.groupsEditor();
    QVERIFY(groups);
    QVERIFY(groups->groupNames().isEmpty());
    QVERIFY(dialog.edits().isEmpty()); // no groups before, none now: nothing to write

    QVERIFY(groups->addGroup(u"search"_s));
    QVERIFY(!groups->addGroup(u"search"_s)); // taken
    QVERIFY(!dialog.isValid()); // no primary yet
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    groups->setPrimary(u"x"_s);
    groups->setFallbacks({u"a"_s});
    groups->setRestoreAfter(u"90s"_s);
    groups->setStrategy(u"manual"_s);
    QVERIFY2(dialog.isValid(), qPrintable(groups->errors().join(u'\n')));

    // The loader's rule, live: a restore delay that is no duration.
    groups->setRestoreAfter(u"later"_s);
    QVERIFY(!dialog.isValid());
    QVERIFY(groups->errors().join(u' ').contains(u"restoreAfter"_s));
    groups->setRestoreAfter(u"90s"_s);
    QVERIFY(dialog.isValid());

    QVERIFY(applied(dialog));
    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->failover.size(), 1);
    const FailoverGroup &g = loaded.config->failover.first();
    QCOMPARE(g.name, u"search"_s);
    QCOMPARE(g.primary, u"x"_s);
    QCOMPARE(g.fallbacks, QStringList {u"a"_s});
    QCOMPARE(g.restoreAfterMs, 90000);
    QCOMPARE(g.strategy, FailoverStrategy::Manual);
    QCOMPARE(readJson(m_path).value(u"otherTool"_s).toObject().value(u"keep"_s).toBool(), true);

    // Removing the group removes the key (and nothing else).
    dialog.groupsEditor()->removeGroup(u"search"_s);
    QVERIFY(applied(dialog));
    QVERIFY(!readJson(m_path).value(u"lifeline"_s).toObject().contains(u"failover"_s));
    QVERIFY(ConfigLoader::loadFile(m_path).ok());
}

void TestSettingsDialog::renamedServerTakesItsSettingsAndGroup()
{
    {
        SettingsDialog dialog(m_path);
        QVERIFY(loaded(dialog));
        QVERIFY(dialog.groupsEditor()->addGroup(u"g"_s));
        dialog.groupsEditor()->setPrimary(u"a"_s);
        dialog.groupsEditor()->setFallbacks({u"x"_s});
        QVERIFY(applied(dialog));
    }
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    QVERIFY(!dialog.renameServer(u"a"_s, u"x"_s)); // taken
    QVERIFY(!dialog.renameServer(u"a"_s, QString()));
    QVERIFY(dialog.renameServer(u"a"_s, u"remote"_s));
    QVERIFY(dialog.selectServer(u"remote"_s));
    QVERIFY(!dialog.selectServer(u"a"_s));
    QVERIFY2(dialog.isValid(), qPrintable(dialog.groupsEditor()->errors().join(u'\n')));
    QVERIFY(applied(dialog));

    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QVERIFY(!loaded.config->server(u"a"_s));
    const ServerConfig *renamed = loaded.config->server(u"remote"_s);
    QVERIFY(renamed);
    QCOMPARE(renamed->url.toString(), u"https://example.com/mcp"_s);
    QCOMPARE(renamed->settings.failureThreshold, 5); // its override moved with it
    QCOMPARE(loaded.config->failover.first().primary, u"remote"_s);
    const QJsonObject overrides
        = readJson(m_path).value(u"lifeline"_s).toObject().value(u"servers"_s).toObject();
    QVERIFY(!overrides.contains(u"a"_s));
}

void TestSettingsDialog::circuitSettingsAreWrittenNested()
{
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    auto *openFor = field<QLineEdit>(dialog, QString(), u"restart.circuit.openFor"_s);
    auto *minimum = field<QSpinBox>(dialog, QString(), u"restart.circuit.minimumCalls"_s);
    auto *jitter = field<QComboBox>(dialog, QString(), u"restart.jitter"_s);
    QVERIFY(openFor && minimum && jitter);
    openFor->setText(u"2m"_s);
    minimum->setValue(8);
    jitter->setCurrentIndex(1);
    QVERIFY(dialog.isValid());
    QVERIFY(applied(dialog));
    const QJsonObject restart = readJson(m_path)
                                    .value(u"lifeline"_s)
                                    .toObject()
                                    .value(u"defaults"_s)
                                    .toObject()
                                    .value(u"restart"_s)
                                    .toObject();
    QCOMPARE(restart.value(u"backoff"_s).toArray().size(), 2); // untouched keys stay
    QCOMPARE(restart.value(u"circuit"_s).toObject().value(u"openFor"_s).toString(), u"2m"_s);
    QCOMPARE(restart.value(u"circuit"_s).toObject().value(u"minimumCalls"_s).toInt(), 8);
    const auto loaded = ConfigLoader::loadFile(m_path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.config->defaults.restart.circuit.openForMs, 120000);
    QCOMPARE(loaded.config->defaults.restart.circuit.minimumCalls, 8);
    QVERIFY(loaded.config->defaults.restart.jitter);

    // A count the breaker cannot use is refused where it is typed.
    auto *window = field<QSpinBox>(dialog, QString(), u"restart.circuit.windowSize"_s);
    minimum = field<QSpinBox>(dialog, QString(), u"restart.circuit.minimumCalls"_s);
    window->setValue(3); // fewer than the 8 results it needs before judging
    QVERIFY(!dialog.isValid());
    auto *message = field<QLabel>(dialog, QString(), u"restart.circuit.minimumCallsMessage"_s);
    QVERIFY(message && !message->isHidden());
    QVERIFY(message->text().contains(u"windowSize"_s));
}

void TestSettingsDialog::autostartIsWrittenOnApply()
{
    const QString entry = Autostart().filePath();
    QVERIFY(entry.startsWith(m_home.path())); // the test's own XDG_CONFIG_HOME
    QFile::remove(entry);
    SettingsDialog dialog(m_path);
    QVERIFY(loaded(dialog));
    auto *box = dialog.findChild<QCheckBox *>(u"autostart"_s);
    QVERIFY(box && !box->isChecked());
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    box->setChecked(true);
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(applied(dialog));
    QVERIFY(QFile::exists(entry));
    QVERIFY(Autostart().isEnabled());
    QCOMPARE(readAll(m_path), kConfig); // the config file is not touched for it
    box->setChecked(false);
    QVERIFY(applied(dialog));
    QVERIFY(!Autostart().isEnabled());
}

void TestSettingsDialog::noFileIoOnTheGuiThread()
{
    QFile::remove(Autostart().filePath());
    const auto log = std::make_shared<IoLog>();
    SettingsDialog dialog(m_path, logged(log, SettingsFile::Access::system()));
    QVERIFY(loaded(dialog));
    field<QLineEdit>(dialog, u"x"_s, u"interval"_s)->setText(u"15s"_s);
    dialog.findChild<QCheckBox *>(u"autostart"_s)->setChecked(true);
    QVERIFY(applied(dialog));
    const auto written = ConfigLoader::loadFile(m_path);
    QVERIFY(written.ok());
    QCOMPARE(written.config->server(u"x"_s)->settings.intervalMs, 15000);
    QVERIFY(Autostart().isEnabled());
    QVERIFY(QFile::remove(Autostart().filePath()));

    const QMutexLocker lock(&log->mutex);
    QCOMPARE(log->calls,
        (QStringList {u"readConfig"_s, u"autostartEnabled"_s, u"setAutostart"_s, u"writeConfig"_s}));
    QVERIFY2(log->onGuiThread.isEmpty(), qPrintable(log->onGuiThread.join(u", "_s)));
}

void TestSettingsDialog::loadReadsTheTextOnce_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("editable");
    QTest::addColumn<bool>("loaderOk");
    QTest::addColumn<bool>("comments");
    QTest::newRow("valid, with comments")
        << QByteArray("// mine\n{\"mcpServers\": {\"x\": {\"command\": \"uvx\"}},}\n") << true << true
        << true;
    QTest::newRow("a syntax error") << QByteArray("{\"mcpServers\": {\"x\": ") << false << false << false;
    QTest::newRow("empty: a new file") << QByteArray("  /* nothing yet */ ") << true << false << true;
    QTest::newRow("JSON the loader refuses")
        << QByteArray(R"({"mcpServers": {"x": {"url": 5}}})") << true << false << false;
}

// Opening the dialog reads the file's text once: the tree the edits work on and the loader's
// verdict come from one reader pass, and say what the separate readers would.
void TestSettingsDialog::loadReadsTheTextOnce()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, editable);
    QFETCH(bool, loaderOk);
    QFETCH(bool, comments);
    SettingsFile::Access access = SettingsFile::Access::system();
    access.readConfig = [text](const QString &) { return SettingsFile::ReadResult {true, {}, text}; };
    access.autostartEnabled = [] { return false; };
    const quint64 scans = JsoncReader::scanCount();
    const quint64 parses = ConfigLoader::parseCount();
    const SettingsFile::Snapshot snapshot = SettingsFile::load(access, m_path);
    QCOMPARE(JsoncReader::scanCount() - scans, quint64(1));
    QCOMPARE(ConfigLoader::parseCount() - parses, quint64(1));

    QCOMPARE(snapshot.document.has_value(), editable);
    QCOMPARE(snapshot.loaderOk, loaderOk);
    QCOMPARE(snapshot.loaderErrors.isEmpty(), loaderOk);
    QCOMPARE(snapshot.hasComments, comments);
    QString error;
    QCOMPARE(snapshot.document, ConfigWriter::readDocument(text, &error));
    QCOMPARE(snapshot.documentError, error);
    QCOMPARE(snapshot.hasComments, ConfigWriter::hasComments(text));
}

void TestSettingsDialog::opensAtOnceWhileTheFileIsRead()
{
    const auto gate = std::make_shared<Gate>();
    const auto cleanup = qScopeGuard([gate] { gate->open(); });
    SettingsFile::Access access = SettingsFile::Access::system();
    // What the dialog shows comes from the access, not from a read of its own.
    access.readConfig = [gate](const QString &) {
        gate->pass();
        return SettingsFile::ReadResult {true, {}, R"({"mcpServers": {"onlyRead": {"command": "uvx"}}})"};
    };
    SettingsDialog dialog(m_path, access);
    dialog.show();
    QVERIFY(gate->reached());

    QVERIFY(dialog.isLoading());
    auto *banner = dialog.findChild<QLabel *>(u"banner"_s);
    QVERIFY(banner->text().contains(u"Loading"_s));
    QVERIFY(banner->text().contains(m_path));
    QVERIFY(!dialog.findChild<QTabWidget *>()->isEnabled());
    QVERIFY(!dialog.findChild<QCheckBox *>(u"autostart"_s)->isEnabled());
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(button(dialog, QDialogButtonBox::Cancel)->isEnabled()); // leaving is always possible
    QVERIFY(!dialog.form(QString()));
    QVERIFY(!dialog.apply());

    QSignalSpy loadedSpy(&dialog, &SettingsDialog::loadFinished);
    gate->open();
    QVERIFY(loadedSpy.wait(5000));
    QVERIFY(!dialog.isLoading());
    QVERIFY(dialog.findChild<QTabWidget *>()->isEnabled());
    QVERIFY(dialog.findChild<QCheckBox *>(u"autostart"_s)->isEnabled());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(banner->text().contains(u"Editing"_s));
    QVERIFY(dialog.form(u"onlyRead"_s));
    QVERIFY(!dialog.form(u"x"_s)); // the file on disk was never read by the dialog itself
}

void TestSettingsDialog::closingWhileLoadingIsSafe()
{
    const auto gate = std::make_shared<Gate>();
    const auto cleanup = qScopeGuard([gate] { gate->open(); });
    const auto reads = std::make_shared<QAtomicInt>(0);
    SettingsFile::Access access = SettingsFile::Access::system();
    access.readConfig = [gate, reads, real = access.readConfig](const QString &path) {
        gate->pass();
        reads->ref();
        return real(path);
    };
    auto *dialog = new SettingsDialog(m_path, access);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    QVERIFY(gate->reached());
    QVERIFY(dialog->isLoading());
    QPointer<SettingsDialog> guard = dialog;
    dialog->reject(); // Cancel while the file is read
    QTRY_VERIFY(!guard);

    gate->open();
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(reads->loadRelaxed(), 1);
    QCoreApplication::processEvents(); // a result handed to the deleted dialog would crash here
}

void TestSettingsDialog::unreadableFileIsNamedInTheDialog()
{
    // A folder where the file should be: no one can read it, root included.
    const QString path = m_dir.filePath(u"folder.json"_s);
    QVERIFY(QDir().mkpath(path));
    SettingsDialog dialog(path);
    QVERIFY(loaded(dialog));
    const QString banner = dialog.findChild<QLabel *>(u"banner"_s)->text();
    QVERIFY2(banner.contains(path) && banner.contains(u"cannot be opened"_s), qPrintable(banner));
    QVERIFY(!dialog.createsFile());
    QVERIFY(!dialog.form(QString())->isEnabled());
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!dialog.apply());
}

void TestSettingsDialog::failedWriteKeepsTheEdits()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(u"servers.json"_s);
    QVERIFY(QFile::copy(m_path, path));
    // A read-only folder stops the backup and the temp file; root ignores that, but not a folder
    // where the backup has to go.
    QVERIFY(QDir().mkpath(path + u".bak"_s));
    QVERIFY(QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    const auto writable = [&] {
        return QFile::setPermissions(
            folder.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    };
    const auto restore = qScopeGuard(writable);

    SettingsDialog dialog(path);
    dialog.show();
    QVERIFY(loaded(dialog));
    QSignalSpy written(&dialog, &SettingsDialog::configWritten);
    QSignalSpy finished(&dialog, &SettingsDialog::saveFinished);
    auto *interval = field<QLineEdit>(dialog, u"x"_s, u"interval"_s);
    interval->setText(u"15s"_s);
    dialog.accept(); // OK: closes only once written
    QVERIFY(dialog.isSaving());
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().toBool(), false);

    QVERIFY(dialog.isVisible());
    QCOMPARE(written.size(), 0);
    const auto *problem = dialog.findChild<QLabel *>(u"problem"_s);
    QVERIFY(!problem->isHidden());
    QVERIFY2(problem->text().contains(path), qPrintable(problem->text()));
    QCOMPARE(readAll(path), kConfig);
    // The edit is still there, still to be written.
    QCOMPARE(field<QLineEdit>(dialog, u"x"_s, u"interval"_s), interval);
    QCOMPARE(interval->text(), u"15s"_s);
    QVERIFY(!dialog.edits().isEmpty());
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(interval->isEnabled());

    // Once the folder can take it, the same edit is written.
    QVERIFY(writable());
    QVERIFY(QDir(path + u".bak"_s).removeRecursively());
    QVERIFY(applied(dialog));
    QCOMPARE(written.size(), 1);
    QCOMPARE(ConfigLoader::loadFile(path).config->server(u"x"_s)->settings.intervalMs, 15000);
}

void TestSettingsDialog::closingWhileWritingFinishesTheWrite()
{
    const auto gate = std::make_shared<Gate>();
    const auto cleanup = qScopeGuard([gate] { gate->open(); });
    SettingsFile::Access access = SettingsFile::Access::system();
    access.writeConfig
        = [gate, real = access.writeConfig](const QString &path, const QList<ConfigWriter::Edit> &edits) {
              gate->pass();
              return real(path, edits);
          };
    // As the dashboard opens it.
    QPointer<SettingsDialog> dialog = new SettingsDialog(m_path, access);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    QVERIFY(loaded(*dialog));
    QSignalSpy written(dialog.data(), &SettingsDialog::configWritten);
    field<QLineEdit>(*dialog, u"x"_s, u"interval"_s)->setText(u"15s"_s);
    QVERIFY(dialog->apply());
    QVERIFY(gate->reached());

    QVERIFY(dialog->isSaving());
    QVERIFY(!button(*dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(*dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(!button(*dialog, QDialogButtonBox::Cancel)->isEnabled());
    QVERIFY(!field<QLineEdit>(*dialog, u"x"_s, u"interval"_s)->isEnabled());
    dialog->close(); // the window's close button
    QVERIFY(dialog->isHidden());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(dialog); // kept until the write is done: configWritten still has to reach the app

    gate->open();
    QTRY_VERIFY(!dialog);
    QCOMPARE(written.size(), 1);
    QCOMPARE(ConfigLoader::loadFile(m_path).config->server(u"x"_s)->settings.intervalMs, 15000);
}

void TestSettingsDialog::deletingWhileWritingLetsTheWriteFinish()
{
    const auto gate = std::make_shared<Gate>();
    const auto cleanup = qScopeGuard([gate] { gate->open(); });
    const auto log = std::make_shared<IoLog>();
    SettingsFile::Access access = logged(log, SettingsFile::Access::system());
    access.writeConfig
        = [gate, real = access.writeConfig](const QString &path, const QList<ConfigWriter::Edit> &edits) {
              gate->pass();
              return real(path, edits);
          };
    auto *dialog = new SettingsDialog(m_path, access);
    QVERIFY(loaded(*dialog));
    field<QLineEdit>(*dialog, u"x"_s, u"interval"_s)->setText(u"15s"_s);
    QVERIFY(dialog->apply());
    QVERIFY(gate->reached());
    delete dialog; // as when the main window goes with the dialog open

    gate->open();
    QTRY_COMPARE(ConfigLoader::loadFile(m_path).config->server(u"x"_s)->settings.intervalMs, 15000);
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents(); // a result handed to the deleted dialog would crash here
    const QMutexLocker lock(&log->mutex);
    QVERIFY(log->onGuiThread.isEmpty());
}
