<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>lifeline::EventLogModel</name>
    <message numerus="yes">
        <location filename="../models/eventlogmodel.cpp" line="67"/>
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n more)</numerusform>
            <numerusform>(%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lifeline::EventsPanel</name>
    <message numerus="yes">
        <location filename="../ui/eventspanel.cpp" line="202"/>
        <source>This rule on this server for %n hour(s)</source>
        <translation>
            <numerusform>This rule on this server for %n hour</numerusform>
            <numerusform>This rule on this server for %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/eventspanel.cpp" line="207"/>
        <source>Everything about this server for %n hour(s)</source>
        <translation>
            <numerusform>Everything about this server for %n hour</numerusform>
            <numerusform>Everything about this server for %n hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lifeline::MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="551"/>
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n server</numerusform>
            <numerusform>%n servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="603"/>
        <source>%n active alert(s), %1 new</source>
        <translation>
            <numerusform>%n active alert, %1 new</numerusform>
            <numerusform>%n active alerts, %1 new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="605"/>
        <source>%n active alert(s)</source>
        <translation>
            <numerusform>%n active alert</numerusform>
            <numerusform>%n active alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lifeline::ServerHistoryView</name>
    <message numerus="yes">
        <location filename="../ui/serverhistoryview.cpp" line="131"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/serverhistoryview.cpp" line="132"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lifeline::ServerTableModel</name>
    <message numerus="yes">
        <location filename="../models/servertablemodel.cpp" line="107"/>
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../models/servertablemodel.cpp" line="109"/>
        <location filename="../ui/mainwindow.cpp" line="489"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lifeline::TrayController</name>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="279"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="285"/>
        <source>%n servers down: %1</source>
        <translation>
            <numerusform>%n server down: %1</numerusform>
            <numerusform>%n servers down: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="287"/>
        <source>%n servers back up: %1</source>
        <translation>
            <numerusform>%n server back up: %1</numerusform>
            <numerusform>%n servers back up: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="289"/>
        <source>%n servers failed for good: %1</source>
        <translation>
            <numerusform>%n server failed for good: %1</numerusform>
            <numerusform>%n servers failed for good: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/traycontroller.cpp" line="291"/>
        <source>%n failovers: %1</source>
        <translation>
            <numerusform>%n failover: %1</numerusform>
            <numerusform>%n failovers: %1</numerusform>
        </translation>
    </message>
</context>
</TS>
