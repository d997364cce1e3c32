"""Synthetic population generator: households, people, civil registry, dirty source extracts,
a consumption survey and the ground truth that links them. Pure Python + numpy/pyarrow.

    from dtks.synth import generate
    summary = generate(region="18.71", households=10_000, seed=1, out_dir=Path("out"))

See docs/synth.md for what is modelled and the files written.
"""

from dtks.synth.config import Coverage, ErrorRates, SynthConfig
from dtks.synth.generator import SynthSummary, generate

__all__ = ["Coverage", "ErrorRates", "SynthConfig", "SynthSummary", "generate"]
