#include <QTest>

#include "api/apitoken.h"
#include "config/listenaddress.h"
#include "api/requestguard.h"

#include <QFile>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using lifeline::ApiToken;
using lifeline::ListenAddress;
using lifeline::RequestGuard;

class TestRequestGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostHeader_data();
    void hostHeader();
    void originHeader_data();
    void originHeader();
    void anyAddressAllowsTheConnectionsLocalAddress();
    void tokenIsComparedExactly_data();
    void tokenIsComparedExactly();
    void noTokenConfiguredRefusesEveryMutation();
    void verdicts_data();
    void verdicts();
    void listenAddresses_data();
    void listenAddresses();
    void generatedTokenFileIsPrivateAndReused();
    void environmentTokenWins();
};

void TestRequestGuard::hostHeader_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("loopback with port") << "127.0.0.1:7733"_ba << true;
    QTest::newRow("loopback") << "127.0.0.1"_ba << true;
    QTest::newRow("localhost") << "localhost:7733"_ba << true;
    QTest::newRow("LOCALHOST") << "LOCALHOST"_ba << true;
    QTest::newRow("localhost dot") << "localhost.:1"_ba << true;
    QTest::newRow("ipv6 loopback") << "[::1]:7733"_ba << true;
    QTest::newRow("ipv6 loopback no port") << "[::1]"_ba << true;
    QTest::newRow("rebinding name") << "evil.example:7733"_ba << false;
    QTest::newRow("rebinding name no port") << "evil.example"_ba << false;
    QTest::newRow("localhost suffix") << "localhost.evil.example"_ba << false;
    QTest::newRow("other address") << "10.1.2.3:7733"_ba << false;
    QTest::newRow("empty") << ""_ba << false;
    QTest::newRow("bare ipv6") << "::1"_ba << false;
    QTest::newRow("broken bracket") << "[::1:7733"_ba << false;
    QTest::newRow("junk after bracket") << "[::1]x"_ba << false;
}

void TestRequestGuard::hostHeader()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    RequestGuard g;
    QCOMPARE(g.hostAllowed(host), allowed);
}

void TestRequestGuard::originHeader_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("absent") << ""_ba << true;
    QTest::newRow("loopback") << "http://127.0.0.1:7733"_ba << true;
    QTest::newRow("localhost https") << "https://localhost"_ba << true;
    QTest::newRow("ipv6") << "http://[::1]:7733"_ba << true;
    QTest::newRow("other site") << "https://evil.example"_ba << false;
    QTest::newRow("null") << "null"_ba << false;
    QTest::newRow("file") << "file://"_ba << false;
    QTest::newRow("other scheme") << "ftp://127.0.0.1"_ba << false;
}

void TestRequestGuard::originHeader()
{
    QFETCH(QByteArray, origin);
    QFETCH(bool, allowed);
    RequestGuard g;
    QCOMPARE(g.originAllowed(origin), allowed);
}

void TestRequestGuard::anyAddressAllowsTheConnectionsLocalAddress()
{
    RequestGuard g;
    g.setBoundAddress(QHostAddress(QHostAddress::AnyIPv4));
    const QHostAddress local(u"192.0.2.10"_s);
    QVERIFY(g.hostAllowed("192.0.2.10:7733", local));
    QVERIFY(!g.hostAllowed("192.0.2.11:7733", local));
    QVERIFY(!g.hostAllowed("0.0.0.0:7733", local)); // the wildcard is not an address to ask for
    QVERIFY(g.originAllowed("http://192.0.2.10:7733", local));

    RequestGuard bound;
    bound.setBoundAddress(QHostAddress(u"192.0.2.10"_s));
    QVERIFY(bound.hostAllowed("192.0.2.10:7733"));
    QVERIFY(!bound.hostAllowed("192.0.2.12:7733"));
}

void TestRequestGuard::tokenIsComparedExactly_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<bool>("valid");
    QTest::newRow("right") << "Bearer s3cret-token"_ba << true;
    QTest::newRow("scheme case") << "bearer s3cret-token"_ba << true;
    QTest::newRow("extra spaces") << "Bearer   s3cret-token  "_ba << true;
    QTest::newRow("wrong") << "Bearer s3cret-tokeN"_ba << false;
    QTest::newRow("prefix") << "Bearer s3cret"_ba << false;
    QTest::newRow("longer") << "Bearer s3cret-token2"_ba << false;
    QTest::newRow("no scheme") << "s3cret-token"_ba << false;
    QTest::newRow("basic") << "Basic s3cret-token"_ba << false;
    QTest::newRow("empty") << ""_ba << false;
    QTest::newRow("scheme only") << "Bearer "_ba << false;
}

void TestRequestGuard::tokenIsComparedExactly()
{
    QFETCH(QByteArray, authorization);
    QFETCH(bool, valid);
    RequestGuard g;
    g.setToken("s3cret-token");
    QCOMPARE(g.tokenValid(authorization), valid);
}

void TestRequestGuard::noTokenConfiguredRefusesEveryMutation()
{
    RequestGuard g;
    QVERIFY(!g.tokenValid("Bearer "));
    QVERIFY(!g.tokenValid("Bearer x"));
    QCOMPARE(int(g.check("127.0.0.1", {}, "Bearer ", true)), int(RequestGuard::Verdict::Unauthorized));
    QVERIFY(RequestGuard::constantTimeEquals("abc", "abc"));
    QVERIFY(!RequestGuard::constantTimeEquals("abc", "abd"));
    QVERIFY(!RequestGuard::constantTimeEquals("", "abc"));
    QVERIFY(!RequestGuard::constantTimeEquals("abc", ""));
}

void TestRequestGuard::verdicts_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<bool>("mutating");
    QTest::addColumn<bool>("tokenForReads");
    QTest::addColumn<int>("verdict");
    using V = RequestGuard::Verdict;
    const QByteArray ok = "Bearer t0ken";
    QTest::newRow("read, loopback") << "127.0.0.1:1"_ba
                                    << ""_ba
                                    << ""_ba << false << false << int(V::Allow);
    QTest::newRow("write without token") << "127.0.0.1:1"_ba
                                         << ""_ba
                                         << ""_ba << true << false << int(V::Unauthorized);
    QTest::newRow("write, wrong token") << "127.0.0.1:1"_ba
                                        << ""_ba
                                        << "Bearer nope"_ba << true << false << int(V::Unauthorized);
    QTest::newRow("write with token") << "127.0.0.1:1"_ba
                                      << ""_ba << ok << true << false << int(V::Allow);
    QTest::newRow("bad host beats token") << "evil.example"_ba
                                          << ""_ba << ok << true << false << int(V::Forbidden);
    QTest::newRow("bad origin beats token")
        << "127.0.0.1:1"_ba
        << "https://evil.example"_ba << ok << true << false << int(V::Forbidden);
    QTest::newRow("read beyond loopback, no token") << "127.0.0.1:1"_ba
                                                    << ""_ba
                                                    << ""_ba << false << true << int(V::Unauthorized);
    QTest::newRow("read beyond loopback, token") << "127.0.0.1:1"_ba
                                                 << ""_ba << ok << false << true << int(V::Allow);
}

void TestRequestGuard::verdicts()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, authorization);
    QFETCH(bool, mutating);
    QFETCH(bool, tokenForReads);
    QFETCH(int, verdict);
    RequestGuard g;
    g.setToken("t0ken");
    g.setTokenRequiredForReads(tokenForReads);
    QCOMPARE(int(g.check(host, origin, authorization, mutating)), verdict);
}

void TestRequestGuard::listenAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("formatted");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("default") << QString() << true << u"127.0.0.1:7733"_s << true;
    QTest::newRow("off") << u"off"_s << true << u"off"_s << false;
    QTest::newRow("port 0") << u"127.0.0.1:0"_s << true << u"127.0.0.1:0"_s << true;
    QTest::newRow("localhost") << u"localhost:8080"_s << true << u"127.0.0.1:8080"_s << true;
    QTest::newRow("ipv6") << u"[::1]:7733"_s << true << u"[::1]:7733"_s << true;
    QTest::newRow("all ipv4") << u"0.0.0.0:7733"_s << true << u"0.0.0.0:7733"_s << false;
    QTest::newRow("star") << u"*:7733"_s << true << u"*:7733"_s << false;
    QTest::newRow("no port") << u"127.0.0.1"_s << false << QString() << false;
    QTest::newRow("port too big") << u"127.0.0.1:70000"_s << false << QString() << false;
    QTest::newRow("name") << u"example.org:80"_s << false << QString() << false;
    QTest::newRow("bare ipv6") << u"::1:7733"_s << false << QString() << false;
}

void TestRequestGuard::listenAddresses()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, formatted);
    QFETCH(bool, loopback);
    QString error;
    const auto a = ListenAddress::parse(text, &error);
    QCOMPARE(bool(a), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QCOMPARE(a->toString(), formatted);
    if (!a->off)
        QCOMPARE(a->isLoopback(), loopback);
}

void TestRequestGuard::generatedTokenFileIsPrivateAndReused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sub/api-token"_s);
    QString error;
    const ApiToken first = ApiToken::load(path, &error);
    QVERIFY2(first.isValid(), qPrintable(error));
    QCOMPARE(first.source(), ApiToken::Source::Generated);
    QVERIFY(first.value().size() >= 32);
    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    const ApiToken again = ApiToken::load(path, &error);
    QCOMPARE(again.source(), ApiToken::Source::File);
    QCOMPARE(again.value(), first.value());
    // A loosened file is tightened again.
    ::chmod(QFile::encodeName(path).constData(), 0644);
    QCOMPARE(ApiToken::load(path, &error).value(), first.value());
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    // Two generated tokens differ.
    QVERIFY(ApiToken::load(dir.filePath(u"other"_s), &error).value() != first.value());
}

void TestRequestGuard::environmentTokenWins()
{
    qputenv(ApiToken::kEnvironmentVariable, "  from-env  ");
    const ApiToken t = ApiToken::load();
    qunsetenv(ApiToken::kEnvironmentVariable);
    QCOMPARE(t.value(), "from-env"_ba);
    QCOMPARE(t.source(), ApiToken::Source::Environment);
}

QTEST_APPLESS_MAIN(TestRequestGuard)
#include "tst_requestguard.moc"
