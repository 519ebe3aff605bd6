"""A run's log.csv (one row per epoch, written by train.py), read as columns of floats; no plotting
dependencies, so import_pnm can use it on a machine without matplotlib."""
import csv
import math


# The dry dev band SDR per input-SNR bucket (dry_dev.BUCKETS, in that order: < 0, 0-10, 10-20, >= 20 dB, noise-free)
DRY_BUCKET_COLUMNS = ("dev_dry_sdr_snr_below_0_db", "dev_dry_sdr_snr_0_10_db", "dev_dry_sdr_snr_10_20_db",
                      "dev_dry_sdr_snr_20_up_db", "dev_dry_sdr_noise_free_db")
LOW_SNR_COLUMN = DRY_BUCKET_COLUMNS[0]


def read_log(path: str):
    """Column name -> values per epoch; {} for a log with no epochs."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {key: [float(r[key]) for r in rows] for key in (rows[0].keys() if rows else [])}


def scheduled_on_dry_sdr(log) -> bool:
    """Whether the run followed the dry dev mixtures' band SDR (config schedule_measure), not the dev loss."""
    return any(math.isfinite(v) for v in log.get("dev_dry_band_sdr_db", []))


def best_index(log):
    """Row of the epoch the run kept as best.pt: the highest dry band SDR, or the lowest dev loss."""
    if scheduled_on_dry_sdr(log):
        sdr = log["dev_dry_band_sdr_db"]
        return max(range(len(sdr)), key=lambda k: sdr[k] if math.isfinite(sdr[k]) else -math.inf)
    return min(range(len(log["dev_loss"])), key=lambda k: log["dev_loss"][k])
