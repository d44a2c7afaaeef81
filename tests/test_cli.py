import pytest

from participatienet import cli
from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User


@pytest.mark.parametrize(
    "argv",
    [
        ["seed-demo", "--size", "enormous"],
        ["serve", "--port", "99999"],
        ["serve", "--workers", "0"],
        ["demo", "--port", "acht"],
        ["createadmin"],
    ],
)
def test_bad_options_exit_with_code_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_an_unknown_command_exits_with_code_2(capsys, db):
    assert cli.main(["toverstaf"]) == 2
    assert "unknown command" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["demo", "serve", "seed-demo", "createadmin"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: participatienet" in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys):
    assert cli.main([]) == 2
    assert "demo" in capsys.readouterr().out


@pytest.mark.django_db
def test_createadmin_creates_a_programme_admin(monkeypatch, capsys):
    monkeypatch.setenv("PARTICIPATIENET_ADMIN_PASSWORD", "een-sterk-wachtwoord-9")
    assert cli.main(["createadmin", "--email", "Beheer@Voorbeeld.be", "--name", "Beheer"]) == 0
    user = User.objects.get(email="beheer@voorbeeld.be")
    assert user.is_staff and user.check_password("een-sterk-wachtwoord-9")
    assert Membership.objects.current().filter(user=user, role=Role.PROGRAMME_ADMIN).exists()


@pytest.mark.django_db
def test_createadmin_refuses_a_weak_password_and_writes_nothing(monkeypatch, capsys):
    monkeypatch.setenv("PARTICIPATIENET_ADMIN_PASSWORD", "12345")
    assert cli.main(["createadmin", "--email", "b@voorbeeld.be", "--name", "B"]) == 2
    assert not User.objects.filter(email="b@voorbeeld.be").exists()


@pytest.mark.django_db
def test_createadmin_refuses_a_bad_email(monkeypatch, capsys):
    monkeypatch.setenv("PARTICIPATIENET_ADMIN_PASSWORD", "een-sterk-wachtwoord-9")
    assert cli.main(["createadmin", "--email", "geen-adres", "--name", "B"]) == 2
    assert "not a valid e-mail" in capsys.readouterr().err


@pytest.mark.django_db
def test_django_commands_pass_through(capsys):
    assert cli.main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out


def test_progress_shows_a_bar(capsys):
    import io

    stream = io.StringIO()
    progress = cli.Progress(stream)
    progress("Regio Gent", 9, 18)
    progress("Westhoek", 18, 18)
    out = stream.getvalue()
    assert "9/18 Regio Gent" in out and "18/18" in out and out.endswith("\n")


@pytest.fixture
def no_exec(monkeypatch, settings, tmp_path):
    """Capture the gunicorn command instead of replacing the test process with it."""
    settings.STATIC_ROOT = tmp_path / "static"
    calls = []
    monkeypatch.setattr(cli.os, "execv", lambda path, args: calls.append(args))
    return calls


@pytest.mark.django_db
def test_demo_seeds_once_prints_logins_and_a_second_run_reuses_the_data(no_exec, capsys):
    from participatienet.network.models import Organisation

    assert cli.main(["demo", "--size", "small", "--port", "8123"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in out
    assert "coordinator.gent@participatienet.demo" in out
    assert "netwerk-demo-2026" in out
    count = Organisation.objects.count()
    assert count > 300
    assert no_exec[-1][no_exec[-1].index("--bind") + 1] == "127.0.0.1:8123"

    assert cli.main(["demo", "--size", "small", "--no-serve"]) == 0
    assert "reusing" in capsys.readouterr().out
    assert Organisation.objects.count() == count
    assert len(no_exec) == 1


@pytest.mark.django_db
def test_serve_runs_gunicorn_with_the_given_options(no_exec):
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3"]) == 0
    args = no_exec[-1]
    assert "gunicorn" in args and "participatienet.wsgi:application" in args
    assert args[args.index("--bind") + 1] == "0.0.0.0:9000"
    assert args[args.index("--workers") + 1] == "3"


@pytest.mark.django_db
def test_seed_demo_refuses_a_filled_database_without_reset(capsys, settings):
    from participatienet.demo import generator

    generator.seed(size="small", seed=3)
    assert cli.main(["seed-demo", "--size", "small"]) == 2
    assert "--reset" in capsys.readouterr().err
    assert cli.main(["seed-demo", "--size", "small", "--seed", "4", "--reset"]) == 0


def test_bench_runs_a_benchmark_and_ends_with_a_json_line(capsys):
    import json

    assert cli.main(["bench", "network", "--organisations", "60", "--ties", "200"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = json.loads(last)
    assert figures["bench"] == "network"
    assert any(key.startswith("budget_") for key in figures)


def test_bench_refuses_an_unknown_benchmark(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["bench", "snelheid"])
    assert exit_info.value.code == 2
