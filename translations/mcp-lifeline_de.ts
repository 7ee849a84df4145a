<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>lifeline::Dashboard</name>
    <message>
        <location filename="../app/dashboard.cpp" line="40" />
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="41" />
        <source>The config file cannot be used; nothing was changed.

%1</source>
        <translation>Die Konfigurationsdatei ist nicht verwendbar; nichts wurde geändert.

%1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="48" />
        <source>Demo servers (no config at %1)</source>
        <translation>Demo-Server (keine Konfiguration unter %1)</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="49" />
        <source>Config: %1</source>
        <translation>Konfiguration: %1</translation>
    </message>
    <message>
        <location filename="../app/dashboard.cpp" line="62" />
        <source>The config file has errors; the last good config stays in force.
%1</source>
        <translation>Die Konfigurationsdatei hat Fehler; die letzte gültige Konfiguration bleibt in Kraft.
%1</translation>
    </message>
</context>
<context>
    <name>lifeline::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="63" />
        <source>MCP Lifeline</source>
        <translation>MCP Lifeline</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="69" />
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="73" />
        <source>Check now</source>
        <translation>Jetzt prüfen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="75" />
        <source>Check the selected server now (%1)</source>
        <translation>Den gewählten Server jetzt prüfen (%1)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="76" />
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="78" />
        <source>Stop watching the selected server and end its process</source>
        <translation>Den gewählten Server nicht mehr überwachen und seinen Prozess beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="79" />
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="81" />
        <source>Start the selected server again</source>
        <translation>Den gewählten Server wieder starten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85" />
        <source>Filter servers…</source>
        <translation>Server filtern …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="99" />
        <source>Checking %1…</source>
        <translation>Prüfe %1 …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="122" />
        <source>Show only %1 servers</source>
        <translation>Nur Server mit Status „%1“ zeigen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="236" />
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n Server</numerusform><numerusform>%n Server</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="254" />
        <source>Select a server to see its details.</source>
        <translation>Einen Server wählen, um Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="261" />
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="266" />
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="267" />
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="269" />
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="271" />
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="273" />
        <source>Capabilities</source>
        <translation>Fähigkeiten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="275" />
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="277" />
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="279" />
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="281" />
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="282" />
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="282" />
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 fehlgeschlagen)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="284" />
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="294" />
        <source>Server log</source>
        <translation>Server-Protokoll</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="295" />
        <source>Last stderr lines</source>
        <translation>Letzte stderr-Zeilen</translation>
    </message>
</context>
<context>
    <name>lifeline::ServerTableModel</name>
    <message>
        <location filename="../models/servertablemodel.cpp" line="53" />
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="54" />
        <source>Healthy</source>
        <translation>Gesund</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="55" />
        <source>Degraded</source>
        <translation>Beeinträchtigt</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="56" />
        <source>Unhealthy</source>
        <translation>Gestört</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="57" />
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="58" />
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="59" />
        <source>Failed</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="70" />
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/servertablemodel.cpp" line="72" />
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform><numerusform>vor %n s</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../models/servertablemodel.cpp" line="74" />
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n min</numerusform><numerusform>vor %n min</numerusform></translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="130" />
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="131" />
        <source>Transport</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="132" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="133" />
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="134" />
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="135" />
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="136" />
        <source>Last check</source>
        <translation>Letzte Prüfung</translation>
    </message>
    <message>
        <location filename="../models/servertablemodel.cpp" line="137" />
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
</TS>