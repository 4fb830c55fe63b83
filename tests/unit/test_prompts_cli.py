"""``flask prompts lint`` through Flask's command line: a flow with unknown keys fails with exit
status 1 and the path of each key, without a traceback; the shipped flow passes."""
import shutil

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

import app as app_module
from tests.conftest import ROOT, make_app


def misspelt_prompts(tmp_path):
    """A copy of prompts/ with ``optinal:`` on a number question and ``wrods:`` on a menu option."""
    folder = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", folder)
    report = folder / "nodes" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    assert "  optional: true\n" in text and '       words: ["rồi"' in text
    text = text.replace("  optional: true\n", "  optinal: true\n", 1)
    report.write_text(text.replace('       words: ["rồi"', '       wrods: ["rồi"', 1),
                      encoding="utf-8")
    return folder


def test_lint_on_a_flow_with_unknown_keys_names_them_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_ENV", "testing")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'hotline.sqlite3'}")
    monkeypatch.setenv("PROMPTS_DIR", str(misspelt_prompts(tmp_path)))
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "")  # FlaskGroup sets it; restored after the test
    monkeypatch.delitem(vars(app_module), "app", raising=False)  # as a fresh `flask` process would
    result = CliRunner().invoke(FlaskGroup(), ["--app", "app", "prompts", "lint"])
    assert result.exit_code == 1, result.output
    assert "Error: the call flow has 2 problem(s):" in result.output
    assert ("prompts/nodes/report.yaml: report_number.optinal: unknown key; did you mean `optional`?"
            in result.output)
    assert ("prompts/nodes/report.yaml: report_money.options[0].wrods: unknown key; "
            "did you mean `words`?" in result.output)
    assert "Traceback" not in result.output and not isinstance(result.exception, app_module.FlowError)
    assert "app" not in vars(app_module)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_lint_passes_the_shipped_flow(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    result = app.test_cli_runner().invoke(args=["prompts", "lint", "--no-audio"])
    assert result.exit_code == 0, result.output
    summary, reminder = result.output.strip().splitlines()[-2:]
    assert summary.endswith("prompts: OK")
    assert reminder.endswith("flask prompts timing")  # where the seconds to each goal are
