// The least a proxy process can add: HTTP in, a stdio server's pipe out, nothing else. One
// connection at a time, blocking reads, no JSON parsing, the client's id passed through as it is,
// no threads, no event loop. bench_gateway runs its client through this and through Lifeline, so
// that the gateway's cost can be split into what any separate process costs on this machine (the
// extra wake-ups of a relay) and what is Lifeline's own.
//   floorrelay PORT_FILE COMMAND [ARGS...]
// writes the port it listens on (127.0.0.1, picked by the system) to PORT_FILE.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <strings.h>

namespace {

bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = write(fd, data, size);
        if (n <= 0)
            return false;
        data += n;
        size -= size_t(n);
    }
    return true;
}

// A buffered reader over a file descriptor.
struct Reader
{
    int fd;
    std::string buffer;

    bool fill()
    {
        char chunk[65536];
        const ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0)
            return false;
        buffer.append(chunk, size_t(n));
        return true;
    }
    bool until(const char *marker, std::string *out) // through the marker, marker included
    {
        for (;;) {
            const size_t at = buffer.find(marker);
            if (at != std::string::npos) {
                const size_t end = at + strlen(marker);
                *out = buffer.substr(0, end);
                buffer.erase(0, end);
                return true;
            }
            if (!fill())
                return false;
        }
    }
    bool take(size_t size, std::string *out)
    {
        while (buffer.size() < size) {
            if (!fill())
                return false;
        }
        *out = buffer.substr(0, size);
        buffer.erase(0, size);
        return true;
    }
};

size_t contentLength(const std::string &head)
{
    size_t from = 0;
    while ((from = head.find("\r\n", from)) != std::string::npos) {
        from += 2;
        if (strncasecmp(head.c_str() + from, "content-length:", 15) == 0)
            return size_t(strtoull(head.c_str() + from + 15, nullptr, 10));
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: floorrelay PORT_FILE COMMAND [ARGS...]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int toChild[2];
    int fromChild[2];
    if (pipe(toChild) != 0 || pipe(fromChild) != 0)
        return 1;
    const pid_t child = fork();
    if (child == 0) {
        dup2(toChild[0], 0);
        dup2(fromChild[1], 1);
        close(toChild[1]);
        close(fromChild[0]);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    close(toChild[0]);
    close(fromChild[1]);
    Reader server {fromChild[0], {}};

    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || listen(listener, 16) != 0
        || getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 1;
    if (FILE *f = std::fopen(argv[1], "w")) {
        std::fprintf(f, "%u\n", unsigned(ntohs(address.sin_port)));
        std::fclose(f);
    }
    for (;;) {
        const int client = accept(listener, nullptr, nullptr);
        if (client < 0)
            break;
        const int one = 1;
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Reader in {client, {}};
        std::string head;
        std::string body;
        while (in.until("\r\n\r\n", &head) && in.take(contentLength(head), &body)) {
            if (!writeAll(toChild[1], (body + '\n').data(), body.size() + 1))
                return 1;
            std::string answer = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
            if (body.find("\"id\"") != std::string::npos) {
                std::string line;
                do {
                    if (!server.until("\n", &line))
                        return 1;
                } while (line.find("\"id\"") == std::string::npos); // notifications are not answers
                line.pop_back();
                answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: relay\r\n"
                         "Content-Length: "
                    + std::to_string(line.size()) + "\r\n\r\n" + line;
            }
            if (!writeAll(client, answer.data(), answer.size()))
                break;
        }
        close(client);
    }
    kill(child, SIGTERM);
    waitpid(child, nullptr, 0);
    return 0;
}
