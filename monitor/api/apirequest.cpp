#include "apirequest.h"

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i] != b[i] && lowerAscii(a[i]) != lowerAscii(b[i]))
            return false;
    }
    return true;
}

} // namespace

ApiRequest ApiRequest::from(const QHttpServerRequest &request)
{
    ApiRequest r;
    r.m_method = request.method();
    const QUrl url = request.url();
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    r.setTarget(target);
    for (const auto &h : request.headers())
        r.addHeader(h.first, h.second);
    r.m_body = request.body();
    r.m_remote = request.remoteAddress();
    return r;
}

QUrl ApiRequest::url() const
{
    // As the status server's reader always built it: the host from the Host header (no port),
    // localhost when there is none; the path and the query as sent.
    QUrl url;
    url.setScheme(u"http"_s);
    const QByteArrayView host = field("host");
    if (!host.isEmpty()) {
        const qsizetype colon = host.lastIndexOf(':');
        url.setHost(QString::fromLatin1(colon > host.lastIndexOf(']') ? host.first(colon) : host));
    }
    if (url.host().isEmpty())
        url.setHost(u"localhost"_s); // no Host, or not a name: the guard answers for it
    const QByteArrayView target = QByteArrayView(m_head).sliced(m_targetAt, m_targetSize);
    url.setPath(QString::fromUtf8(target.first(m_pathSize)), QUrl::TolerantMode);
    if (m_pathSize < m_targetSize)
        url.setQuery(QString::fromUtf8(target.sliced(m_pathSize + 1)), QUrl::TolerantMode);
    return url;
}

QUrlQuery ApiRequest::query() const
{
    return QUrlQuery(url());
}

QByteArrayView ApiRequest::field(QByteArrayView name) const
{
    for (const Field &f : m_fields) {
        if (f.nameSize == name.size() && equalsIgnoringCase(slice(f.nameAt, f.nameSize), name))
            return slice(f.valueAt, f.valueSize);
    }
    return {};
}

ApiRequest::Headers ApiRequest::headers() const
{
    Headers out;
    out.reserve(m_fields.size());
    for (const Field &f : m_fields)
        out.append({slice(f.nameAt, f.nameSize).toByteArray(), slice(f.valueAt, f.valueSize).toByteArray()});
    return out;
}

void ApiRequest::setTarget(QByteArrayView target)
{
    m_targetAt = int(m_head.size());
    m_targetSize = int(target.size());
    const qsizetype question = target.indexOf('?');
    m_pathSize = int(question < 0 ? target.size() : question);
    m_head.append(target);
}

void ApiRequest::addHeader(QByteArrayView name, QByteArrayView value)
{
    Field f;
    f.nameAt = int(m_head.size());
    f.nameSize = int(name.size());
    m_head.append(name);
    f.valueAt = int(m_head.size());
    f.valueSize = int(value.size());
    m_head.append(value);
    m_fields.append(f);
}

} // namespace lifeline
