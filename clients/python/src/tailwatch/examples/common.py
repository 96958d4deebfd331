"""What the example, the GPU check and the overhead bench share: the shipped MNIST digits and two small
networks (the DL4J trainer's FCN and a small CNN)."""
from __future__ import annotations

import gzip
import os
import struct
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch

DIGITS = Path("trainer") / "src" / "main" / "resources" / "datasets" / "mnist-t10k"


def find_digits(path: str | None = None) -> Path:
    """The folder of the MNIST IDX files: ``path``, ``$TAILWATCH_MNIST``, or the digits shipped in the
    repository (found from this file when run from the source tree, or from the current folder up)."""
    if path:
        return Path(path)
    if os.environ.get("TAILWATCH_MNIST"):
        return Path(os.environ["TAILWATCH_MNIST"])
    starts = [Path(__file__).resolve(), Path.cwd().resolve()]
    for start in starts:
        for parent in [start, *start.parents]:
            if (parent / DIGITS).is_dir():
                return parent / DIGITS
    raise FileNotFoundError("the MNIST digits were not found: run from the tailwatch repository or give --data DIR "
                            "(a folder with t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz)")


def _idx(path: Path) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack_from(">HBB", data, 0)
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack_from(">" + "I" * dims, data, 4)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_digits(folder: Path):
    """(images float32 N x 1 x 28 x 28 in [0, 1], labels int64 N) of the IDX files in ``folder``."""
    folder = Path(folder)

    def pick(kind):
        for name in sorted(os.listdir(folder)):
            if kind in name and "idx" in name:
                return folder / name
        raise FileNotFoundError(f"{folder}: no {kind} IDX file")

    images = _idx(pick("images")).astype(np.float32) / 255.0
    labels = _idx(pick("labels")).astype(np.int64)
    return torch.from_numpy(images).unsqueeze(1), torch.from_numpy(labels)


def split(images, labels, test_fraction=0.2, seed=1):
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(labels), generator=g)
    n_test = max(1, round(len(labels) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return (images[train], labels[train]), (images[test], labels[test])


def mlp(widths=(784, 128, 128, 10)) -> torch.nn.Module:
    """The DL4J trainer's FCN: dense ReLU layers and a linear output (softmax in the loss), with the DL4J
    trainer's layer names (dense0, dense1, ..., output)."""
    layers = [("flatten", torch.nn.Flatten())]
    for i in range(len(widths) - 1):
        last = i == len(widths) - 2
        layers.append(("output" if last else f"dense{i}", torch.nn.Linear(widths[i], widths[i + 1])))
        if not last:
            layers.append((f"relu{i}", torch.nn.ReLU()))
    return torch.nn.Sequential(OrderedDict(layers))


class SmallCNN(torch.nn.Module):
    """A small AlexNet-style CNN for 28 x 28 digits, scaled by its filter count."""

    def __init__(self, filters: int = 16):
        super().__init__()
        f = filters
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, f, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(f, 2 * f, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2))
        self.classifier = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Linear(2 * f * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


@torch.no_grad()
def accuracy(model, images, labels, chunk=1000) -> float:
    was_training = model.training
    model.eval()
    correct = 0
    for i in range(0, len(labels), chunk):
        correct += (model(images[i:i + chunk]).argmax(1) == labels[i:i + chunk]).sum().item()
    model.train(was_training)
    return correct / len(labels)
