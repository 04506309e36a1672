"""``linxi dashboard``: serve the browser dashboard (Mesa SolaraViz) on this machine."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from model.cli.common import add_command, add_households_flag, number
from model.errors import ScenarioError

__all__ = ["add_parser", "server_command"]

#: The Solara page ``linxi dashboard`` serves.
APP = "model.dashboard.app:page"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``dashboard`` sub-command."""
    parser = add_command(commands, "dashboard")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=number(1, 65535),
        default=8765,
        help="port to listen on (default: %(default)s)",
    )
    add_households_flag(
        parser,
        help="households simulated (default: the dashboard's, 5,000: a 5%% copy of the county)",
    )
    parser.add_argument(
        "--scenarios",
        type=Path,
        default=Path("scenarios"),
        help="directory of the scenario files offered by the picker (default: %(default)s)",
    )
    parser.set_defaults(func=dashboard)


def server_command(host: str, port: int) -> list[str]:
    """The command line that runs the Solara server for the dashboard."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",  # it would ask PyPI for a newer Solara at every start
    ]


def dashboard(args: argparse.Namespace) -> int:
    """Replace this process with the Solara server (so that stopping it stops the server)."""
    # the dashboard package imports Solara: only when the dashboard is served
    from model.dashboard.params import DEFAULT_HOUSEHOLDS, ENV_HOUSEHOLDS, ENV_SCENARIOS

    households = args.households or DEFAULT_HOUSEHOLDS
    scenarios = args.scenarios.resolve()
    if not (scenarios / "baseline.toml").is_file():
        raise ScenarioError(
            scenarios,
            "--scenarios",
            "expected a directory holding baseline.toml and other scenarios",
        )
    env = dict(os.environ)
    env[ENV_HOUSEHOLDS] = str(households)
    env[ENV_SCENARIOS] = str(scenarios)
    # Solara reports usage to Mixpanel unless told not to; the dashboard stays on this machine.
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    command = server_command(args.host, args.port)
    print(
        f"Dashboard on http://{args.host}:{args.port}/ ({households:,} households); Ctrl-C stops it"
    )
    sys.stdout.flush()
    os.execve(command[0], command, env)
    return 0  # not reached
