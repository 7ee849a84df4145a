#include "connecthost.h"

#include "linepipe.h"

#include "api/gatewayendpoint.h"

#include "config/listenaddress.h"
#include "protocol/jsonrpc.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lifeline {

Q_LOGGING_CATEGORY(lcConnectHost, "lifeline.connect")

namespace {

constexpr int kHandOverWaitMs = 5000; // Lifeline's engine answers in milliseconds; this is a hung one

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// The folder must be ours alone: nobody else may place a socket where connect looks for Lifeline.
bool ownPrivateFolder(const QString &dir, bool create, QString *why)
{
    const QByteArray d = QFile::encodeName(dir);
    if (create && ::mkdir(d.constData(), 0700) != 0 && errno != EEXIST) {
        *why = u"%1: %2"_s.arg(dir, errnoText());
        return false;
    }
    struct stat st = {};
    if (::lstat(d.constData(), &st) != 0) {
        *why = u"%1: %2"_s.arg(dir, errnoText());
        return false;
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
        *why = u"%1 is not a folder of this user's alone (mode 0700)"_s.arg(dir);
        return false;
    }
    return true;
}

bool fillAddress(const QString &path, sockaddr_un *address, QString *why)
{
    const QByteArray p = QFile::encodeName(path);
    *address = {};
    address->sun_family = AF_UNIX;
    if (size_t(p.size()) >= sizeof address->sun_path) {
        *why = u"%1: path too long for a socket"_s.arg(path);
        return false;
    }
    std::memcpy(address->sun_path, p.constData(), size_t(p.size()));
    return true;
}

bool samePeer(int fd)
{
    ucred cred = {};
    socklen_t size = sizeof cred;
    return ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) == 0 && cred.uid == ::geteuid();
}

QString tempFolder()
{
    return QDir::tempPath() + u"/mcp-lifeline-"_s + QString::number(::geteuid());
}

QString socketName(const QHostAddress &host, quint16 port)
{
    return u"/connect-"_s + host.toString() + u'-' + QString::number(port) + u".sock"_s;
}

} // namespace

QString ConnectHost::socketPath(const QHostAddress &address, quint16 port)
{
    QHostAddress host = address;
    if (host == QHostAddress(QHostAddress::Any) || host == QHostAddress(QHostAddress::AnyIPv4))
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress(QHostAddress::AnyIPv6))
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return (runtime.isEmpty() ? tempFolder() : runtime + u"/mcp-lifeline"_s) + socketName(host, port);
}

QStringList ConnectHost::socketPaths(const QHostAddress &address, quint16 port)
{
    const QString first = socketPath(address, port);
    const QString name = first.section(u'/', -1);
    QStringList paths {first};
    for (const QString &dir : {u"/run/user/%1/mcp-lifeline"_s.arg(::geteuid()), tempFolder()}) {
        if (!paths.contains(dir + u'/' + name))
            paths.append(dir + u'/' + name);
    }
    return paths;
}

bool ConnectHost::sendPacket(int fd, const QJsonObject &packet)
{
    const QByteArray bytes = QJsonDocument(packet).toJson(QJsonDocument::Compact);
    ssize_t n;
    do {
        n = ::send(fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n == bytes.size();
}

std::optional<QJsonObject> ConnectHost::readPacket(int fd)
{
    // The packet's size first (MSG_TRUNC reports it whole), then the packet into a buffer that fits.
    char probe = 0;
    ssize_t size;
    do {
        size = ::recv(fd, &probe, 1, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    } while (size < 0 && errno == EINTR);
    if (size < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return QJsonObject {};
    if (size <= 0)
        return std::nullopt;
    QByteArray bytes(size, Qt::Uninitialized);
    ssize_t n;
    do {
        n = ::recv(fd, bytes.data(), size_t(bytes.size()), MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return std::nullopt;
    bytes.truncate(n);
    const QJsonObject packet = QJsonDocument::fromJson(bytes).object();
    return packet.isEmpty() ? QJsonObject {{"unreadable"_L1, true}} : packet;
}

int ConnectHost::handOver(const QString &path, const QJsonObject &hello, QString *why, std::array<int, 3> fds)
{
    QString problem;
    sockaddr_un address;
    if (!ownPrivateFolder(QFileInfo(path).path(), false, &problem)
        || !fillAddress(path, &address, &problem)) {
        *why = problem;
        return -1;
    }
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *why = errnoText();
        return -1;
    }
    const auto fail = [&](const QString &text) {
        *why = text;
        ::close(fd);
        return -1;
    };
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        return fail(u"%1: %2"_s.arg(path, errnoText()));
    if (!samePeer(fd))
        return fail(u"%1 is served by another user"_s.arg(path));

    const QByteArray bytes = QJsonDocument(hello).toJson(QJsonDocument::Compact);
    iovec io {const_cast<char *>(bytes.constData()), size_t(bytes.size())};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)] = {};
    msghdr message = {};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    cmsghdr *c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof fds);
    ssize_t sent;
    do {
        sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent != bytes.size())
        return fail(u"%1: %2"_s.arg(path, errnoText()));

    // Lifeline answers before it reads a byte of stdin: until "ok" nothing was taken from the
    // client, so a refusal (or no answer) leaves the bridging to us.
    pollfd p {fd, POLLIN, 0};
    int ready;
    do {
        ready = ::poll(&p, 1, kHandOverWaitMs);
    } while (ready < 0 && errno == EINTR);
    if (ready <= 0)
        return fail(u"%1: no answer"_s.arg(path));
    const std::optional<QJsonObject> answer = readPacket(fd);
    if (!answer)
        return fail(u"%1: closed"_s.arg(path));
    if (!answer->value("ok"_L1).toBool())
        return fail(answer->value("error"_L1).toString(u"refused"_s));
    return fd;
}

ConnectHost::ConnectHost(GatewayEndpoint *endpoint)
    : m_endpoint(endpoint)
{ }

ConnectHost::~ConnectHost()
{
    while (!m_guests.empty())
        end(m_guests.begin()->first, Ending::HandBack);
    if (m_listener >= 0) {
        ::close(m_listener);
        ::unlink(QFile::encodeName(m_path).constData());
    }
}

bool ConnectHost::listen(const QString &path, QString *error)
{
    sockaddr_un address;
    if (!ownPrivateFolder(QFileInfo(path).path(), true, error) || !fillAddress(path, &address, error))
        return false;
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *error = errnoText();
        return false;
    }
    // The status server's port is ours, so a socket left at this path is a dead Lifeline's.
    ::unlink(address.sun_path);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0) {
        *error = u"%1: %2"_s.arg(path, errnoText());
        ::close(fd);
        return false;
    }
    m_listener = fd;
    m_path = path;
    return true;
}

void ConnectHost::start()
{
    if (m_listener < 0 || m_acceptNotifier)
        return;
    m_acceptNotifier = new QSocketNotifier(m_listener, QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &ConnectHost::accept);
}

void ConnectHost::accept()
{
    for (;;) {
        const int control = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (control < 0)
            return; // EAGAIN: none left; anything else: that one is gone already
        if (!samePeer(control)) {
            ::close(control);
            continue;
        }
        Guest &guest = m_guests[control];
        guest.notifier = new QSocketNotifier(control, QSocketNotifier::Read, this);
        connect(guest.notifier, &QSocketNotifier::activated, this, [this, control] { onControl(control); });
    }
}

void ConnectHost::onControl(int control)
{
    const auto it = m_guests.find(control);
    if (it == m_guests.end())
        return;
    if (!it->second.pipe) {
        welcome(control, it->second);
        return;
    }
    // Nothing else is sent this way: readable means the connect process is gone (its agent
    // killed it). Its client goes with it.
    if (const std::optional<QJsonObject> packet = readPacket(control); !packet || !packet->isEmpty())
        end(control, Ending::Close);
}

namespace {

// "/mcp/servers/NAME", "/mcp/groups/GROUP", "/mcp/all": the gateway's target; nothing for another path.
std::optional<std::pair<Gateway::TargetKind, QString>> targetOf(const QString &path)
{
    if (path == "/mcp/all"_L1)
        return std::pair {Gateway::TargetKind::All, u"all"_s};
    for (const auto &[prefix, kind] : {std::pair {"/mcp/servers/"_L1, Gateway::TargetKind::Server},
             std::pair {"/mcp/groups/"_L1, Gateway::TargetKind::Group}}) {
        if (path.startsWith(prefix) && path.size() > prefix.size() && !path.mid(prefix.size()).contains(u'/'))
            return std::pair {kind, path.mid(prefix.size())};
    }
    return std::nullopt;
}

} // namespace

void ConnectHost::welcome(int control, Guest &guest)
{
    char buffer[65536]; // a hello with the client's initialize in it
    iovec io {buffer, sizeof buffer};
    alignas(cmsghdr) char space[CMSG_SPACE(sizeof(int) * 3)] = {};
    msghdr message = {};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = space;
    message.msg_controllen = sizeof space;
    ssize_t n;
    do {
        n = ::recvmsg(control, &message, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    // The descriptors first, whatever else is wrong: each one that came is ours to close.
    QList<int> fds;
    for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < count; ++i) {
                int fd;
                std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                fds.append(fd);
            }
        }
    }
    const QJsonObject hello
        = n > 0 ? QJsonDocument::fromJson(QByteArray(buffer, n)).object() : QJsonObject {};
    const QString path = hello.value("path"_L1).toString();
    const auto target = targetOf(path);
    QString refusal;
    if (n <= 0)
        refusal = u"closed before its hello"_s;
    else if (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
        refusal = u"hello over %1 bytes"_s.arg(sizeof buffer);
    else if (fds.size() != 3)
        refusal = u"a hand-over needs stdin, stdout and stderr"_s;
    else if (!target)
        refusal = u"no gateway path: %1"_s.arg(path.left(200));
    else if (!m_endpoint)
        refusal = u"the gateway is not serving"_s;
    LinePipe *pipe = nullptr;
    if (refusal.isEmpty()) {
        // Shared with the connect process (it reads none of them meanwhile): non-blocking, so that
        // an agent that stops reading never holds the engine thread.
        for (const int fd : std::as_const(fds))
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        pipe = new LinePipe(m_endpoint, LineChannel::Fds {fds[0], fds[1], fds[2], true}, this);
        fds.clear(); // the pipe's now, closed with it
        if (!pipe->open(target->first, target->second, &refusal)) {
            delete pipe;
            pipe = nullptr;
        }
    }
    if (!refusal.isEmpty()) {
        for (const int fd : std::as_const(fds))
            ::close(fd);
        if (n > 0)
            sendPacket(control, {{"error"_L1, refusal}});
        qCInfo(lcConnectHost) << "connect hand-over refused:" << refusal;
        end(control, Ending::Close);
        return;
    }
    guest.pipe = pipe;
    connect(pipe, &LinePipe::initializeSeen, this, [control](const QJsonObject &initialize) {
        sendPacket(control, {{"initialize"_L1, initialize}});
    });
    connect(pipe, &LinePipe::finished, this, [this, control](int code) { end(control, Ending::Exit, code); });
    // Lifeline is stopping (the status server goes first): back to the connect process.
    connect(pipe, &LinePipe::endpointGone, this, [this, control] { end(control, Ending::HandBack); });
    if (!sendPacket(control, {{"ok"_L1, true}})) {
        end(control, Ending::Close); // it gave up waiting: it bridges itself, nothing was read
        return;
    }
    pipe->resume(hello.value("initialize"_L1).toObject(),
        QByteArray::fromBase64(hello.value("input"_L1).toString().toLatin1()));
    pipe->start();
}

void ConnectHost::end(int control, Ending ending, int exitCode)
{
    const auto it = m_guests.find(control);
    if (it == m_guests.end())
        return;
    const Guest guest = it->second;
    m_guests.erase(it);
    QJsonObject lastWord; // to the connect process, before its socket closes
    if (ending == Ending::Exit)
        lastWord = {{"exit"_L1, exitCode}};
    if (guest.pipe) {
        guest.pipe->disconnect(this);
        if (ending == Ending::HandBack) {
            // The connect process bridges over HTTP from now on: what we had read of an unfinished
            // line goes back with the client, and its initialize, for a new session.
            guest.pipe->stopReading(); // it reads its stdin from here on
            lastWord = {{"handback"_L1,
                QJsonObject {{"initialize"_L1, guest.pipe->clientInitialize()},
                    {"input"_L1, QString::fromLatin1(guest.pipe->pendingInput().toBase64())}}}};
        }
        // Later: we may be in its signal. Going, it answers its calls still out with an error.
        guest.pipe->deleteLater();
    }
    if (!lastWord.isEmpty())
        sendPacket(control, lastWord);
    guest.notifier->setEnabled(false); // before its descriptor closes
    guest.notifier->deleteLater(); // we may be in its activated()
    ::close(control);
}

} // namespace lifeline
