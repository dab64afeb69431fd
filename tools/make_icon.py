"""Draw the application icon and save it as PNG (Linux), ICO (Windows) and ICNS (macOS).

    pip install -e '.[icons]' && QT_QPA_PLATFORM=offscreen python tools/make_icon.py

The icon: a cell (ring) with a membrane channel through which a glucose dot enters, in the
Okabe–Ito palette used across the app. Qt draws every size itself, so small icons stay sharp; Pillow
packs them into the multi-size ICO and ICNS files (Qt's own writers store a single image).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.Antialiasing)
    s = size / 256.0
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#0072B2"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    p.setBrush(Qt.NoBrush)
    p.setPen(QPen(QColor("#FFFFFF"), 18 * s, Qt.SolidLine, Qt.FlatCap))
    p.drawArc(QRectF(48 * s, 56 * s, 160 * s, 160 * s), 110 * 16, 320 * 16)  # a ring with a gap on top
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#009E73"))
    p.drawRoundedRect(QRectF(112 * s, 40 * s, 32 * s, 48 * s), 8 * s, 8 * s)  # the GLUT4 channel
    p.setBrush(QColor("#E69F00"))
    p.drawEllipse(QPointF(128 * s, 30 * s), 16 * s, 16 * s)  # glucose arriving
    p.drawEllipse(QPointF(128 * s, 136 * s), 22 * s, 22 * s)  # glucose inside
    p.end()
    return image


ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows asks for, from lists to the desktop
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # macOS's 16-512 pt, at 1x and 2x


def as_pillow(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> None:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "app.png"))
    ico = [as_pillow(draw(size)) for size in ICO_SIZES]
    ico[-1].save(OUT / "app.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=ico[:-1])
    icns = [as_pillow(draw(size)) for size in ICNS_SIZES]
    icns[-1].save(OUT / "app.icns", append_images=icns[:-1])


if __name__ == "__main__":
    main()
