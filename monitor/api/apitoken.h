#pragma once

#include <QByteArray>
#include <QString>

namespace lifeline {

// The bearer token of the status server. From the environment variable LIFELINE_API_TOKEN when
// set; otherwise read from, or generated on first use into, `$XDG_CONFIG_HOME/mcp-lifeline/api-token`
// (mode 0600). The window shows it so that a person can copy it into a script.
class ApiToken
{
public:
    enum class Source { None, Environment, File, Generated };

    static constexpr const char *kEnvironmentVariable = "LIFELINE_API_TOKEN";

    // Loads (or creates) the token; on failure the token is empty and `error` says why.
    static ApiToken load(QString *error = nullptr);
    static ApiToken load(const QString &path, QString *error);
    static ApiToken fromValue(const QByteArray &value); // tests
    static QString defaultPath();

    bool isValid() const { return !m_value.isEmpty(); }
    QByteArray value() const { return m_value; }
    Source source() const { return m_source; }
    QString path() const { return m_path; } // the file, when it came from one

private:
    QByteArray m_value;
    Source m_source = Source::None;
    QString m_path;
};

} // namespace lifeline
