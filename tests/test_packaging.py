"""Desktop integration files: they validate, agree on one app id, and the icons exist.

The validators are the distributions' own tools (desktop-file-utils, appstream); a
package build or a software centre rejects what they reject.
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from speakprep import palette

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICON_SVG = ROOT / "assets" / "speakprep.svg"
HICOLOR = ROOT / "assets" / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256)
SCREENSHOT_BASE = (
    "https://raw.githubusercontent.com/speakprep/speakprep/main/packaging/screenshots/"
)
SCREENSHOTS = ("practice-idle.png", "practice-recording.png", "results.png")


def _only(pattern: str) -> Path:
    found = sorted(PACKAGING.glob(pattern))
    assert len(found) == 1, f"expected one packaging/{pattern}, found {[p.name for p in found]}"
    return found[0]


@pytest.fixture(scope="module")
def desktop_file() -> Path:
    return _only("*.desktop")


@pytest.fixture(scope="module")
def metainfo_file() -> Path:
    return _only("*.metainfo.xml")


@pytest.fixture(scope="module")
def app_id(desktop_file: Path) -> str:
    """The app id, as the desktop file's name spells it (the name is what desktops match)."""
    return desktop_file.name.removesuffix(".desktop")


@pytest.fixture(scope="module")
def desktop_entry(desktop_file: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(desktop_file, encoding="utf-8")
    return dict(parser["Desktop Entry"])


@pytest.fixture(scope="module")
def metainfo(metainfo_file: Path) -> ET.Element:
    return ET.parse(metainfo_file).getroot()


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _validator(name: str, apt_package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed (Debian/Ubuntu package {apt_package}); "
            "run `bash packaging/bootstrap.sh --dev`",
            pytrace=False,
        )
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


# -- the validators ---------------------------------------------------------------------------


def test_desktop_file_validates(desktop_file: Path) -> None:
    tool = _validator("desktop-file-validate", "desktop-file-utils")
    result = _run(tool, str(desktop_file))
    output = result.stdout + result.stderr
    # The exit code alone is not enough: errors "that will be fatal in the future" exit 0.
    problems = [line for line in output.splitlines() if re.search(r": (error|warning):", line)]
    assert result.returncode == 0, output
    assert problems == [], output


def test_metainfo_validates(metainfo_file: Path) -> None:
    tool = _validator("appstreamcli", "appstream")
    # --no-net: the screenshot and homepage URLs are not fetched (no network in tests).
    result = _run(tool, "validate", "--no-net", "--no-color", str(metainfo_file))
    output = result.stdout + result.stderr
    # Info (I:) and pedantic (P:) hints are allowed; errors (E:) and warnings (W:) are not.
    problems = [line for line in output.splitlines() if re.match(r"\s*[EW]: ", line)]
    assert result.returncode == 0, output
    assert problems == [], output


# -- one app id everywhere ----------------------------------------------------------------------


def test_app_id_is_reverse_dns(app_id: str) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(\.[A-Za-z_][A-Za-z0-9_]*){2,}", app_id), app_id


def test_metainfo_names_the_same_app(
    app_id: str, desktop_file: Path, metainfo_file: Path, metainfo: ET.Element
) -> None:
    assert metainfo_file.name == f"{app_id}.metainfo.xml"
    assert metainfo.findtext("id") == app_id
    launchables = [(el.get("type"), el.text) for el in metainfo.iter("launchable")]
    assert launchables == [("desktop-id", desktop_file.name)]


def test_the_app_announces_the_same_id(app_id: str) -> None:
    """The running app names its desktop file (Wayland app id, taskbar grouping) by this id."""
    app_module = pytest.importorskip("speakprep.app")
    assert app_id == app_module.APP_ID


def test_desktop_icon_is_the_app_id(app_id: str, desktop_entry: dict[str, str]) -> None:
    # Icon= without a path or extension, so the icon theme finds it at every size.
    assert desktop_entry["Icon"] == app_id


def test_exec_is_the_gui_script_and_a_provided_binary(
    desktop_entry: dict[str, str], metainfo: ET.Element, pyproject: dict
) -> None:
    command = desktop_entry["Exec"].split()[0]
    assert pyproject["project"]["gui-scripts"][command] == "speakprep.app:main"
    binaries = {el.text for el in metainfo.iter("binary")}
    assert command in binaries
    assert binaries <= set(pyproject["project"]["scripts"]) | set(
        pyproject["project"]["gui-scripts"]
    )


def test_names_and_licence_agree(
    desktop_entry: dict[str, str], metainfo: ET.Element, pyproject: dict
) -> None:
    assert metainfo.findtext("name") == desktop_entry["Name"]
    assert metainfo.findtext("project_license") == pyproject["project"]["license"]
    assert metainfo.findtext("metadata_license") == "CC0-1.0"


def test_newest_release_is_the_package_version(metainfo: ET.Element, pyproject: dict) -> None:
    releases = metainfo.findall("releases/release")
    assert releases, "metainfo lists no release"
    assert releases[0].get("version") == pyproject["project"]["version"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))


def test_screenshots_point_at_the_repository(metainfo: ET.Element) -> None:
    shots = metainfo.findall("screenshots/screenshot")
    images = [shot.findtext("image") for shot in shots]
    assert images == [SCREENSHOT_BASE + name for name in SCREENSHOTS]
    assert all((shot.findtext("caption") or "").strip() for shot in shots)
    assert [shot.get("type") for shot in shots].count("default") == 1


# -- the icon ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_exists_at_each_size(qapp, app_id: str, size: int) -> None:
    from PySide6.QtGui import QImage

    path = HICOLOR / f"{size}x{size}" / "apps" / f"{app_id}.png"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}: run packaging/render_icons.py"
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable PNG"
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    # Transparent corners: the icon is a shape, not a square tile.
    assert image.pixelColor(0, 0).alpha() == 0


def test_no_stray_icon_files(app_id: str) -> None:
    """Every PNG under hicolor is one of the sizes, named after the app id."""
    expected = {HICOLOR / f"{s}x{s}" / "apps" / f"{app_id}.png" for s in SIZES}
    assert set(HICOLOR.rglob("*.png")) == expected


def test_icon_svg_renders_and_uses_the_label_colours(qapp) -> None:
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(str(ICON_SVG)).isValid()
    svg = ICON_SVG.read_text(encoding="utf-8").upper()
    for label in ("short_term", "long_term", "plan"):
        assert palette.LABEL_COLORS[label].upper() in svg, label


@pytest.mark.parametrize("size", (16, 256))
def test_icon_pngs_are_rendered_from_the_current_svg(
    qapp, app_id: str, size: int, tmp_path
) -> None:
    """The PNGs were re-rendered after the SVG last changed (small renderer drift allowed)."""
    import importlib.util

    from PySide6.QtGui import QImage

    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec is not None and spec.loader is not None
    render_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_icons)
    fresh_path = render_icons.render(ICON_SVG, tmp_path, sizes=[size])[0]

    def pixels(path: Path) -> np.ndarray:
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
        return np.frombuffer(image.constBits(), dtype=np.uint8).astype(int)

    fresh = pixels(fresh_path)
    committed = pixels(HICOLOR / f"{size}x{size}" / "apps" / f"{app_id}.png")
    assert fresh.shape == committed.shape
    assert np.abs(fresh - committed).max() <= 16, (
        "the icon PNGs are older than assets/speakprep.svg: run `python packaging/render_icons.py`"
    )


def test_every_python_package_is_listed_for_a_non_editable_install() -> None:
    """`pip install .` ships only the packages pyproject lists: a new folder must be there."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for init in (root / "speakprep").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
