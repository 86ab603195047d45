"""``dossier api-token``: the REST API's integration tokens, for administrators at the console."""

from __future__ import annotations

import click

from dossier.cli.register import _database
from dossier.cli.settings import refusals, user_id_of


@click.group("api-token")
def api_token() -> None:
    """Tokens of the systems that use the REST API (/api/v1)."""


@api_token.command("create")
@click.option("--as", "admin", required=True, help="Login of the administrator making it.")
@click.option("--for", "username", required=True, help="Login of the account the token acts as.")
@click.option("--name", required=True, help="Which system uses it.")
@click.option("--can-fire", is_flag=True, help="May fire workflow steps, not only read.")
def create(admin: str, username: str, name: str, can_fire: bool) -> None:
    """Make a token and print it (once: only its sha256 is kept)."""
    from dossier.services.api_tokens import create_token

    with _database() as db, refusals():
        token = create_token(db, actor_id=user_id_of(db, admin), user_id=user_id_of(db, username), name=name,
                             can_fire=can_fire)
    click.echo(token)


@api_token.command("list")
@click.option("--as", "admin", required=True, help="Login of an administrator.")
def list_command(admin: str) -> None:
    from dossier.services.api_tokens import list_tokens

    with _database() as db:
        for t in list_tokens(db, actor_id=user_id_of(db, admin)):
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
            click.echo(f"{t.id}\t{t.prefix}…\t{t.username}\t{'read+fire' if t.can_fire else 'read'}\t{state}\t{t.name}")


@api_token.command("revoke")
@click.argument("token_id", type=int)
@click.option("--as", "admin", required=True, help="Login of an administrator.")
def revoke(token_id: int, admin: str) -> None:
    from dossier.services.api_tokens import revoke_token

    with _database() as db, refusals():
        revoke_token(db, actor_id=user_id_of(db, admin), token_id=token_id)
    click.echo(f"revoked {token_id}")
