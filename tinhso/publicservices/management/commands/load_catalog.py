from django.core.management.base import BaseCommand

from tinhso.publicservices.catalog import load_catalog


class Command(BaseCommand):
    help = "Load the procedure catalog from the published data (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"procedures: {load_catalog()}")
