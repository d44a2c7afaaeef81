"""The ``participatienet`` command.

    participatienet demo          migrate, load demo data once, print logins, serve
    participatienet serve         production server (gunicorn) with WhiteNoise static files
    participatienet seed-demo     (re)build the demo data
    participatienet createadmin   create a programme admin
    participatienet bench NAME    run a benchmark (matching, network, grouping, all)
    participatienet <command>     any Django management command (migrate, shell, ...)

Bad options print a clear error and exit with code 2.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Sequence

OUR_COMMANDS = ("demo", "serve", "seed-demo", "createadmin", "bench")

#: Benchmarks in bench/ (repository root): ``participatienet bench NAME`` runs ``bench.NAME``.
BENCHMARKS = ("matching", "network", "grouping")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatienet.settings")
    import django

    django.setup()


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {number}")
    return number


def _port(value: str) -> int:
    number = _positive(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"a port is at most 65535, got {number}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="participatienet",
        description=(
            "participatienet: the platform of the Flemish participation and network trajectory. "
            "Besides the commands below, every Django management command works too "
            "(for example: participatienet migrate, participatienet help)."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="migrate, load the demo data when the database is empty, print logins and serve",
        description=(
            "Prepare the database (migrations, reference data), load the full demo data when "
            "the database holds no organisations yet, create the demo accounts, print the "
            "address and logins, and serve the app. A second run reuses what exists."
        ),
    )
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    demo.add_argument("--port", type=_port, default=8000, help="port to listen on (8000)")
    demo.add_argument(
        "--size", choices=("small", "full"), default="full", help="demo data size (full)"
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed of the demo data (1)")
    demo.add_argument(
        "--no-serve", action="store_true", help="prepare everything, then stop without serving"
    )

    serve = sub.add_parser(
        "serve",
        help="run the production server (gunicorn, static files by WhiteNoise)",
        description=(
            "Collect static files and run gunicorn. Processes are stateless: run several "
            "behind a load balancer, all on one PostgreSQL database."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--workers", type=_positive, default=2, help="number of worker processes (2)"
    )
    serve.add_argument(
        "--no-collectstatic", action="store_true", help="skip collecting static files"
    )

    seed = sub.add_parser(
        "seed-demo",
        help="build the demo data (deterministic by seed)",
        description="Build realistic demo data for all 18 regions, deterministic by seed.",
    )
    seed.add_argument("--size", choices=("small", "full"), default="full", help="(full)")
    seed.add_argument("--seed", type=int, default=1, help="random seed (1)")
    seed.add_argument("--reset", action="store_true", help="remove existing demo data first")

    bench = sub.add_parser(
        "bench",
        help="run a benchmark and print its figures",
        description=(
            "Run a benchmark of bench/ (or all of them). Each prints a readable table and, as "
            "its last line, one line of JSON with its figures and the budget each is held to. "
            "Options after the name go to the benchmark (see: participatienet bench NAME --help)."
        ),
    )
    bench.add_argument("name", choices=(*BENCHMARKS, "all"), help="which benchmark")
    bench.add_argument("options", nargs=argparse.REMAINDER, help="options for the benchmark")

    admin = sub.add_parser(
        "createadmin",
        help="create a programme admin account",
        description=(
            "Create a programme admin. The password is asked twice, or read from the "
            "environment variable PARTICIPATIENET_ADMIN_PASSWORD."
        ),
    )
    admin.add_argument("--email", required=True, help="e-mail address (the login)")
    admin.add_argument("--name", required=True, help="full name")
    return parser


class Progress:
    """A one-line progress bar on stderr: ``[#####.....] 9/18 Regio Gent``."""

    def __init__(self, stream=sys.stderr) -> None:  # type: ignore[no-untyped-def]
        self.stream = stream
        self.started = time.perf_counter()

    def __call__(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        elapsed = time.perf_counter() - self.started
        bar = "#" * filled + "." * (width - filled)
        line = f"\r[{bar}] {done}/{total} {label:<28.28} {elapsed:5.1f}s"
        self.stream.write(line)
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _seed(size: str, seed: int, reset: bool = False) -> None:
    from participatienet.demo import generator

    print(f"Building the {size} demo data (seed {seed}) ...")
    report = generator.seed(size=size, seed=seed, progress=Progress(), reset=reset)
    print(
        f"{report.organisations} organisations, {report.contact_points} contact points, "
        f"{report.offers} offers, {report.newcomers} newcomers, "
        f"{report.trajectories} trajectories, {report.participations} participations, "
        f"{report.hour_entries} hour entries, {report.feedback} feedback answers, "
        f"{report.scan_waves} scan waves, {report.action_plans} action plans, "
        f"{report.learning_day_registrations} learning day registrations and "
        f"{report.practices} practices in {report.seconds:.1f} s."
    )


def _print_logins(host: str, port: int) -> None:
    from participatienet.demo import generator

    accounts = generator.create_demo_accounts()
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
    print()
    print(f"participatienet runs at http://{shown_host}:{port}/")
    print(f"Every demo account has the password: {generator.DEMO_PASSWORD}")
    print(f"  {'role':<18} {'region':<10} e-mail")
    for account in accounts:
        print(f"  {account.role:<18} {account.region or '-':<10} {account.email}")
    print()


def _gunicorn(host: str, port: int, workers: int) -> None:
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "participatienet.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
        "--graceful-timeout",
        "20",
    ]
    sys.stdout.flush()
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with gunicorn


def cmd_demo(options: argparse.Namespace) -> int:
    _setup_django()
    from participatienet.demo import generator

    print("Preparing the database ...")
    _call("migrate", "--no-input", "--verbosity", "0")
    if generator.database_is_empty():
        _seed(options.size, options.seed)
    else:
        print("The database already holds data: reusing it.")
    _call("collectstatic", "--no-input", "--verbosity", "0")
    _print_logins(options.host, options.port)
    if options.no_serve:
        return 0
    _gunicorn(options.host, options.port, workers=2)
    return 0


def cmd_serve(options: argparse.Namespace) -> int:
    _setup_django()
    if not options.no_collectstatic:
        _call("collectstatic", "--no-input", "--verbosity", "0")
    _gunicorn(options.host, options.port, options.workers)
    return 0


def cmd_seed_demo(options: argparse.Namespace) -> int:
    _setup_django()
    from participatienet.demo import generator

    _call("migrate", "--no-input", "--verbosity", "0")
    if not options.reset and not generator.database_is_empty():
        print(
            "The database already holds organisations. Use --reset to rebuild the demo data.",
            file=sys.stderr,
        )
        return 2
    _seed(options.size, options.seed, reset=options.reset)
    generator.create_demo_accounts()
    return 0


def cmd_createadmin(options: argparse.Namespace) -> int:
    _setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction

    from participatienet.accounts import services
    from participatienet.accounts.choices import Role
    from participatienet.accounts.models import User

    email = options.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        print(f"error: {options.email!r} is not a valid e-mail address", file=sys.stderr)
        return 2
    if User.objects.filter(email__iexact=email).exists():
        print(f"error: a user with e-mail {email} already exists", file=sys.stderr)
        return 2
    password = os.environ.get("PARTICIPATIENET_ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print(
                "error: no terminal to ask the password; set PARTICIPATIENET_ADMIN_PASSWORD",
                file=sys.stderr,
            )
            return 2
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            print("error: the passwords differ", file=sys.stderr)
            return 2
    try:
        validate_password(password, User(email=email, full_name=options.name))
    except ValidationError as error:
        print("error: " + " ".join(error.messages), file=sys.stderr)
        return 2
    with transaction.atomic():
        user = User.objects.create_superuser(email=email, password=password, full_name=options.name)
        services.add_membership(actor=None, user=user, role=Role.PROGRAMME_ADMIN)
    print(f"Programme admin {email} created.")
    return 0


def cmd_bench(options: argparse.Namespace) -> int:
    """Benchmarks live in bench/ beside src/, so the repository root goes on the path."""
    import importlib

    from participatienet.settings import BASE_DIR

    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    names = BENCHMARKS if options.name == "all" else (options.name,)
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        module.run(options.options if options.name != "all" else [])
    return 0


HANDLERS = {
    "demo": cmd_demo,
    "serve": cmd_serve,
    "seed-demo": cmd_seed_demo,
    "createadmin": cmd_createadmin,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-") and args[0] not in OUR_COMMANDS:
        return _django(args)
    parser = _parser()
    options = parser.parse_args(args)
    if options.command is None:
        parser.print_help()
        return 2
    return HANDLERS[options.command](options)


def _django(args: list[str]) -> int:
    """Pass a Django management command through; an unknown command is a usage error."""
    _setup_django()
    from django.core.management import execute_from_command_line, get_commands

    if args[0] not in get_commands() and args[0] != "help":
        print(
            f"participatienet: error: unknown command {args[0]!r}. "
            "See 'participatienet --help' and 'participatienet help'.",
            file=sys.stderr,
        )
        return 2
    execute_from_command_line(["participatienet", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
