#include <QJsonArray>
#include <QJsonValue>
#include <QTest>
#include <limits>

#include "config/duration.h"

using namespace Qt::StringLiterals;
using lifeline::formatDuration;
using lifeline::parseDuration;

class TestDuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesGoodStrings_data();
    void parsesGoodStrings();
    void refusesBadStrings_data();
    void refusesBadStrings();
    void parsesJsonValues_data();
    void parsesJsonValues();
    void formatsDurations_data();
    void formatsDurations();
    void formatThenParseRoundTrips_data();
    void formatThenParseRoundTrips();
    void errorPointerIsOptional();
};

void TestDuration::parsesGoodStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");

    QTest::newRow("zero") << u"0"_s << 0LL;
    QTest::newRow("zero ms") << u"0ms"_s << 0LL;
    QTest::newRow("zero seconds") << u"0s"_s << 0LL;
    QTest::newRow("milliseconds") << u"250ms"_s << 250LL;
    QTest::newRow("seconds") << u"30s"_s << 30000LL;
    QTest::newRow("minutes") << u"5m"_s << 300000LL;
    QTest::newRow("hours") << u"1h"_s << 3600000LL;
    QTest::newRow("days") << u"14d"_s << 1209600000LL;
    QTest::newRow("days and hours") << u"1d12h"_s << 129600000LL;
    QTest::newRow("fraction of a second") << u"1.5s"_s << 1500LL;
    QTest::newRow("fraction, trailing zeros") << u"2.500s"_s << 2500LL;
    QTest::newRow("one millisecond as seconds") << u"0.001s"_s << 1LL;
    QTest::newRow("fraction of an hour") << u"0.25h"_s << 900000LL;
    QTest::newRow("fraction of a minute") << u"1.5m"_s << 90000LL;
    QTest::newRow("whole milliseconds written with .0") << u"5.0ms"_s << 5LL;
    QTest::newRow("minutes and seconds") << u"1m30s"_s << 90000LL;
    QTest::newRow("hours and minutes") << u"1h30m"_s << 5400000LL;
    QTest::newRow("every unit") << u"1h2m3s4ms"_s << 3723004LL;
    QTest::newRow("combo with a fraction") << u"1m0.5s"_s << 60500LL;
    QTest::newRow("leading and trailing spaces") << u"  30s  "_s << 30000LL;
    QTest::newRow("tabs and newline") << u"\t5m\n"_s << 300000LL;
    QTest::newRow("space between parts") << u"1m 30s"_s << 90000LL;
    QTest::newRow("space before the unit") << u"30 s"_s << 30000LL;
    QTest::newRow("leading zeros") << u"007s"_s << 7000LL;
    QTest::newRow("largest value") << u"9223372036854775807ms"_s << std::numeric_limits<qint64>::max();
    QTest::newRow("largest whole hours") << u"2562047788015h"_s << 2562047788015LL * 3600000;
}

void TestDuration::parsesGoodStrings()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    QString error;
    const std::optional<qint64> parsed = parseDuration(text, &error);
    QVERIFY2(parsed.has_value(), qPrintable(error));
    QCOMPARE(*parsed, ms);
    QVERIFY(error.isEmpty());
}

void TestDuration::refusesBadStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    const QString hint = u"(use e.g. \"250ms\", \"30s\", \"5m\")"_s;
    QTest::newRow("empty") << QString() << u"an empty string is not a duration "_s + hint;
    QTest::newRow("only whitespace") << u"   "_s << u"an empty string is not a duration "_s + hint;
    QTest::newRow("negative") << u"-5s"_s << u"\"-5s\" is negative; a duration must be 0 or more"_s;
    QTest::newRow("negative number") << u"-250"_s << u"\"-250\" is negative; a duration must be 0 or more"_s;
    QTest::newRow("unknown unit") << u"5 parsecs"_s << u"\"5 parsecs\" is not a duration "_s + hint;
    QTest::newRow("no unit") << u"30"_s << u"\"30\" has no unit "_s + hint;
    QTest::newRow("garbage") << u"soon"_s << u"\"soon\" is not a duration "_s + hint;
    QTest::newRow("unit only") << u"ms"_s << u"\"ms\" is not a duration "_s + hint;
    QTest::newRow("upper-case unit") << u"5S"_s << u"\"5S\" is not a duration "_s + hint;
    QTest::newRow("plus sign") << u"+5s"_s << u"\"+5s\" is not a duration "_s + hint;
    QTest::newRow("dot without digits after") << u"1.s"_s << u"\"1.s\" is not a duration "_s + hint;
    QTest::newRow("dot without digits before") << u".5s"_s << u"\".5s\" is not a duration "_s + hint;
    QTest::newRow("exponent") << u"1e3ms"_s << u"\"1e3ms\" is not a duration "_s + hint;
    QTest::newRow("trailing number without unit") << u"1h30"_s << u"\"1h30\" is not a duration "_s + hint;
    QTest::newRow("comma decimal") << u"1,5s"_s << u"\"1,5s\" is not a duration "_s + hint;
    QTest::newRow("full-width digits") << u"５s"_s << u"\"５s\" is not a duration "_s + hint;
    QTest::newRow("control character") << u"5\u0001s"_s << u"\"5\\u0001s\" is not a duration "_s + hint;
    QTest::newRow("units out of order")
        << u"30s1m"_s
        << u"\"30s1m\" is not a duration (units go from the largest to the smallest, each once, e.g. \"1m30s\")"_s;
    QTest::newRow("unit repeated")
        << u"1s1s"_s
        << u"\"1s1s\" is not a duration (units go from the largest to the smallest, each once, e.g. \"1m30s\")"_s;
    QTest::newRow("finer than a millisecond") << u"0.5ms"_s << u"\"0.5ms\" is finer than a millisecond"_s;
    QTest::newRow("fraction finer than a millisecond")
        << u"1.0001s"_s << u"\"1.0001s\" is finer than a millisecond"_s;
    QTest::newRow("very long fraction")
        << u"1.0000000001h"_s << u"\"1.0000000001h\" is finer than a millisecond"_s;
    QTest::newRow("overflowing digits")
        << u"99999999999999999999ms"_s << u"\"99999999999999999999ms\" is too large"_s;
    QTest::newRow("overflowing multiplication")
        << u"2562047788016h"_s << u"\"2562047788016h\" is too large"_s;
    QTest::newRow("overflowing sum") << u"2562047788015h60m"_s << u"\"2562047788015h60m\" is too large"_s;
    QTest::newRow("long garbage is shortened")
        << QString(100, u'x') << u"\""_s + QString(40, u'x') + u"…\" is not a duration "_s + hint;
}

void TestDuration::refusesBadStrings()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QString actual;
    const std::optional<qint64> parsed = parseDuration(text, &actual);
    QVERIFY2(!parsed.has_value(), qPrintable(QString::number(parsed.value_or(-1))));
    QCOMPARE(actual, error);
}

void TestDuration::parsesJsonValues_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<qint64>("ms"); // -1: refused
    QTest::addColumn<QString>("error");

    QTest::newRow("number of milliseconds") << QJsonValue(250) << 250LL << QString();
    QTest::newRow("zero") << QJsonValue(0) << 0LL << QString();
    QTest::newRow("large integer") << QJsonValue(qint64(1) << 40) << (qint64(1) << 40) << QString();
    QTest::newRow("whole double") << QJsonValue(1500.0) << 1500LL << QString();
    QTest::newRow("string") << QJsonValue(u"1m30s"_s) << 90000LL << QString();
    QTest::newRow("negative number") << QJsonValue(-1) << -1LL
                                     << u"-1 is negative; a duration must be 0 or more"_s;
    QTest::newRow("fractional milliseconds")
        << QJsonValue(1.5) << -1LL << u"1.5 is not a whole number of milliseconds"_s;
    QTest::newRow("too large") << QJsonValue(1e300) << -1LL << u"1e+300 is too large"_s;
    QTest::newRow("just past qint64") << QJsonValue(9.3e18) << -1LL << u"9.3e+18 is too large"_s;
    const QString expected
        = u"expected a duration: a number of milliseconds or a string (use e.g. \"250ms\", \"30s\", \"5m\")"_s;
    QTest::newRow("bool") << QJsonValue(true) << -1LL << expected;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << -1LL << expected;
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << -1LL << expected;
    QTest::newRow("array") << QJsonValue(QJsonArray {1}) << -1LL << expected;
    QTest::newRow("bad string") << QJsonValue(u"5 parsecs"_s) << -1LL
                                << u"\"5 parsecs\" is not a duration (use e.g. \"250ms\", \"30s\", \"5m\")"_s;
}

void TestDuration::parsesJsonValues()
{
    QFETCH(QJsonValue, value);
    QFETCH(qint64, ms);
    QFETCH(QString, error);
    QString actual;
    const std::optional<qint64> parsed = parseDuration(value, &actual);
    if (ms >= 0) {
        QVERIFY2(parsed.has_value(), qPrintable(actual));
        QCOMPARE(*parsed, ms);
    } else {
        QVERIFY(!parsed.has_value());
        QCOMPARE(actual, error);
    }
}

void TestDuration::formatsDurations_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << 0LL << u"0ms"_s;
    QTest::newRow("milliseconds") << 250LL << u"250ms"_s;
    QTest::newRow("one second") << 1000LL << u"1s"_s;
    QTest::newRow("second and a half") << 1500LL << u"1.5s"_s;
    QTest::newRow("seconds with milliseconds") << 2005LL << u"2.005s"_s;
    QTest::newRow("seconds") << 30000LL << u"30s"_s;
    QTest::newRow("minutes and seconds") << 90000LL << u"1m30s"_s;
    QTest::newRow("minutes") << 300000LL << u"5m"_s;
    QTest::newRow("hour") << 3600000LL << u"1h"_s;
    QTest::newRow("hour and milliseconds") << 3600250LL << u"1h250ms"_s;
    QTest::newRow("hour and a half") << 5400000LL << u"1h30m"_s;
    QTest::newRow("every unit") << 3723004LL << u"1h2m3.004s"_s;
    QTest::newRow("more than a day stays in hours") << 90000000LL << u"25h"_s;
    QTest::newRow("negative is shown, not hidden") << -250LL << u"-250ms"_s;
    QTest::newRow("most negative does not overflow")
        << std::numeric_limits<qint64>::min() << u"-2562047788015h12m55.808s"_s;
}

void TestDuration::formatsDurations()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

void TestDuration::formatThenParseRoundTrips_data()
{
    QTest::addColumn<qint64>("ms");
    for (const qint64 ms : {0LL, 1LL, 999LL, 1000LL, 1001LL, 59999LL, 60000LL, 61001LL, 3599999LL, 3600000LL,
             86400000LL, 123456789LL, std::numeric_limits<qint64>::max()}) {
        QTest::addRow("%lld", ms) << ms;
    }
}

void TestDuration::formatThenParseRoundTrips()
{
    QFETCH(qint64, ms);
    const QString text = formatDuration(ms);
    QString error;
    const std::optional<qint64> parsed = parseDuration(text, &error);
    QVERIFY2(parsed.has_value(), qPrintable(text + u": "_s + error));
    QCOMPARE(*parsed, ms);
}

void TestDuration::errorPointerIsOptional()
{
    QVERIFY(!parseDuration(u"nope"_s).has_value());
    QVERIFY(!parseDuration(QJsonValue(-5)).has_value());
    QCOMPARE(parseDuration(u"5s"_s), std::optional<qint64>(5000));
}

QTEST_APPLESS_MAIN(TestDuration)
#include "tst_duration.moc"
