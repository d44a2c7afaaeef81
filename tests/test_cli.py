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
