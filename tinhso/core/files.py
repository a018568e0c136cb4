"""Uploaded files: accepted by their content, not by their name, with a size limit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def sniff_type(head: bytes) -> str | None:
    for signature, mime in SIGNATURES.items():
        if head.startswith(signature):
            return mime
    return None


def validate_upload(upload: UploadedFile, *, allowed: tuple[str, ...] = tuple(EXTENSIONS)) -> str:
    """Return the detected type of an acceptable upload or raise a ValidationError for the person."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB."), code="size", params={"mb": limit // 2**20}
        )
    upload.seek(0)
    mime = sniff_type(upload.read(16))
    upload.seek(0)
    if mime is None or mime not in allowed:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted."), code="type")
    return mime
