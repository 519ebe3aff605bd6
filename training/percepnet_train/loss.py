"""PercepNet loss (arXiv 2008.04259 eq. 9-10, docs/DESIGN.md 5).

Gains:     d = s(g)^γ − ĝ^γ,           L_g = Σ mask · (1 + C_sp · speech_t)
                                             · (d² + C4 · d⁴ + C_oa · max(d, 0)² + C_nl · [g < 0.1] · max(−d, 0)²)
Strengths: e = (1−r)^γ − (1−r̂)^γ,      L_r = Σ mask · (e² + C4 · e⁴)
Total:     (L_g + w_r · L_r) / Σ mask

mask is the per-band loss weight of docs/FEATURES.md (1 valid, 0.25 above a band-limited
source's cutoff where the target is extrapolated, 0 on padding frames).

γ = 0.5 compresses the range like loudness, so errors near silence count; the quartic
term punishes the occasional large error (a cut word onset) far more than many small
ones. The strength term uses (1−r) because r ≈ 0 (no comb filtering) is the common,
safe value. w_r < 1 because a wrong strength only colours a voiced band, a wrong gain
removes or lets through energy. Dividing by the mask sum makes the value a per-band
average, comparable across batches and datasets with different masked fractions.

C_oa (over-attenuation weight, 0 in the paper) charges a gain estimated below its target
more than one above it, after PercepNet+'s over-attenuation loss (Ge et al., Interspeech
2022). A symmetric loss makes an uncertain network predict the middle, which on clean or
nearly clean speech is a loss of level (PercepNet's known weakness, issue 4); with C_oa > 0
the optimum of an uncertain band moves up (an expectile above the mean) while bands that are
surely noise (target ≈ 0, d ≤ 0) are charged exactly as before.

C_on (onset weight, 0 = the paper) applies that same one-sided charge only on word onsets: the
frames where the target's energy rises 15 dB above the 100 ms before it, and the 40 ms after
(docs/generalization.md). Fine-tunes on harmonic noise and low SNR learned to wait for evidence
before opening on a new sound, and clean speech lost up to 8 dB in its first 50 ms; a global C_oa
kept onsets but left 1.5–2 dB more noise in pauses. Pauses have no onsets, so C_on does not touch
them. The target's band energy is g² · E (docs/FEATURES.md: features 0..33 are log10 E of the input).

C_nl (noise-leak weight, 0 = the paper) is the mirror image for bands that are noise: a gain estimated above a
target below 0.1 (−20 dB, the band is mostly noise) is charged extra. On the fair generalization dev set the
shipped model's gains sat above their targets everywhere (sqrt-domain bias +0.05..+0.10, +0.19 in speech-free
mixtures) and every fine-tune raised that bias: unfamiliar noise is kept as if it were voice (docs/generalization.md).
An uncertain band whose target may be noise moves down (an expectile below the mean); bands whose target is
speech (g ≥ 0.1), word onsets among them, are charged exactly as before. Like the onset term it is a training
term: left out of the dev loss (no features passed), so dev losses stay comparable.

C_sp (speech-frame weight, 0 = the paper) weighs the whole gain error of a frame that holds speech 1 + C_sp times,
after RNNoise 0.2's trainer (xiph/rnnoise, torch/rnnoise/train_rnnoise.py: its gain loss is weighted 1 + 5·VAD).
At −5 dB input the error that SI-SDR, ESTOI and DNSMOS SIG measure is made in speech frames (speech taken, noise kept
under the voice); the noise left in pauses is 20 dB below it and the post-filter's global gain deepens it further
(docs/generalization.md). The paper's loss weighs every frame alike, and the γ compression makes a pause's near-zero
targets costly: on the fair dev set pauses are 48 % of the frames and 60 % of the shipped model's gain loss, so that
is where the network spends its effort. A speech frame is
one whose target energy is within 30 dB of the window's loudest and at least 1/1000 of the input's energy
(speech_frames): pauses, the clean floor and speech-free windows are not. A training term like the two above.

s (target shaping, k = 0 = the paper: s(g) = g) lowers small gain targets: s(g) = g · tanh²(k·g), after RNNoise
0.2's trainer (xiph/rnnoise, torch/rnnoise/train_rnnoise.py, k = 5). A band whose ideal gain is −20 dB is mostly noise
and its target falls to −33 dB (k = 5), −10 dB to −11.5 dB, while gains above 0.5 (−6 dB) lose under 0.25 dB: the network
learns to take out what is mostly noise rather than to keep its exact share of voice, which is where the paper's
targets leave audible noise between words at low SNR (docs/generalization.md, "Where the −5 dB error is"). Clean and
nearly clean speech (targets near 1) is untouched. Part of the objective, so the dev loss uses it too; the noise-leak
and onset terms still read the unshaped target.
"""
import torch
import torch.nn.functional as F

from .config import LossConfig

_TINY = 1e-12  # keeps the gradient of x^γ finite if a sigmoid underflows to exactly 0


def compressed_error(target: torch.Tensor, estimate: torch.Tensor, gamma: float, quartic: float,
                     under_weight=0.0, over_weight=0.0):
    """d² + quartic·d⁴ + under_weight·max(d, 0)² + over_weight·max(−d, 0)², d = target^γ − estimate^γ. The
    weights are numbers or tensors that broadcast against the error (per frame: the onset term; per band: the
    noise-leak term)."""
    d = target.clamp_min(0.0).pow(gamma) - estimate.clamp_min(_TINY).pow(gamma)
    d2 = d * d
    error = d2 + quartic * d2 * d2
    if torch.is_tensor(under_weight) or under_weight:
        error = error + under_weight * d.clamp_min(0.0).square()
    if torch.is_tensor(over_weight) or over_weight:
        error = error + over_weight * d.clamp_max(0.0).square()
    return error


ONSET_RISE_DB = 15.0
ONSET_CONTEXT_FRAMES = 10   # 100 ms before
ONSET_HOLD_FRAMES = 5       # the onset frame and 40 ms after
ONSET_RANGE_DB = 30.0       # within this of the sequence's loudest frame
NOISE_TARGET = 0.1          # a band whose target gain is below this (−20 dB) is noise for the noise-leak term


def target_levels(features, gain_target, mask):
    """(input energy, target energy, target level in dB, loud), each B x T: the unmasked bands' energy of the input
    (features 0..33 are its log10 band energy E, docs/FEATURES.md) and of the target (g²·E), and whether the target's
    level is within ONSET_RANGE_DB of the window's loudest frame."""
    valid = (mask > 0).to(gain_target.dtype)
    band_energy = torch.pow(10.0, features[..., :gain_target.shape[-1]]) * valid
    energy_in = band_energy.sum(-1)
    energy = (gain_target.square() * band_energy).sum(-1)
    level = 10.0 * torch.log10(energy + 1e-10)
    loud = level >= level.amax(dim=1, keepdim=True) - ONSET_RANGE_DB
    return energy_in, energy, level, loud


def onset_frames(features, gain_target, mask):
    """B x T (float 0/1): frames at or just after a rise of the target's energy (see the module docstring)."""
    _, _, level, loud = target_levels(features, gain_target, mask)
    # A training window starts anywhere in a mixture: its first frame is no onset (replicated, not silence, before it).
    padded = F.pad(level.unsqueeze(1), (ONSET_CONTEXT_FRAMES, 0), mode='replicate')  # B x 1 x (C+T)
    before = F.max_pool1d(padded, ONSET_CONTEXT_FRAMES, stride=1)[..., :-1].squeeze(1)  # max of the C frames before t
    onset = ((level - before >= ONSET_RISE_DB) & loud).float()
    held = F.max_pool1d(F.pad(onset.unsqueeze(1), (ONSET_HOLD_FRAMES - 1, 0)), ONSET_HOLD_FRAMES, stride=1)
    return held.squeeze(1)


SPEECH_SHARE_DB = -30.0     # a speech frame's target energy over its input energy, at least


def speech_frames(features, gain_target, mask):
    """B x T (float 0/1): frames that hold speech (see the module docstring, C_sp)."""
    energy_in, energy, _, loud = target_levels(features, gain_target, mask)
    share = energy >= energy_in * 10.0 ** (SPEECH_SHARE_DB / 10.0)
    return (loud & share & (energy > 0)).to(gain_target.dtype)


def shaped_target(gain_target: torch.Tensor, shaping: float) -> torch.Tensor:
    """s(g) = g · tanh²(shaping · g); shaping 0 leaves the target as it is (see the module docstring)."""
    return gain_target * torch.tanh(shaping * gain_target).square() if shaping else gain_target


def percepnet_loss(gain, strength, gain_target, strength_target, mask, config: LossConfig, features=None):
    """All tensors B x T x 34 (features B x T x 70); returns (total, gain part, strength part) as scalars.
    The onset, noise-leak and speech-frame terms are training terms: without features (the dev loss) they are left
    out, so dev losses stay comparable."""
    total_weight = mask.sum().clamp_min(1.0)
    under_weight, over_weight = config.over_attenuation_weight, 0.0
    if config.onset_weight and features is not None:
        under_weight = under_weight + config.onset_weight * onset_frames(features, gain_target, mask).unsqueeze(-1)
    if config.noise_leak_weight and features is not None:
        over_weight = config.noise_leak_weight * (gain_target < NOISE_TARGET).to(gain.dtype)
    gain_error = compressed_error(shaped_target(gain_target, config.target_shaping), gain, config.gamma,
                                  config.quartic_weight, under_weight, over_weight)
    if config.speech_weight and features is not None:
        gain_error = gain_error * (1.0 + config.speech_weight * speech_frames(features, gain_target, mask).unsqueeze(-1))
    gain_term = (gain_error * mask).sum() / total_weight
    strength_term = (compressed_error(1.0 - strength_target, 1.0 - strength, config.gamma,
                                      config.quartic_weight) * mask).sum() / total_weight
    return gain_term + config.strength_weight * strength_term, gain_term, strength_term
