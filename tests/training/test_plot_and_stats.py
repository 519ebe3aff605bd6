import csv
import os
import unittest

from helpers import TRAINING_DIR, temp_dir
from percepnet_train.config import load_config
from percepnet_train.model import PercepNet
from percepnet_train.model_stats import summary
from percepnet_train.plot import plot, read_log, stage_hours
from percepnet_train.run_log import DRY_BUCKET_COLUMNS, best_index
from percepnet_train.train import LOG_COLUMNS


class ModelStatsTest(unittest.TestCase):
    def test_weight_count_matches_the_pytorch_model_for_every_config(self):
        for name in ("tiny", "small", "small-lookahead1", "paper"):
            config = load_config(os.path.join(TRAINING_DIR, "configs", f"{name}.json"))
            model = PercepNet(config)
            matrices = sum(p.numel() for n, p in model.named_parameters() if "bias" not in n)
            dropped = model.conv1.weight[:, :, model.trained_conv1_taps():].numel()
            self.assertEqual(summary(config)["weights"], matrices - dropped, name)

    def test_small_config_is_the_documented_size(self):
        s = summary(load_config(os.path.join(TRAINING_DIR, "configs", "small.json")))
        self.assertTrue(1.0e6 <= s["weights"] <= 1.5e6)  # docs/DESIGN.md 5: 1-1.5 M for CPU training


def write_log(path, epochs, frames_per_epoch, first_loss, dry_sdrs=None):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(LOG_COLUMNS)
        for epoch in range(1, epochs + 1):
            loss = first_loss / epoch
            w.writerow([epoch, epoch * 10, loss, loss, loss, loss, loss, loss, loss, 1e-3,
                        frames_per_epoch, epoch * 60, 1500, 15, dry_sdrs[epoch - 1] if dry_sdrs else "nan",
                        # the SNR buckets: below 0 dB 10 dB under the whole, the others not in this set
                        dry_sdrs[epoch - 1] - 10 if dry_sdrs else "nan", *["nan"] * (len(DRY_BUCKET_COLUMNS) - 1)])
    return path


class PlotTest(unittest.TestCase):
    def test_learning_curves_png_from_a_log(self):
        d = temp_dir(self)
        out = os.path.join(d, "curves.png")
        plot(read_log(write_log(os.path.join(d, "log.csv"), 4, 36000, 1.0)), out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_stages_follow_each_other_on_the_hours_axis(self):
        d = temp_dir(self)
        first = read_log(write_log(os.path.join(d, "a.csv"), 3, 360000, 1.0))   # 3 epochs of 1 h
        second = read_log(write_log(os.path.join(d, "b.csv"), 2, 720000, 0.5))  # 2 epochs of 2 h
        self.assertEqual(stage_hours([first, second]), [[1.0, 2.0, 3.0], [5.0, 7.0]])
        out = os.path.join(d, "stages.png")
        plot([first, second], out, names=["stage 5", "stage 6"])
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_the_best_epoch_is_the_one_the_runs_schedule_kept(self):
        d = temp_dir(self)
        by_loss = read_log(write_log(os.path.join(d, "loss.csv"), 4, 36000, 1.0))   # loss falls every epoch
        self.assertEqual(best_index(by_loss), 3)
        by_sdr = read_log(write_log(os.path.join(d, "sdr.csv"), 4, 36000, 1.0, dry_sdrs=[5.0, 7.5, 7.0, 6.0]))
        self.assertEqual(best_index(by_sdr), 1)   # the highest dry band SDR, not the lowest loss
        out = os.path.join(d, "sdr.png")   # drawn on its own axis beside the training loss
        plot(by_sdr, out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
