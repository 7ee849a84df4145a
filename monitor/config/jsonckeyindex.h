#pragma once

#include "jsoncreader.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <vector>

namespace lifeline {

// Where each key (and array element) of a JSONC text starts and the order keys were written in
// (QJsonObject sorts them), with the keys written twice. Fed by a JsoncReader. Paths are object
// keys, and "[i]" for array elements; positions are kept kDepth deep, kMaxEntries at most.
class JsoncKeyIndex final : public JsoncReader::Handler
{
public:
    using Path = QStringList;
    static constexpr int kDepth = 6; // lifeline.servers.x.probe.arguments.y
    static constexpr int kMaxEntries = 200000; // past this, positions are best effort

    static QString indexComponent(qsizetype i) { return u'[' + QString::number(i) + u']'; }

    qsizetype offsetOf(const Path &path) const { return m_offsets.value(encode(path), -1); }
    QStringList keysOf(const Path &path) const { return m_keys.value(encode(path)); }
    // Each repeated key with the offset of the repetition (the last one is the one that counts).
    const QList<QPair<Path, qsizetype>> &duplicates() const { return m_duplicates; }

    void beginContainer(bool object, qsizetype offset) override;
    void endContainer(qsizetype end) override;
    bool wantsKey(int depth) const override { return depth <= kDepth; }
    void key(const QString &key, qsizetype offset) override;
    void scalar(const QJsonValue &value, QByteArrayView token, qsizetype offset) override;

private:
    struct Frame
    {
        bool object;
        qsizetype index;
    };

    static QString encode(const Path &path, qsizetype count = -1);
    void value(qsizetype offset);
    void record(qsizetype offset, bool isKey);

    Path m_path;
    std::vector<Frame> m_frames;
    QHash<QString, qsizetype> m_offsets;
    QHash<QString, QStringList> m_keys;
    QList<QPair<Path, qsizetype>> m_duplicates;
};

} // namespace lifeline
