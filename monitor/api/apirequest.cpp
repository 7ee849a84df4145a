#include "apirequest.h"

namespace lifeline {

ApiRequest ApiRequest::from(const QHttpServerRequest &request)
{
    ApiRequest r;
    r.m_method = request.method();
    r.m_url = request.url();
    r.m_headers = request.headers();
    r.m_body = request.body();
    r.m_remote = request.remoteAddress();
    return r;
}

QByteArray ApiRequest::value(QByteArrayView name) const
{
    for (const auto &h : m_headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

} // namespace lifeline
