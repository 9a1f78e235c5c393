import { strictSchema } from "../support/strict-schema";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { compiledValidator } from "../support/compiled-validator";
import { parse } from "yaml";
import { planDeployment } from "../../lib/plan/plan-deployment";
import type { KubernetesObject } from "../../lib/internal/k8s-object";
import type { ClusterTarget } from "../../lib/serving";

export const PROFILES = ["8xB200", "8xH200", "2x8xH100"] as const;
export const MODES = ["latency", "throughput"] as const;

export function planFor(cloud: "aws" | "gcp", hardware: string, mode: "latency" | "throughput") {
  const region = cloud === "gcp" ? "us-central1" : hardware === "8xH200" ? "us-east-2" : "us-east-1";
  return planDeployment({ model: "deepseek-r1", hardware, cloud, region, mode });
}

export function targetFor(cloud: "aws" | "gcp"): ClusterTarget {
  return cloud === "aws"
    ? {
      cloud, region: "us-east-1", clusterName: "deepseek", endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com", caCertificateBase64: "Q0E=",
      modelBucket: "deepseek-models-us-east-1", workloadIdentity: { awsRoleArn: "arn:aws:iam::123456789012:role/deepseek-serving" }, hfTokenSecretName: "deepseek/hf-token",
    }
    : {
      cloud, region: "us-central1", project: "my-proj", clusterName: "deepseek", endpoint: "https://10.0.0.2", caCertificateBase64: "Q0E=",
      modelBucket: "deepseek-models-us-central1", workloadIdentity: { gcpServiceAccountEmail: "serving@my-proj.iam.gserviceaccount.com" }, hfTokenSecretName: "hf-token",
    };
}

const accepted = JSON.parse(readFileSync(join(__dirname, "../fixtures/trtllm-1.2-accepted.json"), "utf8")) as {
  cliFlags: string[]; optionKeys: string[]; commands: string[]; enums: Record<string, string[]>;
};
export const ACCEPTED = accepted;

// The LWS CRD schema, made strict. Compiled on first use, once per machine (compiled-validator.ts):
// the compile costs over a second and four test files validate LeaderWorkerSets.
let validateLwsFn: ValidateFunction | undefined;
function lwsValidator(): ValidateFunction {
  if (validateLwsFn) return validateLwsFn;
  const crd = parse(readFileSync(join(__dirname, "../fixtures/schemas/leaderworkerset.x-k8s.io_leaderworkersets.yaml"), "utf8"));
  validateLwsFn = compiledValidator(strictSchema(crd.spec.versions.find((v: { name: string }) => v.name === "v1").schema.openAPIV3Schema) as object);
  return validateLwsFn;
}

/** Validates a LeaderWorkerSet against the CRD's OpenAPI schema (strict); returns the errors. */
export function lwsErrors(obj: unknown): string[] {
  const validate = lwsValidator();
  return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Wraps a pod template in a LeaderWorkerSet, so the CRD's strict PodTemplateSpec schema checks it. */
export function podTemplateErrors(template: unknown): string[] {
  return lwsErrors({ apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet", metadata: { name: "probe" }, spec: { leaderWorkerTemplate: { workerTemplate: template } } });
}

const CORE: Record<string, string> = {
  "v1/Namespace": "kubernetes-models/v1/Namespace",
  "v1/ServiceAccount": "kubernetes-models/v1/ServiceAccount",
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Service": "kubernetes-models/v1/Service",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "batch/v1/Job": "kubernetes-models/batch/v1/Job",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "rbac.authorization.k8s.io/v1/Role": "kubernetes-models/rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/RoleBinding": "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding",
};

/** Validates one emitted object against its upstream schema. Throws on failure. Returns how it was checked. */
export function validateObject(obj: KubernetesObject): string {
  const key = `${obj.apiVersion}/${obj.kind}`;
  if (key === "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet") {
    const errors = lwsErrors(obj);
    if (errors.length) throw new Error(`${obj.kind}/${obj.metadata.name}: ${errors.join("; ")}`);
    return "lws-crd";
  }
  const modulePath = CORE[key];
  if (modulePath) {
     
    const mod = require(modulePath);
    new mod[obj.kind](obj).validate();
    return "kubernetes-models";
  }
  if (obj.apiVersion === "external-secrets.io/v1") return "external-secrets (no upstream schema kept)";
  throw new Error(`no schema for ${key}`);
}
