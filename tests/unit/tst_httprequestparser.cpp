#include "api/apitcpserver.h"
#include "api/httprequestparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lifeline::ApiRequest;
using lifeline::ApiTcpServer;
using lifeline::HttpRequestParser;
using Result = HttpRequestParser::Result;

namespace {

// Every complete request in `bytes`, fed in pieces split at `splits`; `error`: the status of a failure.
QList<ApiRequest> parseAll(const QByteArray &bytes, QList<qsizetype> splits = {}, int *error = nullptr)
{
    HttpRequestParser parser;
    QList<ApiRequest> out;
    qsizetype from = 0;
    splits.append(bytes.size());
    for (qsizetype to : splits) {
        parser.append(QByteArrayView(bytes).sliced(from, to - from));
        from = to;
        for (;;) {
            const Result r = parser.parse();
            if (r == Result::Request) {
                out.append(parser.takeRequest());
                continue;
            }
            if (r == Result::Error && error)
                *error = parser.errorStatus();
            if (r == Result::Error)
                return out;
            break;
        }
    }
    return out;
}

int errorOf(const QByteArray &bytes)
{
    int error = 0;
    parseAll(bytes, {}, &error);
    return error;
}

const QByteArray kPost = "POST /mcp/servers/everything?x=1&y=a%20b HTTP/1.1\r\n"
                         "Host: 127.0.0.1:8080\r\nContent-Type: application/json\r\n"
                         "Accept:  application/json, text/event-stream \r\nContent-Length: 11\r\n\r\n"
                         "{\"a\":\"b c\"}"_ba;

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsMethodTargetHeadersAndBody()
    {
        const QList<ApiRequest> r = parseAll(kPost);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].method(), ApiRequest::Method::Post);
        QCOMPARE(r[0].url().path(), u"/mcp/servers/everything"_s);
        QCOMPARE(r[0].query().queryItemValue(u"y"_s, QUrl::FullyDecoded), u"a b"_s);
        QCOMPARE(r[0].value("content-type"), "application/json"_ba);
        QCOMPARE(r[0].value("ACCEPT"), "application/json, text/event-stream"_ba); // OWS trimmed
        QCOMPARE(r[0].headers().size(), 4);
        QCOMPARE(r[0].headers()[0].first, "Host"_ba); // names as sent
        QCOMPARE(r[0].body(), "{\"a\":\"b c\"}"_ba);
    }

    void keepsPercentEncodedSlashInsideItsSegment()
    {
        const QList<ApiRequest> r = parseAll("GET /api/servers/a%2Fb HTTP/1.1\r\nHost: localhost\r\n\r\n"_ba);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].url().path(QUrl::FullyEncoded), u"/api/servers/a%2Fb"_s);
        QCOMPARE(r[0].method(), ApiRequest::Method::Get);
    }

    void sameRequestWhereverTheBytesAreSplit()
    {
        const QByteArray chunked = "POST /mcp HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   "4;ext=1\r\n{\"a\"\r\n7\r\n:\"b c\"}\r\n0\r\nX-Trailer: t\r\n\r\n"_ba;
        for (const QByteArray &bytes : {kPost, chunked}) {
            for (qsizetype i = 0; i <= bytes.size(); ++i) {
                const QList<ApiRequest> r = parseAll(bytes, {i});
                QVERIFY2(r.size() == 1, qPrintable(u"split at %1"_s.arg(i)));
                QCOMPARE(r[0].body(), "{\"a\":\"b c\"}"_ba);
                QCOMPARE(r[0].method(), ApiRequest::Method::Post);
            }
        }
        // One byte at a time too.
        QList<qsizetype> every;
        for (qsizetype i = 1; i < kPost.size(); ++i)
            every.append(i);
        QCOMPARE(parseAll(kPost, every).size(), 1);
    }

    void pipelinedRequestsComeOutInOrder()
    {
        const QByteArray bytes = "GET /health HTTP/1.1\r\nHost: h\r\n\r\n"_ba + kPost
            + "\r\nGET /metrics HTTP/1.1\r\nHost: h\r\n\r\nGET /par"_ba; // a stray CRLF, then half a request
        HttpRequestParser parser;
        parser.append(bytes);
        QCOMPARE(parser.parse(), Result::Request);
        QCOMPARE(parser.takeRequest().url().path(), u"/health"_s);
        QCOMPARE(parser.parse(), Result::Request);
        QCOMPARE(parser.takeRequest().body(), "{\"a\":\"b c\"}"_ba);
        QCOMPARE(parser.parse(), Result::Request);
        QCOMPARE(parser.takeRequest().url().path(), u"/metrics"_s);
        QCOMPARE(parser.parse(), Result::NeedMore);
        QCOMPARE(parser.pendingBytes(), 8);
        parser.append("tial HTTP/1.1\r\nHost: h\r\n\r\n");
        QCOMPARE(parser.parse(), Result::Request);
        QCOMPARE(parser.takeRequest().url().path(), u"/partial"_s);
        QCOMPARE(parser.parse(), Result::NeedMore);
        QCOMPARE(parser.pendingBytes(), 0);
    }

    void reportsExpectContinueBeforeTheBody()
    {
        HttpRequestParser parser;
        parser.append("POST /mcp HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QCOMPARE(parser.parse(), Result::NeedMore);
        QVERIFY(parser.inBody());
        QVERIFY(parser.expectsContinue());
        parser.append("{}");
        QCOMPARE(parser.parse(), Result::Request);
        QVERIFY(!parser.inBody());
        QCOMPARE(parser.takeRequest().body(), "{}"_ba);

        HttpRequestParser plain;
        plain.append("POST /mcp HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n");
        QCOMPARE(plain.parse(), Result::NeedMore);
        QVERIFY(plain.inBody());
        QVERIFY(!plain.expectsContinue());
    }

    void keepAlivePerVersionAndConnection_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1") << "GET / HTTP/1.1\r\n\r\n"_ba << true;
        QTest::newRow("1.1 close") << "GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"_ba << false;
        QTest::newRow("1.1 list") << "GET / HTTP/1.1\r\nConnection: te, close\r\n\r\n"_ba << false;
        QTest::newRow("1.0") << "GET / HTTP/1.0\r\n\r\n"_ba << false;
        QTest::newRow("1.0 keep-alive") << "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << true;
    }
    void keepAlivePerVersionAndConnection()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, keepAlive);
        HttpRequestParser parser;
        parser.append(head);
        QCOMPARE(parser.parse(), Result::Request);
        QCOMPARE(parser.keepAlive(), keepAlive);
    }

    void reportsWebSocketUpgradeWithItsBytes()
    {
        const QByteArray head = "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n"_ba;
        HttpRequestParser parser;
        parser.append("GET /health HTTP/1.1\r\n\r\n"_ba + head + "\x81\x00"_ba);
        QCOMPARE(parser.parse(), Result::Request);
        QVERIFY(!parser.webSocketUpgrade());
        QCOMPARE(parser.parse(), Result::Request);
        QVERIFY(parser.webSocketUpgrade());
        QCOMPARE(parser.requestBytesAndRest(), head + "\x81\x00"_ba);
    }

    void refusesWhatIsNotHttp11_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        const QByteArray big = QByteArray::number(ApiTcpServer::kMaxBodyBytes + 1);
        QTest::newRow("obs-fold") << "GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n"_ba << 400;
        QTest::newRow("space before colon") << "GET / HTTP/1.1\r\nHost : h\r\n\r\n"_ba << 400;
        QTest::newRow("bad name char") << "GET / HTTP/1.1\r\nX(a): h\r\n\r\n"_ba << 400;
        QTest::newRow("no colon") << "GET / HTTP/1.1\r\nHost\r\n\r\n"_ba << 400;
        QTest::newRow("bare CR in value") << "GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n"_ba << 400;
        QTest::newRow("request line parts") << "GET / x HTTP/1.1\r\n\r\n"_ba << 400;
        QTest::newRow("no version") << "GET /\r\n\r\n"_ba << 400;
        QTest::newRow("bad method") << "G(T / HTTP/1.1\r\n\r\n"_ba << 400;
        QTest::newRow("not http") << "GET / HTTX/1.1\r\n\r\n"_ba << 400;
        QTest::newRow("HTTP/2.0") << "GET / HTTP/2.0\r\n\r\n"_ba << 505;
        QTest::newRow("HTTP/1.2") << "GET / HTTP/1.2\r\n\r\n"_ba << 505;
        QTest::newRow("absolute-form") << "GET http://h/ HTTP/1.1\r\n\r\n"_ba << 400;
        QTest::newRow("asterisk-form") << "OPTIONS * HTTP/1.1\r\n\r\n"_ba << 400;
        QTest::newRow("CL not a number") << "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"_ba << 400;
        QTest::newRow("CL negative") << "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"_ba << 400;
        QTest::newRow("CL two values")
            << "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"_ba << 400;
        QTest::newRow("CL list") << "POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\nab"_ba << 400;
        QTest::newRow("CL over the bound") << "POST / HTTP/1.1\r\nContent-Length: "_ba + big + "\r\n\r\n"
                                           << 413;
        QTest::newRow("CL huge") << "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"_ba
                                 << 413;
        QTest::newRow("CL and TE")
            << "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"_ba << 400;
        QTest::newRow("TE gzip") << "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"_ba << 501;
        QTest::newRow("TE chunked, gzip")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"_ba << 501;
        QTest::newRow("bad chunk size")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"_ba << 400;
        QTest::newRow("chunk without CRLF")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n"_ba << 400;
        QTest::newRow("chunk over the bound") << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"_ba
                + QByteArray::number(ApiTcpServer::kMaxBodyBytes + 1, 16)
                + "\r\n" << 413;
        QTest::newRow("head without end")
            << "GET / HTTP/1.1\r\nX: "_ba + QByteArray(ApiTcpServer::kMaxHeadBytes, 'a') << 431;
        QTest::newRow("head too long")
            << "GET / HTTP/1.1\r\nX: "_ba + QByteArray(ApiTcpServer::kMaxHeadBytes, 'a') + "\r\n\r\n"
            << 431;
    }
    void refusesWhatIsNotHttp11()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QCOMPARE(errorOf(bytes), status);
    }

    void acceptsRepeatedEqualContentLength()
    {
        const QList<ApiRequest> r
            = parseAll("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"_ba);
        QCOMPARE(r.size(), 1);
        QCOMPARE(r[0].body(), "ab"_ba);
    }

    void chunkedBodyMayReachTheBoundButNotPassIt()
    {
        const qint64 half = ApiTcpServer::kMaxBodyBytes / 2;
        const QByteArray piece = QByteArray::number(half, 16) + "\r\n" + QByteArray(half, 'x') + "\r\n";
        const QByteArray head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
        const QList<ApiRequest> ok = parseAll(head + piece + piece + "0\r\n\r\n");
        QCOMPARE(ok.size(), 1);
        QCOMPARE(ok[0].body().size(), ApiTcpServer::kMaxBodyBytes);
        QCOMPARE(errorOf(head + piece + piece + "1\r\nx\r\n0\r\n\r\n"), 413);
    }

    void staysFailedAfterAnError()
    {
        HttpRequestParser parser;
        parser.append("GET / HTTP/3.0\r\n\r\n");
        QCOMPARE(parser.parse(), Result::Error);
        QCOMPARE(parser.errorReason(), "HTTP Version Not Supported"_ba);
        QVERIFY(!parser.keepAlive());
        parser.append("GET / HTTP/1.1\r\n\r\n");
        QCOMPARE(parser.parse(), Result::Error);
    }
};

QTEST_APPLESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
