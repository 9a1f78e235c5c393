import os, time, torch, torch.distributed as dist
dist.init_process_group("nccl")
rank, world = dist.get_rank(), dist.get_world_size()
torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))
nbytes = int(os.environ["MESSAGE_BYTES"])
x = torch.ones(nbytes // 2, dtype=torch.bfloat16, device="cuda")
for _ in range(5):
    dist.all_reduce(x)
torch.cuda.synchronize()
iters = 20
start = time.perf_counter()
for _ in range(iters):
    dist.all_reduce(x)
torch.cuda.synchronize()
seconds = (time.perf_counter() - start) / iters
algbw = nbytes / seconds / 1e9
busbw = algbw * 2 * (world - 1) / world
if rank == 0:
    print(f"# Avg bus bandwidth    : {busbw:.2f}", flush=True)
dist.destroy_process_group()
