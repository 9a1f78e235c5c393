#!/bin/sh
pod="$1"; shift
exec /opt/kube/kubectl exec "$pod" -c trtllm -- /bin/sh -c "$*"
