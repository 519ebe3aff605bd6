import math
import unittest

import torch

import helpers  # noqa: F401  (import path)
from percepnet_train.config import TrainConfig
from percepnet_train.loss import onset_frames, percepnet_loss, shaped_target, speech_frames
from percepnet_train.config import LossConfig
from percepnet_train.model import PercepNet, all_lookaheads


def tiny_model():
    torch.manual_seed(0)
    m = PercepNet(TrainConfig(conv1_units=8, conv2_units=8, gru_units=[8, 8])).eval()
    with torch.no_grad():
        m.conv1.bias.normal_()  # a non-zero bias so padding vs. real zeros would show
    return m


def outputs(model, x, lookahead):
    with torch.no_grad():
        g, r = model(x, all_lookaheads(x.shape[0], lookahead))
    return torch.cat([g, r], -1)


def assert_output_reads_nothing_after_t_plus_lookahead(test, model):
    x = torch.randn(1, 30, 70)
    t = 10
    for L in range(3):
        base = outputs(model, x, L)
        for future in range(t + 1, 30):
            changed = x.clone()
            changed[0, future] += 5.0
            moved = (outputs(model, changed, L)[0, t] - base[0, t]).abs().max()
            if future <= t + L:
                test.assertGreater(moved, 1e-6, f"L={L} ignores frame t+{future - t}")
            else:
                test.assertEqual(moved, 0.0, f"L={L} reads frame t+{future - t}")


class LookaheadTest(unittest.TestCase):
    def test_output_of_frame_t_reads_nothing_after_t_plus_lookahead(self):
        assert_output_reads_nothing_after_t_plus_lookahead(self, tiny_model())

    def test_per_sequence_lookahead_equals_running_each_alone(self):
        model = tiny_model()
        x = torch.randn(3, 20, 70)
        with torch.no_grad():
            g, r = model(x, torch.tensor([0, 1, 2]))
        for i in range(3):
            alone = outputs(model, x[i:i + 1], i)
            torch.testing.assert_close(torch.cat([g, r], -1)[i], alone[0])

    def test_padding_frames_do_not_change_real_frames_except_as_zero_future(self):
        model = tiny_model()
        x = torch.randn(1, 20, 70)
        padded = torch.cat([x, torch.randn(1, 5, 70)], 1)
        valid = torch.cat([torch.ones(1, 20), torch.zeros(1, 5)], 1)
        with torch.no_grad():
            g, r = model(padded, all_lookaheads(1, 2), valid)
        torch.testing.assert_close(torch.cat([g, r], -1)[:, :20], outputs(model, x, 2))


def model_config(output_concat):
    return TrainConfig(conv1_units=8, conv2_units=6, gru_units=[5, 4], output_concat=output_concat)


class OutputConcatTest(unittest.TestCase):
    def model(self):
        torch.manual_seed(0)
        return PercepNet(model_config(output_concat=True)).eval()

    def test_the_output_layer_reads_conv2_then_every_gru_and_stays_causal(self):
        model = self.model()
        self.assertEqual(model.output.in_features, 6 + 5 + 4)
        assert_output_reads_nothing_after_t_plus_lookahead(self, model)
        x = torch.randn(2, 12, 70)
        with torch.no_grad():
            model.output.weight[:, 6:] = 0.0           # only conv2's columns left: the output is a dense of conv2
            g, r = model(x, all_lookaheads(2, 1))
            conv2 = model.conv2(model.conv1((x - model.feature_mean) * model.feature_inv_std,
                                            model.lookahead_tap_mask(all_lookaheads(2, 1))))
            expected = torch.sigmoid(model.output(torch.cat([conv2, torch.zeros(2, 12, 9)], -1)))
        torch.testing.assert_close(torch.cat([g, r], -1), expected)

    def test_the_model_file_holds_a_dense_of_outputs_that_streams_as_pytorch_runs(self):
        import numpy as np
        from percepnet_train.import_pnm import model_from_file
        from percepnet_train.pnm_stream import read_model, run_stream
        from percepnet_train.pnm_format import WEIGHTS_FLOAT32
        from percepnet_train.pnm_writer import model_bytes
        from percepnet_train.reference_vectors import reference_outputs
        model = self.model()
        data = model_bytes(model, WEIGHTS_FLOAT32)
        f = read_model(data)
        self.assertEqual((f.layers[-1].kind, f.layers[-1].taps, f.layers[-1].inputs), (4, 3, 6 + 5 + 4))
        features = torch.randn(50, 70).numpy()
        for lookahead in range(3):                      # the frame-by-frame reader of FORMAT.md agrees with PyTorch
            np.testing.assert_allclose(run_stream(f, features, lookahead), reference_outputs(model, features, lookahead),
                                       atol=2e-5)
        back = model_from_file(data, model_config(output_concat=True))
        torch.testing.assert_close(back.output.weight, model.output.weight)
        with self.assertRaisesRegex(ValueError, "output_concat"):
            model_from_file(data, model_config(output_concat=False))

    def test_a_plain_model_widened_to_output_concat_computes_what_it_did(self):
        from percepnet_train.model import widened_to_output_concat
        torch.manual_seed(1)
        plain = PercepNet(model_config(output_concat=False)).eval()
        wide = self.model()
        wide.load_state_dict(widened_to_output_concat(plain.state_dict(), wide))
        x = torch.randn(2, 40, 70)
        for L in range(3):
            torch.testing.assert_close(outputs(wide, x, L), outputs(plain, x, L))
        # The new columns are there to learn: a gradient reaches them.
        g, _ = wide(x, all_lookaheads(2, 1))
        g.sum().backward()
        self.assertGreater(float(wide.output.weight.grad[:, :6 + 5].abs().sum()), 0.0)
        with self.assertRaisesRegex(ValueError, "not a plain output"):
            widened_to_output_concat(wide.state_dict(), wide)


class LossTest(unittest.TestCase):
    config = LossConfig(gamma=0.5, quartic_weight=10.0, strength_weight=0.5)

    def test_perfect_estimate_costs_nothing(self):
        g = torch.rand(2, 5, 34)
        r = torch.rand(2, 5, 34)
        total, _, _ = percepnet_loss(g, r, g, r, torch.ones_like(g), self.config)
        self.assertLess(float(total), 1e-10)

    def test_value_matches_the_paper_formula(self):
        g_hat, g = torch.full((1, 1, 34), 0.25), torch.full((1, 1, 34), 1.0)
        r_hat, r = torch.full((1, 1, 34), 0.0), torch.full((1, 1, 34), 0.75)
        total, gain, strength = percepnet_loss(g_hat, r_hat, g, r, torch.ones(1, 1, 34), self.config)
        d = 1.0 - 0.5             # 1^0.5 - 0.25^0.5
        e = 0.5 - 1.0             # (1-0.75)^0.5 - (1-0)^0.5
        self.assertAlmostEqual(float(gain), d ** 2 + 10 * d ** 4, places=5)
        self.assertAlmostEqual(float(strength), e ** 2 + 10 * e ** 4, places=5)
        self.assertAlmostEqual(float(total), float(gain) + 0.5 * float(strength), places=5)

    def test_masked_bands_do_not_count(self):
        g_hat, g = torch.zeros(1, 1, 34), torch.ones(1, 1, 34)
        mask = torch.ones(1, 1, 34)
        mask[..., 20:] = 0
        g_hat[..., 20:] = 1.0  # right only where masked; wrong where it counts
        a, _, _ = percepnet_loss(g_hat, torch.zeros_like(g), g, torch.zeros_like(g), mask, self.config)
        g_hat[..., 20:] = 0.0  # now also wrong where masked
        b, _, _ = percepnet_loss(g_hat, torch.zeros_like(g), g, torch.zeros_like(g), mask, self.config)
        self.assertEqual(float(a), float(b))

    def test_gradient_is_finite_at_saturated_outputs(self):
        logits = torch.tensor([-200.0, 0.0, 200.0]).repeat(1, 1, 12)[..., :34].requires_grad_()
        out = torch.sigmoid(logits)
        total, _, _ = percepnet_loss(out, out, torch.rand_like(out), torch.rand_like(out),
                                     torch.ones_like(out), self.config)
        total.backward()
        self.assertTrue(torch.isfinite(logits.grad).all())

    def test_over_attenuation_weight_charges_only_gains_below_their_target(self):
        target = torch.full((1, 1, 34), 0.64)          # target^0.5 = 0.8
        low, high = torch.full_like(target, 0.36), torch.full_like(target, 1.0)  # 0.6 and 1.0: d = ±0.2
        ones, zeros = torch.ones_like(target), torch.zeros_like(target)
        symmetric = LossConfig(gamma=0.5, quartic_weight=10.0, over_attenuation_weight=0.0)
        asymmetric = LossConfig(gamma=0.5, quartic_weight=10.0, over_attenuation_weight=3.0)
        d = 0.2
        for config, under_extra in ((symmetric, 0.0), (asymmetric, 3.0)):
            _, under, _ = percepnet_loss(low, zeros, target, zeros, ones, config)
            _, over, _ = percepnet_loss(high, zeros, target, zeros, ones, config)
            self.assertAlmostEqual(float(over), d ** 2 + 10 * d ** 4, places=5)
            self.assertAlmostEqual(float(under), (1 + under_extra) * d ** 2 + 10 * d ** 4, places=5)

    def test_over_attenuation_weight_moves_an_uncertain_gain_up(self):
        # A band whose target is 0 or 1 with equal odds: the symmetric squared loss settles on
        # the middle (ĝ^γ = 1/2); with weight w on under-estimates the optimum is (1+w)/(2+w).
        for w, expected in ((0.0, 0.5), (1.0, 2.0 / 3.0), (3.0, 0.8)):
            config = LossConfig(gamma=0.5, quartic_weight=0.0, over_attenuation_weight=w)
            logit = torch.zeros(1, requires_grad=True)
            targets = torch.tensor([0.0, 1.0]).reshape(1, 2, 1).expand(1, 2, 34)
            opt = torch.optim.SGD([logit], lr=2.0)
            for _ in range(400):
                opt.zero_grad()
                g_hat = torch.sigmoid(logit).expand(1, 2, 34)
                no_comb = torch.zeros_like(targets)  # strengths exact: only the gain term pulls
                total, _, _ = percepnet_loss(g_hat, no_comb, targets, no_comb,
                                             torch.ones_like(targets), config)
                total.backward()
                opt.step()
            self.assertAlmostEqual(float(torch.sigmoid(logit)) ** 0.5, expected, places=3)

    @staticmethod
    def _sequence(levels_db):
        """Features (log10 band energy) of a sequence whose every band sits at the given level; targets 1."""
        t = len(levels_db)
        features = torch.zeros(1, t, 70)
        features[0, :, :34] = torch.tensor(levels_db).unsqueeze(-1) / 10.0
        return features, torch.ones(1, t, 34), torch.ones(1, t, 34)

    def test_onset_frames_are_a_rise_of_15_dB_and_the_40_ms_after(self):
        # Quiet (-60 dB) for 20 frames, a word (0 dB) for 20, a 10 dB dip and back, then a pause.
        levels = [-60.0] * 20 + [0.0] * 20 + [-10.0] * 5 + [0.0] * 5 + [-60.0] * 10
        features, gain, mask = self._sequence(levels)
        marked = onset_frames(features, gain, mask)[0].nonzero().flatten().tolist()
        self.assertEqual(marked, [20, 21, 22, 23, 24])   # the 10 dB return is no onset, nor a fall
        # A rise from a floor within 15 dB is none; a quiet "word" 40 dB under the loudest is none either.
        features, gain, mask = self._sequence([-10.0] * 10 + [0.0] * 10 + [-90.0] * 10 + [-40.0] * 10)
        self.assertEqual(onset_frames(features, gain, mask).sum().item(), 0)
        # Padding frames (mask 0) carry no energy: a word after them is an onset.
        features, gain, mask = self._sequence([0.0] * 30)
        mask[0, :10] = 0
        self.assertEqual(onset_frames(features, gain, mask)[0].nonzero().flatten().tolist(), [10, 11, 12, 13, 14])

    def test_onset_weight_charges_only_under_estimates_at_onsets_and_not_the_dev_loss(self):
        features, target, mask = self._sequence([-60.0] * 10 + [0.0] * 10)
        target = target * 0.64                                   # target^0.5 = 0.8
        zeros = torch.zeros_like(target)
        low, high = torch.full_like(target, 0.36), torch.full_like(target, 1.0)   # d = +0.2 / -0.2
        plain = LossConfig(gamma=0.5, quartic_weight=0.0)
        onset = LossConfig(gamma=0.5, quartic_weight=0.0, onset_weight=4.0)
        per_frame = 0.2 ** 2
        for estimate, extra in ((low, 4.0 * 5 / 20), (high, 0.0)):   # 5 onset frames of 20
            _, base, _ = percepnet_loss(estimate, zeros, target, zeros, mask, plain, features=features)
            _, with_onsets, _ = percepnet_loss(estimate, zeros, target, zeros, mask, onset, features=features)
            self.assertAlmostEqual(float(base), per_frame, places=5)
            self.assertAlmostEqual(float(with_onsets), per_frame * (1 + extra), places=5)
        # Without features (the trainer's dev loss) the onset term is left out.
        _, dev, _ = percepnet_loss(low, zeros, target, zeros, mask, onset)
        self.assertAlmostEqual(float(dev), per_frame, places=5)

    def test_noise_leak_weight_charges_only_gains_above_a_noise_target_and_not_the_dev_loss(self):
        features = torch.zeros(1, 4, 70)
        target = torch.tensor([0.04, 0.04, 0.64, 0.64]).reshape(1, 4, 1).expand(1, 4, 34)  # noise, noise, voice, voice
        estimate = torch.tensor([0.16, 0.0016, 1.0, 0.36]).reshape(1, 4, 1).expand(1, 4, 34)  # d = -0.2, +0.16, -0.2, +0.2
        zeros, ones = torch.zeros_like(target), torch.ones_like(target)
        plain = LossConfig(gamma=0.5, quartic_weight=0.0)
        leak = LossConfig(gamma=0.5, quartic_weight=0.0, noise_leak_weight=3.0)
        _, base, _ = percepnet_loss(estimate, zeros, target, zeros, ones, plain, features=features)
        _, charged, _ = percepnet_loss(estimate, zeros, target, zeros, ones, leak, features=features)
        squares = [0.2 ** 2, 0.16 ** 2, 0.2 ** 2, 0.2 ** 2]
        self.assertAlmostEqual(float(base), sum(squares) / 4, places=5)
        # Only the first frame: a gain above a noise target. A voice band kept too high (frame 3) costs as before.
        self.assertAlmostEqual(float(charged), (sum(squares) + 3.0 * 0.2 ** 2) / 4, places=5)
        _, dev, _ = percepnet_loss(estimate, zeros, target, zeros, ones, leak)
        self.assertAlmostEqual(float(dev), float(base), places=6)

    def test_speech_frames_are_loud_target_frames_not_pauses_or_speech_free_windows(self):
        # A word (0 dB) between pauses whose target is the -60 dB floor; a -20 dB syllable still counts.
        features, gain, mask = self._sequence([-60.0] * 5 + [0.0] * 5 + [-20.0] * 3 + [-60.0] * 5)
        self.assertEqual(speech_frames(features, gain, mask)[0].nonzero().flatten().tolist(), list(range(5, 13)))
        # At low SNR a speech frame's target is a part of its input (gain 0.3: -10 dB of it); a pause's is nothing.
        gain[0, 5:13] = 0.3
        gain[0, :5] = gain[0, 13:] = 0.0
        features[0, :, :34] = 0.0
        self.assertEqual(speech_frames(features, gain, mask)[0].nonzero().flatten().tolist(), list(range(5, 13)))
        # A speech-free window: targets far below the input everywhere (gain 0.01: -40 dB), so no speech frame,
        # although every frame is within 30 dB of the loudest.
        self.assertEqual(speech_frames(features, torch.full_like(gain, 0.01), mask).sum().item(), 0)

    def test_speech_weight_scales_the_gain_error_of_speech_frames_only_and_not_the_dev_loss(self):
        features, target, mask = self._sequence([-60.0] * 10 + [0.0] * 10)
        target = target * 0.64                                   # target^0.5 = 0.8
        target[0, :10] = 0.0                                     # the pause's target: nothing
        estimate = torch.full_like(target, 0.36)                 # d = +0.2 in speech, -0.6 in the pause
        zeros = torch.zeros_like(target)
        plain = LossConfig(gamma=0.5, quartic_weight=0.0)
        weighted = LossConfig(gamma=0.5, quartic_weight=0.0, speech_weight=5.0)
        _, base, _ = percepnet_loss(estimate, zeros, target, zeros, mask, plain, features=features)
        _, charged, _ = percepnet_loss(estimate, zeros, target, zeros, mask, weighted, features=features)
        self.assertAlmostEqual(float(base), (10 * 0.6 ** 2 + 10 * 0.2 ** 2) / 20, places=5)
        self.assertAlmostEqual(float(charged), (10 * 0.6 ** 2 + 6 * 10 * 0.2 ** 2) / 20, places=5)
        _, dev, _ = percepnet_loss(estimate, zeros, target, zeros, mask, weighted)
        self.assertAlmostEqual(float(dev), float(base), places=6)

    def test_target_shaping_lowers_small_targets_and_leaves_speech_targets(self):
        target = torch.tensor([0.1, 0.5, 1.0]).reshape(1, 3, 1).expand(1, 3, 34)
        shaped = shaped_target(target, 5.0)[0, :, 0]
        self.assertAlmostEqual(20 * math.log10(float(shaped[0])), -33.4, places=1)   # mostly noise: 13 dB lower
        self.assertGreater(float(shaped[1]), 0.5 * 10 ** (-0.25 / 20))                 # voice: under 0.25 dB
        self.assertAlmostEqual(float(shaped[2]), 1.0, places=2)
        self.assertTrue(torch.equal(shaped_target(target, 0.0), target))
        # The loss charges the distance to the shaped target: an estimate at the raw small target now costs.
        zeros, ones = torch.zeros_like(target), torch.ones_like(target)
        shaping = LossConfig(gamma=0.5, quartic_weight=0.0, target_shaping=5.0)
        _, at_raw, _ = percepnet_loss(target, zeros, target, zeros, ones, shaping)
        _, at_shaped, _ = percepnet_loss(shaped_target(target, 5.0), zeros, target, zeros, ones, shaping)
        self.assertAlmostEqual(float(at_shaped), 0.0, places=6)
        expected = float(((target.sqrt() - shaped_target(target, 5.0).sqrt()) ** 2).mean())
        self.assertAlmostEqual(float(at_raw), expected, places=6)
        self.assertGreater(float(at_raw), 0.005)   # (0.316 - 0.146)² over three frames


if __name__ == "__main__":
    unittest.main()
