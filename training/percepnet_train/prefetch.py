"""Assembles the next training batch in a background thread while the current one trains.

Copying a batch out of the memory-mapped shards costs tens of milliseconds (35 MB for
128 x 400 frames), which a GPU step does not hide. NumPy releases the GIL while copying,
so one worker thread is enough. The checkpointed position is that of the last batch
*handed out*, so resuming replays exactly the batches not yet trained on.
"""
from concurrent.futures import ThreadPoolExecutor

from .sequences import Batch, TrainingSampler


class BatchPrefetcher:
    def __init__(self, sampler: TrainingSampler, pin_memory: bool = False):
        self.sampler, self.pin_memory = sampler, pin_memory
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batches")
        self.pending = None
        self.consumed_state = sampler.state()

    def _produce(self):
        batch = self.sampler.next_batch()
        if self.pin_memory:
            batch = Batch(*(t.pin_memory() for t in (batch.features, batch.gain, batch.strength,
                                                     batch.mask, batch.valid, batch.lookahead)))
        return batch, self.sampler.state()

    def next_batch(self) -> Batch:
        if self.pending is None:
            self.pending = self.pool.submit(self._produce)
        batch, state = self.pending.result()
        self.pending = self.pool.submit(self._produce)
        self.consumed_state = state
        return batch

    def state(self) -> dict:
        return dict(self.consumed_state)

    def load_state(self, state: dict):
        """Only before the first next_batch (nothing may be in flight)."""
        assert self.pending is None
        self.sampler.load_state(state)
        self.consumed_state = dict(state)

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)
