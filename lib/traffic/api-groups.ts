// API groups and labels shared by the traffic layer's object builders.
export const GW = "gateway.networking.k8s.io";
export const EG = "gateway.envoyproxy.io/v1alpha1";
export const INF = "inference.networking.k8s.io";
export const labels = { "app.kubernetes.io/part-of": "cdktf-deepseek", "app.kubernetes.io/component": "traffic" };
