"""``python -m dtks.synth --region 18.71 --households 1000 --seed 1 --out /tmp/x``."""

from dtks.synth.cli import main

raise SystemExit(main(prog="python -m dtks.synth"))
