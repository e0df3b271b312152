"""Render the app icon (assets/speakprep.svg) to the PNG sizes of the hicolor icon theme.

Run it again after changing the SVG and commit the PNGs with it::

    python packaging/render_icons.py

Desktops look icons up by the app id (``Icon=`` in the .desktop file), so every PNG is named
after it: ``assets/icons/hicolor/<N>x<N>/apps/<app id>.png``. Rendering needs only PySide6
(QtSvg) and runs offscreen, so it works on a headless build machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path

APP_ID = "io.github.speakprep.SpeakPrep"
SIZES: tuple[int, ...] = (16, 32, 48, 64, 128, 256)

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "assets" / "speakprep.svg"
HICOLOR = ROOT / "assets" / "icons" / "hicolor"


def icon_path(hicolor: Path, size: int, app_id: str = APP_ID) -> Path:
    """Where the hicolor theme expects the ``size`` px icon of ``app_id``."""
    return hicolor / f"{size}x{size}" / "apps" / f"{app_id}.png"


def render(svg: Path, hicolor: Path, sizes: Iterable[int] = SIZES) -> list[Path]:
    """Render ``svg`` once per size into ``hicolor``; returns the PNG paths written."""
    # Before the first Qt import: a build machine has no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    # QSvgRenderer works without an application object, but font and colour-space setup
    # expects one; keep a reference so it lives until rendering is done.
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG that Qt can render")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        out = icon_path(hicolor, size)
        out.parent.mkdir(parents=True, exist_ok=True)
        # Straight (not premultiplied) alpha is what PNG stores; convert explicitly so the
        # edges of the antialiased shapes keep their colour.
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(out)):
            raise OSError(f"could not write {out}")
        written.append(out)
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: render the icon and print the files written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG, help="the icon to render")
    parser.add_argument("--out", type=Path, default=HICOLOR, help="the hicolor folder to fill")
    args = parser.parse_args(argv)
    for path in render(args.svg, args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
