from django.core.management.base import BaseCommand

from tinhso.core.notification_templates import load_notification_templates
from tinhso.core.reference import load_agencies, load_calendar_defaults, load_domain_reference, load_units


class Command(BaseCommand):
    help = "Load administrative units, the configured province's agencies and notification templates (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        units = load_units()
        agencies = load_agencies()
        calendar = load_calendar_defaults()
        templates = load_notification_templates()
        domains = load_domain_reference()
        self.stdout.write(
            f"units: {units}; agencies: {agencies}; office hours: {calendar}; notification templates: {templates}; "
            f"domains: {domains}"
        )
