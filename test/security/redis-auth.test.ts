import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { bundledObjects } from "../support/manifests";
import { defaultAppOutdir } from "../support/default-app";
import { strictSchema } from "../support/strict-schema";
import { ingressAllowed, egressAllowed, ns, type Any, type Peer } from "./netpol-eval";
import { RATE_LIMIT_FAILURE, RATE_LIMIT_POD_LABELS } from "../../lib/traffic/plan-traffic";

/*
 * The rate limit's Redis in every serving stack of the default app: authenticated with a password
 * generated in the cluster (never in Terraform), the rate limit service configured with it, and a
 * NetworkPolicy that admits only the rate limit pods. Plus the rate limiter's decided failure mode.
 */

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const crd = (file: string, version: string) => {
  const doc = parse(readFileSync(join(__dirname, "../fixtures/schemas", file), "utf8"));
  return ajv.compile(strictSchema(doc.spec.versions.find((v: Any) => v.name === version).schema.openAPIV3Schema) as object);
};
const validators: Record<string, ReturnType<typeof crd>> = {
  ExternalSecret: crd("external-secrets.io_externalsecrets.yaml", "v1"),
  Password: crd("generators.external-secrets.io_passwords.yaml", "v1alpha1"),
};

interface Stack { name: string; json: Any; text: string; objects: Any[]; egValues: Any }
let stacks: Stack[];
beforeAll(() => {
  const dir = join(defaultAppOutdir(), "stacks");
  stacks = readdirSync(dir).map((name) => {
    const text = readFileSync(join(dir, name, "cdk.tf.json"), "utf8");
    const json = JSON.parse(text);
    const eg = Object.values((json.resource?.helm_release ?? {}) as Record<string, Any>).find((r) => r.chart === "gateway-helm");
    return { name, json, text, objects: bundledObjects(json).map((b) => b.object), egValues: eg ? parse(eg.values[0]) : undefined };
  }).filter((s) => s.egValues);
}, 60_000);

const GW_NS = "envoy-gateway-system";
const find = (s: Stack, kind: string, name: string): Any => s.objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === GW_NS) as Any;
const redisPod = (s: Stack) => find(s, "Deployment", "ratelimit-redis")!.spec.template;

describe("rate limit Redis: authenticated, fenced", () => {
  test("there are serving stacks with the gateway", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(4);
  });

  test("the password is generated in the cluster: a Password generator and an ExternalSecret, no literal anywhere", () => {
    for (const s of stacks) {
      const gen = find(s, "Password", "ratelimit-redis-password");
      const es = find(s, "ExternalSecret", "ratelimit-redis-auth");
      expect([s.name, !!gen, !!es]).toEqual([s.name, true, true]);
      expect(es.spec.dataFrom).toEqual([{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Password", name: gen.metadata.name } } }]);
      // Generated once: Redis and the rate limit service read the same value for the Secret's life.
      expect(es.spec.refreshInterval).toBe("0");
      expect(es.spec.target.template.data).toEqual({ password: "{{ .password }}", "redis.conf": "requirepass {{ .password }}\n" });
      // Letters and digits only: nothing to quote in redis.conf or REDIS_AUTH.
      expect(gen.spec.symbols).toBe(0);
      expect(gen.spec.length).toBeGreaterThanOrEqual(32);
      for (const o of [gen, es]) {
        const v = validators[o.kind];
        expect([s.name, o.kind, v(o) ? null : v.errors]).toEqual([s.name, o.kind, null]);
      }
      // No Kubernetes Secret object and no Terraform random_password carry it.
      expect(s.objects.filter((o) => o.kind === "Secret" && JSON.stringify(o).includes("redis"))).toEqual([]);
      expect(Object.keys(s.json.resource ?? {}).filter((t) => /random_(password|string)/.test(t))).toEqual([]);
      expect(s.text).not.toMatch(/requirepass [A-Za-z0-9]/);
    }
  });

  test("Redis reads requirepass from the generated Secret; the rate limit service sends it (REDIS_AUTH)", () => {
    for (const s of stacks) {
      const pod = redisPod(s).spec;
      const c = pod.containers[0];
      const auth = pod.volumes.find((v: Any) => v.secret);
      expect(auth.secret.secretName).toBe("ratelimit-redis-auth");
      const mount = c.volumeMounts.find((m: Any) => m.name === auth.name);
      expect(mount.readOnly).toBe(true);
      expect(c.command).toEqual(["redis-server"]);
      expect(c.args[0]).toBe(`${mount.mountPath}/${auth.secret.items[0].path}`);
      expect(auth.secret.items[0].key).toBe("redis.conf");
      expect(JSON.stringify(c.env ?? [])).not.toMatch(/requirepass|password/i);
      const rl = s.egValues.config.envoyGateway;
      expect(rl.provider.kubernetes.rateLimitDeployment.container.env).toEqual([
        { name: "REDIS_AUTH", valueFrom: { secretKeyRef: { name: "ratelimit-redis-auth", key: "password" } } },
      ]);
      expect(rl.rateLimit.backend.redis.url).toBe(`ratelimit-redis.${GW_NS}.svc.cluster.local:6379`);
    }
  });

  const RATELIMIT: Peer = { ...ns(GW_NS), labels: { ...RATE_LIMIT_POD_LABELS } };
  const ENVOY: Peer = { ...ns(GW_NS), labels: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" } };
  const SERVER: Peer = { ...ns("deepseek"), labels: { "app.kubernetes.io/name": "trtllm" } };
  const REDIS = (s: Stack): Peer => ({ ...ns(GW_NS), labels: redisPod(s).metadata.labels });
  const policies = (s: Stack) => s.objects.filter((o) => o.kind === "NetworkPolicy");

  test("only the rate limit pods reach Redis; Redis opens no connection", () => {
    for (const s of stacks) {
      const p = policies(s);
      expect([s.name, ingressAllowed(p, RATELIMIT, REDIS(s), 6379)]).toEqual([s.name, true]);
      expect([s.name, ingressAllowed(p, ENVOY, REDIS(s), 6379)]).toEqual([s.name, false]);
      expect([s.name, ingressAllowed(p, SERVER, REDIS(s), 6379)]).toEqual([s.name, false]);
      expect([s.name, ingressAllowed(p, RATELIMIT, REDIS(s), 22)]).toEqual([s.name, false]);
      expect([s.name, egressAllowed(p, REDIS(s), { ip: "8.8.8.8" }, 443)]).toEqual([s.name, false]);
      expect([s.name, egressAllowed(p, REDIS(s), SERVER, 8000)]).toEqual([s.name, false]);
    }
  });

  test("planted faults: without the policy anyone reaches Redis; a schema typo is caught", () => {
    const s = stacks[0];
    const without = policies(s).filter((p) => !p.metadata.name.startsWith("ratelimit-redis"));
    expect(ingressAllowed(without, SERVER, REDIS(s), 6379)).toBe(true);
    const es = structuredClone(find(s, "ExternalSecret", "ratelimit-redis-auth"));
    es.spec.dataFrom[0].sourceRef.generatorRef.kindd = "Password";
    expect(validators.ExternalSecret(es)).toBe(false);
  });
});

describe("rate limiter failure mode", () => {
  test("decided in the plan, emitted in every stack: rate limiting fails open, with a reason", () => {
    expect(RATE_LIMIT_FAILURE.failClosed).toBe(false);
    expect(RATE_LIMIT_FAILURE.reason.length).toBeGreaterThan(80);
    for (const s of stacks) {
      expect([s.name, s.egValues.config.envoyGateway.rateLimit.failClosed, s.egValues.config.envoyGateway.rateLimit.timeout])
        .toEqual([s.name, RATE_LIMIT_FAILURE.failClosed, RATE_LIMIT_FAILURE.timeout]);
    }
  });

  test("authentication fails closed: every route but the health route has API-key auth, and no policy fails open", () => {
    for (const s of stacks) {
      const routes = s.objects.filter((o) => o.kind === "HTTPRoute" && o.metadata.namespace === "deepseek" && o.metadata.name !== "health-check");
      const sps = s.objects.filter((o) => o.kind === "SecurityPolicy");
      expect(routes.length).toBeGreaterThanOrEqual(2);
      for (const r of routes) {
        const sp = sps.find((p) => p.spec.targetRefs.some((t: Any) => t.kind === "HTTPRoute" && t.name === r.metadata.name));
        expect([s.name, r.metadata.name, !!sp?.spec.apiKeyAuth]).toEqual([s.name, r.metadata.name, true]);
      }
      // extAuth.failOpen is the only fail-open switch of a SecurityPolicy (envoyproxy/gateway v1.9.0
      // internal/gatewayapi/securitypolicy.go: any other policy error answers 500).
      for (const sp of sps) expect(sp.spec.extAuth).toBeUndefined();
    }
  });

  test("the README states the decision", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const security = readme.slice(readme.indexOf("## Security"), readme.indexOf("\n## ", readme.indexOf("## Security") + 5));
    expect(security).toMatch(/rate limit(ing|er)[^.]*fails open/i);
    expect(security).toMatch(/authentication[^.]*fails closed/i);
  });
});
