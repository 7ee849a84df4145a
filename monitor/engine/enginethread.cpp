#include "enginethread.h"

#include "monitorengine.h"

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
    if (m_thread.isRunning()) {
        MonitorEngine *engine = m_engine;
        QMetaObject::invokeMethod(
            engine, [engine] { delete engine; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_engine;
    }
    m_engine = nullptr;
}

void EngineThread::applyConfig(const Config &config)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, config] { e->applyConfig(config); }, Qt::QueuedConnection);
}

void EngineThread::checkNow(const QString &name)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, name] { e->checkNow(name); }, Qt::QueuedConnection);
}

void EngineThread::stopServer(const QString &name)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, name] { e->stopServer(name); }, Qt::QueuedConnection);
}

void EngineThread::restartServer(const QString &name)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, name] { e->restartServer(name); }, Qt::QueuedConnection);
}

void EngineThread::disableServer(const QString &name)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, name] { e->disableServer(name); }, Qt::QueuedConnection);
}

void EngineThread::enableServer(const QString &name)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, name] { e->enableServer(name); }, Qt::QueuedConnection);
}

void EngineThread::failover(const QString &group, const QString &member)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, group, member] { e->failover(group, member); }, Qt::QueuedConnection);
}

void EngineThread::restorePrimary(const QString &group)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, group] { e->restorePrimary(group); }, Qt::QueuedConnection);
}

void EngineThread::startServer(const QString &name)
{
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, name] { e->startServer(name); }, Qt::QueuedConnection);
}

} // namespace lifeline
