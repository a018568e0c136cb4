"""The citizen's personal electronic data store (kho dữ liệu điện tử của cá nhân, Decree 45/2020): the papers
the state digitised for them and the electronic results it issued, each with its kind, so a later procedure
asks for none of them again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StoredDocument(models.Model):
    class Source(models.TextChoices):
        DIGITISED = "digitised", _("Digitised paper of a dossier")
        RESULT = "result", _("Electronic result")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stored_documents"
    )
    document_type = models.SlugField(_("kind of paper"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    file = models.FileField(upload_to="datastore/%Y/%m/")
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("issued or checked by"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=40, blank=True, db_index=True)  # where it came from: "dossier:<id>"
    subject_label = models.CharField(_("from"), max_length=60, blank=True)  # e.g. the dossier code
    issued_at = models.DateTimeField(_("date"))
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["owner", "-issued_at"]
        indexes = [
            models.Index(
                fields=["owner", "document_type"],
                name="store_owner_type",
                condition=Q(removed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title
