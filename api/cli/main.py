"""The `incasso` command: one click group, one module per command family.

Exit codes: 0 success, 1 a user error with a one-line message (never a traceback for bad input).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from core.errors import IncassoError
from core.money import MoneyError


class IncassoGroup(click.Group):
    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:  # usage errors too: exit 1, not click's 2
            exc.show()
            sys.exit(1)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except (IncassoError, MoneyError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        # without standalone mode click returns ctx.exit(code) as a value; our commands themselves return None
        if isinstance(result, int) and result:
            sys.exit(result)
        return result


@click.group(cls=IncassoGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Incasso: the back office of a Dutch no-cure-no-pay collection agency."""


def _register() -> None:
    from api.cli.bank import bank
    from api.cli.calc import calc
    from api.cli.case import case
    from api.cli.claims import claim, import_csv
    from api.cli.creditor import creditor
    from api.cli.db import db
    from api.cli.scheduler_cmd import scheduler_cmd
    from api.cli.serve import serve

    for command in (db, creditor, claim, import_csv, case, calc, scheduler_cmd, serve, bank):
        cli.add_command(command)
    from api.cli.judicial import register as register_judicial

    register_judicial(case)  # advise, advice…, judicial-step, summons, export
    from api.cli.settle import creditor_fees, settle

    cli.add_command(settle)
    creditor.add_command(creditor_fees)
    from api.cli.report import report

    cli.add_command(report)
    from api.cli.demo import demo

    cli.add_command(demo)


_register()
