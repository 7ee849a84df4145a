// node sdk-call-tools.mjs URL TOKEN  (run from the conformance cache folder: it holds the SDK)
// Calls every tool and action of Lifeline's MCP endpoint through the official TypeScript SDK,
// which checks each structuredContent against the tool's outputSchema, and reads both resources.
// Prints one "OK …" or "FAIL …" line each; exits 1 on any failure.
import { pathToFileURL } from "node:url";
const sdk = (p) => import(pathToFileURL(`${process.cwd()}/node_modules/@modelcontextprotocol/sdk/dist/esm/${p}`).href);
const { Client } = await sdk("client/index.js");
const { StreamableHTTPClientTransport } = await sdk("client/streamableHttp.js");
const [url, token] = process.argv.slice(2);
const client = new Client({ name: "lifeline-sdk-check", version: "1" });
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
await client.connect(transport);
let failed = 0;
const { tools } = await client.listTools();
console.log(`OK tools/list: ${tools.map((t) => t.name).join(", ")}`);
const calls = [
  ["integration_monitor", { action: "health_check", check_depth: "comprehensive" }],
  ["integration_monitor", { action: "performance_scan", server_types: ["stdio"] }],
  ["integration_monitor", { action: "failure_analysis" }],
  ["integration_monitor", { action: "optimization_report", window: "24h" }],
  ["performance_report", { window: "1h" }],
  ["failover_manager", { action: "test_fallback", target: "main" }],
  ["failover_manager", { action: "trigger_recovery", target: "alpha" }],
  ["failover_manager", { action: "restore_primary", target: "main" }],
  ["failover_manager", { action: "enable_failover", target: "beta" }],
];
for (const [name, args] of calls) {
  try {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError || !r.structuredContent) throw new Error(`tool error: ${r.content?.[0]?.text}`);
    console.log(`OK ${name} ${args.action ?? ""}: ${r.content[0].text.split("\n")[0]}`);
  } catch (e) {
    failed = 1;
    console.log(`FAIL ${name} ${args.action ?? ""}: ${e.message}`);
  }
}
const { resources } = await client.listResources();
for (const r of resources) {
  try {
    const body = JSON.parse((await client.readResource({ uri: r.uri })).contents[0].text);
    console.log(`OK ${r.uri}: ${body.status}`);
  } catch (e) {
    failed = 1;
    console.log(`FAIL ${r.uri}: ${e.message}`);
  }
}
await transport.terminateSession();
await client.close();
process.exit(failed);
