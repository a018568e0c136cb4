"""Payments of fees and financial obligations by bank transfer (VietQR), and the banks' notices.

A payment request says what is paid for with a `subject` key ("dossier:<id>"), so this domain knows
nothing of dossiers: the domain that asked is told when it is paid (settings.TINHSO_PAYMENT_HANDLERS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CollectionAccount(models.Model):
    """The account an agency collects fees on (usually at the State Treasury, through a bank)."""

    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    bank_bin = models.CharField(
        _("bank BIN"), max_length=6, help_text=_("6 digits, from the NAPAS list (e.g. 970415).")
    )
    bank_name = models.CharField(_("bank"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=19)
    account_name = models.CharField(_("account holder"), max_length=150)
    is_active = models.BooleanField(_("in use"), default=True)
    is_demo = models.BooleanField(_("demo account (not real)"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("collection account")
        verbose_name_plural = _("collection accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_active=True),
                name="one_collection_account_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_name} — {self.bank_name} {self.account_number}"


class PaymentRequest(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee or charge of the procedure")
        OBLIGATION = "obligation", _("Financial obligation")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer (VietQR)")
        CASH = "cash", _("Cash at the desk")

    subject = models.CharField(max_length=40, db_index=True)  # "dossier:123"
    subject_label = models.CharField(_("paid for"), max_length=60, blank=True)  # e.g. the dossier code
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_requests"
    )
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("collecting agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("what is paid"), max_length=300)
    amount = models.BigIntegerField(_("amount (VND)"))
    reference = models.CharField(_("payment reference"), max_length=12, unique=True)
    bank_bin = models.CharField(max_length=6)
    bank_name = models.CharField(max_length=100)
    account_number = models.CharField(max_length=19)
    account_name = models.CharField(max_length=150)
    payload = models.CharField(_("VietQR payload"), max_length=400)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    method = models.CharField(_("paid by"), max_length=10, choices=Method.choices, blank=True)
    created_at = models.DateTimeField(_("requested"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, blank=True)
    receipt = models.FileField(_("electronic receipt"), upload_to="receipts/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "created_at"], name="payment_agency_day")]

    def __str__(self) -> str:
        return self.reference


class BankNotice(models.Model):
    """A bank's notice of an incoming transfer, kept whatever it matched: the reconciliation reads them."""

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Matched: the request is paid")
        WRONG_AMOUNT = "wrong_amount", _("Amount differs from the request")
        UNKNOWN = "unknown", _("No request has this reference")
        ALREADY_PAID = "already_paid", _("The request was already paid")

    bank_bin = models.CharField(_("bank BIN"), max_length=6)
    transaction_id = models.CharField(_("bank transaction"), max_length=64)
    amount = models.BigIntegerField(_("amount (VND)"))
    account_number = models.CharField(_("account number"), max_length=19)
    description = models.CharField(_("transfer note"), max_length=300)
    reference = models.CharField(_("payment reference"), max_length=12, blank=True)
    paid_at = models.DateTimeField(_("transferred"))
    received_at = models.DateTimeField(_("notice received"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    request = models.ForeignKey(
        PaymentRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bank notice")
        verbose_name_plural = _("bank notices")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["bank_bin", "transaction_id"], name="one_notice_per_transaction")
        ]

    def __str__(self) -> str:
        return f"{self.bank_bin}:{self.transaction_id}"
