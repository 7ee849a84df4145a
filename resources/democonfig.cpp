#include "democonfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace lifeline {

QString demoConfigResource()
{
    return u":/lifeline/demo/servers.json"_s;
}

QString findFixtureServer()
{
    const QString name = u"mcp-lifeline-fixture"_s;
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates {
        appDir + u'/' + name,
        appDir + u"/../lib/mcp-lifeline/"_s + name,
        appDir + u"/../libexec/mcp-lifeline/"_s + name,
    };
    for (const QString &c : candidates) {
        if (QFileInfo(c).isExecutable())
            return QDir::cleanPath(c);
    }
    const QString inPath = QStandardPaths::findExecutable(name);
    return inPath.isEmpty() ? name : inPath;
}

} // namespace lifeline
