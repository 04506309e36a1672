"""ABC's effective sample size under two perturbation kernels, on a stand-in problem.

The calibration's posterior is ABC-SMC over 18 free parameters with uniform priors, most of them
barely informed by the targets. A real fit takes about 17 minutes, and its last generation's
effective sample size (ESS) varies from fit to fit, so kernels are compared here on a stand-in
of the same shape that runs in seconds: 18 parameters uniform on [0, 1], 6 of them informed (the
distance grows with their distance from a centre drawn per seed, plus noise, as the real
distance is noisy at one seed a particle), 500 particles, 3 generations, pyabc's
median-of-distances thresholds. For each seed it prints the ESS of every generation, the
thresholds and the simulations each generation took, for pyabc's ``MultivariateNormalTransition``
and for ``model.calibration.kernel.ReflectedNormalTransition`` (the calibration's since stop 39),
both at the calibration's ``TRANSITION_SCALING``.

    python benchmarks/bench_abc_kernel.py --seeds 1 2 3 4
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import numpy as np
import pyabc

from model.calibration.abc import TRANSITION_SCALING, effective_sample_size
from model.calibration.kernel import ReflectedNormalTransition

PARAMETERS, INFORMED, PARTICLES, GENERATIONS = 18, 6, 500, 3


def stand_in(seed: int):
    """The stand-in model: a particle to its noisy distance from a seed's centre."""
    centre = np.random.RandomState(seed + 1000).uniform(0.2, 0.8, INFORMED)  # noqa: NPY002

    def model(particle):
        x = np.array([particle[f"p{i}"] for i in range(INFORMED)])
        spread = np.sqrt(np.mean(np.square((x - centre) / 0.15)))
        noise = 0.01 * np.random.standard_normal()  # noqa: NPY002 - pyabc seeds the global one
        return {"d": 0.1 * spread + 0.08 + noise}

    return model


def run(
    kernel: str, seed: int, scaling: float
) -> tuple[list[float], list[float], list[int], float]:
    """ESS, threshold and simulations of each generation, and the seconds the fit took."""
    names = [f"p{i}" for i in range(PARAMETERS)]
    if kernel == "reflected":
        transition = ReflectedNormalTransition([(0.0, 1.0)] * PARAMETERS, names, scaling=scaling)
    else:
        transition = pyabc.MultivariateNormalTransition(scaling=scaling)
    prior = pyabc.Distribution(**{name: pyabc.RV("uniform", 0, 1) for name in names})
    np.random.seed(seed)  # noqa: NPY002 - pyabc draws from numpy's global generator
    abc = pyabc.ABCSMC(
        stand_in(seed),
        prior,
        lambda x, _: x["d"],
        population_size=PARTICLES,
        transitions=transition,
        sampler=pyabc.SingleCoreSampler(),
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        abc.new(f"sqlite:///{Path(folder) / 'abc.db'}", {"d": 0.0})
        history = abc.run(max_nr_populations=GENERATIONS)
        ess = [
            effective_sample_size(history.get_distribution(m=0, t=t)[1])
            for t in range(history.max_t + 1)
        ]
        populations = history.get_all_populations()
        populations = populations[populations["t"] >= 0]
        epsilons = [float(e) for e in populations["epsilon"]]
        samples = [int(n) for n in populations["samples"]]
    return ess, epsilons, samples, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--scaling", type=float, default=TRANSITION_SCALING)
    parser.add_argument(
        "--kernels", nargs="+", default=["pyabc", "reflected"], choices=["pyabc", "reflected"]
    )
    args = parser.parse_args()
    for name in ("ABC", "Sampler", "Epsilon", "Population", "Distance"):
        logging.getLogger(name).setLevel(logging.WARNING)
    print(
        f"stand-in: {PARAMETERS} uniform parameters, {INFORMED} informed; {PARTICLES} particles,"
        f" {GENERATIONS} generations; kernel variance x{args.scaling:g}"
    )
    print("kernel     seed  ESS by generation      thresholds            simulations        s")
    for kernel in args.kernels:
        last = []
        for seed in args.seeds:
            ess, epsilons, samples, seconds = run(kernel, seed, args.scaling)
            last.append(ess[-1])
            print(
                f"{kernel:9s} {seed:5d}  {' '.join(f'{e:5.0f}' for e in ess):20s}  "
                f"{' '.join(f'{e:.3f}' for e in epsilons):20s}  "
                f"{' '.join(f'{n:5d}' for n in samples):17s}  {seconds:5.0f}"
            )
        print(
            f"{kernel:9s} last generation's ESS: {min(last):.0f}-{max(last):.0f} of {PARTICLES}"
            f" (mean {np.mean(last):.0f})"
        )


if __name__ == "__main__":
    main()
