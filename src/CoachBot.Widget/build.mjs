// Builds the widget bundle: installs the locked packages when node_modules is stale, type-checks, bundles the loader
// (widget.js), the lazily loaded app (app.js) and the coach console (console.js) with esbuild, and writes their sizes for
// the .NET build to print.
// Several project builds may run this at once; a lock folder makes the second wait for the first.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const root = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(root, "obj", "widget"));
const lockDir = path.join(root, "obj", "widget-build.lock");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function acquireLock() {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8"));
      } catch {
        // The owner is between creating the folder and writing its pid.
      }
      if (Number.isInteger(owner) && !alive(owner)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`widget build: ${lockDir} is held by process ${owner}`);
      sleep(250);
    }
  }
}

function lockHash() {
  return createHash("sha256").update(fs.readFileSync(path.join(root, "package-lock.json"))).digest("hex");
}

/** npm ci only when node_modules was not installed from the current package-lock.json. */
function installPackages() {
  const stamp = path.join(root, "node_modules", ".coachbot-lock-sha256");
  const wanted = lockHash();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted) return;
  console.log("widget: npm ci (package-lock.json changed or node_modules missing)");
  execFileSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
  fs.writeFileSync(stamp, wanted);
}

function kb(bytes) {
  return (bytes / 1024).toFixed(1) + " KB";
}

async function bundle() {
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(root, "tsconfig.json"), "--noEmit"], { cwd: root, stdio: "inherit" });
  const esbuild = await import("esbuild");
  fs.mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, minify: true, target: ["es2020"], platform: "browser", legalComments: "none", logLevel: "warning", write: false };

  const app = await esbuild.build({ ...common, entryPoints: [path.join(root, "client", "app", "main.ts")], format: "esm" });
  const appCode = app.outputFiles[0].contents;
  const appVersion = createHash("sha256").update(appCode).digest("hex").slice(0, 16);
  const loader = await esbuild.build({
    ...common,
    entryPoints: [path.join(root, "client", "loader", "loader.ts")],
    format: "iife",
    define: { __COACHBOT_APP_VERSION__: JSON.stringify(appVersion) },
  });

  const consoleApp = await esbuild.build({ ...common, entryPoints: [path.join(root, "client", "console", "main.ts")], format: "esm" });

  const files = { "widget.js": loader.outputFiles[0].contents, "app.js": appCode, "console.js": consoleApp.outputFiles[0].contents };
  const sizes = [];
  for (const [name, contents] of Object.entries(files)) {
    fs.writeFileSync(path.join(outDir, name), contents);
    sizes.push(`${name} ${kb(contents.length)} (${kb(zlib.gzipSync(contents, { level: 9 }).length)} gzip)`);
  }
  fs.writeFileSync(path.join(outDir, "app.version"), appVersion);
  fs.writeFileSync(path.join(outDir, "sizes.txt"), "Widget bundle: " + sizes.join(", ") + "\n");
}

acquireLock();
try {
  installPackages();
  await bundle();
} finally {
  fs.rmSync(lockDir, { recursive: true, force: true });
}
