"""Demo payments: a (fictitious) collection account for every agency at the simulated bank, and the shared
secret the bank simulator signs its notices with."""

from __future__ import annotations

from tinhso.core.models import Agency
from tinhso.payments.banks import BANKS, DEMO_BANK, bank_secret_ensure
from tinhso.payments.models import CollectionAccount

SOURCE = "Tài khoản thử nghiệm của Tỉnh số (không có thật)"


def load_demo_payments() -> dict[str, int]:
    bank_secret_ensure(DEMO_BANK)
    have = set(CollectionAccount.objects.filter(is_active=True).values_list("agency_id", flat=True))
    made = [
        CollectionAccount(
            agency=agency,
            bank_bin=DEMO_BANK,
            bank_name=BANKS[DEMO_BANK],
            account_number=f"37{agency.pk:010d}",
            account_name=agency.name[:150],
            is_demo=True,
            source=SOURCE,
        )
        for agency in Agency.objects.filter(is_active=True).exclude(pk__in=have)
    ]
    CollectionAccount.objects.bulk_create(made)
    return {"accounts": len(made)}
