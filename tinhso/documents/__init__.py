"""Documents the platform produces or accepts, as plain Python (no models).

- `forms`: the one-stop forms 01–05 as A4 PDF in the Decree 30/2020 layout (reportlab, DejaVu fonts).
- `images`: photos and PDFs from a phone: normalised, merged, checked; safe file names.
"""

from reportlab import rl_config

from tinhso.documents.errors import DocumentError
from tinhso.documents.forms import (
    ApologyData,
    ComponentLine,
    Header,
    Party,
    ReceiptData,
    RefusalData,
    StopData,
    SupplementItem,
    SupplementRequestData,
    render_apology,
    render_receipt,
    render_refusal,
    render_stop,
    render_supplement_request,
)
from tinhso.documents.images import check_pdf, images_to_pdf, normalise_image, safe_filename
from tinhso.documents.layout import FontsMissingError

# Binary PDF streams, not ASCII85 text: a photo's JPEG is embedded as it is instead of 25 % larger, and without
# reportlab's optional C accelerator the encoding ran in pure Python (≈ 100 ms for one 200 KB photo).
rl_config.useA85 = 0

__all__ = [
    "ApologyData",
    "ComponentLine",
    "DocumentError",
    "FontsMissingError",
    "Header",
    "Party",
    "ReceiptData",
    "RefusalData",
    "StopData",
    "SupplementItem",
    "SupplementRequestData",
    "check_pdf",
    "images_to_pdf",
    "normalise_image",
    "render_apology",
    "render_receipt",
    "render_refusal",
    "render_stop",
    "render_supplement_request",
    "safe_filename",
]
