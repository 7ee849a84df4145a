#include "jsonckeyindex.h"

namespace lifeline {

QString JsoncKeyIndex::encode(const Path &path, qsizetype count)
{
    if (count < 0 || count > path.size())
        count = path.size();
    QString out;
    for (qsizetype i = 0; i < count; ++i)
        out += QString::number(path[i].size()) + u':' + path[i];
    return out;
}

void JsoncKeyIndex::beginContainer(bool object, qsizetype offset)
{
    value(offset);
    m_frames.push_back({object, 0});
    m_path.append(QString());
}

void JsoncKeyIndex::endContainer(qsizetype end)
{
    Q_UNUSED(end)
    m_frames.pop_back();
    m_path.removeLast();
}

void JsoncKeyIndex::key(const QString &key, qsizetype offset)
{
    m_path.last() = key;
    record(offset, true);
}

void JsoncKeyIndex::scalar(const QJsonValue &value, QByteArrayView token, qsizetype offset)
{
    Q_UNUSED(value)
    Q_UNUSED(token)
    this->value(offset);
}

// Object members are recorded at their key; the document and array elements where they start.
void JsoncKeyIndex::value(qsizetype offset)
{
    if (m_frames.empty()) {
        record(offset, false);
        return;
    }
    Frame &frame = m_frames.back();
    if (frame.object)
        return;
    if (m_path.size() <= kDepth)
        m_path.last() = indexComponent(frame.index);
    ++frame.index;
    record(offset, false);
}

void JsoncKeyIndex::record(qsizetype offset, bool isKey)
{
    if (m_path.size() > kDepth || m_offsets.size() >= kMaxEntries)
        return;
    const QString encoded = encode(m_path);
    if (isKey) {
        if (m_offsets.contains(encoded))
            m_duplicates.append({m_path, offset});
        else
            m_keys[encode(m_path, m_path.size() - 1)].append(m_path.constLast());
    }
    m_offsets.insert(encoded, offset); // the last duplicate wins, as in QJsonDocument
}

} // namespace lifeline
