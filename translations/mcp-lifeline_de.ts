<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <location filename="../ui/actiontracker.cpp" line="69"/>
        <source>Checked %1: %2</source>
        <translation>%1 geprüft: %2</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="77"/>
        <source>Restarted %1 in %2 ms</source>
        <translation>%1 in %2 ms neu gestartet</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="78"/>
        <source>Started %1 in %2 ms</source>
        <translation>%1 in %2 ms gestartet</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="80"/>
        <source>%1 did not come up: %2</source>
        <translation>%1 ist nicht hochgekommen: %2</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="88"/>
        <source>Stopped %1</source>
        <translation>%1 gestoppt</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="92"/>
        <source>Disabled %1</source>
        <translation>%1 deaktiviert</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="97"/>
        <source>%1 is now the active member of %2 (%3 ms)</source>
        <translation>%1 ist jetzt das aktive Mitglied von %2 (%3 ms)</translation>
    </message>
    <message>
        <location filename="../ui/actiontracker.cpp" line="117"/>
        <source>%1: no result after %2 s</source>
        <translation>%1: kein Ergebnis nach %2 s</translation>
    </message>
</context>
<context>
    <name>lifeline::AvailabilityBand</name>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="85"/>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="89"/>
        <source>%1: %2 % available, %3 of %4 checks failed</source>
        <translation>%1: %2 % verfügbar, %3 von %4 Prüfungen fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>lifeline::Dashboard</name>
    <message>
        <location filename="../app/dashboard.cpp" line="49"/>
        <location filename="../app/dashboard.cpp" line="60"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="50"/>
        <source>The config file cannot be used; nothing was changed.

%1</source>
        <translation>Die Konfigurationsdatei ist nicht verwendbar; nichts wurde geändert.

%1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="68"/>
        <source>Demo servers (no config at %1)</source>
        <translation>Demo-Server (keine Konfiguration unter %1)</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="69"/>
        <location filename="../app/dashboard.cpp" line="175"/>
        <source>Config: %1</source>
        <translation>Konfiguration: %1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="124"/>
        <source>The config file has errors; the last good config stays in force.
%1</source>
        <translation>Die Konfigurationsdatei hat Fehler; die letzte gültige Konfiguration bleibt in Kraft.
%1</translation>
    </message>
</context>
<context>
    <name>lifeline::EventLogModel</name>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="32"/>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="34"/>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="36"/>
        <source>degraded</source>
        <translation>beeinträchtigt</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="38"/>
        <source>unhealthy</source>
        <translation>gestört</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="40"/>
        <source>recovering</source>
        <translation>erholt sich</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="42"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="44"/>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="46"/>
        <source>failed</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="59"/>
        <source>tools changed</source>
        <translation>Werkzeuge geändert</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/eventlogmodel.cpp" line="65"/>
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n weiteres)</numerusform>
            <numerusform>(%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="67"/>
        <source>tools: %1</source>
        <translation>Werkzeuge: %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="73"/>
        <source>reconnect</source>
        <translation>Neuverbindung</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="73"/>
        <source>restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="75"/>
        <source>%1 (by the user)</source>
        <translation>%1 (durch den Benutzer)</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="78"/>
        <source>attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="80"/>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="83"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="89"/>
        <source>circuit open</source>
        <translation>Schutzschalter offen</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="91"/>
        <source>circuit half-open</source>
        <translation>Schutzschalter halb offen</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="93"/>
        <source>circuit closed</source>
        <translation>Schutzschalter geschlossen</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="94"/>
        <source>circuit %1</source>
        <translation>Schutzschalter %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="131"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="142"/>
        <source>failover %1: to %2</source>
        <translation>Failover %1: zu %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="143"/>
        <source>failover %1: %2 → %3</source>
        <translation>Failover %1: %2 → %3</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="164"/>
        <source>tools now: %1</source>
        <translation>Werkzeuge jetzt: %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="170"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="215"/>
        <source>Failover group %1</source>
        <translation>Failover-Gruppe %1</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="219"/>
        <source>%1, by the user</source>
        <translation>%1, durch den Benutzer</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="270"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="272"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="274"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../models/eventlogmodel.cpp" line="276"/>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>lifeline::EventsPanel</name>
    <message>
        <location filename="../ui/eventspanel.cpp" line="81"/>
        <location filename="../ui/eventspanel.cpp" line="82"/>
        <source>Selected server only</source>
        <translation>Nur ausgewählter Server</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="105"/>
        <source>Filter events…</source>
        <translation>Ereignisse filtern …</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="106"/>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="108"/>
        <source>Filter failures…</source>
        <translation>Ausfälle filtern …</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="109"/>
        <source>Failures</source>
        <translation>Ausfälle</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="158"/>
        <source>Select a server to show only its rows</source>
        <translation>Wählen Sie einen Server, um nur seine Zeilen zu zeigen</translation>
    </message>
    <message>
        <location filename="../ui/eventspanel.cpp" line="159"/>
        <source>Show only the rows about %1</source>
        <translation>Nur die Zeilen zu %1 zeigen</translation>
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
    <name>lifeline::KeyValueEditor</name>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="26"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="65"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="68"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="70"/>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="72"/>
        <source>Show the value; it is hidden because the name looks like a secret</source>
        <translation>Wert zeigen; er ist verborgen, weil der Name nach einem Geheimnis aussieht</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="78"/>
        <source>Remove this entry</source>
        <translation>Diesen Eintrag entfernen</translation>
    </message>
    <message>
        <location filename="../ui/keyvalueeditor.cpp" line="79"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>lifeline::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="73"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="79"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="83"/>
        <source>Check now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85"/>
        <source>Check the selected server now (%1)</source>
        <translation>Den gewählten Server jetzt prüfen (%1)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="87"/>
        <location filename="../ui/mainwindow.cpp" line="155"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <source>Stop watching the selected server and end its process</source>
        <translation>Den gewählten Server nicht mehr überwachen und seinen Prozess beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="90"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="92"/>
        <source>Start the selected server again</source>
        <translation>Den gewählten Server wieder starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="93"/>
        <location filename="../ui/mainwindow.cpp" line="168"/>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="95"/>
        <source>Restart the selected server now; its restart ladder starts over</source>
        <translation>Den gewählten Server jetzt neu starten; seine Neustart-Stufen beginnen von vorn</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="96"/>
        <location filename="../ui/mainwindow.cpp" line="183"/>
        <location filename="../ui/mainwindow.cpp" line="412"/>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="97"/>
        <source>Stop watching the selected server until it is enabled again</source>
        <translation>Den gewählten Server nicht mehr überwachen, bis er wieder aktiviert wird</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="99"/>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Fail over</source>
        <translation>Failover</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="100"/>
        <source>Make another member of the selected server&apos;s failover group the active one</source>
        <translation>Ein anderes Mitglied der Failover-Gruppe des gewählten Servers zum aktiven machen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="112"/>
        <source>Fail over to %1</source>
        <translation>Failover zu %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Make %1 the active member of %2 instead of %3?</source>
        <translation>%1 statt %3 zum aktiven Mitglied von %2 machen?</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="125"/>
        <source>Restore primary</source>
        <translation>Primären wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="126"/>
        <source>Make the failover group&apos;s primary the active member again</source>
        <translation>Den primären Server der Failover-Gruppe wieder zum aktiven Mitglied machen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="128"/>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="130"/>
        <source>Thresholds, recovery and servers (written to the config file)</source>
        <translation>Schwellenwerte, Wiederherstellung und Server (in die Konfigurationsdatei geschrieben)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="135"/>
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
        <location filename="../ui/mainwindow.cpp" line="155"/>
        <source>Stop %1? Its process is ended and it is no longer watched until you start it.</source>
        <translation>%1 stoppen? Sein Prozess wird beendet und er wird nicht mehr überwacht, bis Sie ihn starten.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="168"/>
        <source>Restart %1 now? Its process is ended and started again.</source>
        <translation>%1 jetzt neu starten? Sein Prozess wird beendet und neu gestartet.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="183"/>
        <source>Disable %1? It is stopped and not watched until you enable it.</source>
        <translation>%1 deaktivieren? Er wird gestoppt und nicht überwacht, bis Sie ihn aktivieren.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="228"/>
        <source>Show only %1 servers</source>
        <translation>Nur Server mit Status „%1“ zeigen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="242"/>
        <source>Time all servers were up in the last 24 hours, from the history (time you stopped or disabled a server does not count)</source>
        <translation>Anteil der Zeit, in der alle Server in den letzten 24 Stunden liefen, aus dem Verlauf (Zeit, in der Sie einen Server gestoppt oder deaktiviert haben, zählt nicht)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="306"/>
        <source>Events and failures</source>
        <translation>Ereignisse und Ausfälle</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="358"/>
        <source>⚠ History not saved</source>
        <translation>⚠ Verlauf wird nicht gespeichert</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="395"/>
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Server</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="412"/>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="436"/>
        <source>Do not ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="488"/>
        <source>Availability 24 h: —</source>
        <translation>Verfügbarkeit 24 h: —</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="489"/>
        <source>Availability 24 h: %1 %</source>
        <translation>Verfügbarkeit 24 h: %1 %</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="505"/>
        <source>Select a server to see its details.</source>
        <translation>Einen Server wählen, um Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="512"/>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="517"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="518"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="520"/>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="522"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="526"/>
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="528"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="530"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="532"/>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="534"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="536"/>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="536"/>
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 fehlgeschlagen)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="538"/>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="542"/>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="542"/>
        <source>attempt %1 in %2 s</source>
        <translation>Versuch %1 in %2 s</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="545"/>
        <source>Circuit</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="547"/>
        <source>Failover group</source>
        <translation>Failover-Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="548"/>
        <source>%1 (active here)</source>
        <translation>%1 (hier aktiv)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="549"/>
        <source>%1 (active: %2)</source>
        <translation>%1 (aktiv: %2)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="552"/>
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="564"/>
        <source>Server log</source>
        <translation>Server-Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="565"/>
        <source>Last stderr lines</source>
        <translation>Letzte stderr-Zeilen</translation>
    </message>
</context>
<context>
    <name>lifeline::ServerHistoryView</name>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="167"/>
        <source>15 min</source>
        <translation>15 Min.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="167"/>
        <source>1 h</source>
        <translation>1 Std.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="168"/>
        <source>24 h</source>
        <translation>24 Std.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="168"/>
        <source>7 d</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="168"/>
        <source>30 d</source>
        <translation>30 Tage</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="174"/>
        <source>Show the last %1</source>
        <translation>Die letzten %1 zeigen</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="191"/>
        <source>min–max</source>
        <translation>Min.–Max.</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="196"/>
        <source>average</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="197"/>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="198"/>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="199"/>
        <source>critical</source>
        <translation>kritisch</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="202"/>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="212"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="225"/>
        <source>failed checks %</source>
        <translation>fehlgeschlagene Prüfungen %</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="236"/>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="367"/>
        <source>No history in this range yet</source>
        <translation>Noch kein Verlauf in diesem Zeitraum</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="371"/>
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
        <location filename="../models/servertablemodel.cpp" line="159"/>
        <source>Failed checks: %1 of %2 in total
The rate covers the last %3 checks</source>
        <translation>Fehlgeschlagene Prüfungen: %1 von %2 insgesamt
Die Rate umfasst die letzten %3 Prüfungen</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="166"/>
        <source>Failover group %1: this server is the active member</source>
        <translation>Failover-Gruppe %1: Dieser Server ist das aktive Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="168"/>
        <source>Failover group %1: no active member</source>
        <translation>Failover-Gruppe %1: kein aktives Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="169"/>
        <source>Failover group %1: %2 is the active member</source>
        <translation>Failover-Gruppe %1: %2 ist das aktive Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="236"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="238"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="240"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="242"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="244"/>
        <source>p95 latency</source>
        <translation>p95-Latenz</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="246"/>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="248"/>
        <source>Uptime 24 h</source>
        <translation>Verfügbarkeit 24 h</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="250"/>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="252"/>
        <source>Active member</source>
        <translation>Aktives Mitglied</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="254"/>
        <source>Last check</source>
        <translation>Letzte Prüfung</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="256"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>lifeline::SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="49"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="65"/>
        <source>Defaults and servers</source>
        <translation>Standardwerte und Server</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="70"/>
        <source>Add server…</source>
        <translation>Server hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="71"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="72"/>
        <source>Remove the selected server from the config file</source>
        <translation>Den gewählten Server aus der Konfigurationsdatei entfernen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="126"/>
        <source>There is no config file yet: Apply creates %1.</source>
        <translation>Es gibt noch keine Konfigurationsdatei: „Anwenden“ legt %1 an.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="129"/>
        <source>%1 cannot be opened: %2</source>
        <translation>%1 lässt sich nicht öffnen: %2</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="132"/>
        <source>Editing %1.</source>
        <translation>Bearbeitet wird %1.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="143"/>
        <source>The file cannot be read, so nothing can be saved here. Fix it in an editor first:
%1</source>
        <translation>Die Datei ist nicht lesbar, daher kann hier nichts gespeichert werden. Korrigieren Sie sie zuerst in einem Editor:
%1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="147"/>
        <source>This file has comments, which saving cannot keep; the current file is kept as %1.</source>
        <translation>Diese Datei enthält Kommentare, die beim Speichern verloren gehen; die jetzige Datei bleibt als %1 erhalten.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="152"/>
        <source>The file has errors; they are marked below and must be fixed before saving:
%1</source>
        <translation>Die Datei enthält Fehler; sie sind unten markiert und müssen vor dem Speichern behoben werden:
%1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="193"/>
        <source>Defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="263"/>
        <source>A server needs a name.</source>
        <translation>Ein Server braucht einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="265"/>
        <source>A server name can have at most %1 characters.</source>
        <translation>Ein Servername darf höchstens %1 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="267"/>
        <source>A server name cannot contain control characters.</source>
        <translation>Ein Servername darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="269"/>
        <source>There already is a server named %1.</source>
        <translation>Es gibt schon einen Server namens %1.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="305"/>
        <location filename="../ui/settingsdialog.cpp" line="309"/>
        <source>Add server</source>
        <translation>Server hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="305"/>
        <source>Name of the new server:</source>
        <translation>Name des neuen Servers:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="317"/>
        <source>Remove server</source>
        <translation>Server entfernen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="318"/>
        <source>Remove %1 and its settings from the config file? Lifeline stops watching it when you apply.</source>
        <translation>%1 mit seinen Einstellungen aus der Konfigurationsdatei entfernen? Lifeline überwacht ihn nicht mehr, sobald Sie anwenden.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="343"/>
        <source>Nothing was written: fix the fields marked in red first.</source>
        <translation>Nichts wurde geschrieben: Korrigieren Sie zuerst die rot markierten Felder.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="351"/>
        <source>Nothing was written:
%1</source>
        <translation>Nichts wurde geschrieben:
%1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="358"/>
        <source>Saved to %1.</source>
        <translation>Gespeichert in %1.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="359"/>
        <source>Saved to %1; the previous version is in %2.</source>
        <translation>Gespeichert in %1; die vorige Fassung liegt in %2.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="361"/>
        <source>Its comments could not be kept.</source>
        <translation>Ihre Kommentare konnten nicht erhalten werden.</translation>
    </message>
</context>
<context>
    <name>lifeline::SettingsForm</name>
    <message>
        <location filename="../ui/settingsform.cpp" line="104"/>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="110"/>
        <source>These settings apply to every server that does not set its own. Leave a field empty to use the built-in value.</source>
        <translation>Diese Einstellungen gelten für jeden Server, der keine eigenen festlegt. Lassen Sie ein Feld leer, um den eingebauten Wert zu verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="116"/>
        <source>Defaults for all servers</source>
        <translation>Standardwerte für alle Server</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="116"/>
        <source>Monitoring</source>
        <translation>Überwachung</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="144"/>
        <source>A duration such as 250ms, 30s, 5m, 1h or 1m30s</source>
        <translation>Eine Dauer wie 250ms, 30s, 5m, 1h oder 1m30s</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="244"/>
        <source>Check every:</source>
        <translation>Prüfen alle:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="245"/>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="246"/>
        <source>Failures before unhealthy:</source>
        <translation>Fehlschläge bis „ungesund“:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="247"/>
        <source>Successes before healthy:</source>
        <translation>Erfolge bis „gesund“:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="248"/>
        <source>Latency warning:</source>
        <translation>Latenz-Warnung:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="249"/>
        <source>Latency critical:</source>
        <translation>Latenz kritisch:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="250"/>
        <source>Error rate warning:</source>
        <translation>Fehlerquote-Warnung:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="251"/>
        <source>Error rate critical:</source>
        <translation>Fehlerquote kritisch:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="252"/>
        <source>Check depth:</source>
        <translation>Prüftiefe:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="253"/>
        <source>Basic (ping)</source>
        <translation>Einfach (ping)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="254"/>
        <source>Comprehensive (also list tools and resources)</source>
        <translation>Umfassend (auch Werkzeuge und Ressourcen auflisten)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="261"/>
        <source>No probe, even if the defaults have one</source>
        <translation>Keine Probe, auch wenn die Standardwerte eine haben</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="262"/>
        <source>Call a tool</source>
        <translation>Ein Werkzeug aufrufen</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="265"/>
        <source>The name of a tool the server lists</source>
        <translation>Der Name eines Werkzeugs, das der Server anbietet</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="266"/>
        <source>Probe tool</source>
        <translation>Werkzeug der Probe</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="269"/>
        <source>Arguments as a JSON object, e.g. {&quot;query&quot;: &quot;ping&quot;}</source>
        <translation>Argumente als JSON-Objekt, z. B. {&quot;query&quot;: &quot;ping&quot;}</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="270"/>
        <source>Probe arguments</source>
        <translation>Argumente der Probe</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="274"/>
        <source>Text the result must contain (optional)</source>
        <translation>Text, den das Ergebnis enthalten muss (optional)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="275"/>
        <source>Expected text</source>
        <translation>Erwarteter Text</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="280"/>
        <source>Tool:</source>
        <translation>Werkzeug:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="281"/>
        <location filename="../ui/settingsform.cpp" line="385"/>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="282"/>
        <source>Expect:</source>
        <translation>Erwartet:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="290"/>
        <source>Probe</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="291"/>
        <source>Probe:</source>
        <translation>Probe:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="312"/>
        <source>Restart:</source>
        <translation>Neustart:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="313"/>
        <source>On failure</source>
        <translation>Bei Fehlern</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="314"/>
        <source>Always, also after a clean exit</source>
        <translation>Immer, auch nach sauberem Beenden</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="314"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="317"/>
        <source>Delays before restart attempt 1, 2, 3 …, separated by commas; the last one repeats</source>
        <translation>Wartezeiten vor Neustartversuch 1, 2, 3 …, durch Kommas getrennt; die letzte wiederholt sich</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="319"/>
        <source>Wait before restarts:</source>
        <translation>Warten vor Neustarts:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="327"/>
        <source>Restart attempts:</source>
        <translation>Neustartversuche:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="340"/>
        <source>Local program (stdio)</source>
        <translation>Lokales Programm (stdio)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="341"/>
        <source>Remote URL (HTTP or SSE)</source>
        <translation>Entfernte URL (HTTP oder SSE)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="342"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="343"/>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="378"/>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="378"/>
        <source>e.g. npx</source>
        <translation>z. B. npx</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="381"/>
        <source>One argument per line</source>
        <translation>Ein Argument pro Zeile</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="395"/>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="395"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="395"/>
        <location filename="../ui/settingsform.cpp" line="411"/>
        <source>value or ${VARIABLE}</source>
        <translation>Wert oder ${VARIABLE}</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="396"/>
        <source>Working folder:</source>
        <translation>Arbeitsordner:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="396"/>
        <source>Lifeline&apos;s own when empty</source>
        <translation>Der von Lifeline, wenn leer</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="397"/>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="400"/>
        <source>Automatic (Streamable HTTP, then SSE)</source>
        <translation>Automatisch (Streamable HTTP, dann SSE)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="401"/>
        <source>Streamable HTTP</source>
        <translation>Streamable HTTP</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="402"/>
        <source>SSE (legacy)</source>
        <translation>SSE (veraltet)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="405"/>
        <source>Protocol:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="411"/>
        <source>Headers:</source>
        <translation>Header:</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="411"/>
        <source>Header-Name</source>
        <translation>Header-Name</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="412"/>
        <source>Disabled: not started and not watched</source>
        <translation>Deaktiviert: nicht gestartet und nicht überwacht</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="509"/>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="509"/>
        <source>Inherit: %1</source>
        <translation>Geerbt: %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="512"/>
        <location filename="../ui/settingsform.cpp" line="543"/>
        <source>%1 (built-in)</source>
        <translation>%1 (eingebaut)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="513"/>
        <location filename="../ui/settingsform.cpp" line="544"/>
        <source>%1 (from defaults)</source>
        <translation>%1 (aus den Standardwerten)</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="524"/>
        <source>basic</source>
        <translation>einfach</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="524"/>
        <source>comprehensive</source>
        <translation>umfassend</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="526"/>
        <source>No probe</source>
        <translation>Keine Probe</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="526"/>
        <source>no probe</source>
        <translation>keine Probe</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="530"/>
        <source>on failure</source>
        <translation>bei Fehlern</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="533"/>
        <source>always</source>
        <translation>immer</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="536"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="658"/>
        <source>“%1” is not a duration; write e.g. 30s, 1m30s or 250ms</source>
        <translation>„%1“ ist keine Dauer; schreiben Sie z. B. 30s, 1m30s oder 250ms</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="668"/>
        <source>The arguments must be a JSON object, e.g. {&quot;query&quot;: &quot;ping&quot;}</source>
        <translation>Die Argumente müssen ein JSON-Objekt sein, z. B. {&quot;query&quot;: &quot;ping&quot;}</translation>
    </message>
    <message>
        <location filename="../ui/settingsform.cpp" line="670"/>
        <source>Name the tool to call</source>
        <translation>Nennen Sie das aufzurufende Werkzeug</translation>
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
        <location filename="../ui/traycontroller.cpp" line="105"/>
        <location filename="../ui/traycontroller.cpp" line="283"/>
        <location filename="../ui/traycontroller.cpp" line="324"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="108"/>
        <source>%1 %2</source>
        <comment>tray tooltip: a count and a state, as in &quot;2 Healthy&quot;</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="113"/>
        <source>No servers</source>
        <translation>Keine Server</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="146"/>
        <source>Restart %1</source>
        <translation>%1 neu starten</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="216"/>
        <source>%1 is down.</source>
        <translation>%1 ist ausgefallen.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="219"/>
        <source>%1 is back up.</source>
        <translation>%1 läuft wieder.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="222"/>
        <source>Lifeline gave up on %1; it needs a restart by hand.</source>
        <translation>Lifeline hat %1 aufgegeben; der Server muss von Hand neu gestartet werden.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="225"/>
        <source>Failover group %1 switched to %2.</source>
        <translation>Die Failover-Gruppe %1 ist auf %2 umgeschaltet.</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="237"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="241"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="247"/>
        <source>%n servers down: %1</source>
        <translation>
            <numerusform>%n Server ausgefallen: %1</numerusform>
            <numerusform>%n Server ausgefallen: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="249"/>
        <source>%n servers back up: %1</source>
        <translation>
            <numerusform>%n Server läuft wieder: %1</numerusform>
            <numerusform>%n Server laufen wieder: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="251"/>
        <source>%n servers failed for good: %1</source>
        <translation>
            <numerusform>%n Server endgültig aufgegeben: %1</numerusform>
            <numerusform>%n Server endgültig aufgegeben: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="253"/>
        <source>%n failovers: %1</source>
        <translation>
            <numerusform>%n Failover: %1</numerusform>
            <numerusform>%n Failover: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="287"/>
        <source>Servers down</source>
        <translation>Server ausgefallen</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="287"/>
        <source>Server down</source>
        <translation>Server ausgefallen</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="290"/>
        <source>Servers recovered</source>
        <translation>Server wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="290"/>
        <source>Server recovered</source>
        <translation>Server wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="293"/>
        <source>Servers failed</source>
        <translation>Server aufgegeben</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="293"/>
        <source>Server failed</source>
        <translation>Server aufgegeben</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="296"/>
        <source>Failover</source>
        <translation>Failover</translation>
    </message>
    <message>
        <location filename="../ui/traycontroller.cpp" line="325"/>
        <source>MCP Lifeline keeps running in the tray and keeps watching your servers. Choose Quit from the tray menu to end it.</source>
        <translation>MCP Lifeline läuft im Infobereich weiter und überwacht weiterhin die Server. Zum Beenden im Menü des Infobereichs „Beenden“ wählen.</translation>
    </message>
</context>
</TS>
