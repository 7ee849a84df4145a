#include "configloader.h"

#include <algorithm>
#include <atomic>
#include <tuple>

#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>

#include "configcontext.h"
#include "documentloader.h"
#include "jsonckeyindex.h"
#include "jsoncreader.h"
#include "settingsparser.h"
#include "settingvalue.h"

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

bool isEnvName(QStringView name)
{
    if (name.isEmpty() || (name.front() >= u'0' && name.front() <= u'9'))
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

} // namespace

ConfigLoader::Result ConfigLoader::loadFile(const QString &path, const QProcessEnvironment &env)
{
    Result result;
    const auto refuse = [&](const QString &message) {
        result.errors.append({path, 0, 0, {}, message});
        return result;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(u"cannot open: "_s + file.errorString());
    const QString tooLarge = u"the file is larger than 16 MiB; refusing to read it"_s;
    if (!file.isSequential() && file.size() > kMaxFileSize)
        return refuse(tooLarge);
    // Bounded even when size() lies (pipes, /proc, a file that grows while we read).
    const QByteArray data = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError)
        return refuse(u"cannot read: "_s + file.errorString());
    if (data.size() > kMaxFileSize)
        return refuse(tooLarge);
    return parse(data, path, env);
}

static std::atomic<quint64> s_parses {0};

quint64 ConfigLoader::parseCount()
{
    return s_parses.load(std::memory_order_relaxed);
}

static ConfigLoader::Result parseText(const QByteArray &json, const QString &fileName,
    const QProcessEnvironment &env, ConfigLoader::Document *document = nullptr);

ConfigLoader::Result ConfigLoader::parse(
    const QByteArray &json, const QString &fileName, const QProcessEnvironment &env, Document *document)
{
    s_parses.fetch_add(1, std::memory_order_relaxed);
    return parseText(json, fileName, env, document);
}

QList<ConfigIssue> ConfigLoader::checkFragment(const QJsonObject &document)
{
    return parseText(QJsonDocument(document).toJson(QJsonDocument::Compact), QString(),
        QProcessEnvironment::systemEnvironment())
        .errors;
}

static ConfigLoader::Result parseText(const QByteArray &json, const QString &fileName,
    const QProcessEnvironment &env, ConfigLoader::Document *document)
{
    ConfigLoader::Result result;
    if (json.size() > ConfigLoader::kMaxFileSize) {
        result.errors.append(
            {fileName, 0, 0, {}, u"the input is larger than 16 MiB; refusing to parse it"_s});
        return result;
    }
    JsoncKeyIndex index;
    JsoncReader raw(json, &index);
    const std::optional<QJsonObject> root = raw.object();
    if (document) {
        document->root = root;
        document->empty = raw.empty();
        document->hasComments = (!raw.failed() || raw.empty()) && raw.hasComments();
    }
    if (!root) {
        ConfigIssue issue {fileName, 0, 0, {}, raw.errorMessage()};
        if (!raw.empty())
            std::tie(issue.line, issue.column) = raw.lineColumn(raw.errorOffset());
        result.errors.append(issue);
        return result;
    }

    QList<ConfigIssue> warnings;
    ConfigContext ctx(fileName, &raw, &index, result.errors, warnings);
    for (const auto &[path, offset] : index.duplicates())
        ctx.warning(path, u"duplicate key; the last one is used"_s);
    std::optional<Config> config = DocumentLoader(ctx, env).read(*root);
    ctx.finish();
    if (config && result.errors.isEmpty()) {
        config->sourcePath = fileName;
        config->warnings = warnings;
        result.config = std::move(config);
    }
    return result;
}

MonitorSettings ConfigLoader::parseSettings(const QJsonObject &object, const MonitorSettings &base,
    const QString &keyPath, QList<ConfigIssue> &errors, QList<ConfigIssue> &warnings, const QString &fileName)
{
    ConfigContext ctx(fileName, nullptr, nullptr, errors, warnings);
    const ConfigPath path = keyPath.isEmpty() ? ConfigPath {} : keyPath.split(u'.');
    const MonitorSettings settings = SettingsParser(ctx).settings(object, base, path);
    ctx.finish();
    return settings;
}

// ${VAR}, ${env:VAR}, ${VAR:-default}. Unset without a default: empty, and a warning.
QString ConfigLoader::expandVariables(
    const QString &text, const QProcessEnvironment &env, QStringList *warnings)
{
    const auto warn = [warnings](const QString &message) {
        if (warnings)
            warnings->append(message);
    };
    if (!text.contains(u"${"))
        return text;
    QString out;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = text.indexOf(u"${", i);
        if (start < 0) {
            out += QStringView(text).mid(i);
            break;
        }
        out += QStringView(text).mid(i, start - i);
        const qsizetype end = text.indexOf(u'}', start + 2);
        if (end < 0) {
            warn(u"unterminated \"${\"; left as written"_s);
            out += QStringView(text).mid(start);
            break;
        }
        QStringView inner = QStringView(text).mid(start + 2, end - start - 2);
        if (inner.startsWith(u"env:"))
            inner = inner.mid(4);
        QStringView name = inner;
        std::optional<QStringView> fallback;
        if (const qsizetype sep = inner.indexOf(u":-"); sep >= 0) {
            name = inner.left(sep);
            fallback = inner.mid(sep + 2);
        }
        if (!isEnvName(name)) {
            warn(u"%1 is not an environment variable reference; left as written"_s.arg(
                quotedValue(text.mid(start, end - start + 1))));
            out += QStringView(text).mid(start, end - start + 1);
        } else {
            const QString key = name.toString();
            const bool set = env.contains(key);
            const QString value = env.value(key);
            if (fallback && value.isEmpty())
                out += *fallback;
            else if (set)
                out += value;
            else
                warn(u"environment variable %1 is not set"_s.arg(key));
        }
        i = end + 1;
    }
    return out;
}

QString ConfigLoader::defaultConfigPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + u"/mcp-lifeline/servers.json"_s;
}

} // namespace lifeline
