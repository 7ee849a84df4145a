#include "eventspanel.h"

#include "stateicondelegate.h"

#include "eventlogmodel.h"
#include "failuresmodel.h"
#include "logfiltermodel.h"
#include "statusicons.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace lifeline {

namespace {

void setUpView(QTableView *view, const QList<int> &widthsInChars)
{
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    // One line per row: a fixed height keeps thousands of rows cheap to lay out.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    QHeaderView *header = view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    header->setSectionsMovable(true);
    const int ch = view->fontMetrics().horizontalAdvance(u'0');
    for (int i = 0; i < widthsInChars.size(); ++i)
        header->resizeSection(i, widthsInChars.at(i) * ch + 16);
    view->setSortingEnabled(true);
    view->sortByColumn(0, Qt::DescendingOrder); // newest first, as the models keep them
}

} // namespace

EventsPanel::EventsPanel(QWidget *parent)
    : QWidget(parent)
    , m_events(new EventLogModel(this))
    , m_failures(new FailuresModel(this))
    , m_eventsFilter(new LogFilterModel(this))
    , m_failuresFilter(new LogFilterModel(this))
    , m_tabs(new QTabWidget)
    , m_eventsView(new QTableView)
    , m_failuresView(new QTableView)
    , m_eventsText(new QLineEdit)
    , m_failuresText(new QLineEdit)
    , m_eventsOnly(new QCheckBox(tr("Selected server only")))
    , m_failuresOnly(new QCheckBox(tr("Selected server only")))
{
    m_eventsFilter->setSourceModel(m_events);
    m_eventsFilter->setSortRole(EventLogModel::SortRole);
    m_eventsFilter->setServersRole(EventLogModel::ServersRole);
    m_failuresFilter->setSourceModel(m_failures);
    m_failuresFilter->setSortRole(FailuresModel::SortRole);
    m_failuresFilter->setServersRole(FailuresModel::ServersRole);

    m_eventsView->setObjectName(u"eventsView"_s);
    m_failuresView->setObjectName(u"failuresView"_s);
    m_eventsText->setObjectName(u"eventsFilter"_s);
    m_failuresText->setObjectName(u"failuresFilter"_s);
    m_eventsOnly->setObjectName(u"eventsSelectedOnly"_s);
    m_failuresOnly->setObjectName(u"failuresSelectedOnly"_s);

    m_eventsView->setModel(m_eventsFilter);
    m_eventsView->setItemDelegateForColumn(
        EventLogModel::Event, new StateIconDelegate(EventLogModel::StateRole, m_eventsView));
    setUpView(m_eventsView, {17, 12, 30});
    m_failuresView->setModel(m_failuresFilter);
    setUpView(m_failuresView, {17, 12, 12, 16, 20, 9});

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(makeTab(m_eventsView, m_eventsFilter, m_eventsText, m_eventsOnly, tr("Filter events…")),
        tr("Events"));
    m_tabs->addTab(
        makeTab(m_failuresView, m_failuresFilter, m_failuresText, m_failuresOnly, tr("Filter failures…")),
        tr("Failures"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    applyServerFilters();
}

QWidget *EventsPanel::makeTab(
    QTableView *view, LogFilterModel *filter, QLineEdit *text, QCheckBox *only, const QString &placeholder)
{
    text->setPlaceholderText(placeholder);
    text->setClearButtonEnabled(true);
    connect(text, &QLineEdit::textChanged, filter, &LogFilterModel::setText);
    connect(only, &QCheckBox::toggled, this, &EventsPanel::applyServerFilters);
    connect(view, &QAbstractItemView::doubleClicked, this, [this, filter](const QModelIndex &index) {
        // Both models answer the same question under their own role number.
        const int role
            = filter == m_eventsFilter ? int(EventLogModel::ServerRole) : int(FailuresModel::ServerRole);
        const QString server = index.data(role).toString();
        if (!server.isEmpty())
            Q_EMIT serverActivated(server);
    });

    auto *page = new QWidget;
    auto *bar = new QHBoxLayout;
    bar->addWidget(text, 1);
    bar->addWidget(only);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(view, 1);
    return page;
}

void EventsPanel::setSelectedServer(const QString &server)
{
    if (server == m_selected)
        return;
    m_selected = server;
    applyServerFilters();
}

void EventsPanel::applyServerFilters()
{
    const std::pair<QCheckBox *, LogFilterModel *> tabs[]
        = {{m_eventsOnly, m_eventsFilter}, {m_failuresOnly, m_failuresFilter}};
    for (const auto &[only, filter] : tabs) {
        // Without a selection the box keeps its state but has nothing to narrow down to.
        only->setEnabled(!m_selected.isEmpty());
        only->setToolTip(m_selected.isEmpty() ? tr("Select a server to show only its rows")
                                              : tr("Show only the rows about %1").arg(m_selected));
        filter->setServer(only->isChecked() ? m_selected : QString());
    }
}

void EventsPanel::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

EventsPanel::Tab EventsPanel::currentTab() const
{
    return Tab(m_tabs->currentIndex());
}

} // namespace lifeline
