"""The probes against autograd on a small model, as the Java probe tests check them against DL4J."""
from __future__ import annotations

import numpy as np

from conftest import require

torch = require("torch")

from tailwatch import Monitor  # noqa: E402
from tailwatch.probes import EmaProbe, ExactProbe, TrackedCoordinates, WindowProbe, layers_of  # noqa: E402

torch.set_num_threads(1)


class Net(torch.nn.Module):
    """Nested modules, a batch norm (buffers) and dropout (random numbers): what a probe must not disturb."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(torch.nn.Linear(10, 16), torch.nn.BatchNorm1d(16), torch.nn.ReLU(),
                                            torch.nn.Dropout(0.2))
        self.head = torch.nn.Linear(16, 3)

    def forward(self, x):
        return self.head(self.features(x))


def data(seed=0, n=256):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 10, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()
    return x, y


def flat_grad(layer, grads):
    """A layer's flattened gradient (its parameters in order, each row-major) from {param: grad}."""
    return torch.cat([grads[p].reshape(-1) for _, p in layer.params])


def test_layers_are_modules_with_parameters_named_by_path():
    model = Net()
    layers = layers_of(model)
    assert [l.name for l in layers] == ["features.0", "features.1", "head"]
    assert [l.parameter_count for l in layers] == [10 * 16 + 16, 16 + 16, 16 * 3 + 3]
    assert layers[0].shape == [16, 10]


def test_tracked_coordinates_are_seeded_distinct_sorted_and_read_the_right_entries():
    model = Net()
    layers = layers_of(model)
    t = TrackedCoordinates(layers, 20, seed=7)
    again = TrackedCoordinates(layers_of(Net()), 20, seed=7)
    other = TrackedCoordinates(layers_of(Net()), 20, seed=8)
    for l, l2, l3 in zip(t.layers, again.layers, other.layers):
        assert len(l.tracked) == min(20, l.parameter_count)
        assert np.all(np.diff(l.tracked) > 0) and l.tracked[-1] < l.parameter_count
        assert np.array_equal(l.tracked, l2.tracked)
    assert not np.array_equal(t.layers[0].tracked, other.layers[0].tracked)
    x, y = data()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    got = t.gather().numpy()
    grads = {p: p.grad for p in model.parameters()}
    for layer in layers:
        want = flat_grad(layer, grads)[torch.as_tensor(layer.tracked)].numpy()
        assert np.array_equal(t.columns(got.reshape(1, -1), layer.index)[0], want)


def test_exact_probe_minibatch_gradients_sum_to_the_full_gradient_and_noise_sums_to_zero():
    torch.manual_seed(1)
    model = Net()
    layers = layers_of(model)
    tracked = TrackedCoordinates(layers, 1000, seed=3)  # every coordinate of these small layers
    x, y = data(n=4 * 32)
    batches = [(x[i * 32:(i + 1) * 32], y[i * 32:(i + 1) * 32]) for i in range(4)]
    loss_fn = torch.nn.functional.cross_entropy
    model.eval()  # batch norm with running statistics and no dropout: a gradient that is a mean over examples
    probe = ExactProbe(tracked, model, batches, loss_fn, every=5)
    assert probe.after_step(3) is None
    noise = probe.after_step(5)
    assert noise.shape == (4, tracked.total) and noise.dtype == np.float32
    # Each row is autograd's gradient of its minibatch.
    for i, (bx, by) in enumerate(batches):
        grads = dict(zip(model.parameters(), torch.autograd.grad(loss_fn(model(bx), by), list(model.parameters()))))
        row = torch.cat([flat_grad(l, grads)[torch.as_tensor(l.tracked)] for l in layers])
        assert torch.allclose(probe.last_gradients[i], row, atol=1e-7, rtol=0)
    # Equal minibatches: the mean of their gradients is the full gradient of the union.
    full = dict(zip(model.parameters(), torch.autograd.grad(loss_fn(model(x), y), list(model.parameters()))))
    full_row = torch.cat([flat_grad(l, full)[torch.as_tensor(l.tracked)] for l in layers])
    assert torch.allclose(probe.last_gradients.double().mean(0), full_row.double(), atol=1e-6, rtol=1e-5)
    # Noise = g_i - mean: every column sums to zero, and it is nonzero.
    assert np.abs(noise.astype(np.float64).sum(0)).max() < 1e-6
    assert np.abs(noise).max() > 1e-3


def test_window_probe_is_the_last_m_step_gradients_minus_their_mean():
    torch.manual_seed(2)
    model = Net()
    tracked = TrackedCoordinates(layers_of(model), 50, seed=1)
    probe = WindowProbe(tracked, every=10, steps=4)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = data()
    seen = {}
    samples = {}
    for it in range(30):
        i = torch.arange(it * 8, it * 8 + 32) % 256
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x[i]), y[i]).backward()
        opt.step()
        seen[it] = tracked.gather().clone()
        out = probe.after_step(it)
        if out is not None:
            samples[it] = out
    assert sorted(samples) == [9, 19, 29]
    for end, noise in samples.items():
        rows = torch.stack([seen[it] for it in range(end - 3, end + 1)]).double()
        want = (rows - rows.mean(0)).float().numpy()
        assert np.array_equal(noise, want)
        assert np.abs(noise.astype(np.float64).sum(0)).max() < 1e-6 and np.abs(noise).max() > 0


def test_ema_probe_is_the_step_gradient_minus_a_moving_average():
    torch.manual_seed(3)
    model = Net()
    tracked = TrackedCoordinates(layers_of(model), 30, seed=1)
    probe = EmaProbe(tracked, decay=0.9, warmup=3)
    x, y = data()
    avg = None
    published = 0
    for it in range(12):
        model.zero_grad()
        torch.nn.functional.cross_entropy(model(x[it * 16:(it + 1) * 16]), y[it * 16:(it + 1) * 16]).backward()
        g = tracked.gather().clone()
        out = probe.after_step(it)
        if avg is None:
            assert out is None
            avg, seen = g.clone(), 1
            continue
        if seen >= 3:
            assert np.array_equal(out, (g - avg).reshape(1, -1).numpy())
            published += 1
        else:
            assert out is None
        avg.mul_(0.9).add_(g, alpha=1 - 0.9)
        seen += 1
    assert published == 9


class Recorder:
    def __init__(self):
        self.records = []

    def offer(self, topic, key, value):
        self.records.append((topic, key, value))

    def close(self, timeout):
        return None


def train(probe, steps=45, seed=5):
    torch.manual_seed(seed)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x, y = data(seed=1)
    batches = [(x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]) for i in range(4)]
    rec = Recorder()
    monitor = None
    if probe:
        monitor = Monitor(model, "t", publisher=rec, probe=probe, every=10, probe_batches=4, coords=40,
                          probe_data=batches, loss_fn=torch.nn.functional.cross_entropy, batch_size=32, optimizer=opt)
    for it in range(steps):
        i = torch.randint(0, 256, (32,))
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x[i]), y[i])
        loss.backward()
        opt.step()
        if monitor:
            monitor.step(loss)
    if monitor:
        monitor.close()
    return model, rec


def test_training_trajectory_is_the_same_with_and_without_each_probe():
    reference, _ = train(None)
    for probe, samples in (("window", 4), ("exact", 5), ("ema", 44 - 9)):
        model, rec = train(probe)
        for (name, a), b in zip(reference.state_dict().items(), model.state_dict().values()):
            assert torch.equal(a, b), f"{probe}: {name} differs"
        noise = [v for t, _, v in rec.records if t == "tailwatch.noise"]
        assert len(noise) == samples * 3, (probe, len(noise))
        metrics = [v for t, _, v in rec.records if t == "tailwatch.metrics"]
        assert len(metrics) == 45


def test_metrics_carry_the_step_loss_gradient_norm_and_learning_rate():
    torch.manual_seed(4)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.03)
    rec = Recorder()
    monitor = Monitor(model, "m", publisher=rec, batch_size=32, optimizer=opt, probe="window")
    x, y = data()
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x[:32]), y[:32])
    loss.backward()
    opt.step()
    norm = torch.sqrt(sum((p.grad.double() ** 2).sum() for p in model.parameters())).item()
    monitor.step(loss, test_accuracy=0.5)
    monitor.close()
    m = [v for t, _, v in rec.records if t == "tailwatch.metrics"][0].resolved()
    assert m["loss"] == loss.item() and m["learningRate"] == 0.03 and m["batchSize"] == 32
    assert abs(m["gradientNorm"] - norm) < 1e-5 * norm and m["testAccuracy"] == 0.5 and m["iteration"] == 0
    runs = [v for t, _, v in rec.records if t == "tailwatch.runs"]
    assert [r["status"] for r in runs] == ["STARTED", "FINISHED"] and runs[0]["source"] == "pytorch"


def test_a_loop_that_raises_inside_the_monitor_context_is_marked_failed():
    model = Net()
    rec = Recorder()
    try:
        with Monitor(model, "f", publisher=rec, iterations=10, probe="window") as monitor:
            model(torch.randn(4, 10)).sum().backward()
            monitor.step()
            raise RuntimeError("diverged")
    except RuntimeError:
        pass
    runs = [v for t, _, v in rec.records if t == "tailwatch.runs"]
    assert [r["status"] for r in runs] == ["STARTED", "FAILED"] and runs[1]["failure"] == "RuntimeError: diverged"
    rec2 = Recorder()
    Monitor(Net(), "g", publisher=rec2, iterations=10, probe="window").close()
    last = [v for t, _, v in rec2.records if t == "tailwatch.runs"][-1]
    assert last["status"] == "FAILED" and last["failure"] == "stopped after 0 of 10 iterations"


def test_layers_pool_their_noise_in_proportion_to_their_size_in_run_info_and_every_sample():
    from tailwatch.probes import network_columns
    from tailwatch.schemas import contracts

    torch.manual_seed(2)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(),
                                torch.nn.Linear(64, 10))
    assert [l.parameter_count for l in layers_of(model)] == [100_480, 8_256, 650]
    # 1,000 tracked (650 in the last layer); pooled: all of the biggest layer's, round(1000*8256/100480) = 82 and
    # round(1000*650/100480) = 6 -- the numbers Java's NetworkPoolingTest gets for the same layers.
    expected = [1_000, 82, 6]
    assert network_columns([100_480, 8_256, 650], [1_000, 1_000, 650]) == expected
    assert network_columns([5, 20], [5, 10]) == [3, 10], "halves round up, as in Java"
    rec = Recorder()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    monitor = Monitor(model, "pool", publisher=rec, probe="window", every=2, probe_batches=2, batch_size=16, optimizer=opt)
    for _ in range(2):
        opt.zero_grad()
        model(torch.randn(16, 784)).square().mean().backward()
        opt.step()
        monitor.step()
    monitor.close()
    info = [v for t, _, v in rec.records if t == "tailwatch.runs"][0]
    assert [l["networkColumns"] for l in info["layers"]] == expected
    noise = [v for t, _, v in rec.records if t == "tailwatch.noise"]
    assert [n["cols"] for n in noise] == [1_000, 1_000, 650]
    codec = contracts().codec("NoiseSample")
    assert [codec.decode(codec.encode(n))["networkColumns"] for n in noise] == expected
    assert [l["networkColumns"] for l in contracts().codec("RunInfo").decode(
        contracts().codec("RunInfo").encode(info))["layers"]] == expected
