"""`dossier run-demo` and `dossier serve`: the web application from the command line."""

from __future__ import annotations

import click


def _prepare_database(load_demo: bool, queue: object = None) -> int | None:
    """Create or upgrade the schema; on an empty database load the demo province (as a job) or
    the reference data.

    Returns the demo job's id when the demo was asked for now: the province and its users are
    there at once, the dossiers are walked by the worker while the server already answers.
    """
    from dossier.cli.settings import open_database, upgrade_schema
    from dossier.demo.job import start_demo
    from dossier.demo.seed import seed_reference
    from dossier.services.queries import is_empty

    db = open_database()
    try:
        upgrade_schema(db)
        with db.read() as session:
            empty = is_empty(session)
        if empty and load_demo:
            job_id = start_demo(db, queue)  # type: ignore[arg-type]
            click.echo(f"Dữ liệu mẫu (tỉnh Khánh Hòa) đang được dựng trong nền (công việc số {job_id}); "
                       "trang web trả lời ngay, tiến độ hiện ở trang đăng nhập.")
            return job_id
        if empty:
            seed_reference(db)
        return None
    finally:
        db.dispose()
        _release_process_pools()


def _release_process_pools() -> None:
    """Stop the render pool and LibreOffice the seeding started here: this process is about to
    become gunicorn's master, which must hold none (its workers make their own after the fork)."""
    from dossier.documents.bounded import shutdown_default_pool
    from dossier.signing.convert import shutdown_default_converter

    shutdown_default_pool()
    shutdown_default_converter()


@click.command("run-demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--local-worker/--no-local-worker", default=True, show_default=True,
              help="Start a job worker beside the web server (stopped with it).")
def run_demo(host: str, port: int, workers: int, local_worker: bool) -> None:
    """Start the web application on the instance database, with the demo data if it is empty."""
    from dossier.cli.convert import shared_conversion
    from dossier.cli.jobs import start_local_worker, stop_local_worker
    from dossier.cli.settings import cli_settings
    from dossier.demo.people import DEMO_PASSWORD, TWO_FACTOR_ROLES, USERS, demo_totp_secret
    from dossier.services.jobs import JobQueue, install_queue
    from web.server import prepare_metrics, serve
    from workflows.labels import ROLE_LABELS
    from workflows.states import Role

    settings = cli_settings()
    prepare_metrics(settings)  # before the seeding imports prometheus_client
    queue = install_queue(JobQueue.from_settings(settings))
    _prepare_database(load_demo=True, queue=queue)
    install_queue(None)  # gunicorn's workers make their own after the fork
    click.echo(f"Cơ sở dữ liệu: {settings.database_url}")
    click.echo(f"Địa chỉ: http://{host}:{port}/")
    click.echo(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    for user in USERS:
        roles = ", ".join(ROLE_LABELS[Role(r)] for r in user.roles)
        click.echo(f"  {user.username:12s} {roles:12s} {user.full_name} – {user.job_title}")
    click.echo("Lãnh đạo, văn thư và quản trị đăng nhập hai lớp: thêm khóa bí mật dưới đây vào ứng dụng xác thực "
               "(Google Authenticator, FreeOTP…), hoặc xem mã hiện tại bằng `dossier demo-code TÊN`:")
    for user in USERS:
        if set(user.roles) & set(TWO_FACTOR_ROLES):
            click.echo(f"  {user.username:12s} {demo_totp_secret(user.username)}")
    with shared_conversion(settings) as settings:
        worker = start_local_worker() if local_worker else None
        try:
            # The demo runs over plain HTTP on this machine: a Secure cookie would not come back over it.
            serve(host, port, workers=workers, config={"SESSION_COOKIE_SECURE": False}, settings=settings)
        finally:
            if worker is not None:
                stop_local_worker(worker)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="gunicorn worker processes (default: cores + 1, at most 4)")
@click.option("--insecure-cookies", is_flag=True, help="Send the session cookie over plain HTTP (no TLS proxy).")
def serve_command(host: str, port: int, workers: int | None, insecure_cookies: bool) -> None:
    """Serve the web application (behind a TLS reverse proxy in production)."""
    from dossier.cli.convert import shared_conversion
    from dossier.cli.settings import cli_settings
    from web.server import prepare_metrics, serve

    prepare_metrics(cli_settings())  # before anything imports prometheus_client
    _prepare_database(load_demo=False)
    click.echo(f"Địa chỉ: http://{host}:{port}/")
    with shared_conversion(cli_settings()) as settings:
        serve(host, port, workers=workers, config={"SESSION_COOKIE_SECURE": False} if insecure_cookies else None,
              settings=settings)


@click.command("demo-code")
@click.argument("username")
def demo_code(username: str) -> None:
    """The current two-factor code of a demo user (the demo's secrets only; no real account's)."""
    from dossier.demo.people import TWO_FACTOR_ROLES, USERS, demo_totp_code

    if not any(u.username == username and set(u.roles) & set(TWO_FACTOR_ROLES) for u in USERS):
        raise click.ClickException(f"{username} is not a demo user with two-factor sign-in")
    click.echo(demo_totp_code(username))
