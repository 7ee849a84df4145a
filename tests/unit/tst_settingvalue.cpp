#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QTest>

#include "config/settingvalue.h"

using namespace Qt::StringLiterals;
using namespace lifeline;

// The helpers the config loader, the alert rules and the alert channels share: their messages are
// what a user reads for a wrong setting, wherever it is.
class TestSettingValue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesValues_data();
    void writesValues();
    void wholeNumbers_data();
    void wholeNumbers();
    void durations_data();
    void durations();
    void headerNames();
};

void TestSettingValue::writesValues_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("written");

    QTest::newRow("string") << QJsonValue(u"5x"_s) << u"\"5x\""_s;
    QTest::newRow("long string") << QJsonValue(QString(70, u'a')) << u'"' + QString(60, u'a') + u"…\""_s;
    QTest::newRow("control character") << QJsonValue(u"a\nb"_s) << u"\"a\\u000ab\""_s;
    QTest::newRow("number") << QJsonValue(2.5) << u"2.5"_s;
    QTest::newRow("bool") << QJsonValue(false) << u"false"_s;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << u"null"_s;
    QTest::newRow("array") << QJsonValue(QJsonArray {1}) << u"an array"_s;
    QTest::newRow("object") << QJsonValue(QJsonObject {}) << u"an object"_s;
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << u"nothing"_s;
}

void TestSettingValue::writesValues()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, written);
    QCOMPARE(writtenValue(value), written);
}

void TestSettingValue::wholeNumbers_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("expected"); // -1: refused
    QTest::addColumn<QString>("error");

    QTest::newRow("in range") << QJsonValue(5) << 5 << QString();
    QTest::newRow("lowest") << QJsonValue(1) << 1 << QString();
    QTest::newRow("highest") << QJsonValue(100) << 100 << QString();
    QTest::newRow("below") << QJsonValue(0) << -1 << u"expected a whole number from 1 to 100, got 0"_s;
    QTest::newRow("above") << QJsonValue(101) << -1 << u"expected a whole number from 1 to 100, got 101"_s;
    QTest::newRow("fraction") << QJsonValue(2.5) << -1 << u"expected a whole number from 1 to 100, got 2.5"_s;
    QTest::newRow("string") << QJsonValue(u"5"_s) << -1
                            << u"expected a whole number from 1 to 100, got \"5\""_s;
}

void TestSettingValue::wholeNumbers()
{
    QFETCH(QJsonValue, value);
    QFETCH(int, expected);
    QFETCH(QString, error);
    QString why;
    const std::optional<int> n = wholeNumberInRange(value, 1, 100, &why);
    QCOMPARE(n.value_or(-1), expected);
    QCOMPARE(why, error);
}

void TestSettingValue::durations_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("zeroIsOff");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::addColumn<QString>("error");

    QTest::newRow("in range") << QJsonValue(u"30s"_s) << false << 30000LL << QString();
    QTest::newRow("too short") << QJsonValue(u"5ms"_s) << false << -1LL
                               << u"\"5ms\" is too short; the minimum is 1s"_s;
    QTest::newRow("too long") << QJsonValue(u"2h"_s) << false << -1LL
                              << u"\"2h\" is too long; the maximum is 1h"_s;
    QTest::newRow("zero refused") << QJsonValue(0) << false << -1LL << u"0 is too short; the minimum is 1s"_s;
    QTest::newRow("zero is off") << QJsonValue(0) << true << 0LL << QString();
    QTest::newRow("short though zero is off")
        << QJsonValue(u"5ms"_s) << true << -1LL << u"\"5ms\" is too short; the minimum is 1s"_s;
}

void TestSettingValue::durations()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, zeroIsOff);
    QFETCH(qint64, expected);
    QFETCH(QString, error);
    QString why;
    const std::optional<qint64> ms = durationInRange(value, 1000, 3600 * 1000, &why, zeroIsOff);
    QCOMPARE(ms.value_or(-1), expected);
    QCOMPARE(why, error);

    QString parseError;
    QVERIFY(!durationInRange(QJsonValue(u"soon"_s), 0, 1000, &parseError));
    QVERIFY(parseError.contains(u"\"soon\""_s)); // parseDuration's own reason comes through
    QVERIFY(!durationInRange(QJsonValue(u"2h"_s), 0, 1000, nullptr)); // the error is optional
}

void TestSettingValue::headerNames()
{
    QVERIFY(isHttpHeaderName(u"X-Api-Key"));
    QVERIFY(isHttpHeaderName(u"a!#$%&'*+-.^_`|~9"));
    QVERIFY(!isHttpHeaderName(u""));
    QVERIFY(!isHttpHeaderName(u"X Api"));
    QVERIFY(!isHttpHeaderName(u"X:Api"));
    QVERIFY(!isHttpHeaderName(u"Ä"));
}

QTEST_GUILESS_MAIN(TestSettingValue)
#include "tst_settingvalue.moc"
