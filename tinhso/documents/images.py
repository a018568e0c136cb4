"""Photos and PDFs from a phone: normalised, merged into one PDF, checked; and safe file names.

Every function takes bytes the person uploaded (tinhso.core.files.validate_upload has already checked
size and type) and raises DocumentError with a message for the person when the file cannot be used.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from tinhso.documents import wording
from tinhso.documents.errors import DocumentError

# A 60-megapixel ceiling: a phone's 50 MP camera passes, a decompression bomb (a tiny file that unpacks to
# gigabytes) is refused before it is decoded. Pillow warns above this and refuses above twice this; we
# refuse above it (see _open).
MAX_PIXELS = 60_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
FORMATS = ("JPEG", "PNG", "WEBP")
LONG_SIDE = 2000
JPEG_QUALITY = 72

DAMAGED_IMAGE = _("The image is damaged or cannot be read.")
TOO_LARGE_IMAGE = _("The image is too large (more than %(mp)d megapixels).")
NO_IMAGE = _("Add at least one photo.")
DAMAGED_PDF = _("The PDF file is damaged or cannot be read.")
ENCRYPTED_PDF = _("The PDF file is protected by a password. Upload a copy without a password.")
ACTIVE_PDF = _("The PDF contains active content and is not accepted.")


def _open(data: bytes, *, check_only: bool = False) -> Image.Image:
    """The decoded image; DocumentError for a damaged one or a decompression bomb. `check_only` decodes a JPEG
    at 1/8 scale: every byte of its compressed data is still read and checked (a damaged or truncated file
    fails the same way), but the pixels are not all computed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            if check_only:
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            else:
                image.draft(
                    "RGB", (LONG_SIDE, LONG_SIDE)
                )  # JPEG only: decode at a reduced scale, much faster
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentError(TOO_LARGE_IMAGE % {"mp": MAX_PIXELS // 1_000_000}) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise DocumentError(DAMAGED_IMAGE) from exc
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))  # transparent parts become paper, not black
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def normalise_image(data: bytes) -> bytes:
    """An upright RGB (or grey) JPEG, long side at most 2000 px, with no metadata: the photo as sent, its
    metadata cut out, when it is already such a JPEG and no heavier than REUSE_MAX_BYTES_PER_PIXEL (what the
    portal's script sends from a phone); otherwise re-encoded at quality 72."""
    reused = _reusable_jpeg(data)
    if reused is not None:
        return reused
    image = _open(data)
    try:
        image = ImageOps.exif_transpose(image)  # phones store the turn in EXIF; apply it to the pixels
        image = _to_rgb(image)
        image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
        out = BytesIO()
        # Privacy: no exif=, icc_profile= or comment is passed, and Pillow would copy a comment (or other
        # metadata) it finds in `info`, so the JPEG carries no EXIF (GPS position, phone model, time taken)
        # nor other metadata from the original photo.
        image.info = {}
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, ValueError) as exc:
        raise DocumentError(DAMAGED_IMAGE) from exc
    return out.getvalue()


# --- an already-small JPEG is kept as sent (re-encoding costs time and quality, and saves nothing) ---

# A JPEG at quality 72–80 of a photographed page weighs 0.05–0.15 byte per pixel; one much heavier is
# re-encoded to save storage.
REUSE_MAX_BYTES_PER_PIXEL = 0.25
_KEPT_SEGMENTS = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD, 0xE0, 0xEE}
)  # frames (baseline, extended, progressive: what PDF's DCTDecode reads), tables, restart interval, JFIF, Adobe
_DROPPED_SEGMENTS = frozenset(
    {*range(0xE1, 0xEE), 0xEF, 0xFE}
)  # APP1–APP13, APP15 (EXIF, XMP, ICC…), comments
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # in scan data: not a stuffed byte, restart or fill


def _reusable_jpeg(data: bytes) -> bytes | None:
    """`data` without its metadata segments, if it is a JPEG the PDF can carry as it is: RGB or grey, upright
    (no EXIF turn), within LONG_SIDE, not too heavy, and decoding without error. None: re-encode it."""
    if not data.startswith(b"\xff\xd8\xff"):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            header = Image.open(BytesIO(data), formats=("JPEG",))
            width, height = header.size
            upright = header.getexif().get(0x0112, 1) == 1
            usable = header.mode in ("RGB", "L") and upright and max(width, height) <= LONG_SIDE
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, UnidentifiedImageError, OSError,
            ValueError, SyntaxError):  # fmt: skip
        return None  # the full path gives the person the reason
    if not usable or len(data) > REUSE_MAX_BYTES_PER_PIXEL * width * height:
        return None
    stripped = _strip_jpeg_metadata(data)
    if stripped is None:
        return None
    _open(stripped, check_only=True)  # damaged or truncated: DocumentError, as the full path would say
    return stripped


def _segment_end(data: bytes, at: int) -> int:
    """The end of the marker segment starting at `at` (0xFF, marker, two bytes of length)."""
    if at + 4 > len(data):
        raise ValueError("truncated segment")
    return at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")


def _strip_jpeg_metadata(data: bytes) -> bytes | None:
    """The JPEG with only what decoding needs: SOI, tables, frame, scans and EOI; nothing after EOI. None for
    a structure this does not know (arithmetic coding, hierarchical frames, …)."""
    out = [data[:2]]
    at = 2
    try:
        while True:  # marker segments up to the first scan
            while data[at + 1] == 0xFF:  # fill bytes
                at += 1
            marker = data[at + 1]
            if data[at] != 0xFF:
                return None
            end = _segment_end(data, at)
            if marker == 0xDA:  # start of scan: its header, then compressed data up to the next marker
                out.append(data[at:end])
                at = end
                found = _MARKER.search(data, at)
                while found is not None:
                    out.append(data[at : found.start()])
                    at = found.start()
                    marker = data[at + 1]
                    if marker == 0xD9:
                        out.append(b"\xff\xd9")
                        return b"".join(out)
                    end = _segment_end(data, at)
                    if marker in _KEPT_SEGMENTS or marker == 0xDA:
                        out.append(data[at:end])
                    elif marker not in _DROPPED_SEGMENTS:
                        return None
                    at = end
                    found = _MARKER.search(data, at)
                return None  # no end of image: truncated
            if marker in _KEPT_SEGMENTS:
                out.append(data[at:end])
            elif marker not in _DROPPED_SEGMENTS:
                return None
            at = end
    except (IndexError, ValueError):
        return None


class _Jpeg:
    """A JPEG for reportlab's `drawImage`, embedded as it is (DCTDecode): reportlab reads `jpeg_fh()` and
    names the image by `str()`. An ImageReader would make it decode every pixel and hash them only to name
    the image (≈ 15 ms for a phone photo)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.name = hashlib.sha256(data).hexdigest()  # identical photos share one image object
        with Image.open(BytesIO(data), formats=("JPEG",)) as header:
            self.size = header.size

    def jpeg_fh(self) -> BytesIO:
        return BytesIO(self.data)

    def __str__(self) -> str:
        return self.name


def images_to_pdf(images: Sequence[bytes]) -> bytes:
    """Photos of the pages of one paper as one A4 PDF: a photo per page, scaled to fit within 10 mm."""
    if not images:
        raise DocumentError(NO_IMAGE)
    jpegs = [_Jpeg(normalise_image(data)) for data in images]
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setCreator(wording.CREATOR)
    page_width, page_height = A4
    margin = 10 * mm
    for jpeg in jpegs:
        width, height = jpeg.size
        scale = min((page_width - 2 * margin) / width, (page_height - 2 * margin) / height)
        w, h = width * scale, height * scale
        canvas.drawImage(jpeg, (page_width - w) / 2, (page_height - h) / 2, w, h)  # type: ignore[arg-type]
        canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- PDF ---

ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/Rendition"}


def _active(action: Any, depth: int = 0) -> bool:
    """Whether an action (or a chain of them through /Next) runs script or starts a program."""
    if depth > 16:
        return True  # an absurd chain is itself suspicious
    action = action.get_object() if hasattr(action, "get_object") else action
    if isinstance(action, ArrayObject):
        return any(_active(item, depth + 1) for item in action)
    if not isinstance(action, DictionaryObject):
        return False
    if action.get("/S") in ACTIVE_ACTIONS or "/JS" in action:
        return True
    return "/Next" in action and _active(action["/Next"], depth + 1)


def _additional_actions(holder: Any) -> bool:
    triggers = holder.get("/AA")
    triggers = triggers.get_object() if triggers is not None else None
    return isinstance(triggers, DictionaryObject) and any(_active(a) for a in triggers.values())


def _has_active_content(reader: PdfReader) -> bool:
    catalog = reader.root_object
    names = catalog.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject) and NameObject("/JavaScript") in names:
        return True
    if "/OpenAction" in catalog and _active(catalog["/OpenAction"]):
        return True
    if _additional_actions(catalog):
        return True
    for page in reader.pages:
        if _additional_actions(page):
            return True
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if isinstance(annotation, DictionaryObject) and (
                _active(annotation.get("/A")) or _additional_actions(annotation)
            ):
                return True
    return False


def check_pdf(data: bytes) -> int:
    """The number of pages of an acceptable PDF; DocumentError for a damaged, locked or active one."""
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(DAMAGED_PDF)
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentError(ENCRYPTED_PDF)
        pages = len(reader.pages)
        active = pages > 0 and _has_active_content(reader)
    except DocumentError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise DocumentError(DAMAGED_PDF) from exc
    if pages == 0:
        raise DocumentError(DAMAGED_PDF)
    if active:
        raise DocumentError(ACTIVE_PDF)
    return pages


# --- file names ---

UNSAFE = re.compile(r'[<>:"|?*]')  # not allowed in Windows file names, where officers save downloads
MAX_NAME = 120
FALLBACK = "tep"  # "tệp" (file) without its mark, so the name is plain ASCII


def safe_filename(name: str) -> str:
    """A file name safe to store and to offer for download; keeps Vietnamese letters and the extension."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]  # the last part of a path, from any system
    # control and format characters (also right-to-left overrides that disguise an extension) go
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = UNSAFE.sub("", name)
    name = " ".join(name.split())  # any run of white space, also non-breaking, becomes one space
    name = name.lstrip(". ").rstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not 1 <= len(extension) <= 10 or not extension.isalnum():
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    stem = stem[: MAX_NAME - len(suffix)].rstrip(". ")
    return f"{stem}{suffix}" if stem else f"{FALLBACK}{suffix}"
