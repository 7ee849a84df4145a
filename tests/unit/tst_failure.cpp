#include "health/failure.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lifeline;

class TestFailure : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classifiesHttpStatus_data();
    void classifiesHttpStatus();
    void classifiesJsonRpcErrors_data();
    void classifiesJsonRpcErrors();
    void parsesRetryAfter();
    void namesRoundTrip();
};

void TestFailure::classifiesHttpStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("retryAfterMs");
    QTest::newRow("401") << 401 << QByteArray() << u"authentication"_s << -1;
    QTest::newRow("403") << 403 << QByteArray() << u"authentication"_s << -1;
    QTest::newRow("429 seconds") << 429 << "7"_ba << u"rate_limit"_s << 7000;
    QTest::newRow("429 no header") << 429 << QByteArray() << u"rate_limit"_s << -1;
    QTest::newRow("429 garbage header") << 429 << "soon"_ba << u"rate_limit"_s << -1;
    QTest::newRow("500") << 500 << QByteArray() << u"server_error"_s << -1;
    QTest::newRow("502") << 502 << QByteArray() << u"server_error"_s << -1;
    QTest::newRow("503 with retry") << 503 << "2"_ba << u"server_error"_s << 2000;
    QTest::newRow("400") << 400 << QByteArray() << u"protocol_error"_s << -1;
    QTest::newRow("404") << 404 << QByteArray() << u"protocol_error"_s << -1;
    QTest::newRow("200") << 200 << QByteArray() << QString() << -1;
}

void TestFailure::classifiesHttpStatus()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QString, type);
    QFETCH(int, retryAfterMs);
    const Failure f = classifyHttpStatus(status, retryAfter, {});
    QCOMPARE(failureTypeName(f.type), type);
    QCOMPARE(f.retryAfterMs, retryAfterMs);
    QCOMPARE(f.httpStatus, status);
    if (f.isFailure())
        QVERIFY(f.detail.contains(QString::number(status)));
}

void TestFailure::classifiesJsonRpcErrors_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("type");
    QTest::newRow("internal") << -32603 << u"server_error"_s;
    QTest::newRow("implementation-defined") << -32000 << u"server_error"_s;
    QTest::newRow("parse error") << -32700 << u"protocol_error"_s;
    QTest::newRow("invalid request") << -32600 << u"protocol_error"_s;
    QTest::newRow("method not found") << -32601 << u"protocol_error"_s;
    QTest::newRow("invalid params") << -32602 << u"protocol_error"_s;
}

void TestFailure::classifiesJsonRpcErrors()
{
    QFETCH(int, code);
    QFETCH(QString, type);
    const Failure f = classifyJsonRpcError(code, u"boom"_s);
    QCOMPARE(failureTypeName(f.type), type);
    QCOMPARE(f.jsonRpcCode, code);
    QVERIFY(f.detail.contains(u"boom"_s));
}

void TestFailure::parsesRetryAfter()
{
    QCOMPARE(parseRetryAfterMs("0"), 0);
    QCOMPARE(parseRetryAfterMs(" 12 "), 12000);
    QCOMPARE(parseRetryAfterMs(""), -1);
    QCOMPARE(parseRetryAfterMs("-3"), -1);
    QCOMPARE(parseRetryAfterMs("99999999"), 24 * 3600 * 1000); // capped at a day
    const QDateTime in30 = QDateTime::currentDateTimeUtc().addSecs(30);
    const QByteArray date = QLocale::c().toString(in30, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
    const int ms = parseRetryAfterMs(date);
    QVERIFY2(ms > 27000 && ms <= 30000, qPrintable(QString::number(ms)));
    QCOMPARE(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"), 0); // in the past
}

void TestFailure::namesRoundTrip()
{
    for (auto t : {FailureType::Timeout, FailureType::ConnectionError, FailureType::Authentication,
             FailureType::RateLimit, FailureType::ServerError, FailureType::ProtocolError,
             FailureType::ProcessExit}) {
        QVERIFY(!failureTypeName(t).isEmpty());
        QCOMPARE(failureTypeFromName(failureTypeName(t)), t);
    }
    QCOMPARE(failureTypeFromName(u"nonsense"_s), FailureType::None);
}

QTEST_APPLESS_MAIN(TestFailure)
#include "tst_failure.moc"
