#!/usr/bin/env bash
# Refreshes upstream/ (what preflight checks against) from the upstream repositories, at the
# versions pinned in lib/catalog/charts.ts. Needs network (git clone from github.com) unless
# UPSTREAM_GIT_ROOT names a directory of existing clones laid out as <owner>+<name>/repo.
#
#   bash scripts/refresh-upstream.sh            # clone into .cache/upstream, write upstream/charts/*.json
#   UPSTREAM_GIT_ROOT=/path/to/mirrors bash scripts/refresh-upstream.sh
#
# After a pin changes in lib/catalog/charts.ts, change the row below (ref = the tag, or the commit
# whose Chart.yaml carries that version), run this, review the diff of upstream/, and commit it.
# Each digest names repository, ref, commit and the files read (with their git blob ids);
# upstream/SOURCES.md lists them for people.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${UPSTREAM_GIT_ROOT:-.cache/upstream}"
mkdir -p "$cache"

repo_dir() { # owner/name -> a git dir holding its tags
  local slug="$1" dir="$cache/${1/\//+}/repo"
  if [ ! -d "$dir" ]; then
    if [ -n "${UPSTREAM_GIT_ROOT:-}" ]; then echo "missing $dir" >&2; return 1; fi
    git clone --quiet --bare --filter=blob:none "https://github.com/$slug.git" "$dir" >&2
  elif [ -z "${UPSTREAM_GIT_ROOT:-}" ]; then
    git -C "$dir" fetch --quiet --tags --force origin >&2
  fi
  echo "$dir"
}

digest() { # owner/name spec-json
  local dir
  dir=$(repo_dir "$1")
  npx tsx scripts/upstream-digest.ts "$dir" "$2" upstream/charts
}

digest NVIDIA/k8s-device-plugin '{"id":"nvidia-device-plugin","chart":"nvidia-device-plugin","version":"0.20.0","repository":"https://github.com/NVIDIA/k8s-device-plugin","ref":"v0.20.0","path":"deployments/helm/nvidia-device-plugin","published":{"kind":"tags","pattern":"^v(\\d+\\.\\d+\\.\\d+)$"}}'
# eks-charts has no per-chart tags; every Chart.yaml version merged to master is published (gh-pages index).
# v0.5.30 = the newest Chart.yaml version on master (bfe91c4b, 2026-07-21, "add latest EFA instance types").
digest aws/eks-charts '{"id":"aws-efa-k8s-device-plugin","chart":"aws-efa-k8s-device-plugin","version":"v0.5.30","repository":"https://github.com/aws/eks-charts","ref":"bfe91c4b9257c80f754ad4b3d6a9a3c239b2b8ec","path":"stable/aws-efa-k8s-device-plugin","published":{"kind":"chart-history"}}'
# The repository's Chart.yaml says 0.1.0; the release build packages it as the tag without "v" (0.10.0).
digest kubernetes-sigs/lws '{"id":"lws","chart":"lws","version":"0.10.0","repository":"https://github.com/kubernetes-sigs/lws","ref":"v0.10.0","path":"charts/lws","published":{"kind":"tags","pattern":"^v(\\d+\\.\\d+\\.\\d+)$"}}'
digest external-secrets/external-secrets '{"id":"external-secrets","chart":"external-secrets","version":"2.9.0","repository":"https://github.com/external-secrets/external-secrets","ref":"helm-chart-2.9.0","path":"deploy/charts/external-secrets","crdDirs":["config/crds/bases"],"published":{"kind":"tags","pattern":"^helm-chart-(\\d+\\.\\d+\\.\\d+)$"}}'
digest prometheus-community/helm-charts '{"id":"prometheus","chart":"prometheus","version":"29.27.0","repository":"https://github.com/prometheus-community/helm-charts","ref":"prometheus-29.27.0","path":"charts/prometheus","workloads":[{"at":["server"]}],"published":{"kind":"tags","pattern":"^prometheus-(\\d+\\.\\d+\\.\\d+)$"}}'
digest kedacore/charts '{"id":"keda","chart":"keda","version":"2.20.2","repository":"https://github.com/kedacore/charts","ref":"v2.20.2","path":"keda","published":{"kind":"tags","pattern":"^v(\\d+\\.\\d+\\.\\d+)$"}}'
# The chart moved from charts/ to cluster-autoscaler/charts/ after 9.51.0.
digest kubernetes/autoscaler '{"id":"cluster-autoscaler","chart":"cluster-autoscaler","version":"9.59.0","repository":"https://github.com/kubernetes/autoscaler","ref":"cluster-autoscaler-chart-9.59.0","path":"cluster-autoscaler/charts/cluster-autoscaler","published":{"kind":"tags","pattern":"^cluster-autoscaler-chart-(\\d+\\.\\d+\\.\\d+)$"}}'
# gateway-helm's values are a template (values.tmpl.yaml) filled at release; v1.9.1 is read at
# v1.9.0's tree when a clone lacks the v1.9.1 tag (patch releases keep the values).
digest envoyproxy/gateway "{\"id\":\"envoy-gateway\",\"chart\":\"gateway-helm\",\"version\":\"v1.9.1\",\"repository\":\"https://github.com/envoyproxy/gateway\",\"ref\":\"$(git -C "$(repo_dir envoyproxy/gateway)" rev-parse -q --verify v1.9.1 >/dev/null && echo v1.9.1 || echo v1.9.0)\",\"path\":\"charts/gateway-helm\",\"published\":{\"kind\":\"tags\",\"pattern\":\"^(v\\\\d+\\\\.\\\\d+\\\\.\\\\d+)$\"},\"extraPublished\":[{\"version\":\"v1.9.1\",\"source\":\"gateway.envoyproxy.io/news/releases/matrix (v1.9.1, 2026-08-28)\"}]}"
digest envoyproxy/ai-gateway '{"id":"ai-gateway-crds","chart":"ai-gateway-crds-helm","version":"v1.1.0","repository":"https://github.com/envoyproxy/ai-gateway","ref":"v1.1.0","path":"manifests/charts/ai-gateway-crds-helm","published":{"kind":"tags","pattern":"^(v\\d+\\.\\d+\\.\\d+)$"}}'
digest envoyproxy/ai-gateway '{"id":"ai-gateway","chart":"ai-gateway-helm","version":"v1.1.0","repository":"https://github.com/envoyproxy/ai-gateway","ref":"v1.1.0","path":"manifests/charts/ai-gateway-helm","published":{"kind":"tags","pattern":"^(v\\d+\\.\\d+\\.\\d+)$"}}'
# ESO and cert-manager copy their CRDs into the chart at packaging (templates/crds/README.md; deploy/crds).
# config/charts was removed before v1.6.0 (commit a70292c1): v1.6.0's tree holds no chart, so it is not listed.
digest kubernetes-sigs/gateway-api-inference-extension '{"id":"inferencepool","chart":"inferencepool","version":"v1.5.0","repository":"https://github.com/kubernetes-sigs/gateway-api-inference-extension","ref":"v1.5.0","path":"config/charts/inferencepool","subcharts":{"inferenceExtension":"config/charts/epplib"},"workloads":[{"at":["inferenceExtension"]}],"published":{"kind":"tags","pattern":"^(v\\d+\\.\\d+\\.\\d+)$"}}'
# cert-manager v1.21.2 (release notes: github.com/cert-manager/cert-manager/releases/tag/v1.21.2: Go fixes,
# HTTP-01 solver and Gateway API dnsNames bugs) is read at v1.21.1's tree when a clone lacks the
# v1.21.2 tag: deploy/charts and deploy/crds are unchanged from v1.21.1 to the head of release-1.21
# as far as the clone reaches (git diff --stat v1.21.1 release-1.21 -- deploy/charts deploy/crds).
digest cert-manager/cert-manager "{\"id\":\"cert-manager\",\"chart\":\"cert-manager\",\"version\":\"v1.21.2\",\"repository\":\"https://github.com/cert-manager/cert-manager\",\"ref\":\"$(git -C "$(repo_dir cert-manager/cert-manager)" rev-parse -q --verify v1.21.2 >/dev/null && echo v1.21.2 || echo v1.21.1)\",\"path\":\"deploy/charts/cert-manager\",\"crdDirs\":[\"deploy/crds\"],\"published\":{\"kind\":\"tags\",\"pattern\":\"^(v\\\\d+\\\\.\\\\d+\\\\.\\\\d+)$\"},\"extraPublished\":[{\"version\":\"v1.21.2\",\"source\":\"github.com/cert-manager/cert-manager/releases/tag/v1.21.2 (release notes quoted in gitlab.com/sylva-projects/sylva-core MR 9292)\"}]}"
npx tsx scripts/upstream-sources.ts
