#!/usr/bin/env node
// RNNoise baseline runner, two builds of xiph/rnnoise pinned in package.json:
//   classic  @echogarden/rnnoise-wasm 0.2.0: the classic weights (what this script ran before issue 18)
//   0.2      @shiguredo/rnnoise-wasm 2025.1.5: RNNoise 0.2 with its newer weights, the build users run today
//
//   node rnnoise.mjs [--build classic|0.2] IN_DIR OUT_DIR   every *.wav in IN_DIR -> OUT_DIR (same names)
//   node rnnoise.mjs [--build classic|0.2] IN.wav OUT.wav   one file
//   node rnnoise.mjs [--build classic|0.2] --self-test      measures RNNoise's delay on a generated signal and
//                                                           checks the compensation; exits 1 on failure
// The default build is classic, so older commands give what they gave.
//
// Input: 48 kHz mono WAV, 16/24/32-bit PCM or 32-bit float. Output: 48 kHz mono 32-bit float WAV,
// same length as the input and sample-aligned with it (RNNoise's one-frame delay removed).
// RNNoise takes 480-sample frames of float samples scaled to the int16 range; we scale by 32768
// on the way in and divide by 32768 on the way out. A fresh RNNoise state is made for each file.

import fs from 'node:fs';
import path from 'node:path';
import ClassicRNNoise from '@echogarden/rnnoise-wasm';
import { Rnnoise as Rnnoise02 } from '@shiguredo/rnnoise-wasm';

export const FRAME = 480;        // rnnoise_get_frame_size(), asserted below
export const SAMPLE_RATE = 48000;

// One RNNoise state per file: open() returns { process(frame) -> vad, close() }, where frame is a
// Float32Array of FRAME samples in the int16 range, denoised in place.
async function loadBuild(name) {
  if (name === 'classic') {
    const mod = await ClassicRNNoise();
    if (mod._rnnoise_get_frame_size() !== FRAME) {
      throw new Error(`RNNoise frame size is ${mod._rnnoise_get_frame_size()}, expected ${FRAME}`);
    }
    return {
      open() {
        const st = mod._rnnoise_create(0);
        const bufIn = mod._malloc(FRAME * 4), bufOut = mod._malloc(FRAME * 4);
        return {
          process(frame) {
            mod.HEAPF32.set(frame, bufIn >> 2); // re-read HEAPF32: the view changes if wasm memory grows
            const vad = mod._rnnoise_process_frame(st, bufOut, bufIn);
            frame.set(mod.HEAPF32.subarray(bufOut >> 2, (bufOut >> 2) + FRAME));
            return vad;
          },
          close() { mod._free(bufIn); mod._free(bufOut); mod._rnnoise_destroy(st); },
        };
      },
    };
  }
  if (name === '0.2') {
    // The package is built for browsers and workers only (its loader checks for WorkerGlobalScope); the
    // wasm is embedded in it, so a stand-in for that global is all Node needs.
    globalThis.WorkerGlobalScope ??= class {};
    const rn = await Rnnoise02.load();
    if (rn.frameSize !== FRAME) throw new Error(`RNNoise 0.2 frame size is ${rn.frameSize}, expected ${FRAME}`);
    return {
      open() {
        const st = rn.createDenoiseState();
        return { process: frame => st.processFrame(frame), close: () => st.destroy() };
      },
    };
  }
  throw new Error(`unknown RNNoise build '${name}' (classic or 0.2)`);
}

const buildArg = process.argv.indexOf('--build');
export const BUILD = buildArg > 0 ? process.argv[buildArg + 1] : 'classic';
const build = await loadBuild(BUILD);
// Classic RNNoise analyses a 960-sample window every 480 samples and overlap-adds its output, so output
// frame n carries input frame n-1: a delay of one frame. RNNoise 0.2's network also looks one frame
// ahead (its first convolution), a second frame. Both measured by --self-test.
export const DELAY = BUILD === '0.2' ? 2 * FRAME : FRAME;

// Runs RNNoise over x (Float32Array, full scale +-1). Returns the raw output (length padded up to
// whole frames, delay NOT removed) and the per-frame VAD probabilities.
export function rnnoiseRaw(x) {
  const frames = Math.ceil(x.length / FRAME);
  const out = new Float32Array(frames * FRAME);
  const vad = new Float32Array(frames);
  const frame = new Float32Array(FRAME);
  const st = build.open();
  try {
    for (let f = 0; f < frames; f++) {
      for (let i = 0; i < FRAME; i++) {
        const n = f * FRAME + i;
        frame[i] = n < x.length ? x[n] * 32768 : 0;
      }
      vad[f] = st.process(frame);
      for (let i = 0; i < FRAME; i++) out[f * FRAME + i] = frame[i] / 32768;
    }
  } finally {
    st.close();
  }
  return { out, vad };
}

// Delay-compensated RNNoise: y[n] is the denoised x[n], y.length === x.length.
export function denoise(x) {
  const padded = new Float32Array(x.length + DELAY);
  padded.set(x);
  const { out } = rnnoiseRaw(padded);
  return out.slice(DELAY, DELAY + x.length);
}

// ---------------------------------------------------------------- WAV I/O

export function readWav(file) {
  const b = fs.readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file}: not a RIFF/WAVE file`);
  }
  let fmt = null, data = null;
  for (let p = 12; p + 8 <= b.length;) {
    const id = b.toString('ascii', p, p + 4);
    const size = b.readUInt32LE(p + 4);
    const body = p + 8;
    if (id === 'fmt ') {
      let format = b.readUInt16LE(body);
      if (format === 0xfffe) format = b.readUInt16LE(body + 24); // WAVE_FORMAT_EXTENSIBLE sub-format
      fmt = { format, channels: b.readUInt16LE(body + 2), rate: b.readUInt32LE(body + 4),
              bits: b.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      data = b.subarray(body, Math.min(b.length, body + size));
    }
    p = body + size + (size & 1);
  }
  if (!fmt || !data) throw new Error(`${file}: missing fmt or data chunk`);
  if (fmt.rate !== SAMPLE_RATE) throw new Error(`${file}: ${fmt.rate} Hz, RNNoise needs ${SAMPLE_RATE}`);
  if (fmt.channels !== 1) throw new Error(`${file}: ${fmt.channels} channels, expected mono`);
  const bytes = fmt.bits / 8;
  const n = Math.floor(data.length / bytes);
  const x = new Float32Array(n);
  if (fmt.format === 3 && fmt.bits === 32) {
    for (let i = 0; i < n; i++) x[i] = data.readFloatLE(i * 4);
  } else if (fmt.format === 1 && fmt.bits === 16) {
    for (let i = 0; i < n; i++) x[i] = data.readInt16LE(i * 2) / 32768;
  } else if (fmt.format === 1 && fmt.bits === 24) {
    for (let i = 0; i < n; i++) x[i] = data.readIntLE(i * 3, 3) / 8388608;
  } else if (fmt.format === 1 && fmt.bits === 32) {
    for (let i = 0; i < n; i++) x[i] = data.readInt32LE(i * 4) / 2147483648;
  } else {
    throw new Error(`${file}: unsupported WAV format ${fmt.format} / ${fmt.bits} bit`);
  }
  return x;
}

export function writeWav(file, x) {
  const dataBytes = x.length * 4;
  const b = Buffer.alloc(44 + dataBytes);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(3, 20);               // IEEE float
  b.writeUInt16LE(1, 22);               // mono
  b.writeUInt32LE(SAMPLE_RATE, 24);
  b.writeUInt32LE(SAMPLE_RATE * 4, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(32, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < x.length; i++) b.writeFloatLE(x[i], 44 + i * 4);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, b);
  fs.renameSync(tmp, file);
}

// ---------------------------------------------------------------- self-test

// Delay (in samples, -maxLag..maxLag) of y relative to x: the peak of the cross-correlation
// sum_n x'[n] * y'[n + lag] of the first differences x', y', refined to a fraction of a sample by
// a parabola through the peak and its neighbours. The first difference whitens the low end: RNNoise's
// input high-pass (a biquad near 15 Hz) leads the phase of the fundamental by a few samples, which
// would pull a plain cross-correlation peak of voiced speech about one sample early (479).
export function measureDelay(x, y, maxLag) {
  const d = v => { const o = new Float64Array(v.length); for (let i = 1; i < v.length; i++) o[i] = v[i] - v[i - 1]; return o; };
  const dx = d(x), dy = d(y);
  const xc = lag => {
    let s = 0;
    for (let n = Math.max(0, -lag); n < dx.length && n + lag < dy.length; n++) s += dx[n] * dy[n + lag];
    return s;
  };
  let best = -Infinity, bestL = 0;
  for (let lag = -maxLag; lag <= maxLag; lag++) { const c = xc(lag); if (c > best) { best = c; bestL = lag; } }
  const a = xc(bestL - 1), b = best, c = xc(bestL + 1);
  const den = a - 2 * b + c;
  return { lag: bestL, fractional: bestL + (den !== 0 ? 0.5 * (a - c) / den : 0) };
}

function rng(seed) { // mulberry32, deterministic
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 5 s: 1.5 s of noise alone, then a voiced, speech-like signal (harmonics of a gliding 110-220 Hz
// pitch with a 1/k spectrum up to 8 kHz, 250 ms "syllables" every 400 ms) in the same noise. The
// noise is pink-ish (white noise through a one-pole low-pass) at 10 dB below the speech.
function testSignal() {
  const n = 5 * SAMPLE_RATE, start = 1.5;
  const speech = new Float32Array(n), noise = new Float32Array(n);
  const r = rng(12345);
  let phase = 0, lp = 0;
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    const f0 = 165 + 55 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += 2 * Math.PI * f0 / SAMPLE_RATE;
    const ts = t - start;
    const env = ts >= 0 && (ts % 0.4) < 0.25 ? Math.sin(Math.PI * (ts % 0.4) / 0.25) : 0;
    let v = 0;
    for (let k = 1; k * f0 < 8000; k++) v += Math.sin(k * phase) / k;
    speech[i] = 0.1 * env * v;
    lp = 0.9 * lp + 0.1 * (r() * 2 - 1);
    noise[i] = lp;
  }
  const speechPart = [Math.round(start * SAMPLE_RATE), n];
  const g = Math.sqrt(energy(speech, ...speechPart) / energy(noise, ...speechPart) / Math.pow(10, 10 / 10));
  const noisy = new Float32Array(n);
  for (let i = 0; i < n; i++) { noise[i] *= g; noisy[i] = speech[i] + noise[i]; }
  return { speech, noise, noisy, noiseOnly: [Math.round(0.5 * SAMPLE_RATE), Math.round(start * SAMPLE_RATE)] };
}

function energy(x, a = 0, b = x.length) { let e = 0; for (let i = a; i < b; i++) e += x[i] * x[i]; return e; }

export function selfTest() {
  const fails = [];
  const check = (ok, msg) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${msg}`); if (!ok) fails.push(msg); };
  const { speech, noisy, noiseOnly } = testSignal();

  // 1. Delay of the raw RNNoise output against the clean speech component.
  const raw = rnnoiseRaw(noisy).out;
  const m = measureDelay(speech, raw, 2 * FRAME);
  check(m.lag === DELAY && Math.abs(m.fractional - DELAY) < 0.25,
    `raw RNNoise delay: ${m.lag} samples (sub-sample ${m.fractional.toFixed(3)}), expected ${DELAY}`);

  // 2. After compensation the output lines up with the input at lag 0 and keeps its length.
  const y = denoise(noisy);
  check(y.length === noisy.length, `compensated output length ${y.length} == input length ${noisy.length}`);
  const m0 = measureDelay(speech, y, 2 * FRAME);
  check(m0.lag === 0 && Math.abs(m0.fractional) < 0.25,
    `compensated output delay: ${m0.lag} samples (sub-sample ${m0.fractional.toFixed(3)}), expected 0`);
  // and a file whose length is not a whole number of frames comes back with its length
  const odd = denoise(noisy.subarray(0, 12345));
  check(odd.length === 12345, `odd-length input keeps its length (${odd.length})`);

  // 3. The output is not the input: the noise-only stretch is strongly attenuated and the output
  //    still correlates with the clean speech at lag 0.
  const redDb = 10 * Math.log10(energy(noisy, ...noiseOnly) / (energy(y, ...noiseOnly) + 1e-20));
  check(redDb > 10, `noise-only stretch attenuated by ${redDb.toFixed(1)} dB (> 10 dB)`);
  let diff = 0; for (let i = 0; i < y.length; i++) diff += (y[i] - noisy[i]) ** 2;
  check(diff / energy(noisy) > 0.01, `output differs from input (relative difference energy ${(diff / energy(noisy)).toFixed(3)})`);
  let xy = 0; for (let i = 0; i < y.length; i++) xy += speech[i] * y[i];
  const corr = xy / Math.sqrt(energy(speech) * energy(y));
  // RNNoise 0.2 takes much of this synthetic buzz away as the non-speech it is (0.43; classic 0.97); a
  // frame's misalignment would leave no correlation at lag 0 at all.
  const minCorr = BUILD === '0.2' ? 0.3 : 0.5;
  check(corr > minCorr, `output correlates with the clean speech at lag 0: ${corr.toFixed(3)} (> ${minCorr})`);

  // 4. WAV round trip keeps samples and length.
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'rnnoise-'));
  const tmp = path.join(dir, 't.wav');
  writeWav(tmp, y);
  const back = readWav(tmp);
  fs.rmSync(dir, { recursive: true });
  check(back.length === y.length && back.every((v, i) => v === y[i]), 'float WAV round trip is exact');

  if (fails.length) { console.log(`self-test FAILED (${fails.length}, build ${BUILD})`); return false; }
  console.log(`self-test passed (build ${BUILD})`);
  return true;
}

// ---------------------------------------------------------------- CLI

function processFile(inFile, outFile) {
  const x = readWav(inFile);
  writeWav(outFile, denoise(x));
}

async function main(argv) {
  if (argv[0] === '--build') argv = argv.slice(2);
  if (argv[0] === '--self-test') return selfTest() ? 0 : 1;
  if (argv.length !== 2) {
    console.error('usage: node rnnoise.mjs [--build classic|0.2] IN_DIR OUT_DIR | IN.wav OUT.wav | --self-test');
    return 2;
  }
  const [src, dst] = argv;
  if (fs.statSync(src).isDirectory()) {
    fs.mkdirSync(dst, { recursive: true });
    const files = fs.readdirSync(src).filter(f => f.toLowerCase().endsWith('.wav')).sort();
    if (!files.length) { console.error(`${src}: no .wav files`); return 1; }
    for (const f of files) processFile(path.join(src, f), path.join(dst, f));
    console.error(`rnnoise: ${files.length} files ${src} -> ${dst}`);
  } else {
    processFile(src, dst);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('rnnoise.mjs')) {
  process.exitCode = await main(process.argv.slice(2));
}
