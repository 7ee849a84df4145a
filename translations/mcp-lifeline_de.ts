<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <location filename="../app/dashboard.cpp" line="44"/>
        <location filename="../app/dashboard.cpp" line="55"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="45"/>
        <source>The config file cannot be used; nothing was changed.

%1</source>
        <translation>Die Konfigurationsdatei ist nicht verwendbar; nichts wurde geändert.

%1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="63"/>
        <source>Demo servers (no config at %1)</source>
        <translation>Demo-Server (keine Konfiguration unter %1)</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="64"/>
        <source>Config: %1</source>
        <translation>Konfiguration: %1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="107"/>
        <source>The config file has errors; the last good config stays in force.
%1</source>
        <translation>Die Konfigurationsdatei hat Fehler; die letzte gültige Konfiguration bleibt in Kraft.
%1</translation>
    </message>
</context>
<context>
    <name>lifeline::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="65"/>
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="71"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="75"/>
        <source>Check now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="77"/>
        <source>Check the selected server now (%1)</source>
        <translation>Den gewählten Server jetzt prüfen (%1)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="79"/>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="81"/>
        <source>Stop watching the selected server and end its process</source>
        <translation>Den gewählten Server nicht mehr überwachen und seinen Prozess beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="82"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="84"/>
        <source>Start the selected server again</source>
        <translation>Den gewählten Server wieder starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85"/>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="87"/>
        <source>Restart the selected server now; its restart ladder starts over</source>
        <translation>Den gewählten Server jetzt neu starten; seine Neustart-Stufen beginnen von vorn</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="88"/>
        <location filename="../ui/mainwindow.cpp" line="321"/>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <source>Stop watching the selected server until it is enabled again</source>
        <translation>Den gewählten Server nicht mehr überwachen, bis er wieder aktiviert wird</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="93"/>
        <source>Filter servers…</source>
        <translation>Server filtern …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="107"/>
        <source>Checking %1…</source>
        <translation>Prüfe %1 …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="121"/>
        <source>Restarting %1…</source>
        <translation>Starte %1 neu …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="155"/>
        <source>Show only %1 servers</source>
        <translation>Nur Server mit Status „%1“ zeigen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="169"/>
        <source>Time all servers were up in the last 24 hours, from the history (time you stopped or disabled a server does not count)</source>
        <translation>Anteil der Zeit, in der alle Server in den letzten 24 Stunden liefen, aus dem Verlauf (Zeit, in der Sie einen Server gestoppt oder deaktiviert haben, zählt nicht)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="268"/>
        <source>⚠ History not saved</source>
        <translation>⚠ Verlauf wird nicht gespeichert</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="304"/>
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform>
            <numerusform>%n Server</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="321"/>
        <source>Enable</source>
        <translation>Aktivieren</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="326"/>
        <source>Availability 24 h: —</source>
        <translation>Verfügbarkeit 24 h: —</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="327"/>
        <source>Availability 24 h: %1 %</source>
        <translation>Verfügbarkeit 24 h: %1 %</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="342"/>
        <source>Select a server to see its details.</source>
        <translation>Einen Server wählen, um Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="349"/>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="354"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="355"/>
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="357"/>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="359"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="363"/>
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="365"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="367"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="369"/>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="371"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="373"/>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="373"/>
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 fehlgeschlagen)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="375"/>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="379"/>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="379"/>
        <source>attempt %1 in %2 s</source>
        <translation>Versuch %1 in %2 s</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="382"/>
        <source>Circuit</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="384"/>
        <source>Failover group</source>
        <translation>Failover-Gruppe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="385"/>
        <source>%1 (active here)</source>
        <translation>%1 (hier aktiv)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="386"/>
        <source>%1 (active: %2)</source>
        <translation>%1 (aktiv: %2)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="389"/>
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="401"/>
        <source>Server log</source>
        <translation>Server-Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="402"/>
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
        <location filename="../ui/serverhistoryview.cpp" line="211"/>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="224"/>
        <source>failed checks %</source>
        <translation>fehlgeschlagene Prüfungen %</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="235"/>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="363"/>
        <source>No history in this range yet</source>
        <translation>Noch kein Verlauf in diesem Zeitraum</translation>
    </message>
    <message>
        <location filename="../ui/serverhistoryview.cpp" line="367"/>
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
