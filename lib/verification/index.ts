export { DeploymentChecks, CHECK_RELEASES, ENDPOINT_CONFIG_MAP, HELM_WAIT_MARGIN_SECONDS } from "./deployment-checks";
export type { DeploymentChecksProps, ApiKeySecretRef } from "./deployment-checks";
export { buildVerificationObjects, gatewayEnv, CHECK_ROLE_LABEL, CHECK_NAME_LABEL_KEY, CHECK_SERVICE_ACCOUNTS, FABRIC_CHECK_SERVICE } from "./objects";
export type { EndpointSource, GatewayAddress, VerificationObjects, VerificationObjectsOptions } from "./objects";
export { fabricCheckCommand, fabricCheckEnv, servingCheckEnv, loadProbeEnv, FAILURE_PREFIX, RESULT_PREFIX } from "./scripts";
export {
  planVerification, verificationInputSchema, busBandwidthThresholdGBps, FABRIC_TRANSPORTS, SOCKET_FALLBACK_PATTERN,
  DEFAULT_BUS_BANDWIDTH_FRACTION, DEFAULT_CHECK_TIMEOUTS, GATEWAY_MAX_BACKOFF_SECONDS,
} from "./plan-verification";
export type {
  VerificationInput, VerificationPlan, CheckName, FabricTransport, FabricCheckPlan, ServingCheckPlan, LoadProbePlan,
} from "./plan-verification";
export { planDeploymentChecks, isVerificationPlan } from "./plan-deployment-checks";
export type { DeploymentChecksPlan, DeploymentChecksOptions } from "./plan-deployment-checks";
