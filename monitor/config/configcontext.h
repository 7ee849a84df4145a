#pragma once

#include "serverconfig.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <initializer_list>
#include <optional>
#include <utility>

namespace lifeline {

class JsoncKeyIndex;
class JsoncReader;

using ConfigPath = QStringList; // object keys, and "[i]" for array elements
ConfigPath operator/(const ConfigPath &path, const QString &key);

// The section reader every part of the config is read with: issues go here with their key path,
// and learn their file:line:column from the reader's key index; unknown keys and enum names are
// judged one way. Without a reader (an object built in memory) issues carry only their path.
class ConfigContext
{
public:
    using Path = ConfigPath;
    static constexpr int kMaxIssues = 100; // per list; a broken 16 MiB file must not bury the user

    ConfigContext(const QString &fileName, const JsoncReader *reader, const JsoncKeyIndex *index,
        QList<ConfigIssue> &errors, QList<ConfigIssue> &warnings);

    static QString indexComponent(qsizetype i);
    static QString displayPath(const Path &path); // lifeline.servers.x.restart.backoff[0]

    void error(const Path &path, const QString &message) { add(m_errors, m_errorsCut, path, message); }
    void warning(const Path &path, const QString &message) { add(m_warnings, m_warningsCut, path, message); }
    int errorCount() const { return int(m_errors.size()); }

    // Issues in reading order (the checks run in their own order), then a note if some were dropped.
    void finish();

    // Keys in the order the file has them (QJsonObject sorts); any the scan missed come last.
    QStringList orderedKeys(const QJsonObject &object, const Path &path) const;
    void warnUnknownKeys(
        const QJsonObject &object, const Path &path, std::initializer_list<QStringView> known);

    // The enum named by `value`, or an error at `path` that lists the names ("a", "b" or "c").
    // Spell the enum out: choice<RestartPolicy>(value, path, {{u"never", RestartPolicy::Never}, …}).
    template<typename Enum>
    std::optional<Enum> choice(
        const QJsonValue &value, const Path &path, std::initializer_list<std::pair<QStringView, Enum>> table)
    {
        QList<QStringView> names;
        for (const auto &entry : table)
            names.append(entry.first);
        const int index = choose(value, path, names);
        if (index < 0)
            return std::nullopt;
        return (table.begin() + index)->second;
    }

private:
    int choose(const QJsonValue &value, const Path &path, const QList<QStringView> &names);
    void finish(QList<ConfigIssue> &list, qsizetype start, bool cut, const QString &what);
    void add(QList<ConfigIssue> &list, bool &cut, const Path &path, const QString &message);

    QString m_fileName;
    const JsoncReader *m_reader;
    const JsoncKeyIndex *m_index;
    QList<ConfigIssue> &m_errors;
    QList<ConfigIssue> &m_warnings;
    qsizetype m_errorsStart;
    qsizetype m_warningsStart;
    bool m_errorsCut = false;
    bool m_warningsCut = false;
};

} // namespace lifeline
