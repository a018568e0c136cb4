from django.core.management.base import BaseCommand

from tinhso.core.reference import load_agencies, load_calendar_defaults, load_units


class Command(BaseCommand):
    help = "Load administrative units and the configured province's agencies (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        units = load_units()
        agencies = load_agencies()
        calendar = load_calendar_defaults()
        self.stdout.write(f"units: {units}; agencies: {agencies}; office hours: {calendar}")
