import os
import struct
import unittest
import zlib

import numpy as np
import torch

from helpers import temp_dir
from percepnet_train.config import TrainConfig
from percepnet_train.model import PercepNet, all_lookaheads
from percepnet_train.model_stats import summary
from percepnet_train.pnm_stream import read_model, run_stream
from percepnet_train.pnm_writer import model_bytes
from percepnet_train.quantise import dequantised_copy, quantise_rows
from percepnet_train.reference_vectors import read_reference, reference_outputs, write_reference

CONFIG = TrainConfig(conv1_units=12, conv2_units=10, gru_units=[9, 7])


def random_model():
    torch.manual_seed(1)
    m = PercepNet(CONFIG).eval()
    with torch.no_grad():
        for p in m.parameters():
            p.normal_(0, 0.3)
        m.set_normalisation(torch.randn(70), torch.rand(70) + 0.5)
    return m


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
