"""What the GPU pack keeps of the extra roots, and the band each transcoded file really has (issue 18).

The device carries 64 MiB (training/gpu/README.md). Two rules decide what fits:

* The extra roots share the budget by bytes, not file by file: the root that has kept the fewest bytes takes its
  next file. (File by file, 240 instrument renders of ~110 kB took the budget from 8,282 speech clips of ~20 kB.)
  Within a root the dev rows come first, at most DEV_CLIPS of them (the GPU run mixes its 0.5 h dev set from
  them, for best.pt only; the split at home judges the model: uncapped, 537 dev clips of one prompt speaker took
  6.5 MB and left 123 training clips), then one clip per group (speaker, or instrument family) before any group
  gets a second, so a cut keeps as many speakers as it can. A row's manifest line counts against the budget too.
* Ogg Vorbis low-passes by quality and sample rate (q0 at 48 kHz: 15.8 kHz; at 16 kHz: 7.5 kHz; q4 at 48 kHz:
  19.5 kHz). The mixer low-passes each mixture at the clip's band edge and labels only the bands below it
  (MixtureGenerator, MixtureLabeler), so the pack's manifests carry band_edge_hz = min(the clip's own edge, the
  encoder's low-pass), measured here by encoding white noise; otherwise the targets would lack a band that the
  noise still fills, and the model would learn to remove speech there.

  pack_plan.py base-edges PACK_DATA QUALITY            shared/data's MANIFEST.tsv in the pack: adds/lowers band_edge_hz
  pack_plan.py extras PACK BUDGET_MIB QUALITY DEV_CLIPS ROOT...
                              keeps PACK/extra/NAME/ files within the budget, deletes the rest, writes each
                              root's MANIFEST.tsv (kept rows, lowered edges)
"""
import os
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, field

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'sources'))
from data_root import HEADER, write_manifest  # noqa: E402  (the extra roots' manifest: columns, atomic write)

EDGE_COLUMN = HEADER[-1]
_lowpass_cache: dict[tuple[int, float], float] = {}


def vorbis_lowpass_hz(rate: int, quality: float) -> float:
    """Highest frequency (50 Hz steps) at which sox's Vorbis encoder keeps white noise within 10 dB of its level
    at 1-4 kHz, for this sample rate and quality."""
    key = (rate, quality)
    if key not in _lowpass_cache:
        with tempfile.TemporaryDirectory() as tmp:
            ogg, raw = os.path.join(tmp, 'n.ogg'), os.path.join(tmp, 'n.f32')
            subprocess.run(['sox', '-V1', '-n', '-r', str(rate), '-c', '1', '-t', 'ogg', '-C', f'{quality:g}', ogg,
                            'synth', '4', 'whitenoise', 'vol', '0.3'], check=True)
            subprocess.run(['sox', '-V1', ogg, '-t', 'raw', '-e', 'floating-point', '-b', '32', raw], check=True)
            x = np.fromfile(raw, np.float32)
        n = 2048
        frames = x[: len(x) // n * n].reshape(-1, n) * np.hanning(n)
        power = (np.abs(np.fft.rfft(frames, axis=1)) ** 2).mean(axis=0)
        freqs = np.arange(len(power)) * rate / n
        level = power[(freqs > 1000) & (freqs < 4000)].mean()
        top = freqs[np.nonzero(power > 0.1 * level)[0].max()]
        _lowpass_cache[key] = float(min(rate / 2, np.floor(top / 50) * 50))
    return _lowpass_cache[key]


def with_band_edges(header: list[str], rows: list[list[str]], quality: float, transcoded) -> tuple[list[str], list[list[str]]]:
    """The rows with band_edge_hz (tenth column, as DataManifest reads it) lowered to the encoder's low-pass for
    each row that transcoded(row) says was transcoded; other rows keep theirs (blank when they had none)."""
    if EDGE_COLUMN not in header:
        header = header + [EDGE_COLUMN]
    col = header.index(EDGE_COLUMN)
    out = []
    for row in rows:
        row = row + [''] * (len(header) - len(row))
        if transcoded(row):
            edge = vorbis_lowpass_hz(int(row[2]), quality)
            try:
                own = float(row[col])
                if own > 0:
                    edge = min(edge, own)
            except ValueError:
                pass
            row[col] = f'{edge:g}'
        out.append(row)
    return header, out


@dataclass
class Root:
    """One extra root in the pack: its manifest header, candidate rows in keeping order, and what it kept."""
    folder: str
    header: list[str]
    candidates: list[list[str]]
    present: int = 0
    kept: list[list[str]] = field(default_factory=list)
    kept_bytes: int = 0

    def path(self, row: list[str]) -> str:
        return os.path.join(self.folder, row[0])


def round_robin(rows: list[list[str]]) -> list[list[str]]:
    """Every group's (column 9) first clip, then every group's second, and so on; groups and the clips inside a
    group in the order of a stable hash of their names."""
    def crc(s: str) -> int:
        return zlib.crc32(s.encode())
    groups: dict[str, list[list[str]]] = {}
    for r in sorted(rows, key=lambda r: crc(r[0])):
        groups.setdefault(r[8], []).append(r)
    ranked = [(rank, crc(g), r) for g, members in groups.items() for rank, r in enumerate(members)]
    return [r for _, _, r in sorted(ranked, key=lambda t: (t[0], t[1]))]


def keeping_order(rows: list[list[str]], dev_clips: int | None = None) -> list[list[str]]:
    """The dev rows (at most dev_clips of them), then the others, each part round-robin over its groups."""
    dev = round_robin([r for r in rows if r[7] == 'dev'])
    return dev[:dev_clips] + round_robin([r for r in rows if r[7] != 'dev'])


def share_budget(roots: list[Root], used: int, budget: int, size=os.path.getsize) -> int:
    """Keep files within budget bytes (used already taken; a file costs its bytes and its manifest line): every
    root's dev candidates first, then the root with the fewest kept bytes takes its next candidate; one that does
    not fit is passed over. Returns bytes used."""
    def cost(root: Root, row: list[str]) -> int:
        return size(root.path(row)) + len('\t'.join(row)) + 1
    queues = []
    for root in roots:
        used += len('\t'.join(root.header)) + 1
        dev = [r for r in root.candidates if r[7] == 'dev']
        for row in dev:
            n = cost(root, row)
            if used + n <= budget:
                used += n; root.kept.append(row); root.kept_bytes += n
        queues.append([r for r in root.candidates if r[7] != 'dev'][::-1])
    while True:
        open_roots = [i for i, q in enumerate(queues) if q]
        if not open_roots:
            return used
        i = min(open_roots, key=lambda k: roots[k].kept_bytes)
        row = queues[i].pop()
        n = cost(roots[i], row)
        if used + n <= budget:
            used += n; roots[i].kept.append(row); roots[i].kept_bytes += n


def read_manifest(path: str) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding='utf-8') as f:
        lines = [line.rstrip('\n').split('\t') for line in f if line.strip()]
    return lines[0], lines[1:]


def folder_bytes(folder: str) -> int:
    return sum(os.path.getsize(os.path.join(p, f)) for p, _, fs in os.walk(folder) for f in fs)


def plan_extras(pack: str, budget_bytes: int, quality: float, sources: list[str],
                dev_clips: int | None = None) -> list[Root]:
    """Keep what fits of PACK/extra/NAME/ (NAME = basename of each source root, whose MANIFEST.tsv lists the
    rows), delete the rest, and write each pack root's MANIFEST.tsv: kept rows only, band edges lowered."""
    extra = os.path.join(pack, 'extra')
    used = folder_bytes(pack) - (folder_bytes(extra) if os.path.isdir(extra) else 0)
    roots = []
    for source in sources:
        folder = os.path.join(extra, os.path.basename(os.path.normpath(source)))
        if not os.path.isdir(folder):
            continue
        header, rows = read_manifest(os.path.join(source, 'MANIFEST.tsv'))
        present = [r for r in rows if os.path.exists(os.path.join(folder, r[0]))]
        roots.append(Root(folder, header, keeping_order(present, dev_clips), present=len(present)))
    share_budget(roots, used, budget_bytes)
    for root in roots:
        kept = {r[0] for r in root.kept}
        for p, _, files in os.walk(root.folder):
            for f in files:
                if os.path.relpath(os.path.join(p, f), root.folder) not in kept:
                    os.remove(os.path.join(p, f))
        header, rows = with_band_edges(root.header, root.kept, quality, lambda r: True)
        write_manifest(root.folder, rows, header)
    return roots


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == 'base-edges':
        pack_data, quality = argv[1], float(argv[2])
        header, rows = read_manifest(os.path.join(pack_data, 'MANIFEST.tsv'))
        # shared/data's speech and noise that make_pack.sh transcoded (the others, rooms included, are not there)
        header, rows = with_band_edges(header, rows, quality,
                                       lambda r: r[1] in ('speech', 'noise') and os.path.exists(os.path.join(pack_data, r[0])))
        write_manifest(pack_data, rows, header)
    elif len(argv) >= 5 and argv[0] == 'extras':
        pack, budget, quality, dev_clips = argv[1], int(argv[2]) * 2**20, float(argv[3]), int(argv[4])
        for root in plan_extras(pack, budget, quality, argv[5:], dev_clips):
            groups = {r[8] for r in root.kept}
            seconds = sum(float(r[3]) for r in root.kept)
            dev = sum(r[7] == 'dev' for r in root.kept)
            print(f'{root.folder}: kept {len(root.kept)} of {root.present} files ({dev} dev; {len(groups)} groups, '
                  f'{seconds / 3600:.2f} h, {root.kept_bytes / 2**20:.1f} MiB)', file=sys.stderr)
        print(f'pack: {folder_bytes(pack) / 2**20:.1f} MiB of {budget / 2**20:.0f}', file=sys.stderr)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
