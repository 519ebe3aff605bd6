import os
import unittest

import numpy as np
import torch

from helpers import make_dataset, random_model, temp_dir, write_descriptions
from percepnet_train.config import config_from_dict
from percepnet_train.family_loss import families, table
from percepnet_train.loss import percepnet_loss
from percepnet_train.shards import FEATURES, GAIN, MASK, STRENGTH, ShardSet

TINY = {"name": "tiny", "conv1_units": 8, "conv2_units": 8, "gru_units": [8], "lookaheads": [0, 1, 2]}


class FamiliesTest(unittest.TestCase):
    def test_descriptions_written_by_the_mixer_give_their_families(self):
        # Three descriptions as `percepnet dataset` wrote them (mixer revision 9).
        self.assertEqual(families(
            "narrowband recording, clips_common_voice_fa_36932838.flac@1.07, WAVE_SPEAKER5547_055470105.flac@1.10, "
            "rir:freesound_colmar_museum_basement_clap.flac, noise:music_solo_trumpet.flac, x1.08, whistle, "
            "snr -2.4 dB, level -9.1 dBFS, floor white -85 dBFS"),
            {"narrowband", "reverberant", "recording", "whistle", "snr < 0 dB"})
        self.assertEqual(families(
            "common_voice_lv_19542238.flac@0.90, story_Vasanavikruthi-11.wav@1.07, noise:melody_1_0219.wav, x1.30, "
            "mod 0.5 Hz ±9 dB, machine 48 Hz, howl x2, snr 29.0 dB, level -13.0 dBFS"),
            {"fullband", "instrument", "machine", "howl", "snr >= 20 dB", "dry"})
        self.assertEqual(families(
            "sounds_en_us_callie_conference_48000_conf-conference_is_full.wav@0.93, "
            "rir:openair_spokane_womans_club.flac, noise-free, level -38.7 dBFS"),
            {"fullband", "reverberant", "noise-free"})

    def test_by_recording_names_each_recorded_noise(self):
        f = families("a.flac@1.00, noise:fs_farm_01.flac, noise:sc_running_tap.flac, snr 5.0 dB", by_recording=True)
        self.assertTrue({"recording fs_farm_01.flac", "recording sc_running_tap.flac", "snr 0-10 dB"} <= f)


class TableTest(unittest.TestCase):
    def setUp(self):
        self.data = make_dataset(os.path.join(temp_dir(self), "set"), seconds=60, seed=4)
        # Every third mixture noise-free, the others a howl at 5 dB.
        self.count = write_descriptions(self.data, lambda k: "x.flac@1.00, noise-free, level -20.0 dBFS" if k % 3 == 0
                                        else "x.flac@1.00, howl, snr 5.0 dB, level -20.0 dBFS")
        self.config = config_from_dict(TINY)
        self.checkpoint = os.path.join(temp_dir(self), "model.pt")
        torch.save({"config": TINY, "model": random_model(self.config).state_dict()}, self.checkpoint)

    def direct_losses(self, model, lookahead):
        """Each mixture's loss, gain-error sum and mask sum straight from the shard records, without the windowing code
        under test."""
        out, errors, masks, sdrs = [], [], [], []
        for shard in ShardSet(self.data).shards:
            for s, e in shard.segment_spans():
                r = torch.from_numpy(shard.records[s:e][None].astype(np.float32))
                valid = torch.ones(1, e - s)
                g, st = model(r[:, :, FEATURES], torch.full((1,), lookahead, dtype=torch.int64), valid)
                value, _, _ = percepnet_loss(g, st, r[:, :, GAIN].clamp(0, 1), r[:, :, STRENGTH].clamp(0, 1),
                                             r[:, :, MASK].clamp(0, 1), self.config.loss)
                out.append(float(value))
                mask = r[:, :, MASK].clamp(0, 1)
                errors.append(float(((g.sqrt() - r[:, :, GAIN].clamp(0, 1).sqrt()) * mask).sum()))
                masks.append(float(mask.sum()))
                target = r[:, :, GAIN].clamp(0, 1).double()
                energy = 10.0 ** r[:, :, FEATURES][..., :34].double() * (mask > 0)
                sdrs.append(10 * np.log10(float((target ** 2 * energy).sum()) / float(((g.double() - target) ** 2 * energy).sum())))
        return np.array(out), np.array(errors), np.array(masks), np.array(sdrs)

    def test_each_family_is_the_mean_of_its_whole_mixtures(self):
        rows = {name: (n, values, bias, sdr) for name, n, values, bias, sdr in table(self.data, [self.checkpoint], lookahead=1)}
        with torch.no_grad():
            direct, errors, masks, sdrs = self.direct_losses(random_model(self.config), 1)
        quiet = [k for k in range(self.count) if k % 3 == 0]
        howl = [k for k in range(self.count) if k % 3]
        self.assertEqual(rows["noise-free"][0], len(quiet))
        self.assertEqual(rows["howl"][0], len(howl))
        self.assertEqual(rows["snr 0-10 dB"][0], len(howl))
        self.assertAlmostEqual(rows["noise-free"][1][0], direct[quiet].mean(), places=5)
        self.assertAlmostEqual(rows["howl"][1][0], direct[howl].mean(), places=5)
        self.assertAlmostEqual(rows["all"][1][0], direct.mean(), places=5)
        # The bias weighs every unmasked band alike, across the family's mixtures.
        self.assertAlmostEqual(rows["howl"][2][0], errors[howl].sum() / masks[howl].sum(), places=5)
        self.assertAlmostEqual(rows["all"][2][0], errors.sum() / masks.sum(), places=5)
        # The band SDR weighs bands by the input's energy, mixture by mixture, then averages the mixtures' dB.
        self.assertTrue(np.isfinite(sdrs).all())
        self.assertAlmostEqual(rows["howl"][3][0], sdrs[howl].mean(), places=3)
        self.assertAlmostEqual(rows["noise-free"][3][0], sdrs[quiet].mean(), places=3)
        self.assertNotAlmostEqual(rows["howl"][3][0], rows["noise-free"][3][0], places=1)

    def test_every_nth_mixture(self):
        rows = {name: n for name, n, _, _, _ in table(self.data, [self.checkpoint], every=2)}
        self.assertEqual(rows["all"], len(range(0, self.count, 2)))


if __name__ == "__main__":
    unittest.main()
