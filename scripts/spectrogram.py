#!/usr/bin/env python3
"""Before/after spectrogram picture for the README (issue 7).

    /usr/bin/python3 scripts/spectrogram.py NOISY.wav DENOISED.wav OUT.png [--title TEXT]

Reads 16/24/32-bit PCM or 32-bit float mono/stereo WAVs (first channel), draws two log-power
spectrograms (0-24 kHz, 20 ms Hann windows) one above the other with the same colour scale.
"""
import argparse
import struct
import wave

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def read_wav(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SystemExit(f"{path}: not a RIFF/WAVE file")
    pos, fmt, audio = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            tag, ch, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE:
                tag = struct.unpack("<H", body[24:26])[0]
            fmt = (tag, ch, rate, bits)
        elif cid == b"data":
            audio = body
        pos += 8 + size + (size & 1)
    tag, ch, rate, bits = fmt
    if tag == 3 and bits == 32:
        x = np.frombuffer(audio, dtype="<f4")
    elif tag == 1 and bits == 16:
        x = np.frombuffer(audio, dtype="<i2") / 32768.0
    elif tag == 1 and bits == 32:
        x = np.frombuffer(audio, dtype="<i4") / 2147483648.0
    elif tag == 1 and bits == 24:
        b = np.frombuffer(audio, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        x = ((b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8) / 8388608.0
    else:
        raise SystemExit(f"{path}: unsupported WAV encoding (tag {tag}, {bits} bits)")
    return x.reshape(-1, ch)[:, 0].astype(np.float64), rate


def spectrogram_db(x, rate):
    n = int(0.02 * rate)
    hop = n // 2
    w = np.hanning(n)
    frames = [x[i:i + n] * w for i in range(0, len(x) - n, hop)]
    spec = np.abs(np.fft.rfft(np.array(frames), axis=1)) ** 2
    return 10 * np.log10(spec.T + 1e-12), hop / rate


def main():
    p = argparse.ArgumentParser()
    p.add_argument("noisy")
    p.add_argument("denoised")
    p.add_argument("out")
    p.add_argument("--title", default="")
    a = p.parse_args()
    fig, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    specs = [(read_wav(a.noisy), "noisy input"), (read_wav(a.denoised), "PercepNet.Plugin output")]
    top = max(spectrogram_db(x, r)[0].max() for (x, r), _ in specs)
    for ax, ((x, rate), label) in zip(axes, specs):
        s, step = spectrogram_db(x, rate)
        ax.imshow(s, origin="lower", aspect="auto", cmap="magma", vmin=top - 90, vmax=top,
                  extent=[0, s.shape[1] * step, 0, rate / 2000])
        ax.set_ylabel("kHz")
        ax.set_title(label, loc="left", fontsize=10)
    axes[-1].set_xlabel("seconds")
    if a.title:
        fig.suptitle(a.title, fontsize=11)
    fig.tight_layout()
    fig.savefig(a.out, dpi=80)


if __name__ == "__main__":
    main()
