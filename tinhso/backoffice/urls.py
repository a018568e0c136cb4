from django.urls import path

from tinhso.backoffice import (
    views,
    views_dossiers,
    views_index,
    views_intake,
    views_notifications,
    views_payments,
    views_reports,
    views_signing,
    views_sync,
)

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("can-bo/", views.officials, name="officials"),
    path("co-quan/", views.agencies, name="agencies"),
    path("khoa-api/", views.tokens, name="tokens"),
    path("khoa-api/<int:token_id>/thu-hoi/", views.token_revoke, name="token-revoke"),
    path("ho-so/", views_dossiers.worklist, name="worklist"),
    path("ho-so/tiep-nhan/", views_dossiers.worklist, {"kind": "receive"}, name="reception"),
    path("ho-so/tra-ket-qua/", views_dossiers.worklist, {"kind": "return"}, name="results"),
    path("ho-so/phe-duyet/", views_dossiers.worklist, {"kind": "approve"}, name="approvals"),
    path("ky-so/", views_signing.signing, name="signing"),
    path("doi-soat-thanh-toan/", views_payments.reconciliation, name="reconciliation"),
    path("dong-bo-dvcqg/", views_sync.sync_status, name="sync"),
    path("chi-so/", views_index.index, name="index"),
    path("chi-so/ho-so/", views_index.index_dossiers, name="index-dossiers"),
    path("chi-so/excel/", views_index.index_excel, name="index-excel"),
    path("chi-so/bao-cao/", views_index.index_report, name="index-report"),
    path("dong-bo-dvcqg/<int:item_id>/gui-lai/", views_sync.sync_retry, name="sync-retry"),
    path(
        "ho-so/<int:dossier_id>/thanh-toan/<str:reference>/tien-mat/",
        views_payments.collect_cash,
        name="payment-cash",
    ),
    path("chu-ky-so/", views_signing.signature, name="signature"),
    path(
        "ho-so/<int:dossier_id>/ket-qua/xem-truoc/", views_signing.result_preview_view, name="result-preview"
    ),
    path("ho-so/tiep-nhan-truc-tiep/", views_intake.intake, name="intake"),
    path("ho-so/<int:dossier_id>/", views_dossiers.dossier, name="dossier"),
    path("ho-so/<int:dossier_id>/xin-loi/", views_dossiers.dossier_apology, name="dossier-apology"),
    path("ho-so/<int:dossier_id>/dung-xu-ly/", views_dossiers.dossier_stop_view, name="dossier-stop"),
    path(
        "ho-so/<int:dossier_id>/phieu-kiem-soat/",
        views_dossiers.dossier_control_sheet,
        name="dossier-control-sheet",
    ),
    path("ho-so/<int:dossier_id>/xu-ly/<slug:action>/", views_dossiers.dossier_action, name="dossier-action"),
    path("ho-so/<int:dossier_id>/tep/<int:file_id>/", views_dossiers.dossier_file, name="dossier-file"),
    path(
        "ho-so/<int:dossier_id>/van-ban/<int:document_id>/",
        views_dossiers.dossier_document,
        name="dossier-document",
    ),
    path("so-theo-doi-ho-so/", views_reports.register_page, name="register"),
    path("so-theo-doi-ho-so/excel/", views_reports.register_xlsx, name="register-xlsx"),
    path("so-theo-doi-ho-so/ban-in/", views_reports.register_pdf, name="register-pdf"),
    path("thong-ke/", views_reports.statistics_page, name="statistics"),
    path("thong-ke/excel/", views_reports.statistics_xlsx, name="statistics-xlsx"),
    path("thong-ke/ban-in/", views_reports.statistics_pdf, name="statistics-pdf"),
    path("thong-bao/", views_notifications.inbox, name="inbox"),
    path("thong-bao/doc-tat-ca/", views_notifications.inbox_read_all, name="inbox-read-all"),
    path("thong-bao/<int:notification_id>/", views_notifications.notification_detail, name="notification"),
]
