#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>

// Reading and patching JSON text without building a document: the gateway passes a message's own
// bytes on with one member replaced (the id), which costs a scan instead of a parse and an encode.
// Every function here expects text that a JSON parser has accepted already (the transports parse
// each message before anything reads it); on anything else it answers "not found", never crashes.
namespace lifeline::jsontext {

struct Span
{
    qsizetype begin = -1; // the value's first byte
    qsizetype end = -1; // one past its last
    bool isValid() const { return begin >= 0; }
    qsizetype size() const { return end - begin; }
};

// The value of the top-level member `key` of the JSON object `text`. Not found, or found more than
// once (parsers differ on which duplicate wins), or `text` not an object: an invalid Span.
Span member(QByteArrayView text, QByteArrayView key);

// `text` with the bytes of `span` replaced by `value`, the whitespace around the object dropped,
// and on one line (a line break between tokens becomes a space).
QByteArray replaced(QByteArrayView text, Span span, QByteArrayView value);

// A JSON-RPC id (a number or a string) as JSON text; empty for anything else.
QByteArray encodeId(const QJsonValue &id);

} // namespace lifeline::jsontext
