#include "configwriter.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

#include "jsoncreader.h"

using namespace Qt::StringLiterals;

namespace lifeline {
namespace {

constexpr qint64 kMaxFileSize = ConfigLoader::kMaxFileSize;
constexpr qsizetype kMaxInlineArray = 80; // new arrays of scalars up to this column go on one line
constexpr qsizetype kMaxLine = 120; // what was on one line stays there up to this column

// The document as an ordered tree: QJsonObject sorts its keys, and a person's file should come
// back in the order they wrote it. Scalars keep their text as written ("1e3" stays "1e3").
struct Node
{
    enum class Kind { Object, Array, Scalar };
    Kind kind = Kind::Scalar;
    QString key; // as a member of an object
    QByteArray token; // scalars, as written
    QJsonValue value; // scalars, as read
    std::vector<Node> children;
    bool oneLine = false; // written on one line ({"command": "npx", "args": […]}): kept so if it fits

    static Node object() { return Node {Kind::Object, {}, {}, {}, {}, false}; }

    // The last member named `key` (the one QJsonDocument and the loader use), or nullptr.
    const Node *member(const QString &name) const
    {
        for (auto it = children.rbegin(); it != children.rend(); ++it) {
            if (it->key == name)
                return &*it;
        }
        return nullptr;
    }
    Node *member(const QString &name) { return const_cast<Node *>(std::as_const(*this).member(name)); }
    bool removeMembers(const QString &name)
    {
        const auto before = children.size();
        std::erase_if(children, [&](const Node &n) { return n.key == name; });
        return children.size() != before;
    }
};

// Builds the tree from the one JSONC reader the loader uses too, so the writer accepts exactly
// the files the loader does (comments, trailing commas, a BOM).
class TreeBuilder final : public JsoncReader::Handler
{
public:
    explicit TreeBuilder(const QByteArray &text)
        : m_text(text)
        , m_reader(text, this)
    { }

    // The tree, or nullopt with error() set; empty text (or only comments) reads as a new config.
    std::optional<Node> root()
    {
        if (m_reader.empty())
            return emptyConfig();
        if (m_reader.failed() || !m_root)
            return std::nullopt;
        return std::move(m_root);
    }
    const JsoncReader &reader() const { return m_reader; }

    static Node emptyConfig()
    {
        Node root = Node::object();
        Node servers = Node::object();
        servers.key = u"mcpServers"_s;
        root.children.push_back(servers);
        return root;
    }

    void beginContainer(bool object, qsizetype offset) override
    {
        Node node;
        node.kind = object ? Node::Kind::Object : Node::Kind::Array;
        node.key = std::exchange(m_key, {});
        m_open.push_back({std::move(node), offset});
    }
    void endContainer(qsizetype end) override
    {
        auto [node, start] = std::move(m_open.back());
        m_open.pop_back();
        node.oneLine = !QByteArrayView(m_text).sliced(start, end - start).contains('\n');
        add(std::move(node));
    }
    bool wantsKey(int) const override { return true; }
    void key(const QString &key, qsizetype) override { m_key = key; }
    bool wantsValues() const override { return true; }
    void scalar(const QJsonValue &value, QByteArrayView token, qsizetype) override
    {
        Node node;
        node.key = std::exchange(m_key, {});
        node.token = token.toByteArray();
        node.value = value;
        add(std::move(node));
    }

private:
    void add(Node node)
    {
        if (m_open.empty())
            m_root = std::move(node);
        else
            m_open.back().first.children.push_back(std::move(node));
    }

    const QByteArray &m_text;
    std::vector<std::pair<Node, qsizetype>> m_open; // containers being read, with their start
    QString m_key;
    std::optional<Node> m_root;
    JsoncReader m_reader; // last: it reads in its constructor, into the members above
};

QByteArray stringToken(const QString &text)
{
    QByteArray out = "\"";
    for (const char c : text.toUtf8()) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (uchar(c) < 0x20)
                out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '"';
}

QByteArray scalarToken(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return stringToken(value.toString());
    case QJsonValue::Bool:
        return value.toBool() ? "true" : "false";
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            return QByteArray::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest).toUtf8();
    }
    default:
        return "null";
    }
}

// `value` as a node; parts equal to `old` keep old's text and old's key order.
Node toNode(const QJsonValue &value, const Node *old)
{
    Node node;
    node.oneLine = old && old->oneLine;
    if (value.isObject()) {
        node.kind = Node::Kind::Object;
        const QJsonObject object = value.toObject();
        QStringList done;
        if (old && old->kind == Node::Kind::Object) {
            for (const Node &child : old->children) {
                if (!object.contains(child.key) || done.contains(child.key))
                    continue;
                done.append(child.key);
                const Node *last = old->member(child.key);
                Node converted = toNode(object.value(child.key), last);
                converted.key = child.key;
                node.children.push_back(std::move(converted));
            }
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (done.contains(it.key()))
                continue;
            Node converted = toNode(it.value(), nullptr);
            converted.key = it.key();
            node.children.push_back(std::move(converted));
        }
        return node;
    }
    if (value.isArray()) {
        node.kind = Node::Kind::Array;
        const QJsonArray array = value.toArray();
        const bool hint = old && old->kind == Node::Kind::Array;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const Node *oldChild
                = hint && size_t(i) < old->children.size() ? &old->children[size_t(i)] : nullptr;
            node.children.push_back(toNode(array.at(i), oldChild));
        }
        return node;
    }
    if (old && old->kind == Node::Kind::Scalar && old->value == value) {
        node.token = old->token;
        node.value = old->value;
        return node;
    }
    node.token = scalarToken(value);
    node.value = value;
    return node;
}

// Replaces (or appends) the member, dropping earlier duplicates so the file says one thing.
void setMember(Node &parent, const QString &key, const QJsonValue &value)
{
    Node *old = parent.member(key);
    if (!old) {
        Node node = toNode(value, nullptr);
        node.key = key;
        parent.children.push_back(std::move(node));
        return;
    }
    Node node = toNode(value, old);
    node.key = key;
    *old = std::move(node);
    const Node *kept = old;
    std::erase_if(parent.children, [&](const Node &n) { return n.key == key && &n != kept; });
}

// The object at `key`, created (at the end) when missing or not an object.
Node &objectMember(Node &parent, const QString &key)
{
    Node *node = parent.member(key);
    if (!node) {
        Node created = Node::object();
        created.key = key;
        parent.children.push_back(std::move(created));
        return parent.children.back();
    }
    if (node->kind != Node::Kind::Object) {
        *node = Node::object();
        node->key = key;
    }
    return *node;
}

Node *objectAt(Node &root, const QStringList &path)
{
    Node *node = &root;
    for (const QString &key : path) {
        node = node->member(key);
        if (!node || node->kind != Node::Kind::Object)
            return nullptr;
    }
    return node;
}

// After a removal: objects on `path` left empty by it go too, deepest first, so removing a
// server's last override does not leave "x": {} (nor "servers": {}) behind.
void prune(Node &root, QStringList path)
{
    while (!path.isEmpty()) {
        Node *node = objectAt(root, path);
        if (!node || !node->children.empty())
            return;
        const QString key = path.takeLast();
        Node *parent = objectAt(root, path);
        if (!parent)
            return;
        parent->removeMembers(key);
    }
}

QStringList settingsPath(const QString &server)
{
    return server.isEmpty() ? QStringList {u"lifeline"_s, u"defaults"_s}
                            : QStringList {u"lifeline"_s, u"servers"_s, server};
}

bool isSection(const Node *node)
{
    return node && node->kind == Node::Kind::Object;
}

void applyEdit(Node &root, const ConfigWriter::Edit &edit)
{
    using Kind = ConfigWriter::Edit::Kind;
    switch (edit.kind) {
    case Kind::SetSetting: {
        Node *node = &root;
        for (const QString &key : settingsPath(edit.server))
            node = &objectMember(*node, key);
        setMember(*node, edit.key, edit.value);
        break;
    }
    case Kind::RemoveSetting: {
        const QStringList path = settingsPath(edit.server);
        if (Node *node = objectAt(root, path); node && node->removeMembers(edit.key))
            prune(root, path);
        break;
    }
    case Kind::SetServer: {
        Node *mcp = root.member(u"mcpServers"_s);
        Node *vscode = root.member(u"servers"_s);
        Node *section = nullptr;
        if (isSection(mcp) && mcp->member(edit.server))
            section = mcp;
        else if (isSection(vscode) && vscode->member(edit.server))
            section = vscode;
        else if (isSection(mcp) || !isSection(vscode))
            section = &objectMember(root, u"mcpServers"_s);
        else
            section = vscode;
        setMember(*section, edit.server, edit.value);
        break;
    }
    case Kind::RemoveServer:
        for (const QString &section : {u"mcpServers"_s, u"servers"_s}) {
            if (Node *node = root.member(section); isSection(node))
                node->removeMembers(edit.server);
        }
        if (Node *overrides = objectAt(root, {u"lifeline"_s, u"servers"_s});
            overrides && overrides->removeMembers(edit.server))
            prune(root, {u"lifeline"_s, u"servers"_s});
        break;
    case Kind::SetLifeline:
        setMember(objectMember(root, u"lifeline"_s), edit.key, edit.value);
        break;
    case Kind::RemoveLifeline:
        if (Node *node = objectAt(root, {u"lifeline"_s}); node && node->removeMembers(edit.key))
            prune(root, {u"lifeline"_s});
        break;
    }
}

// The indentation the file already uses (its first indented line), two spaces for a new file.
QByteArray indentUnit(const QByteArray &text)
{
    for (const QByteArray &line : text.split('\n')) {
        qsizetype i = 0;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i == 0 || i == line.size() || line[i] == '\r')
            continue;
        if (line[0] == '\t')
            return "\t";
        return QByteArray(std::clamp<qsizetype>(i, 1, 8), ' ');
    }
    return "  ";
}

QByteArray oneLine(const Node &node)
{
    if (node.kind == Node::Kind::Scalar)
        return node.token;
    const bool object = node.kind == Node::Kind::Object;
    QByteArray out = object ? "{" : "[";
    for (const Node &child : node.children) {
        if (out.size() > 1)
            out += ", ";
        if (object)
            out += stringToken(child.key) + ": ";
        out += oneLine(child);
    }
    return out + (object ? '}' : ']');
}

// `column`: where the value starts on its line, to keep one-line values within kMaxLine.
void serialize(const Node &node, QByteArray &out, int level, const QByteArray &unit, qsizetype column)
{
    if (node.kind == Node::Kind::Scalar) {
        out += node.token;
        return;
    }
    const bool object = node.kind == Node::Kind::Object;
    if (node.children.empty()) {
        out += object ? "{}" : "[]";
        return;
    }
    // ["-y", "@scope/server"] reads better on one line, as people write it; and what the file had
    // on one line stays there while it fits.
    const bool scalars = std::all_of(node.children.begin(), node.children.end(),
        [](const Node &n) { return n.kind == Node::Kind::Scalar; });
    if (node.oneLine || (!object && scalars)) {
        const QByteArray line = oneLine(node);
        if (column + line.size() <= (node.oneLine ? kMaxLine : kMaxInlineArray)) {
            out += line;
            return;
        }
    }
    out += object ? "{\n" : "[\n";
    const QByteArray inner = unit.repeated(level + 1);
    for (size_t i = 0; i < node.children.size(); ++i) {
        const Node &child = node.children[i];
        out += inner;
        if (object)
            out += stringToken(child.key) + ": ";
        serialize(child, out, level + 1, unit, out.size() - (out.lastIndexOf('\n') + 1));
        out += i + 1 < node.children.size() ? ",\n" : "\n";
    }
    out += unit.repeated(level) + (object ? '}' : ']');
}

QByteArray serialize(const Node &root, const QByteArray &unit)
{
    QByteArray out;
    serialize(root, out, 0, unit, 0);
    return out + '\n';
}

ConfigWriter::Result refuse(const QString &fileName, const QString &message)
{
    ConfigWriter::Result result;
    result.errors.append({fileName, 0, 0, {}, message});
    return result;
}

} // namespace

ConfigWriter::Edit ConfigWriter::Edit::setSetting(
    const QString &server, const QString &key, const QJsonValue &value)
{
    return {Kind::SetSetting, server, key, value};
}

ConfigWriter::Edit ConfigWriter::Edit::removeSetting(const QString &server, const QString &key)
{
    return {Kind::RemoveSetting, server, key, {}};
}

ConfigWriter::Edit ConfigWriter::Edit::setServer(const QString &name, const QJsonObject &entry)
{
    return {Kind::SetServer, name, {}, entry};
}

ConfigWriter::Edit ConfigWriter::Edit::removeServer(const QString &name)
{
    return {Kind::RemoveServer, name, {}, {}};
}

ConfigWriter::Edit ConfigWriter::Edit::setLifeline(const QString &key, const QJsonValue &value)
{
    return {Kind::SetLifeline, {}, key, value};
}

ConfigWriter::Edit ConfigWriter::Edit::removeLifeline(const QString &key)
{
    return {Kind::RemoveLifeline, {}, key, {}};
}

ConfigWriter::Result ConfigWriter::apply(const QByteArray &original, const QList<Edit> &edits,
    const QString &fileName, const QProcessEnvironment &env)
{
    if (original.size() > kMaxFileSize)
        return refuse(fileName, u"the file is larger than 16 MiB; refusing to change it"_s);
    TreeBuilder tree(original);
    std::optional<Node> root = tree.root();
    if (!root) {
        Result result;
        const auto [line, column] = tree.reader().lineColumn(tree.reader().errorOffset());
        result.errors.append({fileName, line, column, {}, tree.reader().errorMessage()});
        return result;
    }
    for (const Edit &edit : edits) {
        if ((edit.kind == Edit::Kind::SetServer || edit.kind == Edit::Kind::RemoveServer)
            && edit.server.isEmpty())
            return refuse(fileName, u"a server name must not be empty"_s);
        if ((edit.kind == Edit::Kind::SetSetting || edit.kind == Edit::Kind::RemoveSetting)
            && edit.key.isEmpty())
            return refuse(fileName, u"a settings key must not be empty"_s);
        if (edit.kind == Edit::Kind::SetSetting && edit.value.isUndefined())
            return refuse(fileName, u"no value for %1"_s.arg(edit.key));
        applyEdit(*root, edit);
    }

    Result result;
    result.text = serialize(*root, indentUnit(original));
    result.droppedComments = tree.reader().hasComments();
    ConfigLoader::Result loaded = ConfigLoader::parse(result.text, fileName, env);
    result.errors = loaded.errors;
    result.config = std::move(loaded.config);
    result.ok = result.config.has_value();
    return result;
}

ConfigWriter::Result ConfigWriter::write(
    const QString &path, const QList<Edit> &edits, const QProcessEnvironment &env)
{
    // A config kept elsewhere and linked here (dotfiles) is changed where it lives.
    const QFileInfo link(path);
    const QString target = link.isSymLink() ? link.symLinkTarget() : path;
    const QString name = QFileInfo(path).fileName();
    QFile file(target);
    const bool exists = file.exists();
    QByteArray original;
    if (exists) {
        if (!file.open(QIODevice::ReadOnly))
            return refuse(name, u"cannot open: "_s + file.errorString());
        original = file.read(kMaxFileSize + 1);
        if (file.error() != QFileDevice::NoError)
            return refuse(name, u"cannot read: "_s + file.errorString());
        file.close();
    }

    Result result = apply(original, edits, name, env);
    if (!result.ok)
        return result;
    result.ok = false;

    if (!QDir().mkpath(QFileInfo(target).absolutePath()))
        return refuse(name, u"cannot create the folder %1"_s.arg(QFileInfo(target).absolutePath()));
    if (exists) {
        // The backup may hold tokens like the file: it gets the file's permissions.
        QSaveFile backup(backupPathFor(target));
        if (!backup.open(QIODevice::WriteOnly) || backup.write(original) != original.size()
            || !backup.commit())
            return refuse(
                name, u"cannot write the backup %1: %2"_s.arg(backup.fileName(), backup.errorString()));
        QFile::setPermissions(backupPathFor(target), file.permissions());
        result.backupPath = backupPathFor(target);
    }
    QSaveFile out(target); // a temp file in the same folder, renamed over the file on commit
    if (!out.open(QIODevice::WriteOnly) || out.write(result.text) != result.text.size() || !out.commit())
        return refuse(name, u"cannot write: "_s + out.errorString());
    if (!exists) // a new config may soon hold tokens: only its owner reads it
        QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    result.ok = true;
    return result;
}

// What an empty file (blanks and comments only) reads as: a new file's document.
static QJsonObject newFileDocument()
{
    return QJsonObject {{u"mcpServers"_s, QJsonObject {}}};
}

std::optional<QJsonObject> ConfigWriter::readDocument(const QByteArray &text, QString *error)
{
    ConfigIssue issue;
    const std::optional<QJsonObject> document = readDocument(text, QString(), &issue);
    if (!document && error)
        *error = issue.message;
    return document;
}

std::optional<QJsonObject> ConfigWriter::readDocument(
    const QByteArray &text, const QString &fileName, ConfigIssue *error)
{
    JsoncReader reader(text);
    if (reader.empty())
        return newFileDocument();
    std::optional<QJsonObject> document = reader.object();
    if (!document && error) {
        *error = {fileName, 0, 0, {}, reader.errorMessage()};
        std::tie(error->line, error->column) = reader.lineColumn(reader.errorOffset());
    }
    return document;
}

std::optional<QJsonObject> ConfigWriter::editableDocument(const ConfigLoader::Document &read)
{
    return read.empty ? std::optional<QJsonObject>(newFileDocument()) : read.root;
}

bool ConfigWriter::hasComments(const QByteArray &text)
{
    const JsoncReader reader(text);
    return (!reader.failed() || reader.empty()) && reader.hasComments();
}

} // namespace lifeline
