"""How every surface hands out a stored personal PDF: never cached by browsers or proxies."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_pdf(stored: FieldFile, filename: str) -> FileResponse:
    response = FileResponse(stored.open("rb"), content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
