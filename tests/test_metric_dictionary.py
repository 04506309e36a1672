"""The metric dictionary covers every column the model writes, and everything that shows a metric
(tables, plots, the headline, stored files, the docs) reads its unit from it."""

import re

import pytest

from model.cli.metrics import run as metrics_command
from model.county import ANNUAL_REPORTERS
from model.experiments.impact import HEADLINE_MEASURES
from model.households import INCOME_SOURCES
from model.metric_dictionary import (
    TABLES,
    income_sources,
    metric,
    metric_dictionary,
    metric_label,
    metrics_markdown,
    table_metrics,
)
from model.results import run_scenario
from tests.conftest import ROOT, SCENARIOS


@pytest.fixture(scope="module")
def result():
    return run_scenario(SCENARIOS / "baseline.toml", households=400, seed=2)


def test_every_column_of_every_table_has_an_entry(result):
    ids = set(table_metrics("ids"))
    frames = {
        "annual": result.annual,
        "programs": result.programs,
        "monthly": result.monthly,
        "ledger": result.ledger,
        "beneficiaries": result.beneficiaries,
    }
    for table, frame in frames.items():
        described = set(table_metrics(table)) | ids
        missing = [c for c in frame.columns if c not in described]
        assert not missing, f"{table}: no dictionary entry for {missing}"
    # nothing the model computes for the year is dropped for want of an entry
    assert set(result.model.year_metrics) <= set(table_metrics("annual"))
    # the annual table is the dictionary's, column for column, in order
    assert list(result.annual.columns) == list(table_metrics("annual")) == list(ANNUAL_REPORTERS)


def test_comparison_tables_have_entries():
    from model.experiments import run_one

    output = run_one(None, seed=1, households=300, overrides={"run.end_year": 2012},
                     keep_households=True)  # fmt: skip
    assert set(output.households.columns) <= set(table_metrics("households"))
    assert [column for _, _, column in HEADLINE_MEASURES] == list(table_metrics("measures"))


def test_each_entry_is_complete_and_cites_a_known_source():
    sources = (ROOT / "docs" / "sources.md").read_text("utf-8")
    for table in TABLES:
        for entry in table_metrics(table).values():
            assert entry.label and entry.definition and entry.concept and entry.source, entry
            for key in re.findall(r"\[([a-z0-9-]+)\]", entry.source):
                assert f"### [{key}]" in sources, f"{entry.name}: [{key}] not in sources.md"
            if entry.display_unit:
                assert entry.display_scale > 0


def test_income_sources_follow_the_households_arrays():
    assert income_sources() == list(INCOME_SOURCES)


def test_units_match_the_values(result):
    annual = result.annual
    assert metric("poverty_rate").unit.startswith("share")  # a fraction in every frame and file
    assert annual.poverty_rate.between(0, 1).all()
    assert metric("poverty_rate").display_scale == 100  # shown as a percentage, so labelled
    assert metric("aid_spent_yuan").unit == "yuan/year"
    assert metric("poverty_rate_change_pp", "measures").unit == "percentage points"


def test_docs_metrics_md_is_the_generated_page(capsys):
    import argparse

    assert (ROOT / "docs" / "metrics.md").read_text("utf-8") == metrics_markdown(), (
        "docs/metrics.md is stale: run `make docs`"
    )
    metrics_command(argparse.Namespace(markdown=True, name=""))
    assert capsys.readouterr().out == metrics_markdown()


def test_cli_tables_plots_and_headline_read_the_dictionary(result, capsys):
    from model.cli.experiment_io import headline_rows
    from model.cli.run import SUMMARY_METRICS, summary_table
    from model.plots._common import metric_label as plot_label

    table = summary_table(result.annual).splitlines()
    labels, units = table[0], table[1]
    for name in SUMMARY_METRICS[1:]:
        entry = metric(name)
        assert entry.label in labels and entry.shown_unit in units
    # the poverty rate is shown in the display unit printed above it
    first = result.annual.iloc[0]
    assert f"{100 * first.poverty_rate:.1f}" in table[2]
    # plots label their axes from the same entries
    assert plot_label("poverty_rate") == metric_label("poverty_rate")
    assert plot_label("poverty_rate")[0] == "Poverty rate (% of rural people)"
    # the headline's units are the dictionary's display units
    import pandas as pd

    headline = pd.DataFrame(
        [
            {"measure": m, "unit": u, "median": 1e6, "p10": 0.0, "p90": 2e6, "note": "",
             "metric": c}
            for m, u, c in HEADLINE_MEASURES
        ]
    )  # fmt: skip
    rows = {row["measure"]: row for row in headline_rows(headline)}
    assert rows["aid cost"]["unit"] == "M yuan"
    assert rows["aid cost"]["median [10th, 90th percentile]"] == "1.00 [0.00, 2.00]"
    assert rows["change in poverty rate"]["unit"] == "percentage points"


def test_dictionary_is_a_copy():
    everything = metric_dictionary()
    everything["annual"].clear()
    assert table_metrics("annual")
