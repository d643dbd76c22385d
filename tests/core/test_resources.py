"""Package data is found in a checkout and inside an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from rfp.core import resources
from rfp.errors import ResourceError

ROOT = Path(__file__).resolve().parents[2]


def test_builtin_folders_in_checkout() -> None:
    assert (resources.builtin_dir("templates") / "rfp.html.j2").is_file()
    assert (resources.builtin_dir("criteria") / "security.yaml").is_file()
    with pytest.raises(ResourceError):
        resources.builtin_dir("fonts")


def test_override_folder_comes_first(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("/* mine */", encoding="utf-8")
    assert resources.find("templates", "style.css", tmp_path) == tmp_path.resolve() / "style.css"
    assert resources.find("templates", "rfp.html.j2", tmp_path).parent == resources.builtin_dir(
        "templates"
    )
    with pytest.raises(ResourceError, match="does not exist"):
        resources.search_path("templates", tmp_path / "missing")


@pytest.mark.slow
def test_wheel_installs_and_generates_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel, install it into a fresh venv, and run ``rfp generate`` from there."""
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("rfp-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "rfp/_data/templates/rfp.html.j2" in names
    assert "rfp/_data/criteria/offices.yaml" in names
    assert "rfp/_data/criteria/stages/orals.yaml" in names  # what a scored stage scores
    assert "rfp/_data/criteria/contract/key_terms.yaml" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies come from the test environment's site-packages through a .pth line; .pth
    # files inside that folder (such as this checkout's editable install) are not processed.
    fresh_site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    (fresh_site / "zz_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [str(python), "-c", "import rfp, rfp.core.resources as r; print(rfp.__file__); print(r.builtin_dir('criteria'))"],
        check=True, capture_output=True, text=True, cwd=work, env=env,
    ).stdout.split()  # fmt: skip
    assert all(str(venv) in line for line in where), where
    rfp_command = str(venv / "bin" / "rfp")
    subprocess.run(
        [rfp_command, "init", "acme-support", "--office", "front", "--functions", "customer_service"],
        check=True, capture_output=True, cwd=work, env=env,
    )  # fmt: skip
    generated = subprocess.run(
        [rfp_command, "generate", "acme-support"],
        capture_output=True, text=True, cwd=work, env=env, check=False,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    out = work / "acme-support" / "out"
    assert (out / "rfp.pdf").stat().st_size > 10_000
    assert (out / "response-workbook.xlsx").is_file()
