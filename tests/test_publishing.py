"""Strict builds, the site check, host files and the publishing workflow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, course_md, require

from echo_site.check import validator_command
from echo_site.errors import BuildFailed
from echo_site.yamlsafe import parse_yaml

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_strict_fails_on_a_broken_content_link_at_its_file_and_line(site):
    site.write(
        "pages/about.md",
        "---\ntitle: About\n---\nIntro.\n\nSee [the courses](/courses/).\n\n"
        "And [an old page](/old-page/) or [a missing heading](/courses/#nowhere).\n",
    )
    result = site.build()  # without --strict: warnings only
    messages = [str(w) for w in result.warnings]
    assert (
        "content/pages/about.md:8:19: warning: the link to /old-page/ leads to no page or file "
        "of this site — check the address, or remove the link"
    ) in messages
    assert any(m.startswith("content/pages/about.md:8:") and "#nowhere" in m for m in messages)
    strict = site.cli("--strict", "--no-search")
    assert strict.returncode == 1
    assert (
        "content/pages/about.md:8:19: the link to /old-page/ leads to no page or file of this "
        "site — check the address, or remove the link"
    ) in strict.stderr
    assert "warning:" not in strict.stderr


def test_strict_lists_every_warning_before_failing(site):
    site.write("pages/a.md", "---\ntitle: Session #5\n---\n![](/files/x.png)\n")
    with pytest.raises(BuildFailed) as failure:
        site.build(strict=True)
    problems = [str(p) for p in failure.value.problems]
    assert len(problems) == 3, problems  # the comment, the missing alt text, the missing file
    assert all(p.startswith("content/pages/a.md:") for p in problems)


def test_check_catches_a_broken_template_link_and_leaves_output_alone(site, tmp_path):
    require("html-validate", validator_command() is not None)
    site.write("courses/oud-echo.md", course_md())
    site.build()
    before = sorted(p.relative_to(site.output) for p in site.output.rglob("*"))
    templates = site.root / "templates"
    templates.mkdir()
    original = (ROOT / "templates" / "page.html").read_text()
    broken = original.replace(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title }}</h1><a href=\"{{ url('/no-such-page/') }}\">x</a>",
    )
    assert broken != original
    (templates / "page.html").write_text(broken)
    site.write("pages/about.md", "---\ntitle: About\n---\nHi.\n")
    result = site.cli("check", "--content", str(site.content), "--no-search")
    assert result.returncode == 1
    assert "output/about/index.html:" in result.stderr
    assert "<a> leads to a missing page or file: ../no-such-page/" in result.stderr
    assert sorted(p.relative_to(site.output) for p in site.output.rglob("*")) == before


def test_check_reports_invalid_html_from_a_template(site):
    require("html-validate", validator_command() is not None)
    templates = site.root / "templates"
    templates.mkdir()
    original = (ROOT / "templates" / "page.html").read_text()
    (templates / "page.html").write_text(
        original.replace("<h1>", "<h1><div>").replace("</h1>", "</div></h1>", 1)
    )
    site.write("pages/about.md", "---\ntitle: About\n---\nHi.\n")
    result = site.cli("check", "--content", str(site.content), "--no-search")
    assert result.returncode == 1
    assert re.search(r"output/about/index\.html:\d+:\d+: invalid HTML: .*<div>", result.stderr)


def test_the_sample_site_passes_the_strict_check():
    require("html-validate", validator_command() is not None)

    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--strict", "--as-of", "2026-11-28"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "every link leads somewhere and the HTML is valid" in result.stdout


def test_hosts_get_immutable_assets_and_real_redirects(site):
    site.write("pages/about.md", "---\ntitle: About\naliases: [/about-echo/]\n---\nHi.\n")
    site.build(base_url="https://example.org/echo/")
    headers = (site.output / "_headers").read_text()
    assert "/echo/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    assert (site.output / "_redirects").read_text() == "/echo/about-echo/ /echo/about/ 301\n"
    css = [p.name for p in (site.output / "assets").iterdir() if p.suffix == ".css"]
    assert len(css) == 1 and re.fullmatch(r"style\.[0-9a-f]{10}\.css", css[0])


def _workflow() -> dict:
    problems: list = []
    document = parse_yaml(WORKFLOW.read_text(), str(WORKFLOW), problems)
    assert problems == [] and document is not None
    return document.data


def test_the_workflow_runs_on_push_pull_requests_and_daily_after_local_midnight():
    triggers = _workflow()["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers
    crons = [entry["cron"] for entry in triggers["schedule"]]
    # 00:15 in New York: 04:15 UTC in summer (EDT), 05:15 UTC in winter (EST).
    assert set(crons) == {"15 4 * * *", "15 5 * * *"}


def test_the_workflow_builds_strictly_and_deploys_only_from_main():
    jobs = _workflow()["jobs"]
    build_steps = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "python build.py --strict --base-url" in build_steps
    assert "python build.py check --strict" in build_steps
    assert any("upload-pages-artifact" in step.get("uses", "") for step in jobs["build"]["steps"])
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
    assert ".ci/run" in " ".join(step.get("run", "") for step in jobs["test"]["steps"])


# `owner/repo@<40-hex commit> # vX.Y.Z`: a tag can be moved, a commit cannot.
PINNED_ACTION = re.compile(r"(?P<ref>[\w.-]+/[\w./-]+@[0-9a-f]{40}) # v\d+\.\d+\.\d+")


def _steps() -> list[tuple[str, dict]]:
    return [(name, step) for name, job in _workflow()["jobs"].items() for step in job["steps"]]


def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment():
    # The comment is lost when YAML is parsed, so the lines are read as written too.
    written = [
        line.split("uses:", 1)[1].strip()
        for line in WORKFLOW.read_text().splitlines()
        if re.match(r"\s*(- )?uses:", line)
    ]
    unpinned = [line for line in written if not PINNED_ACTION.fullmatch(line)]
    assert unpinned == []
    parsed = [step["uses"] for _, step in _steps() if "uses" in step]
    assert [PINNED_ACTION.fullmatch(line)["ref"] for line in written] == parsed
    assert len(parsed) == 9


def test_checkouts_keep_no_credentials_and_scripts_expand_no_templates():
    checkouts = [
        step for _, step in _steps() if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) == 2
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)
    # A value expanded into a script becomes code; `env:` passes it as data.
    expanded = [step["run"] for _, step in _steps() if "${{" in step.get("run", "")]
    assert expanded == []


def test_each_job_has_only_the_permissions_it_uses():
    workflow = _workflow()
    assert workflow["permissions"] == {}
    permissions = {name: job["permissions"] for name, job in workflow["jobs"].items()}
    assert permissions == {
        "test": {"contents": "read"},
        "build": {"contents": "read", "pages": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }


def test_only_runs_on_main_save_the_build_cache_that_published_builds_restore():
    steps = _workflow()["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    # Restore and save are apart; the combined action would save from pull requests too.
    assert "actions/cache" not in uses
    assert not any("cache" in step.get("with", {}) for step in steps)
    restore = steps[uses.index("actions/cache/restore")]
    save = steps[uses.index("actions/cache/save")]
    build = next(n for n, step in enumerate(steps) if "build.py --strict" in step.get("run", ""))
    check = next(n for n, step in enumerate(steps) if "build.py check" in step.get("run", ""))
    assert uses.index("actions/cache/restore") < build < check < uses.index("actions/cache/save")
    assert "if" not in restore
    assert save["if"] == "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"
    assert restore["with"]["path"] == save["with"]["path"] == ".echo-cache"
    # A cache made by other code is never restored: the key holds the code's hash.
    code = "${{ hashFiles('echo_site/**', 'pyproject.toml') }}"
    assert restore["with"]["key"] == save["with"]["key"]
    assert code in restore["with"]["key"] and "${{ github.run_id }}" in save["with"]["key"]
    assert (
        restore["with"]["restore-keys"] == restore["with"]["key"].split("${{ github.run_id }}")[0]
    )


def test_the_run_summary_shows_the_build_time_and_what_was_reused():
    steps = _workflow()["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    build = next(n for n, run in enumerate(runs) if "build.py --strict" in run)
    assert '--summary-json "${RUNNER_TEMP}/build-summary.json"' in runs[build]
    assert runs[build + 1] == (
        'python tools/build_summary.py "${RUNNER_TEMP}/build-summary.json" '
        '>> "${GITHUB_STEP_SUMMARY}"'
    )


def test_zizmor_finds_nothing_in_the_workflow_and_flags_an_unpinned_action(tmp_path):
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    require("zizmor", zizmor is not None)
    assert zizmor is not None
    clean = subprocess.run(
        [zizmor, "--offline", str(WORKFLOW)], capture_output=True, text=True, timeout=60
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No findings" in clean.stdout
    # The same audit on a copy that goes back to a tag: proof the check can fail.
    unpinned = tmp_path / ".github" / "workflows" / "site.yml"
    unpinned.parent.mkdir(parents=True)
    unpinned.write_text(
        re.sub(r"actions/checkout@[0-9a-f]{40} # \S+", "actions/checkout@v4", WORKFLOW.read_text())
    )
    flagged = subprocess.run(
        [zizmor, "--offline", str(unpinned)], capture_output=True, text=True, timeout=60
    )
    assert flagged.returncode != 0
    assert "unpinned-uses" in flagged.stdout


def test_the_readme_publishing_steps_match_the_workflow():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Publishing") :]
    for command in (
        "python build.py --strict --base-url",
        "python build.py check --strict",
        "rsync",
        "--base-url https://example.org/echo/",
        ".github/workflows/site.yml",
    ):
        assert command in section, command


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"# 2\. Install the test tools and run the tests\n(.+)\n", readme)
    assert match is not None
    assert match.group(1).strip() in (ROOT / ".ci" / "run").read_text()


def test_ci_runs_lint_format_types_and_the_workflow_audit_after_the_tests():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    tests = next(n for n, line in enumerate(lines) if "pytest" in line)
    checks = [
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy",
        ".venv/bin/zizmor --offline .github/workflows/site.yml",
    ]
    for check in checks:
        assert check in lines, check
        assert lines.index(check) > tests, check


def test_chromium_is_installed_by_ci():
    assert "apt-get install" in (ROOT / ".ci" / "run").read_text()
    assert "chromium" in (ROOT / ".ci" / "run").read_text()
    if os.environ.get("CI"):
        assert shutil.which("chromium")
