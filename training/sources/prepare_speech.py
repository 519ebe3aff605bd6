#!/usr/bin/env python3
"""Extracts the extra speech sources of shared/data/EXTERNAL.md into a data root outside the repository.

The root has the layout and MANIFEST.tsv columns of shared/data (plus `band_edge_hz`), so `percepnet dataset
--extra ROOT` mixes it beside shared/data. Audio is copied byte for byte from the repository snapshots (the
`fetch` tool's mirrors, read with `git show`); the CLI decodes MP3 and WAV itself.

  prepare_speech.py --data ../shared/data --mirrors /work/.mirror --out ~/.cache/percepnet/external

Sources (licences as EXTERNAL.md states them):
- Common Voice 6.1 random sample (CC0): clips with a band edge >= 12 kHz (narrower clips would mask a whole
  mixture's top bands) and no peak above -0.2 dBFS, skipping the 519 clips shared/data already took from this pool.
  Training clips pass the shared clips' own bar (DNSMOS SIG >= 3.4, BAK >= 3.9, SNR estimate >= 35 dB) and are
  trimmed as those were (30 ms frames within 35 dB of the loudest, runs of >= 80 ms, 0.15 s kept around, >= 2 s
  left), then stored as 16-bit FLAC: the untrimmed clips under a looser bar (SIG >= 3.2, BAK >= 3.7) were noisy
  targets that made every fine-tune worse on held-out noise (docs/generalization.md). Clips of the shared dev
  split's speakers go to the dev split as before (the looser bar, the MP3 bytes), so the generalization dev set
  stays the one measured on 2026-12-06; no dev speaker is ever trained on.
- Callie (FreeSWITCH prompts, CC BY 3.0 / MPL 1.1): one studio speaker, US English, phrases only (not the
  single words). Dev split: an unseen, English, studio speaker for the generalization dev set.
- Malayalam story reading (smc/msc, CC BY-SA 4.0): one speaker, fullband 44.1 kHz. Train split: the only
  permissive speech with content above 16.7 kHz.
- Narrowband speech (`--narrowband`, mixer revision 8), train split only, trimmed like the pool and kept when the
  SNR estimate is >= 35 dB, the band edge >= 7 kHz and no peak reaches -0.2 dBFS: speechocean762 (16 kHz, 250
  speakers, about 40 % children; "free for commercial and non-commercial use", Apache-2.0 on the authors' other
  mirror), LibriSpeech excerpts of Resemblyzer (16 kHz, CC BY 4.0) and Common Voice Persian (32 kHz MP3 with an
  11 kHz band, CC0). The mixer draws them in mixtures of their own and masks the loss above each clip's band edge,
  so they teach every band below 7-11 kHz without starving the top bands (docs/generalization.md).
- Wider speech (`--wide`, the speech of the from-scratch runs after 2026-12-07): about 1 h of fullband speech from
  fewer than a thousand speakers is all the top bands ever heard (scratch12 on it against scratch13 without it: level
  on the fair dev set at epoch 18, docs/generalization.md, "The network underfits below 0 dB; wider speech; the output
  layer"). With `--wide` the pool's training clips pass a looser bar (SIG >= 3.3, BAK >= 3.8, SNR estimate >= 30 dB,
  still trimmed) and keep band edges down to 7 kHz (the mixer draws those as narrowband speech, masked above the edge),
  and the narrowband sources keep clips from an SNR estimate of 30 dB. Dev clips are chosen exactly as without it.
"""
import argparse
import csv
import os
import subprocess
import sys

import numpy as np

from data_root import write_manifest

CV_REPO = 'omnilingo/rsample-100-cv-corpus-6.1-2020-12-11'
CALLIE_REPO = 'levietcuong2602/freeswitch-test'
MSC_REPO = 'smc/msc'
CALLIE_PHRASES = ('ivr', 'voicemail', 'conference', 'misc', 'directory')


def git_dir(mirrors, repo):
    d = os.path.join(mirrors, repo.replace('/', '+'), 'repo')
    if not os.path.isdir(d):
        sys.exit(f'error: no snapshot of {repo} at {d} (fetch github:{repo} first)')
    return d


def git_show(gd, path):
    return subprocess.run(['git', '--git-dir', gd, 'show', f'HEAD:{path}'], check=True, capture_output=True).stdout


def git_tsv(gd, path):
    """The rows of a tab-separated table in a snapshot (Common Voice's validated.tsv and its kin)."""
    return list(csv.DictReader(git_show(gd, path).decode('utf-8').splitlines(), delimiter='\t', quoting=csv.QUOTE_NONE))


def read_tsv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))


def write_file(out, rel, data):
    dst = os.path.join(out, rel)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if not os.path.exists(dst):
        with open(dst + '.tmp', 'wb') as f:
            f.write(data)
        os.replace(dst + '.tmp', dst)


def trimmed(data, rate, kind='mp3'):
    """The clip decoded (sox), cut to its speech as the shared clips were, or None when under 2 s remain."""
    raw = subprocess.run(['sox', '-V1', '-t', kind, '-', '-t', 'raw', '-e', 'floating-point', '-b', '32', '-c', '1',
                          '-r', str(rate), '-'], input=data, check=True, capture_output=True).stdout
    x = np.frombuffer(raw, dtype=np.float32)
    frame = int(0.03 * rate)
    n = len(x) // frame
    if n < 3:
        return None
    energy = (x[:n * frame].reshape(n, frame).astype(np.float64) ** 2).sum(axis=1)
    active = energy >= energy.max() * 10 ** (-35 / 10)
    run_frames = int(np.ceil(0.08 / 0.03))
    runs = [i for i in range(n - run_frames + 1) if active[i:i + run_frames].all()]
    if not runs:
        return None
    pad = int(0.15 * rate)
    start = max(0, runs[0] * frame - pad)
    end = min(len(x), (runs[-1] + run_frames) * frame + pad)
    return x[start:end] if end - start >= 2 * rate else None


def write_flac(out, rel, x, rate):
    dst = os.path.join(out, rel)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if not os.path.exists(dst):
        subprocess.run(['sox', '-V1', '-t', 'raw', '-e', 'floating-point', '-b', '32', '-c', '1', '-r', str(rate), '-',
                        '-b', '16', '-D', dst + '.tmp.flac'], input=x.astype(np.float32).tobytes(), check=True)
        os.replace(dst + '.tmp.flac', dst)


def pool_clip_passes(r, split, wide):
    """Whether a row of cv61_pool_scores.tsv joins the root: dev clips under the looser bar with a 12 kHz band edge
    (the generalization dev set of 2026-12-06); training clips under the shared clips' bar with a 12 kHz edge, or
    with `--wide` a looser bar and a 7 kHz edge; never a clip that peaks at full scale."""
    try:
        sig, bak, snr = float(r['dnsmos_sig']), float(r['dnsmos_bak']), float(r['snr_est_db'])
        edge, peak = float(r['band_edge_hz']), float(r['peak_dbfs'])
    except ValueError:
        return False
    if split == 'dev':
        ok = edge >= 12000 and sig >= 3.2 and bak >= 3.7
    elif wide:
        ok = edge >= 7000 and sig >= 3.3 and bak >= 3.8 and snr >= 30
    else:
        ok = edge >= 12000 and sig >= 3.4 and bak >= 3.9 and snr >= 35
    return ok and peak < -0.2


def common_voice(args, rows):
    gd = git_dir(args.mirrors, CV_REPO)
    shared = read_tsv(os.path.join(args.data, 'MANIFEST.tsv'))
    have = {os.path.splitext(os.path.basename(r['file']))[0] for r in shared if r['file'].startswith('speech/commonvoice/')}
    dev_speakers = {r['group'][3:] for r in shared if r['group'].startswith('cv_') and r['split'] == 'dev'}
    speaker = {}  # clip name -> client_id
    for lang in sorted({p.split('/')[0] for p in (r['path'] for r in read_tsv(os.path.join(args.data, 'external', 'cv61_pool_scores.tsv')))}):
        for r in git_tsv(gd, f'{lang}/validated.tsv'):
            speaker[os.path.splitext(r['path'])[0]] = r['client_id']
    kept = {'train': 0, 'dev': 0}
    for r in read_tsv(os.path.join(args.data, 'external', 'cv61_pool_scores.tsv')):
        name = os.path.splitext(os.path.basename(r['path']))[0]
        if name in have or name not in speaker:
            continue
        client = speaker[name][:12]
        split = 'dev' if client in dev_speakers else 'train'
        if not pool_clip_passes(r, split, args.wide):
            continue
        lang, rate = r['path'].split('/')[0], int(r['rate'])
        if split == 'dev':
            rel, seconds = f"speech/cv61pool/{lang}/{name}.mp3", r['seconds']
            write_file(args.out, rel, git_show(gd, r['path']))
        else:
            x = trimmed(git_show(gd, r['path']), rate)
            if x is None:
                continue
            rel, seconds = f"speech/cv61pool/{lang}/{name}.flac", f'{len(x) / rate:.3f}'
            write_flac(args.out, rel, x, rate)
        rows.append([rel, 'speech', rate, seconds, CV_REPO, r['path'], 'CC0 1.0 (Common Voice 6.1)', split,
                     'cv_' + client, r['band_edge_hz']])
        kept[split] += 1
    print(f"common voice pool: {kept['train']} training clips, {kept['dev']} of dev speakers", file=sys.stderr)


def other(args, rows, source, repo, licence, split, group, pick):
    gd = git_dir(args.mirrors, repo)
    kept = 0
    for r in read_tsv(os.path.join(args.data, 'external', 'other_sources_stats.tsv')):
        if r['source'] != source or not pick(r['path']):
            continue
        rel = f"speech/{source}/{r['path'].replace('/', '_')}"
        write_file(args.out, rel, git_show(gd, r['path']))
        rows.append([rel, 'speech', r['rate'], r['seconds'], repo, r['path'], licence, split, group, r['band_edge_hz']])
        kept += 1
    print(f'{source}: {kept} clips', file=sys.stderr)


SPEECHOCEAN_REPO = 'jimbozhang/speechocean762'
LIBRISPEECH_REPO = 'resemble-ai/Resemblyzer'
PERSIAN_REPO = 'yasaman999/SR'


def persian_speakers(gd):
    speaker = {}
    for table in ('validated.tsv', 'other.tsv'):
        for r in git_tsv(gd, table):
            speaker[r['path']] = r['client_id'][:12]
    return speaker


def narrowband(args, rows):
    """The 16 kHz and 32 kHz speech sources (train split only; see the module's docstring)."""
    sources = {
        'speechocean762': (SPEECHOCEAN_REPO, 'speechocean762 (jimbozhang/speechocean762; free for commercial use, Apache-2.0 upstream)',
                           lambda p: 'so_' + p.split('/')[1]),
        'librispeech_resemblyzer': (LIBRISPEECH_REPO, 'CC BY 4.0 (LibriSpeech SLR12, via resemble-ai/Resemblyzer)',
                                    lambda p: 'ls_' + os.path.basename(p).split('-')[0]),
        'cv_persian': (PERSIAN_REPO, 'CC0 1.0 (Common Voice Persian, via yasaman999/SR)', None),
    }
    stats = read_tsv(os.path.join(args.data, 'external', 'other_sources_stats.tsv'))
    for source, (repo, licence, group_of) in sources.items():
        gd = git_dir(args.mirrors, repo)
        if group_of is None:
            speakers = persian_speakers(gd)
            invalid = {r['path'] for r in git_tsv(gd, 'invalidated.tsv')}
            group_of = lambda p: 'fa_' + speakers[os.path.basename(p)] if os.path.basename(p) in speakers else None
        else:
            invalid = set()
        kept = seconds = 0
        for r in stats:
            if r['source'] != source or os.path.basename(r['path']) in invalid:
                continue
            try:
                ok = float(r['snr_est_db']) >= (30 if args.wide else 35) and float(r['band_edge_hz']) >= 7000 and float(r['peak_dbfs']) < -0.2
            except ValueError:
                ok = False
            group = group_of(r['path']) if ok else None
            if group is None:
                continue
            rate = int(r['rate'])
            rel = f"speech/{source}/{os.path.splitext(r['path'].replace('/', '_'))[0]}.flac"
            if os.path.exists(os.path.join(args.out, rel)):
                length = float(subprocess.run(['soxi', '-D', os.path.join(args.out, rel)], check=True, capture_output=True,
                                              text=True).stdout)
            else:
                x = trimmed(git_show(gd, r['path']), rate, kind=os.path.splitext(r['path'])[1][1:].lower())
                if x is None:
                    continue
                write_flac(args.out, rel, x, rate)
                length = len(x) / rate
            rows.append([rel, 'speech', rate, f'{length:.3f}', repo, r['path'], licence, 'train', group, r['band_edge_hz']])
            kept += 1
            seconds += length
        print(f'{source}: {kept} clips, {seconds / 3600:.2f} h', file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', required=True, help='shared/data (manifest, external/*.tsv)')
    ap.add_argument('--mirrors', required=True, help='folder of repository snapshots (owner+name/repo)')
    ap.add_argument('--out', required=True, help='data root to write (outside the repository)')
    ap.add_argument('--narrowband', action='store_true', help='also the 16/32 kHz speech sources (mixer revision 8)')
    ap.add_argument('--wide', action='store_true', help='a looser bar and 7 kHz band edges for training clips (with --narrowband)')
    args = ap.parse_args()
    if args.wide and not args.narrowband:
        sys.exit('error: --wide draws 7-12 kHz pool clips as narrowband speech; it takes --narrowband')
    # Debian's sox reads MP3 (the Common Voice clips) only with its MP3 format module; without it every clip would
    # fail one by one deep inside the run.
    formats = subprocess.run(['sox', '-h'], capture_output=True, text=True).stdout
    if ' mp3' not in formats.split('AUDIO FILE FORMATS:')[-1].split('\n')[0]:
        sys.exit('error: sox cannot read MP3 (apt-get install libsox-fmt-mp3)')
    # Every snapshot this run reads, checked before minutes of work on the first ones.
    repos = [CV_REPO, CALLIE_REPO, MSC_REPO] + ([SPEECHOCEAN_REPO, LIBRISPEECH_REPO, PERSIAN_REPO] if args.narrowband else [])
    for repo in repos:
        git_dir(args.mirrors, repo)
    rows = []
    common_voice(args, rows)
    other(args, rows, 'callie', CALLIE_REPO, 'CC BY 3.0 (FreeSWITCH Callie prompts; or MPL 1.1)', 'dev', 'callie',
          lambda p: p.split('/')[4] in CALLIE_PHRASES and '/48000/' in p)
    other(args, rows, 'msc_story', MSC_REPO, 'CC BY-SA 4.0 (smc/msc, Malayalam story reading)', 'train', 'msc_story',
          lambda p: p.startswith('story/'))
    if args.narrowband:
        narrowband(args, rows)
    write_manifest(args.out, rows)

if __name__ == '__main__':
    main()
