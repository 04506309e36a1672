"""``linxi metrics [NAME] [--markdown]``: the metric dictionary, every output column explained.

``docs/metrics.md`` is this command's Markdown output (``make docs`` regenerates it), so the
documented units and definitions are the ones tables, plots and stored files use.
"""

from __future__ import annotations

import argparse

from model.cli.common import add_command

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``metrics`` sub-command."""
    parser = add_command(commands, "metrics")
    parser.add_argument(
        "name", nargs="?", default="", help="only columns or tables whose name starts with this"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown document")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the dictionary (all of it, or the entries matching a name)."""
    from model.metric_dictionary import TABLES, metrics_markdown, table_metrics

    if args.markdown:
        print(metrics_markdown(), end="")
        return 0
    for table in TABLES:
        for entry in table_metrics(table).values():
            if entry.name.startswith(args.name) or table.startswith(args.name):
                unit = f" [{entry.unit}]" if entry.unit else ""
                print(f"{table}.{entry.name}{unit}: {entry.definition} ({entry.source})")
    return 0
