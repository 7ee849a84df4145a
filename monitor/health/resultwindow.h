#pragma once

#include <QList>

namespace lifeline {

// The last N results (passed or failed) and their failure rate: the health tracker's error-rate
// window and the circuit breaker's window are this one thing.
class ResultWindow
{
public:
    explicit ResultWindow(int capacity)
        : m_capacity(capacity)
    { }

    void add(bool failed)
    {
        m_failed.append(failed);
        while (m_failed.size() > m_capacity)
            m_failed.removeFirst();
    }
    void clear() { m_failed.clear(); }
    void setCapacity(int capacity)
    {
        m_capacity = capacity;
        while (m_failed.size() > m_capacity)
            m_failed.removeFirst();
    }
    int size() const { return int(m_failed.size()); }
    double failureRate() const
    {
        if (m_failed.isEmpty())
            return 0.0;
        int failed = 0;
        for (bool f : m_failed)
            failed += f ? 1 : 0;
        return double(failed) / double(m_failed.size());
    }

private:
    int m_capacity;
    QList<bool> m_failed;
};

} // namespace lifeline
