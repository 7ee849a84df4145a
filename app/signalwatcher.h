#pragma once

#include <QObject>

class QSocketNotifier;

namespace lifeline {

// Turns SIGINT/SIGTERM/SIGHUP into a Qt signal on the main thread (self-pipe trick): the handler
// only writes a byte, everything else happens in the event loop.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    void watch(int signal);

Q_SIGNALS:
    void signalReceived(int signal);

private:
    static void handler(int signal);
    static int s_fds[2];
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace lifeline
