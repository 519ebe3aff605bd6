"""A run's log.csv (one row per epoch, written by train.py), read as columns of floats; no plotting
dependencies, so import_pnm can use it on a machine without matplotlib."""
import csv


def read_log(path: str):
    """Column name -> values per epoch; {} for a log with no epochs."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {key: [float(r[key]) for r in rows] for key in (rows[0].keys() if rows else [])}


def best_index(log):
    """Row of a log's lowest dev loss."""
    return min(range(len(log["dev_loss"])), key=lambda k: log["dev_loss"][k])
