import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp } from "../../lib/app/deepseek-app";
import { refusal } from "../support/refusal";

const tmp = () => mkdtempSync(join(tmpdir(), "app-config-"));

describe("DeepSeekApp config: nothing escapes as a raw error", () => {
  test("an outdir whose parents are missing is created (was a raw ENOENT from cdktf's mkdir)", () => {
    const outdir = join(tmp(), "a", "b", "cdktf.out");
    new DeepSeekApp({ outdir });
    expect(statSync(outdir).isDirectory()).toBe(true);
  });

  test("an empty CDKTF_OUTDIR is refused by name with the fix (was a raw ENOENT from stat(''))", () => {
    const saved = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = "";
    try {
      const e = refusal(() => new DeepSeekApp());
      expect([e.path, e.received]).toEqual(["CDKTF_OUTDIR", ""]);
      expect(e.message).toContain("unset it (unset CDKTF_OUTDIR)");
      // An outdir given in the config does not read it.
      const outdir = join(mkdtempSync(join(tmpdir(), "app-config-")), "out");
      expect(new DeepSeekApp({ outdir }).outdir).toBe(outdir);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
    }
  });

  test("an outdir under a file is refused at outdir with the reason", () => {
    const dir = tmp();
    writeFileSync(join(dir, "file"), "x");
    const e = refusal(() => new DeepSeekApp({ outdir: join(dir, "file", "out") }));
    expect(e.path).toBe("outdir");
    expect(e.message).toMatch(/cannot be created \(ENOTDIR/);
    expect(refusal(() => new DeepSeekApp({ outdir: join(dir, "file") })).message).toMatch(/^outdir: is not a directory/);
  });

  test("an outdir that cannot be made (under /proc, where Node's recursive mkdir never returns) is refused, promptly", () => {
    if (!existsSync("/proc/self")) return;
    const started = Date.now();
    expect(refusal(() => new DeepSeekApp({ outdir: "/proc/no-such/out" })).path).toBe("outdir");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("an outdir in a read-only directory is refused (as root, permissions do not bind: skipped)", () => {
    if (process.getuid?.() === 0) return;
    const dir = tmp();
    chmodSync(dir, 0o500);
    try {
      expect(refusal(() => new DeepSeekApp({ outdir: join(dir, "out") })).message).toMatch(/EACCES/);
    } finally {
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true });
    }
  });

  test.each([
    ["null config", null, "(config)"],
    ["a string config", "cdktf.out", "(config)"],
    ["outdir of another type", { outdir: 5 }, "outdir"],
    ["an empty outdir", { outdir: "" }, "outdir"],
    ["stackTraces not a boolean", { stackTraces: "yes" }, "stackTraces"],
    ["context not an object", { context: 5 }, "context"],
    ["an unknown field", { outDir: "x" }, "outDir"],
  ])("%s is refused at its path", (_name, config, path) => {
    expect(refusal(() => new DeepSeekApp(config as never)).path).toBe(path);
  });
});
