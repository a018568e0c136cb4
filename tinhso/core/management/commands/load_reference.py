from django.core.management.base import BaseCommand

from tinhso.core.notification_templates import load_notification_templates
from tinhso.core.reference import load_agencies, load_units


class Command(BaseCommand):
    help = "Load administrative units, the configured province's agencies and notification templates (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        units = load_units()
        agencies = load_agencies()
        templates = load_notification_templates()
        self.stdout.write(f"units: {units}; agencies: {agencies}; notification templates: {templates}")
