"""PercepNet loss (arXiv 2008.04259 eq. 9-10, docs/DESIGN.md 5).

Gains:     d = g^γ − ĝ^γ,              L_g = Σ mask · (d² + C4 · d⁴ + C_oa · max(d, 0)²)
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
"""
import torch

from .config import LossConfig

_TINY = 1e-12  # keeps the gradient of x^γ finite if a sigmoid underflows to exactly 0


def compressed_error(target: torch.Tensor, estimate: torch.Tensor, gamma: float, quartic: float,
                     under_weight: float = 0.0):
    """d² + quartic·d⁴ + under_weight·max(d, 0)², d = target^γ − estimate^γ."""
    d = target.clamp_min(0.0).pow(gamma) - estimate.clamp_min(_TINY).pow(gamma)
    d2 = d * d
    error = d2 + quartic * d2 * d2
    if under_weight:
        error = error + under_weight * d.clamp_min(0.0).square()
    return error


def percepnet_loss(gain, strength, gain_target, strength_target, mask, config: LossConfig):
    """All tensors B x T x 34; returns (total, gain part, strength part) as scalars."""
    total_weight = mask.sum().clamp_min(1.0)
    gain_term = (compressed_error(gain_target, gain, config.gamma, config.quartic_weight,
                                  config.over_attenuation_weight) * mask).sum() / total_weight
    strength_term = (compressed_error(1.0 - strength_target, 1.0 - strength, config.gamma,
                                      config.quartic_weight) * mask).sum() / total_weight
    return gain_term + config.strength_weight * strength_term, gain_term, strength_term
