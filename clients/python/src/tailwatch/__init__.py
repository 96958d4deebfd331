"""tailwatch for PyTorch: publishes a training run's gradient noise, metrics and run info to tailwatch's
Kafka topics (or an export folder), in the contracts of ``schemas/`` — see :class:`Monitor`."""
from .monitor import Monitor
from .probes import DEFAULT as DEFAULT_PROBE, EmaProbe, ExactProbe, TrackedCoordinates, WindowProbe, layers_of

__all__ = ["Monitor", "DEFAULT_PROBE", "WindowProbe", "ExactProbe", "EmaProbe", "TrackedCoordinates", "layers_of"]
__version__ = "0.1.0"
