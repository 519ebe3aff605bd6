import csv
import json
import os
import subprocess
import unittest

import torch

import test_train_resume
from helpers import PYTHON, TRAINING_DIR, make_dataset, temp_dir

# The resume tests' tiny run, with a weight average and a per-step schedule for the carry to keep.
TINY = dict(test_train_resume.TINY, weight_average_decay=0.9, learning_rate=0.002, lr_decay_per_step=0.01)


class CarryTest(unittest.TestCase):
    """A run packed on one machine and unpacked on another resumes where it stopped: weights within float16
    rounding, the same step, epoch, schedule and learning curve."""

    def setUp(self):
        self.root = temp_dir(self)
        self.train = make_dataset(os.path.join(self.root, "train"), seconds=40, seed=1)
        self.dev = make_dataset(os.path.join(self.root, "dev"), seconds=10, seed=2)
        self.config = os.path.join(self.root, "tiny.json")
        with open(self.config, "w") as f:
            json.dump(TINY, f)

    def run_py(self, *args):
        env = dict(os.environ, PERCEPNET_TRAIN_THREADS="1")
        return subprocess.run([PYTHON, "-m", *args], cwd=TRAINING_DIR, env=env, capture_output=True, text=True)

    def train_cli(self, out, epochs, *extra):
        return self.run_py("percepnet_train.train", "--config", self.config, "--data", self.train, "--dev",
                           self.dev, "--out", out, "--epochs", str(epochs), *extra)

    def test_a_packed_run_unpacks_elsewhere_and_resumes_its_schedule_and_log(self):
        old = os.path.join(self.root, "old")
        self.assertEqual(self.train_cli(old, 2).returncode, 0)
        carried = os.path.join(self.root, "carried", "old.pt")
        packed = self.run_py("percepnet_train.carry", "pack", old, carried)
        self.assertEqual(packed.returncode, 0, packed.stderr)

        before = torch.load(os.path.join(old, "last.pt"), weights_only=False)
        small = torch.load(carried, weights_only=False)
        self.assertNotIn("optimizer", small)
        tensor_bytes = lambda sd: sum(t.numel() * t.element_size() for t in sd.values())
        # fp16 weights and average, no Adam moments: an eighth of the tensors a checkpoint holds.
        self.assertLessEqual(tensor_bytes(small["model"]) + tensor_bytes(small["average"]),
                             (tensor_bytes(before["model"]) * 2 + tensor_bytes(before["average"]) * 2) / 4 + 64)

        new = os.path.join(self.root, "new")
        unpacked = self.run_py("percepnet_train.carry", "unpack", carried, new)
        self.assertEqual(unpacked.returncode, 0, unpacked.stderr)
        after = torch.load(os.path.join(new, "last.pt"), weights_only=False)
        self.assertEqual((after["epoch"], after["step"]), (before["epoch"], before["step"]))
        self.assertEqual(after["sampler"], before["sampler"])
        for part in ("model", "average"):
            for name, tensor in before[part].items():
                got = after[part][name]
                self.assertEqual(got.dtype, tensor.dtype, name)
                if tensor.dtype.is_floating_point:
                    # float16's relative step is 2^-11; the tiny run's weights are well inside its range.
                    torch.testing.assert_close(got, tensor, rtol=2 ** -10, atol=1e-6, msg=name)
                else:
                    self.assertTrue(torch.equal(got, tensor), name)
        # The average as an epoch snapshot: what export and a finish's --init-from read as "model".
        snapshot = torch.load(os.path.join(new, "carried.pt"), weights_only=False)
        self.assertEqual(snapshot["step"], before["step"])
        for name, tensor in before["average"].items():
            if tensor.dtype.is_floating_point:
                torch.testing.assert_close(snapshot["model"][name], tensor, rtol=2 ** -10, atol=1e-6, msg=name)
        from percepnet_train.export import load_model
        self.assertIsNotNone(load_model(os.path.join(new, "carried.pt"))[0])
        lr_before = before["optimizer"]["param_groups"][0]["lr"]
        self.assertEqual(after["optimizer"]["param_groups"][0]["lr"], lr_before)
        with open(os.path.join(old, "log.csv")) as a, open(os.path.join(new, "log.csv")) as b:
            self.assertEqual(a.read(), b.read())

        # A second unpack over the same run would overwrite it: refused.
        again = self.run_py("percepnet_train.carry", "unpack", carried, new)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("exists", again.stderr)

        resumed = self.train_cli(new, 3, "--resume")
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertIn(f"resumed {os.path.join(new, 'last.pt')}: epoch 2", resumed.stdout)
        with open(os.path.join(new, "log.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([int(r["epoch"]) for r in rows], [1, 2, 3])
        final = torch.load(os.path.join(new, "last.pt"), weights_only=False)
        steps_per_epoch = before["step"] // 2
        self.assertEqual(final["step"], before["step"] + steps_per_epoch)
        # The per-step schedule went on from the carried step, not from step 1.
        expected = TINY["learning_rate"] / (1 + TINY["lr_decay_per_step"] * (final["step"] - 1))
        self.assertAlmostEqual(final["optimizer"]["param_groups"][0]["lr"], expected, places=9)
        self.assertTrue(final["optimizer"]["state"], "Adam's moments were not rebuilt")

    def test_a_file_that_is_not_a_carried_run_is_refused(self):
        old = os.path.join(self.root, "old")
        self.assertEqual(self.train_cli(old, 1).returncode, 0)
        wrong = self.run_py("percepnet_train.carry", "unpack", os.path.join(old, "last.pt"),
                            os.path.join(self.root, "new"))
        self.assertNotEqual(wrong.returncode, 0)
        self.assertIn("not a carried run", wrong.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.root, "new", "last.pt")))


if __name__ == "__main__":
    unittest.main()
