"""Training throughput of a config on random data: frames/s and x real time.

    python3 -m percepnet_train.benchmark configs/small.json [--steps 5] [--device auto] [--bf16]

Reports wall-clock and process-CPU figures plus the load average, because the shared
development machine is rarely idle (100 frames = 1 s of audio).
"""
import argparse
import os
import sys
import time

import torch

from .config import FEATURE_COUNT, FRAMES_PER_SECOND, MAX_LOOKAHEAD, load_config
from .loss import percepnet_loss
from .model import PercepNet
from .train import pick_device


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("config")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--bf16", action="store_true", help="forward pass in bfloat16, as config bf16_autocast")
    args = p.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("PERCEPNET_TRAIN_THREADS", "2")))
    device = pick_device(args.device)
    config = load_config(args.config)
    bf16 = args.bf16 or config.bf16_autocast
    torch.manual_seed(0)
    model = PercepNet(config).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    b, s = config.batch_size, config.sequence_frames
    x = torch.randn(b, s, FEATURE_COUNT, device=device)
    target = torch.rand(b, s, 34, device=device)
    mask = torch.ones_like(target)
    lookahead = torch.randint(0, MAX_LOOKAHEAD + 1, (b,), device=device)

    def step():
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            g, r = model(x, lookahead)
        loss, _, _ = percepnet_loss(g.float(), r.float(), target, target, mask, config.loss)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()

    step()  # warm-up (allocations, cuDNN plans)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.steps):
        step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    frames = args.steps * b * s
    threads = torch.get_num_threads()
    print(f"{config.name}: {sum(p.numel() for p in model.parameters())} weights, batch {b}x{s}, "
          f"{device}{' bf16 forward' if bf16 else ''}, {threads} threads, load average {os.getloadavg()[0]:.1f}")
    print(f"  wall: {frames / wall:.0f} frames/s = {frames / wall / FRAMES_PER_SECOND:.1f}x real time "
          f"({wall / args.steps:.2f} s/step)")
    if device.type == "cpu":  # what one fully available core would do, if nothing else ran
        print(f"  cpu:  {frames / cpu:.0f} frames per process CPU-second "
              f"= {frames / cpu / FRAMES_PER_SECOND:.1f}x real time per busy core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
