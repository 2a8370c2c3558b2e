"""The command line, run as an author runs it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLE, ROOT


def run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_build_writes_each_format_with_a_summary_line(tmp_path):
    out = tmp_path / "out"
    result = run("build", str(EXAMPLE), "--format", "scorm12", "--format", "scorm2004", "--format", "web",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "example-course-scorm12.zip", "example-course-scorm2004.zip", "example-course-web"]
    assert (out / "example-course-web" / "index.html").is_file()
    assert "example-course: 8 pages, 14 questions -> " in result.stdout
    assert "KB)" in result.stdout


def test_default_format_is_scorm12(tmp_path):
    result = run("build", str(EXAMPLE), "--out", str(tmp_path))
    assert result.returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["example-course-scorm12.zip"]


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run("build", str(EXAMPLE), "-q", "--out", str(tmp_path))
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_with_no_course_named_every_course_under_courses_is_built(tmp_path):
    (tmp_path / "courses").mkdir()
    shutil.copytree(EXAMPLE, tmp_path / "courses" / "one")
    result = run("build", "--out", str(tmp_path / "output"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "example-course-scorm12.zip").is_file()


def test_validate_reports_errors_without_traceback_and_exits_non_zero(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text().replace("pass_mark: 80", "pass_mark: 800"))
    result = run("validate", str(course))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{yaml}:" in result.stderr and "'assessment.pass_mark' is 800" in result.stderr
    assert "hint: use a value from 0 to 100" in result.stderr


def test_failed_build_leaves_nothing_in_the_output_folder(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    out = tmp_path / "out"
    assert run("build", str(course), "--out", str(out)).returncode == 0
    good = (out / "example-course-scorm12.zip").read_bytes()
    lesson = course / "lessons" / "01-course-folder.md"
    lesson.write_text(lesson.read_text().replace("../images/folder.svg", "../images/gone.svg"))
    result = run("build", str(course), "--out", str(out), "--format", "scorm12", "--format", "web")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nothing was written" in result.stdout
    # the earlier good build is untouched, and no temporary or partial file is left
    assert sorted(p.name for p in out.iterdir()) == ["example-course-scorm12.zip"]
    assert (out / "example-course-scorm12.zip").read_bytes() == good


def test_unreadable_course_folder_is_a_clear_error(tmp_path):
    result = run("validate", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "no such course folder" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["validate", "--help"]])
def test_help(args):
    result = run(*args)
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_bad_format_is_a_usage_error():
    result = run("build", str(EXAMPLE), "--format", "scorm3000")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_a_mistyped_command_gets_did_you_mean():
    result = run("buidl", str(EXAMPLE))
    assert result.returncode == 2
    assert "there is no command 'buidl': did you mean 'build'?" in result.stderr


def test_format_names_are_not_case_sensitive_and_course_yaml_names_its_folder(tmp_path):
    result = run("build", str(EXAMPLE / "course.yaml"), "--format", "SCORM2004", "-f", "Web", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example-course-scorm2004.zip", "example-course-web"]


def test_the_installed_command_names_itself(tmp_path):
    script = tmp_path / "coursesmith"
    script.write_text(f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                      "from builder.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("usage: coursesmith ")
