#!/usr/bin/env python3
"""Renders procedurally written MIDI with fluidsynth and the General MIDI SoundFont into a noise data root.

Issue 18: music was passed as voice because the only music the model had heard was three recordings. This makes
instrument noise in any amount: melodies, chords, drum patterns and small ensembles on random General MIDI
programs, at random tempi, keys and registers. The programs that are sampled or synthesised voices are left out
(53 Choir Aahs, 54 Voice Oohs, 55 Synth Voice, 86 Lead 6 (voice), 92 Pad 4 (choir), 122 Breath Noise; GM numbers
from 1), so no target-like voice is ever labelled noise.

  render_instruments.py --out ~/.cache/percepnet/instruments [--clips 240] [--seconds 20] [--seed 1]

Needs Debian's `fluidsynth` and `fluid-soundfont-gm` (FluidR3_GM, MIT licence: /usr/share/doc/fluid-soundfont-gm/
copyright). Writes 48 kHz WAVs and a MANIFEST.tsv (shared/data's columns + band_edge_hz), groups `instrument_*`,
split train, for `percepnet dataset --extra`.
"""
import argparse
import os
import random
import struct
import subprocess
import sys
import wave

from data_root import write_manifest

SOUNDFONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2'
VOICE_PROGRAMS = {52, 53, 54, 85, 91, 121}  # 0-based GM programs that are voices (see above)
PROGRAMS = [p for p in range(128) if p not in VOICE_PROGRAMS]
LICENCE = 'MIT (FluidR3_GM SoundFont, Frank Wen; rendered by training/sources/render_instruments.py)'
SCALES = [[0, 2, 4, 5, 7, 9, 11], [0, 2, 3, 5, 7, 8, 10], [0, 2, 4, 7, 9], [0, 3, 5, 7, 10], [0, 2, 3, 5, 7, 9, 10]]
TICKS = 480  # per quarter note


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def smf(events, bpm):
    """A type-0 Standard MIDI File from (tick, bytes) events."""
    track = bytearray(vlq(0) + b'\xff\x51\x03' + struct.pack('>I', int(60_000_000 / bpm))[1:])
    last = 0
    for tick, data in sorted(events, key=lambda e: (e[0], e[1][0] & 0xF0 != 0x80)):
        track += vlq(tick - last) + data
        last = tick
    track += vlq(0) + b'\xff\x2f\x00'
    return b'MThd' + struct.pack('>IHHH', 6, 0, 1, TICKS) + b'MTrk' + struct.pack('>I', len(track)) + bytes(track)


def note(events, ch, start, length, pitch, vel):
    events.append((start, bytes([0x90 | ch, pitch, vel])))
    events.append((start + max(1, length), bytes([0x80 | ch, pitch, 0])))


def melody(rng, events, ch, total, root, scale):
    events.append((0, bytes([0xC0 | ch, rng.choice(PROGRAMS)])))
    t, degree = 0, rng.randrange(len(scale))
    octave = rng.choice([-2, -1, 0, 1])
    while t < total:
        length = rng.choice([TICKS // 4, TICKS // 2, TICKS, TICKS * 2, TICKS * 3 // 2])
        degree = max(0, min(2 * len(scale) - 1, degree + rng.choice([-2, -1, -1, 0, 1, 1, 2, 3])))
        pitch = root + 12 * (octave + degree // len(scale)) + scale[degree % len(scale)]
        if rng.random() > 0.15:  # rests
            note(events, ch, t, int(length * rng.uniform(0.6, 1.0)), max(24, min(100, pitch)), rng.randint(50, 120))
        t += length


def chords(rng, events, ch, total, root, scale):
    events.append((0, bytes([0xC0 | ch, rng.choice(PROGRAMS)])))
    t = 0
    while t < total:
        length = TICKS * rng.choice([2, 4, 4, 8])
        base = rng.randrange(len(scale))
        for k in (0, 2, 4) + ((6,) if rng.random() < 0.3 else ()):
            d = base + k
            note(events, ch, t, length - 10, root - 12 + 12 * (d // len(scale)) + scale[d % len(scale)], rng.randint(40, 100))
        t += length


def drums(rng, events, total):
    kit = rng.sample([35, 36, 38, 40, 42, 44, 46, 49, 51, 39, 45, 48, 50, 54, 56, 60, 61, 62, 63, 64, 69, 70, 75, 76, 77], 5)
    pattern = [[rng.random() < p for _ in range(16)] for p in (0.35, 0.3, 0.6, 0.2, 0.15)]
    for t in range(0, total, TICKS // 4):
        step = (t // (TICKS // 4)) % 16
        for k, drum in enumerate(kit):
            if pattern[k][step]:
                note(events, 9, t, TICKS // 8, drum, rng.randint(60, 127))


def clip(rng, seconds):
    bpm = rng.uniform(60, 180)
    total = int(seconds * bpm / 60 * TICKS)
    root, scale = rng.randint(48, 67), rng.choice(SCALES)
    style = rng.choice(['melody', 'melody', 'chords', 'drums', 'ensemble', 'ensemble'])
    events = []
    if style in ('melody', 'ensemble'):
        melody(rng, events, 0, total, root, scale)
    if style in ('chords', 'ensemble'):
        chords(rng, events, 1, total, root, scale)
    if style == 'ensemble' and rng.random() < 0.5:
        melody(rng, events, 2, total, root - 12, scale)
    if style in ('drums',) or (style == 'ensemble' and rng.random() < 0.6):
        drums(rng, events, total)
    programs = sorted({e[1][1] for e in events if e[1][0] & 0xF0 == 0xC0})
    return style, programs, smf(events, bpm)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--clips', type=int, default=240)
    ap.add_argument('--seconds', type=float, default=20)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()
    if not os.path.exists(SOUNDFONT):
        sys.exit(f'error: {SOUNDFONT} missing (apt-get install fluidsynth fluid-soundfont-gm)')
    rng = random.Random(args.seed)
    rows = []
    os.makedirs(os.path.join(args.out, 'noise', 'instruments'), exist_ok=True)
    for i in range(args.clips):
        style, programs, data = clip(rng, args.seconds)
        rel = f'noise/instruments/{style}_{args.seed}_{i:04d}.wav'
        dst = os.path.join(args.out, rel)
        if not os.path.exists(dst):
            mid = dst[:-4] + '.mid'
            with open(mid, 'wb') as f:
                f.write(data)
            subprocess.run(['fluidsynth', '-ni', '-q', '-g', '0.5', '-r', '48000', '-F', dst + '.tmp.wav', SOUNDFONT, mid],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.replace(dst + '.tmp.wav', dst)
            os.remove(mid)
        with wave.open(dst) as w:
            seconds = w.getnframes() / w.getframerate()
        rows.append([rel, 'noise', 48000, f'{seconds:.3f}', 'fluidsynth+FluidR3_GM',
                     'programs ' + ','.join(str(p + 1) for p in programs) if programs else 'drum kit',
                     LICENCE, 'train', f'instrument_{style}', 20000])
    write_manifest(args.out, rows)

if __name__ == '__main__':
    main()
