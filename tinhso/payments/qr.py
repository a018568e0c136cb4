"""A QR code as a small inline SVG (one path, a few KB), so the phone page shows the VietQR code offline
and without an image request; the matrix comes from reportlab's QR encoder, already used for PDFs."""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder

QUIET = 4  # modules of white border the readers need


def qr_svg(text: str, *, title: str) -> str:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    size = count + 2 * QUIET
    runs = []
    for row in range(count):  # one rectangle per horizontal run of dark modules
        col = 0
        while col < count:
            if not code.isDark(row, col):
                col += 1
                continue
            start = col
            while col < count and code.isDark(row, col):
                col += 1
            runs.append(f"M{start + QUIET} {row + QUIET}h{col - start}v1h-{col - start}z")
    path = "".join(runs)
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="{safe_title}" class="qr" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
