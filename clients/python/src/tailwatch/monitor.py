"""The three lines a PyTorch training loop adds::

    monitor = tailwatch.Monitor(model, run="my-run", bootstrap="127.0.0.1:9092", optimizer=opt,  # or out="DIR"
                                probe_data=fixed_minibatches, loss_fn=loss_fn)  # or probe="window" (free, approximate)
    ...
        monitor.step(loss)        # after optimizer.step(), before the next zero_grad()
    monitor.close()

``Monitor`` names the layers, picks the tracked coordinates, runs the probe, and publishes RunInfo (at the
start and at the end), one TrainingMetrics per step and the noise samples, all keyed by the run id. Nothing
on the training thread waits on Kafka or on the disk, and nothing reads a device value back except the
probe's one copy per sample: the loss and the gradient norm travel as device tensors and are read on the
publishing thread.
"""
from __future__ import annotations

import atexit
import os
import time
import weakref
from pathlib import Path

import torch

from . import probes as P
from .topics import METRICS, NOISE, RUNS


class Monitor:
    """Watches one training run.

    :param model: the ``torch.nn.Module`` being trained
    :param run: run id (the record key)
    :param bootstrap: Kafka bootstrap servers; or
    :param out: an export folder to write instead (offline mode, ``tailwatch import``/``replay --input``)
    :param probe: ``exact`` (default: the paper's measurement), ``window`` (free, reads alpha 0.03-0.07 low),
        ``ema`` or ``off``
    :param every: a noise sample every this many iterations (window, exact)
    :param probe_batches: m, rows of a sample: consecutive steps (window); for ``exact``, the number of
        fixed minibatches taken from ``probe_data`` when it is longer
    :param coords: tracked coordinates per layer
    :param seed: seed of the tracked coordinates (listed in RunInfo)
    :param batch_size: minibatch size of the training steps (for RunInfo and the metrics)
    :param optimizer: read for the learning rate of each step (param group 0)
    :param probe_data: ``exact``: the fixed minibatches, a list of ``(inputs, targets)`` on the model's device
    :param loss_fn: ``exact``: ``loss_fn(outputs, targets)`` -> the (mean) loss
    :param ema_decay: ``ema``: decay of the moving average
    :param gradient_norm: publish the L2 norm of each step's gradient (a few small device ops per step)
    :param journal: spill-journal folder (default ``~/.tailwatch/journal/<run>``)
    :param producer_config: extra librdkafka settings, e.g. ``{"security.protocol": "SASL_SSL", ...}`` for a
        secured cluster (settings the delivery promises rest on are refused)
    :param publisher: anything with ``offer(topic, key, value)`` and ``close(timeout)`` instead of the above
    """

    def __init__(self, model: torch.nn.Module, run: str, *, bootstrap: str | None = None, out=None,
                 probe: str = P.DEFAULT, every: int = 20, probe_batches: int = 8, coords: int = 1000, seed: int = 1,
                 batch_size: int = 0, optimizer=None, probe_data=None, loss_fn=None, ema_decay: float = 0.99,
                 model_description: str | None = None, dataset: str = "", hyperparameters: dict | None = None,
                 iterations: int | None = None, gradient_norm: bool = True, journal=None, linger_ms: int = 100,
                 max_in_flight: int = 2_000, flush_timeout: float = 30.0, producer_config: dict | None = None,
                 publisher=None):
        if not run:
            raise ValueError("a run id is needed")
        if sum(x is not None for x in (bootstrap, out, publisher)) != 1:
            raise ValueError("give exactly one of bootstrap= (publish to Kafka), out= (write an export folder) "
                             "or publisher=")
        self.model = model
        self.run = run
        self.optimizer = optimizer
        self.batch_size = int(batch_size)
        self.iterations = iterations
        self.gradient_norm = gradient_norm
        self.flush_timeout = flush_timeout
        self.probe_name = probe
        self.layers = P.layers_of(model)
        self.tracked = P.TrackedCoordinates(self.layers, coords, seed ^ 0xC0FFEE)
        self.seed = seed
        self.coords = coords
        self.ema_decay = ema_decay
        if probe == P.WINDOW:
            self.probe = P.WindowProbe(self.tracked, every, probe_batches)
        elif probe == P.EXACT:
            if probe_data is None or loss_fn is None:
                raise ValueError("the exact probe (the default: the paper's measurement) needs probe_data, m fixed minibatches "
                                 "[(inputs, targets), ...] on the model's device, and loss_fn; or pass probe='window' for the "
                                 "free approximation (reads alpha 0.03-0.07 low, docs/ACCURACY.md)")
            data = list(probe_data)[:probe_batches] if probe_batches else list(probe_data)
            self.probe = P.ExactProbe(self.tracked, model, data, loss_fn, every)
        elif probe == P.EMA:
            self.probe = P.EmaProbe(self.tracked, ema_decay)
        elif probe == "off":
            self.probe = None
        elif probe == "online":
            raise ValueError("probe 'online' is now called 'ema': it is an approximation that reads alpha low "
                             "(docs/ACCURACY.md); the default is 'exact', or choose 'window'")
        else:
            raise ValueError(f"probe '{probe}' is not one of window, exact, ema, off")
        self.mode = "OFF" if self.probe is None else P.WIRE_MODE[probe]
        self.model_description = model_description or (
            f"pytorch {type(model).__name__}, {sum(p.numel() for p in model.parameters())} parameters")
        self.dataset = dataset
        self.hyperparameters = {str(k): str(v) for k, v in (hyperparameters or {}).items()}

        if publisher is not None:
            self.publisher = publisher
        elif out is not None:
            from .offline import ExportWriter
            self.publisher = ExportWriter(out)
        else:
            from .publisher import KafkaPublisher
            journal_dir = Path(journal) if journal else Path.home() / ".tailwatch" / "journal" / run
            self.publisher = KafkaPublisher(bootstrap, journal_dir, linger_ms=linger_ms, max_in_flight=max_in_flight,
                                            producer_config=producer_config)
        self.iteration = 0
        self.epoch = 0
        self.closed = False
        self.started_ms = int(time.time() * 1000)
        self._last_step = time.perf_counter()
        self.publisher.offer(RUNS, run, self.run_info("STARTED"))
        # Whatever happens to the loop, what was published is flushed (or journaled) when Python exits.
        ref = weakref.ref(self)
        self._atexit = lambda: ref() is not None and not ref().closed and ref().close()
        atexit.register(self._atexit)

    # --- per step --------------------------------------------------------------------------------
    def step(self, loss=None, *, train_accuracy: float | None = None, test_accuracy: float | None = None,
             lr: float | None = None, batch_size: int | None = None, epoch: int | None = None) -> None:
        """Call once per training step, after ``optimizer.step()`` and before the next ``zero_grad()``: the
        parameters' ``.grad`` must still hold this step's minibatch gradient. ``loss`` may be a tensor
        (it is read on the publishing thread, so no device sync here)."""
        now = time.perf_counter()
        step_seconds = now - self._last_step
        it = self.iteration
        if self.probe is not None:
            noise = self.probe.after_step(it)
            if noise is not None:
                self._noise(it, noise)
        if epoch is not None:
            self.epoch = epoch
        if lr is None and self.optimizer is not None:
            lr = self.optimizer.param_groups[0].get("lr", 0.0)
        metrics = {
            "runId": self.run, "iteration": it, "epoch": int(self.epoch), "timestampMs": int(time.time() * 1000),
            "loss": _Lazy(loss), "trainAccuracy": _opt(train_accuracy), "testAccuracy": _opt(test_accuracy),
            "learningRate": float(lr or 0.0), "batchSize": int(batch_size or self.batch_size),
            "gradientNorm": _Lazy(self._grad_norm() if self.gradient_norm else 0.0), "stepSeconds": step_seconds,
        }
        self.publisher.offer(METRICS, self.run, _LazyRecord(metrics))
        self.iteration = it + 1
        self._last_step = time.perf_counter()

    def _grad_norm(self):
        grads = [p.grad.detach() for layer in self.layers for _, p in layer.params if p.grad is not None]
        if not grads:
            return 0.0
        try:  # one fused call for all tensors (torch >= 1.13; mixed devices or dtypes may refuse it)
            norms = torch._foreach_norm(grads)
        except (AttributeError, RuntimeError):
            norms = [torch.linalg.vector_norm(g) for g in grads]
        return torch.linalg.vector_norm(torch.stack([n.float() for n in norms]))

    def _noise(self, iteration: int, matrix):
        now = int(time.time() * 1000)
        rows = matrix.shape[0]
        for layer in self.layers:
            values = self.tracked.columns(matrix, layer.index)
            self.publisher.offer(NOISE, self.run, {
                "runId": self.run, "iteration": iteration, "layer": layer.name, "layerIndex": layer.index,
                "layerCount": len(self.layers), "mode": self.mode, "kind": "TRACKED_COORDINATES",
                "rows": rows, "cols": values.shape[1], "values": values.astype("<f4", copy=False).tobytes(),
                "timestampMs": now, "networkColumns": layer.network_columns})

    # --- run info --------------------------------------------------------------------------------
    def probe_config(self) -> dict:
        c = self.coords
        base = {"mode": self.mode, "coordinatesPerLayer": c, "seed": self.seed, "wholeLayerCap": 0,
                "probeBatchSize": 0 if self.probe is None else self.batch_size, "emaDecay": 0.0}
        p = self.probe
        if isinstance(p, P.WindowProbe):
            base.update(everyIterations=p.every, probeBatches=p.rows, description=(
                f"window: every {p.every} iterations, the minibatch gradients (batch {self.batch_size}) of the last "
                f"{p.rows} training steps, noise = g_i - mean; {c} tracked coordinates per layer"))
        elif isinstance(p, P.ExactProbe):
            base.update(everyIterations=p.every, probeBatches=p.rows, probeBatchSize=p.batch_size, description=(
                f"exact: every {p.every} iterations, at fixed weights, {p.rows} fixed minibatches of {p.batch_size}, "
                f"noise = g_i - mean; {c} tracked coordinates per layer"))
        elif isinstance(p, P.EmaProbe):
            base.update(everyIterations=1, probeBatches=1, emaDecay=p.decay, description=(
                f"ema (an approximation, reads alpha low: docs/ACCURACY.md): every iteration, the step's gradient "
                f"(batch {self.batch_size}) minus a moving average, decay {p.decay}; {c} tracked coordinates per layer"))
        else:
            base.update(everyIterations=0, probeBatches=0, description="off: no noise probe")
        return base

    def run_info(self, status: str, ended_ms: int | None = None, failure: str | None = None) -> dict:
        hyper = dict(self.hyperparameters)
        hyper.setdefault("batch", str(self.batch_size))
        if self.iterations is not None:
            hyper.setdefault("iterations", str(self.iterations))
        hyper.setdefault("framework", f"pytorch {torch.__version__}")
        return {
            "runId": self.run, "status": status, "startedAtMs": self.started_ms, "endedAtMs": ended_ms,
            "model": self.model_description, "dataset": self.dataset,
            "layers": [{"index": l.index, "name": l.name, "parameterCount": l.parameter_count, "shape": l.shape,
                        "trackedCoordinates": [int(i) for i in l.tracked], "networkColumns": l.network_columns}
                       for l in self.layers],
            "probe": self.probe_config(), "hyperparameters": hyper, "failure": failure, "source": "pytorch",
        }

    # --- end -------------------------------------------------------------------------------------
    def close(self, timeout: float | None = None, *, failure: str | None = None):
        """Publishes the final RunInfo (FINISHED, or FAILED with ``failure`` or when fewer than ``iterations``
        steps ran) and flushes: waits up to ``timeout`` (default ``flush_timeout``) seconds for the broker;
        what it has not taken stays in the journal for the next start. Returns the publisher's counts."""
        if self.closed:
            return None
        self.closed = True
        atexit.unregister(self._atexit)
        failure = None if failure is None else str(failure)
        if failure is None and self.iterations is not None and self.iteration < self.iterations:
            failure = f"stopped after {self.iteration} of {self.iterations} iterations"
        self.publisher.offer(RUNS, self.run, self.run_info("FAILED" if failure else "FINISHED",
                                                           int(time.time() * 1000), failure))
        return self.publisher.close(self.flush_timeout if timeout is None else timeout)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(failure=None if exc is None else f"{exc_type.__name__}: {exc}")
        return False


def _opt(x):
    return None if x is None else float(x)


class _Lazy:
    """A device scalar read on the publishing thread (``float()`` syncs that thread, not training)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value.detach() if isinstance(value, torch.Tensor) else value

    def get(self):
        v = self.value
        return 0.0 if v is None else float(v)


class _LazyRecord(dict):
    """A record whose lazy fields the encoder resolves."""

    def resolved(self) -> dict:
        return {k: (v.get() if isinstance(v, _Lazy) else v) for k, v in self.items()}
