"""Train a PercepNet model on dataset shards; checkpoints and resumes exactly.

    python3 -m percepnet_train.train --config configs/small.json --data DIR --dev DIR \
        --out RUN_DIR [--resume | --init-from CKPT] [--max-hours H] [--epochs N] [--device auto|cpu|cuda]

RUN_DIR receives last.pt (full state, every --checkpoint-minutes and at each epoch end),
best.pt (weights with the best dev measure: config schedule_measure), log.csv (one row per epoch), config.json.
An epoch is `epoch_hours` of training audio (config), not a full pass: with 100 hours
of data a full pass would log too rarely to stop early in time.
SIGINT/SIGTERM save a checkpoint before exiting; `--resume` then continues the same
batch sequence from the same step, so an interruption loses at most one interval.
"""
import argparse
import csv
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch

from .checkpoint import load, save_atomic
from .config import FRAMES_PER_SECOND, MAX_LOOKAHEAD, TrainConfig, config_from_dict, load_config
from .dry_dev import BUCKET_COLUMNS, BUCKET_LABELS, BUCKETS, DryDevSdr
from .loss import percepnet_loss
from .model import PercepNet, all_lookaheads, widened_to_output_concat
from .prefetch import BatchPrefetcher
from .quantise import dequantised_copy
from .sequences import TrainingSampler, cut_windows, assemble
from .shards import ShardError, ShardSet

LOG_COLUMNS = ["epoch", "step", "train_loss", "train_gain_loss", "train_strength_loss",
               "dev_loss", "dev_loss_L0", "dev_loss_L1", "dev_loss_L2", "learning_rate",
               "train_frames", "elapsed_s", "frames_per_s", "x_realtime", "dev_dry_band_sdr_db",
               *BUCKET_COLUMNS.values()]


def pick_device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if torch.device(name).type == "cuda":
        # TF32 matrix products: several times faster on Ampere/Hopper, and the int8 export
        # rounds the weights far more coarsely than TF32's 10-bit mantissa anyway.
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    return torch.device(name)


class DevSet:
    """Fixed dev windows, evaluated at each of the config's dev_lookaheads (one model serves all three)."""

    def __init__(self, shards: ShardSet, length: int, batch_size: int, max_hours: float):
        windows = cut_windows(shards, length)
        limit = max(1, int(max_hours * 3600 * FRAMES_PER_SECOND / length))
        if len(windows) > limit:  # an even spread over the whole dev set, not its first files
            windows = [windows[i] for i in np.linspace(0, len(windows) - 1, limit).astype(int)]
        self.shards, self.windows, self.length, self.batch_size = shards, windows, length, batch_size

    @torch.no_grad()
    def loss(self, model: PercepNet, lookahead: int, config: TrainConfig, device) -> float:
        model.eval()
        total, weight = 0.0, 0.0
        for i in range(0, len(self.windows), self.batch_size):
            chosen = self.windows[i:i + self.batch_size]
            b = assemble(self.shards, chosen, self.length, [lookahead] * len(chosen)).to(device)
            g, r = model(b.features, all_lookaheads(len(chosen), lookahead, device), b.valid)
            value, _, _ = percepnet_loss(g, r, b.gain, b.strength, b.mask, config.loss)
            w = float(b.mask.sum())
            total += float(value) * w
            weight += w
        model.train()
        return total / max(weight, 1.0)


class Trainer:
    def __init__(self, args):
        self.args = args
        self.device = pick_device(args.device)
        os.makedirs(args.out, exist_ok=True)
        self.last_path = os.path.join(args.out, "last.pt")
        self.best_path = os.path.join(args.out, "best.pt")
        self.log_path = os.path.join(args.out, "log.csv")
        resume = args.resume and os.path.exists(self.last_path)
        if not args.resume and os.path.exists(self.last_path):
            sys.exit(f"error: {self.last_path} exists; pass --resume to continue it or use a new --out")
        state = load(self.last_path) if resume else None
        self.config = config_from_dict(state["config"]) if resume else load_config(args.config)
        if resume and args.config:
            print(f"note: resuming with the checkpoint's config; {args.config} is not read", flush=True)
        if resume and args.init_from:
            print(f"note: resuming; --init-from {args.init_from} is not used", flush=True)
        if args.epoch_hours is not None:
            self.config.epoch_hours = args.epoch_hours
        torch.manual_seed(self.config.seed)

        self.train_shards = ShardSet(args.data)
        self.dev = DevSet(ShardSet(args.dev), self.config.sequence_frames, self.config.batch_size,
                          args.dev_hours)
        self.dry_dev = (DryDevSdr(args.dev, self.config.batch_size)
                        if self.config.schedule_measure == "dry_band_sdr" else None)
        self.sampler = BatchPrefetcher(
            TrainingSampler(self.train_shards, self.config.sequence_frames, self.config.batch_size,
                            self.config.seed, self.config.lookaheads, self.config.stream_start_share),
            pin_memory=self.device.type == "cuda")
        self.model = PercepNet(self.config).to(self.device)
        # The weight average (config weight_average_decay), updated in place after every step. Built
        # before _restore sets the RNG state: constructing a model draws random numbers.
        self.average_model = (PercepNet(self.config).to(self.device)
                              if self.config.weight_average_decay > 0 else None)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=self.config.learning_rate)
        self.epoch, self.step = 0, 0
        self.best_dev, self.epochs_since_best, self.epochs_since_lr_change = math.inf, 0, 0
        self.elapsed = 0.0          # training seconds over all sessions
        self.epoch_sums = np.zeros(4)  # loss·w, gain·w, strength·w, w   (w = mask sum)
        self.epoch_frames = 0
        self.epoch_seconds = 0.0
        self.fine_tune = bool(args.init_from) and not resume
        if resume:
            self._restore(state)
            print(f"resumed {self.last_path}: epoch {self.epoch}, step {self.step}", flush=True)
        else:
            if args.init_from:
                self._init_weights(args.init_from)
            else:
                mean, inv_std = self.train_shards.feature_statistics()
                self.model.set_normalisation(mean, inv_std)
            with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
                json.dump(self.config.to_dict(), f, indent=1)
        if self.average_model is not None:
            saved = state.get("average") if resume else None
            self.average_model.load_state_dict(saved or self.model.state_dict())
        self._trim_log()
        self.stop_signal = None
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

    # --- state -----------------------------------------------------------------------
    def _state(self):
        return {"config": self.config.to_dict(), "model": self.model.state_dict(),
                "optimizer": self.optimizer.state_dict(), "epoch": self.epoch, "step": self.step,
                "sampler": self.sampler.state(), "best_dev": self.best_dev,
                "epochs_since_best": self.epochs_since_best,
                "epochs_since_lr_change": self.epochs_since_lr_change, "elapsed": self.elapsed,
                "epoch_sums": self.epoch_sums.tolist(), "epoch_frames": self.epoch_frames,
                "epoch_seconds": self.epoch_seconds, "torch_rng": torch.get_rng_state(),
                "average": self.average_model.state_dict() if self.average_model is not None else None,
                "fine_tune": self.fine_tune}

    def _restore(self, s):
        self.model.load_state_dict(s["model"])
        self.optimizer.load_state_dict(s["optimizer"])
        self.epoch, self.step = s["epoch"], s["step"]
        self.fine_tune = s.get("fine_tune", False)  # checkpoints from before 2026-12-06 warmed up
        self.sampler.load_state(s["sampler"])
        self.best_dev, self.epochs_since_best = s["best_dev"], s["epochs_since_best"]
        self.epochs_since_lr_change, self.elapsed = s["epochs_since_lr_change"], s["elapsed"]
        self.epoch_sums = np.array(s["epoch_sums"])
        self.epoch_frames, self.epoch_seconds = s["epoch_frames"], s["epoch_seconds"]
        torch.set_rng_state(s["torch_rng"])

    ARCHITECTURE_KEYS = ("conv1_units", "conv2_units", "gru_units")

    def _init_weights(self, path: str):
        """Warm start: weights and feature normalisation of another run (fine-tuning on more data
        with a fresh optimizer and schedule). The architecture must match the config, except that a plain
        output layer is widened for an output_concat config (model.widened_to_output_concat)."""
        source = load(path)
        theirs = source["config"]
        for key in self.ARCHITECTURE_KEYS:
            if theirs.get(key) != getattr(self.config, key):
                sys.exit(f"error: --init-from {path}: {key} is {theirs.get(key)}, config says "
                         f"{getattr(self.config, key)}")
        state, theirs_concat = source["model"], theirs.get("output_concat", False)
        if theirs_concat and not self.config.output_concat:
            sys.exit(f"error: --init-from {path}: its output layer reads every layer (output_concat), "
                     "the config's reads the last GRU only")
        if self.config.output_concat and not theirs_concat:
            state = widened_to_output_concat(state, self.model)
            print("output layer widened to read conv2 and every GRU (new columns start at zero)", flush=True)
        self.model.load_state_dict(state)
        print(f"initialised from {path} (epoch {source.get('epoch')}, dev loss {source.get('dev_loss')})",
              flush=True)

    def save(self):
        save_atomic(self._state(), self.last_path)

    def _trim_log(self):
        """Drop log rows of epochs the checkpoint does not contain (killed between the two); a log written before a
        column was added gets the column, "nan" in its old rows."""
        if not os.path.exists(self.log_path):
            with open(self.log_path, "w", newline="") as f:
                csv.writer(f).writerow(LOG_COLUMNS)
            return
        with open(self.log_path, newline="") as f:
            rows = list(csv.reader(f))
        kept = [rows[0]] + [r for r in rows[1:] if r and int(r[0]) <= self.epoch]
        header = rows[0]
        if header != LOG_COLUMNS and LOG_COLUMNS[:len(header)] == header:
            kept = [LOG_COLUMNS] + [r + ["nan"] * (len(LOG_COLUMNS) - len(header)) for r in kept[1:]]
        if kept != rows:
            with open(self.log_path, "w", newline="") as f:
                csv.writer(f).writerows(kept)

    def _on_signal(self, signum, _frame):
        self.stop_signal = signum

    # --- loop ------------------------------------------------------------------------
    def train_step(self):
        batch = self.sampler.next_batch().to(self.device)
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.config.bf16_autocast):
            g, r = self.model(batch.features, batch.lookahead, batch.valid)
        g, r = g.float(), r.float()
        loss, g_part, r_part = percepnet_loss(g, r, batch.gain, batch.strength, batch.mask,
                                              self.config.loss, features=batch.features)
        self.step += 1
        self.epoch_frames += int(batch.valid.sum())
        if not torch.isfinite(loss):
            # One bad batch must not destroy hours of training: skip it, say so.
            print(f"warning: non-finite loss at step {self.step}, batch skipped", flush=True)
            return
        if self.config.lr_decay_per_step > 0:
            for group in self.optimizer.param_groups:
                group["lr"] = self.config.learning_rate / (1.0 + self.config.lr_decay_per_step * (self.step - 1))
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.grad_clip)
        self.optimizer.step()
        if self.average_model is not None:
            self._update_average()
        w = float(batch.mask.sum())
        self.epoch_sums += np.array([float(loss) * w, float(g_part) * w, float(r_part) * w, w])

    @torch.no_grad()
    def _update_average(self):
        # Warm-up: early on the average follows the weights closely, so a fresh run's first epochs
        # are not dominated by the random initial weights. A fine-tune (--init-from) has none: its
        # starting weights are the point, and its average leaves them at the configured pace (a
        # weight-space interpolation between the start and the fine-tune, which kept clean speech
        # best on the generalization split; docs/generalization.md).
        decay = self.config.weight_average_decay
        if not self.fine_tune:
            decay = min(decay, (1 + self.step) / (10 + self.step))
        average = self.average_model.state_dict()  # tensors share the model's storage
        for name, value in self.model.state_dict().items():
            if value.dtype.is_floating_point:
                average[name].mul_(decay).add_(value, alpha=1 - decay)
            else:
                average[name].copy_(value)

    def evaluated_model(self) -> PercepNet:
        """The weights that are evaluated, kept as best.pt and exported: the average when enabled."""
        return self.average_model if self.average_model is not None else self.model

    def end_epoch(self):
        self.epoch += 1
        evaluated = self.evaluated_model()
        # Dev loss of the model the engine runs: the evaluated weights rounded to the file's int8 rows. A fine-tune
        # of the shipped (int8) model moves most weights by less than half a quantisation step, and the float loss
        # counted gains that the export rounded away (docs/generalization.md, "Fine-tunes were rounded away").
        engine_model = dequantised_copy(evaluated).to(self.device)
        dev = [self.dev.loss(engine_model, L, self.config, self.device) if L in self.config.dev_lookaheads
               else math.nan for L in range(MAX_LOOKAHEAD + 1)]
        dev_loss = float(np.nanmean(dev)) if self.config.dev_lookaheads else math.nan
        dry = (self.dry_dev.scores(engine_model, self.device) if self.dry_dev is not None
               else dict.fromkeys(("all",) + BUCKETS, math.nan))
        dry_sdr = dry["all"]
        # Lower is better for the schedule: the loss, or the dry band SDR negated.
        score = dev_loss if self.dry_dev is None else -dry_sdr
        s = self.epoch_sums
        fps = self.epoch_frames / max(self.epoch_seconds, 1e-9)
        lr = self.optimizer.param_groups[0]["lr"]
        row = [self.epoch, self.step, s[0] / s[3], s[1] / s[3], s[2] / s[3], dev_loss, *dev, lr,
               self.epoch_frames, round(self.elapsed, 1), round(fps, 1),
               round(fps / FRAMES_PER_SECOND, 2), dry_sdr, *(dry[b] for b in BUCKETS)]
        by_snr = ", ".join(f"{BUCKET_LABELS[b]} {dry[b]:.2f}" for b in BUCKETS)
        with open(self.log_path, "a", newline="") as f:
            csv.writer(f).writerow([f"{v:.6g}" if isinstance(v, float) else v for v in row])
        print(f"epoch {self.epoch} step {self.step}: train {s[0] / s[3]:.5f} dev {dev_loss:.5f} "
              f"(L0 {dev[0]:.5f} L1 {dev[1]:.5f} L2 {dev[2]:.5f})"
              f"{f' dry band SDR {dry_sdr:.2f} dB ({by_snr})' if self.dry_dev is not None else ''} lr {lr:.2e} "
              f"{fps:.0f} frames/s = {fps / FRAMES_PER_SECOND:.1f}x real time", flush=True)
        snapshot = {"config": self.config.to_dict(), "model": evaluated.state_dict(), "epoch": self.epoch,
                    "step": self.step, "dev_loss": dev_loss, "dev_loss_per_lookahead": dev,
                    "dev_dry_band_sdr_db": dry_sdr, "dev_dry_band_sdr_by_snr_db": {b: dry[b] for b in BUCKETS}}
        if self.args.keep_epochs:
            # The trainer's dev loss and the generalization checks disagree on fine-tunes (docs/generalization.md):
            # keep every epoch's weights so the checks can pick one.
            save_atomic(snapshot, os.path.join(self.args.out, f"epoch-{self.epoch:03d}.pt"))
        if score < self.best_dev:
            self.best_dev, self.epochs_since_best, self.epochs_since_lr_change = score, 0, 0
            save_atomic(snapshot, self.best_path)
        else:
            self.epochs_since_best += 1
            self.epochs_since_lr_change += 1
            if self.epochs_since_lr_change >= self.config.lr_patience_epochs and not self.config.lr_decay_per_step:
                for group in self.optimizer.param_groups:
                    group["lr"] = max(group["lr"] * self.config.lr_decay_factor,
                                      self.config.min_learning_rate)
                self.epochs_since_lr_change = 0
        self.epoch_sums[:] = 0
        self.epoch_frames, self.epoch_seconds = 0, 0.0
        self.save()

    def run(self) -> int:
        a = self.args
        session_start = time.monotonic()
        last_save = session_start
        steps_this_session = 0
        print(f"training {self.config.name} on {self.device}, "
              f"{sum(p.numel() for p in self.model.parameters())} weights, "
              f"{self.train_shards.frames} train frames, {len(self.dev.windows)} dev windows, "
              f"{torch.get_num_threads()} threads", flush=True)
        while True:
            if self.epochs_since_best >= self.config.early_stop_epochs and not self.config.lr_decay_per_step:
                print(f"early stop: {self.config.schedule_measure} not improved for {self.epochs_since_best} "
                      f"epochs (best {abs(self.best_dev):.5f})", flush=True)
                return 0
            if a.epochs is not None and self.epoch >= a.epochs:
                print(f"done: {self.epoch} epochs", flush=True)
                return 0
            t0 = time.monotonic()
            self.train_step()
            dt = time.monotonic() - t0
            self.elapsed += dt
            self.epoch_seconds += dt
            steps_this_session += 1
            if self.epoch_frames >= self.config.epoch_frames:
                self.end_epoch()
                last_save = time.monotonic()
            now = time.monotonic()
            if self.stop_signal is not None:
                self.save()
                print(f"stopped by signal {self.stop_signal} at step {self.step}; checkpoint saved, "
                      f"continue with --resume", flush=True)
                return 130
            if a.max_hours is not None and now - session_start >= a.max_hours * 3600:
                self.save()
                print(f"--max-hours reached at step {self.step}; checkpoint saved", flush=True)
                return 0
            if a.stop_after_steps is not None and steps_this_session >= a.stop_after_steps:
                self.save()
                print(f"stopped after {steps_this_session} steps (step {self.step}); checkpoint saved",
                      flush=True)
                return 0
            if now - last_save >= a.checkpoint_minutes * 60:
                self.save()
                last_save = now


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", help="JSON config (ignored with --resume: the checkpoint's config is used)")
    p.add_argument("--data", required=True, help="training shard directory")
    p.add_argument("--dev", required=True, help="dev shard directory")
    p.add_argument("--out", required=True, help="run directory")
    p.add_argument("--resume", action="store_true", help="continue RUN_DIR/last.pt if it exists")
    p.add_argument("--init-from", help="start from the weights of this checkpoint (new run only)")
    p.add_argument("--max-hours", type=float, help="wall-clock limit for this session")
    p.add_argument("--epochs", type=int, help="stop after this many epochs in total")
    p.add_argument("--epoch-hours", type=float, help="override the config's audio hours per epoch")
    p.add_argument("--dev-hours", type=float, default=0.25, help="dev audio evaluated per epoch (even spread)")
    p.add_argument("--checkpoint-minutes", type=float, default=5.0)
    p.add_argument("--keep-epochs", action="store_true", help="also save each epoch's evaluated weights as epoch-NNN.pt")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--stop-after-steps", type=int, help=argparse.SUPPRESS)  # resume tests
    args = p.parse_args(argv)
    if not args.resume and not args.config:
        p.error("--config is required unless --resume")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(int(os.environ.get("PERCEPNET_TRAIN_THREADS", "2")))
    try:
        trainer = Trainer(args)
    except ShardError as e:
        sys.exit(f"error: {e}")
    try:
        return trainer.run()
    finally:
        trainer.sampler.close()


if __name__ == "__main__":
    sys.exit(main())
