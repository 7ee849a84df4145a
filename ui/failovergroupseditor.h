#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace lifeline {

// `lifeline.failover` in the settings dialog: the groups on the left, the selected group's
// primary, fallbacks (in order of preference), automatic switching, restore delay and strategy
// on the right. Checked by ConfigLoader's own rules as you type; keys the editor does not show
// stay as the file has them.
class FailoverGroupsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailoverGroupsEditor)
public:
    // `failover`: the raw `lifeline.failover` object as the file has it.
    explicit FailoverGroupsEditor(const QJsonObject &failover, QWidget *parent = nullptr);

    // The servers a group may name (the dialog's list, renamed and new ones included).
    void setServers(const QStringList &names);
    // A server renamed in the dialog keeps its place in its group.
    void renameServer(const QString &from, const QString &to);

    QStringList groupNames() const;
    bool addGroup(const QString &name); // false when the name is empty or taken
    void removeGroup(const QString &name);
    bool selectGroup(const QString &name);
    // The selected group's fields, for tests and the dialog.
    void setPrimary(const QString &server);
    void setFallbacks(const QStringList &servers);
    void setAutomatic(bool automatic);
    void setRestoreAfter(const QString &duration);
    void setStrategy(
        const QString &strategy); // "" (default), alternative_server, graceful_degradation, manual

    QJsonValue value() const; // the new `lifeline.failover`; Undefined: no groups and none before
    bool isModified() const { return value() != m_initial; }
    bool isValid() const { return m_errors.isEmpty(); }
    QStringList errors() const { return m_errors; }

Q_SIGNALS:
    void edited();

private:
    struct Group
    {
        QString name;
        QJsonObject raw; // as the file has it: unknown keys stay
        QString primary;
        QStringList fallbacks;
        bool automatic = true;
        QString restoreAfter; // as typed; empty: the built-in 60 s
        QString strategy; // empty: alternative_server
    };

    Group *current();
    void showGroup();
    void storeGroup(); // the editors → the selected group
    void refreshFallbacks();
    void validate();
    void changed();
    void askForNewGroup();

    QList<Group> m_groups;
    QStringList m_servers;
    QJsonValue m_initial;
    QStringList m_errors;
    bool m_updating = false;

    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_remove;
    QWidget *m_details;
    QLineEdit *m_name;
    QComboBox *m_primary;
    QListWidget *m_fallbacks;
    QPushButton *m_up;
    QPushButton *m_down;
    QCheckBox *m_automatic;
    QLineEdit *m_restoreAfter;
    QComboBox *m_strategy;
    QLabel *m_message;
};

} // namespace lifeline
