from django.urls import path

from tinhso.portal import (
    views,
    views_accounts,
    views_app,
    views_dossier_pages,
    views_dossiers,
    views_notifications,
    views_procedures,
    views_verify,
    views_vneid,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views_procedures.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views_procedures.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/nop/", views_dossiers.dossier_start, name="dossier_start"),
    path("ho-so/", views_dossier_pages.my_dossiers, name="my_dossiers"),
    path("ho-so/<str:reference>/", views_dossiers.dossier_detail, name="dossier_detail"),
    path(
        "ho-so/<str:reference>/giay-to/<int:component_id>/",
        views_dossiers.dossier_attach,
        name="dossier_attach",
    ),
    path(
        "ho-so/<str:reference>/uy-quyen/", views_dossiers.dossier_authorisation, name="dossier_authorisation"
    ),
    path("ho-so/<str:reference>/tep/<int:file_id>/", views_dossier_pages.dossier_file, name="dossier_file"),
    path(
        "ho-so/<str:reference>/tep/<int:file_id>/xoa/",
        views_dossiers.dossier_file_remove,
        name="dossier_file_remove",
    ),
    path(
        "ho-so/<str:reference>/van-ban/<int:document_id>/",
        views_dossier_pages.dossier_document,
        name="dossier_document",
    ),
    path("ho-so/<str:reference>/xoa-nhap/", views_dossiers.dossier_discard, name="dossier_discard"),
    path("ho-so/<str:reference>/bo-sung/", views_dossiers.dossier_supplement, name="dossier_supplement"),
    path("ho-so/<str:reference>/rut/", views_dossier_pages.dossier_withdraw, name="dossier_withdraw"),
    path("ho-so/<str:reference>/danh-gia/", views_dossier_pages.dossier_rate, name="dossier_rate"),
    path("tra-cuu-ho-so/", views_dossier_pages.dossier_lookup, name="dossier_lookup"),
    path("xac-thuc/", views_verify.verify, name="verify"),
    path("xac-thuc/<str:code>/", views_verify.verify, name="verify_code"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/vneid/", views_vneid.vneid_start, name="vneid-login"),
    path("dang-nhap/vneid/callback/", views_vneid.vneid_callback, name="vneid-callback"),
    path("tai-khoan/vneid/<int:pk>/huy-lien-ket/", views_vneid.vneid_unlink, name="vneid-unlink"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("sau-dang-nhap/", views.after_login, name="after-login"),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/sua/", views_accounts.profile_edit, name="profile-edit"),
    path("tai-khoan/nguoi-duoc-dai-dien/", views_accounts.representations, name="representations"),
    path(
        "tai-khoan/nguoi-duoc-dai-dien/<int:pk>/ket-thuc/",
        views_accounts.representation_end,
        name="representation-end",
    ),
    path("dang-ky/", views_accounts.register, name="register"),
    path("dang-ky/xac-thuc/", views_accounts.register_verify, name="register-verify"),
    path("quen-mat-khau/", views_accounts.password_forgot, name="password-forgot"),
    path("quen-mat-khau/dat-lai/", views_accounts.password_reset, name="password-reset"),
    path(
        "tai-khoan/thong-bao/",
        views_notifications.notification_settings,
        name="notification-settings",
    ),
    path("thong-bao/", views_notifications.inbox, name="inbox"),
    path("thong-bao/doc-tat-ca/", views_notifications.inbox_read_all, name="inbox-read-all"),
    path("thong-bao/<int:notification_id>/", views_notifications.notification_detail, name="notification"),
    path("tai-khoan/nhat-ky/", views.my_audit, name="my-audit"),
    path("co-quan/", views.agencies, name="agencies"),
    path("co-quan/<str:code>/", views.agency_detail, name="agency"),
    path("don-vi-hanh-chinh/", views.units, name="units"),
    path("ngon-ngu/", views.set_language, name="set-language"),
    path("manifest.webmanifest", views_app.manifest, name="manifest"),
    path("sw.js", views_app.service_worker, name="service-worker"),
    path("ngoai-tuyen/", views_app.offline, name="offline"),
]
