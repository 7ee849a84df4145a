<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Autostart</name>
    <message>
        <location filename="../ui/autostart.cpp" line="97"/>
        <source>%1: cannot remove the file</source>
        <translation>%1: die Datei kann nicht entfernt werden</translation>
    </message>
    <message>
        <location filename="../ui/autostart.cpp" line="108"/>
        <source>%1: cannot create the folder</source>
        <translation>%1: der Ordner kann nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>lifeline::ActionTracker</name>
    <message>
        <location filename="../ui/actiontracker.cpp" line="26"/>
        <source>Checking %1…</source>
        <translation>Prüfe %1 …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="28"/>
        <source>Restarting %1…</source>
        <translation>Starte %1 neu …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="30"/>
        <source>Stopping %1…</source>
        <translation>Stoppe %1 …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="32"/>
        <source>Starting %1…</source>
        <translation>Starte %1 …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="34"/>
        <source>Disabling %1…</source>
        <translation>Deaktiviere %1 …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="36"/>
        <source>Enabling %1…</source>
        <translation>Aktiviere %1 …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="38"/>
        <source>Failing over from %1 to %2…</source>
        <translation>Failover von %1 zu %2 …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="40"/>
        <source>Restoring %1 as the active member…</source>
        <translation>Mache %1 wieder zum aktiven Mitglied …</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="67"/>
        <source>Checked %1: %2, %3 ms</source>
        <translation>%1 geprüft: %2, %3 ms</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="70"/>
        <source>Checked %1: %2</source>
        <translation>%1 geprüft: %2</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="78"/>
        <source>Restarted %1 in %2 ms</source>
        <translation>%1 in %2 ms neu gestartet</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="79"/>
        <source>Started %1 in %2 ms</source>
        <translation>%1 in %2 ms gestartet</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="81"/>
        <source>%1 did not come up: %2</source>
        <translation>%1 ist nicht hochgekommen: %2</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="90"/>
        <source>Stopped %1</source>
        <translation>%1 gestoppt</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="94"/>
        <source>Disabled %1</source>
        <translation>%1 deaktiviert</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="99"/>
        <source>%1 is now the active member of %2 (%3 ms)</source>
        <translation>%1 ist jetzt das aktive Mitglied von %2 (%3 ms)</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="119"/>
        <source>%1: no result after %2 s</source>
        <translation>%1: kein Ergebnis nach %2 s</translation>
    </message>
</context>
<context>
    <name>lifeline::AlertsModel</name>
    <message>
        <location filename="../models/alertsmodel.cpp" line="53"/>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="55"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="57"/>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="65"/>
        <location filename="../models/alertsmodel.cpp" line="200"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="67"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="69"/>
        <source>Error rate</source>
        <translation>Fehlerrate</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="71"/>
        <source>Availability</source>
        <translation>Verfügbarkeit</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="73"/>
        <source>Consecutive failures</source>
        <translation>Fehler in Folge</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="75"/>
        <source>Trend</source>
        <translation>Trend</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="77"/>
        <source>Error spike</source>
        <translation>Fehlerspitze</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="79"/>
        <source>Flapping</source>
        <translation>Flattern</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="81"/>
        <source>Restart loop</source>
        <translation>Neustart-Schleife</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="88"/>
        <location filename="../models/alertsmodel.cpp" line="202"/>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="90"/>
        <source>Silenced</source>
        <translation>Stummgeschaltet</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="92"/>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="93"/>
        <source>Firing</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="107"/>
        <source>(Lifeline)</source>
        <translation>(Lifeline)</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="128"/>
        <source>Acknowledged at %1</source>
        <translation>Bestätigt um %1</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="190"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="192"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="194"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="196"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="198"/>
        <source>Fired</source>
        <translation>Ausgelöst</translation>
    </message>
</context>
<context>
    <name>lifeline::AvailabilityBand</name>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="87"/>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="91"/>
        <source>%1: %2 % available, %3 of %4 checks failed</source>
        <translation>%1: %2 % verfügbar, %3 von %4 Prüfungen fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>lifeline::Dashboard</name>
    <message>
        <location filename="../app/dashboard.cpp" line="77"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="80"/>
        <source>The config file cannot be used; nothing was changed.

%1</source>
        <translation>Die Konfigurationsdatei ist nicht verwendbar; nichts wurde geändert.

%1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="91"/>
        <source>Demo servers (no config at %1)</source>
        <translation>Demo-Server (keine Konfiguration unter %1)</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="92"/>
        <location filename="../app/dashboard.cpp" line="263"/>
        <location filename="../app/dashboard.cpp" line="321"/>
        <source>Config: %1</source>
        <translation>Konfiguration: %1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="179"/>
        <source>Alert channel %1 is failing: %2</source>
        <translation>Alarmkanal %1 schlägt fehl: %2</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="182"/>
        <source>Alert channel %1 delivers again</source>
        <translation>Alarmkanal %1 liefert wieder zu</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="157"/>
        <source>The config file has errors; the last good config stays in force.
%1</source>
        <translation>Die Konfigurationsdatei hat Fehler; die letzte gültige Konfiguration bleibt in Kraft.
%1</translation>
    </message>
</context>
<context>
    <name>lifeline::EventLogModel</name>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="34"/>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="36"/>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="38"/>
        <source>degraded</source>
        <translation>beeinträchtigt</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="40"/>
        <source>unhealthy</source>
        <translation>gestört</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="42"/>
        <source>recovering</source>
        <translation>erholt sich</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="44"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="46"/>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="48"/>
        <source>failed</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="61"/>
        <source>tools changed</source>
        <translation>Werkzeuge geändert</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/eventlogmodel.cpp" line="67"/>
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n weiteres)</numerusform>
            <numerusform>(%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="69"/>
        <source>tools: %1</source>
        <translation>Werkzeuge: %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="75"/>
        <source>reconnect</source>
        <translation>Neuverbindung</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="75"/>
        <source>restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="77"/>
        <source>%1 (by the user)</source>
        <translation>%1 (durch den Benutzer)</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="80"/>
        <source>attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="82"/>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="85"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="91"/>
        <source>circuit open</source>
        <translation>Schutzschalter offen</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="93"/>
        <source>circuit half-open</source>
        <translation>Schutzschalter halb offen</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="95"/>
        <source>circuit closed</source>
        <translation>Schutzschalter geschlossen</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="96"/>
        <source>circuit %1</source>
        <translation>Schutzschalter %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="133"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="144"/>
        <source>failover %1: to %2</source>
        <translation>Failover %1: zu %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="145"/>
        <source>failover %1: %2 → %3</source>
        <translation>Failover %1: %2 → %3</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="154"/>
        <source>alert resolved: %1</source>
        <translation>Alarm behoben: %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="156"/>
        <source>%1 alert: %2</source>
        <translation>Alarm (%1): %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="175"/>
        <source>tools now: %1</source>
        <translation>Werkzeuge jetzt: %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="181"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="226"/>
        <source>Failover group %1</source>
        <translation>Failover-Gruppe %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="230"/>
        <source>%1, by the user</source>
        <translation>%1, durch den Benutzer</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="290"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="292"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="294"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="296"/>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>lifeline::EventsPanel</name>
    <message>
        <location filename="../ui/eventspanel.cpp" line="68"/>
        <location filename="../ui/eventspanel.cpp" line="69"/>
        <location filename="../ui/eventspanel.cpp" line="74"/>
        <source>Selected server only</source>
        <translation>Nur ausgewählter Server</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="75"/>
        <source>Active only</source>
        <translation>Nur aktive</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="76"/>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="101"/>
        <source>Filter events…</source>
        <translation>Ereignisse filtern …</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="102"/>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="104"/>
        <source>Filter failures…</source>
        <translation>Ausfälle filtern …</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="105"/>
        <source>Failures</source>
        <translation>Ausfälle</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="106"/>
        <location filename="../ui/eventspanel.cpp" line="245"/>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="157"/>
        <source>Select a server to show only its rows</source>
        <translation>Wählen Sie einen Server, um nur seine Zeilen zu zeigen</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="158"/>
        <source>Show only the rows about %1</source>
        <translation>Nur die Zeilen zu %1 zeigen</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="180"/>
        <source>Hide resolved alerts</source>
        <translation>Behobene Alarme ausblenden</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="185"/>
        <source>Acknowledge the selected alert: someone is on it; it stops re-notifying</source>
        <translation>Den gewählten Alarm bestätigen: jemand kümmert sich darum; er benachrichtigt nicht mehr erneut</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="190"/>
        <source>Silence</source>
        <translation>Stummschalten</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="191"/>
        <source>No notifications for the selected alert&apos;s server or rule for a while</source>
        <translation>Eine Zeit lang keine Benachrichtigungen für den Server oder die Regel des gewählten Alarms</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/eventspanel.cpp" line="202"/>
        <source>This rule on this server for %n hour(s)</source>
        <translation>
            <numerusform>Diese Regel auf diesem Server für %n Stunde</numerusform>
            <numerusform>Diese Regel auf diesem Server für %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/eventspanel.cpp" line="207"/>
        <source>Everything about this server for %n hour(s)</source>
        <translation>
            <numerusform>Alles zu diesem Server für %n Stunde</numerusform>
            <numerusform>Alles zu diesem Server für %n Stunden</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="217"/>
        <source>Filter alerts…</source>
        <translation>Alarme filtern…</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="245"/>
        <source>Alerts (%1)</source>
        <translation>Alarme (%1)</translation>
    </message>
</context>
<context>
    <name>lifeline::FailoverGroupsEditor</name>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="47"/>
        <source>A failover group keeps one member serving: when it goes down, Lifeline switches to the next healthy fallback, and back to the primary once it has been healthy for the restore delay.</source>
        <translation>Eine Failover-Gruppe hält ein Mitglied im Dienst: fällt es aus, wechselt Lifeline zum nächsten gesunden Ersatz und zurück zum primären Server, sobald dieser die Wiederherstellungszeit lang gesund war.</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="56"/>
        <source>Failover groups</source>
        <translation>Failover-Gruppen</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="60"/>
        <source>Add group…</source>
        <translation>Gruppe hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="61"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="62"/>
        <source>Remove the selected group (its servers stay)</source>
        <translation>Die gewählte Gruppe entfernen (ihre Server bleiben)</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="72"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="75"/>
        <source>Primary:</source>
        <translation>Primär:</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="81"/>
        <source>Fallbacks</source>
        <translation>Ersatzserver</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="82"/>
        <source>Check the servers to fail over to; the order (top first) is the order of preference</source>
        <translation>Die Server ankreuzen, auf die gewechselt werden darf; die Reihenfolge (oben zuerst) ist die Rangfolge</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="86"/>
        <source>Up</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="87"/>
        <source>Down</source>
        <translation>Runter</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="88"/>
        <source>Prefer the selected server earlier</source>
        <translation>Den gewählten Server früher bevorzugen</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="89"/>
        <source>Prefer the selected server later</source>
        <translation>Den gewählten Server später bevorzugen</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="94"/>
        <source>Fallbacks:</source>
        <translation>Ersatzserver:</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="95"/>
        <source>Switch automatically when the active member goes down</source>
        <translation>Automatisch wechseln, wenn das aktive Mitglied ausfällt</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="101"/>
        <source>%1 (built-in)</source>
        <translation>%1 (eingebaut)</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="102"/>
        <source>How long the primary must be healthy again before it serves again</source>
        <translation>Wie lange der primäre Server wieder gesund sein muss, bevor er wieder dient</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="103"/>
        <source>Restore primary after:</source>
        <translation>Primären wiederherstellen nach:</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="106"/>
        <source>Default: switch to an alternative server</source>
        <translation>Standard: auf einen anderen Server wechseln</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="107"/>
        <source>Switch to an alternative server</source>
        <translation>Auf einen anderen Server wechseln</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="108"/>
        <source>Degrade gracefully (keep serving, marked degraded)</source>
        <translation>Eingeschränkt weiterlaufen (weiter dienen, als eingeschränkt markiert)</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="109"/>
        <source>Manual: switch only when told</source>
        <translation>Manuell: nur auf Anweisung wechseln</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="110"/>
        <source>Strategy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="268"/>
        <source>(choose the main server)</source>
        <translation>(den Hauptserver wählen)</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="375"/>
        <location filename="../ui/failovergroupseditor.cpp" line="410"/>
        <source>A group needs a name.</source>
        <translation>Eine Gruppe braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="377"/>
        <source>There are two groups named %1.</source>
        <translation>Es gibt zwei Gruppen namens %1.</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="380"/>
        <source>Group %1: choose its primary server.</source>
        <translation>Gruppe %1: ihren primären Server wählen.</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="407"/>
        <location filename="../ui/failovergroupseditor.cpp" line="409"/>
        <source>Add failover group</source>
        <translation>Failover-Gruppe hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="407"/>
        <source>Name of the new group:</source>
        <translation>Name der neuen Gruppe:</translation>
    </message>
    <message>
        <location filename="../ui/failovergroupseditor.cpp" line="411"/>
        <source>There already is a group named %1.</source>
        <translation>Es gibt bereits eine Gruppe namens %1.</translation>
    </message>
</context>
<context>
    <name>lifeline::FailuresModel</name>
    <message>
        <location filename="../models/failuresmodel.cpp" line="33"/>
        <source>resolved</source>
        <translation>behoben</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="34"/>
        <source>unresolved</source>
        <translation>nicht behoben</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="34"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="72"/>
        <source>Transport: %1</source>
        <translation>Transport: %1</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="76"/>
        <source>Failure type: none of the standard types</source>
        <translation>Fehlertyp: keiner der Standardtypen</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="77"/>
        <source>Failure type: %1</source>
        <translation>Fehlertyp: %1</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="80"/>
        <source>Up again at %1</source>
        <translation>Wieder in Betrieb um %1</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="82"/>
        <source>Ended without recovery at %1</source>
        <translation>Ohne Erholung beendet um %1</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="84"/>
        <source>Still failing</source>
        <translation>Besteht noch</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="130"/>
        <source>Occurred</source>
        <translation>Aufgetreten</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="132"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="134"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="136"/>
        <source>Task context</source>
        <translation>Aufgabenkontext</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="138"/>
        <source>Recovery action</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="140"/>
        <source>Resolution</source>
        <translation>Behebung</translation>
    </message>
    <message>
        <location filename="../models/failuresmodel.cpp" line="142"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>lifeline::ImportDialog</name>
    <message>
        <location filename="../ui/importdialog.cpp" line="38"/>
        <source>Select &amp;all</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="39"/>
        <source>Select &amp;none</source>
        <translation>&amp;Keine auswählen</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="40"/>
        <source>&amp;Project folder…</source>
        <translation>&amp;Projektordner…</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="44"/>
        <source>Import MCP servers</source>
        <translation>MCP-Server importieren</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="48"/>
        <source>Looking for MCP servers in Claude Desktop, Claude Code, Cursor, VS Code and mcp-hub…</source>
        <translation>Suche nach MCP-Servern in Claude Desktop, Claude Code, Cursor, VS Code und mcp-hub…</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="51"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="51"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="51"/>
        <source>Command / URL</source>
        <translation>Befehl / URL</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="51"/>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="56"/>
        <source>Servers found</source>
        <translation>Gefundene Server</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="63"/>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="66"/>
        <source>Use the &amp;demo</source>
        <translation>&amp;Demo verwenden</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="67"/>
        <source>Keep watching the built-in demo servers; File → Import servers… asks again</source>
        <translation>Weiter die eingebauten Demo-Server überwachen; Datei → Server importieren… fragt erneut</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="81"/>
        <source>Also look in a project&apos;s .mcp.json, .cursor/mcp.json and .vscode/mcp.json</source>
        <translation>Auch in .mcp.json, .cursor/mcp.json und .vscode/mcp.json eines Projekts suchen</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="84"/>
        <source>Project folder</source>
        <translation>Projektordner</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="155"/>
        <source>No MCP servers were found in Claude Desktop, Claude Code, Cursor, VS Code or mcp-hub.</source>
        <translation>In Claude Desktop, Claude Code, Cursor, VS Code und mcp-hub wurden keine MCP-Server gefunden.</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="157"/>
        <source>Lifeline has no config yet. These MCP servers are set up in your other tools: check the ones to watch. They are added to %1; the files they come from are not changed.</source>
        <translation>Lifeline hat noch keine Konfiguration. Diese MCP-Server sind in Ihren anderen Werkzeugen eingerichtet: kreuzen Sie die zu überwachenden an. Sie werden zu %1 hinzugefügt; die Dateien, aus denen sie stammen, bleiben unverändert.</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="163"/>
        <source>Check the servers to add to %1. The files they come from are not changed.</source>
        <translation>Kreuzen Sie die Server an, die zu %1 hinzugefügt werden sollen. Die Dateien, aus denen sie stammen, bleiben unverändert.</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="175"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="189"/>
        <source>named %1 there; another server has that name</source>
        <translation>dort %1 genannt; ein anderer Server trägt diesen Namen</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="195"/>
        <source>also in %1</source>
        <translation>auch in %1</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="203"/>
        <source>already in your config</source>
        <translation>bereits in Ihrer Konfiguration</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="207"/>
        <source>your config has a different server of this name; it is kept</source>
        <translation>Ihre Konfiguration hat einen anderen Server dieses Namens; er bleibt erhalten</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="211"/>
        <source>cannot be used: %1</source>
        <translation>nicht verwendbar: %1</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="245"/>
        <source>Your config cannot be read, so nothing can be imported: %1</source>
        <translation>Ihre Konfiguration kann nicht gelesen werden, daher kann nichts importiert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="247"/>
        <source>Not read: %1</source>
        <translation>Nicht gelesen: %1</translation>
    </message>
    <message>
        <location filename="../ui/importdialog.cpp" line="340"/>
        <source>Nothing was written to %1:
%2</source>
        <translation>Nichts wurde in %1 geschrieben:
%2</translation>
    </message>
</context>
<context>
    <name>lifeline::KeyValueEditor</name>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="27"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="66"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="69"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="71"/>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="73"/>
        <source>Show the value; it is hidden because the name looks like a secret</source>
        <translation>Wert zeigen; er ist verborgen, weil der Name nach einem Geheimnis aussieht</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="79"/>
        <source>Remove this entry</source>
        <translation>Diesen Eintrag entfernen</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="80"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>lifeline::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="75"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="81"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85"/>
        <source>Check now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="87"/>
        <source>Check the selected server now (%1)</source>
        <translation>Den gewählten Server jetzt prüfen (%1)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="91"/>
        <source>Stop watching the selected server and end its process</source>
        <translation>Den gewählten Server nicht mehr überwachen und seinen Prozess beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="92"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="94"/>
        <source>Start the selected server again</source>
        <translation>Den gewählten Server wieder starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="95"/>
        <location filename="../ui/mainwindow.cpp" line="202"/>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="97"/>
        <source>Restart the selected server now; its restart ladder starts over</source>
        <translation>Den gewählten Server jetzt neu starten; seine Neustart-Stufen beginnen von vorn</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="98"/>
        <location filename="../ui/mainwindow.cpp" line="217"/>
        <location filename="../ui/mainwindow.cpp" line="622"/>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="99"/>
        <source>Stop watching the selected server until it is enabled again</source>
        <translation>Den gewählten Server nicht mehr überwachen, bis er wieder aktiviert wird</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="101"/>
        <location filename="../ui/mainwindow.cpp" line="120"/>
        <source>Fail over</source>
        <translation>Failover</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="102"/>
        <source>Make another member of the selected server&apos;s failover group the active one</source>
        <translation>Ein anderes Mitglied der Failover-Gruppe des gewählten Servers zum aktiven machen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="114"/>
        <source>Fail over to %1</source>
        <translation>Failover zu %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="121"/>
        <source>Make %1 the active member of %2 instead of %3?</source>
        <translation>%1 statt %3 zum aktiven Mitglied von %2 machen?</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="128"/>
        <source>Restore primary</source>
        <translation>Primären wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="129"/>
        <source>Make the failover group&apos;s primary the active member again</source>
        <translation>Den primären Server der Failover-Gruppe wieder zum aktiven Mitglied machen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="131"/>
        <source>Use through Lifeline</source>
        <translation>Über Lifeline nutzen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="133"/>
        <source>Copy a client configuration (Claude Code, Claude Desktop, Cursor, VS Code) that sends this server&apos;s MCP calls through Lifeline&apos;s gateway</source>
        <translation>Eine Client-Konfiguration (Claude Code, Claude Desktop, Cursor, VS Code) kopieren, die die MCP-Aufrufe dieses Servers über das Gateway von Lifeline schickt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="139"/>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="141"/>
        <source>Thresholds, recovery and servers (written to the config file)</source>
        <translation>Schwellenwerte, Wiederherstellung und Server (in die Konfigurationsdatei geschrieben)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="143"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="144"/>
        <source>&amp;Import servers…</source>
        <translation>Server &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="146"/>
        <source>Add the MCP servers of Claude Desktop, Claude Code, Cursor, VS Code or mcp-hub</source>
        <translation>Die MCP-Server von Claude Desktop, Claude Code, Cursor, VS Code oder mcp-hub hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="150"/>
        <source>Copy API &amp;token</source>
        <translation>API-&amp;Token kopieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="152"/>
        <source>The token the status server asks for before it changes anything</source>
        <translation>Das Token, das der Statusserver verlangt, bevor er etwas ändert</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="156"/>
        <source>API token copied to the clipboard</source>
        <translation>API-Token in die Zwischenablage kopiert</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="159"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="165"/>
        <source>Filter servers…</source>
        <translation>Server filtern …</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation type="vanished">Prüfe %1 …</translation>
    </message>
    <message>
        <source>Restarting %1…</source>
        <translation type="vanished">Starte %1 neu …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Stop %1? Its process is ended and it is no longer watched until you start it.</source>
        <translation>%1 stoppen? Sein Prozess wird beendet und er wird nicht mehr überwacht, bis Sie ihn starten.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="202"/>
        <source>Restart %1 now? Its process is ended and started again.</source>
        <translation>%1 jetzt neu starten? Sein Prozess wird beendet und neu gestartet.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="218"/>
        <source>Disable %1? It is stopped and not watched until you enable it.</source>
        <translation>%1 deaktivieren? Er wird gestoppt und nicht überwacht, bis Sie ihn aktivieren.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="262"/>
        <source>Show only %1 servers</source>
        <translation>Nur Server mit Status „%1“ zeigen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="276"/>
        <source>Time all servers were up in the last 24 hours, from the history (time you stopped or disabled a server does not count)</source>
        <translation>Anteil der Zeit, in der alle Server in den letzten 24 Stunden liefen, aus dem Verlauf (Zeit, in der Sie einen Server gestoppt oder deaktiviert haben, zählt nicht)</translation>
    </message>
    <message>
        <source>Events and failures</source>
        <translation type="vanished">Ereignisse und Ausfälle</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="283"/>
        <source>Show the alerts</source>
        <translation>Die Alarme zeigen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="385"/>
        <source>Events, failures and alerts</source>
        <translation>Ereignisse, Ausfälle und Alarme</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="515"/>
        <source>⚠ History not saved</source>
        <translation>⚠ Verlauf wird nicht gespeichert</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="552"/>
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Server</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="572"/>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="573"/>
        <source>The status server: /health, /api, /metrics for Prometheus, /ws and an MCP endpoint for agents at %1/mcp. Changes need the API token (File → Copy API token).</source>
        <translation>Der Statusserver: /health, /api, /metrics für Prometheus, /ws und ein MCP-Endpunkt für Agenten unter %1/mcp. Änderungen brauchen das API-Token (Datei → API-Token kopieren).</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="578"/>
        <source>API off</source>
        <translation>API aus</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="578"/>
        <source>⚠ API off</source>
        <translation>⚠ API aus</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="580"/>
        <source>The status server is turned off (--listen off)</source>
        <translation>Der Statusserver ist ausgeschaltet (--listen off)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="602"/>
        <source>No active alerts</source>
        <translation>Keine aktiven Alarme</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="604"/>
        <source>%n active alert(s), %1 new</source>
        <translation>
            <numerusform>%n aktiver Alarm, %1 neu</numerusform>
            <numerusform>%n aktive Alarme, %1 neu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="606"/>
        <source>%n active alert(s)</source>
        <translation>
            <numerusform>%n aktiver Alarm</numerusform>
            <numerusform>%n aktive Alarme</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="622"/>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>Claude Code (command line)</source>
        <translation>Claude Code (Befehlszeile)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="635"/>
        <source>Claude Desktop (mcpServers, stdio)</source>
        <translation>Claude Desktop (mcpServers, stdio)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="637"/>
        <source>Cursor (mcpServers, URL)</source>
        <translation>Cursor (mcpServers, URL)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="639"/>
        <source>VS Code (servers, HTTP)</source>
        <translation>VS Code (servers, HTTP)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="659"/>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="663"/>
        <source>Failover group %1</source>
        <translation>Failover-Gruppe %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="679"/>
        <source>%1 configuration for %2 copied to the clipboard</source>
        <translation>Konfiguration „%1“ für %2 in die Zwischenablage kopiert</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="703"/>
        <source>Do not ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="756"/>
        <source>Availability 24 h: —</source>
        <translation>Verfügbarkeit 24 h: —</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="757"/>
        <source>Availability 24 h: %1 %</source>
        <translation>Verfügbarkeit 24 h: %1 %</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="779"/>
        <source>Select a server to see its details.</source>
        <translation>Einen Server wählen, um Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="786"/>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="791"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="792"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="794"/>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="796"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="800"/>
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="802"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="804"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="806"/>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="808"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="810"/>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="810"/>
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 fehlgeschlagen)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="812"/>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="816"/>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="816"/>
        <source>attempt %1 in %2 s</source>
        <translation>Versuch %1 in %2 s</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="819"/>
        <source>Circuit</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="821"/>
        <source>Failover group</source>
        <translation>Failover-Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="822"/>
        <source>%1 (active here)</source>
        <translation>%1 (hier aktiv)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="823"/>
        <source>%1 (active: %2)</source>
        <translation>%1 (aktiv: %2)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="826"/>
        <source>Gateway calls</source>
        <translation>Gateway-Aufrufe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="827"/>
        <source>%1/s, %2 errors in the last minute (%3 calls, %4 errors in total)</source>
        <translation>%1/s, %2 Fehler in der letzten Minute (insgesamt %3 Aufrufe, %4 Fehler)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="831"/>
        <source>Tool errors</source>
        <translation>Werkzeugfehler</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="832"/>
        <source>%1 in the last minute, %2 in total (the tool&apos;s own answer: result.isError)</source>
        <translation>%1 in der letzten Minute, insgesamt %2 (die Antwort des Werkzeugs selbst: result.isError)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="843"/>
        <source>(failover group)</source>
        <translation>(Failover-Gruppe)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="846"/>
        <location filename="../ui/mainwindow.cpp" line="849"/>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="847"/>
        <source>Connect (stdio)</source>
        <translation>Verbinden (stdio)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="849"/>
        <source>off: the status server is not listening</source>
        <translation>aus: der Statusserver lauscht nicht</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="852"/>
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="864"/>
        <source>Server log</source>
        <translation>Server-Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="865"/>
        <source>Last stderr lines</source>
        <translation>Letzte stderr-Zeilen</translation>
    </message>
</context>
<context>
    <name>lifeline::MonitorSettingsEditor</name>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="67"/>
        <source>A duration such as 250ms, 30s, 5m, 1h or 1m30s</source>
        <translation>Eine Dauer wie 250ms, 30s, 5m, 1h oder 1m30s</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="135"/>
        <source>Check every:</source>
        <translation>Prüfen alle:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="136"/>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="137"/>
        <source>Failures before unhealthy:</source>
        <translation>Fehlschläge bis „ungesund“:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="138"/>
        <source>Successes before healthy:</source>
        <translation>Erfolge bis „gesund“:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="139"/>
        <source>Latency warning:</source>
        <translation>Latenz-Warnung:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="140"/>
        <source>Latency critical:</source>
        <translation>Latenz kritisch:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="141"/>
        <source>Error rate warning:</source>
        <translation>Fehlerquote-Warnung:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="142"/>
        <source>Error rate critical:</source>
        <translation>Fehlerquote kritisch:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="143"/>
        <source>Check depth:</source>
        <translation>Prüftiefe:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="144"/>
        <source>Basic (ping)</source>
        <translation>Einfach (ping)</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="145"/>
        <source>Comprehensive (also list tools and resources)</source>
        <translation>Umfassend (auch Werkzeuge und Ressourcen auflisten)</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="152"/>
        <source>No probe, even if the defaults have one</source>
        <translation>Keine Probe, auch wenn die Standardwerte eine haben</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="153"/>
        <source>Call a tool</source>
        <translation>Ein Werkzeug aufrufen</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="156"/>
        <source>The name of a tool the server lists</source>
        <translation>Der Name eines Werkzeugs, das der Server anbietet</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="157"/>
        <source>Probe tool</source>
        <translation>Werkzeug der Probe</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="160"/>
        <source>Arguments as a JSON object, e.g. {&quot;query&quot;: &quot;ping&quot;}</source>
        <translation>Argumente als JSON-Objekt, z. B. {&quot;query&quot;: &quot;ping&quot;}</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="161"/>
        <source>Probe arguments</source>
        <translation>Argumente der Probe</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="165"/>
        <source>Text the result must contain (optional)</source>
        <translation>Text, den das Ergebnis enthalten muss (optional)</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="166"/>
        <source>Expected text</source>
        <translation>Erwarteter Text</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="171"/>
        <source>Tool:</source>
        <translation>Werkzeug:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="172"/>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="173"/>
        <source>Expect:</source>
        <translation>Erwartet:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="181"/>
        <source>Probe</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="183"/>
        <source>Probe:</source>
        <translation>Probe:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="207"/>
        <source>Restart:</source>
        <translation>Neustart:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="208"/>
        <source>On failure</source>
        <translation>Bei Fehlern</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="209"/>
        <source>Always, also after a clean exit</source>
        <translation>Immer, auch nach sauberem Beenden</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="209"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="212"/>
        <source>Delays before restart attempt 1, 2, 3 …, separated by commas; the last one repeats</source>
        <translation>Wartezeiten vor Neustartversuch 1, 2, 3 …, durch Kommas getrennt; die letzte wiederholt sich</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="215"/>
        <source>Wait before restarts:</source>
        <translation>Warten vor Neustarts:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="223"/>
        <source>Restart attempts:</source>
        <translation>Neustartversuche:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="226"/>
        <source>Restart limits and circuit breaker</source>
        <translation>Neustart-Grenzen und Schutzschalter</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="234"/>
        <source>Yes: wait a random part of each step</source>
        <translation>Ja: einen zufälligen Teil jeder Stufe warten</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="235"/>
        <source>No: wait exactly</source>
        <translation>Nein: genau warten</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="237"/>
        <source>Randomize waits:</source>
        <translation>Wartezeiten streuen:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="241"/>
        <source>Starts allowed in a burst:</source>
        <translation>Erlaubte Starts in kurzer Folge:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="242"/>
        <source>Burst window:</source>
        <translation>Zeitfenster dafür:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="243"/>
        <source>Forget attempts after healthy for:</source>
        <translation>Versuche vergessen nach gesund seit:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="245"/>
        <source>Open the circuit at failure rate:</source>
        <translation>Schutzschalter öffnen bei Fehlerrate:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="246"/>
        <source>Circuit: results before judging:</source>
        <translation>Schutzschalter: Ergebnisse vor dem Urteil:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="247"/>
        <source>Circuit: results considered:</source>
        <translation>Schutzschalter: betrachtete Ergebnisse:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="248"/>
        <source>Circuit: stay open for:</source>
        <translation>Schutzschalter: offen bleiben für:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="250"/>
        <source>Circuit: trial checks when half-open:</source>
        <translation>Schutzschalter: Probeprüfungen halb offen:</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="330"/>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="330"/>
        <source>Inherit: %1</source>
        <translation>Geerbt: %1</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="333"/>
        <location filename="../ui/monitorsettingseditor.cpp" line="373"/>
        <source>%1 (built-in)</source>
        <translation>%1 (eingebaut)</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="334"/>
        <location filename="../ui/monitorsettingseditor.cpp" line="374"/>
        <source>%1 (from defaults)</source>
        <translation>%1 (aus den Standardwerten)</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="343"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="343"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="354"/>
        <source>basic</source>
        <translation>einfach</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="354"/>
        <source>comprehensive</source>
        <translation>umfassend</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="356"/>
        <source>No probe</source>
        <translation>Keine Probe</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="356"/>
        <source>no probe</source>
        <translation>keine Probe</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="360"/>
        <source>on failure</source>
        <translation>bei Fehlern</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="363"/>
        <source>always</source>
        <translation>immer</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="366"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="408"/>
        <source>“%1” is not a duration; write e.g. 30s, 1m30s or 250ms</source>
        <translation>„%1“ ist keine Dauer; schreiben Sie z. B. 30s, 1m30s oder 250ms</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="418"/>
        <source>The arguments must be a JSON object, e.g. {&quot;query&quot;: &quot;ping&quot;}</source>
        <translation>Die Argumente müssen ein JSON-Objekt sein, z. B. {&quot;query&quot;: &quot;ping&quot;}</translation>
    </message>
    <message>
        <location filename="../ui/monitorsettingseditor.cpp" line="420"/>
        <source>Name the tool to call</source>
        <translation>Nennen Sie das aufzurufende Werkzeug</translation>
    </message>
</context>
<context>
    <name>lifeline::ServerEntryEditor</name>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="66"/>
        <source>Local program (stdio)</source>
        <translation>Lokales Programm (stdio)</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="67"/>
        <source>Remote URL (HTTP or SSE)</source>
        <translation>Entfernte URL (HTTP oder SSE)</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="68"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="69"/>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="101"/>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="101"/>
        <source>e.g. npx</source>
        <translation>z. B. npx</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="104"/>
        <source>One argument per line</source>
        <translation>Ein Argument pro Zeile</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="107"/>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="115"/>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="115"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="115"/>
        <location filename="../ui/serverentryeditor.cpp" line="128"/>
        <source>value or ${VARIABLE}</source>
        <translation>Wert oder ${VARIABLE}</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="116"/>
        <source>Working folder:</source>
        <translation>Arbeitsordner:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="116"/>
        <source>Lifeline&apos;s own when empty</source>
        <translation>Der von Lifeline, wenn leer</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="117"/>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="120"/>
        <source>Automatic (Streamable HTTP, then SSE)</source>
        <translation>Automatisch (Streamable HTTP, dann SSE)</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="121"/>
        <source>Streamable HTTP</source>
        <translation>Streamable HTTP</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="122"/>
        <source>SSE (legacy)</source>
        <translation>SSE (veraltet)</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="124"/>
        <source>Protocol:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="128"/>
        <source>Headers:</source>
        <translation>Header:</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="128"/>
        <source>Header-Name</source>
        <translation>Header-Name</translation>
    </message>
    <message>
        <location filename="../ui/serverentryeditor.cpp" line="129"/>
        <source>Disabled: not started and not watched</source>
        <translation>Deaktiviert: nicht gestartet und nicht überwacht</translation>
    </message>
</context>
<context>
    <name>lifeline::ServerHistoryView</name>
    <message numerus="yes">
        <location filename="../ui/serverhistoryview.cpp" line="131"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/serverhistoryview.cpp" line="132"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="182"/>
        <source>15 min</source>
        <translation>15 Min.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="182"/>
        <source>1 h</source>
        <translation>1 Std.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="183"/>
        <source>24 h</source>
        <translation>24 Std.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="183"/>
        <source>7 d</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="183"/>
        <source>30 d</source>
        <translation>30 Tage</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="191"/>
        <source>Show the last %1</source>
        <translation>Die letzten %1 zeigen</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="210"/>
        <source>min–max</source>
        <translation>Min.–Max.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="215"/>
        <source>average</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="216"/>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="217"/>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="218"/>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="221"/>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="231"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="244"/>
        <source>failed checks %</source>
        <translation>fehlgeschlagene Prüfungen %</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="257"/>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="267"/>
        <source>calls/min</source>
        <translation>Aufrufe/Min.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="274"/>
        <source>errors/min</source>
        <translation>Fehler/Min.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="278"/>
        <source>/min</source>
        <translation>/Min.</translation>
    </message>
    <message>
        <source>Gateway calls: %1, &lt;span style=&apos;color:%3&apos;&gt;%2 failed&lt;/span&gt;</source>
        <translation type="vanished">Gateway-Aufrufe: %1, &lt;span style=&apos;color:%3&apos;&gt;%2 fehlgeschlagen&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="286"/>
        <source>Gateway calls</source>
        <translation>Gateway-Aufrufe</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="291"/>
        <source>Calls per minute through Lifeline&apos;s gateway to this server (blue) and those of them that failed (red)</source>
        <translation>Aufrufe pro Minute über das Gateway von Lifeline an diesen Server (blau) und die davon fehlgeschlagenen (rot)</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="304"/>
        <location filename="../ui/serverhistoryview.cpp" line="484"/>
        <source>No calls through the gateway in this range</source>
        <translation>Keine Aufrufe über das Gateway in diesem Zeitraum</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="482"/>
        <source>the history keeps call counts for %1</source>
        <translation>der Verlauf bewahrt Aufrufzahlen %1 lang auf</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="493"/>
        <source>Calls: %1, none failed</source>
        <translation>Aufrufe: %1, keiner fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="494"/>
        <source>Calls: %1, &lt;span style=&apos;color:%3&apos;&gt;%2 failed&lt;/span&gt;</source>
        <translation>Aufrufe: %1, &lt;span style=&apos;color:%3&apos;&gt;%2 fehlgeschlagen&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="563"/>
        <source>No history in this range yet</source>
        <translation>Noch kein Verlauf in diesem Zeitraum</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="567"/>
        <source>%1 checks, %2 failed, %3 % available</source>
        <translation>%1 Prüfungen, %2 fehlgeschlagen, %3 % verfügbar</translation>
    </message>
</context>
<context>
    <name>lifeline::ServerTableModel</name>
    <message>
        <location filename="../models/servertablemodel.cpp" line="58"/>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="60"/>
        <source>Healthy</source>
        <translation>Gesund</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="62"/>
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="64"/>
        <source>Unhealthy</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="66"/>
        <source>Recovering</source>
        <translation>Erholt sich</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="68"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="70"/>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="72"/>
        <source>Failed</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="105"/>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/servertablemodel.cpp" line="107"/>
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform>
            <numerusform>vor %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../models/servertablemodel.cpp" line="109"/>
        <location filename="../ui/mainwindow.cpp" line="489"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n min</numerusform>
            <numerusform>vor %n min</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="144"/>
        <source>● this server</source>
        <translation>● dieser Server</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="166"/>
        <source>Failed checks: %1 of %2 in total
The rate covers the last %3 checks</source>
        <translation>Fehlgeschlagene Prüfungen: %1 von %2 insgesamt
Die Rate umfasst die letzten %3 Prüfungen</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="173"/>
        <source>Failover group %1: this server is the active member</source>
        <translation>Failover-Gruppe %1: Dieser Server ist das aktive Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="175"/>
        <source>Failover group %1: no active member</source>
        <translation>Failover-Gruppe %1: kein aktives Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="176"/>
        <source>Failover group %1: %2 is the active member</source>
        <translation>Failover-Gruppe %1: %2 ist das aktive Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="185"/>
        <source>Calls through the gateway: %1 in the last minute, %2 in total
Errors: %3 in the last minute, %4 in total</source>
        <translation>Aufrufe über das Gateway: %1 in der letzten Minute, insgesamt %2
Fehler: %3 in der letzten Minute, insgesamt %4</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="192"/>
        <source>Of these, tool errors (result.isError: the tool&apos;s own answer, the server is fine): %1 in the last minute, %2 in total</source>
        <translation>Davon Werkzeugfehler (result.isError: die Antwort des Werkzeugs selbst, der Server arbeitet): %1 in der letzten Minute, insgesamt %2</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="271"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="273"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="275"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="277"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="279"/>
        <source>p95 latency</source>
        <translation>p95-Latenz</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="281"/>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="283"/>
        <source>Uptime 24 h</source>
        <translation>Verfügbarkeit 24 h</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="285"/>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="287"/>
        <source>Active member</source>
        <translation>Aktives Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="289"/>
        <source>Last check</source>
        <translation>Letzte Prüfung</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="291"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="293"/>
        <source>Calls/s</source>
        <translation>Aufrufe/s</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="295"/>
        <source>Call errors</source>
        <translation>Aufruffehler</translation>
    </message>
</context>
<context>
    <name>lifeline::SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="59"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="77"/>
        <source>Defaults and servers</source>
        <translation>Standardwerte und Server</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="82"/>
        <source>Add server…</source>
        <translation>Server hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="83"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="84"/>
        <source>Rename the selected server (its settings and failover group follow)</source>
        <translation>Den gewählten Server umbenennen (seine Einstellungen und Failover-Gruppe folgen)</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="85"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="86"/>
        <source>Remove the selected server from the config file</source>
        <translation>Den gewählten Server aus der Konfigurationsdatei entfernen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="94"/>
        <source>Servers and thresholds</source>
        <translation>Server und Schwellenwerte</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="98"/>
        <source>Failover groups</source>
        <translation>Failover-Gruppen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="109"/>
        <source>Start MCP Lifeline when I log in</source>
        <translation>MCP Lifeline bei der Anmeldung starten</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="111"/>
        <source>Writes %1</source>
        <translation>Schreibt %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="139"/>
        <source>Loading %1…</source>
        <translation>Lade %1 …</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="174"/>
        <source>There is no config file yet: Apply creates %1.</source>
        <translation>Es gibt noch keine Konfigurationsdatei: „Anwenden“ legt %1 an.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="176"/>
        <source>%1 cannot be opened: %2</source>
        <translation>%1 lässt sich nicht öffnen: %2</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="178"/>
        <source>Editing %1.</source>
        <translation>Bearbeitet wird %1.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="183"/>
        <source>The file cannot be read, so nothing can be saved here. Fix it in an editor first:
%1</source>
        <translation>Die Datei ist nicht lesbar, daher kann hier nichts gespeichert werden. Korrigieren Sie sie zuerst in einem Editor:
%1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="188"/>
        <source>This file has comments, which saving cannot keep; the current file is kept as %1.</source>
        <translation>Diese Datei enthält Kommentare, die beim Speichern verloren gehen; die jetzige Datei bleibt als %1 erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="191"/>
        <source>The file has errors; they are marked below and must be fixed before saving:
%1</source>
        <translation>Die Datei enthält Fehler; sie sind unten markiert und müssen vor dem Speichern behoben werden:
%1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="238"/>
        <source>Defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="338"/>
        <source>A server needs a name.</source>
        <translation>Ein Server braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="340"/>
        <source>A server name can have at most %1 characters.</source>
        <translation>Ein Servername darf höchstens %1 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="342"/>
        <source>A server name cannot contain control characters.</source>
        <translation>Ein Servername darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="344"/>
        <source>There already is a server named %1.</source>
        <translation>Es gibt schon einen Server namens %1.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="400"/>
        <location filename="../ui/settingsdialog.cpp" line="405"/>
        <source>Rename server</source>
        <translation>Server umbenennen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="400"/>
        <source>New name for %1:</source>
        <translation>Neuer Name für %1:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="412"/>
        <location filename="../ui/settingsdialog.cpp" line="416"/>
        <source>Add server</source>
        <translation>Server hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="412"/>
        <source>Name of the new server:</source>
        <translation>Name des neuen Servers:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="424"/>
        <source>Remove server</source>
        <translation>Server entfernen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="425"/>
        <source>Remove %1 and its settings from the config file? Lifeline stops watching it when you apply.</source>
        <translation>%1 mit seinen Einstellungen aus der Konfigurationsdatei entfernen? Lifeline überwacht ihn nicht mehr, sobald Sie anwenden.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="460"/>
        <source>Nothing was written: fix the fields marked in red first.</source>
        <translation>Nichts wurde geschrieben: Korrigieren Sie zuerst die rot markierten Felder.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="472"/>
        <source>Saving…</source>
        <translation>Speichere …</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="472"/>
        <source>Saving to %1…</source>
        <translation>Speichere in %1 …</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="490"/>
        <source>Starting at login could not be changed: %1</source>
        <translation>Der Start bei der Anmeldung konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="493"/>
        <source>Nothing was written to %1:
%2</source>
        <translation>Nichts wurde in %1 geschrieben:
%2</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="499"/>
        <source>Saved to %1.</source>
        <translation>Gespeichert in %1.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="500"/>
        <source>Saved to %1; the previous version is in %2.</source>
        <translation>Gespeichert in %1; die vorige Fassung liegt in %2.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="502"/>
        <source>Its comments could not be kept.</source>
        <translation>Ihre Kommentare konnten nicht erhalten werden.</translation>
    </message>
</context>
<context>
    <name>lifeline::SettingsForm</name>
    <message>
        <location filename="../ui/settingsform.cpp" line="57"/>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="31"/>
        <source>These settings apply to every server that does not set its own. Leave a field empty to use the built-in value.</source>
        <translation>Diese Einstellungen gelten für jeden Server, der keine eigenen festlegt. Lassen Sie ein Feld leer, um den eingebauten Wert zu verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="38"/>
        <source>Defaults for all servers</source>
        <translation>Standardwerte für alle Server</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="38"/>
        <source>Monitoring</source>
        <translation>Überwachung</translation>
    </message>
</context>
<context>
    <name>lifeline::TrayController</name>
    <message>
        <location filename="../ui/traycontroller.cpp" line="56"/>
        <source>Open MCP Lifeline</source>
        <translation>MCP Lifeline öffnen</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="58"/>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="60"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="119"/>
        <location filename="../ui/traycontroller.cpp" line="232"/>
        <location filename="../ui/traycontroller.cpp" line="321"/>
        <location filename="../ui/traycontroller.cpp" line="362"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="122"/>
        <source>%1 %2</source>
        <comment>tray tooltip: a count and a state, as in &quot;2 Healthy&quot;</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="127"/>
        <source>No servers</source>
        <translation>Keine Server</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="160"/>
        <source>Restart %1</source>
        <translation>%1 neu starten</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="236"/>
        <source>Resolved: %1</source>
        <translation>Behoben: %1</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="238"/>
        <source>Critical: %1</source>
        <translation>Kritisch: %1</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="241"/>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="244"/>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="254"/>
        <source>%1 is down.</source>
        <translation>%1 ist ausgefallen.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="257"/>
        <source>%1 is back up.</source>
        <translation>%1 läuft wieder.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="260"/>
        <source>Lifeline gave up on %1; it needs a restart by hand.</source>
        <translation>Lifeline hat %1 aufgegeben; der Server muss von Hand neu gestartet werden.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="263"/>
        <source>Failover group %1 switched to %2.</source>
        <translation>Die Failover-Gruppe %1 ist auf %2 umgeschaltet.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="275"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="279"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="285"/>
        <source>%n servers down: %1</source>
        <translation>
            <numerusform>%n Server ausgefallen: %1</numerusform>
            <numerusform>%n Server ausgefallen: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="287"/>
        <source>%n servers back up: %1</source>
        <translation>
            <numerusform>%n Server läuft wieder: %1</numerusform>
            <numerusform>%n Server laufen wieder: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="289"/>
        <source>%n servers failed for good: %1</source>
        <translation>
            <numerusform>%n Server endgültig aufgegeben: %1</numerusform>
            <numerusform>%n Server endgültig aufgegeben: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="291"/>
        <source>%n failovers: %1</source>
        <translation>
            <numerusform>%n Failover: %1</numerusform>
            <numerusform>%n Failover: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="325"/>
        <source>Servers down</source>
        <translation>Server ausgefallen</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="325"/>
        <source>Server down</source>
        <translation>Server ausgefallen</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="328"/>
        <source>Servers recovered</source>
        <translation>Server wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="328"/>
        <source>Server recovered</source>
        <translation>Server wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="331"/>
        <source>Servers failed</source>
        <translation>Server aufgegeben</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="331"/>
        <source>Server failed</source>
        <translation>Server aufgegeben</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="334"/>
        <source>Failover</source>
        <translation>Failover</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="363"/>
        <source>MCP Lifeline keeps running in the tray and keeps watching your servers. Choose Quit from the tray menu to end it.</source>
        <translation>MCP Lifeline läuft im Infobereich weiter und überwacht weiterhin die Server. Zum Beenden im Menü des Infobereichs „Beenden“ wählen.</translation>
    </message>
</context>
</TS>
