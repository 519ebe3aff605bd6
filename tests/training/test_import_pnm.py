import dataclasses
import json
import os
import unittest

import torch

import helpers

from percepnet_train.config import TrainConfig
from percepnet_train.import_pnm import main, model_from_file
from percepnet_train.pnm_format import WEIGHTS_FLOAT32, WEIGHTS_INT8
from percepnet_train.pnm_writer import model_bytes

CONFIG = TrainConfig(conv1_units=12, conv2_units=10, gru_units=[9, 7])


def random_model(config):
    return helpers.random_model(config, seed=3)


class ImportFloatModelFileTest(unittest.TestCase):
    def test_float_file_gives_back_every_weight_exactly(self):
        original = random_model(CONFIG)
        imported = model_from_file(model_bytes(original, WEIGHTS_FLOAT32), CONFIG)
        theirs = imported.state_dict()
        for name, value in original.state_dict().items():
            self.assertTrue(torch.equal(value, theirs[name]), name)
        # And so the same file again, byte for byte, in both weight types.
        for weight_type in (WEIGHTS_FLOAT32, WEIGHTS_INT8):
            self.assertEqual(model_bytes(imported, weight_type), model_bytes(original, weight_type))

    def test_untrained_lookahead_taps_come_back_as_zeros(self):
        config = dataclasses.replace(CONFIG, lookaheads=[0, 1])
        original = random_model(config)
        imported = model_from_file(model_bytes(original, WEIGHTS_FLOAT32), config)
        taps = original.trained_conv1_taps()
        self.assertEqual(taps, 4)
        self.assertTrue(torch.equal(imported.conv1.weight[:, :, :taps], original.conv1.weight[:, :, :taps]))
        self.assertEqual(float(imported.conv1.weight[:, :, taps:].abs().sum()), 0.0)

    def test_int8_file_and_other_architecture_are_refused(self):
        original = random_model(CONFIG)
        with self.assertRaisesRegex(ValueError, "int8"):
            model_from_file(model_bytes(original, WEIGHTS_INT8), CONFIG)
        with self.assertRaisesRegex(ValueError, "gru_units"):
            model_from_file(model_bytes(original, WEIGHTS_FLOAT32), dataclasses.replace(CONFIG, gru_units=[9, 8]))

    def test_int8_file_on_request_gives_dequantised_weights_that_requantise_to_the_same_file(self):
        original = random_model(CONFIG)
        int8 = model_bytes(original, WEIGHTS_INT8)
        imported = model_from_file(int8, CONFIG, allow_int8=True)
        theirs = imported.state_dict()
        for name in ("grus.0.weight_ih_l0", "output.weight"):
            w, d = original.state_dict()[name], theirs[name]
            step = w.abs().amax(dim=1, keepdim=True) / 127   # one quantisation step per row
            self.assertFalse(torch.equal(w, d), name)
            self.assertTrue(bool(((w - d).abs() <= 0.5 * step + 1e-7).all()), name)
        self.assertTrue(torch.equal(original.state_dict()["output.bias"], theirs["output.bias"]))
        self.assertEqual(model_bytes(imported, WEIGHTS_INT8), int8)


if __name__ == "__main__":
    unittest.main()


class ImportCommandLogTest(unittest.TestCase):
    """--log records the epoch of the lowest dev loss, and an empty log is a clear error."""

    def setUp(self):
        self.dir = helpers.temp_dir(self)
        self.model = os.path.join(self.dir, "float.pnm")
        with open(self.model, "wb") as f:
            f.write(model_bytes(random_model(CONFIG), WEIGHTS_FLOAT32))
        self.config = os.path.join(self.dir, "config.json")
        with open(self.config, "w") as f:
            json.dump(CONFIG.to_dict(), f)
        self.out = os.path.join(self.dir, "best.pt")

    def write_log(self, losses):
        path = os.path.join(self.dir, "log.csv")
        with open(path, "w") as f:
            f.write("epoch,step,dev_loss,dev_loss_L0,dev_loss_L1,dev_loss_L2\n")
            for k, loss in enumerate(losses):
                f.write(f"{k + 1},{100 * (k + 1)},{loss},{loss + 0.01},{loss},{loss - 0.01}\n")
        return path

    def test_best_epoch_and_its_losses_are_recorded(self):
        main(["--model", self.model, "--config", self.config, "--out", self.out,
              "--log", self.write_log([0.09, 0.07, 0.08])])
        state = torch.load(self.out, weights_only=False)
        self.assertEqual((state["epoch"], state["step"]), (2, 200))
        self.assertAlmostEqual(state["dev_loss"], 0.07)
        self.assertEqual([round(v, 6) for v in state["dev_loss_per_lookahead"]], [0.08, 0.07, 0.06])

    def test_empty_log_is_refused_by_name(self):
        with self.assertRaisesRegex(SystemExit, "no epochs logged"):
            main(["--model", self.model, "--config", self.config, "--out", self.out, "--log", self.write_log([])])
        self.assertFalse(os.path.exists(self.out))
