"""The `dossier` command: one click group; each area adds its commands from its own module."""

from __future__ import annotations

import click

from dossier.cli.core import core_commands
from dossier.config import Settings, install


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Hồ sơ Khuyến công: khuyến công dossiers, their workflow and documents."""
    # Read the environment once, here; commands find the settings on their context (cli.settings).
    ctx.obj = install(Settings.from_env())


for command in core_commands:
    main.add_command(command)


def _register_optional() -> None:
    # Areas built by separate modules; each must exist in a complete checkout.
    from dossier.cli.archive import archive_timestamp
    from dossier.cli.register import register, seal, sign
    from dossier.cli.templates import check_document, check_layout, render, templates
    from dossier.cli.verify import verify
    from dossier.cli.vn import vn
    from dossier.cli.web import demo_code, run_demo, serve_command

    for command in (vn, templates, render, check_layout, check_document, verify, run_demo, serve_command,
                    demo_code,
                    register, sign, seal, archive_timestamp):
        main.add_command(command)
    from dossier.cli.plans import plan_commands  # issue 6: plans, money, deadlines, bundles, import

    for command in plan_commands:
        main.add_command(command)
    from dossier.cli.personal import personal_data  # issue 13: personal data on request

    main.add_command(personal_data)
    from dossier.cli.exchange import exchange  # issue 12: edXML outbox, status messages, agencies

    main.add_command(exchange)
    from dossier.cli.jobs import job_commands  # issue 14: background jobs

    for command in job_commands:
        main.add_command(command)
    from dossier.cli.convert import convert_service  # issue 14: one LibreOffice pool per machine

    main.add_command(convert_service)
    from dossier.cli.api import api_token  # issue 12: the REST API's integration tokens

    main.add_command(api_token)
    from dossier.cli.records import records  # issue 12: electronic records (hồ sơ điện tử)

    main.add_command(records)


_register_optional()
