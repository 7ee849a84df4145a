#include "configsource.h"

#include "democonfig.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace lifeline {

ConfigSource ConfigSource::choose(const QString &explicitPath)
{
    ConfigSource s;
    if (!explicitPath.isEmpty()) {
        s.path = explicitPath;
        s.explicitPath = true;
        return s;
    }
    const QString def = ConfigLoader::defaultConfigPath();
    if (QFileInfo::exists(def)) {
        s.path = def;
        return s;
    }
    s.path = demoConfigResource();
    s.isDemo = true;
    return s;
}

QProcessEnvironment ConfigSource::environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(u"LIFELINE_FIXTURE"_s))
        env.insert(u"LIFELINE_FIXTURE"_s, findFixtureServer());
    return env;
}

std::optional<QByteArray> ConfigSource::read() const
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    // Past the loader's limit the file goes to loadFile(), which says so.
    QByteArray text = f.read(ConfigLoader::kMaxFileSize + 1);
    if (text.size() > ConfigLoader::kMaxFileSize || f.error() != QFileDevice::NoError)
        return std::nullopt;
    return text;
}

ConfigLoader::Result ConfigSource::parse(const QByteArray &text) const
{
    return ConfigLoader::parse(text, isDemo ? u"demo servers.json"_s : path, environment());
}

ConfigLoader::Result ConfigSource::load() const
{
    if (isDemo) {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return ConfigLoader::parse(f.readAll(), u"demo servers.json"_s, environment());
    }
    return ConfigLoader::loadFile(path, environment());
}

} // namespace lifeline
