#include "apitoken.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

QString ApiToken::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + u"/mcp-lifeline/api-token"_s;
}

ApiToken ApiToken::fromValue(const QByteArray &value)
{
    ApiToken t;
    t.m_value = value.trimmed();
    t.m_source = t.m_value.isEmpty() ? Source::None : Source::Environment;
    return t;
}

ApiToken ApiToken::load(QString *error)
{
    const QByteArray env = qgetenv(kEnvironmentVariable).trimmed();
    if (!env.isEmpty())
        return fromValue(env);
    return load(defaultPath(), error);
}

ApiToken ApiToken::load(const QString &path, QString *error)
{
    ApiToken t;
    t.m_path = path;
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        t.m_value = existing.read(4096).trimmed();
        if (!t.m_value.isEmpty()) {
            t.m_source = Source::File;
            // A token others can read is no secret: tighten a file someone loosened.
            if (existing.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
                ::chmod(QFile::encodeName(path).constData(), S_IRUSR | S_IWUSR);
            return t;
        }
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = u"%1: cannot create the folder"_s.arg(QFileInfo(path).absolutePath());
        return {};
    }
    // 32 random bytes from the system's generator, hex: 256 bits, safe in headers and shells.
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QByteArray value = raw.toHex();
    // Created 0600 from the start (never world-readable for a moment), replacing an empty file.
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (error)
            *error = u"%1: cannot write the API token"_s.arg(path);
        return {};
    }
    ::fchmod(fd, S_IRUSR | S_IWUSR);
    const QByteArray line = value + '\n';
    const bool written = ::write(fd, line.constData(), size_t(line.size())) == line.size();
    ::close(fd);
    if (!written) {
        if (error)
            *error = u"%1: cannot write the API token"_s.arg(path);
        return {};
    }
    t.m_value = value;
    t.m_source = Source::Generated;
    return t;
}

} // namespace lifeline
