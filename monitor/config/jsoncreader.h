#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QPair>
#include <QString>
#include <optional>
#include <vector>

namespace lifeline {

// The one JSONC scanner: a single pass over the bytes that
//  - accepts a UTF-8 BOM, // and /* */ comments and trailing commas (VS Code's mcp.json allows
//    them) and blanks them in cleaned(), keeping every offset,
//  - stops at the first syntax error with a message a person can act on,
//  - tells a Handler what it reads, in file order: the loader indexes key positions with it
//    (JsoncKeyIndex), the writer builds its ordered tree with it.
class JsoncReader
{
public:
    static constexpr int kMaxNesting = 1024; // QJsonDocument's own limit

    // Offsets are byte offsets into the text. Values start at `offset`; containers end at `end`
    // (one past their closing bracket).
    class Handler
    {
    public:
        virtual ~Handler() = default;
        virtual void beginContainer(bool object, qsizetype offset) = 0;
        virtual void endContainer(qsizetype end) = 0;
        // Keys are decoded only where the handler asks for them (depth: 1 for the top object's keys).
        virtual bool wantsKey(int depth) const = 0;
        virtual void key(const QString &key, qsizetype offset) = 0;
        // An undecoded key (wantsKey() was false) still marks a member.
        virtual void skippedKey(qsizetype offset) { Q_UNUSED(offset) }
        // `value` is decoded only when wantsValues(); `token` is the scalar as written.
        virtual bool wantsValues() const { return false; }
        virtual void scalar(const QJsonValue &value, QByteArrayView token, qsizetype offset) = 0;
    };

    explicit JsoncReader(const QByteArray &text, Handler *handler = nullptr);
    // How many texts have been scanned in this process: readers of a file should scan it once (the
    // settings dialog's test holds it to that).
    static quint64 scanCount();

    bool failed() const { return m_errorOffset >= 0; }
    bool empty() const { return m_empty; } // nothing but blanks and comments ("the file is empty")
    qsizetype errorOffset() const { return m_errorOffset; }
    const QString &errorMessage() const { return m_errorMessage; }
    bool hasComments() const { return m_comments; } // up to the error, if any
    // The text with comments and trailing commas blanked: plain JSON at the same offsets.
    const QByteArray &cleaned() const { return m_clean; }

    // The document, read from cleaned() by QJsonDocument; nullopt after a syntax error, or with
    // failed() now set where Qt refuses what the scan accepted (its own limits).
    std::optional<QJsonObject> object();

    // 1-based line and column (in characters, not bytes) of a byte offset.
    QPair<int, int> lineColumn(qsizetype offset) const;

    // A scalar as QJsonDocument reads it: integers that fit in 64 bits stay integers.
    static QJsonValue numberValue(QByteArrayView token);

private:
    enum class Want { Value, KeyOrClose, Key, ValueOrClose, CommaOrClose };

    void scan();
    void fail(qsizetype offset, const QString &message);
    int utf8Length(qsizetype i) const;
    QString unexpected(qsizetype i, const QString &expectation) const;
    bool skipSpace(qsizetype &i);
    bool readString(qsizetype &i, QString *out);
    bool skipNumber(qsizetype &i);

    const QByteArray m_original;
    QByteArray m_clean;
    Handler *m_handler;
    qsizetype m_bom = 0;
    qsizetype m_errorOffset = -1;
    QString m_errorMessage;
    bool m_empty = false;
    bool m_comments = false;
    mutable std::vector<qsizetype> m_lineStarts;
};

} // namespace lifeline
