# The fabric check (lib/verification/objects.ts runs it with `bash -c`, after the fabric preamble
# the servers' ranks source, lib/fabric/plan-pod-fabric.ts). One pod per node of an Indexed Job:
# all-reduce across the nodes with torchrun, then the NCCL log must show the planned transport and
# no fallback to TCP sockets, and rank 0's bus bandwidth must reach the threshold.
# Everything it checks against comes from the environment, as planVerification decided it
# (lib/verification/plan-verification.ts): CHECK_NODES, CHECK_GPUS_PER_NODE, CHECK_WORLD_SIZE,
# CHECK_MASTER_ADDR, CHECK_MASTER_PORT, MESSAGE_BYTES, CHECK_EXPECTED_LOG_PATTERN,
# CHECK_FALLBACK_LOG_PATTERN, CHECK_TRANSPORT, CHECK_MIN_BUS_BANDWIDTH_GBPS, CHECK_THRESHOLD_FORMULA;
# CHECK_ALL_REDUCE_PY is all_reduce.py (beside this file). (CHECK_ names: torchrun and NCCL read
# WORLD_SIZE, MASTER_ADDR, ... themselves.)
# Lines start with "CHECK FAILED:" / "CHECK RESULT:" (FAILURE_PREFIX / RESULT_PREFIX in scripts.ts).
set -u
export NCCL_DEBUG=INFO NCCL_DEBUG_SUBSYS=INIT,NET
export MESSAGE_BYTES
WORK="${TMPDIR:-/tmp}"
printf '%s\n' "$CHECK_ALL_REDUCE_PY" > "$WORK/allreduce.py"
fail() { echo "CHECK FAILED: fabric: $*"; exit 1; }
LOG="$WORK/nccl.log"
torchrun --nnodes="$CHECK_NODES" --nproc-per-node="$CHECK_GPUS_PER_NODE" --node-rank="$JOB_COMPLETION_INDEX" --master-addr="$CHECK_MASTER_ADDR" --master-port="$CHECK_MASTER_PORT" "$WORK/allreduce.py" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || fail "all-reduce across the nodes exited with $rc (see the NCCL log above)"
if grep -Eq "$CHECK_FALLBACK_LOG_PATTERN" "$LOG"; then fail "NCCL fell back to TCP sockets; expected $CHECK_TRANSPORT"; fi
grep -Eq "$CHECK_EXPECTED_LOG_PATTERN" "$LOG" || fail "NCCL did not select $CHECK_TRANSPORT (no log line matching $CHECK_EXPECTED_LOG_PATTERN)"
if [ "$JOB_COMPLETION_INDEX" = "0" ]; then
  busbw=$(awk '/# Avg bus bandwidth/ {print $NF}' "$LOG" | tail -n 1)
  [ -n "$busbw" ] || fail "no bus bandwidth reported"
  awk -v b="$busbw" -v m="$CHECK_MIN_BUS_BANDWIDTH_GBPS" 'BEGIN { exit !(b + 0 >= m + 0) }' || fail "bus bandwidth $busbw GB/s is below $CHECK_MIN_BUS_BANDWIDTH_GBPS GB/s ($CHECK_THRESHOLD_FORMULA)"
  echo "CHECK RESULT: {\"check\":\"fabric\",\"busBandwidthGBps\":$busbw,\"minBusBandwidthGBps\":$CHECK_MIN_BUS_BANDWIDTH_GBPS,\"worldSize\":$CHECK_WORLD_SIZE}"
fi
echo "fabric check passed on node $JOB_COMPLETION_INDEX"
