import { spawn } from "node:child_process";

export interface Run { status: number | null; stdout: string; stderr: string }

/**
 * Runs a command to its end without blocking the jest worker (spawnSync would), so the tests of a
 * block that mostly wait on child processes can run side by side with `test.concurrent`.
 */
export function runAsync(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 30000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += String(d); });
    child.stderr.on("data", (d) => { stderr += String(d); });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => { clearTimeout(timer); reject(error); });
    child.once("close", (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}
