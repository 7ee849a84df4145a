#include "replaypolicy.h"

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

bool safeMethod(const QString &method)
{
    static const QSet<QString> methods {u"ping"_s, u"tools/list"_s, u"resources/list"_s,
        u"resources/templates/list"_s, u"resources/read"_s, u"prompts/list"_s, u"prompts/get"_s,
        u"completion/complete"_s, u"logging/setLevel"_s};
    return methods.contains(method);
}

} // namespace

void ReplayPolicy::learnTools(const QString &server, const QJsonArray &tools, bool paged)
{
    QSet<QString> &safe = m_safeTools[server];
    if (!paged)
        safe.clear();
    for (const QJsonValue &t : tools) {
        const QJsonObject tool = t.toObject();
        const QJsonObject hints = tool.value("annotations"_L1).toObject();
        if (hints.value("readOnlyHint"_L1).toBool() || hints.value("idempotentHint"_L1).toBool())
            safe.insert(tool.value("name"_L1).toString());
    }
}

bool ReplayPolicy::isSafe(const QString &server, const QString &method, const QJsonObject &params) const
{
    if (safeMethod(method))
        return true;
    if (method != "tools/call"_L1)
        return false;
    return m_safeTools.value(server).contains(params.value("name"_L1).toString());
}

} // namespace lifeline
