"""Nothing lost, nothing outside: atomic output, refused folders, untouched unchanged files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SITE_YAML, SiteDir, course_md

from echo_site.output import OutputError, SiteWriter, safe_relative
from echo_site.pipeline import BuildOptions, build


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(site: SiteDir) -> list[str]:
    return sorted(p.name for p in site.root.iterdir() if p.name.startswith(".echo-site-"))


def big_site(site: SiteDir, recordings: int) -> None:
    body = "A long summary of the session with several paragraphs.\n\n" * 20
    for n in range(recordings):
        site.write(
            f"recordings/session-{n:04d}.md",
            f"---\ntitle: Session {n}\ndate: 2025-10-08\n---\n{body}",
        )


def build_caught_midway(site: SiteDir, as_of: str) -> subprocess.Popen[bytes]:
    """Start build.py in another process; return once it has begun writing (or ended)."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(site.content),
            "--output",
            str(site.output),
            "--as-of",
            as_of,
            "--no-search",
        ],
        cwd=site.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not leftovers(site) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.002)
    return process


def retitle(site: SiteDir) -> None:
    """Change what every page shows, so the next build renders them all again (a long window)."""
    site.write("site.yaml", SITE_YAML.replace("at Example Health", "at Example Health System"))


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(site):
    site.write("courses/oud-echo.md", course_md())
    site.build()
    before = tree_digest(site.output)
    site.write("courses/oud-echo.md", course_md(extra="regsitration: {url: x}\n"))
    result = site.cli("--as-of", "2026-01-01", "--no-search")
    assert result.returncode == 1
    assert "did you mean 'registration'?" in result.stderr
    assert tree_digest(site.output) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_previous_site_and_no_temporary_folders(site, stop):
    big_site(site, 600)
    site.build()
    before = tree_digest(site.output)
    retitle(site)
    process = build_caught_midway(site, "2026-01-01")
    assert leftovers(site), "the build finished before it could be interrupted"
    process.send_signal(stop)
    process.communicate(timeout=30)
    assert process.returncode == 130, "the build was not stopped by the signal"
    assert tree_digest(site.output) == before
    assert leftovers(site) == []


def test_a_killed_build_is_cleaned_up_by_the_next_one(site, tmp_path):
    big_site(site, 600)
    site.build()
    retitle(site)
    process = build_caught_midway(site, "2026-01-01")
    assert leftovers(site), "the build finished before it could be killed"
    process.kill()
    process.wait()
    # Killed by the signal (not ended by itself), with its staging folder still there: the
    # kill landed mid-build, and nothing had the chance to clean up after it.
    assert process.returncode == -signal.SIGKILL
    assert leftovers(site), "the killed build left no staging folder: it had finished"
    site.build()
    assert leftovers(site) == []
    # What the next build leaves is exactly what a build from nothing makes.
    fresh = tmp_path / "fresh"
    build(BuildOptions(site.content, fresh, dt.date(2026, 1, 1), search=False, use_cache=False))
    assert tree_digest(site.output) == tree_digest(fresh)


def test_unchanged_files_keep_their_bytes_and_mtime(site):
    site.write("courses/oud-echo.md", course_md())
    site.write("pages/about.md", "---\ntitle: About\n---\nOne.\n")
    site.build()
    about, course = site.output / "about/index.html", site.output / "courses/oud-echo/index.html"
    about_stat, course_stat = about.stat(), course.stat()
    time.sleep(0.05)
    site.write("pages/about.md", "---\ntitle: About\n---\nTwo.\n")
    result = site.build()
    assert course.stat().st_mtime_ns == course_stat.st_mtime_ns
    assert course.stat().st_ino == course_stat.st_ino
    assert about.stat().st_mtime_ns != about_stat.st_mtime_ns
    assert result.unchanged > 0 and result.written >= 1


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_page_taken_out_of_content_leaves_output_with_its_folder(site, use_cache):
    """With or without the cache (which lists what the last build wrote), nothing is left."""
    site.write("pages/about.md", "---\ntitle: About\n---\nOne.\n")
    site.build()
    assert (site.output / "about" / "index.html").is_file()
    (site.content / "pages" / "about.md").unlink()
    result = site.build(use_cache=use_cache)
    assert result.removed == 1
    assert not (site.output / "about").exists()


def test_without_the_cache_files_are_compared_byte_for_byte(site):
    """No record of the last build: a file is rewritten when its bytes differ, even by one."""
    site.write("pages/about.md", "---\ntitle: About\n---\nOne.\n")
    site.write("pages/other.md", "---\ntitle: Other\n---\nStays.\n")
    site.build(use_cache=False)
    about, other = site.output / "about/index.html", site.output / "other/index.html"
    about_stat, other_stat = about.stat(), other.stat()
    site.write("pages/about.md", "---\ntitle: About\n---\nTwo.\n")  # same length
    result = site.build(use_cache=False)
    assert "Two." in about.read_text() and about.stat().st_size == about_stat.st_size
    assert about.stat().st_mtime_ns != about_stat.st_mtime_ns
    assert other.stat().st_mtime_ns == other_stat.st_mtime_ns
    assert result.written >= 1 and result.unchanged > 0


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_link_put_in_place_of_an_output_file_is_replaced_by_the_file(site, tmp_path, use_cache):
    site.write("pages/about.md", "---\ntitle: About\n---\nOne.\n")
    site.build()
    page = site.output / "about/index.html"
    copy = tmp_path / "elsewhere.html"
    copy.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(copy)
    site.build(use_cache=use_cache)
    assert not page.is_symlink() and page.read_bytes() == copy.read_bytes()


def test_a_file_swapped_for_a_link_after_it_was_checked_is_not_followed(tmp_path):
    """The writer copies a file's own bytes; a symbolic link put in its place is refused."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web")
    link = tmp_path / "guide.pdf"
    link.symlink_to(secret)
    with SiteWriter(tmp_path / "output") as writer, pytest.raises(OSError):
        writer.put("files/guide.pdf", link)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("folder", ["content", "content/files", ".", ".."])
def test_output_folders_that_would_destroy_work_are_refused(site, folder):
    before = tree_digest(site.content)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--content",
            str(site.content),
            "--output",
            folder,
            "--no-search",
        ],
        cwd=site.root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "choose another --output" in result.stderr
    assert tree_digest(site.content) == before


def test_an_output_folder_holding_other_files_is_refused(site):
    (site.output).mkdir()
    (site.output / "thesis.docx").write_text("years of work")
    result = site.cli("--no-search")
    assert result.returncode == 2
    assert "did not write" in result.stderr
    assert (site.output / "thesis.docx").read_text() == "years of work"


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../x", "..", "", "a/\x00b"])
def test_paths_that_escape_the_output_folder_are_refused(path):
    with pytest.raises(OutputError):
        safe_relative(path)


def test_aliases_cannot_write_outside_the_output_folder(site):
    site.write("pages/about.md", "---\ntitle: About\naliases: [/../../outside/]\n---\nHi.\n")
    result = site.cli("--no-search")
    assert result.returncode == 1
    assert (
        "content/pages/about.md:3:11: '/../../outside/' is not an address on this site"
        in result.stderr
    )
    assert not (site.root / "outside").exists() and not (site.root.parent / "outside").exists()
    site.write(
        "pages/about.md", "---\ntitle: About\naliases: [/old-about/, about.html]\n---\nHi.\n"
    )
    site.build()
    for alias in ("old-about/index.html", "about.html"):
        page = (site.output / alias).read_text()
        assert 'http-equiv="refresh"' in page and "about/" in page


def test_content_symlinks_are_refused_and_never_copied(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (site.content / "files").mkdir()
    (site.content / "files" / "notes.txt").symlink_to(secret)
    result = site.cli("--no-search")
    assert result.returncode == 1
    assert (
        "content/files/notes.txt:1:1: symbolic links are not allowed in content/" in result.stderr
    )
    assert not site.output.exists() or "password" not in "".join(
        p.read_text(errors="ignore") for p in site.output.rglob("*") if p.is_file()
    )


def test_a_build_killed_while_replacing_files_is_rolled_back_by_the_next(site, monkeypatch):
    from echo_site import output as output_module

    site.write("courses/oud-echo.md", course_md())
    site.write("pages/gone.md", "---\ntitle: Soon gone\n---\nBye.\n")
    site.build()
    before = tree_digest(site.output)
    inodes = {p: (site.output / p).stat().st_ino for p in before}
    site.write("courses/oud-echo.md", course_md(title="Renamed ECHO"))
    site.write("pages/new.md", "---\ntitle: New\n---\nHello.\n")
    (site.content / "pages" / "gone.md").unlink()
    real_replace, calls = os.replace, []

    def dying_replace(source, target):  # type: ignore[no-untyped-def]
        calls.append(target)
        if len(calls) == 4:
            raise KeyboardInterrupt  # as if the power went out mid-way
        real_replace(source, target)

    monkeypatch.setattr(output_module.os, "replace", dying_replace)
    monkeypatch.setattr(output_module.shutil, "rmtree", lambda *a, **k: None)  # a killed build
    with pytest.raises(KeyboardInterrupt):
        site.build()
    monkeypatch.undo()
    assert tree_digest(site.output) != before  # half-replaced
    assert leftovers(site)
    output_module.recover(site.output)
    assert tree_digest(site.output) == before
    assert {p: (site.output / p).stat().st_ino for p in before} == inodes
    assert leftovers(site) == []


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def test_a_build_killed_while_removing_files_is_rolled_back_by_the_next(site, monkeypatch):
    """Killed after every file was replaced and one removed with its folders: all come back."""
    from echo_site import output as output_module

    site.write("courses/oud-echo.md", course_md())
    site.write("recordings/only-one.md", "---\ntitle: The only one\ndate: 2025-10-08\n---\nHi.\n")
    site.build()
    before, folders_before = tree_digest(site.output), folders(site.output)
    assert "recordings/only-one" in folders_before
    site.write("courses/oud-echo.md", course_md(title="Renamed ECHO"))
    site.write("pages/new.md", "---\ntitle: New\n---\nHello.\n")
    (site.content / "recordings" / "only-one.md").unlink()
    remove_empty_folders = output_module._remove_empty_folders

    def dying_after_the_first_removal(folder: Path, root: Path) -> None:
        remove_empty_folders(folder, root)
        raise KeyboardInterrupt  # as if the power went out mid-way

    monkeypatch.setattr(output_module, "_remove_empty_folders", dying_after_the_first_removal)
    monkeypatch.setattr(output_module.shutil, "rmtree", lambda *a, **k: None)  # a killed build
    with pytest.raises(KeyboardInterrupt):
        site.build()
    monkeypatch.undo()
    assert "recordings" not in folders(site.output)  # removed with the page it held
    assert (site.output / "new" / "index.html").is_file()  # added
    output_module.recover(site.output)
    assert tree_digest(site.output) == before
    assert folders(site.output) == folders_before  # the added page's folder went with it
    assert leftovers(site) == []


def test_a_stop_that_arrives_while_files_are_replaced_puts_the_previous_site_back(
    site, monkeypatch
):
    from echo_site import output as output_module

    site.write("courses/oud-echo.md", course_md())
    site.build()
    before = tree_digest(site.output)
    site.write("courses/oud-echo.md", course_md(title="Renamed ECHO"))
    replace_all = output_module._replace_all

    def stopped_midway(*args):  # type: ignore[no-untyped-def]
        replace_all(*args)
        os.kill(os.getpid(), signal.SIGINT)  # held until the replacement is over

    monkeypatch.setattr(output_module, "_replace_all", stopped_midway)
    previous = signal.signal(
        signal.SIGINT, signal.default_int_handler
    )  # test runners may ignore it
    try:
        with pytest.raises(KeyboardInterrupt):
            site.build()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert tree_digest(site.output) == before
    assert leftovers(site) == []
