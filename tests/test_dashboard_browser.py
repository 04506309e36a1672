"""The dashboard in a real browser: the system's Chromium driven by Playwright.

Starts ``linxi dashboard`` on a free port, moves the egg-farm funding slider, steps the model,
and checks that what the charts show changes; picks scenarios and checks that the 379 and
funding sliders start at each scenario's values and that an untouched run is the scenario's own.
Keeps screenshots in ``test-artifacts/``.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from model import LinxiModel
from model.dashboard.components import year_status
from tests.conftest import ROOT, SCENARIOS

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
LINXI = Path(sys.executable).with_name("linxi")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOUSEHOLDS = 1500
LAST_YEAR = 2020  # the baseline's end year

# `make test` installs Chromium first, so in CI a missing browser is a failure, not a skip.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs /usr/bin/chromium (`make chromium` installs it)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dashboard exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"dashboard did not answer at {url}:\n{log.read_text()}")


@pytest.fixture
def dashboard_url(tmp_path):
    port = _free_port()
    log = tmp_path / "dashboard.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(LINXI),
                "dashboard",
                "--port",
                str(port),
                "--households",
                str(HOUSEHOLDS),
                "--scenarios",
                str(SCENARIOS),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so all of it is stopped below
            cwd=tmp_path,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_until_serving(url, server, log)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture
def page(tmp_path):
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),  # a fresh user-data dir
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1500},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def _status(page) -> str:
    return (
        page.locator(".solara-autorouter-content")
        .get_by_text(re.compile(r"^Year \d{4}:"))
        .inner_text()
    )


def _slider(page, label: str):
    return page.locator(".v-input").filter(has_text=label).locator("[role=slider]")


def _step_to(page, year: int) -> None:
    page.get_by_role("button", name="Step").click()
    playwright.expect(page.get_by_text(re.compile(rf"^Year {year}:"))).to_be_visible(timeout=60_000)


def _charts(page, attempts: int = 20) -> list[bytes]:
    """The pixels of each chart, as PNG screenshots of the chart images.

    Solara replaces a chart's image when it redraws it (on load the page can render twice), and
    an image being replaced cannot be captured ("not attached", "not visible"): the capture
    starts again, a bounded number of times. (The images' sources cannot stand in for their
    pixels: ipywidgets' image view shows its bytes through a new object URL at each update.)
    """
    images = page.locator(".solara-autorouter-content img")
    for _ in range(attempts):
        playwright.expect(images).to_have_count(4, timeout=60_000)
        try:
            return [images.nth(i).screenshot(timeout=10_000) for i in range(4)]
        except playwright.Error:
            page.wait_for_timeout(500)
    raise AssertionError(f"the charts could not be captured in {attempts} attempts")


def _jobs(status: str) -> int:
    return int(re.search(r"firm jobs (\d+)", status).group(1))


def test_funding_slider_changes_the_charts(dashboard_url, page):
    expect = playwright.expect
    page.goto(dashboard_url)
    expect(page.get_by_text("No year completed yet", exact=False)).to_be_visible(timeout=90_000)
    before_any_step = _charts(page)

    # Mesa's render interval is the number of years a Step click runs: set it to its maximum,
    # so one click runs the whole scenario (the model stops at its end year).
    interval = _slider(page, "Render Interval")
    interval.focus()
    interval.press("End")
    expect(interval).to_have_attribute("aria-valuenow", "100")

    # Stepping draws the current run beside the baseline.
    _step_to(page, LAST_YEAR)
    status_default = _status(page)
    charts_default = _charts(page)
    assert charts_default[0] != before_any_step[0]  # the poverty chart gained the current run

    # Triple the egg farm's money, rebuild the model, run to the same year.
    slider = _slider(page, "Egg farm funding")
    slider.focus()
    slider.press("End")
    expect(slider).to_have_attribute("aria-valuenow", "3")
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_text("No year completed yet", exact=False)).to_be_visible(timeout=60_000)
    _step_to(page, LAST_YEAR)
    status_tripled = _status(page)
    charts_tripled = _charts(page)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    # A second browser tab gets its own model, not the one stepped above.
    other = page.context.new_page()
    other.goto(dashboard_url)
    expect(other.get_by_text("No year completed yet", exact=False)).to_be_visible(timeout=60_000)

    assert _jobs(status_tripled) > _jobs(status_default) > 0  # a bigger farm hires more
    jobs_chart, aid_chart = 2, 3  # CHART_METRICS: poverty, income of the poor, jobs, aid spent
    assert charts_tripled[jobs_chart] != charts_default[jobs_chart]
    assert charts_tripled[aid_chart] != charts_default[aid_chart]


def _pick(page, scenario_file: str) -> None:
    page.locator(".v-select").filter(has_text="Scenario").first.click()
    page.get_by_role("option", name=scenario_file).click()
    playwright.expect(
        page.get_by_text(re.compile(rf"^{scenario_file.removesuffix('.toml')},"))
    ).to_be_visible(timeout=60_000)


def _values(page, *labels: str) -> list[str]:
    return [_slider(page, label).get_attribute("aria-valuenow") for label in labels]


SHARES = ("379: poor staff", "379: poor linked", "379: rent to poor")
FUNDING = ("Beijing aid funding", "Industry funding", "Egg farm funding")


def test_sliders_start_at_the_chosen_scenarios_values_and_a_run_is_the_scenarios_own(
    dashboard_url, page
):
    page.goto(dashboard_url)
    playwright.expect(page.get_by_text("No year completed yet", exact=False)).to_be_visible(
        timeout=90_000
    )
    assert _values(page, *SHARES) == ["0.3", "0.7", "0.9"]  # the baseline's 379 shares
    assert _values(page, *FUNDING) == ["1", "1", "1"]

    _pick(page, "industry_doubled.toml")
    assert _values(page, *FUNDING) == ["1", "2", "1"]  # families.industry.funding_scale = 2

    _pick(page, "strict_379.toml")
    assert _values(page, *SHARES) == ["0.5", "0.7", "0.9"]  # share_poor_staff = 0.5
    assert _values(page, *FUNDING) == ["1", "1", "1"]

    # Untouched sliders: the run is strict_379's own, not the baseline's 30% quota.
    interval = _slider(page, "Render Interval")
    interval.focus()
    interval.press("End")
    _step_to(page, LAST_YEAR)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard_strict_379.png"), full_page=True)

    def last_year(scenario: str) -> str:
        model = LinxiModel(SCENARIOS / scenario, households=HOUSEHOLDS, rng=1).run()
        return year_status(model.annual_frame().iloc[-1])

    assert last_year("strict_379.toml") != last_year("baseline.toml")  # the test can tell
    assert _status(page) == last_year("strict_379.toml")


def test_chromium_is_the_debian_package():
    owner = subprocess.run(["dpkg", "-S", str(CHROMIUM)], capture_output=True, text=True)
    assert owner.returncode == 0 and owner.stdout.startswith("chromium"), owner.stderr


def _slider_values(page) -> list[tuple[str, str]]:
    """Each slider's value and the text drawn beside its handle (``SLIDER_VALUES_CSS``)."""
    return page.eval_on_selector_all(
        "[role=slider]",
        "els => els.map(el => [el.getAttribute('aria-valuenow'),"
        " getComputedStyle(el, '::after').content])",
    )


def _effect_cells(page) -> dict[str, str]:
    table = page.locator("table").filter(has_text="People lifted out of poverty")
    rows = table.locator("tbody tr")
    cells = {}
    for i in range(rows.count()):
        measure, value, _unit = rows.nth(i).locator("td").all_inner_texts()
        cells[measure.strip()] = value.strip()
    return cells


def test_effect_table_progress_and_every_sliders_value(dashboard_url, page):
    from model.dashboard import DashboardModel
    from model.dashboard.effects import effects

    expect = playwright.expect
    page.goto(dashboard_url)
    expect(page.get_by_text("No year completed yet", exact=False)).to_be_visible(timeout=90_000)
    expect(page.get_by_text("no year finished yet", exact=False)).to_be_visible()

    # every slider (Mesa's controls, the seed, the funding levers, the 379 shares) shows its value
    values = _slider_values(page)
    assert len(values) >= 3 + len(FUNDING) + len(SHARES)
    assert all(shown == f'"{value}"' for value, shown in values), values

    # no Beijing money at all; the value beside the slider follows it
    slider = _slider(page, "Beijing aid funding")
    slider.focus()
    slider.press("Home")
    expect(slider).to_have_attribute("aria-valuenow", "0")
    assert page.evaluate("el => getComputedStyle(el, '::after').content",
                         slider.element_handle()) == '"0"'  # fmt: skip
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_text("No year completed yet", exact=False)).to_be_visible(timeout=60_000)

    # run to the end in the background: the progress shows the years as they are computed
    page.evaluate(
        """() => { window.seen = [];
        new MutationObserver(() => {
            for (const el of document.querySelectorAll('.linxi-progress'))
                window.seen.push(el.innerText);
        }).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""
    )
    page.get_by_role("button", name="Run to the end").click()
    expect(page.get_by_text(re.compile(r"^Finished 2011-2020 in"))).to_be_visible(timeout=120_000)
    seen = set(page.evaluate("window.seen"))
    running = [
        text for text in seen if re.match(r"Running baseline: \d{4} \((\d) of 10 years\)", text)
    ]
    assert running, seen  # years reported while the run was still going
    expect(page.get_by_text("Effect against the baseline, 2020", exact=False)).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard_effects.png"), full_page=True)

    # the table is the comparison of that run with the baseline at the same seed
    model = DashboardModel("baseline.toml", households=HOUSEHOLDS, rng=1, aid_funding_scale=0.0)
    while model.running:
        model.step()
    year, rows = effects(model)
    cells = _effect_cells(page)
    assert year == LAST_YEAR
    assert cells == {row.measure: row.text() for row in rows}
    assert cells["Money given, all funders"].startswith("-")  # Beijing's money taken away
