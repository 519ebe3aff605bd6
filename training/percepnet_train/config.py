"""Training configuration: one JSON file per model size (training/configs/*.json)."""
import json
from dataclasses import dataclass, field, asdict
from typing import List

FEATURE_COUNT = 70  # docs/FEATURES.md
BAND_COUNT = 34
MAX_LOOKAHEAD = 2   # conv1 taps t-2..t+2 (docs/DESIGN.md 2.8: lookahead 0, 1 or 2 frames)
FRAMES_PER_SECOND = 100  # 10 ms hop
SCHEDULE_MEASURES = ("dev_loss", "dry_band_sdr")


@dataclass
class LossConfig:
    gamma: float = 0.5           # compress gains as in the paper (arXiv 2008.04259, eq. 9)
    quartic_weight: float = 10.0  # C4 on the fourth-power term
    strength_weight: float = 0.5  # strengths matter less than gains for quality
    # Extra charge for a gain below its target (loss.py; PercepNet+'s over-attenuation loss). 0 = the paper.
    over_attenuation_weight: float = 0.0
    # The same charge on word onsets only (loss.py, onset_frames). 0 = the paper.
    onset_weight: float = 0.0
    # Extra charge for a gain above a noise target (< 0.1) (loss.py, noise leak). 0 = the paper.
    noise_leak_weight: float = 0.0
    # Speech frames' gain error weighs 1 + this (loss.py, speech_frames; RNNoise 0.2 uses 5). 0 = the paper.
    speech_weight: float = 0.0
    # Small gain targets lowered: g·tanh²(k·g) (loss.py, shaped_target; RNNoise 0.2 uses k = 5). 0 = the paper.
    target_shaping: float = 0.0


@dataclass
class TrainConfig:
    name: str = "model"
    comment: str = ""
    conv1_units: int = 128
    conv2_units: int = 256
    gru_units: List[int] = field(default_factory=lambda: [256, 256, 256])
    # The output layer reads conv2's and every GRU's output side by side instead of the last GRU's alone (RNNoise
    # 0.2's dense_out over its cat of conv and GRU outputs). False = the paper's stack, what the engine runs.
    output_concat: bool = False
    # Lookaheads drawn per training sequence. [0, 1, 2]: one model serves every plugin
    # setting; e.g. [1]: a dedicated model, exported with maxLookahead 1.
    lookaheads: List[int] = field(default_factory=lambda: [0, 1, 2])
    sequence_frames: int = 400
    # Share of mixtures whose first training window starts at the stream start (sequences.py). 0 = random cuts only.
    stream_start_share: float = 0.0
    batch_size: int = 32
    learning_rate: float = 1e-3
    lr_decay_factor: float = 0.5
    lr_patience_epochs: int = 2
    min_learning_rate: float = 1e-5
    # > 0: the learning rate is learning_rate / (1 + lr_decay_per_step · step) (RNNoise 0.2's trainer, xiph/rnnoise
    # torch/rnnoise/train_rnnoise.py), with no plateau halving and no early stop; best.pt still follows the dev
    # measure. 0: the plateau schedule above. Dev measures stall while the split still improves (docs/generalization.md,
    # "The schedule's dev measure").
    lr_decay_per_step: float = 0.0
    early_stop_epochs: int = 6
    epoch_hours: float = 1.0   # audio hours per logged epoch (a pass over a big dataset takes too long)
    grad_clip: float = 1.0
    # Exponential moving average of the weights, evaluated and exported instead of the raw ones
    # (0 = off). Smooths the epoch-to-epoch dev-loss swings of a noisy small-batch optimiser.
    weight_average_decay: float = 0.0
    # Forward pass in bfloat16 (torch.autocast; weights, loss, optimiser and dev loss stay float32). On a CPU with
    # AVX512-BF16 the GRUs then run on oneDNN, several times faster (training/README.md, "bfloat16 forward").
    bf16_autocast: bool = False
    # What the learning-rate plateau, best.pt and the early stop follow: "dev_loss" (the mean of the dev losses at
    # dev_lookaheads) or "dry_band_sdr" (dry_dev.py: band SDR of the dev set's dry mixtures at lookahead 1, the measure
    # the generalization split agreed with; docs/generalization.md, "The schedule's dev measure").
    schedule_measure: str = "dev_loss"
    # Lookaheads the dev loss is evaluated at each epoch (each costs a pass over the dev windows). May be empty when
    # the schedule follows dry_band_sdr.
    dev_lookaheads: List[int] = field(default_factory=lambda: [0, 1, 2])
    loss: LossConfig = field(default_factory=LossConfig)
    seed: int = 1

    @property
    def epoch_frames(self) -> int:
        return int(self.epoch_hours * 3600 * FRAMES_PER_SECOND)

    def to_dict(self) -> dict:
        return asdict(self)


def config_from_dict(values: dict) -> TrainConfig:
    values = dict(values)
    known = set(TrainConfig.__dataclass_fields__)
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown config keys: {sorted(unknown)}")
    loss = LossConfig(**values.pop("loss", {}))
    config = TrainConfig(loss=loss, **values)
    if not config.lookaheads or not set(config.lookaheads) <= set(range(MAX_LOOKAHEAD + 1)):
        raise ValueError(f"lookaheads must be a non-empty subset of 0..{MAX_LOOKAHEAD}")
    if config.schedule_measure not in SCHEDULE_MEASURES:
        raise ValueError(f"schedule_measure must be one of {SCHEDULE_MEASURES}, not {config.schedule_measure!r}")
    if not set(config.dev_lookaheads) <= set(range(MAX_LOOKAHEAD + 1)):
        raise ValueError(f"dev_lookaheads must be a subset of 0..{MAX_LOOKAHEAD}")
    if not config.dev_lookaheads and config.schedule_measure == "dev_loss":
        raise ValueError("dev_lookaheads is empty: the schedule would follow no dev loss")
    return config


def load_config(path: str) -> TrainConfig:
    with open(path, "r", encoding="utf-8") as f:
        return config_from_dict(json.load(f))
