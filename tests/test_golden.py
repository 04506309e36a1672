"""The golden runs are reproduced: results change only on purpose (``make golden``)."""

import pytest

from tests.golden_runs import CASES, REL_TOL, TABLES, case_dir, first_difference, tables

HEADER = "year,program,households,spent_yuan\n"


@pytest.mark.parametrize(("scenario", "seed"), CASES, ids=[f"{s}-seed{n}" for s, n in CASES])
def test_the_golden_tables_are_reproduced(scenario, seed):
    fresh = tables(scenario, seed)
    for name in TABLES:
        path = case_dir(scenario, seed) / f"{name}.csv"
        assert path.exists(), f"{path} is missing: `make golden` writes it"
        golden = path.read_text()
        first = first_difference(golden, fresh[name])
        if first is not None:
            old, new = golden.splitlines(), fresh[name].splitlines()
            pytest.fail(
                f"{path.name} of {scenario} (seed {seed}) differs from the golden run at line "
                f"{first + 1}:\n  golden: {old[first] if first < len(old) else '<end>'}\n"
                f"  now:    {new[first] if first < len(new) else '<end>'}\n"
                f"(real numbers are compared to {REL_TOL:g} relative). If the change is meant "
                "to move results, run `make golden` and say so."
            )


def test_the_last_bits_of_a_sum_are_not_a_change():
    golden = HEADER + "2013,crop_insurance,35,272903.3054766601\n"
    assert first_difference(golden, golden.replace("766601", "766602")) is None
    assert (
        first_difference(HEADER + "2013,dibao,0,0.0\n", HEADER + "2013,dibao,0,-1.4e-17\n") is None
    )


@pytest.mark.parametrize(
    ("fresh", "line"),
    [
        ("2013,crop_insurance,36,272903.3054766601\n", 1),  # a count
        ("2013,crop_insurance,35,272903.3055\n", 1),  # a real number beyond rounding
        ("2013,crop_insurance_x,35,272903.3054766601\n", 1),  # a label
        ("2013,crop_insurance,35\n", 1),  # a missing cell
        ("2013,crop_insurance,35,272903.3054766601\n2014,dibao,1,0.5\n", 2),  # an extra row
    ],
)
def test_any_other_difference_is_found_at_its_line(fresh, line):
    golden = HEADER + "2013,crop_insurance,35,272903.3054766601\n"
    assert first_difference(golden, HEADER + fresh) == line
