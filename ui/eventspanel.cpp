#include "eventspanel.h"

#include "stateicondelegate.h"

#include "alertsmodel.h"
#include "eventlogmodel.h"
#include "failuresmodel.h"
#include "logfiltermodel.h"
#include "statusicons.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>
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
    , m_alerts(new AlertsModel(this))
    , m_alertsFilter(new LogFilterModel(this))
    , m_alertsView(new QTableView)
    , m_alertsText(new QLineEdit)
    , m_alertsOnly(new QCheckBox(tr("Selected server only")))
    , m_alertsActive(new QCheckBox(tr("Active only")))
    , m_acknowledge(new QPushButton(tr("Acknowledge")))
    , m_silence(new QToolButton)
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
    m_tabs->addTab(makeAlertsTab(), tr("Alerts"));
    updateAlertsTitle();
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
        const int role = filter == m_eventsFilter ? int(EventLogModel::ServerRole)
            : filter == m_alertsFilter            ? int(AlertsModel::ServerRole)
                                                  : int(FailuresModel::ServerRole);
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
    const std::pair<QCheckBox *, LogFilterModel *> tabs[] = {
        {m_eventsOnly, m_eventsFilter}, {m_failuresOnly, m_failuresFilter}, {m_alertsOnly, m_alertsFilter}};
    for (const auto &[only, filter] : tabs) {
        // Without a selection the box keeps its state but has nothing to narrow down to.
        only->setEnabled(!m_selected.isEmpty());
        only->setToolTip(m_selected.isEmpty() ? tr("Select a server to show only its rows")
                                              : tr("Show only the rows about %1").arg(m_selected));
        filter->setServer(only->isChecked() ? m_selected : QString());
    }
}

QWidget *EventsPanel::makeAlertsTab()
{
    m_alertsFilter->setSourceModel(m_alerts);
    m_alertsFilter->setSortRole(AlertsModel::SortRole);
    m_alertsFilter->setServersRole(AlertsModel::ServersRole);
    m_alertsView->setObjectName(u"alertsView"_s);
    m_alertsText->setObjectName(u"alertsFilter"_s);
    m_alertsOnly->setObjectName(u"alertsSelectedOnly"_s);
    m_alertsActive->setObjectName(u"alertsActiveOnly"_s);
    m_acknowledge->setObjectName(u"acknowledge"_s);
    m_silence->setObjectName(u"silence"_s);
    m_alertsView->setModel(m_alertsFilter);
    m_alertsView->setItemDelegateForColumn(
        AlertsModel::Severity, new StateIconDelegate(AlertsModel::StateRole, m_alertsView));
    setUpView(m_alertsView, {10, 16, 18, 10, 12, 10});
    m_alertsView->sortByColumn(AlertsModel::Fired, Qt::DescendingOrder);

    m_alertsActive->setToolTip(tr("Hide resolved alerts"));
    connect(m_alertsActive, &QCheckBox::toggled, this,
        [this](bool on) { m_alertsFilter->setRequiredRole(on ? int(AlertsModel::ActiveRole) : -1); });
    m_alertsActive->setChecked(true);

    m_acknowledge->setToolTip(tr("Acknowledge the selected alert: someone is on it; it stops re-notifying"));
    connect(m_acknowledge, &QPushButton::clicked, this, [this] {
        if (const QString id = currentAlertId(); !id.isEmpty())
            Q_EMIT acknowledgeRequested(id);
    });
    m_silence->setText(tr("Silence"));
    m_silence->setToolTip(tr("No notifications for the selected alert's server or rule for a while"));
    m_silence->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_silence);
    const auto silenceFor = [this](bool wholeServer, int hours) {
        const QModelIndex i = m_alertsView->currentIndex();
        const Alert *a = i.isValid() ? m_alerts->alert(m_alertsFilter->mapToSource(i).row()) : nullptr;
        if (a)
            Q_EMIT silenceRequested(a->server, wholeServer ? QString() : a->rule,
                QDateTime::currentDateTimeUtc().addSecs(qint64(hours) * 3600));
    };
    for (int hours : {1, 8, 24}) {
        menu->addAction(tr("This rule on this server for %n hour(s)", nullptr, hours), this,
            [silenceFor, hours] { silenceFor(false, hours); });
    }
    menu->addSeparator();
    for (int hours : {1, 8, 24}) {
        menu->addAction(tr("Everything about this server for %n hour(s)", nullptr, hours), this,
            [silenceFor, hours] { silenceFor(true, hours); });
    }
    m_silence->setMenu(menu);

    connect(m_alertsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &EventsPanel::updateAlertButtons);
    connect(m_alerts, &QAbstractItemModel::dataChanged, this, &EventsPanel::updateAlertButtons);
    connect(m_alerts, &AlertsModel::activeCountChanged, this, &EventsPanel::updateAlertsTitle);

    QWidget *page = makeTab(m_alertsView, m_alertsFilter, m_alertsText, m_alertsOnly, tr("Filter alerts…"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_alertsActive);
    bar->addStretch();
    bar->addWidget(m_acknowledge);
    bar->addWidget(m_silence);
    static_cast<QVBoxLayout *>(page->layout())->insertLayout(1, bar);
    updateAlertButtons();
    return page;
}

QString EventsPanel::currentAlertId() const
{
    const QModelIndex i = m_alertsView->currentIndex();
    return i.isValid() ? i.data(AlertsModel::IdRole).toString() : QString();
}

void EventsPanel::updateAlertButtons()
{
    const QModelIndex i = m_alertsView->currentIndex();
    const Alert *a = i.isValid() ? m_alerts->alert(m_alertsFilter->mapToSource(i).row()) : nullptr;
    m_acknowledge->setEnabled(a && a->isActive() && !a->isAcknowledged());
    m_silence->setEnabled(a && a->isActive());
}

void EventsPanel::updateAlertsTitle()
{
    const int active = m_alerts->activeCount();
    m_tabs->setTabText(AlertsTab, active > 0 ? tr("Alerts (%1)").arg(active) : tr("Alerts"));
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
