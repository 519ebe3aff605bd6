"""training/sources: the instrument renderer's MIDI and the extra roots' manifest (issue 18)."""
import os
import random
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'training', 'sources'))
import data_root  # noqa: E402
import prepare_speech  # noqa: E402
import render_instruments  # noqa: E402

from helpers import temp_dir  # noqa: E402


def parse_smf(data):
    """(division, [(tick, status, data bytes)]) of a type-0 file; raises on any structural error."""
    assert data[:4] == b'MThd'
    length, fmt, ntracks, division = struct.unpack('>IHHH', data[4:14])
    assert (length, fmt, ntracks) == (6, 0, 1)
    assert data[14:18] == b'MTrk'
    (track_len,) = struct.unpack('>I', data[18:22])
    track = data[22:]
    assert len(track) == track_len, 'track length field disagrees with the bytes'
    events, pos, tick = [], 0, 0
    while pos < len(track):
        delta = 0
        while True:
            b = track[pos]; pos += 1
            delta = (delta << 7) | (b & 0x7F)
            if not b & 0x80:
                break
        tick += delta
        status = track[pos]; pos += 1
        if status == 0xFF:
            kind, n = track[pos], track[pos + 1]
            events.append((tick, status, bytes([kind]) + track[pos + 2:pos + 2 + n])); pos += 2 + n
        else:
            n = 1 if status & 0xF0 == 0xC0 else 2
            events.append((tick, status, track[pos:pos + n])); pos += n
    return division, events


class RenderInstrumentsTest(unittest.TestCase):
    def test_clips_are_valid_midi_without_voice_programs_and_every_note_ends(self):
        rng = random.Random(5)
        for _ in range(200):
            style, programs, data = render_instruments.clip(rng, 10)
            division, events = parse_smf(data)
            self.assertEqual(division, render_instruments.TICKS)
            self.assertEqual(events[-1][1:], (0xFF, b'\x2f'))            # end of track
            changes = [e[2][0] for e in events if e[1] & 0xF0 == 0xC0]
            self.assertFalse(set(changes) & render_instruments.VOICE_PROGRAMS, style)
            self.assertEqual(sorted(set(changes)), programs)
            on = {}
            for tick, status, d in events:                                 # note-ons and offs pair up in time
                if status & 0xF0 == 0x90:
                    on[(status & 0x0F, d[0])] = on.get((status & 0x0F, d[0]), 0) + 1
                elif status & 0xF0 == 0x80:
                    on[(status & 0x0F, d[0])] -= 1
            self.assertTrue(all(v == 0 for v in on.values()), style)
            self.assertTrue(any(s & 0xF0 == 0x90 for _, s, _ in events), f'{style} has no notes')

    def test_voice_programs_are_the_general_midi_voices(self):
        # GM numbers from 1: 53 Choir Aahs, 54 Voice Oohs, 55 Synth Voice, 86 Lead 6 (voice), 92 Pad 4 (choir), 122 Breath
        self.assertEqual({p + 1 for p in render_instruments.VOICE_PROGRAMS}, {53, 54, 55, 86, 92, 122})


def pool_row(edge=16000, snr=40.0, sig=3.5, bak=4.0, peak=-3.0):
    return {'band_edge_hz': str(edge), 'snr_est_db': str(snr), 'dnsmos_sig': str(sig), 'dnsmos_bak': str(bak),
            'peak_dbfs': str(peak)}


class PoolBarTest(unittest.TestCase):
    def test_wide_takes_narrower_and_noisier_training_clips_and_leaves_dev_clips_as_they_were(self):
        passes = prepare_speech.pool_clip_passes
        clean, narrow, noisier = pool_row(), pool_row(edge=9000), pool_row(snr=32, sig=3.35, bak=3.85)
        self.assertTrue(passes(clean, 'train', False) and passes(clean, 'train', True))
        self.assertEqual((passes(narrow, 'train', False), passes(narrow, 'train', True)), (False, True))
        self.assertEqual((passes(noisier, 'train', False), passes(noisier, 'train', True)), (False, True))
        self.assertFalse(passes(pool_row(snr=25), 'train', True))                  # the looser bar is still a bar
        self.assertFalse(passes(pool_row(edge=6500), 'train', True))
        for wide in (False, True):                                                  # dev: 12 kHz and SIG/BAK only
            self.assertFalse(passes(narrow, 'dev', wide))
            self.assertTrue(passes(pool_row(snr=20, sig=3.25, bak=3.75), 'dev', wide))
            self.assertFalse(passes(pool_row(peak=-0.1), 'train', wide))           # clipped at full scale
            self.assertFalse(passes(dict(pool_row(), dnsmos_sig=''), 'train', wide))  # not scored


class DataRootTest(unittest.TestCase):
    def test_manifest_has_the_shared_columns_plus_band_edge_and_replaces_atomically(self):
        d = temp_dir(self)
        data_root.write_manifest(d, [['a.wav', 'speech', 48000, '1.0', 'r', 'p', 'CC0', 'train', 'g', 15000]])
        data_root.write_manifest(d, [['b.wav', 'noise', 44100, '2.0', 'r', 'p', 'CC0', 'dev', 'h', 20000]])
        with open(os.path.join(d, 'MANIFEST.tsv')) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0].split('\t')[:9], ['file', 'kind', 'sample_rate', 'seconds', 'source_repo',
                                                     'source_path', 'licence', 'split', 'group'])
        self.assertEqual(lines[0].split('\t')[9], 'band_edge_hz')
        self.assertEqual(lines[1:], ['b.wav\tnoise\t44100\t2.0\tr\tp\tCC0\tdev\th\t20000'])
        self.assertEqual(sorted(os.listdir(d)), ['MANIFEST.tsv'])


if __name__ == '__main__':
    unittest.main()
