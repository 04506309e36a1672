"""The golden runs are reproduced to the byte: results change only on purpose (``make golden``)."""

import pytest

from tests.golden_runs import CASES, TABLES, case_dir, tables


@pytest.mark.parametrize(("scenario", "seed"), CASES, ids=[f"{s}-seed{n}" for s, n in CASES])
def test_the_golden_tables_are_reproduced_byte_for_byte(scenario, seed):
    fresh = tables(scenario, seed)
    for name in TABLES:
        path = case_dir(scenario, seed) / f"{name}.csv"
        assert path.exists(), f"{path} is missing: `make golden` writes it"
        golden = path.read_text()
        if fresh[name] != golden:
            old, new = golden.splitlines(), fresh[name].splitlines()
            first = next(
                (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                min(len(old), len(new)),
            )
            pytest.fail(
                f"{path.name} of {scenario} (seed {seed}) differs from the golden run at line "
                f"{first + 1}:\n  golden: {old[first] if first < len(old) else '<end>'}\n"
                f"  now:    {new[first] if first < len(new) else '<end>'}\n"
                "If the change is meant to move results, run `make golden` and say so."
            )
