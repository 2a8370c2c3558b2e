"""The builder installs like any Python tool: a wheel, in a fresh virtual environment, builds
a course from another working directory with the themes it carries inside."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
import venv
import zipfile

from conftest import EXAMPLE, ROOT


def test_a_wheel_installs_into_a_fresh_environment_and_builds_from_anywhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = wheels.glob("coursesmith-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "builder/themes/default/theme.yaml" in names
    assert "builder/themes/default/js/app.js" in names

    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                         capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr[-2000:]

    work = tmp_path / "somewhere-else"
    course = work / "my-course"
    shutil.copytree(EXAMPLE, course)
    for command in (["validate", "my-course"], ["build", "my-course", "-f", "scorm12", "-f", "web"]):
        result = subprocess.run([str(env_dir / "bin" / "coursesmith"), *command], cwd=work,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    assert (work / "output" / "example-course-scorm12.zip").is_file()
    assert (work / "output" / "example-course-web" / "_theme" / "module.js").is_file()
    # It is the wheel's copy that ran, not this checkout.
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import builder.themes as t; print(t.THEMES_DIR)"],
                           cwd=work, capture_output=True, text=True, timeout=60)
    assert str(env_dir) in where.stdout


def test_every_package_of_the_builder_is_in_the_wheel():
    import tomllib
    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "builder").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to 'packages' in pyproject.toml"
