import os
import unittest

import torch

from helpers import make_dataset, random_model, temp_dir, write_descriptions
from percepnet_train.config import config_from_dict
from percepnet_train.dry_dev import BUCKETS, DryDevSdr
from percepnet_train.family_loss import table
from percepnet_train.shards import ShardError

TINY = {"name": "tiny", "conv1_units": 8, "conv2_units": 8, "gru_units": [8], "lookaheads": [0, 1, 2]}


class DryDevSdrTest(unittest.TestCase):
    def setUp(self):
        self.data = make_dataset(os.path.join(temp_dir(self), "set"), seconds=60, seed=5)
        # Every third mixture in a room, as the fair dev set puts 40 % of its mixtures in one.
        self.count = write_descriptions(self.data, lambda k: (
            "x.flac@1.00, rir:room.flac, howl, snr 0.0 dB, level -20.0 dBFS" if k % 3 == 0
            else "x.flac@1.00, howl, snr 5.0 dB, level -20.0 dBFS"))
        self.config = config_from_dict(TINY)
        self.checkpoint = os.path.join(temp_dir(self), "model.pt")
        self.model = random_model(self.config)
        torch.save({"config": TINY, "model": self.model.state_dict()}, self.checkpoint)

    def test_batched_score_is_family_losss_dry_row_at_lookahead_1(self):
        # Mixtures of 1.5-8 s share batches of 4, padded past their ends: each must score as it does alone.
        rows = {name: (n, sdr) for name, n, _, _, sdr in table(self.data, [self.checkpoint], lookahead=1)}
        dry = DryDevSdr(self.data, batch_size=4)
        self.assertEqual(len(dry.windows), rows["dry"][0])
        self.assertEqual(len(dry.windows), self.count - len(range(0, self.count, 3)))
        self.assertGreater(len({w[2] for w in dry.windows}), 4)   # lengths differ, so batches pad
        self.assertAlmostEqual(dry.score(self.model, "cpu"), rows["dry"][1][0], places=3)
        # The reverberant mixtures are left out: the whole set scores otherwise.
        self.assertNotAlmostEqual(rows["all"][1][0], rows["dry"][1][0], places=2)

    def test_each_snr_buckets_mean_is_family_losss_row_for_that_bucket(self):
        # All dry, so each of family_loss's SNR rows (and its noise-free row) holds exactly one bucket's mixtures.
        snrs = [-5.0, 5.0, 15.0, 25.0, None]
        write_descriptions(self.data, lambda k: "x.flac@1.00, noise-free, level -20.0 dBFS" if snrs[k % 5] is None
                           else f"x.flac@1.00, howl, snr {snrs[k % 5]:.1f} dB, level -20.0 dBFS")
        rows = {name: (n, sdr) for name, n, _, _, sdr in table(self.data, [self.checkpoint], lookahead=1)}
        dry = DryDevSdr(self.data, batch_size=4)
        scores = dry.scores(self.model, "cpu")
        self.assertEqual(set(scores), {"all"} | set(BUCKETS))
        for bucket in BUCKETS:
            self.assertEqual(dry.buckets.count(bucket), rows[bucket][0])
            self.assertAlmostEqual(scores[bucket], rows[bucket][1][0], places=3)
        self.assertAlmostEqual(scores["all"], rows["dry"][1][0], places=3)
        self.assertEqual(len({round(scores[b], 3) for b in BUCKETS}), len(BUCKETS))   # five different means

    def test_a_set_without_descriptions_or_dry_mixtures_is_refused_by_name(self):
        bare = make_dataset(os.path.join(temp_dir(self), "bare"), seconds=20, seed=6)
        with self.assertRaisesRegex(ShardError, "describes 0 of"):
            DryDevSdr(bare, batch_size=4)
        write_descriptions(bare, lambda k: "x.flac@1.00, rir:room.flac, noise-free, level -20.0 dBFS")
        with self.assertRaisesRegex(ShardError, "no mixture without a room response"):
            DryDevSdr(bare, batch_size=4)


if __name__ == "__main__":
    unittest.main()
