"""The images a signed document carries (Decree 30/2020, Appendix I): the competent person's signature in
blue between their title and name, and the organisation's seal in red, at actual size, covering about a
third of the signature on its left. Both are drawn as vectors here, so no image file has to be kept, and
the digital signatures are what gives the document its legal value."""

from __future__ import annotations

import hashlib
import math

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from tinhso.documents.layout import FONT, register_fonts

BLUE = colors.Color(0.05, 0.2, 0.65)
RED = colors.Color(0.85, 0.1, 0.12)
SEAL_DIAMETER = 34 * mm  # a commune or department seal is 34–36 mm
SIGNATURE_WIDTH = 42 * mm
HEIGHT = 36 * mm


class SignatureAndSeal(Flowable):
    """The signature (a flourish that differs from signer to signer) and, over its left third, the seal
    with the agency's name around its rim and the province below."""

    def __init__(self, *, signer: str, agency: str, place: str, seal: bool = True) -> None:
        super().__init__()
        self.signer, self.agency, self.place, self.seal = signer, agency, place, seal
        self.width, self.height = SIGNATURE_WIDTH + SEAL_DIAMETER / 3, HEIGHT

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        register_fonts()
        canvas = self.canv
        x0 = SEAL_DIAMETER / 3
        self._signature(canvas, x0, HEIGHT / 2)
        if self.seal:
            self._seal(canvas, x0 + 2 * mm, HEIGHT / 2)

    def _signature(self, canvas, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
        digest = hashlib.sha256(self.signer.encode()).digest()
        canvas.saveState()
        canvas.setStrokeColor(BLUE)
        canvas.setLineWidth(1.1)
        canvas.setLineCap(1)
        path = canvas.beginPath()
        path.moveTo(x, y - 2 * mm)
        step = SIGNATURE_WIDTH / 6
        for i in range(6):
            rise = (digest[i] / 255 - 0.5) * 14 * mm
            dip = (digest[i + 6] / 255 - 0.5) * 10 * mm
            x1 = x + step * i
            path.curveTo(x1 + step * 0.3, y + rise, x1 + step * 0.7, y + dip, x1 + step, y + (rise - dip) / 3)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setLineWidth(0.8)  # the underline stroke most signatures end with
        tail = canvas.beginPath()
        tail.moveTo(x + step, y - 5 * mm)
        tail.curveTo(x + 3 * step, y - 7 * mm, x + 5 * step, y - 3 * mm, x + SIGNATURE_WIDTH, y - 6 * mm)
        canvas.drawPath(tail, stroke=1, fill=0)
        canvas.restoreState()

    def _seal(self, canvas, cx: float, cy: float) -> None:  # type: ignore[no-untyped-def]
        radius = SEAL_DIAMETER / 2
        canvas.saveState()
        canvas.setFillAlpha(0.85)
        canvas.setStrokeAlpha(0.85)
        canvas.setStrokeColor(RED)
        canvas.setFillColor(RED)
        canvas.setLineWidth(1.4)
        canvas.circle(cx, cy, radius, stroke=1, fill=0)
        canvas.setLineWidth(0.6)
        canvas.circle(cx, cy, radius * 0.68, stroke=1, fill=0)
        self._star(canvas, cx, cy, radius * 0.3)
        self._around(canvas, cx, cy, radius * 0.8, self.agency.upper(), top=True)
        self._around(canvas, cx, cy, radius * 0.8, self.place.upper(), top=False)
        canvas.restoreState()

    @staticmethod
    def _star(canvas, cx: float, cy: float, r: float) -> None:  # type: ignore[no-untyped-def]
        path = canvas.beginPath()
        for i in range(10):
            angle = math.pi / 2 + i * math.pi / 5
            length = r if i % 2 == 0 else r * 0.4
            point = (cx + length * math.cos(angle), cy + length * math.sin(angle))
            path.moveTo(*point) if i == 0 else path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

    @staticmethod
    def _around(canvas, cx: float, cy: float, r: float, text: str, *, top: bool) -> None:  # type: ignore[no-untyped-def]
        """Letters set along the rim: clockwise over the top, counter-clockwise under the bottom."""
        size = 6.5 if len(text) < 40 else 5.2
        span = math.radians(250 if top else 110) * min(1.0, len(text) / (40 if top else 16))
        if not text:
            return
        centre = math.pi / 2 if top else -math.pi / 2
        step = span / max(1, len(text) - 1)
        for i, letter in enumerate(text):
            angle = centre + span / 2 - i * step if top else centre - span / 2 + i * step
            canvas.saveState()
            canvas.translate(cx + r * math.cos(angle), cy + r * math.sin(angle))
            canvas.rotate(math.degrees(angle) - 90 if top else math.degrees(angle) + 90)
            canvas.setFont(f"{FONT}-Bold", size)
            canvas.drawCentredString(0, -size / 3, letter)
            canvas.restoreState()
