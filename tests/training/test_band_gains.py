import json
import os
import unittest

import numpy as np
import torch

from helpers import make_dataset, random_model, temp_dir
from percepnet_train.band_gains import band_means, pick
from percepnet_train.config import config_from_dict
from percepnet_train.loss import speech_frames
from percepnet_train.shards import FEATURES, GAIN, MASK, ShardSet

TINY = {"name": "tiny", "conv1_units": 8, "conv2_units": 8, "gru_units": [8], "lookaheads": [0, 1, 2]}


class PickTest(unittest.TestCase):
    def test_noise_snr_and_room_choose_the_mixtures(self):
        descriptions = [
            "a.flac@1.00, noise:sc_running_tap.flac, snr -4.0 dB, level -20.0 dBFS",
            "a.flac@1.00, rir:room.flac, noise:sc_running_tap.flac, snr 2.0 dB, level -20.0 dBFS",
            "a.flac@1.00, noise:sc_running_tap.flac, snr 12.0 dB, level -20.0 dBFS",
            "a.flac@1.00, noise:fs_farm_01.flac, snr -4.0 dB, level -20.0 dBFS",
            "a.flac@1.00, noise-free, level -20.0 dBFS",
        ]
        self.assertEqual(pick(descriptions, "sc_running_tap", 5.0), [0, 1])
        self.assertEqual(pick(descriptions, "sc_running_tap", 5.0, dry=True), [0])
        self.assertEqual(pick(descriptions, max_snr=5.0), [0, 1, 3])   # a noise-free mixture has no SNR below 5 dB
        self.assertEqual(pick(descriptions), [0, 1, 2, 3, 4])


class BandMeansTest(unittest.TestCase):
    def test_means_are_over_the_chosen_mixtures_speech_frames(self):
        data = make_dataset(os.path.join(temp_dir(self), "set"), seconds=60, seed=6)
        count = sum(len(s.segment_spans()) for s in ShardSet(data).shards)
        path = os.path.join(data, "manifest.json")
        with open(path) as f:
            manifest = json.load(f)
        manifest["mixtures"] = [f"x.flac@1.00, noise:{'tap' if k % 2 else 'farm'}.flac, snr 0.0 dB, level -20.0 dBFS"
                                for k in range(count)]
        with open(path, "w") as f:
            json.dump(manifest, f)
        config = config_from_dict(TINY)
        checkpoint = os.path.join(temp_dir(self), "model.pt")
        model = random_model(config)
        torch.save({"config": TINY, "model": model.state_dict()}, checkpoint)
        n, target, (estimate,) = band_means(data, [checkpoint], noise="tap")
        # Straight from the shard records, without the windowing code under test.
        targets, estimates, k = [], [], 0
        with torch.no_grad():
            for shard in ShardSet(data).shards:
                for s, e in shard.segment_spans():
                    if k % 2:
                        r = torch.from_numpy(shard.records[s:e][None].astype(np.float32))
                        gain, mask = r[:, :, GAIN].clamp(0, 1), r[:, :, MASK].clamp(0, 1)
                        speech = speech_frames(r[:, :, FEATURES], gain, mask)[0] > 0
                        g, _ = model(r[:, :, FEATURES], torch.full((1,), 1, dtype=torch.int64), torch.ones(1, e - s))
                        targets.append(gain[0][speech])
                        estimates.append(g[0][speech])
                    k += 1
        self.assertEqual(n, len(range(1, count, 2)))
        self.assertGreater(sum(len(t) for t in targets), 0)
        np.testing.assert_allclose(target.numpy(), torch.cat(targets).double().mean(0).numpy(), atol=1e-5)
        np.testing.assert_allclose(estimate.numpy(), torch.cat(estimates).double().mean(0).numpy(), atol=1e-4)
        # No mixture chosen is an error, not a table of zero gains.
        with self.assertRaises(SystemExit) as raised:
            band_means(data, [checkpoint], noise="tap", dry=False, max_snr=-20.0)
        self.assertIn("no mixture matches", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
