"""Photos and PDFs from a phone: normalised, merged into one PDF, checked; and safe file names.

Every function takes bytes the person uploaded (tinhso.core.files.validate_upload has already checked
size and type) and raises DocumentError with a message for the person when the file cannot be used.
"""

from __future__ import annotations

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
from reportlab.lib.utils import ImageReader
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


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.draft("RGB", (LONG_SIDE, LONG_SIDE))  # JPEG only: decode at a reduced scale, much faster
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
    """An upright RGB JPEG, long side at most 2000 px, quality 72, with no metadata."""
    image = _open(data)
    try:
        image = ImageOps.exif_transpose(image)  # phones store the turn in EXIF; apply it to the pixels
        image = _to_rgb(image)
        image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
        out = BytesIO()
        # Privacy: no exif=, icc_profile= or comment is passed, so the JPEG carries no EXIF (GPS position,
        # phone model, time taken) nor other metadata from the original photo.
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, ValueError) as exc:
        raise DocumentError(DAMAGED_IMAGE) from exc
    return out.getvalue()


def images_to_pdf(images: Sequence[bytes]) -> bytes:
    """Photos of the pages of one paper as one A4 PDF: a photo per page, scaled to fit within 10 mm."""
    if not images:
        raise DocumentError(NO_IMAGE)
    jpegs = [normalise_image(data) for data in images]
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setCreator(wording.CREATOR)
    page_width, page_height = A4
    margin = 10 * mm
    for jpeg in jpegs:
        reader = ImageReader(BytesIO(jpeg))
        width, height = reader.getSize()
        scale = min((page_width - 2 * margin) / width, (page_height - 2 * margin) / height)
        w, h = width * scale, height * scale
        canvas.drawImage(reader, (page_width - w) / 2, (page_height - h) / 2, w, h)
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
