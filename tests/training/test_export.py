import contextlib
import io
import os
import struct
import unittest
import zlib

import numpy as np
import torch

import helpers
from helpers import make_dataset, temp_dir
from percepnet_train import export
from percepnet_train.checkpoint import save_atomic
from percepnet_train.config import TrainConfig
from percepnet_train.model import PercepNet, all_lookaheads
from percepnet_train.model_stats import summary
from percepnet_train.pnm_stream import read_model, run_stream
from percepnet_train.pnm_format import WEIGHTS_FLOAT32, WEIGHTS_INT8
from percepnet_train.pnm_writer import model_bytes
from percepnet_train.quantise import dequantised_copy, quantise_rows
from percepnet_train.reference_vectors import read_reference, reference_outputs, write_reference

CONFIG = TrainConfig(conv1_units=12, conv2_units=10, gru_units=[9, 7])


def random_model():
    return helpers.random_model(CONFIG, seed=1)


class ModelFileLayoutTest(unittest.TestCase):
    def test_header_fields_and_crc_follow_format_md(self):
        m = random_model()
        data = model_bytes(m)
        self.assertEqual(data[:8], b"PNETMDL1")
        self.assertEqual(struct.unpack_from("<5I", data, 8), (1, 70, 34, 2, 2 + 2 + 1))
        np.testing.assert_array_equal(np.frombuffer(data, "<f4", 70, 28), m.feature_mean.numpy())
        np.testing.assert_array_equal(np.frombuffer(data, "<f4", 70, 28 + 280), m.feature_inv_std.numpy())
        # First layer: Conv1D, tanh, 70 -> 12, 5 taps from offset -2.
        self.assertEqual(struct.unpack_from("<5Ii", data, 28 + 560), (1, 2, 70, 12, 5, -2))
        self.assertEqual(struct.unpack_from("<I", data, len(data) - 4)[0], zlib.crc32(data[:-4]))
        self.assertEqual(len(data), summary(CONFIG)["file_bytes"])

    def test_conv_columns_are_tap_major(self):
        m = random_model()
        data = model_bytes(m)
        offset = 28 + 560 + 24
        q = np.frombuffer(data, np.int8, 12 * 350, offset).reshape(12, 350)
        scale = np.frombuffer(data, "<f4", 12, offset + 12 * 350)
        w = m.conv1.weight.detach().numpy()  # (out, in, taps)
        o, i, j = 3, 41, 4
        self.assertAlmostEqual(q[o, j * 70 + i] * scale[o], w[o, i, j], delta=scale[o] / 2 + 1e-7)

    def test_every_layer_reads_back_with_its_shapes(self):
        f = read_model(model_bytes(random_model()))
        kinds = [(l.kind, l.activation, l.inputs, l.outputs, l.taps, l.first_offset) for l in f.layers]
        self.assertEqual(kinds, [(1, 2, 70, 12, 5, -2), (1, 2, 12, 10, 3, -2), (2, 2, 10, 9, 1, 0),
                                 (2, 2, 9, 7, 1, 0), (3, 3, 7, 68, 1, 0)])

    def test_per_row_quantisation_error_is_at_most_half_a_step(self):
        w = np.random.default_rng(0).normal(size=(20, 50)).astype(np.float32)
        w[3] = 0.0
        q, scale = quantise_rows(w)
        self.assertTrue((scale > 0).all())
        self.assertEqual(np.abs(q[np.arange(20) != 3]).max(axis=1).min(), 127)
        err = np.abs(q * scale[:, None] - w)
        self.assertTrue((err <= scale[:, None] / 2 + 1e-6).all())


class FloatModelFileTest(unittest.TestCase):
    def test_float_file_is_version_2_with_weight_type_and_raw_float_rows(self):
        m = random_model()
        data = model_bytes(m, WEIGHTS_FLOAT32)
        self.assertEqual(data[:8], b"PNETMDL1")
        # weightType sits right after version, so every later field moves 4 bytes on.
        self.assertEqual(struct.unpack_from("<6I", data, 8), (2, 2, 70, 34, 2, 2 + 2 + 1))
        np.testing.assert_array_equal(np.frombuffer(data, "<f4", 70, 32), m.feature_mean.numpy())
        self.assertEqual(struct.unpack_from("<5Ii", data, 32 + 560), (1, 2, 70, 12, 5, -2))
        w = np.frombuffer(data, "<f4", 12 * 350, 32 + 560 + 24).reshape(12, 350)
        conv = m.conv1.weight.detach().numpy()  # (out, in, taps), columns tap-major as in int8
        self.assertEqual(w[3, 4 * 70 + 41], conv[3, 41, 4])
        bias = np.frombuffer(data, "<f4", 12, 32 + 560 + 24 + 4 * 12 * 350)
        np.testing.assert_array_equal(bias, m.conv1.bias.detach().numpy())
        self.assertEqual(struct.unpack_from("<I", data, len(data) - 4)[0], zlib.crc32(data[:-4]))
        # One 4-byte weight per int8 weight, no scales, one more header field.
        int8 = model_bytes(m)
        matrix_rows = 12 + 10 + 6 * 9 + 6 * 7 + 68
        self.assertEqual(len(data), len(int8) + 4 + 3 * summary(CONFIG)["weights"] - 4 * matrix_rows)

    def test_int8_stays_version_1_and_is_the_default(self):
        m = random_model()
        self.assertEqual(model_bytes(m), model_bytes(m, WEIGHTS_INT8))
        self.assertEqual(struct.unpack_from("<I", model_bytes(m), 8)[0], 1)
        with self.assertRaises(ValueError):
            model_bytes(m, 3)

    def test_reader_returns_the_exact_float_weights(self):
        m = random_model()
        f = read_model(model_bytes(m, WEIGHTS_FLOAT32))
        self.assertEqual((f.weight_type, read_model(model_bytes(m)).weight_type), (2, 1))
        np.testing.assert_array_equal(f.layers[2].matrices[1], m.grus[0].weight_hh_l0.detach().numpy())
        np.testing.assert_array_equal(f.layers[-1].matrices[0], m.output.weight.detach().numpy())

    def test_export_float_out_writes_both_models_with_their_own_references(self):
        root = temp_dir(self)
        m = random_model()
        checkpoint = os.path.join(root, "best.pt")
        save_atomic({"config": CONFIG.to_dict(), "model": m.state_dict(), "epoch": 1, "step": 2}, checkpoint)
        dev = make_dataset(os.path.join(root, "dev"), seconds=4, seed=5)
        int8_path, float_path = os.path.join(root, "int8.pnm"), os.path.join(root, "float.pnm")
        args = ["--checkpoint", checkpoint, "--dev", dev, "--out", int8_path, "--ref-frames", "40"]
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(export.main(args + ["--float-out", float_path]), 0)
        with open(int8_path, "rb") as f:
            self.assertEqual(f.read(), model_bytes(m))  # --float-out leaves the int8 model as it was
        with open(float_path, "rb") as f:
            float_file = read_model(f.read())
        int8_file = read_model(model_bytes(m))
        for suffix in (".L0.ref", ".ref", ".L2.ref"):
            x, y, lookahead = read_reference(float_path + suffix)
            np.testing.assert_allclose(run_stream(float_file, x, lookahead), y, atol=2e-5)
            # The float references are the float model's, measurably not the int8 model's.
            xq, yq, _ = read_reference(int8_path + suffix)
            np.testing.assert_array_equal(x, xq)
            np.testing.assert_allclose(run_stream(int8_file, x, lookahead), yq, atol=2e-5)
            self.assertGreater(float(np.abs(y - yq).max()), 1e-4)


class ReferenceVectorTest(unittest.TestCase):
    def test_streaming_reader_reproduces_pytorch_reference_at_every_lookahead(self):
        m = random_model()
        f = read_model(model_bytes(m))
        quantised = dequantised_copy(m)
        features = np.random.default_rng(2).normal(size=(60, 70)).astype(np.float32)
        path = os.path.join(temp_dir(self), "m.pnm.ref")
        for L in range(3):
            write_reference(path, features, reference_outputs(quantised, features, L), L)
            x, y, lookahead = read_reference(path)
            self.assertEqual(lookahead, L)
            np.testing.assert_array_equal(x, features)
            np.testing.assert_allclose(run_stream(f, x, L), y, atol=2e-5)

    def test_dedicated_lookahead_model_exports_only_its_trained_taps(self):
        torch.manual_seed(3)
        m = PercepNet(TrainConfig(conv1_units=6, conv2_units=5, gru_units=[4], lookaheads=[1])).eval()
        data = model_bytes(m)
        self.assertEqual(struct.unpack_from("<I", data, 20)[0], 1)  # maxLookahead
        f = read_model(data)
        self.assertEqual((f.layers[0].taps, f.layers[0].first_offset), (4, -2))
        x = torch.randn(1, 40, 70)
        with torch.no_grad():  # asking for L = 2 gives the L = 1 result: tap +2 is never used
            torch.testing.assert_close(m(x, all_lookaheads(1, 2)), m(x, all_lookaheads(1, 1)))
        features = x[0].numpy()
        expected = reference_outputs(dequantised_copy(m), features, 1)
        np.testing.assert_allclose(run_stream(f, features, 1), expected, atol=2e-5)

    def test_int8_model_stays_close_to_float(self):
        m = random_model()
        x = torch.randn(2, 50, 70)
        with torch.no_grad():
            a = torch.cat(m(x, all_lookaheads(2, 1)), -1)
            b = torch.cat(dequantised_copy(m)(x, all_lookaheads(2, 1)), -1)
        self.assertLess(float((a - b).abs().max()), 0.05)
        self.assertGreater(float((a - b).abs().max()), 0.0)


if __name__ == "__main__":
    unittest.main()
