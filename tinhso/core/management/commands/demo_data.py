from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.module_loading import import_string

from tinhso.core.demo import DEMO_PROVINCE, load_demo_people
from tinhso.core.models import User
from tinhso.core.notification_templates import load_notification_templates
from tinhso.core.reference import load_agencies, load_calendar_defaults, load_domain_reference, load_units


class Command(BaseCommand):
    help = "Load reference data and the Thái Nguyên demo accounts (idempotent); print the demo logins."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--quiet", action="store_true", help="do not print the demo logins")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        units = load_units()
        agencies = load_agencies()
        load_calendar_defaults()
        load_notification_templates()  # before the accounts: assigning positions sends notifications
        load_domain_reference()
        if settings.TINHSO_PROVINCE_CODE != DEMO_PROVINCE:
            self.stdout.write("Demo accounts exist for Thái Nguyên (19) only; reference data loaded.")
            return
        accounts = load_demo_people()
        for path in settings.TINHSO_DEMO_LOADERS:  # the domains' demo data, after the people
            import_string(path)()
        if options["quiet"]:
            return
        translation.activate(settings.LANGUAGE_CODE)
        self.stdout.write(
            f"Dữ liệu danh mục: {units['provinces']} tỉnh, thành phố; {units['communes']} xã, phường; "
            f"{agencies['agencies']} cơ quan của tỉnh."
        )
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu: {settings.TINHSO_DEMO_PASSWORD}):")
        for account in accounts:
            role = str(account.role.label if account.role else User.Kind.CITIZEN.label)  # type: ignore[attr-defined]
            where = account.title or ""
            self.stdout.write(f"  {account.username:<18} {account.full_name:<20} {role} {where}".rstrip())
        self.stdout.write(f"Mã PIN ký số của lãnh đạo (lanhdao.*): {settings.TINHSO_DEMO_SIGNING_PIN}")
