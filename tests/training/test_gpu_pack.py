"""training/gpu/pack_plan.py: what the 64 MiB GPU pack keeps of the extra roots, and the band edges it writes."""
import os
import subprocess
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'training', 'gpu'))
import pack_plan  # noqa: E402
from data_root import HEADER  # noqa: E402  (pack_plan puts training/sources on the path)

from helpers import temp_dir  # noqa: E402


def make_root(source, pack, name, rows, sizes):
    """A source root's MANIFEST.tsv and its 'transcoded' files (bytes of the given sizes) under PACK/extra/NAME."""
    os.makedirs(source, exist_ok=True)
    pack_plan.write_manifest(source, rows)
    for row, size in zip(rows, sizes):
        path = os.path.join(pack, 'extra', name, row[0])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(b'\0' * size)


def row(path, kind, rate, split, group, edge):
    return [path, kind, str(rate), '3.0', 'repo', 'src', 'CC0', split, group, str(edge)]


class PackBudgetTest(unittest.TestCase):
    def test_roots_share_the_budget_by_bytes_and_every_speaker_comes_before_a_second_clip(self):
        tmp = temp_dir(self)
        pack = os.path.join(tmp, 'pack')
        os.makedirs(os.path.join(pack, 'data'))
        with open(os.path.join(pack, 'data', 'base.ogg'), 'wb') as f:
            f.write(b'\0' * 200_000)        # the base data, already in the pack
        # 40 speakers x 5 clips of ~20 kB at 16 kHz, 6 dev clips at 48 kHz; 24 instrument renders of ~110 kB
        speech = [row(f'speech/s{g:02d}_{k}.flac', 'speech', 16000, 'train', f'spk{g:02d}', 8000)
                  for g in range(40) for k in range(5)]
        dev = [row(f'speech/dev{k}.wav', 'speech', 48000, 'dev', 'callie' if k % 3 else f'cv{k}', 24000)
               for k in range(6)]
        speech_sizes = [18_000 + (i * 7919) % 5_000 for i in range(len(speech))] + [30_000] * len(dev)
        instruments = [row(f'noise/i{k:02d}.wav', 'noise', 48000, 'train', f'instrument_{k % 4}', 20000)
                       for k in range(24)]
        make_root(os.path.join(tmp, 'speech-r12'), pack, 'speech-r12', speech + dev, speech_sizes)
        make_root(os.path.join(tmp, 'instruments'), pack, 'instruments', instruments, [110_000] * 24)
        budget = 200_000 + 2_000_000

        roots = pack_plan.plan_extras(pack, budget, 0, [os.path.join(tmp, 'speech-r12'), os.path.join(tmp, 'instruments')])

        by_name = {os.path.basename(r.folder): r for r in roots}
        sp, ins = by_name['speech-r12'], by_name['instruments']
        self.assertLessEqual(pack_plan.folder_bytes(pack), budget)           # manifests included
        self.assertGreater(pack_plan.folder_bytes(pack), budget - 110_000)
        # dev whole; then about a megabyte each: the old file-by-file interleave kept ~12 speech clips here
        self.assertEqual(sum(r[7] == 'dev' for r in sp.kept), 6)
        self.assertLess(abs(sp.kept_bytes - ins.kept_bytes), 110_000 + 30_000 * 6)
        self.assertGreater(len(sp.kept), 40)
        counts = [sum(r[8] == f'spk{g:02d}' for r in sp.kept) for g in range(40)]
        self.assertLessEqual(max(counts) - min(counts), 1, counts)
        self.assertEqual(len({r[8] for r in ins.kept}), 4)
        # only kept files remain, and each manifest lists exactly them
        for root in roots:
            on_disk = sorted(os.path.relpath(os.path.join(p, f), root.folder)
                             for p, _, fs in os.walk(root.folder) for f in fs if f != 'MANIFEST.tsv')
            header, rows = pack_plan.read_manifest(os.path.join(root.folder, 'MANIFEST.tsv'))
            self.assertEqual(sorted(r[0] for r in rows), on_disk)
            self.assertEqual(sorted(r[0] for r in root.kept), on_disk)
            self.assertEqual(header, HEADER)

    def test_dev_clips_are_capped_round_robin_over_their_speakers(self):
        tmp = temp_dir(self)
        pack = os.path.join(tmp, 'pack')
        dev = [row(f'speech/dev{k}.wav', 'speech', 48000, 'dev', 'callie' if k % 3 else f'cv{k}', 24000)
               for k in range(9)]
        make_root(os.path.join(tmp, 'r'), pack, 'r', dev, [1_000] * 9)
        roots = pack_plan.plan_extras(pack, 10**6, 0, [os.path.join(tmp, 'r')], dev_clips=4)
        kept = roots[0].kept
        self.assertEqual(len(kept), 4)
        self.assertEqual(len({r[8] for r in kept}), 4)      # cv0, cv3, cv6 and callie before callie's second
        self.assertEqual(sorted(os.listdir(os.path.join(pack, 'extra', 'r', 'speech'))),
                         sorted(os.path.basename(r[0]) for r in kept))

    def test_a_budget_with_no_room_keeps_nothing_and_deletes_every_file(self):
        tmp = temp_dir(self)
        pack = os.path.join(tmp, 'pack')
        make_root(os.path.join(tmp, 'r'), pack, 'r', [row('a.wav', 'speech', 48000, 'train', 'g', 24000)], [5_000])
        roots = pack_plan.plan_extras(pack, 1_000, 0, [os.path.join(tmp, 'r')])
        self.assertEqual(roots[0].kept, [])
        self.assertFalse(os.path.exists(os.path.join(pack, 'extra', 'r', 'a.wav')))


class VorbisBandEdgeTest(unittest.TestCase):
    def test_the_measured_edge_is_where_the_encoder_cuts_a_different_signal(self):
        edge = pack_plan.vorbis_lowpass_hz(48000, 0)
        self.assertLess(edge, 20000)
        self.assertLess(edge, pack_plan.vorbis_lowpass_hz(48000, 4))
        tmp = temp_dir(self)
        ogg, raw = os.path.join(tmp, 'p.ogg'), os.path.join(tmp, 'p.f32')
        subprocess.run(['sox', '-V1', '-n', '-r', '48000', '-c', '1', '-t', 'ogg', '-C', '0', ogg,
                        'synth', '3', 'pinknoise', 'vol', '0.5'], check=True)
        subprocess.run(['sox', '-V1', ogg, '-t', 'raw', '-e', 'floating-point', '-b', '32', raw], check=True)
        x = np.fromfile(raw, np.float32)
        frames = x[: len(x) // 4096 * 4096].reshape(-1, 4096) * np.hanning(4096)
        power = (np.abs(np.fft.rfft(frames, axis=1)) ** 2).mean(axis=0)
        freqs = np.arange(len(power)) * 48000 / 4096
        below = power[(freqs > edge - 1500) & (freqs < edge - 500)].mean()
        above = power[(freqs > edge + 500) & (freqs < edge + 1500)].mean()
        self.assertGreater(10 * np.log10(below / above), 20)

    def test_rows_get_the_lower_of_their_own_edge_and_the_encoders(self):
        narrow16 = row('a.flac', 'speech', 16000, 'train', 'g', 8000)
        narrow48 = row('b.flac', 'speech', 48000, 'train', 'g', 7500)
        header, rows = pack_plan.with_band_edges(HEADER, [narrow16, narrow48], 0, lambda r: True)
        self.assertEqual(float(rows[0][9]), pack_plan.vorbis_lowpass_hz(16000, 0))
        self.assertLess(float(rows[0][9]), 8000)
        self.assertEqual(float(rows[1][9]), 7500)
        # shared/data's nine columns gain the tenth; rows that were not transcoded keep no edge
        base = [r[:9] for r in (narrow48, row('rir/x.wav', 'rir', 48000, 'train', 'g', 0))]
        header, rows = pack_plan.with_band_edges(HEADER[:9], base, 4, lambda r: r[1] != 'rir')
        self.assertEqual(header, HEADER)
        self.assertEqual(float(rows[0][9]), pack_plan.vorbis_lowpass_hz(48000, 4))
        self.assertEqual(rows[1][9], '')


if __name__ == '__main__':
    unittest.main()
