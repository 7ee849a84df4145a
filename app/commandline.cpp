#include "commandline.h"

#include "config/duration.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace lifeline {

QString CommandLine::usage()
{
    return uR"(MCP Lifeline keeps your MCP servers alive: it watches them, tells you the moment one fails,
and keeps the history.

Usage:
  mcp-lifeline [--config FILE] [--db FILE]
      Open the dashboard.
  mcp-lifeline --headless [--config FILE] [--db FILE] [--listen HOST:PORT|off] [--log-stderr]
      Run the monitor without a window; one JSON object per line on stdout for every event.
  mcp-lifeline check [--config FILE] [--server NAME] [--json] [--timeout DURATION]
                     [--depth basic|comprehensive] [--call TOOL [--args JSON]] [--db FILE|URL]
                     [URL | -- COMMAND [ARGS...]]
      Check once: one server given inline (a URL, or a command after --), one configured server
      (--server), or every configured server. Exit 0 when all are healthy, 1 when any is not,
      2 when the check could not run. Configured servers also show their uptime from the history.
  mcp-lifeline export --server NAME --since DURATION --format csv|json [--db FILE]
      Print a server's history of the last DURATION (e.g. 24h, 7d) to stdout: every check as a
      CSV row, or JSON with the checks and the events.
  mcp-lifeline import [--from SOURCE|FILE] [--project DIR] [--config TARGET] [--list] [--json]
                      [--all | --server NAME...] [--replace] [--dry-run]
      Find the MCP servers you already have (Claude Desktop, Claude Code, Cursor, VS Code,
      mcp-hub) and list them; with --all or --server, add them to Lifeline's config. The files
      they come from are never changed. Exit 0 when done, 1 when nothing (or not everything
      asked for) could be found or imported, 2 when it could not run.
  mcp-lifeline connect (NAME | --group GROUP | --all) [--config FILE] [--listen HOST:PORT]
      A stdio MCP server for your agent's config: forwards each JSON-RPC line from stdin to the
      running Lifeline's gateway for server NAME (or group GROUP, or with --all every server at
      once) and writes the answers to stdout, so that the agent's calls survive restarts and
      failovers. The address is --listen, else the config's lifeline.listen, else 127.0.0.1:7733.
      Exit 0 when stdin ends, 1 when Lifeline could not be reached (each request got a JSON-RPC
      error), 2 when it could not run.

Options:
  --config FILE       The servers file (mcpServers format). Default:
                      $XDG_CONFIG_HOME/mcp-lifeline/servers.json, else a built-in demo.
                      import: the config the servers are added to (created when missing).
  --db FILE|URL       The history database: an SQLite file (default:
                      $XDG_DATA_HOME/mcp-lifeline/history.sqlite) or postgresql://user@host/db.
  --headless          No window.
  --listen HOST:PORT  Where the status server listens (default 127.0.0.1:7733; "off" disables);
                      connect: where the running Lifeline listens.
  --group GROUP       connect: a failover group's active member instead of one server.
  --all               connect: every enabled server through one session (/mcp/all): tools and
                      prompts named server__name, resource URIs unchanged.
  --log-stderr        headless: also write the log's JSON lines to stderr (the log file is
                      $XDG_STATE_HOME/mcp-lifeline/logs/lifeline.log, rotated by size).
  --server NAME       check: only this configured server.
  --json              check: print JSON (an object for one server, an array for several);
                      import: list (or report) as JSON.
  --timeout DURATION  check: time allowed for each request, e.g. 500ms, 5s (default: the config's, 5s).
  --depth DEPTH       check: basic (ping) or comprehensive (also tools/list, resources/list).
  --call TOOL         check: also call this tool.
  --args JSON         check: the arguments for --call, a JSON object.
  --since DURATION    export: how far back.
  --format FORMAT     export: csv or json.
  --from SOURCE|FILE  import: only claude-desktop, claude-code, cursor, vscode or mcp-hub, or a file.
  --project DIR       import: also read DIR's .mcp.json, .cursor/mcp.json, .vscode/mcp.json
                      (default: the current folder).
  --list              import: only list what was found (the default without --all/--server).
  --all               import: every server found.
  --server NAME       import: this server (repeatable, or several names after it).
  --replace           import: overwrite a different server of the same name in the config.
  --dry-run           import: say what would change; write nothing.
  -h, --help          This help.
  -v, --version       The version.
)"_s;
}

static CommandLine fail(const QString &message)
{
    CommandLine c;
    c.mode = CommandLine::Mode::Error;
    c.error = message;
    return c;
}

static bool validListen(const QString &value)
{
    if (value == "off"_L1)
        return true;
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    bool ok = false;
    const int port = value.mid(colon + 1).toInt(&ok);
    return ok && port >= 0 && port <= 65535;
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine c;
    QStringList args = arguments;
    const bool isCheck = args.size() > 1 && args.at(1) == "check"_L1;
    const bool isExport = args.size() > 1 && args.at(1) == "export"_L1;
    const bool isImport = args.size() > 1 && args.at(1) == "import"_L1;
    const bool isConnect = args.size() > 1 && args.at(1) == "connect"_L1;
    if (isCheck || isExport || isImport || isConnect)
        args.removeAt(1);

    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList {u"h"_s, u"help"_s});
    const QCommandLineOption version(QStringList {u"v"_s, u"version"_s});
    const QCommandLineOption config(u"config"_s, QString(), u"FILE"_s);
    const QCommandLineOption db(u"db"_s, QString(), u"FILE"_s);
    const QCommandLineOption headless(u"headless"_s);
    const QCommandLineOption listen(u"listen"_s, QString(), u"HOST:PORT"_s);
    const QCommandLineOption logStderr(u"log-stderr"_s);
    const QCommandLineOption server(u"server"_s, QString(), u"NAME"_s);
    const QCommandLineOption json(u"json"_s);
    const QCommandLineOption timeout(u"timeout"_s, QString(), u"DURATION"_s);
    const QCommandLineOption depth(u"depth"_s, QString(), u"DEPTH"_s);
    const QCommandLineOption call(u"call"_s, QString(), u"TOOL"_s);
    const QCommandLineOption callArgs(u"args"_s, QString(), u"JSON"_s);
    const QCommandLineOption since(u"since"_s, QString(), u"DURATION"_s);
    const QCommandLineOption format(u"format"_s, QString(), u"FORMAT"_s);
    const QCommandLineOption from(u"from"_s, QString(), u"SOURCE"_s);
    const QCommandLineOption project(u"project"_s, QString(), u"DIR"_s);
    const QCommandLineOption list(u"list"_s);
    const QCommandLineOption all(u"all"_s);
    const QCommandLineOption replace(u"replace"_s);
    const QCommandLineOption dryRun(u"dry-run"_s);
    const QCommandLineOption group(u"group"_s, QString(), u"GROUP"_s);
    p.addOptions({help, version, config});
    if (isConnect)
        p.addOptions({listen, group, all});
    else if (isImport)
        p.addOptions({from, project, list, json, all, server, replace, dryRun});
    else if (isExport)
        p.addOptions({db, server, since, format});
    else if (isCheck)
        p.addOptions({server, json, timeout, depth, call, callArgs, db});
    else
        p.addOptions({db, headless, listen, logStderr});

    if (!p.parse(args))
        return fail(p.errorText());
    if (p.isSet(help)) {
        c.mode = Mode::Help;
        c.helpText = usage();
        return c;
    }
    if (p.isSet(version)) {
        c.mode = Mode::Version;
        return c;
    }
    c.configPath = p.value(config);

    if (isConnect) {
        c.mode = Mode::Connect;
        c.listen = p.value(listen);
        if (p.isSet(listen) && (!validListen(c.listen) || c.listen == "off"_L1))
            return fail(u"--listen: expected the HOST:PORT Lifeline listens on, got '%1'"_s.arg(c.listen));
        const QStringList names = p.positionalArguments();
        if (names.size() > 1)
            return fail(u"connect: one server at a time, got '%1'"_s.arg(names.join(u' ')));
        c.connectGroup = p.isSet(group);
        c.connectAll = p.isSet(all);
        c.connectTarget = c.connectGroup ? p.value(group) : names.value(0);
        if (c.connectAll && (c.connectGroup || !names.isEmpty()))
            return fail(u"connect: --all is every server; give it without a NAME or --group"_s);
        if (c.connectAll)
            return c;
        if (c.connectGroup && !names.isEmpty())
            return fail(u"connect: give either a server NAME or --group GROUP, not both"_s);
        if (c.connectTarget.isEmpty())
            return fail(u"connect: name the server (mcp-lifeline connect NAME), the group (--group GROUP) "
                        "or every server (--all)"_s);
        return c;
    }

    if (isImport) {
        c.mode = Mode::Import;
        c.importFrom = p.value(from);
        if (p.isSet(from) && c.importFrom.isEmpty())
            return fail(
                u"--from: give a source (claude-desktop, claude-code, cursor, vscode, mcp-hub) or a file"_s);
        c.projectDir = p.value(project);
        c.listOnly = p.isSet(list);
        c.json = p.isSet(json);
        c.importAll = p.isSet(all);
        c.replace = p.isSet(replace);
        c.dryRun = p.isSet(dryRun);
        c.importServers = p.values(server);
        // "--server a b": the names after it are servers too.
        if (!p.positionalArguments().isEmpty()) {
            if (c.importServers.isEmpty())
                return fail(u"import: unexpected argument '%1' (servers are named with --server NAME)"_s.arg(
                    p.positionalArguments().first()));
            c.importServers += p.positionalArguments();
        }
        if (c.importAll && !c.importServers.isEmpty())
            return fail(u"import: give either --all or --server NAME, not both"_s);
        if (c.listOnly && (c.importAll || !c.importServers.isEmpty()))
            return fail(u"import: --list only lists; leave out --all and --server"_s);
        return c;
    }

    if (isExport) {
        if (!p.positionalArguments().isEmpty())
            return fail(u"export: unexpected argument '%1'"_s.arg(p.positionalArguments().first()));
        c.mode = Mode::Export;
        c.dbPath = p.value(db);
        c.serverName = p.value(server);
        if (c.serverName.isEmpty())
            return fail(u"export: --server NAME is required"_s);
        if (!p.isSet(since))
            return fail(u"export: --since DURATION is required (e.g. 24h, 7d)"_s);
        QString err;
        const auto ms = parseDuration(p.value(since), &err);
        if (!ms || *ms <= 0)
            return fail(u"--since: %1"_s.arg(err.isEmpty() ? u"must be more than zero"_s : err));
        c.sinceMs = *ms;
        c.format = p.value(format);
        if (c.format != "csv"_L1 && c.format != "json"_L1)
            return fail(u"--format: expected csv or json, got '%1'"_s.arg(c.format));
        return c;
    }
    if (!isCheck) {
        if (!p.positionalArguments().isEmpty())
            return fail(u"unexpected argument '%1' (did you mean 'mcp-lifeline check …'?)"_s.arg(
                p.positionalArguments().first()));
        c.mode = p.isSet(headless) ? Mode::Headless : Mode::Window;
        c.dbPath = p.value(db);
        c.listen = p.value(listen);
        if (p.isSet(listen) && !validListen(c.listen))
            return fail(u"--listen: expected HOST:PORT or off, got '%1'"_s.arg(c.listen));
        c.logStderr = p.isSet(logStderr);
        if (c.logStderr && c.mode != Mode::Headless)
            return fail(u"--log-stderr needs --headless (the window logs to the log file)"_s);
        return c;
    }

    c.mode = Mode::Check;
    c.dbPath = p.value(db);
    c.serverName = p.value(server);
    c.json = p.isSet(json);
    if (p.isSet(timeout)) {
        QString err;
        const auto ms = parseDuration(p.value(timeout), &err);
        if (!ms || *ms <= 0)
            return fail(u"--timeout: %1"_s.arg(err.isEmpty() ? u"must be more than zero"_s : err));
        c.timeoutMs = *ms;
    }
    if (p.isSet(depth)) {
        const QString d = p.value(depth);
        if (d == "basic"_L1)
            c.depth = ProbeDepth::Basic;
        else if (d == "comprehensive"_L1)
            c.depth = ProbeDepth::Comprehensive;
        else
            return fail(u"--depth: expected basic or comprehensive, got '%1'"_s.arg(d));
    }
    if (p.isSet(callArgs) && !p.isSet(call))
        return fail(u"--args needs --call TOOL"_s);
    if (p.isSet(call)) {
        ProbeCall pc;
        pc.tool = p.value(call);
        if (p.isSet(callArgs)) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(p.value(callArgs).toUtf8(), &pe);
            if (pe.error != QJsonParseError::NoError || !doc.isObject())
                return fail(u"--args: expected a JSON object, e.g. '{\"a\":1}'"_s);
            pc.arguments = doc.object();
        }
        c.call = pc;
    }

    // Positionals: a URL, or (after "--") a command and its arguments.
    const qsizetype dashdash = args.indexOf(u"--"_s);
    const QStringList positional = p.positionalArguments();
    if (dashdash >= 0) {
        const QStringList command = args.mid(dashdash + 1);
        const qsizetype before = positional.size() - command.size();
        if (command.isEmpty())
            return fail(u"nothing after '--': give the server's command"_s);
        if (before > 0)
            return fail(u"give either a URL or a command after '--', not both"_s);
        c.command = command;
    } else if (positional.size() == 1) {
        const QUrl url(positional.first(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
            || url.host().isEmpty())
            return fail(u"'%1' is not an http(s) URL; to check a command, put it after '--'"_s.arg(
                positional.first()));
        c.url = positional.first();
    } else if (positional.size() > 1) {
        return fail(u"too many arguments; to check a command, put it after '--'"_s);
    }
    if (!c.serverName.isEmpty() && (!c.url.isEmpty() || !c.command.isEmpty()))
        return fail(u"--server names a configured server; do not also give one inline"_s);
    return c;
}

std::optional<ListenAddress> CommandLine::listenFor(const Config &config, QString *error) const
{
    if (!listen.isEmpty()) // validated by parse(); a bad one never gets here
        return ListenAddress::parse(listen, error);
    return config.listen ? config.listen : ListenAddress::defaultAddress();
}

} // namespace lifeline
