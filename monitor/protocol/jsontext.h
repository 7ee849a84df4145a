#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>

#include <initializer_list>

// Reading and patching JSON text without building a document: the gateway passes a message's own
// bytes on with one member replaced (the id), which costs a scan instead of a parse and an encode.
// Every function but isValid() expects text that a JSON parser, or isValid(), has accepted already;
// on anything else it answers "not found", never crashes.
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

// Whether `text` is one JSON object or array (RFC 8259) with nothing but whitespace around it, held
// strictly: well-formed UTF-8 (no overlong form, no surrogate, nothing above U+10FFFF), escaped
// surrogates in pairs, no raw control character in a string. Stricter than a parser where parsers
// disagree, so that whatever it accepts every parser reads the same: a number with more than 40
// digits or an exponent of more than two digits (which may overflow a double), and nesting deeper
// than 256, are refused, and the caller parses the text instead. Allocates nothing.
bool isValid(QByteArrayView text);

// One pass over the top-level members of the JSON object `text`: found[k] is the value of keys[k],
// invalid when absent. False when `text` is not an object, when one of `keys` is there twice, or
// when any key is spelled with an escape (it might be one of `keys` in disguise).
bool members(QByteArrayView text, std::initializer_list<QByteArrayView> keys, Span *found);

// The value of `number` (a JSON value's text) when it is a plain non-negative integer of at most
// 15 digits, exact in a double: how JSON-RPC ids are usually written. -1 for anything else (a
// string, a sign, a fraction, an exponent, a leading zero), which the caller leaves to a parser.
qint64 plainInteger(QByteArrayView number);

// `text` with the bytes of `span` replaced by `value`, the whitespace around the object dropped,
// and on one line (a line break between tokens becomes a space).
QByteArray replaced(QByteArrayView text, Span span, QByteArrayView value);

// A JSON-RPC id (a number or a string) as JSON text; empty for anything else.
QByteArray encodeId(const QJsonValue &id);

} // namespace lifeline::jsontext
