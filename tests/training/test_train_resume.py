import csv
import json
import os
import subprocess
import unittest

import torch

from helpers import PYTHON, TRAINING_DIR, make_dataset, temp_dir, write_descriptions

TINY = {"name": "t", "conv1_units": 8, "conv2_units": 8, "gru_units": [8], "sequence_frames": 50,
        "batch_size": 4, "epoch_hours": 0.002, "early_stop_epochs": 10, "seed": 4}
TIME_COLUMNS = {"elapsed_s", "frames_per_s", "x_realtime"}


class ResumeTest(unittest.TestCase):
    def setUp(self):
        root = temp_dir(self)
        self.root = root
        self.train = make_dataset(os.path.join(root, "train"), seconds=40, seed=1)
        self.dev = make_dataset(os.path.join(root, "dev"), seconds=10, seed=2)
        self.config = os.path.join(root, "tiny.json")
        with open(self.config, "w") as f:
            json.dump(TINY, f)

    def train_cli(self, out, *extra):
        env = dict(os.environ, PERCEPNET_TRAIN_THREADS="1")
        return subprocess.run([PYTHON, "-m", "percepnet_train.train", "--config", self.config,
                               "--data", self.train, "--dev", self.dev, "--out", out, "--epochs", "3",
                               *extra], cwd=TRAINING_DIR, env=env, capture_output=True, text=True)

    @staticmethod
    def log_without_times(run):
        with open(os.path.join(run, "log.csv")) as f:
            return [{k: v for k, v in row.items() if k not in TIME_COLUMNS} for row in csv.DictReader(f)]

    def test_interrupted_and_resumed_run_equals_uninterrupted_run(self):
        straight = os.path.join(self.root, "straight")
        broken = os.path.join(self.root, "broken")
        self.assertEqual(self.train_cli(straight).returncode, 0)
        first = self.train_cli(broken, "--stop-after-steps", "7")  # mid-epoch
        self.assertIn("checkpoint saved", first.stdout)
        self.assertEqual(torch.load(os.path.join(broken, "last.pt"))["step"], 7)
        second = self.train_cli(broken, "--resume")
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertIn("resumed", second.stdout)

        self.assertEqual(len(self.log_without_times(straight)), 3)
        self.assertEqual(self.log_without_times(straight), self.log_without_times(broken))
        a = torch.load(os.path.join(straight, "last.pt"))
        b = torch.load(os.path.join(broken, "last.pt"))
        self.assertEqual(a["step"], b["step"])
        for name, tensor in a["model"].items():
            self.assertTrue(torch.equal(tensor, b["model"][name]), name)

    def test_weight_average_resumes_exactly_and_is_what_best_holds(self):
        with open(self.config, "w") as f:
            json.dump(dict(TINY, weight_average_decay=0.9), f)
        straight = os.path.join(self.root, "straight")
        broken = os.path.join(self.root, "broken")
        self.assertEqual(self.train_cli(straight).returncode, 0)
        self.assertEqual(self.train_cli(broken, "--stop-after-steps", "7").returncode, 0)
        self.assertEqual(self.train_cli(broken, "--resume").returncode, 0)
        self.assertEqual(self.log_without_times(straight), self.log_without_times(broken))
        a = torch.load(os.path.join(straight, "last.pt"))
        b = torch.load(os.path.join(broken, "last.pt"))
        for name, tensor in a["average"].items():
            self.assertTrue(torch.equal(tensor, b["average"][name]), name)
        # The kept weights are the average, not the last optimiser step (one epoch: best = that epoch).
        one = os.path.join(self.root, "one")
        self.assertEqual(self.train_cli(one, "--epochs", "1").returncode, 0)
        best = torch.load(os.path.join(one, "best.pt"))["model"]
        last = torch.load(os.path.join(one, "last.pt"))
        for name, tensor in best.items():
            self.assertTrue(torch.equal(tensor, last["average"][name]), name)
        moved = [n for n, t in best.items() if t.dtype.is_floating_point and not torch.equal(t, last["model"][n])]
        self.assertTrue(moved, "the average equals the raw weights")
        # Exporting last.pt exports the average too, not the raw weights.
        from percepnet_train.export import load_model
        exported = load_model(os.path.join(one, "last.pt"))[0].state_dict()
        for name, tensor in best.items():
            self.assertTrue(torch.equal(tensor, exported[name]), name)
        # ... unless asked for the raw weights (export --raw).
        raw = load_model(os.path.join(one, "last.pt"), raw=True)[0].state_dict()
        for name, tensor in last["model"].items():
            self.assertTrue(torch.equal(tensor, raw[name]), name)

    def test_keep_epochs_saves_each_epochs_evaluated_weights(self):
        with open(self.config, "w") as f:
            json.dump(dict(TINY, weight_average_decay=0.9), f)
        run = os.path.join(self.root, "kept")
        done = self.train_cli(run, "--keep-epochs")
        self.assertEqual(done.returncode, 0, done.stderr)
        kept = sorted(n for n in os.listdir(run) if n.startswith("epoch-"))
        self.assertEqual(kept, ["epoch-001.pt", "epoch-002.pt", "epoch-003.pt"])
        rows = self.log_without_times(run)
        last = torch.load(os.path.join(run, "last.pt"))
        for i, name in enumerate(kept):
            snapshot = torch.load(os.path.join(run, name))
            self.assertEqual(snapshot["epoch"], i + 1)
            self.assertAlmostEqual(snapshot["dev_loss"], float(rows[i]["dev_loss"]), places=4)
        # The last epoch's snapshot is the average the run ended with, not the raw weights.
        final = torch.load(os.path.join(run, kept[-1]))["model"]
        for name, tensor in final.items():
            self.assertTrue(torch.equal(tensor, last["average"][name]), name)
        self.assertFalse([n for n in os.listdir(self.root) if n.startswith("epoch-")])

    def test_bf16_autocast_trains_float32_weights_along_the_float_runs_curve(self):
        float_run = os.path.join(self.root, "float")
        self.assertEqual(self.train_cli(float_run).returncode, 0)
        with open(self.config, "w") as f:
            json.dump(dict(TINY, bf16_autocast=True), f)
        bf16_run = os.path.join(self.root, "bf16")
        done = self.train_cli(bf16_run)
        self.assertEqual(done.returncode, 0, done.stderr)
        checkpoint = torch.load(os.path.join(bf16_run, "last.pt"))
        self.assertTrue(checkpoint["config"]["bf16_autocast"])
        self.assertTrue(all(t.dtype == torch.float32 for t in checkpoint["model"].values()))
        a = [float(row["dev_loss"]) for row in self.log_without_times(float_run)]
        b = [float(row["dev_loss"]) for row in self.log_without_times(bf16_run)]
        self.assertNotEqual(a, b)   # the forward pass did run in bfloat16
        for x, y in zip(a, b):
            self.assertAlmostEqual(x, y, delta=0.05 * x)

    def test_dev_loss_is_that_of_the_int8_model_the_engine_runs(self):
        # A fine-tune of an int8 model moves most weights by less than half a quantisation step: a float dev loss
        # counted what the export rounds away. The logged loss is the dequantised model's.
        from percepnet_train.config import config_from_dict
        from percepnet_train.model import PercepNet
        from percepnet_train.quantise import dequantised_copy
        from percepnet_train.shards import ShardSet
        from percepnet_train.train import DevSet
        run = os.path.join(self.root, "one")
        self.assertEqual(self.train_cli(run, "--epochs", "1").returncode, 0)
        best = torch.load(os.path.join(run, "best.pt"))
        config = config_from_dict(best["config"])
        model = PercepNet(config)
        model.load_state_dict(best["model"])
        dev = DevSet(ShardSet(self.dev), config.sequence_frames, config.batch_size, 0.25)
        int8 = dev.loss(dequantised_copy(model), 1, config, "cpu")
        float32 = dev.loss(model, 1, config, "cpu")
        logged = float(self.log_without_times(run)[0]["dev_loss_L1"])
        self.assertAlmostEqual(logged, int8, delta=1e-5 * int8)
        self.assertGreater(abs(logged - float32), abs(logged - int8))

    def test_init_from_starts_with_the_source_weights_and_rejects_another_architecture(self):
        source = os.path.join(self.root, "source")
        self.assertEqual(self.train_cli(source).returncode, 0)
        # Shift the source's normalisation so that recomputing it from the (same) data could not pass.
        checkpoint = torch.load(os.path.join(source, "best.pt"))
        checkpoint["model"]["feature_mean"] += 0.5
        shifted = os.path.join(self.root, "shifted.pt")
        torch.save(checkpoint, shifted)
        warm = os.path.join(self.root, "warm")
        started = self.train_cli(warm, "--init-from", shifted, "--stop-after-steps", "1")
        self.assertEqual(started.returncode, 0, started.stderr)
        self.assertIn("initialised from", started.stdout)
        src = checkpoint["model"]
        got = torch.load(os.path.join(warm, "last.pt"))["model"]
        # Normalisation buffers are copied exactly; weights moved by one small step only.
        for name, tensor in src.items():
            if "feature" in name or "mean" in name or "std" in name:
                self.assertTrue(torch.equal(tensor, got[name]), name)
            else:
                self.assertLess(float((tensor - got[name]).abs().max()), 0.05, name)
        with open(self.config) as f:
            other = dict(json.load(f), gru_units=[12])
        with open(self.config, "w") as f:
            json.dump(other, f)
        refused = self.train_cli(os.path.join(self.root, "other"), "--init-from", shifted)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("gru_units", refused.stderr)

    def test_init_from_a_plain_model_widens_its_output_layer_and_refuses_the_reverse(self):
        source = os.path.join(self.root, "source")
        self.assertEqual(self.train_cli(source, "--epochs", "1").returncode, 0)
        with open(self.config, "w") as f:
            json.dump(dict(TINY, output_concat=True), f)
        wide = os.path.join(self.root, "wide")
        started = self.train_cli(wide, "--init-from", os.path.join(source, "best.pt"), "--stop-after-steps", "1")
        self.assertEqual(started.returncode, 0, started.stderr)
        self.assertIn("output layer widened", started.stdout)
        weight = torch.load(os.path.join(wide, "last.pt"))["model"]["output.weight"]
        self.assertEqual(weight.shape[1], 8 + 8)     # conv2's 8 and the GRU's 8
        with open(self.config, "w") as f:
            json.dump(TINY, f)
        refused = self.train_cli(os.path.join(self.root, "narrow"), "--init-from", os.path.join(wide, "last.pt"))
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("output_concat", refused.stderr)

    def test_a_fine_tunes_average_starts_at_its_start_weights_without_warm_up(self):
        source = os.path.join(self.root, "source")
        self.assertEqual(self.train_cli(source).returncode, 0)
        start = torch.load(os.path.join(source, "best.pt"))["model"]
        with open(self.config, "w") as f:
            json.dump(dict(TINY, weight_average_decay=0.9), f)
        for steps in ("1", "3"):
            run = os.path.join(self.root, "tune" + steps)
            done = self.train_cli(run, "--init-from", os.path.join(source, "best.pt"), "--stop-after-steps", steps)
            self.assertEqual(done.returncode, 0, done.stderr)
            last = torch.load(os.path.join(run, "last.pt"))
            self.assertTrue(last["fine_tune"])
            if steps == "1":
                # decay 0.9 from the first step (a fresh run's warm-up would give 2/11): 0.9 start + 0.1 raw.
                for name, tensor in start.items():
                    if tensor.dtype.is_floating_point and "feature" not in name:
                        torch.testing.assert_close(last["average"][name], 0.9 * tensor + 0.1 * last["model"][name])
        # Resumed, it keeps the fine-tune's pace.
        resumed = self.train_cli(os.path.join(self.root, "tune1"), "--resume", "--stop-after-steps", "2")  # 1 + 2 steps
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertTrue(torch.load(os.path.join(self.root, "tune1", "last.pt"))["fine_tune"])
        a = torch.load(os.path.join(self.root, "tune1", "last.pt"))["average"]
        b = torch.load(os.path.join(self.root, "tune3", "last.pt"))["average"]
        for name, tensor in a.items():
            self.assertTrue(torch.equal(tensor, b[name]), name)

    def test_a_dry_band_sdr_schedule_keeps_the_epoch_whose_dry_dev_mixtures_score_best(self):
        from percepnet_train.config import config_from_dict
        from percepnet_train.dry_dev import DryDevSdr
        from percepnet_train.model import PercepNet
        from percepnet_train.quantise import dequantised_copy
        write_descriptions(self.dev, lambda k: "x.flac@1.00, rir:room.flac, howl, snr 0.0 dB" if k % 3 == 0
                           else "x.flac@1.00, howl, snr 5.0 dB")
        with open(self.config, "w") as f:
            json.dump(dict(TINY, weight_average_decay=0.9, schedule_measure="dry_band_sdr", dev_lookaheads=[]), f)
        run = os.path.join(self.root, "dry")
        done = self.train_cli(run, "--keep-epochs", "--epochs", "4")
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = self.log_without_times(run)
        self.assertEqual([r["dev_loss"] for r in rows], ["nan"] * 4)   # no dev loss was asked for
        sdrs = [float(r["dev_dry_band_sdr_db"]) for r in rows]
        dry = DryDevSdr(self.dev, TINY["batch_size"])
        for epoch, logged in enumerate(sdrs, 1):
            snapshot = torch.load(os.path.join(run, f"epoch-{epoch:03d}.pt"))
            model = PercepNet(config_from_dict(snapshot["config"]))
            model.load_state_dict(snapshot["model"])
            # The engine's model: the evaluated weights rounded to int8, as the dev loss is.
            scores = dry.scores(dequantised_copy(model), "cpu")
            self.assertAlmostEqual(logged, scores["all"], places=3)
            # Each SNR bucket's mean is logged beside it (nan for the buckets this set has no mixture in).
            row = rows[epoch - 1]
            self.assertAlmostEqual(float(row["dev_dry_sdr_snr_0_10_db"]), scores["snr 0-10 dB"], places=3)
            self.assertEqual(row["dev_dry_sdr_snr_below_0_db"], "nan")
            self.assertEqual(snapshot["dev_dry_band_sdr_by_snr_db"]["snr 0-10 dB"], scores["snr 0-10 dB"])
        best = torch.load(os.path.join(run, "best.pt"))
        self.assertEqual(best["epoch"], 1 + max(range(4), key=lambda k: sdrs[k]))
        # With dev loss at one lookahead: that lookahead's loss is the dev loss, the others are not evaluated.
        with open(self.config, "w") as f:
            json.dump(dict(TINY, schedule_measure="dry_band_sdr", dev_lookaheads=[1]), f)
        one = os.path.join(self.root, "one")
        self.assertEqual(self.train_cli(one, "--epochs", "1").returncode, 0)
        row = self.log_without_times(one)[0]
        self.assertEqual((row["dev_loss_L0"], row["dev_loss_L2"]), ("nan", "nan"))
        self.assertEqual(row["dev_loss"], row["dev_loss_L1"])
        self.assertNotEqual(row["dev_dry_band_sdr_db"], "nan")

    def test_an_inverse_time_schedule_sets_every_steps_rate_and_never_stops_early(self):
        # early_stop_epochs 1 would end a plateau run after its first epoch without a better dev loss.
        with open(self.config, "w") as f:
            json.dump(dict(TINY, learning_rate=2e-3, lr_decay_per_step=0.05, early_stop_epochs=1,
                           lr_patience_epochs=1), f)
        run = os.path.join(self.root, "inverse")
        done = self.train_cli(run, "--epochs", "5")
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = self.log_without_times(run)
        self.assertEqual(len(rows), 5)
        for row in rows:   # the rate of the epoch's last step
            self.assertAlmostEqual(float(row["learning_rate"]), 2e-3 / (1 + 0.05 * (int(row["step"]) - 1)), places=8)
        # Resumed mid-run it continues the same curve: the step, not the session, sets the rate.
        broken = os.path.join(self.root, "inverse-broken")
        self.train_cli(broken, "--epochs", "5", "--stop-after-steps", "7")
        self.assertEqual(self.train_cli(broken, "--epochs", "5", "--resume").returncode, 0)
        self.assertEqual(self.log_without_times(broken), rows)

    def test_a_log_from_before_a_new_column_gets_it_on_resume(self):
        from percepnet_train.run_log import read_log
        from percepnet_train.train import LOG_COLUMNS
        run = os.path.join(self.root, "old")
        self.assertEqual(self.train_cli(run, "--epochs", "1").returncode, 0)
        path = os.path.join(run, "log.csv")
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        with open(path, "w", newline="") as f:   # as an older trainer wrote it
            csv.writer(f).writerows([r[:-1] for r in rows])
        self.assertEqual(self.train_cli(run, "--epochs", "2", "--resume").returncode, 0)
        with open(path, newline="") as f:
            migrated = list(csv.reader(f))
        self.assertEqual(migrated[0], LOG_COLUMNS)
        self.assertEqual(migrated[1], rows[1][:-1] + ["nan"])
        self.assertEqual(len(migrated), 3)
        self.assertEqual(read_log(path)["epoch"], [1.0, 2.0])

    def test_a_config_that_schedules_on_no_dev_loss_is_refused(self):
        from percepnet_train.config import config_from_dict
        with self.assertRaisesRegex(ValueError, "schedule would follow no dev loss"):
            config_from_dict(dict(TINY, dev_lookaheads=[]))
        with self.assertRaisesRegex(ValueError, "schedule_measure must be one of"):
            config_from_dict(dict(TINY, schedule_measure="pesq"))

    def test_refuses_to_overwrite_a_run_without_resume(self):
        run = os.path.join(self.root, "run")
        self.assertEqual(self.train_cli(run, "--stop-after-steps", "1").returncode, 0)
        again = self.train_cli(run)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("--resume", again.stderr)


if __name__ == "__main__":
    unittest.main()
