"""Gradient-noise probes for PyTorch, with the definitions of the DL4J trainer (trainer/README.md):

- ``exact`` (default; the paper's measurement, Simsekli et al. 2019 section 3): every ``every`` iterations,
  at fixed weights, the gradients of ``m`` fixed minibatches, minus their mean. Costs m forward/backward
  passes per probe.
- ``window``: every ``every`` iterations, the minibatch gradients of the last ``m`` training steps, minus
  their mean. Free (it reads the gradients training computes anyway) but an approximation: it reads alpha
  0.03-0.07 below the exact probe network-wide, up to 0.1 in a layer (docs/ACCURACY.md).
- ``ema`` (an approximation, kept for comparison; wire symbol ONLINE): every iteration, the step's
  gradient minus an exponential moving average of past gradients. Reads alpha low (docs/ACCURACY.md).

A *layer* is a module that owns trainable parameters itself (``recurse=False``), named by its module path
(``features.0``, ``fc1``). Its flattened parameters are its own parameters in registration order (weight,
then bias), each flattened row-major. Each layer has ``c`` tracked coordinates, drawn once with a seed
(sorted, distinct) and listed in RunInfo. The tracked gradient entries are gathered on the device into
one vector; the host gets one copy per sample (window, exact) or per step (ema) — never a whole gradient.

No probe touches parameters, ``.grad``, optimizer state, buffers or the random number generators in a
way training could see, so the trajectory is the same with or without it (tested).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

WINDOW = "window"
EXACT = "exact"
EMA = "ema"
#: the probe name a person reads -> the wire symbol (ProbeMode)
WIRE_MODE = {WINDOW: "WINDOW", EXACT: "EXACT", EMA: "ONLINE"}
DEFAULT = EXACT


@dataclass
class Layer:
    """One monitored layer: a module with parameters of its own."""
    index: int
    name: str
    module: torch.nn.Module
    params: list  # [(parameter name, tensor)]
    parameter_count: int
    shape: list
    tracked: np.ndarray = field(default=None)  # indices into the flattened parameters, sorted
    network_columns: int = -1  # how many tracked coordinates go into the network-wide α (network_columns())


def layers_of(model: torch.nn.Module) -> list[Layer]:
    """The model's layers: every module with trainable parameters of its own, in module order."""
    out = []
    for path, module in model.named_modules():
        params = [(n, p) for n, p in module.named_parameters(recurse=False) if p.requires_grad]
        if not params:
            continue
        name = path or type(module).__name__
        count = sum(p.numel() for _, p in params)
        weight = dict(params).get("weight")
        shape = list(weight.shape) if weight is not None else list(params[0][1].shape)
        out.append(Layer(len(out), name, module, params, count, shape))
    if not out:
        raise ValueError("the model has no trainable parameters to monitor")
    return out


def network_columns(parameters: list[int], tracked: list[int]) -> list[int]:
    """How many tracked coordinates of each layer go into the network-wide α: Java's ``NetworkPooling``.

    The paper's network-wide α pools all parameters, so a layer weighs in proportion to its size: the
    largest layer pools all ``c_big`` of its tracked coordinates, layer ``l`` ``round(c_big * P_l / P_max)``
    of its own (at least one, at most all), rounding half up in integers so both clients agree exactly.
    """
    if len(parameters) != len(tracked):
        raise ValueError(f"{len(parameters)} parameter counts for {len(tracked)} layers")
    if not parameters or max(parameters) == 0:
        return [0] * len(parameters)
    biggest = max(range(len(parameters)), key=lambda l: (parameters[l], -l))
    p_max, c_big = parameters[biggest], tracked[biggest]
    return [min(c, max(1, (2 * c_big * p + p_max) // (2 * p_max))) for p, c in zip(parameters, tracked)]


class TrackedCoordinates:
    """The fixed, seeded coordinates followed in each layer, and the gather that reads them on the device.

    Layer ``l`` draws ``min(c, n)`` distinct indices uniformly from its ``n`` flattened parameters with
    seed ``seed * 31 + l`` (all of them when ``c >= n``), sorted.
    """

    def __init__(self, layers: list[Layer], per_layer: int, seed: int):
        if per_layer < 1:
            raise ValueError(f"tracked coordinates per layer must be positive, was {per_layer}")
        self.layers = layers
        self.per_layer = per_layer
        self._gather = []  # (parameter, index tensor on its device)
        self.cols = []
        self.offsets = []  # start of each layer's columns in the gathered vector
        offset = 0
        for layer in layers:
            n = layer.parameter_count
            if per_layer >= n:
                idx = np.arange(n, dtype=np.int64)
            else:
                rng = np.random.default_rng((seed * 31 + layer.index) & 0xFFFFFFFFFFFFFFFF)
                idx = np.sort(rng.choice(n, size=per_layer, replace=False)).astype(np.int64)
            layer.tracked = idx
            start = 0
            for _, p in layer.params:
                end = start + p.numel()
                lo, hi = np.searchsorted(idx, [start, end])
                if hi > lo:
                    self._gather.append((p, torch.as_tensor(idx[lo:hi] - start, device=p.device)))
                start = end
            self.offsets.append(offset)
            self.cols.append(len(idx))
            offset += len(idx)
        self.total = offset
        for layer, pooled in zip(layers, network_columns([l.parameter_count for l in layers], self.cols)):
            layer.network_columns = pooled

    def gather(self, grads=None) -> torch.Tensor:
        """The tracked entries of every layer's gradient as one float32 vector on the device. ``grads``
        maps a parameter to its gradient (default: ``p.grad``); a missing gradient reads as zeros."""
        parts = []
        for p, idx in self._gather:
            g = p.grad if grads is None else grads.get(p)
            if g is None:
                parts.append(torch.zeros(idx.numel(), dtype=torch.float32, device=idx.device))
            else:
                parts.append(g.detach().reshape(-1).index_select(0, idx).float())
        return torch.cat(parts)

    def columns(self, matrix: np.ndarray, layer: int) -> np.ndarray:
        """Layer ``layer``'s columns of a rows x total matrix, contiguous."""
        start = self.offsets[layer]
        return np.ascontiguousarray(matrix[:, start:start + self.cols[layer]])


def centred(rows: torch.Tensor) -> np.ndarray:
    """Rows minus their column mean (the mean in double, as the Java probes), copied to the host once."""
    wide = rows.double() if rows.device.type != "mps" else rows
    return (wide - wide.mean(dim=0, keepdim=True)).float().cpu().numpy()


class Probe:
    """A probe is told after every training step (``after_step``) and returns a rows x total matrix of
    noise (numpy float32) when it takes a sample at that iteration, else None."""
    name = ""
    rows = 0
    every = 1

    def after_step(self, iteration: int):
        raise NotImplementedError


class WindowProbe(Probe):
    """The default: the minibatch gradients of the last ``steps`` steps of every period of ``every``
    iterations, minus their mean; a sample at the iteration that ends each period (``every - 1``,
    ``2 * every - 1``, ...). Rows stay on the device until the sample is complete."""
    name = WINDOW

    def __init__(self, tracked: TrackedCoordinates, every: int = 20, steps: int = 8):
        if steps < 2 or steps > every:
            raise ValueError(f"the window probe centres {steps} consecutive steps per sample, which must be at "
                             f"least 2 and fit in a period of {every} iterations")
        self.tracked = tracked
        self.every = every
        self.rows = steps
        self._window = None

    def after_step(self, iteration: int):
        row = iteration % self.every - (self.every - self.rows)
        if row < 0:
            return None
        if row == 0:
            self._window = []
        if self._window is None:
            return None
        self._window.append(self.tracked.gather())
        if row == self.rows - 1:
            window, self._window = self._window, None
            # A window with a step missing (the iteration count skipped) is not published.
            if len(window) == self.rows:
                return centred(torch.stack(window))
        return None


class ExactProbe(Probe):
    """The paper's measurement: after every step whose iteration is a multiple of ``every``, at the
    weights the next step starts from, the gradients of the fixed minibatches ``batches`` (a list of
    ``(inputs, targets)``) under ``loss_fn(outputs, targets)``, minus their mean.

    Gradients come from ``torch.autograd.grad`` (``.grad`` is left alone); the module buffers (batch-norm
    statistics) and the random number generators are restored afterwards, so training does not see it."""
    name = EXACT

    def __init__(self, tracked: TrackedCoordinates, model: torch.nn.Module, batches, loss_fn, every: int = 20):
        if len(batches) < 2:
            raise ValueError(f"the exact probe needs at least 2 minibatches, had {len(batches)}")
        self.tracked = tracked
        self.model = model
        self.batches = list(batches)
        self.loss_fn = loss_fn
        self.every = every
        self.rows = len(self.batches)
        self.batch_size = int(len(self.batches[0][0]))
        self._params = [p for layer in tracked.layers for _, p in layer.params]
        self.last_gradients = None  # rows x total before centring, on the device (for tests)

    def after_step(self, iteration: int):
        if iteration % self.every != 0:
            return None
        return self.measure()

    def measure(self) -> np.ndarray:
        buffers = [(b, b.detach().clone()) for b in self.model.buffers()]
        cpu_rng = torch.get_rng_state()
        cuda_rng = torch.cuda.get_rng_state_all() if torch.cuda.is_available() and torch.cuda.is_initialized() else None
        rows = []
        try:
            for x, y in self.batches:
                loss = self.loss_fn(self.model(x), y)
                grads = torch.autograd.grad(loss, self._params, allow_unused=True)
                rows.append(self.tracked.gather(dict(zip(self._params, grads))))
        finally:
            with torch.no_grad():
                for b, saved in buffers:
                    b.copy_(saved)
            torch.set_rng_state(cpu_rng)
            if cuda_rng is not None:
                torch.cuda.set_rng_state_all(cuda_rng)
        stacked = torch.stack(rows)
        self.last_gradients = stacked
        return centred(stacked)


class EmaProbe(Probe):
    """An approximation (wire symbol ONLINE), kept for comparison: every step, the step's gradient minus
    an exponential moving average of the past ones (decay ``decay``), published from the ``warmup``-th
    step on. One row per sample; one host copy per step."""
    name = EMA

    def __init__(self, tracked: TrackedCoordinates, decay: float = 0.99, warmup: int = 10):
        if not 0 < decay < 1:
            raise ValueError(f"EMA decay must be in (0, 1), was {decay}")
        self.tracked = tracked
        self.decay = decay
        self.warmup = warmup
        self.every = 1
        self.rows = 1
        self._average = None
        self._seen = 0

    def after_step(self, iteration: int):
        g = self.tracked.gather()
        if self._average is None:
            self._average = g.clone()
            self._seen = 1
            return None
        noise = (g - self._average) if self._seen >= self.warmup else None
        self._average.mul_(self.decay).add_(g, alpha=1 - self.decay)
        self._seen += 1
        return None if noise is None else noise.reshape(1, -1).cpu().numpy()
