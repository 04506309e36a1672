"""Malformed scenarios: every one is refused by `linxi validate` and `linxi run` with one line
naming the file (or flag) and the key, exit status 2, and no output written."""

import pytest

from model.cli import main
from tests.conftest import SCENARIOS

BASELINE = str(SCENARIOS / "baseline.toml")

# case: (files {name: text or bytes}, the file to check, extra args, [expected in stderr])
CASES = {
    "unknown_top_level_key": ({"s.toml": 'nme = "x"\n'}, "s.toml", [], ["nme", "'name'"]),
    "unknown_run_key": (
        {"s.toml": "[run]\nend_yaer = 2015\n"},
        "s.toml",
        [],
        ["run.end_yaer", "'end_year'"],
    ),
    "unknown_aid_key": (
        {"s.toml": "[aid]\nfundng_scale = 2.0\n"},
        "s.toml",
        [],
        ["aid.fundng_scale", "'funding_scale'"],
    ),
    "unknown_program": (
        {"s.toml": "[programs.egg_farms]\nenabled = true\n"},
        "s.toml",
        [],
        ["programs.egg_farms", "'egg_farm'"],
    ),
    "misspelt_program_key": (
        {"s.toml": "[programs.egg_farm]\nshare_poor_staf = 0.3\n"},
        "s.toml",
        [],
        ["programs.egg_farm.share_poor_staf", "'share_poor_staff'"],
    ),
    "unknown_section": (
        {"s.toml": "[shock]\ndrought_severity = {}\n"},
        "s.toml",
        [],
        ["shock", "'shocks'"],
    ),
    "year_as_text": ({"s.toml": '[run]\nend_year = "soon"\n'}, "s.toml", [], ["run.end_year"]),
    "bool_as_text": ({"s.toml": '[aid]\nenabled = "maybe"\n'}, "s.toml", [], ["aid.enabled"]),
    "name_as_number": ({"s.toml": "name = 5\n"}, "s.toml", [], ["name", "string"]),
    "number_for_a_table": ({"s.toml": "aid = 1\n"}, "s.toml", [], ["aid", "got 1"]),
    "share_above_one": (
        {"s.toml": "[programs.egg_farm]\nshare_rent_to_poor = 1.5\n"},
        "s.toml",
        [],
        ["programs.egg_farm.share_rent_to_poor", "1.5"],
    ),
    "negative_share": (
        {"s.toml": "[programs.egg_farm]\nshare_poor_staff = -0.1\n"},
        "s.toml",
        [],
        ["programs.egg_farm.share_poor_staff", "-0.1"],
    ),
    "end_year_too_late": ({"s.toml": "[run]\nend_year = 2040\n"}, "s.toml", [], ["run.end_year"]),
    "stop_year_too_early": (
        {"s.toml": "[aid]\nstop_after_year = 2005\n"},
        "s.toml",
        [],
        ["aid.stop_after_year", "2005"],
    ),
    "funding_year_out_of_range": (
        {"s.toml": "[programs.egg_farm.funding_yuan]\n2050 = 1.0\n"},
        "s.toml",
        [],
        ["programs.egg_farm.funding_yuan.2050"],
    ),
    "negative_money": (
        {"s.toml": "[programs.egg_farm.funding_yuan]\n2017 = -5.0\n"},
        "s.toml",
        [],
        ["programs.egg_farm.funding_yuan.2017"],
    ),
    "negative_funding_scale": (
        {"s.toml": "[aid]\nfunding_scale = -1.0\n"},
        "s.toml",
        [],
        ["aid.funding_scale"],
    ),
    "drought_above_one": (
        {"s.toml": "[shocks.drought_severity]\n2015 = 1.2\n"},
        "s.toml",
        [],
        ["shocks.drought_severity.2015"],
    ),
    "unknown_parameter": (
        {"s.toml": '[parameters]\n"egg_farm.rent_rat" = 0.1\n'},
        "s.toml",
        [],
        ["parameters.egg_farm.rent_rat", "'egg_farm.rent_rate'"],
    ),
    "parameter_as_text": (
        {"s.toml": '[parameters]\n"egg_farm.rent_rate" = "high"\n'},
        "s.toml",
        [],
        ["parameters.egg_farm.rent_rate", "'high'"],
    ),
    "negative_parameter": (
        {"s.toml": '[parameters]\n"egg_farm.rent_rate" = -0.1\n'},
        "s.toml",
        [],
        ["parameters.egg_farm.rent_rate", ">= 0"],
    ),
    "toml_syntax": (
        {"s.toml": "[programs.egg_farm\nfunding_scale = 2\n"},
        "s.toml",
        [],
        ["TOML syntax error"],
    ),
    "toml_duplicate_key": (
        {"s.toml": "[aid]\nenabled = true\nenabled = false\n"},
        "s.toml",
        [],
        ["TOML syntax error"],
    ),
    "not_utf8": ({"s.toml": b'name = "caf\xe9"\n'}, "s.toml", [], ["not a UTF-8 text file"]),
    "base_not_found": (
        {"s.toml": 'base = "missing.toml"\n'},
        "missing.toml",
        [],
        ["file not found"],
    ),
    "base_not_a_name": ({"s.toml": "base = 5\n"}, "s.toml", [], ["base", "5"]),
    "base_loop": (
        {"s.toml": 'base = "t.toml"\n', "t.toml": 'base = "s.toml"\n'},
        "s.toml",
        [],
        ["base", "loops back"],
    ),
    "base_with_syntax_error": (
        {"s.toml": 'base = "t.toml"\n', "t.toml": "[aid\n"},
        "t.toml",
        [],
        ["TOML syntax error"],
    ),
    "set_unknown_key": (
        {"s.toml": f'base = "{BASELINE}"\n'},
        "--set",
        ["--set", "aid.fundng_scale=2"],
        ["aid.fundng_scale", "'funding_scale'"],
    ),
    "set_without_value": (
        {"s.toml": f'base = "{BASELINE}"\n'},
        "--set",
        ["--set", "aid.funding_scale"],
        ["aid.funding_scale", "KEY=VALUE"],
    ),
    "set_wrong_type": (
        {"s.toml": f'base = "{BASELINE}"\n'},
        "--set",
        ["--set", "run.end_year=soon"],
        ["run.end_year", "'soon'"],
    ),
    "set_into_a_value": (
        {"s.toml": f'base = "{BASELINE}"\n'},
        "--set",
        ["--set", "name.first=1"],
        ["name", "not a table"],
    ),
}


def _write(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)


def _check(capsys, status, named, expected):
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert status == 2
    assert len(lines) == 1, err
    assert named in lines[0], lines[0]
    for part in expected:
        assert part in lines[0], lines[0]


def test_there_are_at_least_twenty_distinct_cases():
    assert len(CASES) >= 20
    assert len({text for files, *_ in CASES.values() for text in map(repr, files.values())}) >= 20


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_and_run_refuse_a_malformed_scenario(tmp_path, monkeypatch, capsys, case):
    files, named, extra, expected = CASES[case]
    _write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    scenario = tmp_path / "s.toml"
    named = named if named.startswith("--") else str(tmp_path / named)
    before = sorted(p.name for p in tmp_path.iterdir())

    _check(capsys, main(["validate", str(scenario), *extra]), named, expected)
    out = tmp_path / "out"
    _check(
        capsys,
        main(["run", str(scenario), "--households", "300", "--out", str(out), *extra]),
        named,
        expected,
    )
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no results/ either


@pytest.mark.parametrize("command", ["compare", "sweep", "sensitivity", "run --runs 2"])
def test_experiment_commands_refuse_a_malformed_scenario_and_write_nothing(
    tmp_path, monkeypatch, capsys, command
):
    bad = tmp_path / "bad.toml"
    bad.write_text("[programs.egg_farm]\nshare_poor_staf = 0.3\n")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    args = {
        "compare": ["compare", BASELINE, str(bad)],
        "sweep": ["sweep", str(bad), "--lever", "aid.funding_scale=1,2"],
        "sensitivity": ["sensitivity", str(bad), "--param", "egg_farm.rent_rate=0.02,0.1"],
        "run --runs 2": ["run", str(bad), "--runs", "2"],
    }[command]
    status = main([*args, "--households", "300", "--out", str(out)])
    _check(capsys, status, str(bad), ["programs.egg_farm.share_poor_staf"])
    assert not out.exists() and not (tmp_path / "results").exists()


def test_validate_prints_ok_for_good_files(capsys):
    files = [str(SCENARIOS / "baseline.toml"), str(SCENARIOS / "no_aid.toml")]
    assert main(["validate", *files]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [f"ok {files[0]} (baseline, 2011-2020)", f"ok {files[1]} (no_aid, 2011-2020)"]


def test_every_shipped_scenario_validates(capsys):
    files = sorted(str(path) for path in SCENARIOS.glob("*.toml"))
    assert main(["validate", *files]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == len(files)


def test_validate_reports_every_bad_file_and_the_good_ones(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[aid]\nfunding_scale = -1.0\n")
    assert main(["validate", BASELINE, str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out.strip() == f"ok {BASELINE} (baseline, 2011-2020)"
    assert captured.err.count("\n") == 1 and "aid.funding_scale" in captured.err


def test_bad_experiment_flags_exit_2_and_write_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    cases = [
        (["sweep", BASELINE, "--lever", "aid.fundng_scale=1,2"], "aid.fundng_scale"),
        (["sweep", BASELINE, "--lever", "aid.funding_scale"], "--lever"),
        (["sweep", BASELINE, "--lever", "aid.funding_scale=1,2", "--design", "lhs"], "--samples"),
        (["sensitivity", BASELINE, "--param", "egg_farm.rent_rate=0.1"], "--param"),
        (["sensitivity", BASELINE, "--param", "egg_farm.rent_rat=0,1"], "egg_farm.rent_rat"),
        (
            ["sensitivity", BASELINE, "--param", "egg_farm.rent_rate=0,1", "--output", "povrty"],
            "povrty",
        ),
        (["run", BASELINE, "--runs", "2", "--dask", "nowhere"], "--dask nowhere"),
        (["sweep", BASELINE, "--lever", "aid.funding_scale=1,2", "--metric", "jbos"], "jbos"),
    ]
    for args, named in cases:
        status = main([*args, "--households", "300", "--out", str(out)])
        _check(capsys, status, named, [])
        assert not out.exists(), args
