"""Admin for notifications: templates are configuration (edited, previewed, audited); notifications and
deliveries are records (read-only, with a retry for failed deliveries)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tinhso.core.admin import AuditedAdmin, ReadOnlyAdmin
from tinhso.core.models import Delivery, Notification, NotificationTemplate
from tinhso.core.notification_templates import TEXT_FIELDS, template_error, template_preview
from tinhso.core.notifications import delivery_retry

EVENT_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


class NotificationTemplateForm(forms.ModelForm):
    class Meta:
        model = NotificationTemplate
        fields = [
            "event",
            "is_active",
            "title",
            "body",
            "sms_text",
            "zalo_text",
            "sample_context",
            "source",
            "notes",
        ]
        widgets = {"title": forms.TextInput(attrs={"style": "width: 100%; max-width: 48em"})}

    def clean_event(self) -> str:
        event = self.cleaned_data["event"].strip()
        if not EVENT_KEY.match(event):
            raise forms.ValidationError(
                _("Use lower-case words separated by dots, such as account.welcome."), code="event"
            )
        return event

    def clean_sample_context(self) -> dict:
        value = self.cleaned_data.get("sample_context")
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise forms.ValidationError(
                _('Sample data must be a JSON object, such as {"recipient_name": "Nguyễn Văn An"}.'),
                code="sample",
            )
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name in TEXT_FIELDS:
            text = cleaned.get(name)
            if text and (reason := template_error(text)):
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("The template text is not valid: %(reason)s"),
                        code="template",
                        params={"reason": reason},
                    ),
                )
        return cleaned


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(AuditedAdmin):
    form = NotificationTemplateForm
    list_display = ["event", "title", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["event", "title", "body"]
    readonly_fields = ["preview", "updated_at"]
    fieldsets = (
        (None, {"fields": ("event", "is_active")}),
        (_("Texts"), {"fields": ("title", "body", "sms_text", "zalo_text")}),
        (_("Preview"), {"fields": ("sample_context", "preview")}),
        (_("About this template"), {"fields": ("source", "notes", "updated_at")}),
    )

    @admin.display(description=_("Rendered with the sample data"))
    def preview(self, obj: NotificationTemplate | None) -> str:
        if obj is None or obj.pk is None:
            return str(_("Save the template to see a preview."))
        rendered = template_preview(obj)
        if isinstance(rendered, str):
            return format_html('<p class="errornote">{}</p>', rendered)
        rows = [
            (_("Title"), rendered.title),
            (_("Body (inbox and e-mail)"), rendered.body),
            (_("SMS"), rendered.sms),
            (_("Zalo"), rendered.zalo),
        ]
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                '<dt>{}</dt><dd style="white-space: pre-wrap">{}</dd>',
                ((str(k), v) for k, v in rows),
            ),
        )


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "address", "status", "attempts", "last_error", "provider_ref", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "event", "created_at", "read_at"]
    list_filter = ["event"]
    search_fields = ["recipient__username", "recipient__full_name", "title"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "channel", "address", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["address", "notification__title"]
    list_select_related = ["notification"]
    actions = ["retry"]

    @admin.action(description=_("Send the selected failed deliveries again"))
    def retry(self, request, queryset):  # type: ignore[no-untyped-def]
        count = 0
        for delivery in queryset.filter(status=Delivery.Status.FAILED):
            delivery_retry(actor=request.user, delivery=delivery)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
