import dataclasses
import unittest

import torch

import helpers

from percepnet_train.config import TrainConfig
from percepnet_train.import_pnm import model_from_file
from percepnet_train.pnm_writer import WEIGHTS_FLOAT32, WEIGHTS_INT8, model_bytes

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


if __name__ == "__main__":
    unittest.main()
