import io
import json
import os
import unittest

import numpy as np

from helpers import make_dataset, temp_dir
from percepnet_train.sequences import TrainingSampler, cut_windows
from percepnet_train.shards import RECORD_FLOATS, ShardError, ShardSet, open_shard


class ShardReaderTest(unittest.TestCase):
    def setUp(self):
        self.dir = make_dataset(os.path.join(temp_dir(self), "d"), seconds=120, seed=5)

    def test_reads_every_frame_and_the_manifest_segments(self):
        shards = ShardSet(self.dir)
        with open(os.path.join(self.dir, "manifest.json")) as f:
            manifest = json.load(f)
        self.assertEqual(shards.frames, manifest["frames"])
        for shard, entry in zip(shards.shards, manifest["shards"]):
            self.assertEqual(shard.segments, entry["segments"])
            self.assertEqual(shard.records.shape, (entry["frames"], RECORD_FLOATS))

    def test_corrupt_and_missing_shards_are_named_and_skipped(self):
        with open(os.path.join(self.dir, "shard-00001.pnds"), "r+b") as f:
            f.write(b"XXXX")
        os.remove(os.path.join(self.dir, "shard-00002.pnds"))
        log = io.StringIO()
        shards = ShardSet(self.dir, log=log)
        self.assertIn("shard-00001.pnds: bad magic", log.getvalue())
        self.assertIn("shard-00002.pnds: cannot read", log.getvalue())
        self.assertEqual(len(shards.skipped), 2)
        self.assertGreater(len(shards.shards), 0)

    def test_truncated_shard_is_refused(self):
        path = os.path.join(self.dir, "shard-00000.pnds")
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) - 1)
        with self.assertRaisesRegex(ShardError, "shard-00000.pnds: size"):
            open_shard(path)

    def test_no_usable_shard_is_an_error(self):
        for name in os.listdir(self.dir):
            if name.endswith(".pnds"):
                os.remove(os.path.join(self.dir, name))
        with self.assertRaises(ShardError):
            ShardSet(self.dir, log=io.StringIO())

    def test_normalisation_statistics_whiten_the_features(self):
        shards = ShardSet(self.dir)
        mean, inv_std = shards.feature_statistics()
        x = np.concatenate([np.asarray(s.records[:, :70]) for s in shards.shards])
        z = (x - mean) * inv_std
        self.assertLess(np.abs(z.mean(0)).max(), 1e-3)
        varying = x.std(0) > 1e-2
        np.testing.assert_allclose(z[:, varying].std(0), 1.0, atol=1e-3)


class SequenceTest(unittest.TestCase):
    def setUp(self):
        self.shards = ShardSet(make_dataset(os.path.join(temp_dir(self), "d"), seconds=120, seed=6))

    def test_windows_never_cross_a_mixture_start(self):
        rng = np.random.default_rng(0)
        windows = cut_windows(self.shards, 100, rng)
        for shard_index, start, length in windows:
            spans = self.shards.shards[shard_index].segment_spans()
            self.assertTrue(any(a <= start and start + length <= b for a, b in spans))
            self.assertLessEqual(length, 100)

    def test_sampler_replays_the_same_batches_from_a_saved_position(self):
        a = TrainingSampler(self.shards, 100, 4, seed=3)
        for _ in range(7):
            a.next_batch()
        state = dict(a.state())
        expected = [a.next_batch() for _ in range(5)]
        b = TrainingSampler(self.shards, 100, 4, seed=3)
        b.load_state(state)
        for e in expected:
            got = b.next_batch()
            self.assertTrue((got.features == e.features).all())
            self.assertTrue((got.lookahead == e.lookahead).all())

    def test_training_windows_are_full_length_unless_the_mixture_is_shorter(self):
        windows = cut_windows(self.shards, 300, np.random.default_rng(1))
        for shard_index, start, length in windows:
            span = next(b - a for a, b in self.shards.shards[shard_index].segment_spans()
                        if a <= start < b)
            self.assertEqual(length, min(300, span))
        starts = {(w[0], w[1]) for w in windows}
        self.assertEqual(len(starts), len(windows))

    def test_stream_start_share_puts_first_windows_on_mixture_starts(self):
        spans = [(i, a, b) for i, shard in enumerate(self.shards.shards) for a, b in shard.segment_spans()
                 if b - a > 100]
        self.assertGreater(len(spans), 1)
        always = {(w[0], w[1]) for w in cut_windows(self.shards, 100, np.random.default_rng(2),
                                                    stream_start_share=1.0)}
        self.assertTrue(all((i, a) in always for i, a, _ in spans))
        # Share 0 draws nothing extra: the same windows as a run made before the option.
        self.assertEqual(cut_windows(self.shards, 100, np.random.default_rng(2), stream_start_share=0.0),
                         cut_windows(self.shards, 100, np.random.default_rng(2)))
        plain = {(w[0], w[1]) for w in cut_windows(self.shards, 100, np.random.default_rng(2))}
        self.assertLess(sum((i, a) in plain for i, a, _ in spans), len(spans))

    def test_dev_windows_cover_every_frame_once(self):
        windows = cut_windows(self.shards, 300, min_length=1)
        self.assertEqual(sum(w[2] for w in windows), self.shards.frames)

    def test_short_windows_are_padded_and_masked(self):
        sampler = TrainingSampler(self.shards, 400, 64, seed=1)
        batch = sampler.next_batch()
        padded = batch.valid == 0
        self.assertTrue(padded.any())
        self.assertTrue((batch.mask[padded] == 0).all())


if __name__ == "__main__":
    unittest.main()
