#include "secrets.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace lifeline {

bool looksSecret(const QString &name)
{
    static const QRegularExpression re(
        u"(key|token|secret|password|passwd|auth|credential|bearer|cookie|session)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

QString maskSecrets(const QString &program, const QStringList &args)
{
    QStringList out {program};
    bool maskNext = false;
    for (const QString &a : args) {
        if (maskNext) {
            out.append(u"••••"_s);
            maskNext = false;
            continue;
        }
        const qsizetype eq = a.indexOf(u'=');
        if (eq > 0 && looksSecret(a.left(eq))) {
            out.append(a.left(eq + 1) + u"••••"_s);
            continue;
        }
        if (a.startsWith(u'-') && looksSecret(a))
            maskNext = true;
        else if (a.compare("bearer"_L1, Qt::CaseInsensitive) == 0)
            maskNext = true;
        out.append(a.contains(u' ') ? u'"' + a + u'"' : a);
    }
    return out.join(u' ');
}

} // namespace lifeline
