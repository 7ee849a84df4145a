#include "enginethread.h"

#include "monitorengine.h"

#include "gateway/gateway.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace lifeline {

EngineThread::EngineThread(QObject *parent)
    : QObject(parent)
    , m_engine(new MonitorEngine)
{
    m_thread.setObjectName(u"engine"_s);
    m_engine->moveToThread(&m_thread);
}

EngineThread::~EngineThread()
{
    stop();
}

void EngineThread::start()
{
    if (!m_thread.isRunning())
        m_thread.start();
}

void EngineThread::stop()
{
    if (!m_engine)
        return;
    // The adopted objects first: they listen to the engine, whose servers say goodbye as it goes.
    auto end = [engine = m_engine, adopted = std::exchange(m_adopted, {})] {
        for (const QPointer<QObject> &object : adopted)
            delete object.data();
        delete engine;
    };
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_engine, end, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        end();
    }
    m_engine = nullptr;
}

void EngineThread::adopt(QObject *object)
{
    Q_ASSERT(!object->parent());
    object->moveToThread(&m_thread);
    m_adopted.append(object);
}

void EngineThread::applyConfig(const Config &config)
{
    post([config](MonitorEngine *e) { e->applyConfig(config); });
}

void EngineThread::checkNow(const QString &name)
{
    post([name](MonitorEngine *e) { e->checkNow(name); });
}

void EngineThread::stopServer(const QString &name)
{
    post([name](MonitorEngine *e) { e->stopServer(name); });
}

void EngineThread::startServer(const QString &name)
{
    post([name](MonitorEngine *e) { e->startServer(name); });
}

void EngineThread::restartServer(const QString &name)
{
    post([name](MonitorEngine *e) { e->restartServer(name); });
}

void EngineThread::disableServer(const QString &name)
{
    post([name](MonitorEngine *e) { e->disableServer(name); });
}

void EngineThread::enableServer(const QString &name)
{
    post([name](MonitorEngine *e) { e->enableServer(name); });
}

void EngineThread::failover(const QString &group, const QString &member)
{
    post([group, member](MonitorEngine *e) { e->failover(group, member); });
}

void EngineThread::restorePrimary(const QString &group)
{
    post([group](MonitorEngine *e) { e->restorePrimary(group); });
}

void EngineThread::answerRelayed(const QJsonObject &answer)
{
    post([answer](MonitorEngine *e) { e->gateway()->answerRelayed(answer); });
}

void EngineThread::notifyUpstream(
    quint64 ticket, Gateway::TargetKind kind, const QString &target, const QJsonObject &notification)
{
    post([=](MonitorEngine *e) { e->gateway()->notifyUpstream(ticket, kind, target, notification); });
}

void EngineThread::cancelForward(quint64 ticket)
{
    post([ticket](MonitorEngine *e) { e->gateway()->cancel(ticket); });
}

} // namespace lifeline
