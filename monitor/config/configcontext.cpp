#include "configcontext.h"

#include <algorithm>
#include <tuple>

#include <QSet>

#include "jsonckeyindex.h"
#include "jsoncreader.h"
#include "settingvalue.h"

using namespace Qt::StringLiterals;

namespace lifeline {

ConfigPath operator/(const ConfigPath &path, const QString &key)
{
    ConfigPath out = path;
    out.append(key);
    return out;
}

ConfigContext::ConfigContext(const QString &fileName, const JsoncReader *reader, const JsoncKeyIndex *index,
    QList<ConfigIssue> &errors, QList<ConfigIssue> &warnings)
    : m_fileName(fileName)
    , m_reader(reader)
    , m_index(index)
    , m_errors(errors)
    , m_warnings(warnings)
    , m_errorsStart(errors.size())
    , m_warningsStart(warnings.size())
{ }

QString ConfigContext::indexComponent(qsizetype i)
{
    return JsoncKeyIndex::indexComponent(i);
}

QString ConfigContext::displayPath(const Path &path)
{
    QString out;
    for (const QString &component : path) {
        const bool index = component.startsWith(u'[') && component.endsWith(u']');
        if (!out.isEmpty() && !index)
            out += u'.';
        out += component.isEmpty() ? u"\"\""_s : printableText(component);
    }
    return out;
}

void ConfigContext::finish()
{
    finish(m_errors, m_errorsStart, m_errorsCut, u"errors"_s);
    finish(m_warnings, m_warningsStart, m_warningsCut, u"warnings"_s);
}

QStringList ConfigContext::orderedKeys(const QJsonObject &object, const Path &path) const
{
    if (!m_index)
        return object.keys();
    QStringList out;
    QSet<QString> seen;
    for (const QString &key : m_index->keysOf(path)) {
        if (object.contains(key) && !seen.contains(key)) {
            out.append(key);
            seen.insert(key);
        }
    }
    if (out.size() != object.size()) {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!seen.contains(it.key()))
                out.append(it.key());
        }
    }
    return out;
}

void ConfigContext::warnUnknownKeys(
    const QJsonObject &object, const Path &path, std::initializer_list<QStringView> known)
{
    for (const QString &key : orderedKeys(object, path)) {
        if (std::find(known.begin(), known.end(), QStringView(key)) == known.end())
            warning(path / key, u"unknown key (ignored)"_s);
    }
}

int ConfigContext::choose(const QJsonValue &value, const Path &path, const QList<QStringView> &names)
{
    const QString text = value.toString();
    if (value.isString()) {
        if (const qsizetype i = names.indexOf(QStringView(text)); i >= 0)
            return int(i);
    }
    QString expected;
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (i > 0)
            expected += i + 1 == names.size() ? u" or "_s : u", "_s;
        expected += u'"' + names[i].toString() + u'"';
    }
    error(path, u"expected %1, got %2"_s.arg(expected, writtenValue(value)));
    return -1;
}

void ConfigContext::finish(QList<ConfigIssue> &list, qsizetype start, bool cut, const QString &what)
{
    std::stable_sort(list.begin() + start, list.end(), [](const ConfigIssue &a, const ConfigIssue &b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    if (cut)
        list.append(
            {m_fileName, 0, 0, {}, u"too many %1; only the first %2 are shown"_s.arg(what).arg(kMaxIssues)});
}

void ConfigContext::add(QList<ConfigIssue> &list, bool &cut, const Path &path, const QString &message)
{
    if (list.size() >= kMaxIssues) {
        cut = true;
        return;
    }
    ConfigIssue issue {m_fileName, 0, 0, displayPath(path), message};
    if (m_reader && m_index) {
        // The key itself, or failing that the nearest enclosing key the scan remembered.
        for (qsizetype depth = path.size(); depth > 0; --depth) {
            const qsizetype offset = m_index->offsetOf(path.first(depth));
            if (offset >= 0) {
                std::tie(issue.line, issue.column) = m_reader->lineColumn(offset);
                break;
            }
        }
    }
    list.append(issue);
}

} // namespace lifeline
