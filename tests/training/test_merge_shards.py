import json
import os
import unittest

import numpy as np

from helpers import make_dataset, temp_dir
from percepnet_train.merge_shards import merge
from percepnet_train.shards import ShardSet


class MergeShardsTest(unittest.TestCase):
    def setUp(self):
        root = temp_dir(self)
        self.root = root
        self.a = make_dataset(os.path.join(root, "a"), seconds=60, seed=1)
        self.b = make_dataset(os.path.join(root, "b"), seconds=90, seed=2)

    def test_merged_set_holds_every_frame_and_segment_of_its_sources(self):
        out = os.path.join(self.root, "merged")
        merged = merge(out, [self.a, self.b])
        a, b, m = ShardSet(self.a), ShardSet(self.b), ShardSet(out)
        self.assertEqual(m.frames, a.frames + b.frames)
        self.assertEqual(merged["frames"], a.frames + b.frames)
        self.assertEqual(len(m.shards), len(a.shards) + len(b.shards))
        for mine, theirs in zip(m.shards, a.shards + b.shards):
            self.assertEqual(mine.segments, theirs.segments)
            np.testing.assert_array_equal(mine.records, theirs.records)
        with open(os.path.join(out, "manifest.json")) as f:
            self.assertAlmostEqual(json.load(f)["hours"], merged["hours"])

    def test_sources_with_another_record_size_are_refused(self):
        with open(os.path.join(self.b, "manifest.json")) as f:
            manifest = json.load(f)
        manifest["recordFloats"] = 999
        with open(os.path.join(self.b, "manifest.json"), "w") as f:
            json.dump(manifest, f)
        with self.assertRaises(ValueError):
            merge(os.path.join(self.root, "merged"), [self.a, self.b])

    def test_sets_of_two_mixer_revisions_merge_and_the_manifest_names_both(self):
        for path, revision in ((self.a, 4), (self.b, 9)):
            with open(os.path.join(path, "manifest.json")) as f:
                manifest = json.load(f)
            manifest["generator"] = revision
            with open(os.path.join(path, "manifest.json"), "w") as f:
                json.dump(manifest, f)
        out = os.path.join(self.root, "merged")
        self.assertEqual(merge(out, [self.a, self.b])["generator"], [4, 9])
        self.assertEqual(merge(out, [self.a, self.a])["generator"], 4)

    def test_a_set_of_another_split_is_refused(self):
        with open(os.path.join(self.b, "manifest.json")) as f:
            manifest = json.load(f)
        manifest["split"] = "dev"
        with open(os.path.join(self.b, "manifest.json"), "w") as f:
            json.dump(manifest, f)
        with self.assertRaisesRegex(ValueError, "split"):
            merge(os.path.join(self.root, "merged"), [self.a, self.b])

    def test_merging_again_into_the_same_folder_points_every_link_at_the_new_sources(self):
        out = os.path.join(self.root, "merged")
        merge(out, [self.a, self.b])
        merge(out, [self.b, self.a])
        self.assertEqual(ShardSet(out).frames, ShardSet(self.a).frames + ShardSet(self.b).frames)
        first = ShardSet(out).shards[0]
        np.testing.assert_array_equal(first.records, ShardSet(self.b).shards[0].records)


if __name__ == "__main__":
    unittest.main()
