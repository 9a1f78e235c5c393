import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFabricApp } from "./fabric-app";
import { bundledObjects } from "../support/manifests";
import { defaultAppOutdir } from "../support/default-app";
import { imageString, UNVERIFIED_IMAGE_REPOSITORIES, VERIFIED_IMAGE_DIGESTS } from "../../lib/catalog";
import { PUBLISHED_DIGEST_ONLY_IMAGES } from "../../lib/catalog/image-digests";
import { GKE_FABRIC_IMAGES, GKE_FABRIC_PAIRED_RXDM, GKE_NRI_DEVICE_INJECTOR_IMAGE } from "../../lib/fabric/plan-gke-fabric";
import { TOOL_IMAGES } from "../../lib/serving/constants";
import { RATE_LIMIT_REDIS_IMAGE } from "../../lib/traffic/charts";
import { TENSORRT_LLM_IMAGE } from "../../lib/catalog/images";

/*
 * Every image the library emits is pinned by a digest with its provenance in the catalog
 * (lib/catalog/image-digests.ts), the tag kept beside it, or its repository is on the documented
 * unverified list with the reason. Checked over every container of every stack of the default app
 * and of an app carrying every GKE GPU fabric (test/security/fabric-app.ts: the installers, the
 * RxDM sidecars), and over every image constant the emitters use.
 */

type Json = Record<string, any>;
const PINNED = /^(?<repo>[^@]+):(?<tag>[^:@/]+)@(?<digest>sha256:[0-9a-f]{64})$/;
const TAGGED = /^(?<repo>[^@]+):(?<tag>[^:@/]+)$/;

function judge(image: string): { ok: boolean; why: string } {
  if (PUBLISHED_DIGEST_ONLY_IMAGES.some((d) => d.image === image)) return { ok: true, why: "pinned" };
  const pinned = PINNED.exec(image);
  if (pinned) {
    const entry = VERIFIED_IMAGE_DIGESTS.find((d) => d.repository === pinned.groups!.repo && d.tag === pinned.groups!.tag);
    return entry?.digest === pinned.groups!.digest ? { ok: true, why: "pinned" } : { ok: false, why: `digest without catalog provenance: ${image}` };
  }
  const tagged = TAGGED.exec(image);
  if (tagged && tagged.groups!.repo in UNVERIFIED_IMAGE_REPOSITORIES) return { ok: true, why: "unverified, documented" };
  return { ok: false, why: `neither pinned with provenance nor on the unverified list: ${image}` };
}

const imagesOf = (o: Json): string[] => {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { if ((k === "containers" || k === "initContainers") && Array.isArray(x)) for (const c of x) out.push(c.image); walk(x); }
  };
  walk(o);
  return out;
};

let emitted: { stack: string; image: string }[];
beforeAll(() => {
  const fabricOut = mkdtempSync(join(tmpdir(), "deepseek-fabric-app-"));
  buildFabricApp(fabricOut).synth();
  emitted = [join(defaultAppOutdir(), "stacks"), join(fabricOut, "stacks")].flatMap((dir) => readdirSync(dir).flatMap((stack) => bundledObjects(JSON.parse(readFileSync(join(dir, stack, "cdk.tf.json"), "utf8")))
    .flatMap((b) => imagesOf(b.object)).map((image) => ({ stack, image }))));
}, 60_000);

describe("images: digest with provenance, or documented as unverified", () => {
  test("every container image of every stack", () => {
    expect(emitted.length).toBeGreaterThanOrEqual(30);
    const bad = emitted.map((e) => ({ ...e, ...judge(e.image) })).filter((e) => !e.ok);
    expect(bad).toEqual([]);
    // The rate limit's Redis is pinned in every serving stack.
    const redis = emitted.filter((e) => e.image.startsWith("docker.io/library/redis:"));
    expect(redis.length).toBeGreaterThanOrEqual(5);
    for (const r of redis) expect(r.image).toMatch(PINNED);
    // The GKE fabric app's installers and sidecars are among the images judged, and the ones with a
    // recorded digest are emitted pinned.
    for (const repo of ["docker.io/alpine/kubectl", "docker.io/library/ubuntu", "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev", "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev", "gke.gcr.io/pause"]) {
      const hits = emitted.filter((e) => e.image.startsWith(`${repo}:`));
      expect([repo, hits.length > 0, hits.every((h) => PINNED.test(h.image))]).toEqual([repo, true, true]);
    }
  });

  test("figures: verified digests and unverified repositories", () => {
    const distinct = [...new Set(emitted.map((e) => e.image))];
    const pinned = distinct.filter((i) => PINNED.test(i) || /@sha256:[0-9a-f]{64}$/.test(i));
    // 6 verified in the catalog (2 before issue 18's digest round: Redis, pause), 6 repositories left on tags.
    expect([VERIFIED_IMAGE_DIGESTS.length, Object.keys(UNVERIFIED_IMAGE_REPOSITORIES).length]).toEqual([6, 6]);
    expect(pinned.length).toBeGreaterThanOrEqual(5);
  });

  test("every image constant the emitters use, the GKE fabric installers' included", () => {
    const refs = [TENSORRT_LLM_IMAGE, RATE_LIMIT_REDIS_IMAGE, ...Object.values(TOOL_IMAGES), ...Object.values(GKE_FABRIC_IMAGES), ...Object.values(GKE_FABRIC_PAIRED_RXDM)];
    for (const r of refs) expect([imageString(r), judge(imageString(r)).why]).toEqual([imageString(r), expect.stringMatching(/^(pinned|unverified, documented)$/)]);
    // Google's manifest publishes the NRI device injector by digest only (no tag to keep beside it).
    expect(GKE_NRI_DEVICE_INJECTOR_IMAGE).toMatch(/^gcr\.io\/gke-release\/nri-device-injector@sha256:[0-9a-f]{64}$/);
    expect(judge(GKE_NRI_DEVICE_INJECTOR_IMAGE).why).toBe("pinned");
  });

  test("catalog entries: well-formed digests with a source; reasons for the unverified", () => {
    for (const d of VERIFIED_IMAGE_DIGESTS) {
      expect(d.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(d.source.length).toBeGreaterThan(30);
      expect(["publisher", "registry-record"]).toContain(d.basis);
      expect(d.repository in UNVERIFIED_IMAGE_REPOSITORIES).toBe(false);
    }
    for (const reason of Object.values(UNVERIFIED_IMAGE_REPOSITORIES)) expect(reason.length).toBeGreaterThan(40);
  });

  test("planted faults: an invented digest, an unknown repository, a digest without its tag", () => {
    expect(judge("docker.io/library/redis:7.4.11-alpine@sha256:" + "0".repeat(64)).ok).toBe(false);
    expect(judge("docker.io/evil/image:1.0").ok).toBe(false);
    expect(judge("docker.io/library/redis@sha256:ff02b58f971e7d7d156a1267e283fcbbeee91773b6aa36c49dac28ecfe28eadf").ok).toBe(false);
    expect(judge("nvcr.io/nvidia/tensorrt-llm/release:1.2.1").ok).toBe(true);
    // A digest-only image nobody published, and a verified repository at another tag.
    expect(judge("gcr.io/gke-release/nri-device-injector@sha256:" + "1".repeat(64)).ok).toBe(false);
    expect(judge("docker.io/library/ubuntu:24.04").ok).toBe(false);
  });
});
